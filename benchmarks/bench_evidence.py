"""Benchmark: `evidence` and `voi` on the built-in scenario with 10^5 samples (target: under 30 s each, 2 cores).

Printed for each: wall and CPU time (min / median / max of 3 rounds, interleaved), with the machine's load.
Baselines measured in the same run:
- evidence: a plain NumPy lower bound, the likelihood arithmetic alone on the same (events x samples) flags
  (everything else is the model's predictions, which any method needs);
- voi: the two-level (nested) Monte Carlo EVPPI that regression replaces (for each of `OUTER` values of a
  parameter, `INNER` fresh samples of the rest), timed for one parameter and extrapolated to every parameter at
  the same total sample count; and the plain NumPy lower bound of the regression step, one least-squares pass
  on the same design matrices.

    python benchmarks/bench_evidence.py [--samples N]
    python benchmarks/bench_evidence.py --quick     # 10^4 samples, 2 rounds, nested Monte Carlo 20 x 500

Ends with a summary: each command's CPU against its 30 s (absolute: not gated) and the nested Monte Carlo
against `voi`'s regression, both timed in this run (gated: regression at least 10x cheaper; the README's
figure is 33x at 10^5 samples).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from rounds import Summary, load_average

import accord
from accord.analyses.evidence import weigh
from accord.analyses.explore import candidate_rows, decider_gains
from accord.analyses.voi import _basis, options, voi
from accord.analyses.window import first_month
from accord.model.situation import situate_batch
from accord.model.uncertainty import Design

OUTER, INNER = 50, 2_000


def timed(fn):  # type: ignore[no-untyped-def]
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t, time.process_time() - c


def stats(xs: list[float]) -> str:
    return f"{min(xs):6.2f} / {statistics.median(xs):6.2f} / {max(xs):6.2f}"


def nested_evppi_one(
    s,
    opts,
    param: int,
    seed: int = 0,
    outer_n: int = OUTER,  # type: ignore[no-untyped-def]
    inner_n: int = INNER,
) -> float:
    """Two-level Monte Carlo for one parameter: the outer value fixed, the rest re-sampled."""
    design = Design.of(s, "mc", seed)
    cand = candidate_rows(s, opts)[:, :1, :]
    outer = design.chunk(s, 99, outer_n)[0][:, param]
    best = []
    for k, v in enumerate(outer):
        x, _ = design.chunk(s, 100 + k, inner_n)
        x[:, param] = v
        from accord.model.uncertainty import sample_numbers

        numbers = sample_numbers(s, design.params, design.slots, x)
        means = []
        for st in opts:
            b = situate_batch(s, st.levers, "lieven", numbers=numbers)
            gain, crossed, _, ok = decider_gains(b, cand[opts.index(st)])
            slope = b.actor_slope[:, np.flatnonzero(b.decides)]
            means.append((first_month(gain, slope, s.window, crossed.any(axis=1) | ~ok[None, :])[:, 0] >= 0).mean())
        best.append(max(means))
    return float(np.mean(best))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="10^4 samples, 2 rounds, a smaller nested Monte Carlo")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    a = ap.parse_args()
    n, rounds = (10_000, 2) if a.quick else (a.samples, 3)
    outer_n, inner_n = (20, 500) if a.quick else (OUTER, INNER)
    summary = Summary("bench_evidence")
    s = accord.load()
    print(f"built-in scenario, {n:,} samples; load average {load_average()} on {os.cpu_count()} cores", flush=True)
    ev_w, ev_c, voi_w, voi_c = [], [], [], []
    for _ in range(rounds):
        r, w, c = timed(lambda: weigh(s, samples=n))
        ev_w.append(w)
        ev_c.append(c)
        v, w, c = timed(lambda: voi(s, samples=n))
        voi_w.append(w)
        voi_c.append(c)
        print(f"  round: evidence {ev_c[-1]:.2f} s CPU, voi {c:.2f} s CPU; load average {load_average()}", flush=True)
    print(f"{'':28s} {'wall min / median / max':>24s}   {'CPU min / median / max':>24s}")
    print(f"{'accord evidence':28s} {stats(ev_w):>24s}   {stats(ev_c):>24s}")
    print(f"{'accord voi':28s} {stats(voi_w):>24s}   {stats(voi_c):>24s}")

    # evidence: the likelihood arithmetic alone on flags of the same shape (the lower bound past the predictions)
    flags = np.random.default_rng(0).random((len(r.events), n)) < 0.5
    _, w, _ = timed(lambda: [np.exp(np.log(0.05 + 0.9 * flags).sum(axis=0)).mean() for _ in r.theories])
    print(
        f"evidence: the likelihood arithmetic takes {w * 1e3:.1f} ms of the {statistics.median(ev_w):.1f} s; "
        "the rest is the model predicting each event and claim under each theory in every sample"
    )

    # voi: nested Monte Carlo for one parameter, extrapolated to every parameter at the same sample count
    opts = options(s, ["lieven_levers@lieven", "solodkyy_levers@solodkyy"])
    _, w_nested, c_nested = timed(lambda: nested_evppi_one(s, opts, 0, outer_n=outer_n, inner_n=inner_n))
    per_sample = w_nested / (outer_n * inner_n)
    k = len(v.values)
    nested_all = per_sample * n * k
    print(
        f"voi: nested Monte Carlo EVPPI, one parameter ({outer_n} x {inner_n:,} samples, 2 options): {w_nested:.2f} s; "
        f"for {k} unknowns at {n:,} samples each: about {nested_all:,.0f} s, "
        f"{nested_all / statistics.median(voi_w):,.0f}x Accord's regression on one sample set"
    )
    x = np.random.default_rng(1).random(n)
    b = _basis(x[:, None], 4, False)
    y = np.random.default_rng(2).random((n, len(v.options)))
    _, w_fit, _ = timed(lambda: [np.linalg.solve(b.T @ b, b.T @ y) for _ in range(k)])
    print(
        f"voi: plain NumPy least squares on the same design ({k} fits): {w_fit:.2f} s; "
        f"Accord's whole voi is {statistics.median(voi_w) / w_fit:.1f}x that bound (it also samples and "
        "evaluates every option under every theory)",
        flush=True,
    )
    nested_cpu = c_nested / (outer_n * inner_n) * n * k
    if not a.quick:
        summary.add(
            f"accord evidence, {n:,} samples, CPU seconds (absolute)",
            statistics.median(ev_c),
            30.0,
            higher=False,
            gate=False,
            unit=" s",
        )
        summary.add(
            f"accord voi, {n:,} samples, CPU seconds (absolute)",
            statistics.median(voi_c),
            30.0,
            higher=False,
            gate=False,
            unit=" s",
        )
    summary.add(
        "voi: nested Monte Carlo (extrapolated) / Accord's regression, CPU", nested_cpu / statistics.median(voi_c), 10.0
    )
    summary.print(a.summary_json)


if __name__ == "__main__":
    main()
