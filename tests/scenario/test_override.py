"""Editing assumed numbers within their ranges."""

from __future__ import annotations

import pytest

from accord.errors import SelectionError
from accord.scenario.override import override


def test_salience_edit_rescales_the_others(builtin):
    """Setting one salience keeps the party's saliences summing to 1, others in proportion."""
    s = override(builtin, {"actors.us_administration.preferences.saliences.ceasefire": 0.27})
    sal = s.actor("us_administration").preferences.saliences
    assert sal["ceasefire"] == 0.27 and sum(sal.values()) == pytest.approx(1.0)
    # Changed for issue 25's second pass: the US's territory salience is 0.06 (0.02 went to the recognition issue);
    # the others are scaled by (1 - 0.27) / (1 - 0.25).
    assert sal["territory"] == pytest.approx(0.06 * 0.73 / 0.75)


def test_faction_weight_edit_rescales_sibling(builtin):
    """Setting the hard-line weight sets the reconciliation weight to the rest."""
    s = override(builtin, {"actors.russia.factions.ru_hardline.weight": 0.7})
    assert [f.weight for f in s.actor("russia").factions] == pytest.approx([0.7, 0.3])


def test_unknown_or_out_of_range(builtin):
    """Only declared assumptions, only within range."""
    with pytest.raises(SelectionError, match="not an assumption"):
        override(builtin, {"meta.title": 1.0})
    with pytest.raises(SelectionError, match=r"outside its range \[0.3, 0.7\]"):
        override(builtin, {"actors.russia.factions.ru_hardline.weight": 0.9})
