"""validate's warning: a range that crosses zero on a number whose direction a quote states."""

from __future__ import annotations

import accord
from accord.scenario.paths import crossing_zero

CASE = """\
accord: 2
meta: {id: crossing, title: A stick whose direction a source states}
sources: [{id: text, title: A text}]
mediator: m
actors:
  - {id: m, decides: false}
  - id: r
    preferences: {saliences: {i1: 1.0}, values: {i1: {p: 0.2, q: 1.0}}}
    reservation: {base: 0.5}
issues:
  - {id: i1, options: [{id: p}, {id: q}], status_quo: q}
levers:
  - id: stick
    kind: stick
    by: m
    on: r
    source: text
    quote: Sanctions lower Russia's value of war.
    effects: [{target: reservation, on: r, delta: -0.1}]
  - {id: quiet, kind: stick, by: m, on: r, effects: [{target: reservation, on: r, delta: -0.1}]}
uncertainties:
  - {path: levers.stick.effects.0.delta, low: -0.2, high: 0.05, note: crosses zero}
  - {path: levers.quiet.effects.0.delta, low: -0.2, high: 0.05, note: crosses zero and no quote}
"""


def test_a_quoted_direction_warns_and_an_unquoted_one_does_not():
    s = accord.loads(CASE, "crossing.yaml")
    (w,) = crossing_zero(s)
    assert w.startswith("levers.stick.effects.0.delta: range [-0.2, 0.05] crosses zero, but 'stick' carries a quote")


def test_version_1_never_warns():
    s = accord.loads(CASE.replace("accord: 2", "accord: 1"), "crossing.yaml")
    assert crossing_zero(s) == []
