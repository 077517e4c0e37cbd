"""Benchmark: how long each command takes to start and answer, against the interpreter's own floor.

Each command runs as a fresh process (as a user types it), 3 rounds interleaved; min / median / max wall time
are printed, with the ratio of the median to the floor: a bare `python -c pass`, and the same with the
command-line libraries imported (typer and rich), which no Accord command can beat.

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
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


if __name__ == "__main__":
    main()
