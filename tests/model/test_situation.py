"""Levers and hypotheses change weights and reservation values exactly as specified."""

from __future__ import annotations

import pytest

from accord.errors import SelectionError
from accord.model.situation import resolve_hypotheses, resolve_levers, situate


def test_reservation_formula_by_hand(factions):
    """r = base + drift*(t + H) - monthly_cost*H: 0.5 + 0.002*(5+10) - 0.01*10 = 0.43 for the hard camp."""
    sit = situate(factions, "none", None, months=5)
    r = dict(zip(sit.party_ids, sit.reservation, strict=True))
    assert r["hard"] == pytest.approx(0.43)
    assert r["soft"] == pytest.approx(0.2)
    # The actor's reservation is the weighted mean of its camps: 0.6*0.43 + 0.4*0.2 = 0.338.
    assert sit.actor_reservation[sit.actor_ids.index("r")] == pytest.approx(0.338)


def test_sticks_alone_strengthen_hard_camp(factions):
    """h_harden applies (stick, no carrot): hard 0.6 -> 0.8, soft 0.4 -> 0.2; h_soften does not."""
    sit = situate(factions, "stick", "theory")
    assert sit.applied_hypotheses == ("h_harden",)
    assert sit.weights == pytest.approx({"hard": 0.8, "soft": 0.2})
    assert all(rl.binding for rl in sit.red_lines)


def test_sticks_with_carrots_weaken_hard_camp(factions):
    """h_soften applies with both: hard 0.6 -> 0.4, so its red line no longer binds (0.4 <= 0.5)."""
    sit = situate(factions, "stick,carrot", "theory")
    assert sit.applied_hypotheses == ("h_soften",)
    assert sit.weights == pytest.approx({"hard": 0.4, "soft": 0.6})
    assert not any(rl.binding for rl in sit.red_lines)
    assert sit.deal_value[sit.party_ids.index("soft")] == pytest.approx(0.05)


def test_no_hypotheses_no_shift(factions):
    """Without hypotheses the weights stay as written."""
    assert situate(factions, "stick", None).weights == pytest.approx({"hard": 0.6, "soft": 0.4})


def test_weight_shift_clips_at_one():
    """A shift past 1 is clipped and the other camp gets 0; with three camps the others share in proportion."""
    import numpy as np

    from accord.model.situation import _shift_weights

    w = np.array([[0.9, 0.1]])
    _shift_weights(w, 0, np.array([0.5]), [0, 1])
    assert w.tolist() == [[1.0, 0.0]]
    w3 = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    _shift_weights(w3, 0, np.array([-0.3, 0.1]), [0, 1, 2])  # others share 0.8 (then 0.4) in proportion 3:2
    assert w3 == pytest.approx(np.array([[0.2, 0.48, 0.32], [0.6, 0.24, 0.16]]))


def test_unlocked_options_are_off_the_table_without_their_lever(builtin):
    """Sanctions relief is on the table only when the relief lever is pulled."""
    sanctions = [i.id for i in builtin.issues].index("sanctions")
    relief = [o.id for o in builtin.issues[sanctions].options].index("us_relief_only")
    assert not situate(builtin, "none").available[sanctions, relief]
    assert situate(builtin, "us_sanctions_relief").available[sanctions, relief]


def test_selection_errors_name_the_choices(builtin):
    """Unknown levers and hypotheses list what exists."""
    with pytest.raises(SelectionError, match="unknown lever or lever package 'nope'.*lever packages: "):
        resolve_levers(builtin, "nope")
    with pytest.raises(SelectionError, match="unknown hypothesis or hypothesis set 'h99'"):
        resolve_hypotheses(builtin, ["h99"])
    assert resolve_hypotheses(builtin, ["lieven,solodkyy"]) == resolve_hypotheses(builtin, ["all"])


def test_a_reservation_value_that_overflows_is_reported_with_its_inputs(two_by_two):
    """A scenario built in code with numbers whose combination overflows is refused, naming the party and the
    numbers, instead of carrying inf or NaN (and a RuntimeWarning) into every result."""
    import pytest

    from accord.errors import AccordError
    from accord.model.situation import situate

    a = two_by_two.actors[0]
    res = a.reservation.model_copy(update={"base": 1e308, "drift": 1e308})
    s = two_by_two.model_copy(update={"actors": [a.model_copy(update={"reservation": res}), *two_by_two.actors[1:]]})
    with pytest.raises(
        AccordError,
        match=r"reservation value of 'a' is not a finite number .*base 1e\+308.*"
        r"drift 1e\+308.*horizon 12",
    ):
        situate(s)


def test_numbers_too_large_to_combine_are_refused_in_the_file():
    """A decimal beyond 1e12 in a scenario file is refused at its place, before it can overflow in the model."""
    import pytest

    import accord
    from accord.errors import ScenarioError
    from tests.conftest import TWO_BY_TWO

    with pytest.raises(ScenarioError, match=r"x.yaml:8:19: actors\[0\].reservation.base: 1e\+300 is beyond"):
        accord.loads(TWO_BY_TWO.replace("base: 0.3", "base: 1e300"), "x.yaml")
