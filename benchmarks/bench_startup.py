"""Benchmark: how long each command takes to start and answer, against the interpreter's own floor.

Each command runs as a fresh process (as a user types it), 3 rounds interleaved; min / median / max wall time
are printed, with the ratio of the median to the floor: a bare `python -c pass`, and the same with the
command-line libraries imported (typer and rich), which no Accord command can beat. Then `accord.load()` of the
built-in scenario alone (imports excluded), cold (an empty scenario cache) and warm, 3 fresh processes each.

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ACCORD = str(BIN / "accord")
COMMANDS = {
    "floor: python -c pass": [sys.executable, "-c", "pass"],
    "floor: import typer, rich": [sys.executable, "-c", "import typer, rich.console, rich.table"],
    "accord --help": [ACCORD, "--help"],
    "accord assumptions": [ACCORD, "assumptions"],
    "accord evaluate -p lieven_terms": [ACCORD, "evaluate", "-p", "lieven_terms", "-l", "lieven_levers"],
    "accord claims (nominal)": [ACCORD, "claims"],
    "accord bargain -l lieven_levers": [ACCORD, "bargain", "-l", "lieven_levers", "-H", "lieven"],
}


def main() -> None:
    times: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(3):
        for name, cmd in COMMANDS.items():
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - t)
    floor = statistics.median(times["floor: import typer, rich"])
    print(f"{'command':36s} {'min':>7s} {'median':>7s} {'max':>7s}  vs typer+rich floor")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:36s} {min(ts):6.2f}s {med:6.2f}s {max(ts):6.2f}s  {med / floor:5.1f}x")

    load_times()


LOAD = ("import time, accord; load = accord.load; from accord.scenario import loader, cache; "
        "t = time.perf_counter(); load(); print(time.perf_counter() - t)")


def load_times() -> None:
    """`accord.load()` of the built-in scenario in fresh processes: cold (empty cache), then warm."""
    cold, warm = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "ACCORD_CACHE": tmp}
            for out in (cold, warm):
                run = subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True,
                                     check=True)
                out.append(float(run.stdout.strip().splitlines()[-1]))
    for name, ts in (("accord.load(), cold cache", cold), ("accord.load(), warm cache", warm)):
        print(f"{name:36s} {min(ts):6.3f}s {statistics.median(ts):6.3f}s {max(ts):6.3f}s  (imports excluded)")


if __name__ == "__main__":
    main()
