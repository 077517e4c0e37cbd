"""Benchmark: `accord backtest` on the shipped cases at the default sample count (target: under a minute, 2 cores).

Printed: wall and CPU seconds of the whole backtest (cases loaded once; median [min-max] of the rounds), with
the machine's load average, and the seconds of each case alone.

    python benchmarks/bench_backtest.py [--samples N] [--rounds R]
    python benchmarks/bench_backtest.py --quick     # 500 samples, 2 rounds

Ends with a summary: the whole backtest's CPU against the minute (absolute: not gated), and the backtest of all
cases against the sum of each case alone (gated: at most 1.5x, my bound; cases share nothing but the loop).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rounds import Summary, load_average, spread, timed  # noqa: E402

from accord.analyses.backtest import backtest, case_paths  # noqa: E402
from accord.scenario import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=2_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="500 samples, 2 rounds")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    a = ap.parse_args()
    if a.quick:
        a.samples, a.rounds = 500, 2
    cases = [load(p) for p in case_paths(None)]
    print(
        f"load average {load_average()}; {len(cases)} cases, "
        f"{sum(len(c.outcomes) for c in cases)} verdicts, {a.samples:,} samples",
        flush=True,
    )
    summary = Summary("bench_backtest")
    walls, cpus, alone = [], [], []
    for _ in range(a.rounds):  # interleaved: all cases at once, then each alone
        w, c = timed(lambda: backtest(cases, samples=a.samples))
        walls.append(w)
        cpus.append(c)
        alone.append([timed(lambda c=c: backtest([c], samples=a.samples))[1] for c in cases])  # type: ignore[misc]
        print(
            f"  round: all cases {c:.2f} s CPU, each alone {sum(alone[-1]):.2f} s CPU; load average {load_average()}",
            flush=True,
        )
    print(f"backtest, all cases: wall {spread(walls, 2)} s, CPU {spread(cpus, 2)} s")
    for k, c in enumerate(cases):
        print(f"  {c.meta.id}: CPU {statistics.median(x[k] for x in alone):.2f} s alone")
    summary.add(
        f"backtest, {a.samples:,} samples, CPU seconds (absolute)",
        statistics.median(cpus),
        60.0,
        higher=False,
        gate=False,
        unit=" s",
    )
    summary.add(
        "backtest of all cases / the cases alone, CPU",
        statistics.median(cpus) / statistics.median(sum(x) for x in alone),
        1.5,
        higher=False,
    )
    summary.print(a.summary_json)


if __name__ == "__main__":
    main()
