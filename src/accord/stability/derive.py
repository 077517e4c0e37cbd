"""A graph model derived from a scenario's levers and acceptance decisions.

How: the decision makers are every actor who pulls a lever of the chosen lever package (its options:
those levers, each free to pull or drop) and every decider (its option: accept the proposal). A state is
a set of levers pulled and of acceptances. The proposal is a deal when every decider accepts it. Each
state is valued with the scenario's own numbers and theory: a decider values a deal at its utility of the
proposal under the levers pulled (below every other state if the proposal crosses one of its binding
red lines), and no deal at its reservation value (continued war) under those
levers. A lever holder that is not a decider prefers a deal to none and, between states alike in that,
the cheaper levers. Each decision maker ranks the states by these values (equal values tie).
"""

from __future__ import annotations

import numpy as np

from accord.errors import SelectionError
from accord.model.evaluation import judge, parse_package
from accord.model.situation import resolve_levers, situate
from accord.scenario.gmcr import GmcrModel
from accord.scenario.schema import Scenario

MAX_DERIVED_LEVERS = 10
"""Most levers a derived model takes (each lever set is a situation to compute)."""


def derive(
    scenario: Scenario,
    package: str | dict[str, str] | None = None,
    levers: str | list[str] | None = None,
    hypotheses: str | list[str] | None = None,
) -> GmcrModel:
    """Build an option-form graph model from the scenario (see the module docstring)."""
    if package is None:
        if not scenario.packages:
            raise SelectionError("the scenario names no package; give the proposal with --package")
        package = scenario.packages[0].id
    pkg = parse_package(scenario, package)
    pulled = list(resolve_levers(scenario, levers))
    if len(pulled) > MAX_DERIVED_LEVERS:
        raise SelectionError(
            f"{len(pulled)} levers; a derived model takes at most {MAX_DERIVED_LEVERS}: "
            "name a smaller lever package with --levers"
        )
    by = {lv.id: lv.by for lv in scenario.levers}
    cost = {lv.id: lv.cost for lv in scenario.levers}
    deciders = [a.id for a in scenario.deciders]
    holders = list(dict.fromkeys(by[x] for x in pulled))
    dm_ids = list(dict.fromkeys(holders + deciders))
    options: dict[str, list[str]] = {d: [] for d in dm_ids}
    for x in pulled:
        options[by[x]].append(x)
    for d in deciders:
        options[d].append(f"{d}_accepts")
    order = [o for d in dm_ids for o in options[d]]
    nlev = len(pulled)
    # Value every lever set once (lever set k: bit b set when pulled[b] is pulled), per decider.
    nsets = 1 << nlev
    deal_u = {d: np.zeros(nsets) for d in deciders}
    war_r = {d: np.zeros(nsets) for d in deciders}
    for k in range(nsets):
        ev = judge(situate(scenario, [x for b, x in enumerate(pulled) if k >> b & 1] or "none", hypotheses), pkg)
        for v in ev.actors:
            if v.id in deciders:
                deal_u[v.id][k] = -np.inf if any(h.binding for h in v.red_lines) else v.utility
                war_r[v.id][k] = v.reservation
    codes = np.arange(1 << len(order), dtype=np.int64)
    bit = {o: k for k, o in enumerate(order)}
    lever_set = sum(((codes >> bit[x]) & 1) << b for b, x in enumerate(pulled)) if pulled else codes * 0
    deal = np.logical_and.reduce([((codes >> bit[f"{d}_accepts"]) & 1).astype(bool) for d in deciders])
    spend = sum(((codes >> bit[x]) & 1) * cost[x] for x in pulled) if pulled else np.zeros(len(codes))
    score = {
        d: np.where(deal, deal_u[d][lever_set], war_r[d][lever_set]) if d in deciders else deal * 1e6 - spend
        for d in dm_ids
    }
    ranking = {d: _ranking(score[d]) for d in dm_ids}
    return GmcrModel.model_validate(
        {
            "id": f"{scenario.meta.id}-derived",
            "title": f"{scenario.meta.title}: levers and acceptance of {package if isinstance(package, str) else 'the proposal'}",
            "note": "Derived by Accord from the scenario's levers and acceptance decisions (see `accord stability --help`).",
            "decision_makers": [{"id": d, "options": [{"id": o} for o in options[d]]} for d in dm_ids],
            "preferences": {d: {"ranking": ranking[d]} for d in dm_ids},
            "deal": {f"{d}_accepts": "Y" for d in deciders},
        }
    )


def _ranking(values: np.ndarray) -> list[int | list[int]]:
    """States (numbered from 1) from best to worst, equal values tied."""
    levels = np.unique(values)[::-1]
    out: list[int | list[int]] = []
    for v in levels:
        states = (np.nonzero(values == v)[0] + 1).tolist()
        out.append(states[0] if len(states) == 1 else states)
    return out
