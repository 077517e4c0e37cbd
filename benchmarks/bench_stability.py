"""Time every stability concept on generated models from 8 to 20 options with 2-5 decision makers.

Prints, per model: feasible states; the state-pairs a decision maker's moves span (every (state, reachable
state) pair, summed over the decision makers: any concept must look at each once); Accord's seconds for all
concepts (Nash, GMR, SMR, SEQ, SIM where its pair budget allows), wall and CPU, median [min-max] of 3
interleaved rounds; peak memory as the user sees it: the peak RSS of a fresh process that compiles and
analyses the model (its imports included), with tracemalloc's peak of the analysis beside it, labelled; the
plain-Python textbook implementation (`accord.stability.reference`) in the same rounds: in full on the small
models, and on a random sample of states (its per-state time times the states, labelled `est.`) on the
larger ones, where running it in full would take hours; and the floor: Nash stability alone in plain NumPy
over an explicit list of those state-pairs (one gather and one comparison per pair; the list is built
untimed), the least any concept costs. Accord computes five concepts, so "/ floor" bounds its distance from
the machine from above.

    python benchmarks/bench_stability.py            # 8 to 20 options
    python benchmarks/bench_stability.py --quick    # 8 to 14 options
    python benchmarks/bench_stability.py --quick --summary-json out.json   # for benchmarks/gate.py

Rows print as each model's rounds finish (Accord, the textbook and the floor alternate within a round). The
summary sets CPU ratios against targets: textbook / Accord at least 50x at 10 options and 3 decision makers
(the textbook in full there), Accord / floor at most 100x wherever the floor is timed; and the peak RSS at 20
options and 5 decision makers against 300 MB (not gated: no quick run reaches it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from rounds import Summary, spread
from threadpoolctl import threadpool_limits

from accord.stability import reference
from accord.stability.concepts import CONCEPTS, analyse
from accord.stability.generate import generate_model
from accord.stability.graph import compile_model
from accord.stability.moves import EdgeMover, LatticeMover

FULL_REFERENCE_STATES = 600
SAMPLED_STATES = 12


def reference_seconds(g, concepts: list[str], seed: int) -> tuple[float, bool, np.ndarray | None]:  # type: ignore[no-untyped-def]
    """CPU seconds of the textbook implementation: every state if small, else a sample (and extrapolate)."""
    if g.n <= FULL_REFERENCE_STATES:
        t = time.process_time()
        tables = {c: reference.table(g, c) for c in concepts}
        return time.process_time() - t, False, tables  # type: ignore[return-value]
    rng = np.random.default_rng(seed)
    sample = rng.choice(g.n, size=SAMPLED_STATES, replace=False)
    t = time.process_time()
    for c in concepts:
        for i in range(len(g.dms)):
            for s in sample:
                reference.stable(g, c, i, int(s))
    per_state = (time.process_time() - t) / SAMPLED_STATES
    return per_state * g.n, True, None


def move_pairs(mover) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Every (state, reachable state) pair of one decision maker, itself excluded, as two int32 arrays."""
    if isinstance(mover, EdgeMover):
        return mover.src.astype(np.int32), mover.dst.astype(np.int32)
    assert isinstance(mover, LatticeMover)
    src, dst = [], []
    for xs, gi in mover.targets:
        sizes = mover._gsize[gi]
        x = np.repeat(xs, sizes)
        first = np.repeat(mover._gstart[gi] - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        y = mover._order[first]
        keep = x != y
        src.append(x[keep].astype(np.int32))
        dst.append(y[keep].astype(np.int32))
    return np.concatenate(src), np.concatenate(dst)


def floor_seconds(g) -> tuple[int, float, float]:  # type: ignore[no-untyped-def]
    """(state-pairs, wall s, CPU s) of Nash stability in plain NumPy over the explicit move pairs."""
    pairs = 0
    wall = cpu = 0.0
    for i, mover in enumerate(g.movers):
        x, y = move_pairs(mover)
        pairs += x.size
        score = g.score[i]
        t, c = time.perf_counter(), time.process_time()
        unstable = np.zeros(g.n, dtype=bool)
        unstable[x[score[y] > score[x]]] = True
        wall += time.perf_counter() - t
        cpu += time.process_time() - c
    return pairs, wall, cpu


def _ratio(r: float) -> str:
    return f"{r:.0f}x" if r >= 10 else f"{r:.2f}x"


def rss_child(options: int, dms: int) -> tuple[float, float]:
    """(peak RSS MB, tracemalloc peak MB of the analysis) of a fresh process that generates, compiles and analyses
    the model: what a user's process holds at its worst, imports included."""
    code = (
        "import json, resource, sys, tracemalloc; sys.path.insert(0, sys.argv[1]); "
        "from threadpoolctl import threadpool_limits; "
        "from accord.stability.concepts import CONCEPTS, analyse; "
        "from accord.stability.generate import generate_model; from accord.stability.graph import compile_model; "
        "o, d = int(sys.argv[2]), int(sys.argv[3]); g = compile_model(generate_model(o, d, seed=o * 10 + d)); "
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "exec('with threadpool_limits(1):\\n    analyse(g, CONCEPTS)'); "
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
        "tracemalloc.start(); analyse(g, CONCEPTS); peak = tracemalloc.get_traced_memory()[1] / 2**20; "
        "print(json.dumps([rss, peak]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, os.path.dirname(os.path.abspath(__file__)), str(options), str(dms)],
        capture_output=True,
        text=True,
        check=True,
    )
    rss, peak = json.loads(run.stdout.strip().splitlines()[-1])
    return rss, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="8 to 14 options only")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (at least 3)")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    args = ap.parse_args()
    sizes = [(8, 2), (8, 3), (10, 3), (12, 4), (14, 2), (14, 4), (14, 5)]
    if not args.quick:
        sizes += [(16, 4), (18, 3), (20, 2), (20, 4), (20, 5)]
    rounds = max(3, args.rounds)
    print(
        f"{os.cpu_count()} cores, one BLAS thread; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {rounds} interleaved rounds"
    )
    print(
        f"{'options':>7} {'DMs':>3} {'states':>9} {'state-pairs':>12}  {'Accord s wall':>22} {'CPU s':>6} "
        f"{'peak RSS':>8} {'tracemalloc':>11}  {'textbook CPU s':>14} {'ratio':>8}  {'floor s':>8} {'/ floor':>8}  "
        "concepts",
        flush=True,
    )
    summary = Summary("bench_stability")
    for sz in sizes:
        g = compile_model(generate_model(sz[0], sz[1], seed=sz[0] * 10 + sz[1]))
        wall, cpu, ref, flo = [], [], [], []
        for r in range(rounds):
            t, c = time.perf_counter(), time.process_time()
            with threadpool_limits(1):
                st = analyse(g, CONCEPTS)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            names, skipped = list(st.table), bool(st.skipped)
            concepts = list(st.table) if g.n <= 10_000 else ["nash"]
            ref_s, est, tables = reference_seconds(g, concepts, seed=sz[0] + r)
            if tables is not None:
                for name in concepts:
                    assert np.array_equal(tables[name], st.table[name]), f"disagreement on {name}"
            ref.append((ref_s, est))
            n_pairs, fw, fc = floor_seconds(g)
            flo.append((fw, fc))
        rss, traced = rss_child(*sz)
        med_cpu = statistics.median(cpu)
        ref_med = statistics.median(x for x, _ in ref)
        est = ref[0][1]
        if g.n <= 10_000:
            ref_txt = f"{ref_med:.2f}{' est.' if est else ''}"
            ratio = f"{ref_med / med_cpu:.0f}x"
        else:
            ref_txt = f">{ref_med:.0f} est."
            ratio = f">{ref_med / med_cpu:.0f}x"
        fc_med = statistics.median(x for _, x in flo)
        print(
            f"{sz[0]:>7} {sz[1]:>3} {g.n:>9,} {n_pairs:>12,}  {spread(wall):>22} {med_cpu:>6.3f} "
            f"{rss:>5.0f} MB {traced:>8.0f} MB  {ref_txt:>14} {ratio:>8}  {fc_med:>8.4f} "
            f"{_ratio(med_cpu / fc_med):>8}  {','.join(names)}{' (SIM over its pair budget)' if skipped else ''}",
            flush=True,
        )
        if sz == (10, 3):
            summary.add("textbook / Accord CPU, 10 options, 3 DMs (textbook in full)", ref_med / med_cpu, 50.0)
        if fc_med >= 5e-4:  # a floor under half a millisecond is timer noise
            summary.add(
                f"Accord (5 concepts) / floor (Nash alone) CPU, {sz[0]} options, {sz[1]} DMs",
                med_cpu / fc_med,
                100.0,
                higher=False,
            )
        if sz == (20, 5):
            summary.add("peak RSS, 20 options, 5 DMs (fresh process)", rss, 300.0, higher=False, gate=False, unit=" MB")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "ratio = textbook CPU seconds / Accord CPU seconds (medians) on the same model; 'est.' = sampled states, "
        "extrapolated (for the largest models from Nash alone, so the true ratio is higher). / floor = Accord's "
        "five concepts against plain NumPy's Nash alone over every state-pair (under 1x where Accord's moves, taken "
        "a group of targets at a time, need not touch every pair). Peak RSS: a fresh process (imports included) "
        "generating, compiling and analysing the model; tracemalloc: the analysis's own allocations."
    )
    gmcr_py_compat()
    summary.print(args.summary_json)


GMCR_PY_RECORDED = {12: (5.0, 12.0), 14: (260.0, 260.0)}
"""gmcr-py's seconds for all concepts at 12 and 14 options (3,072 and 12,288 states), from the project's research
notes. It is not run here: its licence forbids running it. Rough figures, so the ratio is an order of magnitude."""


def gmcr_py_compat() -> None:
    """Accord with gmcr-py's rules (each opponent once per sanction chain, SIM by any set of opponents), so that
    it computes the answers gmcr-py would, checked against the plain definitions under the same rules on a
    small model; timed beside gmcr-py's recorded figures."""
    from dataclasses import replace

    print("\ngmcr-py's rules (sanctions: gmcr-py, sim: subsets):")
    small = replace(compile_model(generate_model(8, 3, seed=83)), sanctions="gmcr-py", sim_rule="subsets")
    st = analyse(small, CONCEPTS)
    for c in st.table:
        assert np.array_equal(st.table[c], reference.table(small, c)), f"disagreement on {c} (gmcr-py rules)"
    print(f"  8 options, 3 DMs, {small.n} states: every concept equal to the plain definitions under the same rules")
    for options, dms in ((12, 4), (14, 4)):
        g = replace(
            compile_model(generate_model(options, dms, seed=options * 10 + dms)),
            sanctions="gmcr-py",
            sim_rule="subsets",
        )
        t = time.perf_counter()
        with threadpool_limits(1):
            st = analyse(g, CONCEPTS)
        secs = time.perf_counter() - t
        lo, hi = GMCR_PY_RECORDED[options]
        rec = f"{lo:g}-{hi:g} s" if lo != hi else f"{lo:g} s"
        print(
            f"  {options} options, {dms} DMs, {g.n:,} states: Accord {secs:.3f} s ({', '.join(st.table)}); "
            f"gmcr-py recorded {rec} at {options} options: about {lo / secs:,.0f}x (recorded, not run here)",
            flush=True,
        )


if __name__ == "__main__":
    main()
