"""Benchmark: zone of agreement + Pareto frontier + Nash point, Accord against NegMAS and a plain-NumPy floor.

Every measurement runs in a fresh process (so its peak RSS is its own), and within each case the tools
alternate round by round (Accord, floor, NegMAS, Accord, ...), so a change in the machine's load hits all of
them alike; each case's rows print as soon as its rounds are done, and a summary of every ratio against its
target ends the run. Each figure is the median of the rounds with [min-max] beside it, in wall time and in CPU
time; the load average is printed before and after.

- **Accord core**: `accord.bargain` on a loaded scenario. **End to end**: reading the scenario file with
  `accord.load` (validated; "cold" with an empty scenario cache, "warm" with the cache the cold run filled)
  plus the core.
- **NegMAS** (`pip install -e '.[bench]'`), used as a competent user would on its fastest documented path for a
  finite space (see `run_negmas`). Its end to end adds reading the same YAML file (PyYAML's C loader).
- **Floor**: the zone's size alone in plain NumPy, the cheapest pass a competent NumPy user would write (see
  `run_floor`); Accord also finds the frontier and the Nash point.

The answers are checked equal: zone, frontier size and Nash utilities against NegMAS; zone against the floor.

    python benchmarks/bench_bargain.py              # every case, 3 rounds
    python benchmarks/bench_bargain.py --quick      # up to 10^6 packages
    python benchmarks/bench_bargain.py --rounds 5
    python benchmarks/bench_bargain.py --quick --summary-json out.json   # for benchmarks/gate.py

Targets (CPU ratios): NegMAS / Accord core at least 300x at 10^6 packages (the README's lowest); Accord / floor
at most 3x with 5 to 8 deciders, the floor being the zone count described above (the frontier is extra work
the floor does not do).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rounds import Summary, spread

CASES = [  # (actors, issues, options, red lines) -> options ** issues packages
    (3, 4, 10, False),
    (4, 4, 10, False),
    (3, 6, 10, False),
    (4, 6, 10, False),
    (5, 6, 10, False),
    (3, 6, 10, True),
    (5, 6, 10, True),
    (3, 8, 10, False),
    (4, 8, 10, False),
    (5, 8, 10, False),
    (3, 8, 10, True),
    (4, 8, 10, True),
    (5, 8, 10, True),
    (4, 9, 10, False),
    (6, 25, 2, False),
    (8, 24, 2, False),
]
NEGMAS_MAX = 10**6


def scenario_text(actors: int, issues: int, options: int, red_lines: bool) -> str:
    """A generated scenario; with red lines it keeps one red line per actor and the generator's constraint."""
    from accord.model.generate import generate, to_yaml

    data = generate(actors, issues, options, seed=11, red_lines=red_lines, strictness=0.3)
    if not red_lines:
        data.pop("constraints", None)
    return to_yaml(data)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def run_accord(text: str) -> dict:
    """Load the scenario file (cold cache, then warm) and bargain over every package."""
    import accord

    load, bargain = accord.load, accord.bargain  # imported before the clocks start (start-up: bench_startup.py)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        os.environ["ACCORD_CACHE"] = str(Path(tmp) / "cache")
        start = _clock()
        s = load(path)
        load_cold = _since(start)
        start = _clock()
        r = bargain(s, "none")
        core = _since(start)
        start = _clock()
        load(path)
        load_warm = _since(start)
    nash = r.solutions["nash"]
    return {
        "core": core,
        "e2e_cold": [a + b for a, b in zip(load_cold, core, strict=True)],
        "e2e_warm": [a + b for a, b in zip(load_warm, core, strict=True)],
        "zone": r.zone,
        "frontier": r.frontier_size,
        "nash": [nash.utilities[a] for a in r.deciders] if nash else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _plain(text: str) -> dict:
    """The scenario as plain data, read the fastest way PyYAML offers (its C loader where built), with YAML 1.2's
    floats (PyYAML follows YAML 1.1, which reads `1e-05` as a string)."""
    import re

    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."),
    )
    return yaml.load(text, Loader=Loader)


def _matches(when: dict, issues: list[dict], grid) -> object:
    """Rows of the option-index grid that a red line's or constraint's `when` matches (plain NumPy)."""
    import numpy as np

    hit = np.ones(grid.shape[0], dtype=bool)
    for issue, opts in when.items():
        i = next(k for k, x in enumerate(issues) if x["id"] == issue)
        ids = [o["id"] for o in issues[i]["options"]]
        wanted = [ids.index(o) for o in ([opts] if isinstance(opts, str) else opts)]
        hit &= np.isin(grid[:, i], wanted)
    return hit


def run_negmas(text: str) -> dict:
    """NegMAS used as a competent user would, on the fastest path its documentation gives for a finite space.

    One `LinearAdditiveUtilityFunction` per actor; every outcome's utility by `eval` (the call `__call__` wraps;
    NegMAS has no batch evaluation for this class), read once per outcome and actor; the reserved values read once
    (in NegMAS 0.16 each `reserved_value` read costs about 60 us, so reading it per outcome, as this benchmark once
    did, made NegMAS look 6x slower); red lines and constraints as a NumPy mask over the outcomes' option indices
    (NegMAS has no red lines); then its own `pareto_frontier_numpy` (documented as the recommended exact extractor)
    over the acceptable points and its `nash_points` over the front. `pareto_frontier` (its general routine) and
    `pareto_frontier_active` were slower on these spaces."""
    import itertools

    import numpy as np
    from negmas import LinearAdditiveUtilityFunction, make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import nash_points
    from negmas.preferences.ops import pareto_frontier_numpy

    start_e2e = _clock()
    data = _plain(text)
    start = _clock()
    issues = data["issues"]
    os_ = make_os([make_issue([o["id"] for o in i["options"]], name=i["id"]) for i in issues])
    ufuns, reserved = [], []
    for a in data["actors"]:
        p, res = a["preferences"], a["reservation"]
        r = res["base"] + (res["drift"] - res["monthly_cost"]) * res["horizon"]
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=p["values"], weights=p["saliences"], outcome_space=os_, reserved_value=r
            )
        )
        reserved.append(r)
    outcomes = list(itertools.product(*[[o["id"] for o in i["options"]] for i in issues]))
    evals = [u.eval for u in ufuns]
    points = np.array([[f(o) for f in evals] for o in outcomes])
    ok = (points >= np.array(reserved) - 1e-9).all(axis=1)
    if any(a.get("red_lines") for a in data["actors"]) or data.get("constraints"):
        grid = np.indices([len(i["options"]) for i in issues]).reshape(len(issues), -1).T
        for c in data.get("constraints", []):
            ok &= ~_matches(c["excludes"], issues, grid)
        for a in data["actors"]:
            for rl in a.get("red_lines", []):
                ok &= ~_matches(rl["when"], issues, grid)
    acceptable = points[ok]
    front = acceptable[pareto_frontier_numpy(acceptable)] if len(acceptable) else acceptable
    pts = nash_points(ufuns, [tuple(x) for x in front], outcome_space=os_) if len(front) else ()
    core, e2e = _since(start), _since(start_e2e)
    return {
        "core": core,
        "e2e": e2e,
        "zone": int(ok.sum()),
        "frontier": len(front),
        "nash": [float(x) for x in pts[0][0]] if pts else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_floor(text: str) -> dict:
    """The plain-NumPy lower bound: the zone's size alone (no frontier, no Nash point).

    Two group tables (the leading and the trailing half of the issues, every combination's utility per actor;
    a red line or constraint inside a half sets minus infinity where it matches), their broadcast sum in
    cache-sized blocks of 2^15 elements, compared with the reservation values, ANDed over the actors, counted."""
    import numpy as np

    data = _plain(text)
    start = _clock()
    issues, actors = data["issues"], data["actors"]
    n, A = len(issues), len(actors)
    vals = np.array(
        [
            [
                [
                    a["preferences"]["saliences"][i["id"]] * a["preferences"]["values"][i["id"]][o["id"]]
                    for o in i["options"]
                ]
                for i in issues
            ]
            for a in actors
        ]
    )  # (A, n, k)
    res = np.array(
        [
            a["reservation"]["base"]
            + (a["reservation"]["drift"] - a["reservation"]["monthly_cost"]) * a["reservation"]["horizon"]
            for a in actors
        ]
    )
    half = n // 2

    def table(idx: list[int]) -> np.ndarray:
        out = np.zeros((1, A))
        for i in idx:
            out = (out[:, None, :] + vals[:, i, :].T[None, :, :]).reshape(-1, A)
        sub = [issues[i] for i in idx]
        grid = np.indices([len(i["options"]) for i in sub]).reshape(len(sub), -1).T
        names = {i["id"] for i in sub}
        rules = [(c["excludes"], None) for c in data.get("constraints", [])]
        rules += [(rl["when"], k) for k, a in enumerate(actors) for rl in a.get("red_lines", [])]
        for when, who in rules:
            if set(when) <= names:
                hit = _matches(when, sub, grid)
                out[hit, slice(None) if who is None else who] = -np.inf
            elif set(when) & names:
                raise SystemExit("the floor needs every red line and constraint inside one half of the issues")
        return out

    hi, lo = table(list(range(half))), table(list(range(half, n)))
    need = res - 1e-9
    block = max(1, (1 << 15) // (len(lo) * A))
    zone = 0
    for b in range(0, len(hi), block):
        zone += int(((hi[b : b + block, None, :] + lo[None, :, :]) >= need).all(axis=2).sum())
    return {"core": _since(start), "zone": zone}


def child(kind: str, case: tuple[int, int, int, bool]) -> dict:
    """Run one measurement in a fresh interpreter and return it."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, *map(str, case[:3]), str(int(case[3]))],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same_answer(acc: dict, neg: dict) -> bool:
    """Zone, frontier size and the Nash point's utilities agree."""
    if (acc["zone"], acc["frontier"]) != (neg["zone"], neg["frontier"]):
        return False
    if acc["nash"] is None or neg["nash"] is None:
        return acc["nash"] is None and neg["nash"] is None
    return max(abs(x - y) for x, y in zip(acc["nash"], neg["nash"], strict=True)) < 1e-9


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the cases up to 10^6 packages")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per measurement (at least 3)")
    ap.add_argument("--negmas-max", type=int, default=NEGMAS_MAX, help="largest space given to NegMAS")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, a, n, k, rl = args.child[0], *map(int, args.child[1:])
        run = {"accord": run_accord, "negmas": run_negmas, "floor": run_floor}[kind]
        print(json.dumps(run(scenario_text(a, n, k, bool(rl)))))
        return

    try:
        import negmas

        have_negmas = f"NegMAS {negmas.__version__}"
    except ImportError:
        have_negmas = ""
        print("NegMAS is not installed (pip install -e '.[bench]'): Accord and floor figures only.")
    cases = [c for c in CASES if not (args.quick and c[2] ** c[1] > 10**6)]
    rounds = max(3, args.rounds)
    print(
        f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"{rounds} interleaved rounds; {have_negmas or 'no NegMAS'}"
    )
    print(
        "Seconds: median [min-max] over the rounds. Core: the bargain on a loaded scenario. End to end: the "
        "scenario file read and validated (cold: empty cache; warm: cached) plus the core.\n",
        flush=True,
    )
    summary = Summary("bench_bargain")
    for c in cases:
        results: dict[str, list[dict]] = {"accord": [], "negmas": [], "floor": []}
        kinds = ["accord", "floor"] + (["negmas"] if have_negmas and c[2] ** c[1] <= args.negmas_max else [])
        for r in range(rounds):
            print(
                f"\rround {r + 1}/{rounds}: {c[2] ** c[1]:,} packages, {c[0]} actors{', red lines' if c[3] else ''}"
                + " " * 20,
                end="",
                file=sys.stderr,
                flush=True,
            )
            for kind in kinds:
                results[kind].append(child(kind, c))
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr, flush=True)
        report(c, results, summary)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    summary.print(args.summary_json)


def report(c: tuple[int, int, int, bool], results: dict[str, list[dict]], summary: Summary) -> None:
    """One case's rows, and its ratios for the summary."""
    a, n, k, rl = c
    acc = [x for x in results["accord"] if "error" not in x]
    head = f"{k**n:,} packages ({n} issues x {k} options), {a} actors, {'red lines' if rl else 'no red lines'}"
    if not acc:
        print(f"{head}: Accord failed: {results['accord'][0]['error']}\n")
        return
    cw, cc = [x["core"][0] for x in acc], [x["core"][1] for x in acc]
    ew, ewarm = [x["e2e_cold"][0] for x in acc], [x["e2e_warm"][0] for x in acc]
    print(f"{head}: zone {acc[0]['zone']:,}, frontier {acc[0]['frontier']:,}")
    print(
        f"  Accord  core {spread(cw)} s wall, {spread(cc)} s CPU; end to end {spread(ew)} s cold, "
        f"{spread(ewarm)} s warm; peak RSS {max(x['peak_mb'] for x in acc):.0f} MB"
    )
    neg = [x for x in results["negmas"] if "error" not in x]
    if neg:
        nw, nc, ne = [x["core"][0] for x in neg], [x["core"][1] for x in neg], [x["e2e"][0] for x in neg]
        print(
            f"  NegMAS  core {spread(nw)} s wall, {spread(nc)} s CPU; end to end {spread(ne)} s; "
            f"peak RSS {max(x['peak_mb'] for x in neg):.0f} MB; same answer: "
            f"{'yes' if all(same_answer(acc[0], x) for x in neg) else 'NO'}"
        )
        print(
            f"  ratio   NegMAS / Accord: core {statistics.median(nw) / statistics.median(cw):.0f}x wall, "
            f"{statistics.median(nc) / statistics.median(cc):.0f}x CPU; end to end "
            f"{statistics.median(ne) / statistics.median(ew):.0f}x cold, "
            f"{statistics.median(ne) / statistics.median(ewarm):.0f}x warm"
        )
        if k**n >= 10**6:
            summary.add(
                f"NegMAS / Accord core, 10^{n}, {a} deciders{', red lines' if rl else ''}",
                statistics.median(nc) / statistics.median(cc),
                300.0,
            )
    elif results["negmas"]:
        print(f"  NegMAS  failed: {results['negmas'][0]['error']}")
    fl = [x for x in results["floor"] if "error" not in x]
    if fl:
        fw, fc = [x["core"][0] for x in fl], [x["core"][1] for x in fl]
        check = "zone equal" if all(x["zone"] == acc[0]["zone"] for x in fl) else "zone DIFFERS"
        print(
            f"  floor   {spread(fw)} s wall, {spread(fc)} s CPU ({check}); Accord core / floor: "
            f"{statistics.median(cw) / statistics.median(fw):.2f}x wall, "
            f"{statistics.median(cc) / statistics.median(fc):.2f}x CPU"
        )
        if a >= 5:
            space = f"2^{n}" if k == 2 else f"10^{n}"
            summary.add(
                f"Accord core / floor, {space}, {a} deciders{', red lines' if rl else ''} "
                f"(frontier {acc[0]['frontier']:,})",
                statistics.median(cc) / statistics.median(fc),
                3.0,
                higher=False,
            )
    elif results["floor"]:
        print(f"  floor   not computed: {results['floor'][0]['error']}")
    print(flush=True)


if __name__ == "__main__":
    main()
