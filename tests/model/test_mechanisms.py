"""Issue 23's mechanisms on hand-worked scenarios: offer sets, whose levers a condition reads, carrots tied to
terms, soft red lines; every expected value is worked out by hand in the docstrings."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.analyses.bargaining import bargain, zone_size
from accord.analyses.proposal import propose
from accord.errors import AccordError, ScenarioError
from accord.model.evaluation import evaluate
from accord.model.situation import situate, situate_batch
from accord.model.uncertainty import Design

HEAD = """
meta: {id: hand, title: Hand-worked}
mediator: m
issues:
  - id: x
    options: [{id: x0}, {id: x1}, {id: x2}]
    status_quo: x0
"""


def scenario(body: str, version: int = 2) -> accord.Scenario:
    return accord.loads(f"accord: {version}\n" + HEAD + body)


def actors(ra: float, va: str, rb: float, vb: str, extra: str = "") -> str:
    return f"""
actors:
  - id: m
    decides: false
  - id: e
    decides: false
  - id: a
    preferences: {{saliences: {{x: 1.0}}, values: {{x: {va}}}}}
    reservation: {{base: {ra}}}
{extra}
  - id: b
    preferences: {{saliences: {{x: 1.0}}, values: {{x: {vb}}}}}
    reservation: {{base: {rb}}}
"""


# a: x0 0, x1 0.6, x2 1.0 (reservation 0.3); b: x0 0, x1 0.8, x2 0.4 (reservation 0.3)
# Zone {x1, x2}; Nash products: x1 (0.3 * 0.5 = 0.15) > x2 (0.7 * 0.1 = 0.07): the Nash package is x1.
OFFER_BASE = actors(0.3, "{x0: 0.0, x1: 0.6, x2: 1.0}", 0.3, "{x0: 0.0, x1: 0.8, x2: 0.4}")


def test_offer_set_excluding_the_nash_package_changes_the_proposal():
    """Without an offer set the proposal is x1 (the best package that exists); with the mediator offering only
    x0 or x2, the zone inside it is {x2} and x2 is proposed; offering x0 alone, no zone opens."""
    free = propose(scenario(OFFER_BASE), None, None)
    assert free.package == {"x": "x1"} and free.offers == () and "best package that exists" in free.rule
    narrow = scenario(OFFER_BASE + "offers:\n  - {id: narrow, options: {x: [x0, x2]}}\n")
    got = propose(narrow, None, None)
    assert got.package == {"x": "x2"} and got.offers == ("narrow",) and "offer set narrow" in got.rule
    assert zone_size(situate(narrow)) == 1
    ev = evaluate(narrow, {"x": "x1"})
    assert not ev.accepted and "x" in ev.off_table
    none = scenario(OFFER_BASE + "offers:\n  - {id: nothing, options: {x: [x0]}}\n")
    assert propose(none, None, None).package is None


def test_offer_set_of_named_packages_and_tied_to_a_lever_package():
    """Named packages: offering only p2 (x2) leaves a zone of one package, x2. Tied to lever package `push`, the
    offer set is in force only while `push` is pulled (the general one otherwise)."""
    body = (
        OFFER_BASE
        + """
levers:
  - {id: nudge, kind: signal, by: m, on: a}
packages:
  - {id: p1, options: {x: x1}}
  - {id: p2, options: {x: x2}}
lever_packages:
  - {id: push, levers: [nudge]}
offers:
  - {id: general, packages: [p1, p2]}
  - {id: pushed, levers: push, packages: [p2]}
"""
    )
    s = scenario(body)
    assert situate(s).offers == ("general",) and zone_size(situate(s)) == 2
    assert situate(s, "push").offers == ("pushed",) and zone_size(situate(s, "push")) == 1
    assert bargain(s, "push").solutions["nash"].package == {"x": "x2"}
    assert propose(s, None, None).package == {"x": "x1"}
    assert not evaluate(s, {"x": "x1"}, "push").accepted


# a's reservation 0.7: alone a accepts only x2 (1.0); b (0.3) accepts x1 and x2, so the zone is {x2}.
# Hypothesis h: sticks on a lower a's reservation by 0.2 (to 0.5), so a accepts x1 too: zone {x1, x2}.
# Actor e always pulls its own stick on a (a response); m may pull its own.
HOLDERS = (
    actors(0.7, "{x0: 0.0, x1: 0.6, x2: 1.0}", 0.3, "{x0: 0.0, x1: 0.8, x2: 0.4}")
    + """
levers:
  - {id: m_stick, kind: stick, by: m, on: a}
  - {id: e_aid, kind: stick, by: e, on: a}
responses:
  - {id: e_always, by: e, levers: [e_aid]}
hypotheses:
  - id: h
    statement: sticks on a make it settle
    when: {any_stick_on: a%s}
    effects: [{target: reservation, on: a, delta: -0.2}]
"""
)


def test_condition_reads_the_mediators_sticks_not_another_actors_aid():
    """Version 2: the condition reads the mediator's levers, so e's stick does not meet it (zone 1); m's own
    stick does (zone 2). `by: anyone`, and version 1, read e's stick too (zone 2); `by: e` reads e's."""
    v2 = scenario(HOLDERS % "")
    assert zone_size(situate(v2, None, "h")) == 1
    assert situate(v2, None, "h").applied_hypotheses == ()
    assert zone_size(situate(v2, "m_stick", "h")) == 2
    assert zone_size(situate(scenario(HOLDERS % ", by: anyone"), None, "h")) == 2
    assert zone_size(situate(scenario(HOLDERS % ", by: e"), None, "h")) == 2
    assert zone_size(situate(scenario(HOLDERS % "", version=1), None, "h")) == 2


def test_migrate_pins_version_1_meaning():
    """`migrate` adds `by: anyone` to the kind test and sets version 2: the zone stays 2 as in version 1."""
    from accord.scenario.migrate import migrate_text

    text = "accord: 1\n" + HEAD + (HOLDERS % "")
    new, changes = migrate_text(text)
    s = accord.loads(new)
    assert s.accord == 2 and s.hypotheses[0].when.by == "anyone" and len(changes) == 2
    assert zone_size(situate(s, None, "h")) == 2
    assert migrate_text(new) == (new, [])


def test_version_2_keys_need_version_2():
    """A version-1 file using an offer set or `by` is refused with the fix named."""
    with pytest.raises(ScenarioError, match="accord: 2"):
        scenario(OFFER_BASE + "offers:\n  - {id: narrow, options: {x: [x0, x2]}}\n", version=1)
    with pytest.raises(ScenarioError, match="accord: 2"):
        scenario(HOLDERS % ", by: anyone", version=1)


# b: x1 0.5, x2 0.4, reservation 0.6: without a carrot b accepts neither. a (0.3) accepts x1 and x2.
CARROT = (
    actors(0.3, "{x0: 0.0, x1: 0.6, x2: 1.0}", 0.6, "{x0: 0.0, x1: 0.5, x2: 0.4}")
    + """
levers:
  - id: gift
    kind: carrot
    by: m
    on: b
    effects: [{target: deal_value, on: b, delta: %s}]
%s
"""
)


def test_tied_carrot_does_not_rescue_a_package_without_its_tied_options():
    """Untied, +0.3 on b rescues both x1 (0.8) and x2 (0.7): zone 2. Tied to x2 with share 0.5:
    u_b(x1) = 0.5 * 0.5 = 0.25 < 0.6 (not rescued), u_b(x2) = 0.5 * 0.4 + 0.5 = 0.7 >= 0.6: zone {x2}."""
    s0 = scenario(CARROT % ("0.3", ""))
    assert zone_size(situate(s0)) == 0 and zone_size(situate(s0, "gift")) == 2
    tied = scenario(CARROT % ("0.5", "    for: {x: [x2]}"))
    sit = situate(tied, "gift")
    assert zone_size(sit) == 1
    b1 = evaluate(tied, {"x": "x1"}, "gift").actors
    b2 = evaluate(tied, {"x": "x2"}, "gift").actors
    assert next(v for v in b1 if v.id == "b").utility == pytest.approx(0.25)
    assert next(v for v in b2 if v.id == "b").utility == pytest.approx(0.7)
    assert bargain(tied, "gift").solutions["nash"].package == {"x": "x2"}


def test_tied_carrot_utilities_stay_in_unit_interval():
    """Two tied carrots whose shares sum to 1.5 are scaled to sum to 1: u stays in [0, 1] with no clipping;
    b's utility of x2 is (0.9 + 0.6) / 1.5 = 1.0 exactly."""
    body = (
        CARROT % ("0.9", "    for: {x: [x2]}")
        + """  - id: gift2
    kind: carrot
    by: m
    on: b
    for: {x: [x2]}
    effects: [{target: deal_value, on: b, delta: 0.6}]
"""
    )
    s = scenario(body)
    sit = situate(s, "gift,gift2")
    u = sit.actor_tables()[sit.actor_ids.index("b"), 0, :3]
    assert u == pytest.approx([0.0, 0.0, 1.0])


# a: x2 is worth 1.0 but a holds a soft red line against it (gives way below 0.25, cost 0.1); reservation 0.4.
# b wants x2 only: x1 0.2, x2 0.9 (reservation 0.5). The ultimatum (m's stick) lowers a's reservation by 0.3.
SOFT = (
    actors(
        0.4,
        "{x0: 0.0, x1: 0.6, x2: 1.0}",
        0.5,
        "{x0: 0.0, x1: 0.2, x2: 0.9}",
        extra="""    red_lines:
      - id: no_x2
        when: {x: x2}
        %s""",
    )
    + """
levers:
  - id: ultimatum
    kind: stick
    by: m
    on: a
    effects: [{target: reservation, on: a, delta: -0.3}]
"""
)


def test_soft_red_line_gives_way_under_an_ultimatum_and_not_without_it():
    """Without the ultimatum a's reservation 0.4 >= 0.25: the line binds, x2 is out, x1 fails b: no zone.
    With it a's reservation is 0.1 < 0.25: the line gives way; a's utility of x2 is 1.0 - 0.1 = 0.9 >= 0.1, b's
    0.9 >= 0.5: zone {x2}. A hard red line never gives way; a cost of 0.95 (0.05 < 0.1) keeps a refusing."""
    s = scenario(SOFT % "soft: {gives_way_below: 0.25, cost: 0.1}")
    assert zone_size(situate(s)) == 0
    assert zone_size(situate(s, "ultimatum")) == 1
    ev = evaluate(s, {"x": "x2"}, "ultimatum")
    a = next(v for v in ev.actors if v.id == "a")
    assert ev.accepted and a.utility == pytest.approx(0.9)
    assert any("no_x2" in r and "0.100" in r and "0.250" in r and "cost 0.100" in r for r in a.reasons)
    assert not evaluate(s, {"x": "x2"}).accepted
    hard = scenario(SOFT % "")
    assert zone_size(situate(hard, "ultimatum")) == 0
    dear = scenario(SOFT % "soft: {gives_way_below: 0.25, cost: 0.95}")
    assert zone_size(situate(dear, "ultimatum")) == 0


def test_soft_red_line_numbers_are_sampled():
    """An uncertainty over gives_way_below in [0.05, 0.15]: under the ultimatum (reservation 0.1) the line gives
    way exactly in the samples drawing above 0.1."""
    body = (
        SOFT % "soft: {gives_way_below: 0.12, cost: 0.1}"
        + """
uncertainties:
  - {path: actors.a.red_lines.no_x2.soft.gives_way_below, low: 0.05, high: 0.15, note: hand}
  - {path: actors.a.red_lines.no_x2.soft.cost, low: 0.0, high: 0.2, note: hand}
"""
    )
    s = scenario(body)
    design = Design.of(s, seed=1)
    values, numbers = design.chunk(s, 0, 200)
    batch = situate_batch(s, "ultimatum", numbers=numbers)
    col = [p.path for p in design.params].index("actors.a.red_lines.no_x2.soft.gives_way_below")
    gave = batch.red_line_gave_way[:, 0]
    assert np.array_equal(gave, values[:, col] > 0.1 + 1e-12) and 0 < gave.sum() < 200
    from accord.scenario.paths import describe

    assert describe(s, "actors.a.red_lines.no_x2.soft.cost") == "a: soft red line no_x2: cost of giving way"


def test_multi_issue_soft_red_line_is_refused_with_the_fix():
    """A soft red line spans one issue (its price folds into it): two issues are refused, naming the fix."""
    text = f"accord: 2\n{HEAD}  - id: y\n    options: [{{id: y0}}, {{id: y1}}]\n    status_quo: y0\n" + (
        SOFT % "soft: {gives_way_below: 0.25, cost: 0.1}"
    ).replace("when: {x: x2}", "when: {x: x2, y: y1}")
    with pytest.raises(AccordError, match="one issue"):
        accord.loads(text)


def test_soft_red_line_gives_way_in_a_sequential_procedure_with_an_ultimatum():
    """Strategy `seq` asks b first (x2: 0.9 >= 0.5, accepts), then puts the terms to a with the ultimatum on: a's
    reservation falls to 0.1 < 0.25, the line gives way at cost 0.1, a accepts (0.9 >= 0.1): a deal on x2.
    Strategy `push` puts x2 to both without the ultimatum: a's line binds every month, no deal in the window."""
    from accord.analyses.simulate import simulate

    body = (
        SOFT % "soft: {gives_way_below: 0.25, cost: 0.1}"
        + """  - {id: talk, kind: signal, by: m, on: b}
packages:
  - {id: p2, options: {x: x2}}
strategies:
  - id: seq
    levers: [talk]
    procedure: {kind: sequential, order: [b, a], proposal: p2, ultimatum: [ultimatum]}
  - id: push
    levers: [talk]
    procedure: {kind: pressure, proposal: p2}
"""
    )
    s = scenario(body)
    seq = simulate(s, "seq")
    assert seq.p_deal == 1.0 and seq.deal_package[0] == {"x": "x2"}
    assert simulate(s, "push").p_deal == 0.0


# As SOFT, but the line's threshold 0.45 is above a's reservation 0.4 with no lever at all: a plain soft line gives
# way at once. With `gives_way_when` it gives way only while m pulls `talk`, a lever with no effect of its own (a
# text's "only when faced with that choice"): the condition, not the value of war, decides.
GATED = (
    SOFT % "soft: {gives_way_below: 0.45, cost: 0.1, gives_way_when: {levers_pulled: [talk]}}"
    + "  - {id: talk, kind: signal, by: m, on: a}\n"
)


def test_a_soft_red_line_gives_way_only_under_its_condition():
    """Without `talk`: a's reservation 0.4 < 0.45, yet the line binds (its condition fails): x2 is out and x1
    (0.2 < 0.5) fails b: no zone. With `talk`: it gives way at cost 0.1, a's utility of x2 is 0.9 >= 0.4 and b's
    0.9 >= 0.5: zone {x2}. Without the condition the same line gives way with no lever pulled: zone {x2}."""
    s = scenario(GATED)
    assert zone_size(situate(s)) == 0
    assert zone_size(situate(s, "talk")) == 1
    ev = evaluate(s, {"x": "x2"})
    a = next(v for v in ev.actors if v.id == "a")
    assert not a.accepts
    assert any("gives way only under its condition" in r for r in a.reasons)
    assert next(v for v in evaluate(s, {"x": "x2"}, "talk").actors if v.id == "a").utility == pytest.approx(0.9)
    plain = scenario(GATED.replace(", gives_way_when: {levers_pulled: [talk]}", ""))
    assert zone_size(situate(plain)) == 1


def test_leverage_splits_lever_packages_by_a_soft_red_lines_condition():
    """`talk` moves no number, so only the condition tells {talk} from {}: P(deal) 1 with it and 0 without."""
    from accord.analyses.leverage import leverage

    s = scenario(GATED + "lever_packages: [{id: lp_talk, levers: [talk]}]\n")
    r = leverage(s, package="x=x2", samples=20, hypotheses=["none"])
    p = {e.levers: e.p_deal for e in r.front["none"]} | {e.levers: e.p_deal for e in r.best["none"]}
    assert p[("talk",)] == 1.0
    assert p.get((), 0.0) == 0.0


def test_a_soft_red_lines_condition_names_levers_that_exist():
    """A misspelt lever in `gives_way_when` is refused with the place and the levers there are."""
    with pytest.raises(ScenarioError, match=r"gives_way_when.*levers_pulled.*tlak"):
        scenario(GATED.replace("levers_pulled: [talk]", "levers_pulled: [tlak]"))
