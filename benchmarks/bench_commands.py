"""Benchmark: the heavier everyday commands on the built-in scenario, as a user runs them.

`accord forecast --samples 5000` and `accord leverage`, each as a fresh process, rounds interleaved;
min / median / max of wall and CPU time (the process and its workers) with the machine's load, against the
targets of the README (2 cores: forecast and leverage under 10 s; `accord run` and `accord report`:
`bench_run.py`). The baseline beside each, in
the same run, is the same command's analysis alone in this process (scenario already loaded, one core, no
printing): what start-up, loading, workers and output add on top of it.

    python benchmarks/bench_commands.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ACCORD = str(Path(sys.executable).parent / "accord")
COMMANDS: dict[str, tuple[list[str], float]] = {
    "accord forecast --samples 5000": (["forecast", "--samples", "5000"], 10.0),
    "accord leverage": (["leverage"], 10.0),
}


def run(args: list[str], where: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process run in folder `where` (its run store lands there), children
    included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([ACCORD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=where)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def baselines() -> dict[str, Callable[[], object]]:
    """Each command's analysis alone, in this process."""
    import accord
    from accord.analyses.leverage import leverage
    from accord.forecast.run import Settings, conditions, forecast_conditions

    s = accord.load()
    return {"accord forecast --samples 5000": lambda: forecast_conditions(s, conditions(s), None, Settings(), 5000,
                                                                        workers=1),
            "accord leverage": lambda: leverage(s)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    opts = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    walls: dict[str, list[float]] = {k: [] for k in COMMANDS}
    cpus: dict[str, list[float]] = {k: [] for k in COMMANDS}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(opts.rounds):
            for name, (args, _) in COMMANDS.items():
                w, c = run(args, tmp)
                walls[name].append(w)
                cpus[name].append(c)
    base = {}
    for name, fn in baselines().items():
        t = time.perf_counter()
        fn()
        base[name] = time.perf_counter() - t
    print(f"{'':32s} {'wall min / median / max':>24s} {'CPU median':>11s} {'target':>7s} {'in-process, 1 core':>19s}")
    for name, (_, target) in COMMANDS.items():
        w = walls[name]
        ok = "met" if statistics.median(w) <= target else "MISSED"
        print(f"{name:32s} {min(w):6.1f} / {statistics.median(w):6.1f} / {max(w):6.1f} s {statistics.median(cpus[name]):9.1f} s"
              f" {target:5.0f} s {ok:6s} {base[name]:6.1f} s ({statistics.median(w) / base[name]:.2f}x)")


if __name__ == "__main__":
    main()
