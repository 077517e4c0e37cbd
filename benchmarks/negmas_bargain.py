"""A competent NegMAS user's script: zone of agreement, Pareto frontier and Nash point of a scenario file.

It imports nothing from Accord: it reads the pre-written YAML file with PyYAML's C loader and takes NegMAS's
fastest documented path for a finite space, as `bench_bargain.run_negmas` does (one
`LinearAdditiveUtilityFunction` per actor, every outcome's utility once, the reserved values read once, red
lines and constraints as a NumPy mask, `pareto_frontier_numpy`, `nash_points`). `bench_startup.py` runs it as a
whole process beside `accord bargain` on the same file. Prints one JSON line: zone, frontier size, Nash utilities.

    python benchmarks/negmas_bargain.py scenario.yaml
"""

from __future__ import annotations

import itertools
import json
import re
import sys

import numpy as np
import yaml
from negmas import LinearAdditiveUtilityFunction, make_issue
from negmas.outcomes import make_os
from negmas.preferences import nash_points
from negmas.preferences.ops import pareto_frontier_numpy


def read(path: str) -> dict:
    """The scenario as plain data (PyYAML's C loader where built), with YAML 1.2's floats (`1e-05` a float)."""

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."),
    )
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def matches(when: dict, issues: list[dict], grid: np.ndarray) -> np.ndarray:
    """Rows of the option-index grid that a red line's or constraint's `when` matches."""
    hit = np.ones(grid.shape[0], dtype=bool)
    for issue, opts in when.items():
        i = next(k for k, x in enumerate(issues) if x["id"] == issue)
        ids = [o["id"] for o in issues[i]["options"]]
        wanted = [ids.index(o) for o in ([opts] if isinstance(opts, str) else opts)]
        hit &= np.isin(grid[:, i], wanted)
    return hit


def bargain(data: dict) -> dict:
    """Zone, frontier size and the Nash point's utilities, the NegMAS way."""
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
            ok &= ~matches(c["excludes"], issues, grid)
        for a in data["actors"]:
            for rl in a.get("red_lines", []):
                ok &= ~matches(rl["when"], issues, grid)
    acceptable = points[ok]
    front = acceptable[pareto_frontier_numpy(acceptable)] if len(acceptable) else acceptable
    pts = nash_points(ufuns, [tuple(x) for x in front], outcome_space=os_) if len(front) else ()
    return {"zone": int(ok.sum()), "frontier": len(front), "nash": [float(x) for x in pts[0][0]] if pts else None}


if __name__ == "__main__":
    print(json.dumps(bargain(read(sys.argv[1]))))
