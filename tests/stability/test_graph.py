"""Compiling models: statements, rankings, infeasibility, and every bad input as a located error."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import ScenarioError
from accord.stability.graph import statement_scores
from tests.stability.conftest import model


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        model(text)
    return [str(p) for p in exc.value.problems]


def test_option_prioritisation_scores_by_hand() -> None:
    """Statements [a, -b, a iff b] on states (a, b): score = 4*[a] + 2*[not b] + 1*[a == b]."""
    codes = np.arange(4)  # bit 0 = a, bit 1 = b
    s = statement_scores(codes, ["a", "-b", "a iff b"], {"a": 0, "b": 1})
    assert s.tolist() == [0 + 2 + 1, 4 + 2 + 0, 0 + 0 + 0, 4 + 0 + 1]
    assert statement_scores(codes, ["a if b"], {"a": 0, "b": 1}).tolist() == [1, 1, 0, 1]
    assert statement_scores(codes, ["a & -b | -a & b"], {"a": 0, "b": 1}).tolist() == [0, 1, 1, 0]


def test_state_numbering_follows_gmcr_convention() -> None:
    g = model("""
    decision_makers: [{id: x, options: [{id: a}, {id: b}]}]
    infeasible: [{pattern: {a: Y, b: Y}}]
    preferences: {x: {statements: [a]}}
    """)
    assert g.labels == ("1", "2", "3") and [g.pattern(s) for s in range(3)] == ["NN", "YN", "NY"]


def test_ranking_and_statements_that_disagree_warn() -> None:
    g = model("""
    decision_makers: [{id: x, options: [{id: a}]}, {id: y, options: [{id: b}]}]
    preferences:
      x: {statements: [a], ranking: [1, 2, 3, 4]}
      y: {statements: [b]}
    """)
    assert g.warnings and "ranking is used" in g.warnings[0]
    assert g.score[0].tolist() == [3, 2, 1, 0]


def test_missing_option_in_statement() -> None:
    (p,) = problems("""
    decision_makers: [{id: x, options: [{id: a}]}]
    preferences: {x: {statements: [a & nope]}}
    """)
    assert "test.yaml:5:34:" in p and "model.preferences.x.statements[0]" in p and "'nope'" in p


def test_rules_that_leave_no_state() -> None:
    (p,) = problems("""
    decision_makers: [{id: x, options: [{id: a}]}]
    infeasible: [{pattern: {a: Y}}, {pattern: {a: N}}]
    preferences: {x: {statements: [a]}}
    """)
    assert "leave no feasible state" in p


def test_ranking_omits_and_repeats() -> None:
    ps = problems("""
    decision_makers: [{id: x, options: [{id: a}]}, {id: y, options: [{id: b}]}]
    preferences:
      x: {ranking: [1, 2, 3]}
      y: {ranking: [1, 1, 2, 3, 4]}
    """)
    assert any("leaves out 1 state(s): 4" in p for p in ps)
    assert any("ranked twice" in p and "model.preferences.y.ranking[1]" in p for p in ps)


def test_unknown_decision_maker_in_coalition() -> None:
    (p,) = problems("""
    decision_makers: [{id: x, options: [{id: a}]}]
    preferences: {x: {statements: [a]}}
    coalitions: [{id: c, members: [x, ghost]}]
    """)
    assert "'ghost'" in p and "model.coalitions[0].members" in p


def test_statement_syntax_errors_never_evaluate() -> None:
    for bad, words in [
        ("a &", "ends with an operator"),
        ("__import__('os')", "unexpected"),
        ("a if", "both sides"),
        ("a b", "expected '&'"),
    ]:
        ps = problems(f"""
        decision_makers: [{{id: x, options: [{{id: a}}]}}]
        preferences: {{x: {{statements: ["{bad}"]}}}}
        """)
        assert any(words in p for p in ps), (bad, ps)


def test_graph_form_errors() -> None:
    ps = problems("""
    states: [{id: s1}, {id: s2}]
    decision_makers: [{id: x, moves: {s1: [s3, s1]}}]
    preferences: {x: {ranking: [s1, s2]}}
    """)
    assert any("unknown state 's3'" in p for p in ps) and any("to itself" in p for p in ps)


def test_unknown_key_is_located_with_a_suggestion() -> None:
    (p,) = problems("""
    decision_makers: [{id: x, options: [{id: a, reversability: both}]}]
    preferences: {x: {statements: [a]}}
    """)
    assert "did you mean 'reversibility'" in p


def test_deal_reading_counts_the_deal_equilibria_of_the_builtin_model():
    """The reading's counts, against the equilibria filtered by the options taken (both sides accept)."""
    import accord
    from accord.present.stability_view import deal_reading
    from accord.stability.analysis import run
    from accord.stability.graph import compile_model

    g = compile_model(accord.load().stability)
    r = run(g, start=g.status_quo)
    lines = [t.plain for t in deal_reading(r)]
    for concept, states in r.equilibria().items():
        deals = [s for s in states if {"russia_accepts_terms", "ukraine_accepts_terms"} <= set(g.taken(s))]
        line = next(x for x in lines if x.startswith(f"{concept.upper()}: "))
        assert line.startswith(f"{concept.upper()}: {len(deals)} stable deal"), line
        assert f", {len(states) - len(deals)} stable state" in line
    assert any(x.startswith("From the status quo (88") for x in lines)
    assert g.move(g.index(88), g.index(85)) == "no longer military aid, sanctions"
