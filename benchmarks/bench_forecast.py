"""Expected-utility forecasts per second for 10, 100 and 1,000 actors, against plain per-pair Python loops.

For each size: one `bdm` forecast of 10 rounds (vectorised over actor pairs), and for 10 and 100 actors a
batch of samples run at once (vectorised over samples too); the plain-loop implementation
(`accord.forecast.reference`, the same equations one pair at a time) is timed on one round in the same run
and its result checked equal; at 1,000 actors it is timed on a sample of receivers and extrapolated (`est.`).
The `scholz2011` variant (its common denominator and the voters' exponents) is timed at 10, 100 and 1,000
actors against `accord.forecast.reference.scholz_round`, the same equations as plain loops. The `smp` variant's votes cost actors^3 per turn (as in KTAB); it is timed at 10 and 100 actors.

    python benchmarks/bench_forecast.py
    python benchmarks/bench_forecast.py --quick --summary-json out.json   # ktab and scholz2011 up to 100 actors

Each row prints as it finishes. At 1,000 actors it also prints the forecast's system time and minor page
faults (the cost of fresh memory: the round's arrays are reused, `accord.forecast.bdm._workspace`). The summary
sets the CPU ratio of the plain loops to Accord per round at 100 actors (timed in full, in the same run)
against 1,000x.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

import numpy as np
from rounds import Summary, spread, timed
from threadpoolctl import threadpool_limits

from accord.forecast import bdm, ktab, scholz, smp
from accord.forecast import reference as ref


def actors(n: int, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return (
        np.round(rng.random((samples, n)), 2),
        rng.random((samples, n)) + 0.05,
        rng.choice([0.2, 0.5, 0.8, 1.0], size=(samples, n)),
    )


def plain_round_seconds(x: np.ndarray, c: np.ndarray, s: np.ndarray, receivers: int | None) -> tuple[float, bool]:
    """Seconds for one plain round; with `receivers`, time that many receivers' offers and scale up."""
    xs, cs, ss = list(x), list(c), list(s)
    n = len(xs)
    if receivers is None:
        t = time.process_time()
        ref.round_(xs, cs, ss)
        return time.process_time() - t, False
    w = [cs[k] * ss[k] for k in range(n)]
    mu = ref._median(xs, w)
    t = time.process_time()
    for a in range(receivers):  # danger for `receivers` actors, then their offers
        sum(ref._eu(xs, ss, w, mu, j, a, 1.0, 1.0) for j in range(n) if j != a)
        for b in range(n):
            ref._eu(xs, ss, w, mu, a, b, 1.0, 1.0)
            ref._eu(xs, ss, w, mu, b, a, 1.0, 1.0)
    return (time.process_time() - t) * n / receivers, True


def ktab_actors(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n actors on two dimensions, KTAB-style: capabilities 10-200, saliences summing to 0.75-0.99."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.random((1, n, 2)), 2)
    s = rng.uniform(0.1, 1.0, (1, n, 2))
    s = s / s.sum(axis=2, keepdims=True) * rng.uniform(0.75, 0.99, (1, n, 1))
    return x, rng.uniform(10, 200, (1, n)), s


def bench_ktab(quick: bool = False) -> None:
    """ktab: seconds per turn at 10, 100 and 1,000 actors, against the plain per-pair loops
    (`reference.ktab_run`) timed in full at 10 actors (results checked equal) and on one turn at 30 actors,
    scaled by actors^3 (its contests, queue elections and win probabilities) beyond."""
    print("\nktab (KTAB's SMP, 2 dimensions, 1 sample)")
    print(f"{'actors':>6} {'turns':>5} {'Accord s/turn':>14} {'plain s/turn':>13} {'ratio':>8}")
    x, c, s = ktab_actors(30, 30)
    t = time.perf_counter()
    ref.ktab_run(list(c[0]), x[0].tolist(), s[0].tolist(), rounds=1)
    plain_30 = time.perf_counter() - t
    for n, turns in ((10, 4), (100, 3)) + (() if quick else ((1000, 1),)):
        x, c, s = ktab_actors(n, n)
        t = time.perf_counter()
        p = ktab.run(x, c, s, rounds=turns)
        per = (time.perf_counter() - t) / max(1, p.pressed_by.shape[0])
        if n == 10:
            t = time.perf_counter()
            states, _, wins = ref.ktab_run(list(c[0]), x[0].tolist(), s[0].tolist(), rounds=turns)
            plain = (time.perf_counter() - t) / max(1, len(states) - 1)
            assert np.allclose(p.positions[:, 0], np.array(states)) and np.allclose(p.win[:, 0], np.array(wins))
            est = ""
        else:
            plain, est = plain_30 * (n / 30) ** 3, "*"
        print(f"{n:>6} {p.pressed_by.shape[0]:>5} {per:>14.4f} {plain:>12.2f}{est} {plain / per:>7.0f}x", flush=True)
    print("* plain seconds per turn scaled from one turn at 30 actors by actors^3")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="ktab and scholz2011 up to 100 actors")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    args = ap.parse_args()
    summary = Summary("bench_forecast")
    rounds = 3
    print(f"{os.cpu_count()} cores, one BLAS thread; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bdm, 1 sample, 10 rounds: median [min-max] of {rounds} interleaved rounds")
    print(
        f"{'actors':>6} {'Accord s wall':>22} {'CPU s':>22} {'forecasts/s':>12} {'plain s/round':>14} "
        f"{'ratio/round':>12}"
    )
    with threadpool_limits(1):
        sizes = (10, 100, 1000)
        inputs = {n: actors(n, 1, n) for n in sizes}
        times: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
        for _ in range(rounds):
            for n in sizes:
                times[n].append(timed(lambda n=n: bdm.run(*inputs[n], rounds=10, tol=0.0)))
        for n in sizes:
            x, c, s = inputs[n]
            path = bdm.run(x, c, s, rounds=10, tol=0.0)
            walls = [w for w, _ in times[n]]
            secs = statistics.median(walls)
            per_round = secs / path.pressed_by.shape[0]
            plain, est = plain_round_seconds(x[0], c[0], s[0], receivers=None if n <= 100 else 5)
            if not est:
                one = bdm.run(x, c, s, rounds=1, tol=0.0)
                assert np.allclose(one.positions[1, 0], ref.round_(list(x[0]), list(c[0]), list(s[0])))
            cpus = [c for _, c in times[n]]
            per_round_cpu = statistics.median(cpus) / path.pressed_by.shape[0]
            print(
                f"{n:>6} {spread(walls):>22} {spread(cpus):>22} {1 / secs:>12.2f} "
                f"{plain:>13.2f}{'*' if est else ' '} {plain / per_round_cpu:>11.0f}x",
                flush=True,
            )
            if n == 100:
                summary.add("plain loops / Accord CPU per round, bdm, 100 actors", plain / per_round_cpu, 1000.0)
        before = resource.getrusage(resource.RUSAGE_SELF)
        bdm.run(*inputs[1000], rounds=10, tol=0.0)
        after = resource.getrusage(resource.RUSAGE_SELF)
        user, sys_ = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
        print(
            f"  1,000 actors, 10 rounds: {user + sys_:.2f} s CPU, of which system {sys_:.3f} s "
            f"({100 * sys_ / max(user + sys_, 1e-9):.0f}%), {after.ru_minflt - before.ru_minflt:,} minor page faults",
            flush=True,
        )
        for n, samples in ((10, 10_000), (100, 200)):
            x, c, s = actors(n, samples, n + 1)
            t = time.perf_counter()
            bdm.run(x, c, s, rounds=10, tol=0.0)
            secs = time.perf_counter() - t
            print(
                f"{n:>6} actors, {samples:,} samples at once: {secs:.3f} s ({samples / secs:,.0f} forecasts/s)",
                flush=True,
            )
        print("\nscholz2011 (common denominator over all pairs, voters' exponents), 1 sample, 10 rounds")
        print(f"{'actors':>6} {'Accord s':>9} {'forecasts/s':>12} {'plain s/round':>14} {'ratio/round':>12}")
        for n in (10, 100) if args.quick else (10, 100, 1000):
            x, c, s = actors(n, 1, n)
            t = time.perf_counter()
            path = scholz.run(x, c, s, rounds=10, tol=0.0)
            secs = time.perf_counter() - t
            per_round = secs / path.pressed_by.shape[0]
            if n <= 100:
                t = time.perf_counter()
                plain_next = ref.scholz_round(list(x[0]), list(c[0]), list(s[0]))
                plain = time.perf_counter() - t
                one = scholz.run(x, c, s, rounds=1, tol=0.0)
                assert np.allclose(one.positions[1, 0], plain_next)
                plain_100 = plain
            else:
                plain = plain_100 * (n / 100) ** 3  # the plain round costs actors^3
            est = n > 100
            print(
                f"{n:>6} {secs:>9.3f} {1 / secs:>12.2f} {plain:>13.2f}{'*' if est else ' '} "
                f"{plain / per_round:>11.0f}x",
                flush=True,
            )
        bench_ktab(args.quick)
        for n in (10, 100):
            rng = np.random.default_rng(n)
            x, c, s = rng.random((1, n, 2)), rng.random((1, n)), rng.random((1, n, 2))
            t = time.perf_counter()
            p = smp.run(x, c, s, rounds=10)
            secs = time.perf_counter() - t
            print(
                f"smp {n:>3} actors, 2 issues: {p.pressed_by.shape[0]} turns in {secs:.3f} s "
                f"({1 / secs:.1f} forecasts/s)",
                flush=True,
            )
    print(
        "* bdm: plain time at 1,000 actors extrapolated from 5 receivers; scholz2011: from the 100-actor round by "
        "actors^3 (its denominator and votes); ratio/round = plain seconds per round / "
        "Accord seconds per round (same equations, same inputs; the bdm rows in CPU seconds)."
    )
    summary.print(args.summary_json)


if __name__ == "__main__":
    main()
