"""Version-2 uncertainty ranges keep the sources' signs (issue 24)."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.errors import ScenarioError
from accord.model.uncertainty import Design
from accord.scenario.migrate import migrate_text

HEAD = """accord: {v}
meta: {{id: r, title: Ranges}}
issues:
  - id: x
    options: [{{id: x0}}, {{id: x1}}]
    status_quo: x0
actors:
  - id: a
    factions:
      - {{id: f1, weight: 0.6, preferences: {{saliences: {{x: 1.0}}, values: {{x: {{x0: 0.0, x1: 1.0}}}}}},
         reservation: {{base: 0.5, drift: 0.01}}}}
      - {{id: f2, weight: 0.4, preferences: {{saliences: {{x: 1.0}}, values: {{x: {{x0: 0.0, x1: 1.0}}}}}},
         reservation: {{base: 0.5, drift: -0.01}}}}
uncertainties:
"""


def params(v: int, entries: str):
    s = accord.loads(HEAD.format(v=v) + entries)
    return s, {p.path: p for p in Design.of(s).params}


def test_a_spread_that_would_flip_a_sign_no_longer_does():
    # drift 0.01 with spread 0.03: version 1 [-0.02, 0.04] (the drift reverses in 1/3 of uniform samples);
    # version 2 cuts at zero: [0, 0.04]. For -0.01: [-0.04, 0].
    entry = "  - {path: actors.a.factions.*.reservation.drift, spread: 0.03, note: n}\n"
    _, p1 = params(1, entry)
    s2, p2 = params(2, entry)
    f1, f2 = "actors.a.factions.f1.reservation.drift", "actors.a.factions.f2.reservation.drift"
    assert (p1[f1].low, p1[f1].high) == pytest.approx((-0.02, 0.04))
    assert (p2[f1].low, p2[f1].high) == pytest.approx((0.0, 0.04)) and p2[f1].distribution == "uniform"
    assert (p2[f2].low, p2[f2].high) == pytest.approx((-0.04, 0.0))
    values = Design.of(s2, seed=3).chunk(s2, 0, 2000)[0]
    assert (values[:, 0] >= 0).all() and (values[:, 1] <= 0).all()


def test_default_and_factor_are_log_uniform_and_keep_the_sign():
    # nothing but the path: [x/2, 2x]: 0.01 -> [0.005, 0.02], -0.01 -> [-0.02, -0.005]; log-uniform, so the median
    # magnitude is the geometric mean sqrt(0.005 * 0.02) = 0.01. factor 4: [0.0025, 0.04].
    s, p = params(2, "  - {path: actors.a.factions.*.reservation.drift, note: n}\n")
    f1, f2 = "actors.a.factions.f1.reservation.drift", "actors.a.factions.f2.reservation.drift"
    assert (p[f1].low, p[f1].high, p[f1].distribution) == pytest.approx((0.005, 0.02, "log_uniform"))
    assert (p[f2].low, p[f2].high) == pytest.approx((-0.02, -0.005))
    values = Design.of(s, seed=1).chunk(s, 0, 20000)[0]
    assert np.median(values[:, 0]) == pytest.approx(0.01, rel=0.03)
    assert np.median(values[:, 1]) == pytest.approx(-0.01, rel=0.03)
    _, p = params(2, "  - {path: actors.a.factions.f1.reservation.drift, factor: 4, note: n}\n")
    assert (p[f1].low, p[f1].high) == pytest.approx((0.0025, 0.04))


def test_weights_default_to_triangular_and_zero_needs_a_range():
    _, p = params(2, "  - {path: actors.a.factions.f1.weight, low: 0.3, high: 0.9, note: n}\n")
    assert p["actors.a.factions.f1.weight"].distribution == "triangular"
    _, p = params(1, "  - {path: actors.a.factions.f1.weight, low: 0.3, high: 0.9, note: n}\n")
    assert p["actors.a.factions.f1.weight"].distribution == "uniform"
    with pytest.raises(ScenarioError, match="write its range as `low`/`high`"):
        params(2, "  - {path: actors.a.factions.f1.preferences.values.x.x0, note: n}\n")


def test_migrate_keeps_version_1_ranges():
    text = HEAD.format(v=1) + (
        "  - {path: actors.a.factions.*.reservation.drift, spread: 0.03, note: n}\n"
        "  - path: actors.a.factions.f1.weight\n    low: 0.3\n    high: 0.9\n    note: n\n"
    )
    new, changes = migrate_text(text)
    s1, s2 = accord.loads(text), accord.loads(new)
    a = Design.of(s1, seed=5).chunk(s1, 0, 100)[0]
    b = Design.of(s2, seed=5).chunk(s2, 0, 100)[0]
    assert np.array_equal(a, b) and any("crosses zero" in c for c in changes)


def test_an_effect_that_sets_a_faction_weight_level_stays_a_share():
    """An effect holding f1's weight at least at 0.6 is a share: by default x/2 to 2x is cut at 1 ([0.3, 1.0], not
    [0.3, 1.2]) and drawn triangular around 0.6, like a faction's own weight; a shift of +0.2 is a change, not a
    share: [0.1, 0.4], log-uniform."""
    hyps = (
        "hypotheses:\n"
        "  - {id: h_floor, statement: f1 holds, effects: [{target: faction_weight, on: f1, mode: at_least, "
        "delta: 0.6}]}\n"
        "  - {id: h_shift, statement: f1 gains, effects: [{target: faction_weight, on: f1, delta: 0.2}]}\n"
    )
    s = accord.loads(
        HEAD.format(v=2).replace("uncertainties:\n", hyps + "uncertainties:\n")
        + "  - {path: hypotheses.*.effects.*.delta, note: n}\n"
    )
    p = {x.path: x for x in Design.of(s).params}
    floor, shift = p["hypotheses.h_floor.effects.0.delta"], p["hypotheses.h_shift.effects.0.delta"]
    assert (floor.low, floor.high, floor.distribution) == (0.3, 1.0, "triangular")
    assert (shift.low, shift.high, shift.distribution) == (0.1, 0.4, "log_uniform")
