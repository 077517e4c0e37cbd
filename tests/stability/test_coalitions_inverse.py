"""Coalition analysis and inverse GMCR."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario.gmcr import GmcrModel
from accord.stability import reference
from accord.stability.coalitions import all_coalitions, group_reach
from accord.stability.concepts import analyse
from accord.stability.graph import CompileProblems, compile_model
from accord.stability.inverse import solve
from accord.stability.io import load_model
from tests.stability.test_concepts import option_models


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
        ("prisoner_1", "1", "2"),
        ("prisoner_2", "1", "3"),
    ]
    assert solve(g, g.index("1"), "gmr").changes == []
    assert solve(g, g.index("1"), "seq").holds_now


def test_inverse_result_makes_the_state_an_equilibrium() -> None:
    """Apply the chosen changes to Elmira (make 4 a Nash equilibrium) and check with the engine."""
    g, _, _ = load_model("elmira")
    r = solve(g, g.index("4"), "nash")
    assert r.changes == [(2, g.index("4"), g.index("8"), False)]  # local government: 4 at least as good as 8
    score = g.score.copy()
    score[2, g.index("4")] = score[2, g.index("8")]
    g2 = replace(g, score=score, lo=score, hi=score)
    assert g.index("4") in analyse(g2, ["nash"]).equilibria("nash")


def _count_from_printed(data: dict, ranked: str) -> int:
    """Rankings of `ranked`'s states (all 720 for six states) meeting every printed condition, the other decision
    maker's literals read from the printed scores: uses nothing but the command's JSON."""
    states = [row["state"] for row in data["table"]]
    score = {row["state"]: row["score"] for row in data["table"]}
    count = 0
    for perm in itertools.permutations(range(len(states))):
        mine = dict(zip(states, perm, strict=True))

        def holds(lit: dict, mine: dict = mine) -> bool:
            val = mine if lit["decision_maker"] == ranked else {s: score[s][lit["decision_maker"]] for s in states}
            a, b = val[lit["state"]], val[lit["over"]]
            return a > b if lit["strict"] else a >= b

        count += all(
            any(all(holds(x) for x in alt["all_of"]) for alt in cond["any_of"])
            for cond in data["inverse"]["conditions"]
        )
    return count


def test_inverse_conditions_count_right_from_their_own_json() -> None:
    """Syria-Iraq, Syria releasing water (state 2), Syria's 720 rankings with Iraq's as in the model. By hand:
    Nash needs state 2 above both states Syria can move to (1 and 3): a third of the rankings, 240. GMR: for each
    move, 2 >= it or 2 >= the state Iraq's attack leads to (4 after 1, 6 after 3). The first fails when 2 is the
    lowest of {1, 2, 4} (1/3), the second likewise (1/3), both when 2 is the lowest of {1, 2, 3, 4, 6} (1/5): 720 x
    (1 - 1/3 - 1/3 + 1/5) = 384. SEQ also needs Iraq to gain by the attack, which it does from both (Iraq ranks 4
    over 1 and 6 over 3), so SEQ = GMR = 384. Read as a flat "or" of literals (the old output) every ranking
    passed SEQ (720)."""
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


def test_elmira_partition_moe_uniroyal_by_hand() -> None:
    """Elmira with MoE and Uniroyal as one block, the local government alone. The block moves by its members'
    legal sequences: from 5 it reaches 6, 7, 8, 9; from 2 it reaches 4, 9; from 6: 8, 9; from 1: 2, 3, 4, 9. It
    gains only where both gain: 2 -> 4, 5 -> 8, 6 -> 8 (Kilgour et al. 2001: the coalition moves 5 -> 8).
    The local government's UIs are 1 -> 5, 2 -> 6, 3 -> 7, 4 -> 8.
    Nash: the block is stable at 1, 3, 4, 7, 8, 9, the local government at 5-9: {7, 8, 9}.
    GMR: the block's three improvements are answered by the local government's single moves (4 -> 8, 8 -> 4),
    and both members prefer the result to where they started, so they stay unstable; each of the local
    government's UIs has an answer it likes less (1 -> 5 by 5 -> 6; 2 -> 6 by 6 -> 9; 3 -> 7 by 7 -> 8; 4 -> 8 by
    8 -> 9): {1, 3, 4, 7, 8, 9}; SMR the same (none of those answers lets it recover). SEQ: the answers must be
    block improvements; the only ones after a UI of the local government are 5 -> 8 (after 1 -> 5: a sanction)
    and 6 -> 8 (after 2 -> 6: the local government prefers 8 to 2), so 3 and 4 fall: {1, 7, 8, 9}."""
    from accord.stability import partition

    g, _, _ = load_model("elmira")
    r = partition.analyse(g, partition.parse(g, "moe+uniroyal"))
    got = {c: [g.labels[x] for x in r.equilibria(c)] for c in r.table}
    assert got == {
        "nash": ["7", "8", "9"],
        "gmr": ["1", "3", "4", "7", "8", "9"],
        "smr": ["1", "3", "4", "7", "8", "9"],
        "seq": ["1", "7", "8", "9"],
    }
    assert "sim" in r.skipped  # graph form: SIM needs options
    assert "5" not in got["nash"] and "8" in got["seq"]


def test_partition_of_singletons_is_the_ordinary_analysis() -> None:
    """Every block a single decision maker: the partition analysis is the textbook one, concept by concept."""
    from accord.stability import partition

    for name in ("elmira", "garrison-diversion-unit", "syria-iraq", "cuban-missile-crisis"):
        g, _, _ = load_model(name)
        r = partition.analyse(g, partition.parse(g, ""))
        s = analyse(g)
        for c in r.table:
            assert np.array_equal(r.table[c], s.table[c]), (name, c)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_models(parties=(3, 4)), st.lists(st.integers(0, 2), min_size=4, max_size=4))
def test_partition_engine_equals_plain_definitions(m: GmcrModel, assign: list[int]) -> None:
    """Random 3-4 party option-form models, random partitions, both SIM and both sanction rules: the matrix
    engine gives what the plain per-state definitions (`reference.partition_table`) give."""
    from accord.stability import partition

    try:
        g = compile_model(m)
    except CompileProblems:
        return
    groups: dict[int, list[str]] = {}
    for d, a in zip(g.dms, assign, strict=False):
        groups.setdefault(a, []).append(d)
    blocks = partition.parse(g, ",".join("+".join(v) for v in groups.values()))
    r = partition.analyse(g, blocks)
    for c in r.table:
        assert np.array_equal(r.table[c], reference.partition_table(g, [b for _, b in blocks], c)), c
