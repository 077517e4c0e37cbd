"""Exploring the uncertainties: how likely a deal is under each strategy, and what decides it.

A strategy here is a course of action (`accord.analyses.strategies.Course`): a lever package under a theory
(a set of hypotheses), with the package the mediator proposes: the one the lever package makes possible (`accord.analyses.proposal`: the Nash
package of the first zone it opens within the scenario's window, at the nominal numbers).
For every sample of the uncertain numbers (MC, LHS or Sobol), in one vectorised pass per
chunk of 10^4 samples, Accord judges the proposal and every named package (`accord.model.acceptance`): the
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
from dataclasses import dataclass, field, replace

import numpy as np

from accord.analyses.bargaining import zone_opens
from accord.analyses.frames import Table, Tabular, label, levers_label, names_of, package_text, theory_label
from accord.analyses.prim import Box, prim
from accord.analyses.strategies import (
    BELIEFS,
    Course,
    accepts_by_belief,
    belief_note,
    belief_uniforms,
    candidate_rows,
    draw_theories,
    make_strategies,
    situate_by_theory,
)
from accord.budget import Estimate
from accord.errors import AccordError
from accord.model.acceptance import accepts, decider_gains, verdicts  # noqa: F401 - importable from here as before
from accord.model.situation import situate_batch, theories
from accord.model.uncertainty import CHUNK, Design
from accord.scenario.schema import Scenario
from accord.workers import heap_kept, one_core
from accord.workers import pool as worker_pool

BINS = np.linspace(-1.0, 2.0, 601)  # utility histogram bins (width 0.005) for quantiles over any number of samples
KEEP = 20_000  # samples whose parameter values are kept for scenario discovery (PRIM)
PRIM_DIMS = 20

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Job:
    scenario: Scenario
    design: Design
    strategies: tuple[Course, ...]
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
        if strat.hypotheses == BELIEFS:  # one theory drawn per sample; its zone and acceptance judged under it
            choice = draw_theories(numbers, belief_uniforms(job.design.seed, job.chunk, job.size))
            ok, util = accepts_by_belief(
                s, strat, numbers, job.candidates[g], job.design.seed, job.chunk, job.window, choice=choice
            )
            first = np.arange(checked)
            zone_batches = list(situate_by_theory(s, strat.levers, numbers.take(first), choice[first]))
        else:
            batch = situate_batch(s, strat.levers, strat.hypotheses, numbers=numbers)
            ok, util = accepts(batch, job.candidates[g], job.window)
            zone_batches = [(np.arange(checked), batch)]
        accepted[g] = ok.sum(axis=0)
        deal_cols.append(ok[:, 0])
        D = util.shape[1]
        if hist is None:
            hist = np.zeros((G, D, len(BINS) - 1), dtype=np.int64)
        if strat.proposal is not None:
            for d in range(D):
                hist[g, d] += np.histogram(util[:, d, 0], bins=BINS)[0]
        for rows, b in zone_batches:  # the exact check: a pass over every package per sample (first `checked`)
            zone_found[g] += sum(zone_opens(b.situation(k), job.window)[0] >= 0 for k in range(len(rows)))
    keep = min(job.keep, job.size)
    return _Out(
        job.size,
        accepted,
        checked,
        zone_found,
        hist if hist is not None else np.zeros((G, 0, 0)),
        values[:keep].astype(np.float32),
        np.stack(deal_cols, axis=1)[:keep],
    )


@dataclass(frozen=True)
class StrategyResult:
    """What the exploration says about one strategy."""

    strategy: Course
    p_deal: float
    p_deal_ci: tuple[float, float]
    p_named: dict[str, float]
    p_zone: float
    zone_samples: int
    utility_quantiles: dict[str, list[float]]  # decider -> 5, 25, 50, 75, 95th percentiles of proposal utility
    failure_box: Box | None


@dataclass(frozen=True)
class ExploreResult(Tabular):
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
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    def _table(self) -> Table:
        """Every strategy explored: P(deal) with its interval and P(zone)."""
        n = self.labels
        rows = [
            (
                s.strategy.id,
                f"{levers_label(n, s.strategy.levers)} under {theory_label(n, s.strategy.hypotheses)}",
                s.p_deal,
                s.p_deal_ci[0],
                s.p_deal_ci[1],
                s.p_zone,
                s.zone_samples,
                package_text(n, s.strategy.proposal),
            )
            for s in self.strategies
        ]
        return Table(
            f"Strategies over {self.samples:,} samples",
            ("strategy_id", "strategy"),
            ("P(deal)", "P(deal) low", "P(deal) high", "P(zone)", "P(zone) samples", "proposal"),
            rows,
            key="strategies",
        )

    def tables(self) -> list[Table]:
        """The strategies, then each named package's probability of acceptance under each strategy."""
        n = self.labels
        named = Table(
            "Probability each named package is accepted by every decider",
            ("package_id", "strategy_id", "package", "strategy"),
            ("P(accepted)",),
            [
                (
                    p,
                    s.strategy.id,
                    label(n, p),
                    f"{levers_label(n, s.strategy.levers)} under {theory_label(n, s.strategy.hypotheses)}",
                    s.p_named[p],
                )
                for p in self.named
                for s in self.strategies
            ],
            key="named-packages",
        )
        return [self._table(), named]

    @property
    def samples_per_second(self) -> float:
        """Throughput: samples times strategies per second."""
        return self.samples * len(self.strategies) / self.seconds if self.seconds else float("inf")


def explore(
    scenario: Scenario,
    samples: int,
    *,
    method: str = "mc",
    strategies: list[str] | None = None,
    seed: int = 0,
    workers: int | None = None,
    scheduler: str | None = None,
    exact: int | None = None,
    progress: Progress | None = None,
) -> ExploreResult:
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
        jobs.append(
            _Job(
                scenario,
                design,
                tuple(strats),
                cand,
                k,
                size,
                exact if k == 0 else 0,
                max(0, min(size, remaining_keep)),
                scenario.window,
            )
        )
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
        results.append(
            StrategyResult(
                strategy=st,
                p_deal=float(p),
                p_deal_ci=(float(max(0.0, p - half)), float(min(1.0, p + half))),
                p_named={nm: float(accepted[g, 1 + k] / total) for k, nm in enumerate(named)},
                p_zone=float(zone_found[g] / zone_checked) if zone_checked else float("nan"),
                zone_samples=zone_checked,
                utility_quantiles=quant,
                failure_box=box,
            )
        )
    notes = [belief_note(scenario, design.params)] if any(st.hypotheses == BELIEFS for st in strats) else []
    return ExploreResult(
        scenario.meta.id,
        total,
        method,
        seed,
        label,
        names,
        deciders,
        named,
        results,
        time.perf_counter() - t0,
        notes,
        labels=names_of(scenario),
    )


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
        with one_core(), heap_kept():
            for job in jobs:
                yield _run(job)
        return
    # every worker is handed the run's shared part (scenario, design, strategies, packages) once; a task is then
    # four numbers, and each worker draws its chunks' samples itself from the seed and the chunk number
    with worker_pool(n, _adopt, (jobs[0],)) as pool:
        yield from pool.map(_run_chunk, [(j.chunk, j.size, j.exact, j.keep) for j in jobs])


_PLAN: list[_Job] = []  # in a worker process: the run's first chunk, whose shared part every task reuses


def _adopt(job: _Job) -> None:
    """Run once in each worker: keep what every chunk of the run shares."""
    _PLAN[:] = [job]


def _run_chunk(part: tuple[int, int, int, int]) -> _Out:
    """One chunk in a worker, from its number, size, exact checks and kept samples."""
    chunk, size, exact, keep = part
    return _run(replace(_PLAN[0], chunk=chunk, size=size, exact=exact, keep=keep))


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
    n = (
        len(strategies)
        if strategies
        else max(1, len(scenario.lever_packages))
        * (len(theories(scenario)) + int(any(hs.belief for hs in scenario.hypothesis_sets)))
    )
    return Estimate(
        SAMPLE_STRATEGY_SECONDS * samples * n, f"exploring {samples:,} samples x {n} strategies (samples x strategies)"
    )
