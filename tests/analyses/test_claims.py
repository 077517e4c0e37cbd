"""Claims: every kind on a small scenario worked by hand, claims that must fail do fail, shares by arithmetic."""

from __future__ import annotations

import pytest

import accord
from accord.analyses.claims import check
from accord.errors import ScenarioError
from accord.scenario.schema import Claim

# By hand (window 12 months; weights hard 0.45, soft 0.55; veto threshold 0.5, so the hard camp's red line binds
# only at 0.5 or above):
# - R's utility of deal_p (i1=p, i2=a) is 0.45*0.2 + 0.55*0.9 = 0.585. Under `stick` (per month -0.01 on each camp)
#   R's reservation is 0.45*(0.5 - 0.01t) + 0.55*(0.3 - 0.01t) = 0.39 - 0.01t: R accepts from month 0.
# - U values p at 0.6; its reservation is 0.8 + drift (-0.01) * (t + horizon 10) = 0.7 - 0.01t: U accepts p from
#   month 10 on, so a deal on deal_p comes in month 10 (within the window), never within 5 months.
# - Under `theory`, a stick without a carrot lifts the hard camp to 0.65 >= 0.5: its red line on p binds, so the
#   pressure strategy never gets a deal; with the carrot too the weights stay 0.45 and the deal comes in month 10.
# - R's own red line excludes i2=b whatever the weights.
CASE = """\
accord: 1
meta: {id: claims-case, title: Claims by hand}
mediator: m
window: 12
actors:
  - {id: m, decides: false}
  - id: r
    red_lines: [{id: rl_r_never_b, when: {i2: b}}]
    factions:
      - id: hard
        weight: 0.45
        preferences: {saliences: {i1: 1.0}, values: {i1: {p: 0.2, q: 1.0}}}
        reservation: {base: 0.5}
        red_lines: [{id: rl_hard_p, when: {i1: p}}]
      - id: soft
        weight: 0.55
        preferences: {saliences: {i1: 1.0}, values: {i1: {p: 0.9, q: 0.0}}}
        reservation: {base: 0.3}
  - id: u
    preferences: {saliences: {i1: 1.0}, values: {i1: {p: 0.6, q: 0.0}}}
    reservation: {base: 0.8, drift: -0.01, horizon: 10}
issues:
  - {id: i1, options: [{id: p}, {id: q}], status_quo: q}
  - {id: i2, options: [{id: a}, {id: b}], status_quo: a}
levers:
  - {id: stick, kind: stick, by: m, on: r, effects: [{target: reservation, on: r, delta: -0.01, per_month: true}]}
  - {id: carrot, kind: carrot, by: m, on: r}
  - {id: u_gift, kind: carrot, by: u, on: m}
responses:
  - {id: u_always, by: u, levers: [u_gift]}
hypotheses:
  - id: h_back
    statement: Sticks alone strengthen the hard camp.
    when: {any_stick_on: r, no_carrot_to: r}
    effects: [{target: faction_weight, on: hard, delta: 0.2}]
hypothesis_sets: [{id: theory, hypotheses: [h_back]}]
packages: [{id: deal_p, options: {i1: p}}]
lever_packages: [{id: press_levers, levers: [stick]}, {id: both_levers, levers: [stick, carrot]}]
strategies:
  - {id: press, levers: press_levers, procedure: {kind: pressure, proposal: deal_p}}
  - {id: both, levers: both_levers, procedure: {kind: pressure, proposal: deal_p}}
uncertainties:
  - {path: actors.u.reservation.base, low: 0.75, high: 0.85, note: by hand}
"""

S = accord.loads(CASE)


def holds(claim: dict, theory: str = "theory") -> bool:
    c = Claim(**({"id": "c", "statement": "s", "theory": theory} | claim))
    (row,) = check(S, [c]).results
    return row.holds


@pytest.mark.parametrize(
    "claim, expected",
    [
        ({"kind": "accepts", "actor": "soft", "package": "deal_p", "levers": "both_levers"}, True),  # 0.9 >= 0.3
        ({"kind": "rejects", "actor": "soft", "package": "deal_p", "levers": "both_levers"}, False),
        ({"kind": "rejects", "actor": "hard", "package": "deal_p", "levers": "both_levers"}, True),  # own red line
        (
            {"kind": "accepts", "actor": "r", "package": "deal_p", "levers": "both_levers"},
            True,
        ),  # 0.45 * 0.2 + 0.55 * 0.9 = 0.585 >= 0.45 * 0.5 + 0.55 * 0.3 = 0.39
        ({"kind": "rejects", "actor": "r", "options": {"i2": "b"}}, True),  # its own red line, whatever the package
        ({"kind": "accepts", "actor": "u", "options": {"i2": "b"}}, False),  # best is 0.6 < 0.7 at month 0
        ({"kind": "accepts", "actor": "u", "options": {"i2": "b"}, "month": 10}, True),  # 0.6 >= 0.6 at month 10
        ({"kind": "zone", "levers": "both_levers"}, True),  # opens in month 10
        ({"kind": "zone", "levers": "both_levers", "months": 5}, False),
        ({"kind": "zone", "levers": "both_levers", "months": 5, "expect": False}, True),
        ({"kind": "zone", "levers": "press_levers"}, False),  # the hard camp's veto binds
        ({"kind": "in_zone", "levers": "both_levers", "options": {"i1": "p"}}, True),  # the zone is {(p, a)}
        ({"kind": "in_zone", "levers": "both_levers", "options": {"i2": "b"}, "expect": False}, True),
        ({"kind": "in_solution", "levers": "both_levers", "options": {"i1": "p", "i2": "a"}}, True),
        ({"kind": "in_solution", "levers": "both_levers", "options": {"i1": "q"}}, False),
        ({"kind": "deal_within", "strategy": "both"}, True),  # month 10
        ({"kind": "deal_within", "strategy": "both", "months": 5}, False),
        ({"kind": "deal_within", "strategy": "press", "expect": False}, True),
        ({"kind": "more_likely", "strategy": "both", "than": "press"}, True),  # month 10 against never
        ({"kind": "more_likely", "strategy": "press", "than": "both"}, False),
        (
            {
                "kind": "shift",
                "quantity": "weight",
                "actor": "hard",
                "direction": "rises",
                "levers": "press_levers",
                "compared_to": "both_levers",
            },
            True,
        ),  # 0.65 against 0.45
        (
            {
                "kind": "shift",
                "quantity": "reservation",
                "actor": "r",
                "direction": "falls",
                "levers": "press_levers",
                "month": 3,
            },
            False,
        ),  # each camp's value falls, but the hard camp gains weight: 0.65*0.47 + 0.35*0.27 = 0.40
        # against 0.45*0.5 + 0.55*0.3 = 0.39 without the stick, so Russia's value of war rises
        (
            {
                "kind": "shift",
                "quantity": "reservation",
                "actor": "r",
                "direction": "rises",
                "levers": "press_levers",
                "month": 3,
            },
            True,
        ),
        ({"kind": "time", "actor": "r", "direction": "falls", "levers": "both_levers"}, True),  # -0.01 a month
        ({"kind": "time", "actor": "u", "direction": "rises"}, False),  # drift -0.01
        ({"kind": "prefers", "actor": "soft", "issue": "i1", "better": "p", "worse": "q"}, True),
        ({"kind": "prefers", "actor": "hard", "issue": "i1", "better": "p", "worse": "q"}, False),
        ({"kind": "in_force", "lever": "u_gift", "levers": "none"}, True),  # U's own response
        ({"kind": "in_force", "lever": "stick", "levers": "none"}, False),
    ],
)
def test_each_kind_by_hand(claim: dict, expected: bool) -> None:
    assert holds(claim) is expected


def test_the_theory_matters() -> None:
    """Without the hypothesis the pressure strategy works (month 10); under it, it never does."""
    claim = {"kind": "deal_within", "strategy": "press"}
    assert holds(claim, "none") and not holds(claim, "theory")


def test_all_means_every_hypothesis_set() -> None:
    c = Claim(id="c", statement="s", kind="time", actor="u", direction="falls")
    assert [r.theory for r in check(S, [c]).results] == ["theory"]


def test_share_over_samples_by_arithmetic() -> None:
    """U accepts deal_p within the 12-month window (months 0 to 11) iff 0.6 >= base - 0.01 * (11 + 10), i.e.
    base <= 0.81: with base uniform on [0.75, 0.85] that is 60% of samples, for the strategy and the zone alike."""
    c = Claim(id="c", statement="s", kind="deal_within", strategy="both", theory="theory")
    z = Claim(id="z", statement="s", kind="zone", levers="both_levers", theory="theory")
    r = check(S, [c, z], samples=4000, exact=1000)
    by_id = {x.claim.id: x for x in r.results}
    assert by_id["c"].samples == 4000 and by_id["c"].share == pytest.approx(0.6, abs=0.03)
    assert by_id["z"].samples == 1000 and by_id["z"].share == pytest.approx(0.6, abs=0.05)


def test_claims_are_validated_with_locations() -> None:
    bad = (
        CASE
        + """claims:
  - {id: c1, kind: accepts, statement: s, actor: nobody, package: deal_p}
  - {id: c2, kind: more_likely, statement: s, strategy: both, than: missing}
  - {id: c3, kind: shift, statement: s, quantity: weight, actor: r, direction: rises}
"""
    )
    with pytest.raises(ScenarioError) as exc:
        accord.loads(bad, "bad.yaml")
    text = "\n".join(map(str, exc.value.problems))
    assert "bad.yaml:45:43: claims[0].actor: unknown actor or faction 'nobody'" in text
    assert "claims[1].than: unknown strategy 'missing'" in text
    assert "claims[2].actor: a weight claim names a faction; 'r' is not one" in text
    with pytest.raises(ScenarioError) as exc:
        accord.loads(CASE + "claims:\n  - {id: c4, kind: accepts, statement: s, actor: u}\n", "bad.yaml")
    assert "claims[0]: a accepts claim names either `package` or `options`" in str(exc.value.problems[0])


def test_a_lever_package_holds_only_its_holders_levers() -> None:
    bad = CASE.replace("[{id: press_levers, levers: [stick]}", "[{id: press_levers, levers: [stick, u_gift]}")
    with pytest.raises(ScenarioError) as exc:
        accord.loads(bad, "bad.yaml")
    assert "lever 'u_gift' is held by 'u', not by 'm'" in str(exc.value.problems[0])
    assert "`responses`" in str(exc.value.problems[0])


def test_cli_claims_exit_status(tmp_path) -> None:
    """`accord claims` exits 0 when every claim holds and 1 when one fails, naming it."""
    from typer.testing import CliRunner

    from accord.cli import app

    good = (
        CASE
        + """claims:
  - {id: ok, kind: deal_within, statement: The carrot and stick work, strategy: both, theory: theory}
"""
    )
    failing = good + "  - {id: no, kind: deal_within, statement: Pressure works, strategy: press, theory: theory}\n"
    (tmp_path / "good.yaml").write_text(good)
    (tmp_path / "bad.yaml").write_text(failing)
    runner = CliRunner()
    r = runner.invoke(app, ["claims", str(tmp_path / "good.yaml")])
    assert r.exit_code == 0 and "1 of 1 hold" in r.output
    r = runner.invoke(app, ["claims", str(tmp_path / "bad.yaml"), "--samples", "50"])
    assert r.exit_code == 1 and "1 of 2 hold" in r.output and "Pressure works" in r.output


def test_more_likely_is_strict_and_paired_in_version_2() -> None:
    """A strategy against itself: both end in a deal in month 10 in every sample (worked out above), a tie. Version 1
    counts a tie for A (holds); version 2 counts only samples where A beats B (never: share 0)."""
    from accord.scenario.migrate import migrate_text

    c = Claim(id="c", statement="s", kind="more_likely", strategy="both", than="both", theory="theory")
    assert check(S, [c]).results[0].holds
    v2 = accord.loads(migrate_text(CASE, "case.yaml")[0], "case-v2.yaml")
    r = check(v2, [c], samples=50).results[0]
    assert not r.holds and r.share == 0.0


def test_assumptions_are_shown_apart_and_never_counted_as_support() -> None:
    """One conclusion that fails (press never ends in a deal under the theory, worked out above) and one assumption
    that holds (U's drift is -0.01 a month): the summary counts 0 of 1 conclusions, the assumption apart."""
    c = Claim(id="c", statement="s", kind="deal_within", strategy="press", theory="theory", role="conclusion")
    a = Claim(id="a", statement="s", kind="time", actor="u", direction="falls", role="assumption")
    r = check(S, [c, a])
    assert [x.claim.id for x in r.conclusions] == ["c"] and [x.claim.id for x in r.assumptions] == ["a"]
    assert r.summary().startswith("Claims: 0 of 1 conclusions hold at the nominal numbers (and 1 of 1 assumptions")


def test_a_conclusion_that_only_restates_a_hypothesis_is_flagged() -> None:
    """'Pressure alone strengthens the hard camp' under the theory: 0.65 against 0.45 with h_back (delta 0.2, worked
    out above), 0.45 against 0.45 without it, and h_back is the theory's only hypothesis: the claim is h_back's own
    statement, flagged in version 2 (never in version 1, which has no roles); a `time` claim on U's drift, which
    holds with no hypotheses at all, is not flagged."""
    from accord.scenario.migrate import migrate_text

    shift = Claim(
        id="s",
        statement="s",
        kind="shift",
        quantity="weight",
        actor="hard",
        direction="rises",
        levers="press_levers",
        compared_to="both_levers",
        theory="theory",
        role="conclusion",
    )
    drift = Claim(id="t", statement="s", kind="time", actor="u", direction="falls", theory="theory", role="conclusion")
    v2 = accord.loads(migrate_text(CASE, "case.yaml")[0], "case-v2.yaml")
    r = check(v2, [shift, drift], samples=20)
    assert [x.restates for x in r.results] == [("h_back",), ()]
    assert "1 of them only restate a hypothesis" in r.summary()
    assert [x.restates for x in check(S, [shift, drift]).results] == [(), ()]


def test_a_claim_that_the_zone_lacks_an_option_holds_vacuously_when_no_zone_opens() -> None:
    """Pressure alone opens no zone (the hard camp's veto binds, worked out above), so 'no package in the zone has
    i1 = p' holds only because the zone is empty: flagged vacuous and not counted; with both levers the zone is
    {(p, a)} and 'no package in it has i2 = b' holds for a reason (not vacuous)."""
    empty = Claim(
        id="e", statement="s", kind="in_zone", levers="press_levers", options={"i1": "p"}, expect=False, theory="theory"
    )
    real = Claim(
        id="r", statement="s", kind="in_zone", levers="both_levers", options={"i2": "b"}, expect=False, theory="theory"
    )
    r = check(S, [empty, real])
    assert [(x.holds, x.vacuous) for x in r.results] == [(True, True), (True, False)]
    assert r.summary().startswith("Claims: 1 of 2 hold at the nominal numbers; 1 holds only because no zone")


def test_a_conclusion_that_holds_with_no_hypotheses_too_is_marked_as_carried_by_the_base() -> None:
    """Under the theory (worked out above): 'both ends in a deal' holds (the weights stay 0.45/0.55, a deal in month 10)
    and holds with no hypotheses too, since h_back acts only on sticks without carrots: the base carries it, and
    over the samples its share without the theory equals its share with it (the same runs). 'press never ends in
    a deal' holds under the theory (hard camp 0.65 >= 0.5, its veto binds) but not without it (weights 0.45/0.55,
    a deal in month 10): the theory carries it, not marked. Version 1 files are never marked (no roles)."""
    from accord.scenario.migrate import migrate_text

    both = Claim(id="b", statement="s", kind="deal_within", strategy="both", theory="theory", role="conclusion")
    press = Claim(
        id="p", statement="s", kind="deal_within", strategy="press", expect=False, theory="theory", role="conclusion"
    )
    v2 = accord.loads(migrate_text(CASE, "case.yaml")[0], "case-v2.yaml")
    r = check(v2, [both, press], samples=40)
    assert [(x.holds, x.holds_without_theory) for x in r.results] == [(True, True), (True, False)]
    assert r.results[0].share is not None and r.results[0].share_without_theory == r.results[0].share
    assert r.results[1].share_without_theory is None
    assert "1 of them holds with no hypotheses too" in r.summary()
    assert [x.holds_without_theory for x in check(S, [both, press]).results] == [False, False]
