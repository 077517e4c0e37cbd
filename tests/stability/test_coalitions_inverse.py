"""Coalition analysis and inverse GMCR."""

from __future__ import annotations

import numpy as np

from accord.stability import reference
from accord.stability.coalitions import all_coalitions, group_reach
from accord.stability.inverse import solve
from accord.stability.io import load_model


def test_group_reach_matches_textbook() -> None:
    for name in ("elmira", "garrison-diversion-unit", "cuban-missile-crisis"):
        g, _, _ = load_model(name)
        for group in [(0, 1), (1, 2)] if len(g.dms) > 2 else [(0, 1)]:
            m = group_reach(g, group)
            for s in range(g.n):
                assert set(np.nonzero(m[s])[0].tolist()) == reference.group_reach(g, list(group), s)


def test_grand_coalition_in_prisoners_dilemma() -> None:
    """Both prisoners together can move from mutual defection (4) to mutual cooperation (1), which both
    prefer: 4 is Nash but not coalition-Nash stable for the grand coalition."""
    g, _, _ = load_model("prisoners-dilemma")
    (grand,) = all_coalitions(g)
    assert not grand.nash[g.index("4")] and grand.improvement[g.index("4")] == g.index("1")
    assert grand.nash[g.index("1")]


def test_inverse_nash_for_cooperation_by_hand() -> None:
    """For mutual cooperation to be Nash, prisoner 1 must like it at least as well as defecting alone (2),
    and prisoner 2 likewise (3): exactly two changes. It is already GMR and SEQ stable: no change."""
    g, _, _ = load_model("prisoners-dilemma")
    r = solve(g, g.index("1"), "nash")
    assert not r.holds_now and r.feasible
    assert sorted((g.dms[d], g.labels[a], g.labels[b]) for d, a, b, _ in r.changes) == [
        ("prisoner_1", "1", "2"), ("prisoner_2", "1", "3")]
    assert solve(g, g.index("1"), "gmr").changes == []
    assert solve(g, g.index("1"), "seq").holds_now


def test_inverse_result_makes_the_state_an_equilibrium() -> None:
    """Apply the chosen changes to Elmira (make 4 a Nash equilibrium) and check with the engine."""
    g, _, _ = load_model("elmira")
    r = solve(g, g.index("4"), "nash")
    assert r.changes == [(2, g.index("4"), g.index("8"), False)]  # local government: 4 at least as good as 8
    score = g.score.copy()
    score[2, g.index("4")] = score[2, g.index("8")]
    from dataclasses import replace

    from accord.stability.concepts import analyse
    g2 = replace(g, score=score, lo=score, hi=score)
    assert g.index("4") in analyse(g2, ["nash"]).equilibria("nash")
