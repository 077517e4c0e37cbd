"""Dated events, conditions on events and time, per-month faction weights (issue 24, format version 2).

Hand-worked scenario: one issue x (x0 status quo, x1, x2); two deciders.
  a: values x0 0.0, x1 0.6, x2 1.0; reservation 0.5.
  b (two camps, weights soft 0.6 / hard 0.4): soft values x1 0.8, hard values x1 0.2; both x0 0.0, x2 0.0;
    reservation 0.3 each.
At month 0, b's utility of x1 is 0.6*0.8 + 0.4*0.2 = 0.56 >= 0.3: b accepts x1; a accepts x1 (0.6 >= 0.5).
Event `hard_wins` (2025-04-15 with meta.date 2025-01-20: 2 whole months and 26 days -> month 2) sets the hard
camp's weight to 0.9 (soft 0.1): b's utility of x1 becomes 0.1*0.8 + 0.9*0.2 = 0.26 < 0.3, so b rejects x1 from
month 2 on, not before.
"""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.errors import ScenarioError
from accord.model.evaluation import evaluate
from accord.model.situation import situate, situate_batch

BASE = """accord: 2
meta: {id: ev, title: Events, date: "2025-01-20"}
mediator: m
issues:
  - id: x
    options: [{id: x0}, {id: x1}, {id: x2}]
    status_quo: x0
actors:
  - id: m
    decides: false
  - id: a
    preferences: {saliences: {x: 1.0}, values: {x: {x0: 0.0, x1: 0.6, x2: 1.0}}}
    reservation: {base: 0.5}
  - id: b
    factions:
      - id: soft
        weight: 0.6
        preferences: {saliences: {x: 1.0}, values: {x: {x0: 0.0, x1: 0.8, x2: 0.0}}}
        reservation: {base: 0.3}
      - id: hard
        weight: 0.4
        preferences: {saliences: {x: 1.0}, values: {x: {x0: 0.0, x1: 0.2, x2: 0.0}}}
        reservation: {base: 0.3}
levers:
  - {id: press, kind: stick, by: m, on: b}
"""

EVENT = """events:
  - id: hard_wins
    name: Hard-liners win the election
    date: "2025-04-15"
    effects:
      - {target: faction_weight, on: hard, delta: 0.9, mode: set}
"""


def b_accepts_x1(s: accord.Scenario, months: float) -> bool:
    ev = evaluate(s, "x=x1", "none", None, months=months)
    return next(v for v in ev.actors if v.id == "b").accepts


def test_an_event_flips_a_verdict_after_its_date_and_not_before():
    s = accord.loads(BASE + EVENT)
    assert s.event_month(s.events[0]) == 2  # 2025-01-20 -> 2025-04-15: two whole months (rounded down)
    assert b_accepts_x1(s, 0) and b_accepts_x1(s, 1)  # 0.56 >= 0.3
    assert not b_accepts_x1(s, 2) and not b_accepts_x1(s, 5)  # 0.26 < 0.3
    assert situate(s, "none", None, 2).weights == pytest.approx({"soft": 0.1, "hard": 0.9})
    assert situate(s, "none", None, 1).events == () and situate(s, "none", None, 2).events == ("hard_wins",)


def test_shift_event_takes_from_siblings_and_later_shift_adds_to_a_set():
    # month 1: set hard to 0.5 (soft 0.5); month 3: shift hard by +0.2 -> 0.7, soft 0.3
    s = accord.loads(
        BASE
        + """events:
  - {id: later, month: 3, effects: [{target: faction_weight, on: hard, delta: 0.2}]}
  - {id: first, month: 1, effects: [{target: faction_weight, on: hard, delta: 0.5, mode: set}]}
"""
    )
    assert situate(s, "none", None, 1).weights == pytest.approx({"soft": 0.5, "hard": 0.5})
    assert situate(s, "none", None, 3).weights == pytest.approx({"soft": 0.3, "hard": 0.7})
    assert situate(s, "none", None, 3).events == ("first", "later")  # date order


def test_conditions_on_events_and_months():
    # h applies after hard_wins (month 2) and before month 4: it shifts a's reservation by +0.2 (0.5 -> 0.7)
    s = accord.loads(
        BASE
        + EVENT
        + """hypotheses:
  - id: h
    statement: After the election a hardens, for a while.
    when: {after_event: hard_wins, until_month: 4}
    effects: [{target: reservation, on: a, delta: 0.2}]
"""
    )
    res = {m: situate(s, "none", "h", m).reservation[s.parties.index(s.actor("a"))] for m in (1, 2, 3, 4)}
    assert res == pytest.approx({1: 0.5, 2: 0.7, 3: 0.7, 4: 0.5})


def test_per_month_faction_weight():
    # hard gains 0.05 a month while `press` is pulled: after 4 months 0.4 + 0.2 = 0.6 (soft 0.4);
    # b's utility of x1: 0.4*0.8 + 0.6*0.2 = 0.44 (still >= 0.3); after 8 months 0.8 (soft 0.2): 0.32;
    # after 9 months 0.85 (soft 0.15): 0.29 < 0.3 -> b rejects x1.
    s = accord.loads(
        BASE
        + """hypotheses:
  - id: h
    statement: Pressure strengthens the hard camp month by month.
    when: {any_stick_on: b}
    effects: [{target: faction_weight, on: hard, delta: 0.05, per_month: true}]
"""
    )
    assert situate(s, "press", "h", 4).weights == pytest.approx({"soft": 0.4, "hard": 0.6})
    assert situate(s, "press", "h", 8).weights["hard"] == pytest.approx(0.8)
    assert next(v for v in evaluate(s, "x=x1", "press", "h", months=8).actors if v.id == "b").accepts
    assert not next(v for v in evaluate(s, "x=x1", "press", "h", months=9).actors if v.id == "b").accepts
    assert situate(s, "press", "h", 0).weights["hard"] == pytest.approx(0.4)  # nothing yet at month 0


def test_status_quo_moves_and_responses_switch():
    s = accord.loads(
        BASE.replace("levers:\n", "levers:\n  - {id: aid, kind: carrot, by: b, on: a}\n")
        + """responses:
  - {id: b_aids, by: b, levers: [aid]}
events:
  - {id: line_moves, month: 3, status_quo: {x: x2}, responses_off: [b_aids]}
"""
    )
    assert evaluate(s, {}, "none", None, months=0).package == {"x": "x0"}
    assert evaluate(s, {}, "none", None, months=3).package == {"x": "x2"}
    assert "aid" in situate(s, "none", None, 2).levers and "aid" not in situate(s, "none", None, 3).levers


def test_event_sizes_are_sampled_by_path():
    s = accord.loads(
        BASE
        + EVENT
        + """uncertainties:
  - {path: events.hard_wins.effects.0.delta, low: 0.7, high: 0.9, note: how big the win is}
"""
    )
    from accord.model.uncertainty import Design

    d = Design.of(s, seed=1)
    values, num = d.chunk(s, 0, 50)
    b = situate_batch(s, "none", None, months=2, numbers=num)
    assert np.allclose(b.weight[:, 1], values[:, 0]) and (values[:, 0] >= 0.7).all() and (values[:, 0] <= 0.9).all()


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            "events:\n  - {id: e, month: 1, effects: [{target: reservation, on: a, delta: 0.1}]}\nhypotheses:\n"
            "  - {id: h, statement: s, when: {after_event: nope}, effects: [{target: reservation, on: a, delta: 0.1}]}\n",
            "unknown event 'nope'",
        ),
        ("events:\n  - {id: e, month: 1, responses_on: [nope]}\n", "unknown response 'nope'"),
        (
            "events:\n  - {id: e, month: 1, date: '2025-02-01', effects: [{target: reservation, on: a, delta: 0.1}]}\n",
            "exactly one of `date`",
        ),
        ("events:\n  - {id: e, month: 1, status_quo: {x: x9}}\n", "unknown option 'x9'"),
    ],
)
def test_bad_events_are_errors_with_the_fix(extra, message):
    with pytest.raises(ScenarioError, match=message):
        accord.loads(BASE + extra)


def test_a_dated_event_needs_a_start():
    text = (BASE + EVENT).replace(', date: "2025-01-20"', "")
    with pytest.raises(ScenarioError, match="neither `evidence.start` nor `meta.date`"):
        accord.loads(text)


def test_events_are_version_2_only():
    with pytest.raises(ScenarioError, match="accord: 2"):
        accord.loads((BASE + EVENT).replace("accord: 2", "accord: 1"))


def test_format_guide_examples_of_events_load():
    """Each YAML example of the format guide's events section, grafted into the migrated built-in scenario, loads
    (the event example first, since the hypothesis example names it)."""
    import copy
    import re
    from pathlib import Path

    from accord.model.generate import to_yaml
    from accord.scenario.loader import _plain, builtin_path, parse_document
    from accord.scenario.migrate import migrate_text

    def parse(text: str) -> dict:
        return _plain(parse_document(text, "format-guide.md"))

    guide = (Path(__file__).resolve().parents[2] / "docs" / "format-guide.md").read_text(encoding="utf-8")
    section = guide.split("\n## Format version 2: dated events", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 3  # an event, a hypothesis conditioned on it, a claim marked as an assumption
    doc = parse(migrate_text(builtin_path().read_text(encoding="utf-8"))[0])
    for block in blocks:
        for key, items in parse(block).items():
            doc.setdefault(key, []).extend(copy.deepcopy(items))
        s = accord.loads(to_yaml(doc))
    # The built-in now has a dated event of its own (issue 25: ev_minerals_agreement, 2025-04-30, three whole
    # months from 2025-01-20), so the guide's event is found by id and month 3 holds the built-in's event only.
    ev = {e.id: e for e in s.events}
    assert list(ev) == ["ev_minerals_agreement", "town_falls"]
    assert s.event_month(ev["town_falls"]) == 4  # 2025-01-20 -> 2025-06-01: four whole months
    assert s.event_month(ev["ev_minerals_agreement"]) == 3
    assert "town_falls" in situate(s, None, None, 4).events
    assert "town_falls" not in situate(s, None, None, 3).events
    assert "ev_minerals_agreement" in situate(s, None, None, 3).events
