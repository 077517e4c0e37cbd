"""Benchmark: the heavier everyday commands on the built-in scenario, as a user runs them.

`accord forecast --samples 5000` and `accord leverage`, each as a fresh process, rounds interleaved;
min / median / max of wall and CPU time (the process and its workers) with the machine's load, against the
targets of the README (2 cores: forecast and leverage under 10 s; `accord run` and `accord report`:
`bench_run.py`). The baseline beside each, in
the same run, is the same command's analysis alone in this process (scenario already loaded, one core, no
printing): what start-up, loading, workers and output add on top of it.

    python benchmarks/bench_commands.py [--rounds 3]
    python benchmarks/bench_commands.py --quick     # 2 rounds, forecast --samples 500 and leverage -n 500

Ends with a summary: each command's CPU against its target (absolute, so not gated: load moves it) and the
whole process's CPU against its analysis alone in this process (gated: start-up, loading, workers and output
at most 2x the analysis; my bound, the issue states none).
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

sys.path.insert(0, str(Path(__file__).parent))
from rounds import Summary, load_average  # noqa: E402

ACCORD = str(Path(sys.executable).parent / "accord")


def run(args: list[str], where: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process run in folder `where` (its run store lands there), children
    included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([ACCORD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=where)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def baselines(quick: bool) -> dict[str, Callable[[], object]]:
    """Each command's analysis alone, in this process."""
    import accord
    from accord.analyses.leverage import leverage
    from accord.forecast.run import Settings, conditions, forecast_conditions

    s = accord.load()
    n = 500 if quick else 5000
    return {
        "accord forecast": lambda: forecast_conditions(s, conditions(s), None, Settings(), n, workers=1),
        "accord leverage": (lambda: leverage(s, samples=500)) if quick else (lambda: leverage(s)),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="2 rounds at 500 samples")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    opts = ap.parse_args()
    commands = {
        "accord forecast": (["forecast", "--samples", "500" if opts.quick else "5000"], 10.0),
        "accord leverage": ((["leverage", "-n", "500"] if opts.quick else ["leverage"]), 10.0),
    }
    rounds = 2 if opts.quick else opts.rounds
    print(f"load average {load_average()} on {os.cpu_count()} cores", flush=True)
    summary = Summary("bench_commands")
    base_fns = baselines(opts.quick)
    print(
        f"{'':34s} {'wall min / median / max':>24s} {'CPU median':>11s} {'target':>7s} {'in-process, 1 core, CPU':>24s}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, (args, target) in commands.items():
            walls, cpus, base = [], [], []
            for _ in range(rounds):  # interleaved: the command as a process, then its analysis here
                w, c = run(args, tmp)
                walls.append(w)
                cpus.append(c)
                t = time.process_time()
                base_fns[name]()
                base.append(time.process_time() - t)
            w, c, b = statistics.median(walls), statistics.median(cpus), statistics.median(base)
            label = f"{name} {' '.join(args[1:])}"
            print(
                f"{label:34s} {min(walls):6.1f} / {w:6.1f} / {max(walls):6.1f} s {c:9.1f} s {target:5.0f} s "
                f"{b:9.2f} s ({c / b:.2f}x)   load average {load_average()}",
                flush=True,
            )
            if not opts.quick:
                summary.add(f"{label}, CPU seconds (absolute)", c, target, higher=False, gate=False, unit=" s")
            summary.add(f"{label}: whole process / its analysis alone, CPU", c / b, 2.0, higher=False)
    summary.print(opts.summary_json)


if __name__ == "__main__":
    main()
