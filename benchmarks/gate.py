"""The speed gate: every benchmark's quick ratios, failing when one misses its target by more than 2x.

Runs each benchmark with `--quick --summary-json` (in turn, as fresh processes; each prints its rows as they
finish), then prints every ratio against its target and exits 1 if a gated one is below half a speed-up target
or above twice a cost target. The ratios are CPU time with both sides interleaved in the same run, so a loaded
machine moves both sides and not the verdict: the 2x margin is for what load does not cancel (cache sharing,
timer noise), not for a slower Accord.

    python benchmarks/gate.py                      # all gated benchmarks
    python benchmarks/gate.py bench_forecast       # some of them
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rounds import Summary, load_average

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bench_forecast",
    "bench_stability",
    "bench_startup",
    "bench_bargain",
    "bench_explore",
    "bench_commands",
    "bench_evidence",
    "bench_backtest",
    "bench_dashboard",
    "bench_run",
]


def main() -> int:
    names = sys.argv[1:] or BENCHMARKS
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark {unknown[0]!r}; gated ones: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    print(f"speed gate: {', '.join(names)}; {os.cpu_count()} cores; load average {load_average()}", flush=True)
    rows: list[dict] = []
    failed_runs = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            out = Path(tmp) / f"{name}.json"
            t = time.perf_counter()
            print(f"\n== {name} --quick", flush=True)
            run = subprocess.run(
                [sys.executable, str(HERE / f"{name}.py"), "--quick", "--summary-json", str(out)], cwd=HERE, check=False
            )
            print(f"== {name}: {time.perf_counter() - t:.0f} s", flush=True)
            if run.returncode != 0 or not out.exists():
                failed_runs.append(name)
                continue
            rows += json.loads(out.read_text(encoding="utf-8"))
    print(f"\nSpeed gate ({time.perf_counter() - start:.0f} s; load average now {load_average()}):")
    bad = []
    for row in rows:
        verdict = Summary.verdict(row)
        gated = row.get("gate", True)
        u = row.get("unit", "x")
        sign = ">=" if row["higher"] else "<="
        print(
            f"  {row['benchmark']:16s} {row['what']:62s} {row['ratio']:9.2f}{u} target {sign} {row['target']:g}{u}  "
            f"{verdict}{'' if gated else ' (not gated)'}"
        )
        if gated and verdict.startswith("MISSED"):
            bad.append(row)
    for name in failed_runs:
        print(f"  {name} did not finish (see its output above)")
    if bad or failed_runs:
        print(f"FAILED: {len(bad)} ratio(s) more than 2x off target, {len(failed_runs)} benchmark(s) failed")
        return 1
    print("passed: every gated ratio within 2x of its target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
