"""Benchmark: whole commands as a user runs them, in CPU time, against the interpreter's floor and against NegMAS.

Every figure is one fresh process (start-up, imports, reading the scenario, the analysis, the output), its CPU
time (user + system) and peak RSS read from the kernel when it ends (`os.wait4`). Rows print as they finish;
in each row the sides alternate round by round (numpy, command, numpy, command...), so the machine's load
moves both sides of a ratio alike. The scenario cache is warm (filled by one untimed run) in a temporary folder,
and so is Python's bytecode cache (`PYTHONDONTWRITEBYTECODE` is dropped from the processes' environment: with it,
every process would compile Accord's modules afresh, which an installed copy never does).

1. `accord bargain`, `accord evaluate` and `accord validate` on the built-in scenario against
   `python -c "import numpy"` (target: at most 3x its CPU), beside `accord --help` and the command-line
   libraries alone (typer and rich).
2. `accord bargain FILE` against a NegMAS script process (`negmas_bargain.py`: imports nothing from Accord,
   reads the same pre-written file, NegMAS's fastest documented path) at 10^4, 10^6 and 10^8 packages
   (3 actors, 10 options per issue; files written by `accord generate` before any timing). The answers (zone,
   frontier size, Nash point) are checked equal. NegMAS holds every outcome in a list, so it is not run at
   10^8. Targets: Accord at least as cheap at 10^4 (1.0x) and 25x cheaper at 10^6.
3. `accord.load()` of the built-in scenario alone (imports excluded), cold cache and warm.

    python benchmarks/bench_startup.py                # 5 rounds
    python benchmarks/bench_startup.py --quick        # 3 rounds (about a minute, NegMAS at 10^6 the most)
    python benchmarks/bench_startup.py --summary-json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from rounds import Summary, load_average, process, spread

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
ACCORD = str(BIN / "accord")
BUILTIN = str(HERE.parent / "src" / "accord" / "data" / "ukraine-2025.yaml")
NUMPY = [sys.executable, "-c", "import numpy"]
COMMANDS = {  # name: (command, target x numpy's CPU or None)
    "accord bargain": ([ACCORD, "bargain"], 3.0),
    "accord evaluate -p lieven_terms": ([ACCORD, "evaluate", "-p", "lieven_terms"], 3.0),
    "accord validate (built-in file)": ([ACCORD, "validate", BUILTIN], 3.0),
    "accord --help": ([ACCORD, "--help"], None),
    "import typer, rich (no Accord)": ([sys.executable, "-c", "import typer, rich.console, rich.table"], None),
}
SPACES = [(4, 1.0), (6, 25.0), (8, None)]  # issues of 10 options, and the NegMAS / Accord target


def versus(name: str, side: list[str], base: list[str], rounds: int, env: dict[str, str]) -> tuple[list, list]:
    """`rounds` interleaved runs of the base process and the measured one."""
    a, b = [], []
    for _ in range(rounds):
        a.append(process(base, env=env))
        b.append(process(side, env=env))
        if b[-1]["rc"] not in (0, 1):
            raise SystemExit(f"{name} failed (exit {b[-1]['rc']}): {' '.join(side)}")
    return a, b


def commands(rounds: int, env: dict[str, str], summary: Summary) -> None:
    print(f"{'process':34s} {'CPU s, median [min-max]':>24s} {'x numpy':>8s} {'peak RSS':>9s} {'target':>8s}")
    for name, (cmd, target) in COMMANDS.items():
        process(cmd, env=env)  # warms the scenario cache and the OS's file cache
        base, runs = versus(name, cmd, NUMPY, rounds, env)
        bc, cc = [x["cpu"] for x in base], [x["cpu"] for x in runs]
        ratio = statistics.median(cc) / statistics.median(bc)
        print(
            f"{name:34s} {spread(cc):>24s} {ratio:7.2f}x {max(x['rss_mb'] for x in runs):7.0f} MB "
            f"{'<= ' + format(target, 'g') + 'x' if target else '':>8s}   (numpy: {spread(bc)} s)",
            flush=True,
        )
        if target:
            summary.add(f"{name} / import numpy, whole process", ratio, target, higher=False)


def generated(tmp: str, issues: int) -> str:
    """A scenario file of 10^issues packages, written by `accord generate` (3 actors, red lines, constraints)."""
    path = Path(tmp) / f"space-{issues}.yaml"
    text = subprocess.run(
        [
            ACCORD,
            "generate",
            "--actors",
            "3",
            "--issues",
            str(issues),
            "--options",
            "10",
            "--seed",
            "11",
            "--strictness",
            "0.3",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path.write_text(text, encoding="utf-8")
    return str(path)


def same(accord_json: str, negmas_json: str) -> bool:
    a, n = json.loads(accord_json), json.loads(negmas_json.strip().splitlines()[-1])
    nash = a["solutions"]["nash"]
    got = [nash["utilities"][d] for d in a["deciders"]] if nash else None
    if (a["zone"], a["frontier_size"]) != (n["zone"], n["frontier"]):
        return False
    if got is None or n["nash"] is None:
        return got is None and n["nash"] is None
    return max(abs(x - y) for x, y in zip(got, n["nash"], strict=True)) < 1e-9


def against_negmas(rounds: int, env: dict[str, str], summary: Summary, have_negmas: bool) -> None:
    print(
        f"\n{'packages':>9s} {'zone':>11s} {'frontier':>8s} {'accord bargain, CPU s':>24s} {'RSS':>7s} "
        f"{'NegMAS script, CPU s':>24s} {'RSS':>7s} {'NegMAS / Accord':>15s}  same answer"
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = {n: generated(tmp, n) for n, _ in SPACES}  # all written before any timing
        for issues, target in SPACES:
            acc_cmd = [ACCORD, "bargain", files[issues], "--json"]
            first = process(acc_cmd, env=env)  # warms the cache
            if first["rc"] != 0:
                print(f"10^{issues}: accord bargain failed (exit {first['rc']})")
                continue
            out = json.loads(first["stdout"])
            neg_cmd = [sys.executable, str(HERE / "negmas_bargain.py"), files[issues]]
            if have_negmas and target is not None:
                negs, accs = versus(f"NegMAS at 10^{issues}", acc_cmd, neg_cmd, rounds, env)
            else:
                negs, accs = [], [process(acc_cmd, env=env) for _ in range(rounds)]
            ac = [x["cpu"] for x in accs]
            row = (
                f"{'10^' + str(issues):>9s} {out['zone']:>11,} {out['frontier_size']:>8,} {spread(ac):>24s} "
                f"{max(x['rss_mb'] for x in accs):5.0f} MB"
            )
            if negs:
                nc = [x["cpu"] for x in negs]
                ratio = statistics.median(nc) / statistics.median(ac)
                ok = all(same(first["stdout"], x["stdout"]) for x in negs if x["rc"] == 0)
                print(
                    f"{row} {spread(nc):>24s} {max(x['rss_mb'] for x in negs):5.0f} MB {ratio:14.2f}x  "
                    f"{'yes' if ok else 'NO'}",
                    flush=True,
                )
                summary.add(f"NegMAS process / accord bargain process, 10^{issues} packages", ratio, target or 1.0)
            else:
                why = "NegMAS not installed" if not have_negmas else "NegMAS not run (holds every outcome)"
                print(f"{row} {'-':>24s} {'-':>7s} {'-':>15s}  ({why})", flush=True)


LOAD = (
    "import time, accord; load = accord.load; from accord.scenario import loader, cache; "
    "t = time.perf_counter(); load(); print(time.perf_counter() - t)"
)


def load_times(rounds: int) -> None:
    """`accord.load()` of the built-in scenario in fresh processes: cold (empty cache), then warm."""
    cold, warm = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "ACCORD_CACHE": tmp}
            for out in (cold, warm):
                run = subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True, check=True)
                out.append(float(run.stdout.strip().splitlines()[-1]))
    print()
    for name, ts in (("accord.load(), cold cache", cold), ("accord.load(), warm cache", warm)):
        print(f"{name:34s} {spread(ts)} s wall (imports excluded)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="3 rounds")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per row (at least 3)")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    args = ap.parse_args()
    rounds = 3 if args.quick else max(3, args.rounds)
    try:
        import negmas

        have_negmas = True
        peer = f"NegMAS {negmas.__version__}"
    except ImportError:
        have_negmas, peer = False, "NegMAS not installed (pip install -e '.[bench]')"
    print(f"{os.cpu_count()} cores; load average {load_average()}; {rounds} interleaved rounds; {peer}")
    summary = Summary("bench_startup")
    with tempfile.TemporaryDirectory() as cache:
        # as a user's installed copy runs: its modules' bytecode written once (the untimed first run of each
        # command writes what is missing), not compiled afresh in every process
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"ACCORD_CACHE": cache}
        commands(rounds, env, summary)
        against_negmas(rounds, env, summary, have_negmas)
    load_times(rounds)
    summary.print(args.summary_json)


if __name__ == "__main__":
    main()
