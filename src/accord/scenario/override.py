"""Changing assumed numbers within their ranges (for the dashboard and what-if analysis)."""

from __future__ import annotations

from typing import Any

from accord.errors import SelectionError
from accord.scenario.checks import check_scenario
from accord.scenario.paths import parameters
from accord.scenario.schema import Scenario


def override(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """A copy of the scenario with assumed numbers set (each within its range).

    Setting one salience rescales the party's other saliences so that they still sum to 1;
    setting one faction weight rescales its siblings likewise.
    """
    if not values:
        return scenario
    params = {p.path: p for p in parameters(scenario)}
    data = scenario.model_dump()
    for path, value in values.items():
        if path not in params:
            raise SelectionError(f"{path!r} is not an assumption of this scenario; see `accord assumptions`")
        p = params[path]
        if not p.low <= value <= p.high:
            raise SelectionError(f"{path} = {value} is outside its range [{p.low:g}, {p.high:g}]")
        parent: Any = data
        for key in p.loc[:-1]:
            parent = parent[key]
        key = p.loc[-1]
        if "saliences" in p.loc and p.loc[-2] == "saliences":
            _rescale(parent, key, value)
        elif key == "weight" and "factions" in p.loc:
            group = data
            for k in p.loc[:-2]:
                group = group[k]
            weights = {i: f["weight"] for i, f in enumerate(group)}
            _rescale(weights, p.loc[-2], value)
            for i, w in weights.items():
                group[i]["weight"] = w
        else:
            parent[key] = value
    out = Scenario.model_validate(data)
    problems = check_scenario(out)
    if problems:
        raise SelectionError("; ".join(msg for _, msg in problems))
    return out


def _rescale(shares: dict[Any, float], key: Any, value: float) -> None:
    """Set one share and scale the others so that all still sum to 1."""
    rest_old = sum(v for k, v in shares.items() if k != key)
    rest_new = 1.0 - value
    for k in shares:
        if k != key:
            shares[k] = shares[k] * rest_new / rest_old if rest_old > 0 else rest_new / max(1, len(shares) - 1)
    shares[key] = value
