"""Time every stability concept on generated models from 8 to 20 options with 2-5 decision makers.

Prints, per model: feasible states, seconds for all concepts (Nash, GMR, SMR, SEQ, SIM where its pair budget
allows), states per second, peak memory (tracemalloc: NumPy's arrays included), and the ratio against the
plain-Python textbook implementation (`accord.stability.reference`) measured in the same run: in full on the
small models, and on a random sample of states (its per-state time times the states, labelled `est.`) on
the larger ones, where running it in full would take hours.

    python benchmarks/bench_stability.py            # 8 to 20 options
    python benchmarks/bench_stability.py --quick    # 8 to 14 options
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
from threadpoolctl import threadpool_limits

from accord.stability import reference
from accord.stability.concepts import CONCEPTS, analyse
from accord.stability.generate import generate_model
from accord.stability.graph import compile_model

FULL_REFERENCE_STATES = 600
SAMPLED_STATES = 12


def reference_seconds(g, concepts: list[str], seed: int) -> tuple[float, bool, np.ndarray | None]:  # type: ignore[no-untyped-def]
    """Time the textbook implementation: every state if small, else a sample (and extrapolate)."""
    if g.n <= FULL_REFERENCE_STATES:
        t = time.perf_counter()
        tables = {c: reference.table(g, c) for c in concepts}
        return time.perf_counter() - t, False, tables  # type: ignore[return-value]
    rng = np.random.default_rng(seed)
    sample = rng.choice(g.n, size=SAMPLED_STATES, replace=False)
    t = time.perf_counter()
    for c in concepts:
        for i in range(len(g.dms)):
            for s in sample:
                reference.stable(g, c, i, int(s))
    per_state = (time.perf_counter() - t) / SAMPLED_STATES
    return per_state * g.n, True, None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="8 to 14 options only")
    args = ap.parse_args()
    sizes = [(8, 2), (8, 3), (10, 3), (12, 4), (14, 2), (14, 4), (14, 5)]
    if not args.quick:
        sizes += [(16, 4), (18, 3), (20, 2), (20, 4), (20, 5)]
    print(f"{'options':>7} {'DMs':>3} {'states':>9} {'Accord s':>9} {'states/s':>10} {'peak MB':>8} "
          f"{'textbook s':>12} {'ratio':>8}  concepts")
    for options, dms in sizes:
        g = compile_model(generate_model(options, dms, seed=options * 10 + dms))
        tracemalloc.start()
        t = time.perf_counter()
        with threadpool_limits(1):
            st = analyse(g, CONCEPTS)
        secs = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        done = list(st.table)
        if g.n <= 10_000:
            ref_s, est, tables = reference_seconds(g, done, seed=options)
            if tables is not None:
                for c in done:
                    assert np.array_equal(tables[c], st.table[c]), f"disagreement on {c}"
            ref_txt = f"{ref_s:10.2f}{' est.' if est else ''}"
            ratio = f"{ref_s / secs:7.0f}x"
        else:
            ref_s, est, _ = reference_seconds(g, ["nash"], seed=options)
            ref_txt = f"{'>' + format(ref_s, '.0f'):>10} est."
            ratio = f"{'>' + format(ref_s / secs, '.0f') + 'x':>8}"
        skipped = "" if not st.skipped else " (SIM over its pair budget)"
        print(f"{options:>7} {dms:>3} {g.n:>9,} {secs:>9.3f} {g.n / secs:>10,.0f} {peak:>8.0f} {ref_txt:>12} "
              f"{ratio:>8}  {','.join(done)}{skipped}", flush=True)
    print("ratio = textbook seconds / Accord seconds on the same model; 'est.' = sampled states, extrapolated "
          "(for the largest models from Nash alone, so the true ratio is higher).")
    gmcr_py_compat()


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
        g = replace(compile_model(generate_model(options, dms, seed=options * 10 + dms)), sanctions="gmcr-py",
                    sim_rule="subsets")
        t = time.perf_counter()
        with threadpool_limits(1):
            st = analyse(g, CONCEPTS)
        secs = time.perf_counter() - t
        lo, hi = GMCR_PY_RECORDED[options]
        rec = f"{lo:g}-{hi:g} s" if lo != hi else f"{lo:g} s"
        print(f"  {options} options, {dms} DMs, {g.n:,} states: Accord {secs:.3f} s ({', '.join(st.table)}); "
              f"gmcr-py recorded {rec} at {options} options: about {lo / secs:,.0f}x (recorded, not run here)",
              flush=True)


if __name__ == "__main__":
    main()
