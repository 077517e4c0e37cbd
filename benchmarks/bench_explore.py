"""Benchmark: exploring uncertainty with Accord against the EMA Workbench, same model, same samples, same run.

The model: does every decider accept the proposal of strategy `lieven_levers@lieven` on the
built-in scenario, given one sample of its 392 assumptions? For the EMA Workbench it is a
Python function of one experiment (the way its users wrap a model), which calls Accord's
engine for that one sample; EMA runs it with its SequentialEvaluator and its
MultiprocessingEvaluator (2 processes), on the very samples Accord draws, and the two
probabilities of a deal are checked equal.

Also printed: Accord at 10^6 samples, the full leverage table of the built-in scenario, and
`explore` on a Dask LocalCluster with 1 and 2 workers.

    pip install -e '.[bench]' ema_workbench && python benchmarks/bench_explore.py
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import accord
from accord.analyses.explore import accepts, explore, make_strategies
from accord.analyses.leverage import leverage
from accord.model.situation import situate_batch
from accord.model.uncertainty import Design, sample_numbers

STRATEGY = "lieven_levers@lieven"
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
    model.uncertainties = [RealParameter(f"p{k}", p.low, p.high if p.high > p.low else p.low + 1e-12)
                           for k, p in enumerate(d.params)]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ema-samples", type=int, default=2000, help="samples given to the EMA Workbench")
    ap.add_argument("--big", type=int, default=1_000_000, help="samples for Accord's large run")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    s = accord.load()

    # The same samples for both: Accord's own first chunk.
    d = Design.of(s, "mc", seed=0)
    values, _ = d.chunk(s, 0, args.ema_samples)
    t = time.perf_counter()
    r = explore(s, args.ema_samples, strategies=[STRATEGY], seed=0, workers=1, exact=0)
    acc_small = time.perf_counter() - t
    print(f"Accord explore, {args.ema_samples:,} samples, 1 process: {acc_small:.2f} s, "
          f"{args.ema_samples / acc_small:,.0f} experiments/s, P(deal) = {r.strategies[0].p_deal:.4f}")
    t = time.perf_counter()
    big = explore(s, args.big, strategies=[STRATEGY], seed=1, workers=2, exact=0)
    secs = time.perf_counter() - t
    big_rate = args.big / secs
    print(f"Accord explore, {args.big:,} samples, 2 processes: {secs:.1f} s "
          f"({big_rate:,.0f} experiments/s), P(deal) = {big.strategies[0].p_deal:.4f}")
    try:
        import ema_workbench  # noqa: F401
    except ImportError:
        print("EMA Workbench not installed (pip install ema_workbench): no ratio printed")
    else:
        import os

        os.environ["TQDM_DISABLE"] = "1"
        for procs, name in ((1, "SequentialEvaluator"), (2, "MultiprocessingEvaluator (2 processes)")):
            secs, p = run_ema(values, procs)
            same = "same P(deal)" if abs(p - r.strategies[0].p_deal) < 1e-12 else f"P(deal) DIFFERS ({p:.4f})"
            rate = args.ema_samples / secs
            print(f"EMA Workbench {name}: {secs:.2f} s, {rate:,.0f} experiments/s ({same} as Accord). "
                  f"Ratio on these samples: {secs / acc_small:,.0f}x; experiments/s at scale: "
                  f"{big_rate / rate:,.0f}x")

    t = time.perf_counter()
    lev = leverage(s, samples=10_000)
    secs = time.perf_counter() - t
    judged = lev.lever_packages * lev.samples * len(lev.theories)
    print(f"Accord leverage, all {lev.lever_packages:,} lever packages x {lev.samples:,} samples x "
          f"{len(lev.theories)} theories: {secs:.1f} s ({judged / secs:,.0f} judgements/s)")

    try:
        from dask.distributed import LocalCluster
    except ImportError:
        print("Dask not installed: no scaling figures")
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


if __name__ == "__main__":
    main()
