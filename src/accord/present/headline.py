"""The headline `accord run` opens with: one line an analyst can act on, then what it rests on.

The line names the recommended course, the beliefs it is chosen under, its probability of a deal with a 95%
interval, the months to a deal, the deal's terms in a few words and what the levers cost per month. Two or three
sentences follow: what the choice rests on, and where the theories disagree.

The course comes from the scenario's `strategies` (ranked by `accord.analyses.findings`) when it has some; else
from its lever packages as `accord.analyses.leverage` judges them (kept in the bundle as `Results.leverage`);
else the headline says plainly what is missing. No computation here beyond weighing the theories' shares.

The theories are weighed as the record leaves them (the evidence's posterior), else by the hypothesis sets'
prior `belief`, else equally; "no hypotheses" is weighed only when the scenario has no hypothesis sets.
A course's probability is the weighted mean of its per-theory shares, and its interval the normal one
(1.96 standard errors of that mean: each share's binomial variance over its samples, weighted squared).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.console import Group, RenderableType
from rich.text import Text

from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class Headline:
    """The one-line recommendation and the sentences under it (plain text, for any renderer)."""

    line: str
    rests_on: list[str]


def weights(scenario: Scenario, posterior: dict[str, float] | None = None) -> tuple[dict[str, float], str]:
    """Theory -> weight, and how they were set (the record's posterior, the prior beliefs, or equal weights)."""
    sets = scenario.hypothesis_sets
    if not sets:
        return {"none": 1.0}, "with no hypothesis sets to weigh"
    if posterior and sum(posterior.values()) > 0:
        total = sum(posterior.get(hs.id, 0.0) for hs in sets)
        if total > 0:
            w = {hs.id: posterior.get(hs.id, 0.0) / total for hs in sets}
            return w, "weighing the theories as the record leaves them (" + _shares(scenario, w) + ")"
    belief = {hs.id: hs.belief or 0.0 for hs in sets}
    if sum(belief.values()) > 0:
        w = {k: v / sum(belief.values()) for k, v in belief.items()}
        return w, "weighing the theories by the prior beliefs (" + _shares(scenario, w) + ")"
    w = {hs.id: 1.0 / len(sets) for hs in sets}
    return w, "weighing the theories equally (" + _shares(scenario, w) + ")"


def theory_name(scenario: Scenario, theory: str) -> str:
    """A theory in output: its hypothesis set, capitalised (its long name is in the findings), or "no hypotheses"."""
    if theory == "none":
        return "no hypotheses"
    hs = next((h for h in scenario.hypothesis_sets if h.id == theory), None)
    return hs.id.capitalize() if hs is not None else theory  # the short name, as the claims table uses


def _shares(scenario: Scenario, w: dict[str, float]) -> str:
    return ", ".join(f"{theory_name(scenario, t)} {v:.0%}" for t, v in w.items())


def weighted(w: dict[str, float], p: dict[str, float], n: int) -> tuple[float, tuple[float, float]]:
    """The belief-weighted probability and its 95% interval (each share binomial over `n` samples)."""
    mean = float(sum(w[t] * p[t] for t in w))
    var = sum(w[t] ** 2 * p[t] * (1 - p[t]) for t in w) / max(n, 1)
    half = 1.96 * float(np.sqrt(var))
    return mean, (max(0.0, mean - half), min(1.0, mean + half))


def terms(scenario: Scenario, package: dict[str, str] | None) -> str:
    """A package's terms in a few words: a named package's name, else the options that differ from the status
    quo (their names), else 'the status quo'."""
    if package is None:
        return "no agreed terms"
    for p in scenario.packages:
        full = {i.id: dict(p.options).get(i.id, i.status_quo) for i in scenario.issues}
        if all(package.get(k, full[k]) == v for k, v in full.items()):
            return p.name or p.id
    words, kept = [], []
    for issue in scenario.issues:
        o = package.get(issue.id, issue.status_quo)
        opt = next(x for x in issue.options if x.id == o)
        if o != issue.status_quo:
            words.append(opt.name or f"{issue.name or issue.id}: {opt.id}")
        else:
            kept.append((issue, opt))
    if not words:
        return "the status quo"
    # the most salient issues a deal leaves as they are, named too, so that what it keeps (a front line, say)
    # is not hidden behind what it changes
    sal = {
        i.id: float(np.mean([p.preferences.saliences.get(i.id, 0.0) for p in scenario.parties] or [0.0]))
        for i, _ in kept
    }
    top = sorted(kept, key=lambda io: -sal[io[0].id])[:2]
    if top:
        words.append("kept as now: " + ", ".join(f"{i.name or i.id}: {o.name or o.id}" for i, o in top))
    return "; ".join(words)


def lever_cost(scenario: Scenario, levers: str | list[str] | None) -> float:
    """The cost per month of a lever package's own levers (a package id or a list of lever ids)."""
    from accord.model.situation import resolve_levers

    ids = set(resolve_levers(scenario, levers if levers is not None else "none"))
    return float(sum(lv.cost for lv in scenario.levers if lv.id in ids))


def _cost(scenario: Scenario, cost: float) -> str:
    unit = scenario.meta.cost_unit or "cost units"
    return f"levers cost {cost:,.2f} {unit} a month" if cost else "levers cost nothing"


def _month(m: int | None, window: int) -> str:
    if m is None:
        return f"no deal within {window} months"
    return "a deal at once" if m == 0 else f"a deal in month {m}"


def from_findings(f: object, scenario: Scenario) -> Headline:
    """The headline from ranked strategies: the one with the largest belief-weighted share of runs ending in a
    deal (ties: the cheaper per month)."""
    ev = getattr(f, "evidence", None)
    # the posterior decisions rest on: from observations only (the authors' interpreted readings left out)
    posterior = ev.deciding_posterior if ev is not None else None
    w, how = weights(scenario, posterior)
    if ev is not None and getattr(ev, "observed_posterior", None):
        how = how.replace(
            "as the record leaves them", "as the observed record leaves them (interpreted events left out)"
        )
    by_theory = _outcomes(f)
    n = max(int(f.samples), 1)  # type: ignore[attr-defined]
    best = _choose(scenario, by_theory, w, n)
    _, st, mean, ci, cost, p = best
    outcomes = {t: by_theory[t][st.id] for t in w}
    lead = max(w, key=lambda t: (w[t], outcomes[t].deal_month is not None))
    dealt = [t for t in sorted(w, key=lambda t: -w[t]) if outcomes[t].deal_month is not None]
    months = (
        "; ".join(
            f"{_month(outcomes[t].deal_month, scenario.window)} if {theory_name(scenario, t)}'s theory holds" for t in w
        )
        if len(w) > 1
        else _month(outcomes[lead].deal_month, scenario.window)
    )
    deal = outcomes[dealt[0]].proposal if dealt else None
    # the interval is sampling only: the theories' own answers bound what their weights can do to it
    per = (
        " (" + ", ".join(f"{p[t]:.0%} if {theory_name(scenario, t)}'s theory holds" for t in w) + ")"
        if len(w) > 1
        else ""
    )
    line = (
        f"Recommended: {st.name or st.id}, {how}: P(deal) {mean:.0%} (95% interval over the sampled numbers {ci[0]:.0%}-{ci[1]:.0%})"
        f"{per}; this course at the nominal numbers: {months}; terms: {terms(scenario, deal)}; "
        f"{_cost(scenario, cost)}."
    )
    return Headline(line, _rests_on_findings(f, scenario, st.id, w))


def _choose(
    scenario: Scenario, by_theory: dict[str, dict[str, object]], w: dict[str, float], n: int
) -> tuple[tuple[float, float], object, float, tuple[float, float], float, dict[str, float]]:
    """The strategy with the largest weighted share of runs ending in a deal (ties: the cheaper per month)."""
    best = None
    for st in scenario.strategies:
        p = {t: by_theory[t][st.id].p_deal for t in w}  # type: ignore[attr-defined]
        mean, ci = weighted(w, p, n)
        cost = lever_cost(scenario, st.levers)
        key = (-round(mean, 12), cost)
        if best is None or key < best[0]:
            best = (key, st, mean, ci, cost, p)
    assert best is not None
    return best


def _rests_on_findings(f: object, scenario: Scenario, chosen: str, w: dict[str, float]) -> list[str]:
    out = []
    names = {s.id: s.name or s.id for s in scenario.strategies}
    hyp = {h.id: h.statement for h in scenario.hypotheses}
    ths = [th for th in f.theories if th.theory in w]  # type: ignore[attr-defined]
    for th in ths:
        if th.pivots:
            p = th.pivots[0]
            alt = (
                f"{names.get(p.best_without, p.best_without)} ranks first"
                if p.best_without
                else "no strategy ends the war at the nominal numbers"
            )
            out.append(
                f"Under {theory_name(scenario, th.theory)}'s theory it rests on "
                f'"{hyp.get(p.hypothesis, p.hypothesis)}" (without it, {alt}).'
            )
            break
    bests = {th.theory: th.best.strategy if th.best is not None else None for th in ths}
    if len(set(bests.values())) > 1:
        parts = [
            f"{theory_name(scenario, th.theory)}'s ranks {names.get(bests[th.theory] or '', 'no strategy')} first"
            for th in ths
        ]
        out.append("The theories disagree: " + "; ".join(parts) + ".")
    elif len(ths) > 1:
        spread = [o.p_deal for th in ths for o in th.outcomes if o.strategy == chosen]
        out.append(
            f"Every theory ranks it first; its share of runs ending in a deal ranges "
            f"{min(spread):.0%}-{max(spread):.0%} across them."
        )
    carried = _carried_sentence(f, scenario, w)
    if carried:
        out.append(carried)
    ev = getattr(f, "evidence", None)
    if ev is not None:
        out.append(_record_sentence(f, scenario, ev, chosen))
    return out[:4]


def _outcomes(f: object) -> dict[str, dict[str, Any]]:
    """Each theory's outcomes by strategy id, from the findings."""
    return {th.theory: {o.strategy: o for o in th.outcomes} for th in f.theories}  # type: ignore[attr-defined]


BASE_CARRIES = 0.5  # with no hypotheses the deal comes at least this share as often: the base shares the answer


def _carried_sentence(f: object, scenario: Scenario, w: dict[str, float]) -> str | None:
    """Whether each theory's best course owes its deals to the theory's mechanisms or to the scenario's base: its
    share of runs ending in a deal under the theory beside its share with no hypotheses at all (a theory is not
    credited with what the base already gives)."""
    by = _outcomes(f)
    if "none" not in by:
        return None
    parts = []
    for th in f.theories:  # type: ignore[attr-defined]
        if th.theory == "none" or th.theory not in w or th.best is None or th.best.p_deal <= 0:
            continue
        who = theory_name(scenario, th.theory)
        bare = by["none"][th.best.strategy]
        p_t, p_0 = th.best.p_deal, bare.p_deal
        if p_0 >= p_t:
            carrier = "the scenario's base numbers carry it, not the theory"
        elif p_0 >= BASE_CARRIES * p_t:
            carrier = f"the base numbers give {p_0:.0%}, the theory adds {p_t - p_0:.0%}"
        else:
            carrier = "the theory carries it"
        # the share is over sampled numbers; the nominal verdict beside it, so that "without it, no strategy ends
        # the war at the nominal numbers" and a share above zero are not read as contradicting each other
        nominal = "no deal" if bare.deal_month is None else f"a deal in month {bare.deal_month}"
        parts.append(
            f"{who}'s best course deals in {p_0:.0%} of sampled runs with no hypotheses at all ({nominal} at the "
            f"nominal numbers, {p_t:.0%} under {who}'s theory): {carrier}"
        )
    return ("What carries each answer: " + "; ".join(parts) + ".") if parts else None


def _record_sentence(f: object, scenario: Scenario, ev: object, chosen: str) -> str:
    """What the record favours, which events it counts, and, where the authors' own readings of the record would
    change the choice, what they would choose instead (so that a weighting that decides is never hidden)."""
    post = ev.deciding_posterior  # type: ignore[attr-defined]
    fav = max(post, key=lambda t: post[t])
    names = ev.names  # type: ignore[attr-defined]
    if not ev.observed_posterior:  # type: ignore[attr-defined]
        return (
            f"The record ({len(ev.events)} events) favours {names.get(fav, fav)} "  # type: ignore[attr-defined]
            f"({post[fav]:.0%} after {ev.prior[fav]:.0%} before)."
        )  # type: ignore[attr-defined]
    from accord.present.evidence_view import event_text

    seen = [e.event for e in ev.events if e.event.id not in set(ev.interpreted)]  # type: ignore[attr-defined]
    listed = "; ".join(f"{e.date} {event_text(e)}" for e in seen)
    from accord.analyses.evidence import decides, implied_log10_bf

    # as `accord evidence` says it: a Bayes factor "barely worth mentioning" decides nothing
    lbf = [implied_log10_bf(post, ev.prior, fav, t) for t in post if t != fav]  # type: ignore[attr-defined]
    undecided = bool(lbf) and lbf[0] is not None and not decides(lbf[0])
    verdict = "do not decide between the theories" if undecided else f"favour {theory_name(scenario, fav)}"
    text = (
        f"The observations ({len(seen)} of {len(ev.events)} events, the authors' readings left out: "  # type: ignore[attr-defined]
        f"{listed}) {verdict} ({theory_name(scenario, fav)} {post[fav]:.0%} after "
        f"{ev.prior[fav]:.0%} before; {ev.posterior[fav]:.0%} with the readings)."
    )  # type: ignore[attr-defined]
    missed = [  # observations no theory saw coming: a failure of the model, whichever theory holds
        e
        for e in ev.events  # type: ignore[attr-defined]
        if e.event.id not in set(ev.interpreted)  # type: ignore[attr-defined]
        and all((e.predicted[t] if e.event.observed else 1 - e.predicted[t]) < 0.5 for t in post)
    ]
    if missed:
        text += (
            " No theory predicted "
            + "; ".join(
                f"{e.event.date} {event_text(e.event)} ("
                + ", ".join(
                    f"{theory_name(scenario, t)} {e.predicted[t] if e.event.observed else 1 - e.predicted[t]:.0%}"
                    for t in post
                )
                + ")"
                for e in missed
            )
            + "."
        )
    from accord.analyses.evidence import weightiest_observation

    heavy = weightiest_observation(ev, fav)
    if heavy is not None and abs(heavy[1] - post[fav]) >= 0.005:  # an observation that moves the posterior at all
        e, without = heavy
        text += (
            f" The observation that weighs most: {e.event.date} {event_text(e.event)} (without it, "
            f"{theory_name(scenario, fav)} {without:.0%})."
        )
    full = {t: ev.posterior.get(t, 0.0) for t in post}  # type: ignore[attr-defined]
    w_full, _ = weights(scenario, full)
    by_theory = _outcomes(f)
    if all(t in by_theory for t in w_full):
        _, st, mean, _, _, _ = _choose(scenario, by_theory, w_full, max(int(f.samples), 1))  # type: ignore[attr-defined]
        if st.id != chosen:
            text += (
                f" Weighed with the readings ({_shares(scenario, w_full)}), the choice would be "
                f"{st.name or st.id} (P(deal) {mean:.0%}): the choice turns on how the record is read."
            )
    return text


def from_leverage(r: object, scenario: Scenario, posterior: dict[str, float] | None = None) -> Headline:
    """The headline from `accord.analyses.leverage` when the scenario has no strategies: of the scenario's lever
    packages and the best lever package under each theory, the one with the largest belief-weighted P(deal)
    (ties: the cheaper)."""
    w, how = weights(scenario, posterior)
    w = {t: v for t, v in w.items() if t in r.theories}  # type: ignore[attr-defined]
    options: list[tuple[str, dict[str, object]]] = []
    lps = {lp.id: lp for lp in scenario.lever_packages}
    for lp_id, per in r.named.items():  # type: ignore[attr-defined]
        options.append((f"lever package {lps[lp_id].name or lp_id}", per))
    lever_names = {lv.id: lv.name or lv.id for lv in scenario.levers}
    for th in w:
        for e in r.best.get(th, [])[:1]:  # type: ignore[attr-defined]
            if all(x.levers != e.levers for per in r.named.values() for x in per.values()):  # type: ignore[attr-defined]
                per_theory = _rows_for(r, e.levers)
                if per_theory:
                    label = (
                        "the levers " + ", ".join(lever_names.get(x, x) for x in e.levers)
                        if e.levers
                        else "no levers of the mediator's"
                    )
                    options.append((label, per_theory))
    best = None
    for label, per in options:
        if not all(t in per for t in w):
            continue
        p = {t: per[t].p_deal for t in w}  # type: ignore[attr-defined]
        mean, ci = weighted(w, p, r.samples)  # type: ignore[attr-defined]
        cost = next(iter(per.values())).cost  # type: ignore[attr-defined]
        key = (-round(mean, 12), cost)
        if best is None or key < best[0]:
            best = (key, label, per, mean, ci, cost, p)
    if best is None:
        return missing(scenario, "its mediator's lever packages were judged under no theory")
    _, label, per, mean, ci, cost, p = best
    lead = max(w, key=lambda t: w[t])
    row = per[lead]
    cands = getattr(r, "candidate_terms", {}) or {}
    deal = cands.get(row.proposal) if row.proposal else None  # type: ignore[attr-defined]
    month = row.zone_month if row.nash is not None else None  # type: ignore[attr-defined]
    per_txt = (" (" + ", ".join(f"{theory_name(scenario, t)} {p[t]:.3f}" for t in w) + ")") if len(w) > 1 else ""
    when = (
        "a zone of agreement " + ("at once" if month == 0 else f"from month {month}")
        if month is not None
        else "no zone of its own at the nominal numbers"
    )
    line = (
        f"Recommended (from the lever packages; the scenario has no `strategies`): {label}, {how}: "
        f"P(deal) {mean:.3f} (95% interval {ci[0]:.3f}-{ci[1]:.3f}){per_txt}; {when} under "
        f"{theory_name(scenario, lead)}; terms: {terms(scenario, deal) if deal else row.proposal or 'none'}; "  # type: ignore[attr-defined]
        f"{_cost(scenario, cost)}."
    )
    rest = [
        f"P(deal) is the share of {r.samples:,} sampled scenarios in which every decider accepts the "  # type: ignore[attr-defined]
        "proposal within the window, as `accord leverage` reports it; add `strategies` to play courses "
        "month by month."
    ]
    if len(w) > 1:
        tops = {t: r.best[t][0] for t in w if r.best.get(t)}  # type: ignore[attr-defined]
        if len({e.levers for e in tops.values()}) > 1:
            rest.append(
                "The theories disagree on the best levers: "
                + "; ".join(
                    f"{theory_name(scenario, t)}: {', '.join(lever_names.get(x, x) for x in e.levers) or '(none)'} "
                    f"(P {e.p_deal:.3f})"
                    for t, e in tops.items()
                )
                + "."
            )
        else:
            rest.append(
                f"Every theory puts the same levers first; P(deal) ranges {min(p.values()):.3f}-"
                f"{max(p.values()):.3f} across them."
            )
    return Headline(line, rest)


def _rows_for(r: object, levers: tuple[str, ...]) -> dict[str, object]:
    """The per-theory rows for one lever package among the ranked ones (where every theory lists it)."""
    out = {}
    for th, rows in r.best.items():  # type: ignore[attr-defined]
        for e in rows:
            if e.levers == levers:
                out[th] = e
                break
    return out


def missing(scenario: Scenario, why: str) -> Headline:
    """No course to recommend: say what is missing, and where a zone opens if one does."""
    return Headline(
        f"No recommended course: {why}. Add `strategies` (a lever package played under a "
        "procedure), or a `mediator` holding levers with `lever_packages`, to rank courses.",
        [],
    )


def headline(r: object, scenario: Scenario) -> Headline:
    """The headline of a bundle (`accord.analyses.bundle.Results`)."""
    f = r.findings  # type: ignore[attr-defined]
    if scenario.strategies:
        return from_findings(f, scenario)
    lev = getattr(r, "leverage", None)
    if lev is not None:
        posterior = f.evidence.deciding_posterior if f.evidence is not None else None
        return from_leverage(lev, scenario, posterior)
    why = getattr(r, "leverage_error", None) or (
        "the scenario has no `strategies` and no `mediator` holding levers whose lever packages could be judged"
    )
    return missing(scenario, why)


def headline_view(h: Headline) -> RenderableType:
    """The headline as rich text: the line in bold, then the sentences."""
    parts: list[RenderableType] = [Text(h.line, style="bold")]
    if h.rests_on:
        parts.append(Text(" ".join(h.rests_on)))
    return Group(*parts)
