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

The proposal fits the lever package: the candidate settlements are the proposal each named
lever package makes possible under each theory (the Nash package of the first zone it opens,
`accord.analyses.proposal`) and the scenario's named packages; under each lever package the mediator puts
forward, at the nominal numbers, the candidate every decider accepts earliest within the window
(ties to the largest Nash product of the deciders' gains that month). P(deal) is the share of samples in which every decider accepts that
proposal in some month within the window while the levers are held (`accord.analyses.window`). With
`package`, that package is the only candidate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from accord.analyses.frames import Table, Tabular, labels, names_of, package_text, theory_label
from accord.analyses.frames import label as name_label
from accord.analyses.proposal import propose
from accord.errors import AccordError
from accord.model.acceptance import feasible, first_month, soft_months
from accord.model.evaluation import package_rows, parse_package
from accord.model.situation import (
    Batch,
    Numbers,
    condition_holds,
    in_force,
    nominal_numbers,
    resolve_levers,
    situate_batch,
    soft_red_lines,
    theories,
)
from accord.model.uncertainty import Design
from accord.scenario.schema import Condition, Scenario

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
    p_deal: float  # share of samples in which every decider accepts the proposal within the window
    weights: dict[str, float]
    zone: int | None = None  # packages in the first zone the lever package opens (listed packages only)
    nash: dict[str, str] | None = None  # the Nash package of that zone: the package's own proposal
    proposal: str | None = None  # the candidate settlement the mediator puts forward under it
    zone_month: int | None = None  # the month that zone opens


@dataclass(frozen=True)
class LeverageResult(Tabular):
    """The leverage table: every lever package under every theory, and the answers drawn from it."""

    scenario: str
    mediator: str
    mediator_levers: tuple[str, ...]
    fixed_levers: tuple[str, ...]
    proposals: list[str]  # the candidate settlements, by name
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
    named: dict[str, dict[str, LeverPackageResult]] = field(default_factory=dict)  # lever package -> theory -> row
    candidate_terms: dict[str, dict[str, str]] = field(default_factory=dict)  # proposal name -> its package
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    def _table(self) -> Table:
        """The best lever packages under every theory, ranked."""
        n = self.labels
        rows = [
            (
                theory,
                theory_label(n, theory),
                rank,
                labels(n, r.levers),
                r.cost,
                r.p_deal,
                r.zone,
                r.zone_month,
                package_text(n, r.nash),
                " ".join(r.levers),
            )
            for theory, ranked in self.best.items()
            for rank, r in enumerate(ranked, start=1)
        ]
        return Table(
            "Lever packages ranked, per theory",
            ("theory_id", "theory", "rank"),
            ("levers", "cost per month", "P(deal)", "zone size", "zone opens (month)", "proposal", "lever ids"),
            rows,
            key="ranked",
        )

    def tables(self) -> list[Table]:
        """The ranking, then the scenario's own lever packages, the cheapest way to each P(deal) (the front) and
        the robust lever packages, each per theory (one row per lever package and theory)."""
        n = self.labels
        named = Table(
            "The scenario's lever packages: P(deal) and the proposal each makes possible, per theory",
            ("lever_package_id", "theory_id", "lever package", "theory"),
            ("cost per month", "P(deal)", "proposal", "zone size", "zone opens (month)"),
            [
                (lp, th, name_label(n, lp), theory_label(n, th), r.cost, r.p_deal, r.proposal, r.zone, r.zone_month)
                for lp, per in self.named.items()
                for th, r in per.items()
            ],
            key="lever-packages",
        )
        front = Table(
            "Cheapest way to each probability of a deal (Pareto front of P(deal) against cost)",
            ("theory_id", "theory", "point"),
            ("cost per month", "P(deal)", "levers", "lever ids"),
            [
                (th, theory_label(n, th), k, r.cost, r.p_deal, labels(n, r.levers), " ".join(r.levers))
                for th, pts in self.front.items()
                for k, r in enumerate(pts, start=1)
            ],
            key="front",
        )
        robust = Table(
            "Robust lever packages: best worst-case P(deal) across the theories",
            ("rank", "theory_id", "theory"),
            ("worst P(deal)", "P(deal)", "levers", "lever ids"),
            [
                (k, th, theory_label(n, th), worst, per[th], labels(n, levers), " ".join(levers))
                for k, (levers, worst, per) in enumerate(self.robust, start=1)
                for th in per
            ],
            key="robust",
        )
        return [self._table(), named, front, robust]


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


def applied_matrix(
    scenario: Scenario, pulled: np.ndarray, lever_ids: list[str], hyp_ids: tuple[str, ...]
) -> np.ndarray:
    """(lever packages, hypotheses) whether each hypothesis's condition holds, from `condition_holds`.

    A condition depends only on which actors some stick or carrot in force targets, on the levers
    hypotheses name and on which responses fire, so it is evaluated once per distinct signature of those
    (on the levers in force: the pulled ones and the other actors' responses).
    """
    return conditions_matrix(scenario, pulled, lever_ids, [h.when for h in scenario.hypotheses if h.id in hyp_ids])


def conditions_matrix(
    scenario: Scenario, pulled: np.ndarray, lever_ids: list[str], conds: list[Condition]
) -> np.ndarray:
    """(lever packages, conditions) whether each condition holds (`condition_holds`), evaluated once per
    distinct signature of what conditions read: the actors some stick or carrot in force targets, the levers
    they name and the responses that fire."""
    levers = [next(lv for lv in scenario.levers if lv.id == lid) for lid in lever_ids]
    targets = sorted({lv.on for lv in levers})
    named = sorted({x for c in conds for x in (*c.levers_pulled, *c.levers_not_pulled)} & set(lever_ids))
    cols = [
        pulled[:, [j for j, lv in enumerate(levers) if lv.kind == kind and lv.on == t]].any(axis=1)
        for kind in ("stick", "carrot")
        for t in targets
    ]
    cols += [pulled[:, lever_ids.index(x)] for x in named]
    signature = np.stack(cols, axis=1) if cols else np.zeros((len(pulled), 0), dtype=bool)
    signature = np.hstack([signature, response_matrix(scenario, pulled, lever_ids)])
    _, first, inverse = np.unique(signature, axis=0, return_index=True, return_inverse=True)
    ids = np.array(lever_ids)
    # conditions read the levers in force: those pulled and the other actors' responses to them
    table = np.array(
        [[condition_holds(scenario, c, in_force(scenario, tuple(ids[pulled[r]]))[0]) for c in conds] for r in first],
        dtype=bool,
    ).reshape(len(first), len(conds))
    return table[inverse.reshape(-1)]


def leverage(
    scenario: Scenario,
    *,
    goal: str = "deal",
    budget: float | None = None,
    hypotheses: list[str] | None = None,
    package: str | dict[str, str] | None = None,
    samples: int = 2000,
    seed: int = 0,
    top: int = 10,
    progress: Progress | None = None,
) -> LeverageResult:
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

    th_list = theories(scenario)
    if hypotheses:
        th_list = [(h, h) for h in hypotheses]
    if package is None:
        proposals = candidates(scenario, th_list)
        if not proposals:
            raise AccordError(
                "no named lever package opens a zone and the scenario names no packages: name a proposal with --package"
            )
    else:
        proposals = [(package if isinstance(package, str) else "the given package", parse_package(scenario, package))]
    cand = package_rows(scenario, [pkg for _, pkg in proposals])

    design = Design.of(scenario, "mc", seed)
    _, sampled = design.chunk(scenario, 0, samples)
    numbers = Numbers.concat([nominal_numbers(scenario), sampled])
    cost = np.array([lv.cost for lv in scenario.levers if lv.id in mine]) @ pulled.T.astype(float)
    # the fixed levers' cost is the same for every package; report the mediator's own cost
    results: dict[str, np.ndarray] = {}
    weights_by_theory: dict[str, np.ndarray] = {}
    picks: dict[str, np.ndarray] = {}
    faction_ids = tuple(f.id for a in scenario.actors for f in a.factions)
    for t_i, (label, spec) in enumerate(th_list):
        p, w, pick = _p_deal(scenario, full, all_ids, spec, numbers, cand, scenario.window)
        results[label] = p
        weights_by_theory[label] = w
        picks[label] = pick
        if progress is not None:
            progress(t_i + 1, len(th_list))

    def entry(k: int, label: str, exact: bool) -> LeverPackageResult:
        levers = tuple(str(x) for x in np.array(mine)[pulled[k]])
        zone, own, month = None, None, None
        if exact:
            prop = propose(scenario, ",".join((*fixed, *levers)) or "none", dict(th_list)[label])
            zone, own, month = prop.zone, prop.package, prop.month
        pick = int(picks[label][k])
        return LeverPackageResult(
            levers,
            float(cost[k]),
            float(results[label][k]),
            dict(zip(faction_ids, weights_by_theory[label][k].tolist(), strict=True)),
            zone,
            own,
            proposals[pick][0] if pick >= 0 else None,
            month,
        )

    ok_budget = cost <= budget + EPS if budget is not None else np.ones(len(cost), dtype=bool)
    best: dict[str, list[LeverPackageResult]] = {}
    front: dict[str, list[LeverPackageResult]] = {}
    monthly = _monthly_war_cost(scenario, full, all_ids)
    unreached: list[str] = []
    for label, _ in th_list:
        p = results[label]
        if goal == "deal":
            order = np.lexsort((cost, -p))
        elif goal == "cost":
            reach = p >= 0.5
            if (reach & ok_budget).any():
                order = np.lexsort((-p, cost, ~reach))
            else:  # nothing reaches the threshold: say so, and list the likeliest instead of the cheapest at P 0
                order = np.lexsort((cost, -p))
                unreached.append(label)
        else:
            order = np.lexsort((cost, -(p * monthly)))
        order = order[ok_budget[order]]
        best[label] = [entry(int(k), label, True) for k in order[:top]]
        front[label] = [entry(int(k), label, False) for k in _front(p, cost, ok_budget)]
    stacked = np.stack([results[label] for label, _ in th_list])
    worst = stacked.min(axis=0)
    robust_order = np.lexsort((cost, -worst))
    robust_order = robust_order[ok_budget[robust_order]][:top]
    robust = [
        (
            tuple(str(x) for x in np.array(mine)[pulled[k]]),
            float(worst[k]),
            {label: float(results[label][k]) for label, _ in th_list},
        )
        for k in robust_order
    ]
    notes = (
        []
        if exhaustive
        else [
            f"{len(mine)} levers: {len(pulled):,} lever packages sampled (all of one or two "
            f"levers, and {SAMPLED:,} random ones), not all {2 ** len(mine):,}"
        ]
    )
    notes += [
        f"goal 'cost': no lever package{' within the budget' if budget is not None else ''} reaches P(deal) "
        f"0.5 under theory {label}; listed instead: the likeliest (highest P(deal), then cheapest)"
        for label in unreached
    ]
    # the scenario's own lever packages, row by row, so that they can be read beside the best ones
    named: dict[str, dict[str, LeverPackageResult]] = {}
    rows = {tuple(r): k for k, r in enumerate(pulled.tolist())}
    for lp in scenario.lever_packages:
        if (lp.by or mediator) != mediator:
            continue
        k = rows.get(tuple(x in lp.levers for x in mine))
        if k is not None:
            named[lp.id] = {label: entry(k, label, True) for label, _ in th_list}
    return LeverageResult(
        scenario.meta.id,
        mediator,
        tuple(mine),
        fixed,
        [n for n, _ in proposals],
        goal,
        budget,
        samples,
        exhaustive,
        tuple(label for label, _ in th_list),
        len(pulled),
        best,
        front,
        robust,
        time.perf_counter() - t0,
        notes,
        named,
        {n: pkg for n, pkg in proposals},
        labels=names_of(scenario),
    )


def candidates(scenario: Scenario, th_list: list[tuple[str, str | None]]) -> list[tuple[str, dict[str, str]]]:
    """The settlements a mediator may put forward: the proposal each named lever package makes possible under
    each theory (`accord.analyses.proposal.propose`), then the scenario's named packages; duplicates dropped."""
    found: dict[tuple[str, ...], tuple[str, list[str], int | None, dict[str, str]]] = {}
    order: list[tuple[str, ...]] = []
    for lp in scenario.lever_packages:
        for label, spec in th_list:
            prop = propose(scenario, lp.id, spec)
            if prop.package is None:
                continue
            key = tuple(prop.package[i.id] for i in scenario.issues)
            if key not in found:
                found[key] = (lp.id, [], prop.month, prop.package)
                order.append(key)
            if found[key][0] == lp.id:
                found[key][1].append(label)
    out = [
        (f"Nash package of {found[k][0]} (theory {', '.join(found[k][1])}; month {found[k][2]})", found[k][3])
        for k in order
    ]
    for pkg in scenario.packages:
        full = parse_package(scenario, dict(pkg.options))
        key = tuple(full[i.id] for i in scenario.issues)
        if key not in found:
            found[key] = (pkg.id, [], None, full)
            out.append((pkg.id, full))
    return out


def _soft_holder_rows(scenario: Scenario, party_ids: tuple[str, ...]) -> list[int]:
    """The party rows whose reservation decides whether a soft red line gives way (its holder's, or the holder
    actor's factions')."""
    pidx = {p: k for k, p in enumerate(party_ids)}
    rows = {a.id: [pidx[f.id] for f in a.factions] or ([pidx[a.id]] if a.id in pidx else []) for a in scenario.actors}
    rows.update({f.id: [pidx[f.id]] for a in scenario.actors for f in a.factions})
    held = [a.id for a in scenario.actors if any(rl.soft is not None for rl in a.red_lines)]
    held += [f.id for a in scenario.actors for f in a.factions if any(rl.soft is not None for rl in f.red_lines)]
    held += [rl.holder for h in scenario.hypotheses for rl in h.red_lines if rl.soft is not None and rl.holder]
    return sorted({k for h in held for k in rows.get(h, [])})


def _p_deal(
    scenario: Scenario,
    full: np.ndarray,
    ids: list[str],
    spec: str | None,
    numbers: Numbers,
    cand: np.ndarray,
    window: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per lever package: P(every decider accepts its proposal within the window), the faction weights it
    produces, and the index of its proposal among `cand` (-1: none is acceptable at the nominal numbers).

    Row 0 of `numbers` is the nominal scenario: the mediator picks the proposal there (`pick_proposal`); the
    other rows are the samples it is judged on.
    """
    from accord.model.situation import resolve_hypotheses

    hyp_ids = resolve_hypotheses(scenario, spec)
    applied = applied_matrix(scenario, full, ids, hyp_ids)
    lever_of = {lv.id: lv for lv in scenario.levers}
    shaping = [
        k
        for k, lid in enumerate(ids)
        if any(e.target in ("faction_weight", "option_value") for e in lever_of[lid].effects)
    ]
    fired = response_matrix(scenario, full, ids)
    base_none = situate_batch(scenario, "none", None, numbers=numbers, respond=False)
    holders = _soft_holder_rows(scenario, base_none.party_ids)
    # per-lever linear deltas (no hypotheses, no responses): reservation and deal value, and their slopes
    d_gain, d_slope = [], []
    for k, lid in enumerate(ids):
        one = situate_batch(scenario, [lid], None, numbers=numbers, respond=False)
        d_gain.append((one.deal_value - base_none.deal_value) - (one.reservation - base_none.reservation))
        d_slope.append((one.deal_slope - base_none.deal_slope) - (one.reservation_slope - base_none.reservation_slope))
        # a lever moving a soft red line's holder's reservation decides whether the line gives way (and so the
        # holder's values and the binding red lines): it must split the classes like a shaping lever
        # (and its slope, the month it gives way)
        if (
            holders
            and k not in shaping
            and (
                np.any(one.reservation[:, holders] != base_none.reservation[:, holders])
                or np.any(one.reservation_slope[:, holders] != base_none.reservation_slope[:, holders])
            )
        ):
            shaping.append(k)
    gated = [rl.soft.gives_way_when for rl in soft_red_lines(scenario) if rl.soft and rl.soft.gives_way_when]
    gates = conditions_matrix(scenario, full, ids, gated)  # soft red lines that give way only under a condition
    keys = np.hstack([applied, gates, fired, full[:, sorted(shaping)], offers_tied(scenario, full, ids)])
    classes, cls = np.unique(keys, axis=0, return_inverse=True)
    cls = cls.reshape(-1)
    d_gain_arr = np.stack(d_gain, axis=1)  # (S, L, P)
    d_slope_arr = np.stack(d_slope, axis=1)
    n = cand.shape[1]
    rows = np.arange(n)
    S = numbers.size - 1
    p_deal = np.zeros(len(full))
    chosen = np.full(len(full), -1, dtype=np.int64)
    weights = np.zeros((len(full), len(base_none.faction_ids)))
    for c in range(len(classes)):
        members = np.flatnonzero(cls == c)
        rep = members[0]
        b: Batch = situate_batch(
            scenario, [ids[k] for k in np.flatnonzero(full[rep])] or "none", hyp_ids or None, numbers=numbers
        )
        weights[members] = b.weight[1:].mean(axis=0) if S else b.weight[0]
        deciders = np.flatnonzero(b.decides)
        a = b.actor_matrix[:, deciders, :]  # (S+1, D, P)
        x_rep = full[rep].astype(float)
        gain0 = b.deal_value - b.reservation - np.einsum("l,slp->sp", x_rep, d_gain_arr)  # (S+1, P)
        slope0 = (b.deal_slope - b.reservation_slope) - np.einsum("l,slp->sp", x_rep, d_slope_arr)
        party_u = b.contrib[:, :, rows[None, :], cand].sum(axis=3)  # (S+1, P, C)
        base_gain = np.einsum("sdp,spc->sdc", a, party_u + gain0[:, :, None])  # (S+1, D, C)
        base_slope = np.einsum("sdp,sp->sd", a, slope0)  # (S+1, D)
        per_lever = np.einsum("sdp,slp->sld", a, d_gain_arr)  # (S+1, L, D)
        per_slope = np.einsum("sdp,slp->sld", a, d_slope_arr)
        static = feasible(b.constraints, cand) & offer_allows(scenario, b.offers, cand)
        sm = soft_months(
            b.red_line_patterns, b.red_line_binding, b.red_line_terms, [b.actor_ids[d] for d in deciders], cand
        )
        crossed = sm.fixed.any(axis=1)  # (S+1, C) a red line crossed in every month; soft ones moving: after/before
        base_gain -= sm.price
        x = full[members].astype(float)  # (M, L)
        table = on_table(scenario, full[members], ids, cand, [x for x in b.levers if x not in ids])  # (M, C)
        # the mediator's pick, at the nominal numbers
        g_nom = base_gain[0][None, :, :] + (x @ per_lever[0])[:, :, None]  # (M, D, C)
        s_nom = base_slope[0][None, :] + x @ per_slope[0]  # (M, D)
        first = first_month(
            g_nom, s_nom, window, ~(static[None, :] & table) | crossed[0][None, :], sm.after[0], sm.before[0]
        )  # (M, C)
        pick = pick_proposal(first, g_nom, s_nom)
        chosen[members] = pick
        if S == 0:
            p_deal[members] = (pick >= 0).astype(float)
            continue
        lever_t = np.ascontiguousarray(per_lever[1:].transpose(0, 2, 1))  # (S, D, L)
        sloped = bool(np.any(per_slope[1:]))
        slope_t = np.ascontiguousarray(per_slope[1:].transpose(0, 2, 1)) if sloped else None
        for k in np.unique(pick[pick >= 0]):
            sel = np.flatnonzero(pick == k)
            step = max(1, BLOCK // max(1, S * len(deciders)))
            for start in range(0, len(sel), step):
                part = sel[start : start + step]
                xs_t = x[part].T  # (L, m)
                g = base_gain[1:, :, k][:, :, None] + lever_t @ xs_t  # (S, D, m)
                sl = base_slope[1:][:, :, None] + (slope_t @ xs_t if sloped else 0.0)
                ok = (
                    first_month(
                        g,
                        sl,
                        window,
                        np.broadcast_to(crossed[1:, k, None], (S, len(part))),
                        sm.after[1:, k, None],
                        sm.before[1:, k, None],
                    )
                    >= 0
                )
                p_deal[members[part]] = ok.mean(axis=0)
    return p_deal, weights, chosen


def offers_tied(scenario: Scenario, pulled: np.ndarray, lever_ids: list[str]) -> np.ndarray:
    """(lever packages, tied offer sets) whether each offer set tied to a lever package or strategy is in force,
    i.e. all of that package's levers are pulled; lever packages that differ here put different offers on the
    table, so the fast path must not judge them as one class."""
    from accord.model.situation import resolve_levers

    col = {lid: j for j, lid in enumerate(lever_ids)}
    out = []
    for o in scenario.offers:
        if o.levers is None:
            continue
        needed = set(resolve_levers(scenario, o.levers))
        cols = [col.get(x) for x in needed]
        if not needed or any(c is None for c in cols):
            out.append(np.zeros(len(pulled), dtype=bool))  # never in force from these levers alone
        else:
            out.append(pulled[:, cols].all(axis=1))
    return np.stack(out, axis=1) if out else np.zeros((len(pulled), 0), dtype=bool)


def offer_allows(scenario: Scenario, offer_ids: tuple[str, ...], cand: np.ndarray) -> np.ndarray:
    """(candidates,) whether the offer sets in force (`offer_ids`, as a situation reports them) let each candidate
    be put forward: its options inside every set's `options`, and, where sets list named packages, it is one of
    the packages all of them list (issues a package leaves out at the month-0 status quo)."""
    from accord.model.situation import status_quo_at

    ok = np.ones(len(cand), dtype=bool)
    if not offer_ids:
        return ok
    by_id = {o.id: o for o in scenario.offers}
    named = {p.id: p for p in scenario.packages}
    sq = status_quo_at(scenario, 0)
    index = [{o.id: k for k, o in enumerate(i.options)} for i in scenario.issues]
    pos = {i.id: k for k, i in enumerate(scenario.issues)}
    rows: set[tuple[int, ...]] | None = None
    for oid in offer_ids:
        o = by_id[oid]
        for issue_id, opts in o.options.items():
            k = pos[issue_id]
            ok &= np.isin(cand[:, k], [index[k][x] for x in opts])
        if o.packages:
            mine = {
                tuple(index[k][named[pid].options.get(i.id, sq[i.id])] for k, i in enumerate(scenario.issues))
                for pid in o.packages
            }
            rows = mine if rows is None else rows & mine
    if rows is not None:
        listed = np.array(sorted(rows), dtype=np.int64).reshape(-1, cand.shape[1])
        ok &= (cand[:, None, :] == listed[None, :, :]).all(axis=2).any(axis=1) if len(listed) else False
    return ok


def on_table(
    scenario: Scenario, pulled: np.ndarray, lever_ids: list[str], cand: np.ndarray, also: list[str]
) -> np.ndarray:
    """(lever packages, candidates) whether every option of each candidate is on the table: options no lever
    unlocks always are; the others need a pulled lever (or one in `also`, e.g. a response) that unlocks them."""
    out = np.ones((len(pulled), len(cand)), dtype=bool)
    for k, issue in enumerate(scenario.issues):
        for o in np.unique(cand[:, k]):
            opt = issue.options[o].id
            if not any(opt in lv.unlocks.get(issue.id, []) for lv in scenario.levers):
                continue
            if any(opt in lv.unlocks.get(issue.id, []) for lv in scenario.levers if lv.id in also):
                continue
            cols = [
                j
                for j, lid in enumerate(lever_ids)
                if opt in next(lv for lv in scenario.levers if lv.id == lid).unlocks.get(issue.id, [])
            ]
            has = pulled[:, cols].any(axis=1) if cols else np.zeros(len(pulled), dtype=bool)
            out[:, cand[:, k] == o] &= has[:, None]
    return out


def pick_proposal(first: np.ndarray, gain: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """Per lever package, the candidate the mediator puts forward: among those accepted earliest (`first`, (M, C);
    -1 never), the one with the largest Nash product of the deciders' gains in that month; -1 if none.

    `gain` (M, D, C) are the gains at month 0 and `slope` (M, D) their change per month. With one zone's Nash
    package among the candidates this picks it, as `explore` and `propose` do.
    """
    ok = first >= 0
    earliest = np.where(ok, first, np.iinfo(np.int64).max).min(axis=1, keepdims=True)
    at = gain + np.where(ok, first, 0)[:, None, :] * slope[:, :, None]  # gains in each candidate's month
    product = np.prod(np.maximum(at, 0.0), axis=1)  # (M, C)
    score = np.where(ok & (first == earliest), product, -1.0)
    return np.where(ok.any(axis=1), score.argmax(axis=1), -1)


def response_matrix(scenario: Scenario, pulled: np.ndarray, lever_ids: list[str]) -> np.ndarray:
    """(lever packages, responses) whether each other actor's response fires, from `condition_holds`."""
    out = np.ones((len(pulled), len(scenario.responses)), dtype=bool)
    conditional = [k for k, r in enumerate(scenario.responses) if r.when != Condition()]  # the rest always fire
    if conditional:
        _, first, inverse = np.unique(pulled, axis=0, return_index=True, return_inverse=True)
        ids = np.array(lever_ids)
        table = np.array(
            [
                [condition_holds(scenario, scenario.responses[j].when, tuple(ids[pulled[k]])) for j in conditional]
                for k in first
            ],
            dtype=bool,
        )
        out[:, conditional] = table[inverse.reshape(-1)]
    return out


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
