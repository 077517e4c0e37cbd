"""The solution concepts: hand-worked cases and the plain textbook definitions on random models."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.scenario.gmcr import GmcrModel
from accord.stability import reference
from accord.stability.concepts import CONCEPTS, analyse
from accord.stability.graph import CompileProblems, compile_model
from accord.stability.io import load_model
from tests.stability.conftest import model


def eq(name: str) -> dict[str, list[str]]:
    g, _, _ = load_model(name)
    s = analyse(g)
    return {c: [g.labels[x] for x in s.equilibria(c)] for c in s.table}


def test_prisoners_dilemma_by_hand() -> None:
    """PD (Fang, Hipel, Kilgour 1993): mutual defection is Nash; mutual cooperation is GMR, SMR, SEQ and SIM
    stable, because a defector is answered by the other's defection, which the other prefers."""
    assert eq("prisoners-dilemma") == {
        "nash": ["4"],
        "gmr": ["1", "4"],
        "smr": ["1", "4"],
        "seq": ["1", "4"],
        "sim": ["1", "4"],
    }


def test_chicken_by_hand() -> None:
    """Chicken: both swerving is GMR and SMR stable (the answer to going straight is a crash) but not SEQ (going
    straight in answer hurts the answerer too); SIM holds it (both going straight at once is a crash)."""
    assert eq("chicken") == {
        "nash": ["2", "3"],
        "gmr": ["1", "2", "3"],
        "smr": ["1", "2", "3"],
        "seq": ["2", "3"],
        "sim": ["1", "2", "3"],
    }


THREE_PARTY = """
states: [{id: a}, {id: b}, {id: c}, {id: d}, {id: e}]
decision_makers:
  - {id: x, moves: {a: [b]}}
  - {id: y, moves: {b: [c], d: [e]}}
  - {id: z, moves: {c: [d]}}
preferences:
  x: {ranking: [b, c, d, a, e]}
  y: {ranking: [e, c, d, b, a]}
  z: {ranking: [d, c, a, b, e]}
"""


def test_sanction_needs_the_same_party_twice_separated_by_another() -> None:
    """x's improvement a -> b is sanctioned only by y (b -> c), z (c -> d), y again (d -> e), and x ranks e below
    a. The textbook forbids only moving twice in succession, so a is GMR and SEQ stable for x (each move is an
    improvement for its mover). A rule allowing each opponent one move would miss it."""
    g = model(THREE_PARTY)
    s = analyse(g, ["nash", "gmr", "seq"])
    a = g.index("a")
    assert not s.table["nash"][0, a]
    assert s.table["gmr"][0, a]
    assert s.table["seq"][0, a]
    for c in ("nash", "gmr", "seq"):
        assert np.array_equal(s.table[c], reference.table(g, c))


def test_graph_form_cannot_move_twice_in_a_row() -> None:
    """If the only sanction needs y to move twice in succession, it is no sanction."""
    g = model("""
    states: [{id: a}, {id: b}, {id: c}, {id: d}]
    decision_makers:
      - {id: x, moves: {a: [b]}}
      - {id: y, moves: {b: [c], c: [d]}}
    preferences:
      x: {ranking: [b, a, c, d]}
      y: {ranking: [d, c, b, a]}
    """)
    s = analyse(g, ["gmr"])
    assert s.table["gmr"][0, g.index("a")]  # c is already below a for x: one move suffices
    g2 = model("""
    states: [{id: a}, {id: b}, {id: c}, {id: d}]
    decision_makers:
      - {id: x, moves: {a: [b]}}
      - {id: y, moves: {b: [c], c: [d]}}
    preferences:
      x: {ranking: [b, c, a, d]}
      y: {ranking: [d, c, b, a]}
    """)
    s2 = analyse(g2, ["gmr"])
    assert not s2.table["gmr"][0, g2.index("a")]  # reaching d would need y twice in a row
    assert not reference.stable(g2, "gmr", 0, g2.index("a"))


@st.composite
def option_models(draw: st.DrawFn, parties: tuple[int, int] = (2, 3)) -> GmcrModel:
    nd = draw(st.integers(*parties))
    dms, k = [], 0
    for d in range(nd):
        opts = []
        for _ in range(draw(st.integers(1, 3))):
            rev = draw(st.sampled_from(["both", "both", "taken_only", "dropped_only"]))
            opts.append({"id": f"o{k}", "reversibility": rev})
            k += 1
        dms.append({"id": f"d{d}", "options": opts})
    infeasible = []
    for _ in range(draw(st.integers(0, 2))):
        pattern = {}
        for _ in range(2):
            pattern[f"o{draw(st.integers(0, k - 1))}"] = draw(st.sampled_from("YN"))
        infeasible.append({"pattern": pattern})
    prefs = {}
    for d in range(nd):
        statements = []
        for _ in range(draw(st.integers(1, 4))):
            lits = [
                ("-" if draw(st.booleans()) else "") + f"o{draw(st.integers(0, k - 1))}"
                for _ in range(draw(st.integers(1, 2)))
            ]
            statements.append(" & ".join(lits))
        prefs[f"d{d}"] = {"statements": statements}
    return GmcrModel.model_validate(
        {
            "decision_makers": dms,
            "infeasible": infeasible,
            "preferences": prefs,
            "sim": draw(st.sampled_from(["alone", "subsets"])),
            "sanctions": draw(st.sampled_from(["definition", "gmcr-py"])),
        }
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_models())
def test_engine_equals_textbook_definitions(m: GmcrModel) -> None:
    """Every concept, on random option-form models with 2-3 decision makers and irreversible options."""
    try:
        g = compile_model(m)
    except CompileProblems:
        return  # the random rules left no state
    s = analyse(g)
    for c in CONCEPTS:
        if c in s.table:
            assert np.array_equal(s.table[c], reference.table(g, c)), c


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_models(parties=(3, 4)))
def test_engine_equals_textbook_with_three_or_four_parties_under_both_rules(m: GmcrModel) -> None:
    """3-4 decision makers, where the rules differ: `sim: subsets` against the plain product of every opponent
    set's UIs, `sanctions: gmcr-py` against plain chains with each opponent at most once."""
    try:
        g = compile_model(m)
    except CompileProblems:
        return
    s = analyse(g)
    for c in CONCEPTS:
        if c in s.table:
            assert np.array_equal(s.table[c], reference.table(g, c)), (c, m.sim, m.sanctions)


def test_gmcr_py_sanctions_miss_garrison_state_6() -> None:
    """Garrison Diversion (three decision makers): state 6 is a GMR and SMR equilibrium by the definition, whose
    sanction needs one opponent to move twice (not in succession); gmcr-py's one-move-per-opponent rule misses
    it. Every other equilibrium is the same under both rules."""
    from importlib import resources

    from accord.stability.io import loads_model

    text = resources.files("accord.data").joinpath("stability", "garrison-diversion-unit.yaml").read_text()
    by_rule = {}
    for rule in ("definition", "gmcr-py"):
        g = loads_model(text.replace("model:\n", f"model:\n  sanctions: {rule}\n", 1), "gd.yaml")[0]
        s = analyse(g)
        by_rule[rule] = {c: {g.labels[x] for x in s.equilibria(c)} for c in s.table}
    for c in ("gmr", "smr"):
        assert "6" in by_rule["definition"][c] and by_rule["definition"][c] - by_rule["gmcr-py"][c] == {"6"}
    for c in ("nash", "seq"):
        assert by_rule["definition"][c] == by_rule["gmcr-py"][c]


@pytest.mark.parametrize(
    "name", ["elmira", "garrison-diversion-unit", "cuban-missile-crisis", "syria-iraq", "ukraine-2025"]
)
def test_engine_equals_textbook_on_cases(name: str) -> None:
    g, _, _ = load_model(name)
    s = analyse(g, ["nash", "gmr", "smr", "seq"])
    for c in s.table:
        assert np.array_equal(s.table[c], reference.table(g, c)), c


def test_robust_equilibria_survive_every_ranking() -> None:
    """Enumerate every integer score within the ranges: robust Nash, GMR and SMR equilibria are exactly the
    states stable in every realisation; robust SEQ is a subset of them (a sufficient condition)."""
    import itertools

    text = """
    decision_makers:
      - {id: p1, options: [{id: a}]}
      - {id: p2, options: [{id: b}]}
    preferences:
      p1: {ranking: [2, 1, 4, 3], uncertain: [{when: [1], low: -2, high: 0}]}
      p2: {ranking: [3, 1, 4, 2], uncertain: [{when: [4], low: 0, high: 2}]}
    """
    g = model(text)
    rob = analyse(g, ["nash", "gmr", "smr", "seq"], robust=True)
    base1 = {"2": 4, "1": 3, "4": 2, "3": 1}
    base2 = {"3": 4, "1": 3, "4": 2, "2": 1}
    always = {c: np.ones(g.n, dtype=bool) for c in rob.table}
    for d1, d2 in itertools.product([-2, -1, 0], [0, 1, 2]):
        r1 = [base1[x] + (d1 if x == "1" else 0) for x in g.labels]
        r2 = [base2[x] + (d2 if x == "4" else 0) for x in g.labels]
        ranks = [[[str(k + 1) for k in range(4) if r[k] == v] for v in sorted(set(r), reverse=True)] for r in (r1, r2)]
        txt = "decision_makers:\n  - {id: p1, options: [{id: a}]}\n  - {id: p2, options: [{id: b}]}\npreferences:\n"
        txt += "".join(
            f"  {p}: {{ranking: {[x if len(x) > 1 else x[0] for x in rk]}}}\n"
            for p, rk in zip(("p1", "p2"), ranks, strict=True)
        ).replace("'", '"')
        s = analyse(model(txt), list(rob.table))
        for c in rob.table:
            always[c] &= s.table[c].all(axis=0)
    for c in ("nash", "gmr", "smr"):
        assert np.array_equal(rob.table[c].all(axis=0), always[c]), c
    assert not np.any(rob.table["seq"].all(axis=0) & ~always["seq"])


def test_sim_keeps_the_decision_makers_within_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Budget set between the decision makers' exact pair counts: SIM is left out of the equilibria (no state can be
    called one without every decision maker), but the ones within the budget keep their SIM stability, equal to a
    full run's, and the notice names who was left out."""
    import accord.stability.concepts as C
    from accord.stability.generate import generate_model

    g = compile_model(generate_model(12, 3, seed=5))
    full = analyse(g, ["sim"]).table["sim"]
    counts = []
    for i in range(3):
        monkeypatch.setattr(C, "SIM_BUDGET", 0)
        _, why = C.simultaneous(g, i, g.score, g.score)
        counts.append(int(why.split(" needs ")[1].split(" checks")[0].replace(",", "")))
    budget = sorted(counts)[1]  # the two smaller counts fit, the largest does not
    monkeypatch.setattr(C, "SIM_BUDGET", budget)
    st_ = analyse(g, ["nash", "sim"])
    assert "sim" not in st_.table and "nash" in st_.table
    over = counts.index(max(counts))
    assert st_.partial is not None and set(st_.partial["sim"]) == {i for i in range(3) if i != over}
    for i, row in st_.partial["sim"].items():
        assert np.array_equal(row, full[i])
    assert g.dms[over] in st_.skipped["sim"]
