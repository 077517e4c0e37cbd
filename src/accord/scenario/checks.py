"""Whole-scenario checks: unique ids, references that resolve, numbers that add up.

Each check yields `(location, message)`, where location is the key path into the YAML
document; the loader turns it into file:line:column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from accord.scenario.paths import PathError, expand, format_path
from accord.scenario.schema import Actor, Claim, Faction, Preferences, RedLine, Scenario

Loc = tuple[Any, ...]
TOLERANCE = 1e-6
"""How far saliences and faction weights may stray from summing to 1 (rounding only)."""


def check_scenario(s: Scenario) -> list[tuple[Loc, str]]:
    """Every cross-reference and consistency problem in a structurally valid scenario."""
    return list(_all(s))


def _all(s: Scenario) -> Iterator[tuple[Loc, str]]:
    yield from _unique(s)
    issues = {i.id: i for i in s.issues}
    options = {i.id: [o.id for o in i.options] for i in s.issues}
    actor_ids = {a.id for a in s.actors}
    faction_ids = {f.id for a in s.actors for f in a.factions}
    party_ids = actor_ids | faction_ids
    lever_ids = {lv.id for lv in s.levers}
    source_ids = {src.id for src in s.sources}

    for n, issue in enumerate(s.issues):
        if issue.status_quo not in options[issue.id]:
            yield (
                ("issues", n, "status_quo"),
                _not_one_of("option", issue.status_quo, options[issue.id], f"issue {issue.id!r}"),
            )

    if s.mediator is not None and s.mediator not in actor_ids:
        yield ("mediator",), _not_one_of("actor", s.mediator, actor_ids)
    if not any(a.decides for a in s.actors):
        yield ("actors",), "no actor has `decides: true`; a deal needs at least one decider"

    for n, actor in enumerate(s.actors):
        at: Loc = ("actors", n)
        if actor.factions:
            if actor.preferences is not None:
                yield (
                    (*at, "preferences"),
                    (
                        "an actor with factions takes its preferences from them; move "
                        "these preferences into its factions"
                    ),
                )
            if actor.reservation is not None:
                yield (
                    (*at, "reservation"),
                    (
                        "an actor with factions takes its reservation value from them "
                        "(weighted by influence); move it into its factions"
                    ),
                )
            total = sum(f.weight for f in actor.factions)
            if abs(total - 1.0) > TOLERANCE:
                weights = ", ".join(f"{f.id}={f.weight}" for f in actor.factions)
                yield (*at, "factions"), f"faction weights must sum to 1, they sum to {total:g} ({weights})"
            for k, faction in enumerate(actor.factions):
                yield from _party(faction, (*at, "factions", k), issues, options)
        else:
            if actor.decides and actor.preferences is None:
                yield (
                    at,
                    (
                        f"actor {actor.id!r} decides but has no preferences; add `preferences` "
                        "(saliences and values) or set `decides: false`"
                    ),
                )
            if actor.decides and actor.reservation is None:
                yield (
                    at,
                    (
                        f"actor {actor.id!r} decides but has no reservation value; add `reservation` "
                        "(at least `base`) or set `decides: false`"
                    ),
                )
            if actor.preferences is not None and actor.reservation is None:
                yield at, f"actor {actor.id!r} has preferences but no `reservation`; add one"
            yield from _party(actor, at, issues, options)

    for n, con in enumerate(s.constraints):
        yield from _pattern(con.excludes, ("constraints", n, "excludes"), options)

    for n, lever in enumerate(s.levers):
        at = ("levers", n)
        for key in ("by", "on"):
            ref = getattr(lever, key)
            if ref not in actor_ids:
                yield (*at, key), _not_one_of("actor", ref, actor_ids)
        for k, eff in enumerate(lever.effects):
            yield from _effect(eff, (*at, "effects", k), party_ids, faction_ids, options)
        for issue_id, opts in lever.unlocks.items():
            if issue_id not in options:
                yield (*at, "unlocks", issue_id), _not_one_of("issue", issue_id, options)
                continue
            for opt in opts:
                if opt not in options[issue_id]:
                    yield (
                        (*at, "unlocks", issue_id),
                        _not_one_of("option", opt, options[issue_id], f"issue {issue_id!r}"),
                    )
                elif opt == issues[issue_id].status_quo:
                    yield (
                        (*at, "unlocks", issue_id),
                        (
                            f"{opt!r} is the status quo of {issue_id!r} and is "
                            "always on the table; it cannot be unlocked"
                        ),
                    )

    hyp_ids = {h.id for h in s.hypotheses}
    for n, hyp in enumerate(s.hypotheses):
        at = ("hypotheses", n)
        yield from _condition(hyp.when, (*at, "when"), actor_ids, lever_ids)
        for k, eff in enumerate(hyp.effects):
            yield from _effect(eff, (*at, "effects", k), party_ids, faction_ids, options)
        for k, rl in enumerate(hyp.red_lines):
            if rl.holder not in party_ids:
                yield (*at, "red_lines", k, "holder"), _not_one_of("actor or faction", rl.holder, party_ids)
            yield from _pattern(rl.when, (*at, "red_lines", k, "when"), options)

    for n, hs in enumerate(s.hypothesis_sets):
        for ref in hs.hypotheses:
            if ref not in hyp_ids:
                yield ("hypothesis_sets", n, "hypotheses"), _not_one_of("hypothesis", ref, hyp_ids)

    for n, pkg in enumerate(s.packages):
        for issue_id, opt in pkg.options.items():
            at = ("packages", n, "options", issue_id)
            if issue_id not in options:
                yield at, _not_one_of("issue", issue_id, options)
            elif opt not in options[issue_id]:
                yield at, _not_one_of("option", opt, options[issue_id], f"issue {issue_id!r}")

    lp_ids = {lp.id for lp in s.lever_packages}
    lever_by = {lv.id: lv.by for lv in s.levers}
    for n, lp in enumerate(s.lever_packages):
        holder = lp.by or s.mediator
        if lp.by is not None and lp.by not in actor_ids:
            yield ("lever_packages", n, "by"), _not_one_of("actor", lp.by, actor_ids)
        for ref in lp.levers:
            if ref not in lever_ids:
                yield ("lever_packages", n, "levers"), _not_one_of("lever", ref, lever_ids)
            elif holder is not None and lever_by[ref] != holder:
                yield (
                    ("lever_packages", n, "levers"),
                    (
                        f"lever {ref!r} is held by {lever_by[ref]!r}, not by {holder!r}: a lever package holds only its "
                        f"holder's levers; give {lever_by[ref]!r}'s policy as a `responses` entry instead"
                    ),
                )

    for n, resp in enumerate(s.responses):
        at = ("responses", n)
        if resp.by not in actor_ids:
            yield (*at, "by"), _not_one_of("actor", resp.by, actor_ids)
        for ref in resp.levers:
            if ref not in lever_ids:
                yield (*at, "levers"), _not_one_of("lever", ref, lever_ids)
            elif lever_by[ref] != resp.by:
                yield (*at, "levers"), f"lever {ref!r} is held by {lever_by[ref]!r}, not by {resp.by!r}"
        yield from _condition(resp.when, (*at, "when"), actor_ids, lever_ids)
    if s.baseline_levers is not None and s.baseline_levers not in lp_ids:
        yield ("baseline_levers",), _not_one_of("lever package", s.baseline_levers, lp_ids)

    package_ids = {p.id for p in s.packages}
    decider_ids = {a.id for a in s.actors if a.decides}
    for n, st in enumerate(s.strategies):
        at = ("strategies", n)
        refs = [st.levers] if isinstance(st.levers, str) else st.levers
        if isinstance(st.levers, str):
            if st.levers not in lp_ids and st.levers not in lever_ids:
                yield (*at, "levers"), _not_one_of("lever package", st.levers, lp_ids | lever_ids)
        else:
            for ref in refs:
                if ref not in lever_ids:
                    yield (*at, "levers"), _not_one_of("lever", ref, lever_ids)
        proc = st.procedure
        for ref in proc.order:
            if ref not in decider_ids:
                yield (*at, "procedure", "order"), _not_one_of("decider", ref, decider_ids)
        for key in ("ultimatum", "on_refusal_off"):
            for ref in getattr(proc, key):
                if ref not in lever_ids:
                    yield (*at, "procedure", key), _not_one_of("lever", ref, lever_ids)
        if proc.proposal is not None and proc.proposal not in package_ids:
            yield (*at, "procedure", "proposal"), _not_one_of("package", proc.proposal, package_ids)
        if proc.kind in ("sequential", "alternating") and not proc.order:
            yield (*at, "procedure"), f"a {proc.kind} procedure needs `order` (the deciders, first asked first)"
        for k, step in enumerate(st.schedule):
            for key in ("levers_on", "levers_off"):
                for ref in getattr(step, key):
                    if ref not in lever_ids:
                        yield (*at, "schedule", k, key), _not_one_of("lever", ref, lever_ids)

    yield from _claims(s, s.claims, ("claims",), party_ids, lever_ids, lp_ids, package_ids, options)
    if s.evidence is not None:
        yield from _levers_ref(s.evidence.levers, ("evidence", "levers"), lever_ids, lp_ids)
        key = s.evidence.key
        yield from _claims(
            s, s.evidence.observations, ("evidence", key), party_ids, lever_ids, lp_ids, package_ids, options
        )
        for n, e in enumerate(s.evidence.observations):
            if e.date < s.evidence.start:
                yield (
                    ("evidence", key, n, "date"),
                    (f"{e.date} is before the record's start ({s.evidence.start}); move `start` or the observation"),
                )

    yield from _outcomes(s, lever_ids, lp_ids, package_ids)
    yield from _version2(s, actor_ids, options, package_ids, lp_ids)
    yield from _events(s, party_ids, faction_ids, options)

    data = s.model_dump()
    for n, unc in enumerate(s.uncertainties):
        try:
            expand(s, unc, data)
        except PathError as exc:
            yield ("uncertainties", n, "path"), str(exc)
        if unc.source is not None and unc.source not in source_ids:
            yield ("uncertainties", n, "source"), _not_one_of("source", unc.source, source_ids)

    yield from _sources(s.model_dump(exclude={"evidence": {"events"}}), source_ids)  # items once


def _outcomes(s: Scenario, lever_ids: set[str], lp_ids: set[str], package_ids: set[str]) -> Iterator[tuple[Loc, str]]:
    """Outcomes name packages, strategies, lever packages and deciders that exist, and come on or after the
    as-of date (and the record's start): a verdict dated before it is not a forecast."""
    strategy_ids = {st.id for st in s.strategies}
    decider_ids = {a.id for a in s.actors if a.decides}
    as_of = s.as_of
    for n, o in enumerate(s.outcomes):
        at: Loc = ("outcomes", n)
        if o.package is not None and o.package not in package_ids:
            yield (*at, "package"), _not_one_of("package", o.package, package_ids)
        if o.strategy is not None and o.strategy not in strategy_ids:
            yield (*at, "strategy"), _not_one_of("strategy", o.strategy, strategy_ids)
        yield from _levers_ref(o.levers, (*at, "levers"), lever_ids, lp_ids)
        for ref in o.refused_by or []:
            if ref not in decider_ids:
                yield (*at, "refused_by"), _not_one_of("decider", ref, decider_ids)
        if as_of is not None and o.date < as_of:
            yield (
                (*at, "date"),
                (
                    f"{o.date} is before the scenario's as-of date ({as_of}, `meta.as_of` or "
                    "`meta.date`); an outcome must come after what the case knew: move the date or "
                    "`meta.as_of`"
                ),
            )
        elif s.evidence is not None and o.date < s.evidence.start:
            yield (
                (*at, "date"),
                (f"{o.date} is before the record's start ({s.evidence.start}); move `start` or the outcome"),
            )


def _version2(
    s: Scenario, actor_ids: set[str], options: dict[str, list[str]], package_ids: set[str], lp_ids: set[str]
) -> Iterator[tuple[Loc, str]]:
    """Issue 23's keys (offer sets, whose levers a condition reads, tied carrots, soft red lines): allowed in
    version 2 only, with references that resolve and numbers that keep utilities in [0, 1]."""
    v2 = s.accord >= 2
    need = "set `accord: 2` at the top of the file to use {}" + " (`accord migrate FILE` rewrites a version-1 file)"
    if s.offers and not v2:
        yield ("offers",), need.format("offer sets")
    strategy_ids = {st.id for st in s.strategies}
    for n, off in enumerate(s.offers):
        at: Loc = ("offers", n)
        if off.by is not None and off.by not in actor_ids:
            yield (*at, "by"), _not_one_of("actor", off.by, actor_ids)
        if off.by is None and s.mediator is None:
            yield (*at, "by"), "the scenario has no `mediator`; name the offer set's holder with `by`"
        if off.levers is not None and off.levers not in lp_ids | strategy_ids:
            yield (*at, "levers"), _not_one_of("lever package or strategy", off.levers, lp_ids | strategy_ids)
        yield from _pattern(off.options, (*at, "options"), options)  # type: ignore[arg-type]
        for ref in off.packages:
            if ref not in package_ids:
                yield (*at, "packages"), _not_one_of("package", ref, package_ids)
    conds = [(("hypotheses", n, "when"), h.when) for n, h in enumerate(s.hypotheses)]
    conds += [(("responses", n, "when"), r.when) for n, r in enumerate(s.responses)]
    conds += [
        ((*loc[:-1], "soft", "gives_way_when"), rl.soft.gives_way_when)
        for loc, rl in _red_lines(s)
        if rl.soft is not None and rl.soft.gives_way_when is not None
    ]
    for at, cond in conds:
        if cond.by is None:
            continue
        if not v2:
            yield (*at, "by"), need.format("`by` in a condition")
        elif cond.by not in actor_ids | {"mediator", "anyone"}:
            yield (*at, "by"), _not_one_of("actor (or mediator, anyone)", cond.by, actor_ids)
        elif cond.by == "mediator" and s.mediator is None:
            yield (*at, "by"), "`by: mediator` needs the scenario's `mediator`; name an actor or `anyone`"
    for n, lever in enumerate(s.levers):
        if not lever.tied:
            continue
        at = ("levers", n, "for")
        if not v2:
            yield at, need.format("carrots tied to terms (`for`)")
        if lever.kind != "carrot":
            yield at, f"only a carrot's deal value is tied to terms; lever {lever.id!r} is a {lever.kind}"
        yield from _pattern(lever.tied, at, options)  # type: ignore[arg-type]
        if len(lever.tied) > 1:
            yield (
                at,
                (
                    "a tied carrot names options of one issue (the zone count folds it into that issue); "
                    "split it into one carrot per issue"
                ),
            )
        for k, eff in enumerate(lever.effects):
            if eff.target == "deal_value" and (eff.per_month or not 0.0 <= eff.delta <= 1.0):
                yield (
                    ("levers", n, "effects", k),
                    (
                        "a tied carrot's deal value is the share of the party's utility "
                        "it is worth: a once-off delta in [0, 1]"
                    ),
                )
    for loc, rl in _red_lines(s):
        if rl.soft is None:
            continue
        at = (*loc[:-1], "soft")
        if not v2:
            yield at, need.format("soft red lines")
        if rl.soft.gives_way_when is not None:
            yield from _condition(
                rl.soft.gives_way_when, (*at, "gives_way_when"), actor_ids, {lv.id for lv in s.levers}
            )
        if v2 and len(rl.when) > 1:
            yield (
                at,
                (
                    "a soft red line names options of one issue (its price is folded into that issue); give "
                    "one soft red line per issue, or make it hard"
                ),
            )


def _events(
    s: Scenario, party_ids: set[str], faction_ids: set[str], options: dict[str, list[str]]
) -> Iterator[tuple[Loc, str]]:
    """Issue 24's keys (dated events, conditions on events and time, roles of claims, interpreted observations):
    version 2 only; events' references resolve, a dated event has a date to count from, none comes after the
    case's `meta.as_of`; conditions name events that exist."""
    v2 = s.accord >= 2
    need = "set `accord: 2` at the top of the file to use {}" + " (`accord migrate FILE` rewrites a version-1 file)"
    event_ids = {e.id for e in s.events}
    response_ids = {r.id for r in s.responses}
    if s.events and not v2:
        yield ("events",), need.format("dated events")
    start = s.evidence.start if s.evidence is not None else s.meta.date
    for n, ev in enumerate(s.events):
        at: Loc = ("events", n)
        if ev.date is not None:
            if start is None:
                yield (
                    (*at, "date"),
                    (
                        f"event {ev.id!r} is dated but the scenario has neither `evidence.start` nor "
                        "`meta.date` to count months from; add `meta.date` (YYYY-MM-DD) or give the "
                        "event a `month:` instead of its date"
                    ),
                )
            elif s.evidence is None:
                try:
                    date.fromisoformat(start)
                except ValueError:
                    yield (
                        (*at, "date"),
                        (
                            f"event {ev.id!r} is dated but `meta.date` ({start!r}) is not a date of "
                            "the form YYYY-MM-DD to count months from; fix `meta.date` or give the "
                            "event a `month:`"
                        ),
                    )
            if s.meta.as_of is not None and ev.date > s.meta.as_of and not ev.scheduled:
                yield (
                    (*at, "date"),
                    (
                        f"{ev.date} is after the case's as-of date ({s.meta.as_of}): an event not yet "
                        "known when the case was encoded cannot inform it; drop the event, move "
                        "`meta.as_of`, or mark it `scheduled: true` if its date was public by then"
                    ),
                )
        for k, eff in enumerate(ev.effects):
            yield from _effect(eff, (*at, "effects", k), party_ids, faction_ids, options)
            if eff.per_month:
                yield (
                    (*at, "effects", k, "per_month"),
                    (
                        "an event's effect is once-off (it holds from the event's "
                        "month on); drop `per_month` or make it a hypothesis "
                        "with `after_event`"
                    ),
                )
        for issue_id, opt in ev.status_quo.items():
            if issue_id not in options:
                yield (*at, "status_quo", issue_id), _not_one_of("issue", issue_id, options)
            elif opt not in options[issue_id]:
                yield (
                    (*at, "status_quo", issue_id),
                    _not_one_of("option", opt, options[issue_id], f"issue {issue_id!r}"),
                )
        for key in ("responses_on", "responses_off"):
            for ref in getattr(ev, key):
                if ref not in response_ids:
                    yield (*at, key), _not_one_of("response", ref, response_ids or {"(none: add `responses`)"})
    conds = [(("hypotheses", n, "when"), h.when) for n, h in enumerate(s.hypotheses)]
    conds += [(("responses", n, "when"), r.when) for n, r in enumerate(s.responses)]
    conds += [
        ((*loc[:-1], "soft", "gives_way_when"), rl.soft.gives_way_when)
        for loc, rl in _red_lines(s)
        if rl.soft is not None and rl.soft.gives_way_when is not None
    ]
    for at, cond in conds:
        for key in ("after_event", "before_event"):
            ref = getattr(cond, key)
            if ref is None:
                continue
            if not v2:
                yield (*at, key), need.format(f"`{key}` in a condition")
            elif ref not in event_ids:
                yield (*at, key), _not_one_of("event", ref, event_ids or {"(none: add `events`)"})
        for key in ("from_month", "until_month"):
            if getattr(cond, key) is not None and not v2:
                yield (*at, key), need.format(f"`{key}` in a condition")
    for n, h in enumerate(s.hypotheses):
        for k, eff in enumerate(h.effects):
            if eff.per_month and eff.target == "faction_weight" and not v2:
                yield ("hypotheses", n, "effects", k, "per_month"), need.format("per-month faction weights")
    for n, lv in enumerate(s.levers):
        for k, eff in enumerate(lv.effects):
            if eff.per_month and eff.target == "faction_weight" and not v2:
                yield ("levers", n, "effects", k, "per_month"), need.format("per-month faction weights")
    for n, c in enumerate(s.claims):
        if c.role is not None and not v2:
            yield ("claims", n, "role"), need.format("claim roles")
        elif c.role is None and v2:
            yield (
                ("claims", n),
                (
                    "a version-2 claim says what it is: add `role: conclusion` (it must emerge from the "
                    "mechanisms) or `role: assumption` (it restates a hypothesis, red line or response)"
                ),
            )
    if s.evidence is not None:
        for n, o in enumerate(s.evidence.observations):
            if o.interpreted and not v2:
                yield ("evidence", s.evidence.key, n, "interpreted"), need.format("`interpreted` observations")


def _condition(cond: Any, at: Loc, actor_ids: set[str], lever_ids: set[str]) -> Iterator[tuple[Loc, str]]:
    for key in ("any_stick_on", "no_stick_on", "any_carrot_to", "no_carrot_to"):
        ref = getattr(cond, key)
        if ref is not None and ref not in actor_ids:
            yield (*at, key), _not_one_of("actor", ref, actor_ids)
    for key in ("levers_pulled", "levers_not_pulled"):
        for ref in getattr(cond, key):
            if ref not in lever_ids:
                yield (*at, key), _not_one_of("lever", ref, lever_ids)


def _levers_ref(ref: Any, at: Loc, lever_ids: set[str], lp_ids: set[str]) -> Iterator[tuple[Loc, str]]:
    """A lever package id, a lever id, `none`, or a list of lever ids."""
    if ref is None or ref == "none":
        return
    if isinstance(ref, str):
        if ref not in lp_ids and ref not in lever_ids:
            yield at, _not_one_of("lever package", ref, lp_ids | lever_ids | {"none"})
        return
    for x in ref:
        if x not in lever_ids:
            yield at, _not_one_of("lever", x, lever_ids)


def _claims(
    s: Scenario,
    items: Sequence[Claim],
    where: Loc,
    party_ids: set[str],
    lever_ids: set[str],
    lp_ids: set[str],
    package_ids: set[str],
    options: dict[str, list[str]],
) -> Iterator[tuple[Loc, str]]:
    set_ids = {hs.id for hs in s.hypothesis_sets}
    strategy_ids = {st.id for st in s.strategies}
    faction_ids = {f.id for a in s.actors for f in a.factions}
    for n, c in enumerate(items):
        at: Loc = (*where, n)
        for th in [c.theory] if isinstance(c.theory, str) else c.theory:
            if th not in set_ids | {"all", "none"}:
                yield (*at, "theory"), _not_one_of("hypothesis set", th, set_ids | {"all", "none"})
        yield from _levers_ref(c.levers, (*at, "levers"), lever_ids, lp_ids)
        yield from _levers_ref(c.compared_to, (*at, "compared_to"), lever_ids, lp_ids)
        if c.actor is not None and c.actor not in party_ids:
            yield (*at, "actor"), _not_one_of("actor or faction", c.actor, party_ids)
        if c.kind == "shift" and c.quantity == "weight" and c.actor in party_ids and c.actor not in faction_ids:
            yield (*at, "actor"), f"a weight claim names a faction; {c.actor!r} is not one"
        if c.package is not None and c.package not in package_ids:
            yield (*at, "package"), _not_one_of("package", c.package, package_ids)
        yield from _pattern(c.options, (*at, "options"), options)
        for key in ("strategy", "than"):
            ref = getattr(c, key)
            if ref is not None and ref not in strategy_ids:
                yield (*at, key), _not_one_of("strategy", ref, strategy_ids)
        if c.issue is not None:
            if c.issue not in options:
                yield (*at, "issue"), _not_one_of("issue", c.issue, options)
            else:
                for key in ("better", "worse"):
                    ref = getattr(c, key)
                    if ref is not None and ref not in options[c.issue]:
                        yield (*at, key), _not_one_of("option", ref, options[c.issue], f"issue {c.issue!r}")
        if c.lever is not None and c.lever not in lever_ids:
            yield (*at, "lever"), _not_one_of("lever", c.lever, lever_ids)


def _unique(s: Scenario) -> Iterator[tuple[Loc, str]]:
    groups: list[tuple[str, list[tuple[Loc, str]]]] = [
        (
            "actor or faction",
            [(("actors", n, "id"), a.id) for n, a in enumerate(s.actors)]
            + [
                (("actors", n, "factions", k, "id"), f.id)
                for n, a in enumerate(s.actors)
                for k, f in enumerate(a.factions)
            ],
        ),
        ("issue", [(("issues", n, "id"), i.id) for n, i in enumerate(s.issues)]),
        ("red line", [(loc, rl.id) for loc, rl in _red_lines(s)]),
        ("lever", [(("levers", n, "id"), x.id) for n, x in enumerate(s.levers)]),
        ("hypothesis", [(("hypotheses", n, "id"), x.id) for n, x in enumerate(s.hypotheses)]),
        ("hypothesis set", [(("hypothesis_sets", n, "id"), x.id) for n, x in enumerate(s.hypothesis_sets)]),
        ("package", [(("packages", n, "id"), x.id) for n, x in enumerate(s.packages)]),
        ("lever package", [(("lever_packages", n, "id"), x.id) for n, x in enumerate(s.lever_packages)]),
        ("strategy", [(("strategies", n, "id"), x.id) for n, x in enumerate(s.strategies)]),
        ("source", [(("sources", n, "id"), x.id) for n, x in enumerate(s.sources)]),
        ("constraint", [(("constraints", n, "id"), x.id) for n, x in enumerate(s.constraints)]),
        ("response", [(("responses", n, "id"), x.id) for n, x in enumerate(s.responses)]),
        ("claim", [(("claims", n, "id"), x.id) for n, x in enumerate(s.claims)]),
        (
            "observation",
            [(("evidence", s.evidence.key, n, "id"), x.id) for n, x in enumerate(s.evidence.observations)]
            if s.evidence
            else [],
        ),
        ("event", [(("events", n, "id"), x.id) for n, x in enumerate(s.events)]),
        ("outcome", [(("outcomes", n, "id"), x.id) for n, x in enumerate(s.outcomes)]),
    ]
    for n, issue in enumerate(s.issues):
        groups.append(
            (
                f"option of issue {issue.id!r}",
                [(("issues", n, "options", k, "id"), o.id) for k, o in enumerate(issue.options)],
            )
        )
    for what, items in groups:
        seen: dict[str, Loc] = {}
        for loc, ident in items:
            if ident in seen:
                yield loc, f"duplicate {what} id {ident!r} (first defined at {_fmt(seen[ident])}); ids must be unique"
            else:
                seen[ident] = loc


def _red_lines(s: Scenario) -> Iterator[tuple[Loc, RedLine]]:
    for n, a in enumerate(s.actors):
        for k, rl in enumerate(a.red_lines):
            yield ("actors", n, "red_lines", k, "id"), rl
        for j, f in enumerate(a.factions):
            for k, rl in enumerate(f.red_lines):
                yield ("actors", n, "factions", j, "red_lines", k, "id"), rl
    for n, h in enumerate(s.hypotheses):
        for k, rl in enumerate(h.red_lines):
            yield ("hypotheses", n, "red_lines", k, "id"), rl


def _party(
    p: Actor | Faction, at: Loc, issues: dict[str, Any], options: dict[str, list[str]]
) -> Iterator[tuple[Loc, str]]:
    if p.preferences is not None:
        yield from _preferences(p.preferences, (*at, "preferences"), options)
    for k, rl in enumerate(p.red_lines):
        yield from _pattern(rl.when, (*at, "red_lines", k, "when"), options)


def _preferences(pref: Preferences, at: Loc, options: dict[str, list[str]]) -> Iterator[tuple[Loc, str]]:
    for issue_id in pref.saliences:
        if issue_id not in options:
            yield (*at, "saliences", issue_id), _not_one_of("issue", issue_id, options)
    total = sum(pref.saliences.values())
    if abs(total - 1.0) > TOLERANCE:
        yield (
            (*at, "saliences"),
            (
                f"saliences must sum to 1, they sum to {total:g}; Accord does not "
                "rescale them silently: divide each by the sum"
            ),
        )
    for issue_id, vals in pref.values.items():
        if issue_id not in options:
            yield (*at, "values", issue_id), _not_one_of("issue", issue_id, options)
            continue
        for opt in vals:
            if opt not in options[issue_id]:
                yield (
                    (*at, "values", issue_id, opt),
                    _not_one_of("option", opt, options[issue_id], f"issue {issue_id!r}"),
                )
    for issue_id, sal in pref.saliences.items():
        if sal > 0 and issue_id in options:
            missing = [o for o in options[issue_id] if o not in pref.values.get(issue_id, {})]
            if missing:
                yield (
                    (*at, "values", issue_id) if issue_id in pref.values else (*at, "values"),
                    (
                        f"issue {issue_id!r} has salience {sal:g} but no value for option(s) {', '.join(missing)}; "
                        "give a value in [0, 1] for every option of an issue that matters"
                    ),
                )


def _pattern(when: dict[str, str | list[str]], at: Loc, options: dict[str, list[str]]) -> Iterator[tuple[Loc, str]]:
    for issue_id, ref in when.items():
        if issue_id not in options:
            yield (*at, issue_id), _not_one_of("issue", issue_id, options)
            continue
        if not isinstance(ref, str) and not ref:
            yield (
                (*at, issue_id),
                (
                    f"lists no option of issue {issue_id!r}, so it never applies; name the options "
                    f"it covers ({', '.join(options[issue_id])}) or leave the issue out"
                ),
            )
            continue
        for opt in [ref] if isinstance(ref, str) else ref:
            if opt not in options[issue_id]:
                yield (*at, issue_id), _not_one_of("option", opt, options[issue_id], f"issue {issue_id!r}")


def _effect(
    eff: Any, at: Loc, party_ids: set[str], faction_ids: set[str], options: dict[str, list[str]]
) -> Iterator[tuple[Loc, str]]:
    if eff.on not in party_ids:
        yield (*at, "on"), _not_one_of("actor or faction", eff.on, party_ids)
    elif eff.target == "faction_weight" and eff.on not in faction_ids:
        yield (*at, "on"), f"a faction_weight effect must name a faction; {eff.on!r} is an actor"
    if eff.target == "option_value":
        if eff.issue not in options:
            yield (*at, "issue"), _not_one_of("issue", eff.issue, options)
        elif eff.option not in options[eff.issue]:
            yield (*at, "option"), _not_one_of("option", eff.option, options[eff.issue], f"issue {eff.issue!r}")


def _sources(data: Any, source_ids: set[str], at: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        ref = data.get("source")
        if isinstance(ref, str) and "quote" in data and ref not in source_ids and at and at[0] != "uncertainties":
            yield (*at, "source"), _not_one_of("source", ref, source_ids)
        if data.get("quote") and not ref:
            yield (*at, "quote"), "a quote needs a `source` naming the text it comes from"
        for k, v in data.items():
            yield from _sources(v, source_ids, (*at, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _sources(v, source_ids, (*at, i))


def _not_one_of(what: str, found: str | None, allowed: Any, where: str = "") -> str:
    names = sorted(allowed)
    shown = ", ".join(names[:12]) + (f", ... ({len(names)} in all)" if len(names) > 12 else "")
    place = f" in {where}" if where else ""
    return f"unknown {what} {found!r}{place}; expected one of: {shown}"


def _fmt(loc: Loc) -> str:
    return format_path(loc)
