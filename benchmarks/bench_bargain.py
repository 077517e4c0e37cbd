"""Benchmark: zone of agreement + Pareto frontier + Nash point, Accord against NegMAS, same scenarios, same run.

Each case runs in a fresh process so that its peak memory (max RSS) is its own.
NegMAS (installed with `pip install -e '.[bench]'`) computes the same thing the way a competent
user would, on its fastest documented path (see `run_negmas`): every outcome's utilities once, the
zone filtered, its own `pareto_frontier_numpy`, then `nash_points`. It runs on the sizes it can hold in
reasonable time (by default up to 10^6 packages). The two answers are checked equal.

    python benchmarks/bench_bargain.py            # 10^4, 10^6, 10^8 packages (3-5 actors) and 10^9
    python benchmarks/bench_bargain.py --quick    # 10^4 and 10^6 only
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time

CASES = [  # (actors, issues, options) -> packages
    (3, 4, 10),   # 1e4
    (4, 4, 10),   # 1e4
    (3, 6, 10),   # 1e6
    (4, 6, 10),   # 1e6
    (5, 6, 10),   # 1e6
    (3, 8, 10),   # 1e8
    (4, 8, 10),   # 1e8
    (5, 8, 10),   # 1e8
    (4, 9, 10),   # 1e9
]
NEGMAS_MAX = 10**6


def scenario(actors: int, issues: int, options: int):
    """A generated scenario without red lines or constraints, so NegMAS computes the same problem."""
    import accord
    from accord.model.generate import generate, to_yaml

    data = generate(actors, issues, options, seed=11, red_lines=False, strictness=0.3)
    data.pop("constraints", None)
    return accord.loads(to_yaml(data))


def run_accord(actors: int, issues: int, options: int) -> dict:
    import accord

    s = scenario(actors, issues, options)
    t = time.perf_counter()
    r = accord.bargain(s, "none")
    secs = time.perf_counter() - t
    nash = r.solutions["nash"]
    return {"seconds": secs, "zone": r.zone, "frontier": r.frontier_size, "method": r.method,
            "nash": [nash.utilities[a] for a in r.deciders] if nash else None,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_negmas(actors: int, issues: int, options: int) -> dict:
    """NegMAS used as a competent user would, through the fastest path its documentation gives for a finite
    space: each utility function evaluated once per outcome (`eval`, the call its `__call__` wraps), the
    reserved values read once (in NegMAS 0.16 each `reserved_value` read costs about 60 us, so reading it per
    outcome, as this benchmark once did, made NegMAS look 6x slower), the zone filtered with NumPy, then its
    own `pareto_frontier_numpy` (documented as the recommended exact extractor) and `nash_points`."""
    import numpy as np
    from negmas import LinearAdditiveUtilityFunction, make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import nash_points
    from negmas.preferences.ops import pareto_frontier_numpy

    s = scenario(actors, issues, options)
    t = time.perf_counter()
    os_ = make_os([make_issue([o.id for o in i.options], name=i.id) for i in s.issues])
    ufuns = []
    for a in s.actors:
        p, res = a.preferences, a.reservation
        ufuns.append(LinearAdditiveUtilityFunction(
            values={i.id: p.values[i.id] for i in s.issues}, weights={i.id: p.saliences[i.id] for i in s.issues},
            outcome_space=os_, reserved_value=res.base + (res.drift - res.monthly_cost) * res.horizon))
    reserved = np.array([u.reserved_value for u in ufuns])
    outcomes = list(itertools.product(*[[o.id for o in i.options] for i in s.issues]))
    evals = [u.eval for u in ufuns]
    points = np.array([[f(o) for f in evals] for o in outcomes])
    acceptable = points[(points >= reserved - 1e-9).all(axis=1)]
    front = acceptable[pareto_frontier_numpy(acceptable)] if len(acceptable) else acceptable
    pts = nash_points(ufuns, [tuple(x) for x in front], outcome_space=os_) if len(front) else ()
    secs = time.perf_counter() - t
    return {"seconds": secs, "zone": int(len(acceptable)), "frontier": int(len(front)),
            "nash": [float(x) for x in pts[0][0]] if pts else None,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_floor(actors: int, issues: int, options: int) -> dict:
    """The plain-NumPy lower bound: the zone's size alone (no frontier, no Nash point), by the broadcast sum of
    two group tables in cache-sized blocks of 2^15 elements, compared with the reservation values, ANDed over the
    actors and counted. Accord also finds the frontier and the Nash point, so the ratio to it is an upper bound
    on how far Accord is from the machine."""
    import numpy as np

    s = scenario(actors, issues, options)
    t = time.perf_counter()
    vals = np.array([[[a.preferences.saliences[i.id] * a.preferences.values[i.id][o.id] for o in i.options]
                      for i in s.issues] for a in s.actors])                      # (A, n, k)
    res = np.array([a.reservation.base + (a.reservation.drift - a.reservation.monthly_cost) * a.reservation.horizon
                    for a in s.actors])
    half = issues // 2

    def table(idx: range) -> np.ndarray:
        out = np.zeros((1, actors))
        for i in idx:
            out = (out[:, None, :] + vals[:, i, :].T[None, :, :]).reshape(-1, actors)
        return out

    hi, lo = table(range(half)), table(range(half, issues))
    need = res - 1e-9
    block = max(1, (1 << 15) // (len(lo) * actors))
    zone = 0
    for b in range(0, len(hi), block):
        zone += int(((hi[b:b + block, None, :] + lo[None, :, :]) >= need).all(axis=2).sum())
    return {"seconds": time.perf_counter() - t, "zone": zone}


def child(kind: str, a: int, n: int, k: int) -> dict:
    """Run one case in a fresh interpreter and return its measurements."""
    proc = subprocess.run([sys.executable, __file__, "--child", kind, str(a), str(n), str(k)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the cases over 10^6 packages")
    ap.add_argument("--negmas-max", type=int, default=NEGMAS_MAX, help="largest space given to NegMAS")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, a, n, k = args.child[0], *map(int, args.child[1:])
        run = {"accord": run_accord, "negmas": run_negmas, "floor": run_floor}[kind]
        print(json.dumps(run(a, n, k)))
        return

    try:
        import negmas  # noqa: F401
        have_negmas = True
    except ImportError:
        have_negmas = False
        print("NegMAS is not installed (pip install -e '.[bench]'): Accord figures only.")
    print(f"{'packages':>12} {'actors':>6} {'zone':>10} {'frontier':>8} {'Accord s':>9} {'Accord MB':>9} "
          f"{'NegMAS s':>9} {'NegMAS MB':>9} {'speed-up':>9}  same answer   plain-NumPy zone count: s, Accord/it")
    for a, n, k in CASES:
        size = k**n
        if args.quick and size > 10**6:
            continue
        acc = child("accord", a, n, k)
        if "error" in acc:
            print(f"{size:>12,} {a:>6} Accord failed: {acc['error']}")
            continue
        neg = child("negmas", a, n, k) if have_negmas and size <= args.negmas_max else None
        floor = child("floor", a, n, k)
        bound = (f"   {floor['seconds']:.3f} s, {acc['seconds'] / floor['seconds']:.1f}x"
                 + ("" if floor["zone"] == acc["zone"] else "  (zone DIFFERS)")) if "error" not in floor else ""
        if neg and "error" not in neg:
            same = (acc["zone"] == neg["zone"] and acc["frontier"] == neg["frontier"]
                    and (acc["nash"] is None) == (neg["nash"] is None)
                    and (acc["nash"] is None or max(abs(x - y) for x, y in zip(acc["nash"], neg["nash"],
                                                                                   strict=True)) < 1e-9))
            print(f"{size:>12,} {a:>6} {acc['zone']:>10,} {acc['frontier']:>8,} {acc['seconds']:>9.3f} "
                  f"{acc['peak_mb']:>9.0f} {neg['seconds']:>9.2f} {neg['peak_mb']:>9.0f} "
                  f"{neg['seconds'] / acc['seconds']:>8.0f}x  {'yes' if same else 'NO':11s}{bound}")
        else:
            why = neg["error"] if neg else ("too large for NegMAS here" if have_negmas else "-")
            print(f"{size:>12,} {a:>6} {acc['zone']:>10,} {acc['frontier']:>8,} {acc['seconds']:>9.3f} "
                  f"{acc['peak_mb']:>9.0f} {'':>9} {'':>9} {'':>9}  ({why}){bound}")


if __name__ == "__main__":
    main()
