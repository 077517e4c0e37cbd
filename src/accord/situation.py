"""The situation a lever package creates: the scenario compiled to arrays, with levers and hypotheses applied.

Every analysis starts here. `situate` reads the scenario once, applies the pulled levers'
effects and then those of each active hypothesis whose condition holds, and returns
plain NumPy arrays that the evaluation and bargaining code work on:

- party utility contributions `contrib[p, i, o] = salience[p, i] * value[p, i, o]`;
- per-party deal value (added to every package) and reservation value;
- faction weights after shifts, and the actor matrix that aggregates parties into actors;
- the options on the table (some are unlocked only by a lever) and compiled red lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accord.errors import SelectionError
from accord.scenario.schema import Actor, Effect, Faction, Hypothesis, Lever, Scenario


@dataclass(frozen=True)
class Pattern:
    """A conjunction of option sets: matches a package when every listed issue takes a listed option."""

    id: str
    mask: np.ndarray  # (n_issues, max_options) bool; unlisted issues all True
    issues: tuple[int, ...]  # the issues the pattern constrains


@dataclass(frozen=True)
class CompiledRedLine:
    """A red line with its holder, the actor it binds, and whether it binds under these levers."""

    pattern: Pattern
    holder: str
    actor: str
    binding: bool
    source: str | None
    quote: str | None


@dataclass(frozen=True)
class Situation:
    """A scenario under one lever package, one set of hypotheses and one month offset."""

    scenario: Scenario
    levers: tuple[str, ...]
    hypotheses: tuple[str, ...]
    applied_hypotheses: tuple[str, ...]
    months: float
    option_counts: np.ndarray  # (n,)
    party_ids: tuple[str, ...]
    contrib: np.ndarray  # (P, n, K)
    deal_value: np.ndarray  # (P,)
    reservation: np.ndarray  # (P,)
    weights: dict[str, float]
    actor_ids: tuple[str, ...]  # actors that hold preferences (directly or through factions)
    actor_matrix: np.ndarray  # (A, P): actor utility = actor_matrix @ (party utility)
    decides: np.ndarray  # (A,) bool
    available: np.ndarray  # (n, K) bool: options on the table
    red_lines: tuple[CompiledRedLine, ...]
    constraints: tuple[Pattern, ...]
    cost: float
    notes: tuple[str, ...] = field(default=())

    @property
    def actor_reservation(self) -> np.ndarray:
        """Each actor's reservation value: its factions' values weighted by influence."""
        return self.actor_matrix @ self.reservation

    @property
    def decider_ids(self) -> tuple[str, ...]:
        """Actors whose acceptance a deal needs."""
        return tuple(a for a, d in zip(self.actor_ids, self.decides, strict=True) if d)

    def actor_tables(self) -> np.ndarray:
        """(A, n, K) utility contributions per actor, deal value folded into the first issue."""
        tables = np.einsum("ap,pik->aik", self.actor_matrix, self.contrib)
        tables[:, 0, :] += (self.actor_matrix @ self.deal_value)[:, None]
        return tables


def resolve_levers(scenario: Scenario, spec: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Lever ids from a lever package name, a comma list of lever ids, `none`, or None (the baseline)."""
    if spec is None:
        if scenario.baseline_levers is None:
            return ()
        return tuple(next(lp for lp in scenario.lever_packages if lp.id == scenario.baseline_levers).levers)
    items = [x.strip() for x in (spec.split(",") if isinstance(spec, str) else spec) if x.strip()]
    if items in (["none"], []):
        return ()
    packages = {lp.id: lp for lp in scenario.lever_packages}
    if len(items) == 1 and items[0] in packages:
        return tuple(packages[items[0]].levers)
    known = {lv.id for lv in scenario.levers}
    bad = [x for x in items if x not in known]
    if bad:
        raise SelectionError(f"unknown lever or lever package {', '.join(map(repr, bad))}; lever packages: "
                             f"{', '.join(sorted(packages)) or '(none)'}; levers: {', '.join(sorted(known))}")
    return tuple(dict.fromkeys(items))


def resolve_hypotheses(scenario: Scenario, spec: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Hypothesis ids from ids or hypothesis-set names (`all`, `none` also accepted)."""
    if spec is None:
        return ()
    items = [x.strip() for raw in ([spec] if isinstance(spec, str) else spec) for x in raw.split(",") if x.strip()]
    sets = {hs.id: hs.hypotheses for hs in scenario.hypothesis_sets}
    known = [h.id for h in scenario.hypotheses]
    out: list[str] = []
    for x in items:
        if x == "none":
            continue
        if x == "all":
            out.extend(known)
        elif x in sets:
            out.extend(sets[x])
        elif x in known:
            out.append(x)
        else:
            raise SelectionError(f"unknown hypothesis or hypothesis set {x!r}; sets: "
                                 f"{', '.join(sorted(sets)) or '(none)'}; hypotheses: {', '.join(known)}")
    return tuple(dict.fromkeys(out))


def condition_holds(scenario: Scenario, hyp: Hypothesis, pulled: tuple[str, ...]) -> bool:
    """Whether a hypothesis's `when` holds for a pulled lever package."""
    levers = [lv for lv in scenario.levers if lv.id in pulled]
    cond = hyp.when

    def pulled_kind(kind: str, target: str) -> bool:
        return any(lv.kind == kind and lv.on == target for lv in levers)

    checks = [
        cond.any_stick_on is None or pulled_kind("stick", cond.any_stick_on),
        cond.no_stick_on is None or not pulled_kind("stick", cond.no_stick_on),
        cond.any_carrot_to is None or pulled_kind("carrot", cond.any_carrot_to),
        cond.no_carrot_to is None or not pulled_kind("carrot", cond.no_carrot_to),
        all(x in pulled for x in cond.levers_pulled),
        not any(x in pulled for x in cond.levers_not_pulled),
    ]
    return all(checks)


def situate(scenario: Scenario, levers: str | list[str] | tuple[str, ...] | None = None,
            hypotheses: str | list[str] | tuple[str, ...] | None = None, months: float = 0.0) -> Situation:
    """Compile a scenario under a lever package and hypotheses (names or ids) at `months` from now."""
    pulled = resolve_levers(scenario, levers)
    hyp_ids = resolve_hypotheses(scenario, hypotheses)
    issues = scenario.issues
    n = len(issues)
    counts = np.array([len(i.options) for i in issues], dtype=np.int64)
    kmax = int(counts.max())
    opt_index = [{o.id: k for k, o in enumerate(i.options)} for i in issues]
    issue_index = {i.id: k for k, i in enumerate(issues)}

    parties: list[Actor | Faction] = scenario.parties
    party_ids = tuple(p.id for p in parties)
    pidx = {pid: k for k, pid in enumerate(party_ids)}
    P = len(parties)
    sal = np.zeros((P, n))
    val = np.zeros((P, n, kmax))
    base = np.zeros(P)
    drift = np.zeros(P)
    mcost = np.zeros(P)
    horizon = np.zeros(P)
    for k, party in enumerate(parties):
        pref, res = party.preferences, party.reservation
        assert pref is not None and res is not None  # guaranteed by checks
        for issue_id, s in pref.saliences.items():
            sal[k, issue_index[issue_id]] = s
        for issue_id, vals in pref.values.items():
            for opt, v in vals.items():
                val[k, issue_index[issue_id], opt_index[issue_index[issue_id]][opt]] = v
        base[k], drift[k], mcost[k], horizon[k] = res.base, res.drift, res.monthly_cost, res.horizon

    weights = {f.id: f.weight for a in scenario.actors for f in a.factions}
    faction_of = {f.id: a.id for a in scenario.actors for f in a.factions}
    factions_by_actor = {a.id: [f.id for f in a.factions] for a in scenario.actors}
    deal = np.zeros(P)
    d_res = np.zeros(P)
    d_drift = np.zeros(P)
    d_cost = np.zeros(P)

    def targets(on: str) -> list[int]:
        return [pidx[f] for f in factions_by_actor[on]] if factions_by_actor.get(on) else (
            [pidx[on]] if on in pidx else [])

    def apply(eff: Effect) -> None:
        if eff.target == "faction_weight":
            _shift_weight(weights, eff.on, eff.delta, factions_by_actor[faction_of[eff.on]])
            return
        for k in targets(eff.on):
            if eff.target == "reservation":
                d_res[k] += eff.delta
            elif eff.target == "drift":
                d_drift[k] += eff.delta
            elif eff.target == "monthly_cost":
                d_cost[k] += eff.delta
            elif eff.target == "deal_value":
                deal[k] += eff.delta
            else:
                i = issue_index[eff.issue]  # type: ignore[index]
                o = opt_index[i][eff.option]  # type: ignore[index]
                val[k, i, o] = min(1.0, max(0.0, val[k, i, o] + eff.delta))

    lever_by_id: dict[str, Lever] = {lv.id: lv for lv in scenario.levers}
    for lid in pulled:
        for eff in lever_by_id[lid].effects:
            apply(eff)
    applied = []
    hyp_by_id = {h.id: h for h in scenario.hypotheses}
    for hid in hyp_ids:
        hyp = hyp_by_id[hid]
        if condition_holds(scenario, hyp, pulled):
            applied.append(hid)
            for eff in hyp.effects:
                apply(eff)

    reservation = (base + d_res + (drift + d_drift) * (months + horizon)
                   - np.maximum(mcost + d_cost, 0.0) * horizon)
    contrib = sal[:, :, None] * val

    actors = [a for a in scenario.actors if a.factions or a.preferences is not None]
    actor_matrix = np.zeros((len(actors), P))
    for r, a in enumerate(actors):
        if a.factions:
            for f in a.factions:
                actor_matrix[r, pidx[f.id]] = weights[f.id]
        else:
            actor_matrix[r, pidx[a.id]] = 1.0

    available = np.zeros((n, kmax), dtype=bool)
    for i, c in enumerate(counts):
        available[i, :c] = True
    for lv in scenario.levers:
        for issue_id, opts in lv.unlocks.items():
            i = issue_index[issue_id]
            for o in opts:
                available[i, opt_index[i][o]] = False
    for lid in pulled:
        for issue_id, opts in lever_by_id[lid].unlocks.items():
            i = issue_index[issue_id]
            for o in opts:
                available[i, opt_index[i][o]] = True

    def compile_pattern(pid: str, when: dict[str, str | list[str]]) -> Pattern:
        mask = np.arange(kmax)[None, :] < counts[:, None]
        involved = []
        for issue_id, ref in when.items():
            i = issue_index[issue_id]
            involved.append(i)
            mask[i, :] = False
            for o in [ref] if isinstance(ref, str) else ref:
                mask[i, opt_index[i][o]] = True
        return Pattern(pid, mask, tuple(sorted(involved)))

    red_lines = []
    for a in scenario.actors:
        for rl in a.red_lines:
            red_lines.append(CompiledRedLine(compile_pattern(rl.id, rl.when), a.id, a.id, True, rl.source, rl.quote))
        for f in a.factions:
            binds = weights[f.id] > scenario.veto_threshold
            for rl in f.red_lines:
                red_lines.append(CompiledRedLine(compile_pattern(rl.id, rl.when), f.id, a.id, binds,
                                                 rl.source, rl.quote))
    constraints = tuple(compile_pattern(c.id, c.excludes) for c in scenario.constraints)
    cost = float(sum(lever_by_id[lid].cost for lid in pulled))

    return Situation(
        scenario=scenario, levers=pulled, hypotheses=hyp_ids, applied_hypotheses=tuple(applied), months=months,
        option_counts=counts, party_ids=party_ids, contrib=contrib, deal_value=deal, reservation=reservation,
        weights=weights, actor_ids=tuple(a.id for a in actors), actor_matrix=actor_matrix,
        decides=np.array([a.decides for a in actors], dtype=bool), available=available,
        red_lines=tuple(red_lines), constraints=constraints, cost=cost,
    )


def _shift_weight(weights: dict[str, float], faction: str, delta: float, group: list[str]) -> None:
    """Move one faction's weight by delta (clipped to [0, 1]); the others share the change in proportion."""
    old = weights[faction]
    new = min(1.0, max(0.0, old + delta))
    others = [f for f in group if f != faction]
    rest_old = sum(weights[f] for f in others)
    rest_new = 1.0 - new
    for f in others:
        weights[f] = rest_new * (weights[f] / rest_old) if rest_old > 0 else rest_new / len(others)
    weights[faction] = new
