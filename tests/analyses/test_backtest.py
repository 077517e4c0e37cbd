"""Backtest: verdicts predicted as of their dates, and scored against the baselines, on cases worked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.analyses.backtest import backtest, case_paths
from accord.analyses.scoring import base_rates, metrics, reliability, score
from accord.cli import app
from accord.errors import AccordError, ScenarioError
from accord.scenario import load, loads

TOY = Path(__file__).parent / "data" / "backtest-toy.yaml"

# By hand (see the comment at the top of the toy case): A accepts the settlement in half the samples (its value of
# continued war is uniform on [0.2, 1.0], the settlement gives it 0.6); B accepts it always under the doves' theory
# and never under the hawks'. Before B's answer (2020-03-01) the beliefs are the priors, 0.5 each: every decider
# accepts with probability 0.5 * 0.5 + 0.5 * 0 = 0.25. After it, the hawks' samples all predicted B refusing (each
# with likelihood 0.05) and the doves' all predicted B accepting (0.95): beliefs 0.05 and 0.95, and the probability
# 0.95 * 0.5 = 0.475. Sampling error at n = 2,000: A's share has a standard error of 0.011; 4 of them, times 0.95.
N = 2_000
TOL = 4 * 0.95 * np.sqrt(0.25 / N)


@pytest.fixture(scope="module")
def toy() -> object:
    return backtest([load(TOY)], samples=N, seed=3)


def test_beliefs_are_frozen_at_each_verdicts_date(toy: object) -> None:
    v = {x.id: x for x in toy.verdicts}  # type: ignore[attr-defined]
    assert v["early_plan"].beliefs == pytest.approx({"hawk": 0.5, "dove": 0.5})
    assert v["early_plan"].events_before == 0
    for k in ("late_plan", "posture", "zone_posture", "when"):
        assert v[k].beliefs == pytest.approx({"hawk": 0.05, "dove": 0.95}), k
        assert v[k].events_before == 1


def test_probabilities_by_hand(toy: object) -> None:
    v = {x.id: x for x in toy.verdicts}  # type: ignore[attr-defined]
    assert v["early_plan"].p == pytest.approx(0.25, abs=TOL / 0.95 * 0.5)
    assert v["early_plan"].by_theory["hawk"] == 0.0
    assert v["late_plan"].p == pytest.approx(0.475, abs=TOL)
    # a strategy putting the settlement every month: no drift, so a deal in month 0 or never
    assert v["posture"].p == pytest.approx(0.475, abs=TOL)
    assert v["when"].p == pytest.approx(v["posture"].p)
    assert v["when"].median_month is None and v["when"].horizon == 12 and v["when"].actual_month == 0
    # a zone's opening rests on the first 50 samples: 4 standard errors of a share over 50
    assert v["zone_posture"].samples == 50
    assert v["zone_posture"].p == pytest.approx(0.475, abs=4 * 0.95 * np.sqrt(0.25 / 50))
    # nominal: A's value of continued war is 0.5 <= 0.6, so only the hawks' B refuses
    assert v["early_plan"].nominal == pytest.approx(0.5)
    assert v["late_plan"].nominal == pytest.approx(0.95)
    assert v["late_plan"].nominal_by_theory == {"hawk": False, "dove": True}
    assert [x.observed for x in toy.verdicts] == [False, True, True, False, True]  # type: ignore[attr-defined]


def test_scores_by_hand() -> None:
    # Verdicts: p = 0.8 (yes), 0.3 (no) in case 0; 0.6 (no) in case 1.
    p, y, case_of = np.array([0.8, 0.3, 0.6]), np.array([True, False, False]), np.array([0, 0, 1])
    m = metrics(p, y)
    assert m["share right"].mean() == pytest.approx(2 / 3)
    assert m["Brier score"].mean() == pytest.approx((0.04 + 0.09 + 0.36) / 3)
    assert m["log score"].mean() == pytest.approx((np.log(0.8) + np.log(0.7) + np.log(0.4)) / 3)
    # clipped to [0.01, 0.99]: a certain miss scores log(0.01), not minus infinity
    assert metrics(np.array([0.0]), np.array([True]))["log score"][0] == pytest.approx(np.log(0.01))
    # leave-one-case-out base rate: case 0 sees case 1 (no yes), case 1 sees case 0 (one yes in two)
    assert base_rates(case_of, y).tolist() == [0.0, 0.0, 0.5]
    s = score(
        ["c0", "c1"],
        case_of,
        p,
        np.array([1.0, 0.0, 1.0]),
        y,
        [("c0", {"t": 0.8}), ("c0", {"t": 0.3}), ("c1", {"t": 0.6})],
        seed=1,
    )
    assert s.overall["Accord"]["Brier score"].value == pytest.approx(0.49 / 3)
    assert s.overall["always no deal"]["Brier score"].value == pytest.approx(1 / 3)
    assert s.overall["chance"]["Brier score"].value == pytest.approx(0.25)
    assert s.overall["nominal verdict"]["share right"].value == pytest.approx(2 / 3)
    assert s.per_case["c1"]["Accord"]["Brier score"] == pytest.approx(0.36)
    assert s.leave_one_out["c1"]["Accord"]["Brier score"] == pytest.approx(0.13 / 2)
    # two cases: the bootstrap draws (c0, c0), (c0, c1) or (c1, c1), so its bounds are the two cases' own scores
    brier = s.overall["Accord"]["Brier score"]
    assert (brier.low, brier.high) == pytest.approx((0.065, 0.36))
    assert [r[:3] for r in s.per_theory] == [("c0", "t", 2), ("c1", "t", 1)]


def test_reliability_bins_hold_at_least_five() -> None:
    p = np.linspace(0.0, 1.0, 12)
    y = p > 0.5
    bins, notes = reliability(p, y)
    assert [b.count for b in bins] == [6, 6] and not notes
    assert bins[0].observed == 0.0 and bins[1].observed == 1.0
    bins, notes = reliability(p[:4], y[:4])
    assert [b.count for b in bins] == [4] and "too few" in notes[0]


def test_errors_are_clear() -> None:
    with pytest.raises(AccordError, match="no `outcomes:`"):
        backtest([load("ukraine-2025").model_copy(update={"outcomes": []})], samples=10)
    with pytest.raises(AccordError, match="no case file or shipped case"):
        case_paths(["no-such-case"])


def _toy_with(old: str, new: str) -> str:
    text = TOY.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        (
            '    date: "2020-02-01"\n    statement: The settlement is put before',
            '    date: "2019-12-01"\n    statement: The settlement is put before',
            "outcomes[0].date",
            "before the scenario's as-of date",
        ),
        (
            "    package: settlement\n    levers: talks\n    accepted: false",
            "    package: nothing\n    levers: talks\n    accepted: false",
            "outcomes[0].package",
            "unknown package",
        ),
        ("    refused_by: [a]", "    refused_by: [med]", "outcomes[0].refused_by", "unknown decider"),
        (
            "    strategy: press\n    months: 6",
            "    strategy: press\n    levers: talks\n    months: 6",
            "outcomes[2]",
            "either `strategy` or `levers`",
        ),
        ("    months: 6\n    deal: true", "    months: 6", "outcomes[2]", "needs `deal`"),
        (
            "    strategy: press\n    month: 0",
            "    strategy: nowhere\n    month: 0",
            "outcomes[4].strategy",
            "unknown strategy",
        ),
        ('  as_of: "2020-01-01"', '  as_of: "2020-13-01"', "meta.as_of", "is not a date"),
    ],
)
def test_outcomes_are_checked(old: str, new: str, where: str, says: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        loads(_toy_with(old, new), "toy.yaml")
    text = "\n".join(str(p) for p in exc.value.problems)
    assert where in text and says in text, text


def test_cli_text_json_and_svg(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["backtest", str(TOY), "-n", "200", "--svg", str(tmp_path / "b.svg")])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "A toy case" in text and "three to six possible decisions per conflict" in text
    assert "The doves' theory" in text and "[plan]" in text
    assert (tmp_path / "b.svg").read_text().startswith("<svg")
    r = CliRunner().invoke(app, ["backtest", str(TOY), "-n", "200", "--json"])
    data = json.loads(r.stdout)
    assert len(data["cases"][0]["verdicts"]) == 5
    assert set(data["scores"]["overall"]) == {"Accord", "always no deal", "base rate", "chance", "nominal verdict"}
    r = CliRunner().invoke(app, ["backtest", "no-such-case"])
    assert r.exit_code == 1 and "no case file or shipped case" in r.output and "Traceback" not in r.output


def test_sources_check_lists_quotes_from_memory_as_unchecked(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["sources", "check", str(TOY), "--texts", str(tmp_path)])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "2 quotes unchecked" in text and "B said yes." in text
    data = json.loads(
        CliRunner().invoke(app, ["sources", "check", str(TOY), "--texts", str(tmp_path), "--json"]).stdout
    )
    assert data["checked"] == 0 and len(data["unchecked"]) == 2 and data["failed"] == []
