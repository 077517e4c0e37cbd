"""Benchmark: exploring uncertainty with Accord against the EMA Workbench, same model, same samples, same run.

The model: does every decider accept the proposal of strategy `lieven_levers_with_ultimatum@lieven` on the
built-in scenario, given one sample of its assumptions (464 numbers)? For the EMA Workbench it is a
Python function of one experiment (the way its users wrap a model), which calls Accord's
engine for that one sample; EMA runs it with its SequentialEvaluator and its
MultiprocessingEvaluator (2 processes), on the very samples Accord draws, and the two
probabilities of a deal are checked equal.

Also printed: Accord at 10^6 samples in 3 interleaved rounds (wall and CPU, median [min-max]) beside
its plain-NumPy floor (`run_floor`: the same uniform draws and the same acceptance test written
plainly on arrays already compiled, so it leaves out compiling each sample's situation, which Accord
must do: a lower bound, not a rival); the full leverage table of the built-in scenario; and
`explore` on a Dask LocalCluster with 1 and 2 workers.

Also `--workers 1` against `--workers 2` on the same samples, interleaved: wall and CPU (the process and its
workers) and CPU per sample (target: 2 workers at least 1.7x faster in wall time, at most 15 us of CPU per sample).

    pip install -e '.[bench]' ema_workbench && python benchmarks/bench_explore.py
    python benchmarks/bench_explore.py --quick     # 10^5 samples (3 x 10^5 for the workers), 500 for the EMA
                                                   # Workbench, no Dask (under a minute)

First printed: the peak RSS of a fresh process exploring 10^5 and 10^6 samples on 2 processes (`--rss`: only
that). Ends with a summary of every ratio against its target (`--summary-json` writes it for
`benchmarks/gate.py`).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import warnings

import numpy as np
from rounds import Summary, load_average, spread

import accord
from accord.analyses.explore import accepts, explore, make_strategies
from accord.analyses.leverage import leverage
from accord.model.situation import situate_batch
from accord.model.uncertainty import Design, sample_numbers

STRATEGY = "lieven_levers_with_ultimatum@lieven"  # a deal in about 4 samples of 5: the answers compared mean something
_STATE: dict = {}


def _setup() -> None:
    if not _STATE:
        s = accord.load()
        strat = make_strategies(s, [STRATEGY])[0]
        from accord.analyses.explore import candidate_rows

        _STATE.update(scenario=s, strategy=strat, design=Design.of(s), cand=candidate_rows(s, [strat])[0][:1])


def ema_model(**params: float) -> dict:
    """One experiment: the parameters by name p0..pK, and whether every decider accepts the proposal."""
    _setup()
    s, d = _STATE["scenario"], _STATE["design"]
    values = np.array([[params[f"p{k}"] for k in range(len(d.params))]])
    numbers = sample_numbers(s, d.params, d.slots, values)
    st = _STATE["strategy"]
    ok, _ = accepts(situate_batch(s, st.levers, st.hypotheses, numbers=numbers), _STATE["cand"], s.window)
    return {"deal": float(ok[0, 0])}


def run_ema(values: np.ndarray, processes: int) -> tuple[float, float]:
    """Run the EMA Workbench on the given samples; returns (seconds, P(deal))."""
    from ema_workbench import (
        Model,
        MultiprocessingEvaluator,
        RealParameter,
        ScalarOutcome,
        Scenario,
        SequentialEvaluator,
        perform_experiments,
    )
    from ema_workbench.util import ema_logging

    ema_logging.log_to_stderr(30)  # logging.WARNING
    _setup()
    d = _STATE["design"]
    model = Model("accord", function=ema_model)
    model.uncertainties = [
        RealParameter(f"p{k}", p.low, p.high if p.high > p.low else p.low + 1e-12) for k, p in enumerate(d.params)
    ]
    model.outcomes = [ScalarOutcome("deal")]
    scenarios = [Scenario(name=i, **{f"p{k}": float(v) for k, v in enumerate(row)}) for i, row in enumerate(values)]
    t = time.perf_counter()
    if processes == 1:
        with SequentialEvaluator(model) as ev:
            _, out = perform_experiments(model, scenarios=scenarios, evaluator=ev)
    else:
        with MultiprocessingEvaluator(model, n_processes=processes) as ev:
            _, out = perform_experiments(model, scenarios=scenarios, evaluator=ev)
    return time.perf_counter() - t, float(np.mean(out["deal"]))


def run_floor(s: accord.Scenario, samples: int, seed: int) -> tuple[float, float, float]:
    """The plain-NumPy floor of `explore` for STRATEGY: (wall seconds, CPU seconds, P(deal)) on `samples` samples.

    Timed: drawing the samples' uniform numbers (as many as Accord's design has parameters) and the acceptance
    test on the compiled arrays, written plainly: whether the proposal is on the table, feasible and allowed by
    the offer sets in force; each party's utility of the proposal (a gather and a sum),
    the actors' utilities by their faction matrix, the deciders' gains, binding red lines, and a deal when some
    month of the window has every gain at or above zero (every month tried). Not timed: compiling the samples'
    situations (levers, hypotheses, factions), which the floor takes from Accord."""
    from accord.analyses.explore import candidate_rows
    from accord.model.acceptance import feasible, on_offer, on_table
    from accord.model.uncertainty import CHUNK

    strat = make_strategies(s, [STRATEGY])[0]
    opts = candidate_rows(s, [strat])[0][0]
    design = Design.of(s, "mc", seed=seed)
    months = np.arange(s.window)
    wall = cpu = 0.0
    deals = 0
    for k, start in enumerate(range(0, samples, CHUNK)):
        size = min(CHUNK, samples - start)
        _, numbers = design.chunk(s, k, size)
        b = situate_batch(s, strat.levers, strat.hypotheses, numbers=numbers)
        dec = np.flatnonzero(b.decides)
        slope = b.actor_slope[:, dec]
        rules = [
            (r, [k for k, a in enumerate(b.actor_ids) if a == rl.actor][0])
            for r, rl in enumerate(b.red_line_patterns)
            if rl.pattern.mask[np.arange(len(opts)), opts].all()
        ]
        t, c = time.perf_counter(), time.process_time()
        np.random.default_rng(k).random((size, len(design.params)))
        party = b.contrib[:, :, np.arange(len(opts)), opts].sum(axis=2) + b.deal_value
        gain = np.einsum("sap,sp->sa", b.actor_matrix, party - b.reservation)[:, dec]
        package = opts[None, :]  # on the table, feasible and on offer (the offer sets the levers put in force)
        listed = on_table(b.available, package) & feasible(b.constraints, package) & on_offer(b.offered, package)
        blocked = np.full(size, not listed[0])
        for r, who in rules:
            if b.decides[who]:
                blocked |= b.red_line_binding[:, r]
        ok = ((gain[:, :, None] + slope[:, :, None] * months) >= -1e-9).all(axis=1).any(axis=1) & ~blocked
        deals += int(ok.sum())
        wall += time.perf_counter() - t
        cpu += time.process_time() - c
    return wall, cpu, deals / samples


def _big_round(s: accord.Scenario, samples: int) -> tuple[float, float, float]:
    """One timed `explore` of `samples` samples on 2 processes: (wall, CPU of this process and its workers, P(deal))."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t, c = time.perf_counter(), time.process_time()
    big = explore(s, samples, strategies=[STRATEGY], seed=1, workers=2, exact=0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    kids = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - t, time.process_time() - c + kids, big.strategies[0].p_deal


RSS = (
    "import json, sys, warnings; warnings.filterwarnings('ignore'); import accord; "
    "from accord.analyses.explore import explore; "
    "explore(accord.load(), int(sys.argv[1]), strategies=[sys.argv[2]], seed=1, workers=int(sys.argv[3]), exact=0)"
)


def rss_rows(workers: int = 2, sizes: tuple[int, ...] = (100_000, 1_000_000)) -> None:
    """Peak RSS of `explore` as a user's process holds it: a fresh process (imports included) exploring 10^5 and
    10^6 samples; `os.wait4` reports the largest of the process and its worker processes."""
    import sys

    from rounds import process

    for n in sizes:
        r = process([sys.executable, "-c", RSS, str(n), STRATEGY, str(workers)])
        print(
            f"Accord explore, {n:,} samples, {workers} process{'es' if workers > 1 else ''}, fresh process: "
            f"peak RSS {r['rss_mb']:.0f} MB (the largest of the process and its workers), {r['cpu']:.1f} s CPU"
            f"{'' if r['rc'] == 0 else ' (failed)'}",
            flush=True,
        )


WORKERS = (
    "import sys, warnings; warnings.filterwarnings('ignore'); import accord; "
    "from accord.analyses.explore import explore; s = accord.load(); "
    "r = explore(s, int(sys.argv[1]), strategies=[sys.argv[2]], seed=1, workers=int(sys.argv[3]), exact=0); "
    "print(r.strategies[0].p_deal)"
)


def workers_rows(samples: int, rounds: int, summary: Summary) -> None:
    """`explore --workers 1` against `--workers 2` as a user runs them (fresh processes: imports, loading and
    the workers included), interleaved round by round, on the same samples."""
    import sys

    from rounds import process

    got: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(rounds):
        for w in (1, 2):
            got[w].append(process([sys.executable, "-c", WORKERS, str(samples), STRATEGY, str(w)]))
    for w in (1, 2):
        walls, cpus = [x["wall"] for x in got[w]], [x["cpu"] for x in got[w]]
        print(
            f"explore --workers {w}, {samples:,} samples, fresh process: {spread(walls, 2)} s wall, "
            f"{spread(cpus, 2)} s CPU, {statistics.median(cpus) / samples * 1e6:.1f} us CPU per sample; "
            f"load average {load_average()}",
            flush=True,
        )
    same = len({x["stdout"].strip() for xs in got.values() for x in xs}) == 1
    print(f"the same P(deal) on 1 and 2 workers: {'yes' if same else 'NO'}")
    wall = {w: statistics.median(x["wall"] for x in got[w]) for w in got}
    cpu = {w: statistics.median(x["cpu"] for x in got[w]) for w in got}
    summary.add("explore --workers 2 / --workers 1, wall time (load moves it)", wall[1] / wall[2], 1.7, gate=False)
    summary.add(
        "explore CPU per sample, 2 workers, whole process (us)", cpu[2] / samples * 1e6, 15.0, higher=False, unit="us"
    )
    summary.add("explore CPU, 2 workers / 1 worker, whole process", cpu[2] / cpu[1], 1.15, higher=False, gate=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ema-samples", type=int, default=2000, help="samples given to the EMA Workbench")
    ap.add_argument("--big", type=int, default=1_000_000, help="samples for Accord's large run")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the large run and its floor")
    ap.add_argument("--floor-samples", type=int, default=200_000, help="samples the floor is timed on (scaled)")
    ap.add_argument("--rss", action="store_true", help="only the peak RSS at 10^5 and 10^6 samples")
    ap.add_argument("--quick", action="store_true", help="10^5 samples, 2 rounds, 500 for EMA, no Dask")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    args = ap.parse_args()
    if args.quick:
        args.big, args.rounds, args.ema_samples, args.floor_samples = 100_000, 2, 500, 50_000
    warnings.filterwarnings("ignore")
    summary = Summary("bench_explore")
    print(f"{os.cpu_count()} cores; load average {load_average()}", flush=True)
    rss_rows(sizes=(100_000,) if args.quick else (100_000, 1_000_000))
    if args.rss:
        return
    s = accord.load()
    workers_rows(300_000 if args.quick else args.big, args.rounds, summary)  # whole processes: start-up amortised

    # The same samples for both: Accord's own first chunk.
    d = Design.of(s, "mc", seed=0)
    values, _ = d.chunk(s, 0, args.ema_samples)
    t = time.perf_counter()
    r = explore(s, args.ema_samples, strategies=[STRATEGY], seed=0, workers=1, exact=0)
    acc_small = time.perf_counter() - t
    print(
        f"Accord explore, {args.ema_samples:,} samples, 1 process: {acc_small:.2f} s, "
        f"{args.ema_samples / acc_small:,.0f} experiments/s, P(deal) = {r.strategies[0].p_deal:.4f}"
    )
    print(f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    walls, cpus, floors, fcpus = [], [], [], []
    p_big = p_floor = float("nan")
    for _ in range(args.rounds):  # interleaved: Accord, then its floor, round after round
        w, c, p_big = _big_round(s, args.big)
        walls.append(w)
        cpus.append(c)
        fw, fc, p_floor = run_floor(s, args.floor_samples, seed=1)
        floors.append(fw * args.big / args.floor_samples)
        fcpus.append(fc * args.big / args.floor_samples)
    big_rate = args.big / statistics.median(walls)
    print(
        f"Accord explore, {args.big:,} samples, 2 processes, {args.rounds} rounds: "
        f"{statistics.median(walls):.1f} s wall [{min(walls):.1f}-{max(walls):.1f}], "
        f"{statistics.median(cpus):.1f} s CPU [{min(cpus):.1f}-{max(cpus):.1f}] "
        f"({big_rate:,.0f} experiments/s), P(deal) = {p_big:.4f}"
    )
    check = explore(s, args.floor_samples, strategies=[STRATEGY], seed=1, workers=1, exact=0).strategies[0].p_deal
    same = (
        "same P(deal) as Accord on these samples"
        if abs(check - p_floor) < 1e-12
        else f"P(deal) DIFFERS: {p_floor:.4f} against Accord's {check:.4f}"
    )
    print(
        f"Plain-NumPy floor (draws + acceptance test, one process; {args.floor_samples:,} samples scaled to "
        f"{args.big:,}): {statistics.median(floors):.2f} s wall, {statistics.median(fcpus):.2f} s CPU ({same}). "
        f"Accord / floor: {statistics.median(walls) / statistics.median(floors):.1f}x wall, "
        f"{statistics.median(cpus) / statistics.median(fcpus):.1f}x CPU",
        flush=True,
    )
    summary.add(
        "explore / plain-NumPy floor, CPU (no target: the last README figure, 7.1x)",
        statistics.median(cpus) / statistics.median(fcpus),
        7.1,
        higher=False,
        gate=False,
    )
    try:
        import ema_workbench  # noqa: F401
    except ImportError:
        print("EMA Workbench not installed (pip install ema_workbench): no ratio printed")
    else:
        os.environ["TQDM_DISABLE"] = "1"
        evaluators = ((1, "SequentialEvaluator"), (2, "MultiprocessingEvaluator (2 processes)"))
        for procs, name in evaluators[:1] if args.quick else evaluators:
            secs, p = run_ema(values, procs)
            same = "same P(deal)" if abs(p - r.strategies[0].p_deal) < 1e-12 else f"P(deal) DIFFERS ({p:.4f})"
            rate = args.ema_samples / secs
            print(
                f"EMA Workbench {name}: {secs:.2f} s, {rate:,.0f} experiments/s ({same} as Accord). "
                f"Ratio on these samples: {secs / acc_small:,.0f}x; experiments/s at scale: "
                f"{big_rate / rate:,.0f}x",
                flush=True,
            )
            if procs == 1:
                summary.add(
                    f"EMA Workbench / Accord, same {args.ema_samples:,} samples, 1 process (wall)",
                    secs / acc_small,
                    25.0,
                    gate=False,
                )

    t = time.perf_counter()
    lev = leverage(s, samples=1_000 if args.quick else 10_000)
    secs = time.perf_counter() - t
    judged = lev.lever_packages * lev.samples * len(lev.theories)
    print(
        f"Accord leverage, all {lev.lever_packages:,} lever packages x {lev.samples:,} samples x "
        f"{len(lev.theories)} theories: {secs:.1f} s ({judged / secs:,.0f} judgements/s)"
    )

    if args.quick:
        summary.print(args.summary_json)
        return
    try:
        from dask.distributed import LocalCluster
    except ImportError:
        print("Dask not installed: no scaling figures")
        summary.print(args.summary_json)
        return
    times = {}
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as c:
            explore(s, 20_000, strategies=[STRATEGY], seed=2, scheduler=c.scheduler_address, exact=0)  # warm up
            t = time.perf_counter()
            explore(s, 300_000, strategies=[STRATEGY], seed=2, scheduler=c.scheduler_address, exact=0)
            times[n] = time.perf_counter() - t
        print(f"Accord explore on a Dask LocalCluster, {n} worker(s), 300,000 samples: {times[n]:.1f} s")
    print(f"Dask speed-up from 1 to 2 workers: {times[1] / times[2]:.2f}x")
    summary.add(
        "explore on Dask, 2 workers / 1 worker, wall time (load moves it)", times[1] / times[2], 1.7, gate=False
    )
    summary.print(args.summary_json)


if __name__ == "__main__":
    main()
