"""Bargaining over the package space, checked by hand, against a plain-Python reference and against NegMAS."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord
from accord import bargain
from accord.analyses.bargaining import decode
from accord.model.generate import generate, to_yaml
from tests.reference import reference_zone


def test_two_by_two_by_hand(two_by_two):
    """Zone {(x,p), (y,q)}: gains (0.3, 0.25) and (0.1, 0.35). Nash, KS, utilitarian, egalitarian: (x,p)."""
    r = bargain(two_by_two, "none")
    assert (r.packages, r.on_table, r.feasible, r.zone) == (4, 4, 4, 2)
    # a: (x,p) 0.6, (x,q) 1.0, (y,p) 0.0, (y,q) 0.4 vs 0.3 -> 3; b: 0.5, 0.1, 1.0, 0.6 vs 0.25 -> 3
    assert r.accepted_by == {"a": 3, "b": 3}
    assert r.frontier_size == 2
    for name in ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian"):
        assert r.solutions[name].package == {"i1": "x", "i2": "p"}, name
    assert r.solutions["nash"].gains == pytest.approx({"a": 0.3, "b": 0.25})


def test_stick_opens_a_third_package(two_by_two):
    """With b's reservation at 0.05, (x,q) (a 1.0, b 0.1) joins the zone and becomes the Nash package."""
    r = bargain(two_by_two, "squeeze_b")
    assert r.zone == 3
    # gains: (x,p) 0.3*0.45=0.135, (x,q) 0.7*0.05=0.035, (y,q) 0.1*0.55=0.055
    assert r.solutions["nash"].package == {"i1": "x", "i2": "p"}
    assert r.solutions["utilitarian"].package == {"i1": "x", "i2": "p"}  # sums 1.1, 1.1, 1.0: tie -> lower code


def test_red_line_shrinks_zone(two_by_two):
    """A red line of b on i1=x leaves (y,q) as the only acceptable package."""
    s = accord.loads(
        accord.scenario.schema.Scenario.model_validate(
            two_by_two.model_dump()
            | {
                "actors": [
                    two_by_two.actors[0].model_dump(),
                    two_by_two.actors[1].model_dump() | {"red_lines": [{"id": "rl", "when": {"i1": "x"}}]},
                ]
            }
        ).model_dump_json()
    )
    r = bargain(s, "none")
    assert r.zone == 1 and r.solutions["nash"].package == {"i1": "y", "i2": "q"}


def _gen(seed: int, **kw) -> accord.Scenario:
    return accord.loads(to_yaml(generate(seed=seed, **kw)), f"gen{seed}.yaml")


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    actors=st.integers(1, 4),
    issues=st.integers(1, 5),
    options=st.integers(2, 4),
    factions=st.booleans(),
)
def test_matches_reference_and_properties(seed, actors, issues, options, factions):
    """Zone size equals the reference; the frontier is the zone's non-dominated set; Nash maximises the product."""
    s = _gen(seed, actors=actors, issues=issues, options=options, factions=factions)
    ref = reference_zone(s)
    r = bargain(s, "none")
    assert r.zone == len(ref)
    pts = {k: np.array([g[a] for a in r.deciders]) for k, g in ref.items()}
    front = {tuple(decode(s, int(c)).values()) for c in r.frontier_codes}
    assert front <= set(ref)
    # every frontier point is undominated in the zone; every zone point is weakly dominated by a frontier point
    for f in front:
        assert not any((p >= pts[f] - 1e-12).all() and (p > pts[f] + 1e-12).any() for p in pts.values())
    for p in pts.values():
        assert any((pts[f] >= p - 1e-12).all() for f in front)
    if ref:
        best = max(np.prod(np.maximum(g, 0)) for g in pts.values())
        nash = r.solutions["nash"]
        assert np.prod([max(nash.gains[a], 0) for a in r.deciders]) == pytest.approx(best, abs=1e-12)
    else:
        assert all(v is None for v in r.solutions.values())


@pytest.mark.parametrize("seed", range(6))
def test_merge_equals_enumerate(seed):
    """The frontier merge and the brute-force enumeration give the same frontier and solutions."""
    s = _gen(seed, actors=4, issues=6, options=5, factions=True)
    for levers in ("none", "stick", "both"):
        a = bargain(s, levers, "all", method="merge")
        b = bargain(s, levers, "all", method="enumerate")
        assert a.zone == b.zone
        assert sorted(a.frontier_codes.tolist()) == sorted(b.frontier_codes.tolist())
        assert {k: v and v.code for k, v in a.solutions.items()} == {k: v and v.code for k, v in b.solutions.items()}


# --- NegMAS, the peer, computed in the same run -------------------------------------------------------------

negmas = pytest.importorskip("negmas")


def _negmas_model(s: accord.Scenario):
    from negmas import LinearAdditiveUtilityFunction, make_issue
    from negmas.outcomes import make_os

    os_ = make_os([make_issue([o.id for o in i.options], name=i.id) for i in s.issues])
    ufuns = []
    for a in s.actors:
        p, res = a.preferences, a.reservation
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values={i.id: p.values[i.id] for i in s.issues},
                weights={i.id: p.saliences[i.id] for i in s.issues},
                outcome_space=os_,
                reserved_value=res.base + (res.drift - res.monthly_cost) * res.horizon,
            )
        )
    outcomes = list(itertools.product(*[[o.id for o in i.options] for i in s.issues]))
    return os_, ufuns, outcomes


@pytest.mark.parametrize("seed", range(5))
def test_pareto_and_nash_equal_negmas(seed):
    """With everything acceptable, Accord's frontier equals NegMAS's; the Nash point matches NegMAS's."""
    from negmas.preferences import nash_points, pareto_frontier

    data = generate(actors=3, issues=4, options=4, seed=seed, red_lines=False, strictness=-50.0)
    data.pop("constraints")
    s = accord.loads(to_yaml(data))
    os_, ufuns, outcomes = _negmas_model(s)
    front, _ = pareto_frontier(ufuns, outcomes=outcomes)
    r = bargain(s, "none")
    assert r.zone == len(outcomes)
    ours = {tuple(np.round(u, 9)) for u in r.frontier_utilities}
    theirs = {tuple(np.round(np.array(u, dtype=float), 9)) for u in front}
    assert ours == theirs

    # Nash with real reservation values: NegMAS over its frontier of the whole space.
    data = generate(actors=3, issues=4, options=4, seed=seed, red_lines=False, strictness=0.0)
    data.pop("constraints")
    s = accord.loads(to_yaml(data))
    os_, ufuns, outcomes = _negmas_model(s)
    front, _ = pareto_frontier(ufuns, outcomes=outcomes)
    pts = nash_points(ufuns, front, outcome_space=os_)
    r = bargain(s, "none")
    if not pts or r.solutions["nash"] is None:
        assert r.zone == 0 or not pts
        return
    theirs_u = np.array(pts[0][0], dtype=float)
    ours_u = np.array([r.solutions["nash"].utilities[a] for a in r.deciders])
    np.testing.assert_allclose(ours_u, theirs_u, atol=1e-9)
