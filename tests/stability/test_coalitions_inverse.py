"""Coalition analysis and inverse GMCR."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import numpy as np
from typer.testing import CliRunner

from accord.cli import app
from accord.stability import reference
from accord.stability.coalitions import all_coalitions, group_reach
from accord.stability.concepts import analyse
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


def _count_from_printed(data: dict, ranked: str) -> int:
    """Rankings of `ranked`'s states (all 720 for six states) meeting every printed condition, the other decision
    maker's literals read from the printed scores: uses nothing but the command's JSON."""
    states = [row["state"] for row in data["table"]]
    score = {row["state"]: row["score"] for row in data["table"]}
    count = 0
    for perm in itertools.permutations(range(len(states))):
        mine = dict(zip(states, perm))

        def holds(lit: dict) -> bool:
            val = mine if lit["decision_maker"] == ranked else {s: score[s][lit["decision_maker"]] for s in states}
            a, b = val[lit["state"]], val[lit["over"]]
            return a > b if lit["strict"] else a >= b

        count += all(any(all(holds(x) for x in alt["all_of"]) for alt in cond["any_of"])
                     for cond in data["inverse"]["conditions"])
    return count


def test_inverse_conditions_count_right_from_their_own_json() -> None:
    """Syria-Iraq, Syria releasing water (state 2), Syria's 720 rankings with Iraq's as in the model. By hand:
    Nash needs state 2 above both states Syria can move to (1 and 3): a third of the rankings, 240. GMR: for each
    move, 2 >= it or 2 >= the state Iraq's attack leads to (4 after 1, 6 after 3). The first fails when 2 is the
    lowest of {1, 2, 4} (1/3), the second likewise (1/3), both when 2 is the lowest of {1, 2, 3, 4, 6} (1/5): 720 x
    (1 - 1/3 - 1/3 + 1/5) = 384. SEQ also needs Iraq to gain by the attack, which it does from both (Iraq ranks 4
    over 1 and 6 over 3), so SEQ = GMR = 384. Read as a flat "or" of literals (the old output) every ranking
    passed SEQ (720)."""

    from typer.testing import CliRunner

    from accord.cli import app
    counts = {}
    for concept in ("nash", "gmr", "seq", "smr"):
        res = CliRunner().invoke(app, ["stability", "syria-iraq", "--inverse", "2", "-c", concept, "--json"])
        assert res.exit_code == 0, res.output
        counts[concept] = _count_from_printed(json.loads(res.stdout), "syria")
    assert (counts["nash"], counts["gmr"], counts["seq"]) == (240, 384, 384)
    # SMR against the engine itself: state 2 is SMR-stable for Syria under exactly those rankings
    g, _, _ = load_model("syria-iraq")
    engine = 0
    for perm in itertools.permutations(range(g.n)):
        score = g.score.astype(float).copy()
        score[0] = perm
        engine += g.index("2") in analyse(replace(g, score=score, lo=score, hi=score), ["smr"]).equilibria("smr")
    assert counts["smr"] == engine


def test_inverse_sim_is_refused_with_a_reason() -> None:
    res = CliRunner().invoke(app, ["stability", "syria-iraq", "--inverse", "2", "-c", "sim"])
    assert res.exit_code != 0 and "SIM" in res.output and "Traceback" not in res.output
