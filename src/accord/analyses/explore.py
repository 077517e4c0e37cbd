"""Exploring the uncertainties: how likely a deal is under each strategy, and what decides it.

A strategy is a lever package under a theory (a set of hypotheses), with the package the
mediator proposes: the one the lever package makes possible (`accord.analyses.proposal`: the Nash
package of the first zone it opens within the scenario's window, at the nominal numbers).
For every sample of the uncertain numbers (MC, LHS or Sobol), in one vectorised pass per
chunk of 10^4 samples, Accord judges the proposal and every named package: the
**probability of a deal** is the share of samples in which every decider accepts the
proposal in some month within the window while the levers are held (`accord.analyses.window`).
Whether any zone of agreement opens at all within the window is checked exactly (a pass over
every package) on the first `exact` samples, and reported with that sample size.

Chunks run in local processes (default) or on a Dask cluster; each chunk is seeded from
the run's seed and its number, and results are merged in chunk order, so the same seed
gives identical results whatever the number of workers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from accord.analyses.bargaining import zone_opens
from accord.analyses.prim import Box, prim
from accord.analyses.proposal import Proposal, propose
from accord.analyses.window import first_month
from accord.budget import Estimate
from accord.errors import AccordError
from accord.model.situation import Batch, situate_batch, theories
from accord.model.uncertainty import CHUNK, Design
from accord.scenario.schema import Scenario
from accord.workers import pool as worker_pool

EPS = 1e-9
BINS = np.linspace(-1.0, 2.0, 601)  # utility histogram bins (width 0.005) for quantiles over any number of samples
KEEP = 20_000  # samples whose parameter values are kept for scenario discovery (PRIM)
PRIM_DIMS = 20

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Strategy:
    """A lever package under a theory, and the package the mediator proposes."""

    id: str
    levers: str
    hypotheses: str | None
    proposal: dict[str, str] | None
    proposal_month: int | None = None  # the month the proposal's zone first opens (nominal numbers)


BELIEFS = "beliefs"


def make_strategies(scenario: Scenario, specs: list[str] | None = None) -> list[Strategy]:
    """Strategies from `LEVERS@THEORY` specs, or every lever package under every theory.

    Each strategy's proposal is the one its lever package makes possible (`accord.analyses.proposal.propose`):
    the Nash package of the first zone it opens within the window, at the nominal numbers.

    The theory `beliefs` (offered when hypothesis sets carry a `belief`) draws, in each sample,
    which single theory holds, with probability proportional to the sampled beliefs.
    """
    th = dict(theories(scenario))
    if any(hs.belief for hs in scenario.hypothesis_sets):
        th[BELIEFS] = BELIEFS
    if specs:
        pairs = []
        for spec in specs:
            lv, _, t = spec.partition("@")
            if not lv.strip():
                raise AccordError(f"strategy {spec!r} names no lever package; write LEVERS@THEORY, e.g. "
                                  f"{(scenario.lever_packages[0].id if scenario.lever_packages else 'none')}@none "
                                  "('none' for no levers or no theory)")
            t = t or "none"
            hyp = th.get(t, t if t != "none" else None)
            pairs.append((spec, lv, hyp))
    else:
        lps = [lp.id for lp in scenario.lever_packages] or ["none"]
        pairs = [(f"{lv}@{label}", lv, hyp) for lv in lps for label, hyp in th.items()]
    out = []
    for sid, lv, hyp in pairs:
        if hyp == BELIEFS:
            if not any(hs.belief for hs in scenario.hypothesis_sets):
                raise AccordError("theory 'beliefs' needs hypothesis sets with a `belief`")
            prop = _belief_proposal(scenario, lv)
        else:
            prop = propose(scenario, lv, hyp)
        out.append(Strategy(sid, lv, hyp, prop.package, prop.month))
    return out


def _belief_proposal(scenario: Scenario, levers: str) -> Proposal:
    """Under uncertain theories the mediator puts forward one package: of the proposals each theory's zone
    makes possible, the one accepted (within the window, at the nominal numbers) under the most prior belief;
    ties go to the likelier theory's own proposal."""
    sets = sorted(scenario.hypothesis_sets, key=lambda hs: -(hs.belief or 0.0))
    props = [propose(scenario, levers, hs.id) for hs in sets]
    best, best_mass = props[0], -1.0
    for prop in props:
        if prop.package is None:
            continue
        row = candidate_rows(scenario, [Strategy("", levers, None, prop.package)])[0][:1]
        mass = sum(hs.belief or 0.0 for hs in sets
                   if accepts(situate_batch(scenario, levers, hs.id), row, scenario.window)[0][0, 0])
        if mass > best_mass + 1e-12:
            best, best_mass = prop, mass
    return best


@dataclass(frozen=True)
class _Job:
    scenario: Scenario
    design: Design
    strategies: tuple[Strategy, ...]
    candidates: np.ndarray  # (G, C, n) option indices; row 0 the proposal (all -1 if none)
    chunk: int
    size: int
    exact: int
    keep: int
    window: int


@dataclass(frozen=True)
class _Out:
    n: int
    accepted: np.ndarray  # (G, C)
    zone_checked: int
    zone_found: np.ndarray  # (G,)
    hist: np.ndarray  # (G, D, bins)
    kept_x: np.ndarray  # (k, K)
    kept_deal: np.ndarray  # (k, G)


def _run(job: _Job) -> _Out:
    """One chunk: sample, then judge every candidate package under every strategy."""
    s = job.scenario
    values, numbers = job.design.chunk(s, job.chunk, job.size)
    G, C, n = job.candidates.shape
    accepted = np.zeros((G, C), dtype=np.int64)
    zone_found = np.zeros(G, dtype=np.int64)
    deal_cols = []
    hist = None
    checked = min(job.exact, job.size)
    for g, strat in enumerate(job.strategies):
        if strat.hypotheses == BELIEFS:
            ok, util = _accepts_by_belief(s, strat, numbers, job.candidates[g], job.design.seed, job.chunk,
                                          job.window)
            batch = situate_batch(s, strat.levers, None, numbers=numbers)  # for the exact zone check below
        else:
            batch = situate_batch(s, strat.levers, strat.hypotheses, numbers=numbers)
            ok, util = accepts(batch, job.candidates[g], job.window)
        accepted[g] = ok.sum(axis=0)
        deal_cols.append(ok[:, 0])
        D = util.shape[1]
        if hist is None:
            hist = np.zeros((G, D, len(BINS) - 1), dtype=np.int64)
        if strat.proposal is not None:
            for d in range(D):
                hist[g, d] += np.histogram(util[:, d, 0], bins=BINS)[0]
        for k in range(checked):
            zone_found[g] += zone_opens(batch.situation(k), job.window)[0] >= 0
    keep = min(job.keep, job.size)
    return _Out(job.size, accepted, checked, zone_found, hist if hist is not None else np.zeros((G, 0, 0)),
                values[:keep].astype(np.float32), np.stack(deal_cols, axis=1)[:keep])


def _accepts_by_belief(s: Scenario, strat: Strategy, numbers: object, cand: np.ndarray, seed: int, chunk: int,
                       window: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`accepts`, with each sample's theory drawn from its sampled beliefs (one theory per sample)."""
    belief = numbers.belief  # type: ignore[attr-defined]
    weights = belief / np.where(belief.sum(axis=1, keepdims=True) > 0, belief.sum(axis=1, keepdims=True), 1.0)
    u = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, 1))).random(len(belief))
    choice = (u[:, None] > np.cumsum(weights, axis=1)).sum(axis=1)
    ok = np.zeros((len(belief), len(cand)), dtype=bool)
    util = None
    for k, hs in enumerate(s.hypothesis_sets):
        rows = np.flatnonzero(choice == k)
        if rows.size == 0:
            continue
        part = numbers.take(rows)  # type: ignore[attr-defined]
        o, ut = accepts(situate_batch(s, strat.levers, hs.id, numbers=part), cand, window)
        if util is None:
            util = np.zeros((len(belief), *ut.shape[1:]))
        ok[rows], util[rows] = o, ut
    if util is None:
        return accepts(situate_batch(s, strat.levers, None, numbers=numbers), cand, window)
    return ok, util


def accepts(batch: Batch, candidates: np.ndarray, window: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each sample and candidate package: does every decider accept it (at the batch's month, or with
    `window`, in some month within it while the levers are held)? And each decider's utility then.

    Returns (S, C) booleans and (S, D, C) decider utilities. A candidate row of -1s (no
    proposal) is never accepted.
    """
    if window is not None:
        gain, crossed, util, ok_static = decider_gains(batch, candidates)
        slope = batch.actor_slope[:, np.flatnonzero(batch.decides)]
        return first_month(gain, slope, window, crossed.any(axis=1) | ~ok_static[None, :]) >= 0, util
    each, util, ok_static = verdicts(batch, candidates)
    return each.all(axis=1) & ok_static[None, :], util


def verdicts(batch: Batch, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each decider's verdict (S, D, C), its utility (S, D, C), and whether each candidate is on the table,
    feasible and a real package (C,)."""
    gain, crossed, util, ok_static = decider_gains(batch, candidates)
    return (gain >= -EPS) & ~crossed, util, ok_static


def decider_gains(batch: Batch, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per sample, decider and candidate: gain over the reservation value (S, D, C), whether a binding red
    line is crossed (S, D, C), the utility (S, D, C); and whether each candidate is on the table, feasible
    and a real package (C,)."""
    valid = (candidates >= 0).all(axis=1)
    opts = np.where(candidates >= 0, candidates, 0)
    n = opts.shape[1]
    S, P, _, K = batch.contrib.shape
    onehot = np.zeros((n, K, len(opts)))
    onehot[np.arange(n)[None, :], opts, np.arange(len(opts))[:, None]] = 1.0
    party_u = (batch.contrib.reshape(S * P, n * K) @ onehot.reshape(n * K, -1)).reshape(S, P, -1)
    party_u += batch.deal_value[:, :, None]
    actor_u = np.einsum("sap,spc->sac", batch.actor_matrix, party_u)
    res = batch.actor_reservation
    deciders = np.flatnonzero(batch.decides)
    rows = np.arange(n)[None, :]
    gain = actor_u[:, deciders, :] - res[:, deciders, None]
    crossed = np.zeros((S, len(deciders), len(opts)), dtype=bool)
    for j, d in enumerate(deciders):
        for r, rl in enumerate(batch.red_line_patterns):
            if rl.actor == batch.actor_ids[d]:
                hit = rl.pattern.mask[rows, opts].all(axis=1)  # (C,)
                crossed[:, j, :] |= batch.red_line_binding[:, r, None] & hit[None, :]
    on_table = batch.available[rows, opts].all(axis=1)
    feasible = np.ones(len(opts), dtype=bool)
    for c in batch.constraints:
        feasible &= ~c.mask[rows, opts].all(axis=1)
    return gain, crossed, actor_u[:, deciders, :], valid & on_table & feasible


@dataclass(frozen=True)
class StrategyResult:
    """What the exploration says about one strategy."""

    strategy: Strategy
    p_deal: float
    p_deal_ci: tuple[float, float]
    p_named: dict[str, float]
    p_zone: float
    zone_samples: int
    utility_quantiles: dict[str, list[float]]  # decider -> 5, 25, 50, 75, 95th percentiles of proposal utility
    failure_box: Box | None


@dataclass(frozen=True)
class ExploreResult:
    """A whole exploration: settings, per-strategy answers and speed."""

    scenario: str
    samples: int
    method: str
    seed: int
    workers: str
    parameters: list[str]
    deciders: list[str]
    named: list[str]
    strategies: list[StrategyResult]
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def samples_per_second(self) -> float:
        """Throughput: samples times strategies per second."""
        return self.samples * len(self.strategies) / self.seconds if self.seconds else float("inf")


def explore(scenario: Scenario, samples: int, *, method: str = "mc", strategies: list[str] | None = None,
            seed: int = 0, workers: int | None = None, scheduler: str | None = None, exact: int | None = None,
            progress: Progress | None = None) -> ExploreResult:
    """Sample every uncertainty and judge each strategy's proposal and the named packages in every sample.

    `exact` samples per strategy get a full check of whether any zone of agreement exists; by default
    50, fewer for spaces over two million packages (each check passes over every package).
    """
    if samples < 1:
        raise AccordError("--samples must be at least 1")
    if exact is None:
        size = int(np.prod([len(i.options) for i in scenario.issues], dtype=object))
        exact = int(min(50, max(5, 10**8 // max(size, 1))))
    t0 = time.perf_counter()
    design = Design.of(scenario, method, seed)
    strats = make_strategies(scenario, strategies)
    named = [p.id for p in scenario.packages]
    cand = candidate_rows(scenario, strats)
    sizes = [min(CHUNK, samples - start) for start in range(0, samples, CHUNK)]
    remaining_keep = KEEP
    jobs = []
    for k, size in enumerate(sizes):
        jobs.append(_Job(scenario, design, tuple(strats), cand, k, size, exact if k == 0 else 0,
                         max(0, min(size, remaining_keep)), scenario.window))
        remaining_keep -= size
    outs: list[_Out] = []
    label = "in-process"
    for out in _execute(jobs, workers, scheduler):
        outs.append(out)
        if progress is not None:
            progress(sum(o.n for o in outs), samples)
    if scheduler:
        label = f"dask scheduler {scheduler}"
    elif (workers or os.cpu_count() or 1) > 1 and len(jobs) > 1:
        label = f"{min(workers or os.cpu_count() or 1, len(jobs))} local processes"
    total = sum(o.n for o in outs)
    accepted = sum(o.accepted for o in outs)
    zone_checked = sum(o.zone_checked for o in outs)
    zone_found = sum(o.zone_found for o in outs)
    hist = sum(o.hist for o in outs)
    kept_x = np.concatenate([o.kept_x for o in outs])
    kept_deal = np.concatenate([o.kept_deal for o in outs])
    nominal = situate_batch(scenario)
    deciders = [a for a, d in zip(nominal.actor_ids, nominal.decides, strict=True) if d]
    results = []
    names = [p.path for p in design.params]
    for g, st in enumerate(strats):
        p = accepted[g, 0] / total
        half = 1.96 * np.sqrt(max(p * (1 - p), 1e-12) / total)
        quant = {}
        if st.proposal is not None:
            for d, a in enumerate(deciders):
                quant[a] = _hist_quantiles(hist[g, d], [0.05, 0.25, 0.5, 0.75, 0.95])
        box = None
        fails = ~kept_deal[:, g]
        if st.proposal is not None and 0 < fails.sum() < len(fails) and kept_x.shape[1] > 0:
            box = prim(kept_x, fails, names, max_dims=PRIM_DIMS)
        results.append(StrategyResult(
            strategy=st, p_deal=float(p), p_deal_ci=(float(max(0.0, p - half)), float(min(1.0, p + half))),
            p_named={nm: float(accepted[g, 1 + k] / total) for k, nm in enumerate(named)},
            p_zone=float(zone_found[g] / zone_checked) if zone_checked else float("nan"), zone_samples=zone_checked,
            utility_quantiles=quant, failure_box=box))
    return ExploreResult(scenario.meta.id, total, method, seed, label, names, deciders, named, results,
                         time.perf_counter() - t0)


def candidate_rows(scenario: Scenario, strats: list[Strategy]) -> np.ndarray:
    """(G, 1 + named, n) option indices: each strategy's proposal, then every named package."""
    from accord.model.evaluation import package_rows

    named = [dict(p.options) for p in scenario.packages]
    rows = [package_rows(scenario, [st.proposal, *named]) for st in strats]
    return np.array(rows, dtype=np.int64).reshape(len(strats), 1 + len(named), len(scenario.issues))


def _execute(jobs: list[_Job], workers: int | None, scheduler: str | None) -> Iterator[_Out]:
    """Run chunks in order: on a Dask cluster, in local processes, or here."""
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError:
            raise AccordError("--scheduler needs Dask: pip install 'accord[dist]'") from None
        with Client(scheduler) as client:
            futures = client.map(_run, jobs, pure=False)
            for f in futures:
                yield f.result()
        return
    n = min(workers or os.cpu_count() or 1, len(jobs))
    if n <= 1:
        for job in jobs:
            yield _run(job)
        return
    with worker_pool(n) as pool:
        yield from pool.map(_run, jobs)


def _hist_quantiles(h: np.ndarray, qs: list[float]) -> list[float]:
    """Quantiles from a histogram over BINS (to within one bin width, 0.005)."""
    cum = np.cumsum(h)
    if cum[-1] == 0:
        return [float("nan")] * len(qs)
    mids = (BINS[:-1] + BINS[1:]) / 2
    return [float(mids[np.searchsorted(cum, q * cum[-1])]) for q in qs]


SAMPLE_STRATEGY_SECONDS = 1e-4
"""CPU seconds per sample and strategy (the built-in scenario, 786,432 packages: 10,000 samples of its default
strategies in about 7 s of CPU on the 2-core reference machine; smaller scenarios are quicker)."""


def estimate(scenario: Scenario, samples: int, strategies: list[str] | None = None) -> Estimate:
    """The CPU a sweep of `samples` samples will take: it grows with samples x strategies."""
    n = len(strategies) if strategies else \
        max(1, len(scenario.lever_packages)) * (len(theories(scenario)) + int(any(hs.belief for hs in
                                                                                  scenario.hypothesis_sets)))
    return Estimate(SAMPLE_STRATEGY_SECONDS * samples * n,
                    f"exploring {samples:,} samples x {n} strategies (samples x strategies)")
