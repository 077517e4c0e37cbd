"""Evaluating one package: utilities, reservation values and verdicts worked out by hand."""

from __future__ import annotations

import pytest

from accord import evaluate
from accord.errors import SelectionError


def test_two_by_two_by_hand(two_by_two):
    """(x, q): a = 0.6*1 + 0.4*1 = 1.0 accepts; b = 0.5*0 + 0.5*0.2 = 0.1 < 0.25 rejects."""
    ev = evaluate(two_by_two, "i1=x,i2=q", "none")
    a, b = ev.actors
    assert a.utility == pytest.approx(1.0) and a.accepts
    assert b.utility == pytest.approx(0.1) and not b.accepts
    assert b.reasons == ("utility 0.100 is below its reservation value 0.250",)
    assert not ev.accepted and ev.rejected_by == ("b",)


def test_stick_moves_the_reservation(two_by_two):
    """Pulling squeeze_b lowers b's reservation to 0.05, so b accepts (x, q) and the cost is 2."""
    ev = evaluate(two_by_two, {"i1": "x", "i2": "q"}, "squeeze_b")
    assert ev.actors[1].reservation == pytest.approx(0.05)
    assert ev.accepted and ev.cost == 2.0


def test_unspecified_issues_take_status_quo(two_by_two):
    """Issues left out of a package take their status quo option."""
    assert evaluate(two_by_two, "i2=q", "none").package == {"i1": "x", "i2": "q"}


def test_faction_breakdown_and_veto(factions):
    """Package i1=x: hard u=0.2, soft u=0.9; with sticks alone the hard camp's red line binds."""
    ev = evaluate(factions, "i1=x", "stick", "theory")
    r = next(v for v in ev.actors if v.id == "r")
    hard = next(v for v in ev.factions if v.id == "hard")
    assert hard.weight == pytest.approx(0.8) and hard.utility == pytest.approx(0.2)
    assert r.utility == pytest.approx(0.8 * 0.2 + 0.2 * 0.9)
    assert not r.accepts and "crosses red line rl_hard" in r.reasons[0]
    # With carrots too the hard camp weakens below the veto threshold: the red line no longer binds.
    ev2 = evaluate(factions, "i1=x", "stick,carrot", "theory")
    r2 = next(v for v in ev2.actors if v.id == "r")
    assert r2.utility == pytest.approx(0.4 * 0.2 + 0.6 * (0.9 + 0.05))
    assert r2.red_lines and not r2.red_lines[0].binding
    assert r2.accepts is (r2.utility >= r2.reservation)


def test_red_line_reason_carries_the_quote(builtin):
    """Under Solodkyy's theory Lieven's terms cross Kyiv's ceasefire-without-reliable-guarantees red line (a hard
    red line his hypothesis h30 adds), and the reason quotes him. Kyiv's demand for guarantees is now also a base
    SOFT red line (rl_ukraine_no_reliable_guarantees, issue 25): Lieven's ultimatum pushes Kyiv's reservation
    below its gives_way_below, so that one gives way (not binding, its cost paid) while h30's hard one binds.

    Changed for issue 25's second pass: judged under Lieven's levers WITH the ultimatum, as this says. The threshold
    is 0.41 (was 0.58, below which Kyiv's reservation always lay, so the levers without the ultimatum did too); under
    his levers alone Kyiv's reservation is 0.480 and the soft line holds; with the ultimatum it is 0.332."""
    ev = evaluate(builtin, "lieven_terms", "lieven_levers_with_ultimatum", "solodkyy")
    ua = next(v for v in ev.actors if v.id == "ukraine_government")
    assert not ua.accepts
    assert [(h.id, h.binding) for h in ua.red_lines] == [
        ("rl_ukraine_no_reliable_guarantees", False),
        ("rl_ukraine_ceasefire_without_reliable_guarantees", True),
    ]
    assert ua.reasons[0].startswith("crosses red line rl_ukraine_ceasefire_without_reliable_guarantees")
    assert "only possible with American involvement" in ua.reasons[0]
    assert any("soft red line rl_ukraine_no_reliable_guarantees" in r and "gave way" in r for r in ua.reasons)


def test_off_table_option_is_reported(builtin):
    """Lieven's carrots are off the table under the observed lever package."""
    ev = evaluate(builtin, "lieven_terms", "observed_2025")
    assert "sanctions" in ev.off_table and not ev.accepted


def test_bad_package_spec(two_by_two):
    """Unknown packages, issues and options are named."""
    with pytest.raises(SelectionError, match="unknown package 'zzz'"):
        evaluate(two_by_two, "zzz")
    with pytest.raises(SelectionError, match="unknown option 'w' for issue 'i1'; options: x, y"):
        evaluate(two_by_two, "i1=w")
