"""Uncertainty paths address numbers by id, with wildcards, and ranges stay in each field's domain."""

from __future__ import annotations

import accord
from accord.scenario.paths import parameters
from tests.conftest import TWO_BY_TWO


def test_wildcards_expand_to_every_number():
    """`*` matches every actor and option; spreads are clipped to [0, 1] for option values."""
    text = TWO_BY_TWO + (
        "uncertainties:\n  - {path: 'actors.*.preferences.values.i1.*', spread: 0.2, note: guess}\n"
        "  - {path: actors.b.reservation.base, low: 0.1, high: 0.4, note: guess}\n"
    )
    params = {p.path: p for p in parameters(accord.loads(text))}
    assert set(params) == {
        "actors.a.preferences.values.i1.x",
        "actors.a.preferences.values.i1.y",
        "actors.b.preferences.values.i1.x",
        "actors.b.preferences.values.i1.y",
        "actors.b.reservation.base",
    }
    x = params["actors.a.preferences.values.i1.x"]
    assert (x.nominal, x.low, x.high) == (1.0, 0.8, 1.0)
    y = params["actors.a.preferences.values.i1.y"]
    assert (y.low, y.high) == (0.0, 0.2)
    assert (params["actors.b.reservation.base"].low, params["actors.b.reservation.base"].high) == (0.1, 0.4)


def test_parameters_described_in_the_scenarios_words():
    """Paths and path patterns read as names of actors, camps, issues, options and levers."""
    import accord
    from accord.scenario.paths import describe

    s = accord.load()
    assert describe(s, "actors.russia.factions.*.weight") == "Russia's camps: influence weight"
    assert describe(s, "actors.ukraine_government.preferences.values.territory.freeze_current_line") == (
        "Ukraine's government: value of Freeze along the existing battlefront (Territory and the ceasefire line)"
    )
    assert describe(s, "hypotheses.h24_stronger_ukraine_changes_russian_calculus.effects.1.delta") == (
        "Stronger support for Ukraine's defence forces Russia to reconsider (hypothesis): effect on Russia's "
        "reservation per month"
    )
    assert describe(s, "hypotheses.h12_time_on_russias_side.effects.0.delta").startswith(
        "Time is on Russia's side (hypothesis): effect on"
    )
    assert describe(s, "levers.us_sanctions_on_russia.cost") == "US sanctions on Russia (maintained): cost per month"
    assert describe(s, "veto_threshold").startswith("veto threshold")
