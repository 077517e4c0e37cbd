"""Benchmark: `accord run` and `accord report` on the built-in scenario, as a user runs them, cold and from a
stored results bundle (issue 22: compute once, render anywhere).

Each command runs as a fresh process at the default sample counts, rounds interleaved, every round in a fresh
run store (the scenario cache in a folder of its own, warm after the first command); CPU seconds are the
process's and its workers' (median of the rounds), beside wall seconds and the targets (2 cores):

    accord run                                   computes the bundle and stores it          CPU < 8 s
    accord report            (no stored bundle)  computes the bundle and the report's parts  CPU < 20 s
    accord report            (after accord run)  reuses the bundle, computes the report's parts  CPU < 10 s
    accord report            (again)             reuses the bundle and its parts: renders only
    accord report --pdf      (after a report)    renders from the bundle, then the PDF        CPU < 30 s

With --profile, the report's rendering from a complete bundle and `run`'s computation are profiled (cProfile,
in this process) and their top functions printed.

    python benchmarks/bench_run.py [--rounds 3] [--no-pdf] [--profile]
    python benchmarks/bench_run.py --quick     # 1 round, no PDF (about 2 minutes on 2 loaded cores)

Ends with a summary: each step's CPU against its target (absolute: not gated) and what reusing the stored
results saves, in the same round (gated: a report from `run`'s results at most 0.75x the cold report's CPU;
the README's figures give 0.53x).
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from rounds import Summary, load_average  # noqa: E402

ACCORD = str(Path(sys.executable).parent / "accord")
STEPS: dict[str, float | None] = {
    "accord run": 8.0,
    "accord report (cold: no stored bundle)": 20.0,
    "accord report (from run's bundle)": 10.0,
    "accord report (bundle and its parts)": None,
    "accord report --pdf (from the bundle)": 30.0,
}


def command(args: list[str], where: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process in folder `where` (its run store lands there), workers included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [ACCORD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=where, env=env
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_round(tmp: Path, k: int, env: dict[str, str], pdf: bool) -> dict[str, tuple[float, float]]:
    """Every step once, in two fresh run stores: run then reports; and a cold report."""
    a, b = tmp / f"a{k}", tmp / f"b{k}"
    a.mkdir()
    b.mkdir()
    out = {
        "accord run": command(["run"], a, env),
        "accord report (from run's bundle)": command(["report", "-o", "r.html"], a, env),
        "accord report (bundle and its parts)": command(["report", "-o", "r.html"], a, env),
    }
    if pdf:
        out["accord report --pdf (from the bundle)"] = command(["report", "-o", "r.html", "--pdf"], a, env)
    out["accord report (cold: no stored bundle)"] = command(["report", "-o", "r.html"], b, env)
    return out


def profile() -> None:
    """Where the time goes: `run`'s computation and the report's rendering from a complete bundle."""
    import cProfile
    import pstats

    import accord
    from accord.analyses.bundle import Depth, compute, report_parts
    from accord.present.report import render_report

    s = accord.load()
    for name, fn in (("compute the bundle (accord run)", lambda: compute(s)),):
        prof = cProfile.Profile()
        prof.runcall(fn)
        print(f"\n--- {name}")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(18)
    bundle = compute(s)
    bundle.parts[Depth()] = report_parts(s, Depth())
    prof = cProfile.Profile()
    prof.runcall(lambda: render_report(s, bundle))
    print("\n--- render the report from a complete bundle")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(18)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--quick", action="store_true", help="1 round, no PDF")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    opts = ap.parse_args()
    if opts.quick:
        opts.rounds, opts.no_pdf = 1, True
    print(f"load average {load_average()} on {os.cpu_count()} cores", flush=True)
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in STEPS}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ACCORD_CACHE": str(Path(tmp) / "cache")}
        for k in range(opts.rounds):
            for name, t in one_round(Path(tmp), k, env, not opts.no_pdf).items():
                got[name].append(t)
                print(
                    f"  round {k + 1}: {name}: {t[1]:.1f} s CPU, {t[0]:.1f} s wall; load average {load_average()}",
                    flush=True,
                )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after the rounds")
    print(f"{'':40s} {'CPU median [min-max]':>22s} {'wall median':>12s} {'target (CPU)':>13s}")
    for name, target in STEPS.items():
        if not got[name]:
            continue
        cpu = [c for _, c in got[name]]
        wall = statistics.median(w for w, _ in got[name])
        med = statistics.median(cpu)
        verdict = (
            ""
            if target is None
            else (f"< {target:.0f} s met" if med <= target else f"< {target:.0f} s MISSED by {med - target:.1f} s")
        )
        print(f"{name:40s} {med:6.1f} [{min(cpu):.1f}-{max(cpu):.1f}] s {wall:9.1f} s   {verdict}")
    summary = Summary("bench_run")
    for name, target in STEPS.items():
        if got[name] and target is not None:
            summary.add(
                f"{name}, CPU seconds (absolute)",
                statistics.median(c for _, c in got[name]),
                target,
                higher=False,
                gate=False,
                unit=" s",
            )
    warm = statistics.median(c for _, c in got["accord report (from run's bundle)"])
    cold = statistics.median(c for _, c in got["accord report (cold: no stored bundle)"])
    summary.add("accord report from run's results / cold report, CPU", warm / cold, 0.75, higher=False)
    summary.print(opts.summary_json)
    if opts.profile:
        profile()


if __name__ == "__main__":
    main()
