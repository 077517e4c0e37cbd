"""Leverage: which of the mediator's lever packages make a deal likely, at what cost, under whose theory.

Every combination of the mediator's levers is a lever package (exhaustive up to 2^16;
beyond that a documented sample: every package of one or two levers plus 2^16 random
ones, seeded). The other actors' levers stay as the baseline pulls them. For each lever
package and theory Accord reports the mediator's cost, the probability that every decider
accepts the proposal over samples of the uncertainties, and the faction weights the
package produces inside each decider; the zone of agreement and its Nash package are
computed exactly for the lever packages it lists.

How it stays fast: within a class of lever packages that trigger the same hypotheses (and
the same weight or option-value effects), reservation and deal values are linear in the
pulled levers. Accord builds one situation per class and one per lever (both with
`situate_batch`, over all samples at once), then judges the proposal for every lever
package and sample by matrix products, in blocks.

The proposal is `package` if given, else the Nash package when the mediator pulls every
lever (the most it can offer) under no hypotheses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from accord.bargaining import bargain
from accord.errors import AccordError
from accord.evaluation import parse_package
from accord.overview import theories as theory_specs
from accord.scenario.schema import Scenario
from accord.situation import Batch, condition_holds, resolve_levers, situate_batch
from accord.uncertainty import Design

EXHAUSTIVE_MAX = 16
SAMPLED = 1 << 16
BLOCK = 1 << 21
EPS = 1e-9

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LeverPackageResult:
    """One lever package under one theory."""

    levers: tuple[str, ...]
    cost: float
    p_deal: float
    weights: dict[str, float]
    zone: int | None = None
    nash: dict[str, str] | None = None


@dataclass(frozen=True)
class LeverageResult:
    """The leverage table: every lever package under every theory, and the answers drawn from it."""

    scenario: str
    mediator: str
    mediator_levers: tuple[str, ...]
    fixed_levers: tuple[str, ...]
    proposal: dict[str, str]
    goal: str
    budget: float | None
    samples: int
    exhaustive: bool
    theories: tuple[str, ...]
    lever_packages: int
    best: dict[str, list[LeverPackageResult]]  # theory -> ranked lever packages
    front: dict[str, list[LeverPackageResult]]  # theory -> Pareto front of P(deal) against cost
    robust: list[tuple[tuple[str, ...], float, dict[str, float]]]  # (levers, worst P(deal), P per theory)
    seconds: float
    notes: list[str] = field(default_factory=list)


def lever_matrix(n: int, seed: int = 0) -> tuple[np.ndarray, bool]:
    """Rows of pulled/not-pulled flags: all 2^n combinations, or a documented sample when n > 16."""
    if n <= EXHAUSTIVE_MAX:
        codes = np.arange(1 << n, dtype=np.int64)
        return ((codes[:, None] >> np.arange(n)[None, :]) & 1).astype(bool), True
    rng = np.random.default_rng(seed)
    eye = np.eye(n, dtype=bool)
    pairs = np.array([eye[i] | eye[j] for i in range(n) for j in range(i + 1, n)])
    rand = rng.random((SAMPLED, n)) < 0.5
    rows = np.vstack([np.zeros((1, n), dtype=bool), eye, pairs, rand])
    return np.unique(rows, axis=0), False


def applied_matrix(scenario: Scenario, pulled: np.ndarray, lever_ids: list[str], hyp_ids: tuple[str, ...]
                   ) -> np.ndarray:
    """(lever packages, hypotheses) whether each hypothesis's condition holds, from `condition_holds`.

    A condition depends only on which actors some pulled stick or carrot targets and on the
    levers hypotheses name, so it is evaluated once per distinct signature of those.
    """
    hyps = [h for h in scenario.hypotheses if h.id in hyp_ids]
    levers = [next(lv for lv in scenario.levers if lv.id == lid) for lid in lever_ids]
    targets = sorted({lv.on for lv in levers})
    named = sorted({x for h in hyps for x in (*h.when.levers_pulled, *h.when.levers_not_pulled)} & set(lever_ids))
    cols = [pulled[:, [j for j, lv in enumerate(levers) if lv.kind == kind and lv.on == t]].any(axis=1)
            for kind in ("stick", "carrot") for t in targets]
    cols += [pulled[:, lever_ids.index(x)] for x in named]
    signature = np.stack(cols, axis=1) if cols else np.zeros((len(pulled), 0), dtype=bool)
    _, first, inverse = np.unique(signature, axis=0, return_index=True, return_inverse=True)
    ids = np.array(lever_ids)
    table = np.array([[condition_holds(scenario, h, tuple(ids[pulled[r]])) for h in hyps] for r in first],
                     dtype=bool).reshape(len(first), len(hyps))
    return table[inverse.reshape(-1)]


def leverage(scenario: Scenario, *, goal: str = "deal", budget: float | None = None,
             hypotheses: list[str] | None = None, package: str | dict[str, str] | None = None,
             samples: int = 2000, seed: int = 0, top: int = 10, progress: Progress | None = None) -> LeverageResult:
    """Rank the mediator's lever packages for a goal, under each theory, with the robust ones."""
    if goal not in ("deal", "cost", "lives"):
        raise AccordError(f"unknown goal {goal!r}; use deal, cost or lives")
    t0 = time.perf_counter()
    mediator = scenario.mediator
    if mediator is None:
        raise AccordError("leverage needs the scenario's `mediator` (the actor whose levers are combined)")
    mine = [lv.id for lv in scenario.levers if lv.by == mediator]
    if not mine:
        raise AccordError(f"the mediator {mediator!r} holds no levers")
    fixed = tuple(x for x in resolve_levers(scenario, None) if x not in mine)
    pulled, exhaustive = lever_matrix(len(mine), seed)
    all_ids = list(fixed) + mine
    full = np.hstack([np.ones((len(pulled), len(fixed)), dtype=bool), pulled])

    if package is None:
        nash = bargain(scenario, ",".join(all_ids) or "none").solutions["nash"]
        if nash is None:
            raise AccordError("no zone of agreement even with every lever pulled; name a proposal with --package")
        proposal = nash.package
    else:
        proposal = parse_package(scenario, package)
    index = [{o.id: k for k, o in enumerate(i.options)} for i in scenario.issues]
    opts = np.array([index[k][proposal[i.id]] for k, i in enumerate(scenario.issues)])

    design = Design.of(scenario, "mc", seed)
    _, numbers = design.chunk(scenario, 0, samples)
    cost = np.array([lv.cost for lv in scenario.levers if lv.id in mine]) @ pulled.T.astype(float)
    # the fixed levers' cost is the same for every package; report the mediator's own cost
    th_list = theory_specs(scenario)
    if hypotheses:
        th_list = [(h, h) for h in hypotheses]
    results: dict[str, np.ndarray] = {}
    weights_by_theory: dict[str, np.ndarray] = {}
    faction_ids = tuple(f.id for a in scenario.actors for f in a.factions)
    for t_i, (label, spec) in enumerate(th_list):
        p, w = _p_deal(scenario, full, all_ids, spec, numbers, opts)
        results[label] = p
        weights_by_theory[label] = w
        if progress is not None:
            progress(t_i + 1, len(th_list))

    def entry(k: int, label: str, exact: bool) -> LeverPackageResult:
        levers = tuple(str(x) for x in np.array(mine)[pulled[k]])
        zone, nash_pkg = None, None
        if exact:
            b = bargain(scenario, ",".join((*fixed, *levers)) or "none", dict(th_list)[label])
            zone = b.zone
            nash_pkg = b.solutions["nash"].package if b.solutions["nash"] else None
        return LeverPackageResult(levers, float(cost[k]), float(results[label][k]),
                                  dict(zip(faction_ids, weights_by_theory[label][k].tolist(), strict=True)),
                                  zone, nash_pkg)

    ok_budget = cost <= budget + EPS if budget is not None else np.ones(len(cost), dtype=bool)
    best: dict[str, list[LeverPackageResult]] = {}
    front: dict[str, list[LeverPackageResult]] = {}
    monthly = _monthly_war_cost(scenario, full, all_ids)
    for label, _ in th_list:
        p = results[label]
        if goal == "deal":
            order = np.lexsort((cost, -p))
        elif goal == "cost":
            reach = p >= 0.5
            order = np.lexsort((-p, cost, ~reach))
        else:
            order = np.lexsort((cost, -(p * monthly)))
        order = order[ok_budget[order]]
        best[label] = [entry(int(k), label, True) for k in order[:top]]
        front[label] = [entry(int(k), label, False) for k in _front(p, cost, ok_budget)]
    stacked = np.stack([results[label] for label, _ in th_list])
    worst = stacked.min(axis=0)
    robust_order = np.lexsort((cost, -worst))
    robust_order = robust_order[ok_budget[robust_order]][:top]
    robust = [(tuple(str(x) for x in np.array(mine)[pulled[k]]), float(worst[k]),
               {label: float(results[label][k]) for label, _ in th_list}) for k in robust_order]
    notes = [] if exhaustive else [f"{len(mine)} levers: {len(pulled):,} lever packages sampled (all of one or two "
                                   f"levers, and {SAMPLED:,} random ones), not all {2 ** len(mine):,}"]
    return LeverageResult(scenario.meta.id, mediator, tuple(mine), fixed, proposal, goal, budget, samples,
                          exhaustive, tuple(label for label, _ in th_list), len(pulled), best, front, robust,
                          time.perf_counter() - t0, notes)


def _p_deal(scenario: Scenario, full: np.ndarray, ids: list[str], spec: str | None, numbers: object,
            opts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(every decider accepts the proposal) per lever package, and the faction weights each produces."""
    from accord.situation import resolve_hypotheses

    hyp_ids = resolve_hypotheses(scenario, spec)
    applied = applied_matrix(scenario, full, ids, hyp_ids)
    shaping = [k for k, lid in enumerate(ids)
               if any(e.target in ("faction_weight", "option_value") for e in scenario.levers[
                   [lv.id for lv in scenario.levers].index(lid)].effects)]
    keys = np.hstack([applied, full[:, shaping]])
    classes, cls = np.unique(keys, axis=0, return_inverse=True)
    cls = cls.reshape(-1)
    base_none = situate_batch(scenario, "none", None, numbers=numbers)  # type: ignore[arg-type]
    # per-lever linear deltas of party reservation and deal value (no hypotheses)
    d_res = []
    d_deal = []
    for lid in ids:
        one = situate_batch(scenario, [lid], None, numbers=numbers)  # type: ignore[arg-type]
        d_res.append(one.reservation - base_none.reservation)
        d_deal.append(one.deal_value - base_none.deal_value)
    d_res_arr = np.stack(d_res, axis=1)  # (S, L, P)
    d_deal_arr = np.stack(d_deal, axis=1)
    n = len(opts)
    rows = np.arange(n)
    S = base_none.reservation.shape[0]
    p_deal = np.zeros(len(full))
    weights = np.zeros((len(full), len(base_none.faction_ids)))
    for c in range(len(classes)):
        members = np.flatnonzero(cls == c)
        rep = members[0]
        rep_levers = [ids[k] for k in np.flatnonzero(full[rep])]
        b: Batch = situate_batch(scenario, rep_levers or "none", hyp_ids or None, numbers=numbers)  # type: ignore
        weights[members] = b.weight.mean(axis=0)
        # party utility of the proposal without lever deal values, and class-level shifts
        party_u = b.contrib[:, :, rows, opts].sum(axis=2)  # (S, P)
        x_rep = full[rep].astype(float)
        res0 = b.reservation - np.einsum("l,slp->sp", x_rep, d_res_arr)
        deal0 = b.deal_value - np.einsum("l,slp->sp", x_rep, d_deal_arr)
        feasible = not any(con.mask[rows, opts].all() for con in b.constraints)
        deciders = np.flatnonzero(b.decides)
        crossed = np.zeros((S, len(deciders)), dtype=bool)
        for r, rl in enumerate(b.red_line_patterns):
            if rl.pattern.mask[rows, opts].all() and rl.actor in [b.actor_ids[d] for d in deciders]:
                crossed[:, [b.actor_ids[d] for d in deciders].index(rl.actor)] |= b.red_line_binding[:, r]
        ok_static = feasible  # whether the proposal is on the table depends on each package's unlocks: below
        a = b.actor_matrix[:, deciders, :]  # (S, D, P)
        base_gain = np.einsum("sdp,sp->sd", a, party_u + deal0 - res0)  # (S, D)
        per_lever = np.einsum("sdp,slp->sld", a, d_deal_arr - d_res_arr)  # (S, L, D)
        x = full[members].astype(float)  # (M, L)
        blocked = crossed.any(axis=1)
        step = max(1, BLOCK // max(1, S * len(deciders)))
        for start in range(0, len(members), step):
            gain = base_gain[:, None, :] + np.matmul(x[start:start + step], per_lever)  # (S, M, D)
            ok = (gain >= -EPS).all(axis=2) & ~blocked[:, None]
            p_deal[members[start:start + step]] = ok.mean(axis=0) if ok_static else 0.0
    unlocked = _unlock_ok(scenario, full, ids, opts)
    return np.where(unlocked, p_deal, 0.0), weights


def _unlock_ok(scenario: Scenario, full: np.ndarray, ids: list[str], opts: np.ndarray) -> np.ndarray:
    """Whether each lever package puts every option of the proposal on the table."""
    ok = np.ones(len(full), dtype=bool)
    issue_ids = [i.id for i in scenario.issues]
    for k, issue in enumerate(scenario.issues):
        opt = issue.options[opts[k]].id
        unlockers = [j for j, lid in enumerate(ids)
                     if opt in next(lv for lv in scenario.levers if lv.id == lid).unlocks.get(issue_ids[k], [])]
        locked_somewhere = any(opt in lv.unlocks.get(issue.id, []) for lv in scenario.levers)
        if locked_somewhere:
            ok &= full[:, unlockers].any(axis=1) if unlockers else False
    return ok


def _monthly_war_cost(scenario: Scenario, full: np.ndarray, ids: list[str]) -> np.ndarray:
    """The deciders' monthly cost of war each lever package leaves (the 'lives' goal's weight).

    Linear in the levers pulled: each lever's change is measured alone against no levers.
    """
    base = situate_batch(scenario, "none", None).decider_monthly_cost()[0]
    per_lever = np.array([situate_batch(scenario, [lid], None).decider_monthly_cost()[0] - base for lid in ids])
    return base + full.astype(float) @ per_lever


def _front(p: np.ndarray, cost: np.ndarray, ok: np.ndarray) -> list[int]:
    """Lever packages on the Pareto front of high P(deal) against low cost."""
    idx = np.flatnonzero(ok)
    order = idx[np.lexsort((-p[idx], cost[idx]))]
    out, best = [], -1.0
    for k in order:
        if p[k] > best + 1e-12:
            out.append(int(k))
            best = p[k]
    return out
