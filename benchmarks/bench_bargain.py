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
- **Zone-count floor**: the zone's size alone in plain NumPy, the cheapest pass a competent NumPy user would write
  (see `run_floor`); Accord also finds the frontier and the Nash point.
- **Skyline floor**: the same pass keeping the zone's utility points, then their Pareto frontier by the textbook
  sort-filter skyline in NumPy blocks (`plain_skyline`: no regions, no bit sets); what a competent NumPy user
  writes for the zone and the frontier (Accord also finds the Nash point, which costs little). Stopped at `--cap`
  CPU seconds (120) and printed as "> 120 s" where it takes longer.
- **NegMAS frontier** (5 to 8 deciders, with NegMAS installed): NegMAS's `pareto_frontier_numpy` on the zone's
  utility points, the frontier alone, as a peer; one round (92 s of CPU with 8 deciders), stopped at `--front-cap`
  CPU seconds (120).

The answers are checked equal: zone, frontier size and Nash utilities against NegMAS; zone against the zone-count
floor; zone and frontier size against the skyline floor; frontier size against NegMAS's frontier.

    python benchmarks/bench_bargain.py              # every case, 3 rounds
    python benchmarks/bench_bargain.py --quick      # up to 10^6 packages
    python benchmarks/bench_bargain.py --rounds 5
    python benchmarks/bench_bargain.py --quick --summary-json out.json   # for benchmarks/gate.py

Targets (CPU ratios): NegMAS / Accord core at least 300x at 10^6 packages (the README's lowest); Accord / skyline
floor at most 3x with 5 to 8 deciders (issue 29), gated. The floor is the skyline floor because the frontier is the
work that grows with the deciders (30,298 points in 6 dimensions at 2^25 packages, 47,139 in 8 at 2^24) and the
zone-count floor does none of it: against the zone count Accord's ratio measures how much frontier there is, not
how well it is found. Accord / zone-count floor is printed beside it, marked "not gated".
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


def _zone_tables(data: dict) -> tuple:
    """The floors' plain-NumPy zone pass, set up: two group tables (the leading and the trailing half of the
    issues, every combination's utility per actor; a red line or constraint inside a half sets minus infinity
    where it matches), the reservation values less 1e-9, and the block of leading rows summed at a time (cache-sized
    blocks of 2^15 elements)."""
    import numpy as np

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
    return hi, lo, res - 1e-9, max(1, (1 << 15) // (len(lo) * A))


def run_floor(text: str) -> dict:
    """The zone-count floor: the zone's size alone in plain NumPy (no frontier, no Nash point).

    The group tables of `_zone_tables`, their broadcast sum in blocks, compared with the reservation values,
    ANDed over the actors, counted."""
    data = _plain(text)
    start = _clock()
    hi, lo, need, block = _zone_tables(data)
    zone = 0
    for b in range(0, len(hi), block):
        zone += int(((hi[b : b + block, None, :] + lo[None, :, :]) >= need).all(axis=2).sum())
    return {"core": _since(start), "zone": zone}


def _zone_points(data: dict):
    """The zone's utility points (one row per package in the zone, one column per actor), by the zone-count
    floor's pass, keeping the sums that pass instead of counting them."""
    import numpy as np

    hi, lo, need, block = _zone_tables(data)
    parts = []
    for b in range(0, len(hi), block):
        u = (hi[b : b + block, None, :] + lo[None, :, :]).reshape(-1, len(need))
        parts.append(u[(u >= need).all(axis=1)])
    return np.concatenate(parts)


SFS_BLOCK = 1024


def plain_skyline(points):
    """The Pareto frontier (every column maximised) by the textbook sort-filter skyline (SFS) in NumPy blocks.

    Sorted by falling sum, no point is dominated by a later one; so each block of rows is tested against the front
    so far (in slices, best first, dropping each row at its first dominator, as SFS's window scan does) and
    against its own earlier rows, and what survives joins the front. The test against the front is built one
    column at a time (4-5x faster than one (front, block, columns) comparison ANDed over its last axis, measured
    with 8 deciders). No regions, no bit sets, no rank transform: what a competent NumPy user writes. Of exactly
    equal points the first is kept, as Accord does."""
    import numpy as np

    p = points[np.argsort(-points.sum(axis=1), kind="stable")]
    front = np.empty_like(p)
    size = 0
    earlier = np.tril(np.ones((SFS_BLOCK, SFS_BLOCK), dtype=bool), k=-1)  # [i, j]: row j before row i
    for s in range(0, len(p), SFS_BLOCK):
        blk = p[s : s + SFS_BLOCK]
        alive = np.ones(len(blk), dtype=bool)
        for f in range(0, size, SFS_BLOCK):
            rows = np.flatnonzero(alive)
            if rows.size == 0:
                break
            ff, y = front[f : min(size, f + SFS_BLOCK)], blk[rows]
            hit = ff[:, 0, None] >= y[None, :, 0]  # [a, b]: front row a at least as good as row b, column by column
            for d in range(1, p.shape[1]):
                hit &= ff[:, d, None] >= y[None, :, d]
            alive[rows[hit.any(axis=0)]] = False
        blk = blk[alive]
        b = len(blk)
        dom = (blk[None, :, :] >= blk[:, None, :]).all(axis=2) & earlier[:b, :b]  # [i, j]: earlier j >= i
        keep = blk[~dom.any(axis=1)]
        front[size : size + len(keep)] = keep
        size += len(keep)
    return front[:size]


def run_skyline(text: str) -> dict:
    """The skyline floor: the zone-count floor's pass keeping the zone's utility points, then their frontier by
    `plain_skyline` (what a competent NumPy user writes for the zone and frontier; no Nash point)."""
    data = _plain(text)
    start = _clock()
    pts = _zone_points(data)
    front = plain_skyline(pts)
    return {"core": _since(start), "zone": len(pts), "frontier": len(front)}


def run_negmas_front(text: str) -> dict:
    """NegMAS's `pareto_frontier_numpy` (its documented exact extractor) on the zone's utility points, the frontier
    alone: the points are computed first, untimed, by `_zone_points`."""
    import numpy as np
    from negmas.preferences.ops import pareto_frontier_numpy

    pts = _zone_points(_plain(text))
    start = _clock()
    idx = pareto_frontier_numpy(pts)
    return {"core": _since(start), "zone": len(pts), "frontier": int(np.asarray(idx).size)}


def child(kind: str, case: tuple[int, int, int, bool], cap: float | None = None) -> dict:
    """Run one measurement in a fresh interpreter and return it; with `cap`, the process is stopped after that many
    CPU seconds (RLIMIT_CPU) and the result says so."""

    def limit() -> None:
        if cap is not None:
            resource.setrlimit(resource.RLIMIT_CPU, (int(cap), int(cap) + 5))

    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, *map(str, case[:3]), str(int(case[3]))],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limit if cap is not None else None,
    )
    if cap is not None and proc.returncode in (-9, -24):  # SIGKILL, SIGXCPU: the CPU limit
        return {"error": f"stopped at the cap of {cap:g} s of CPU", "capped": cap}
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
    ap.add_argument("--cap", type=float, default=120.0, help="CPU seconds after which a skyline-floor run is stopped")
    ap.add_argument(
        "--front-cap", type=float, default=120.0, help="likewise for NegMAS's frontier alone (5-8 deciders)"
    )
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, a, n, k, rl = args.child[0], *map(int, args.child[1:])
        run = {
            "accord": run_accord,
            "negmas": run_negmas,
            "floor": run_floor,
            "skyline": run_skyline,
            "negmas_front": run_negmas_front,
        }[kind]
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
        results: dict[str, list[dict]] = {k: [] for k in ("accord", "negmas", "floor", "skyline", "negmas_front")}
        kinds = ["accord", "floor", "skyline"]
        kinds += ["negmas"] if have_negmas and c[2] ** c[1] <= args.negmas_max else []
        kinds += ["negmas_front"] if have_negmas and c[0] >= 5 else []
        caps = {"skyline": args.cap, "negmas_front": args.front_cap}
        for r in range(rounds):
            print(
                f"\rround {r + 1}/{rounds}: {c[2] ** c[1]:,} packages, {c[0]} actors{', red lines' if c[3] else ''}"
                + " " * 20,
                end="",
                file=sys.stderr,
                flush=True,
            )
            for kind in kinds:
                if any("capped" in x for x in results[kind]) or (kind == "negmas_front" and results[kind]):
                    continue  # stopped at the cap once: not run again; NegMAS's frontier alone: one round
                results[kind].append(child(kind, c, caps.get(kind)))
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
    space = f"2^{n}" if k == 2 else f"10^{n}"
    what = f"{space}, {a} deciders{', red lines' if rl else ''} (frontier {acc[0]['frontier']:,})"
    fl = [x for x in results["floor"] if "error" not in x]
    if fl:
        fw, fc = [x["core"][0] for x in fl], [x["core"][1] for x in fl]
        check = "zone equal" if all(x["zone"] == acc[0]["zone"] for x in fl) else "zone DIFFERS"
        print(
            f"  zone-count floor  {spread(fw)} s wall, {spread(fc)} s CPU ({check}); Accord core / floor: "
            f"{statistics.median(cw) / statistics.median(fw):.2f}x wall, "
            f"{statistics.median(cc) / statistics.median(fc):.2f}x CPU"
        )
        if a >= 5:
            summary.add(
                f"Accord core / zone-count floor, {what}",
                statistics.median(cc) / statistics.median(fc),
                3.0,
                higher=False,
                gate=False,
            )
    elif results["floor"]:
        print(f"  zone-count floor  not computed: {results['floor'][0]['error']}")
    sky = [x for x in results["skyline"] if "error" not in x]
    capped = [x["capped"] for x in results["skyline"] if "capped" in x]
    if sky:
        sw, sc = [x["core"][0] for x in sky], [x["core"][1] for x in sky]
        ok = all((x["zone"], x["frontier"]) == (acc[0]["zone"], acc[0]["frontier"]) for x in sky)
        print(
            f"  skyline floor     {spread(sw)} s wall, {spread(sc)} s CPU "
            f"({'zone and frontier equal' if ok else 'zone or frontier DIFFERS'}); Accord core / skyline floor: "
            f"{statistics.median(cw) / statistics.median(sw):.3f}x wall, "
            f"{statistics.median(cc) / statistics.median(sc):.3f}x CPU"
        )
        ratio = statistics.median(cc) / statistics.median(sc)
    elif capped:
        print(
            f"  skyline floor     > {capped[0]:g} s CPU (stopped at the cap, not run again); Accord core / "
            f"skyline floor: < {statistics.median(cc) / capped[0]:.4f}x CPU"
        )
        ratio = statistics.median(cc) / capped[0]  # an upper bound: the floor took longer than the cap
    else:
        ratio = None
        if results["skyline"]:
            print(f"  skyline floor     not computed: {results['skyline'][0]['error']}")
    if a >= 5 and ratio is not None:
        summary.add(
            f"Accord core / skyline floor, {what}" + (" (floor > cap: at most)" if not sky else ""),
            ratio,
            3.0,
            higher=False,
        )
    nf = [x for x in results["negmas_front"] if "error" not in x]
    ncap = [x["capped"] for x in results["negmas_front"] if "capped" in x]
    if nf:
        fw, fc = [x["core"][0] for x in nf], [x["core"][1] for x in nf]
        ok = all(x["frontier"] == acc[0]["frontier"] for x in nf)
        print(
            f"  NegMAS frontier   pareto_frontier_numpy on the zone's {nf[0]['zone']:,} points: {spread(fw)} s wall, "
            f"{spread(fc)} s CPU ({'frontier equal' if ok else 'frontier DIFFERS'}); / Accord core (zone, "
            f"frontier and Nash point): {statistics.median(fc) / statistics.median(cc):.1f}x CPU"
        )
    elif ncap:
        print(
            f"  NegMAS frontier   pareto_frontier_numpy on the zone's points: > {ncap[0]:g} s CPU (stopped at the "
            f"cap, not run again); / Accord core: > {ncap[0] / statistics.median(cc):.0f}x CPU"
        )
    elif results["negmas_front"]:
        print(f"  NegMAS frontier   failed: {results['negmas_front'][0]['error']}")
    print(flush=True)


if __name__ == "__main__":
    main()
