"""Benchmark: `accord report` (HTML, and HTML + PDF) on the built-in scenario, as a user runs it.

Targets (2 cores): HTML under 15 s, PDF under 45 s. Each command runs as a fresh process, rounds interleaved;
min / median / max wall time are printed with the machine's load. Baselines in the same run: the report's
longest single part, the findings (strategies played out under every theory, claims, evidence, value of
information, which the report computes in a second process while the sampled analyses run), timed alone in
this process: with two cores the HTML report cannot be faster than it; and the HTML-only report for the PDF.

    python benchmarks/bench_report.py [--rounds 3] [--no-pdf]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCORD = str(Path(sys.executable).parent / "accord")


def run(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([ACCORD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-pdf", action="store_true")
    opts = ap.parse_args()
    import accord
    from accord.analyses.findings import findings

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    html, pdf, floor = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "report.html")
        for _ in range(opts.rounds):
            html.append(run(["report", "-o", out]))
            if not opts.no_pdf:
                pdf.append(run(["report", "-o", out, "--pdf"]))
            s = accord.load()
            t = time.perf_counter()
            findings(s, samples=200, seed=0)
            floor.append(time.perf_counter() - t)

    def line(name: str, xs: list[float], target: float, base: float) -> None:
        med = statistics.median(xs)
        print(f"{name:34s} {min(xs):6.1f} / {med:6.1f} / {max(xs):6.1f} s   target {target:4.0f} s   "
              f"{med / base:4.2f}x its floor")

    f = statistics.median(floor)
    print(f"{'':34s} {'min / median / max':>22s}")
    print(f"{'floor: the findings alone':34s} {min(floor):6.1f} / {f:6.1f} / {max(floor):6.1f} s")
    line("accord report (HTML)", html, 15, f)
    if pdf:
        line("accord report --pdf (HTML + PDF)", pdf, 45, statistics.median(html))
        print(f"the PDF step itself: about {statistics.median(pdf) - statistics.median(html):.1f} s (WeasyPrint)")


if __name__ == "__main__":
    main()
