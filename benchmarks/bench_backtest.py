"""Benchmark: `accord backtest` on the shipped cases at the default sample count (target: under a minute, 2 cores).

Printed: wall and CPU seconds of the whole backtest (cases loaded once; median [min-max] of the rounds), with
the machine's load average, and the seconds of each case alone.

    python benchmarks/bench_backtest.py [--samples N] [--rounds R]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rounds import spread, timed  # noqa: E402

from accord.analyses.backtest import backtest, case_paths  # noqa: E402
from accord.scenario import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=2_000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    cases = [load(p) for p in case_paths(None)]
    print(f"load average {os.getloadavg()[0]:.2f}; {len(cases)} cases, "
          f"{sum(len(c.outcomes) for c in cases)} verdicts, {a.samples:,} samples")
    walls, cpus = [], []
    for _ in range(a.rounds):
        w, c = timed(lambda: backtest(cases, samples=a.samples))
        walls.append(w)
        cpus.append(c)
    print(f"backtest, all cases: wall {spread(walls, 2)} s, CPU {spread(cpus, 2)} s")
    for c in cases:
        w, cpu = timed(lambda c=c: backtest([c], samples=a.samples))  # type: ignore[misc]
        print(f"  {c.meta.id}: wall {w:.2f} s, CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
