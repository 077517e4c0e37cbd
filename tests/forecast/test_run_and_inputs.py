"""Forecasts from the scenario, the CSV layout, bad inputs, the SMP variant and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import ScenarioError
from accord.forecast import Settings, forecast, forecast_inputs, from_scenario, loads_csv, smp
from tests.forecast.test_bdm import EC

runner = CliRunner()


def test_scenario_inputs_follow_the_values_and_weights() -> None:
    """Each party stands at the option it values most; factions share their actor's capability by weight."""
    s = accord.load()
    inp = from_scenario(s, ["territory"])
    a = inp.actors.index("ukraine_government")
    values = s.actor("ukraine_government").preferences.values["territory"]  # type: ignore[union-attr]
    best = max(values, key=values.get)  # type: ignore[arg-type]
    steps = [o.id for o in s.issue("territory").options]
    assert inp.position[0, a, 0] == steps.index(best) / (len(steps) - 1)
    russia = s.actor("russia")
    hard = inp.actors.index("ru_hardline")
    assert np.isclose(inp.capability[0, hard], russia.capability * russia.factions[0].weight)  # type: ignore[operator]


def test_levers_change_the_forecast_through_faction_weights() -> None:
    """Lieven's hypotheses move the hard-line camp's weight, and so its capability in the forecast."""
    s = accord.load()
    none = from_scenario(s, ["territory"], "none", "none")
    lieven = from_scenario(s, ["territory"], "lieven_levers", "lieven")
    hard = none.actors.index("ru_hardline")
    assert lieven.capability[0, hard] != none.capability[0, hard]


def test_forecast_over_samples_reports_a_distribution() -> None:
    s = accord.load()
    (r,) = forecast(s, ["sanctions"], "lieven_levers", "lieven", samples=400)
    assert r.samples == 400 and r.quantiles is not None
    assert abs(sum(r.option_shares.values()) - 1.0) < 1e-9
    assert r.rescale_invariant


def test_csv_errors_are_specific() -> None:
    with pytest.raises(ScenarioError) as e:
        loads_csv("actor,capability,position,salience\nA,-1,3,50\nB,2,x,50\n", "bad.csv")
    msgs = [str(p) for p in e.value.problems]
    assert any("bad.csv:2" in m and "negative capability" in m for m in msgs)
    assert any("bad.csv:3" in m and "three numbers" in m for m in msgs)
    with pytest.raises(ScenarioError, match="empty"):
        loads_csv("actor,capability,position,salience\n", "e.csv")
    with pytest.raises(ScenarioError, match="outside the scale"):
        loads_csv("actor,capability,position,salience\nA,1,3,50\nB,1,12,50\n", "s.csv", (0, 10))
    with pytest.raises(ScenarioError, match="missing column"):
        loads_csv("actor,power,position,salience\nA,1,3,50\n", "h.csv")


def test_rescaled_csv_gives_the_rescaled_forecast() -> None:
    """Multiply positions by 10 and add 5: the forecast is 10 * f + 5."""
    a = forecast_inputs(loads_csv(EC), "ec")[0]
    shifted = EC.replace(",7,", ",75,").replace(",4,", ",45,").replace(",10,", ",105,")
    b = forecast_inputs(loads_csv(shifted), "ec")[0]
    assert np.isclose(b.forecast, 10 * a.forecast + 5)


def test_smp_variant_by_hand_and_properties() -> None:
    """Two actors at 0 and 1 with equal capability and salience: the proportional votes tie, each wins with
    probability 1/2, the bargain is the midpoint, and both end there."""
    x = np.array([[[0.0], [1.0]]])
    c = np.array([[1.0, 1.0]])
    s = np.ones((1, 2, 1))
    p = smp.probabilities(x, c, s)
    assert np.allclose(p[0], [[0.5, 0.5], [0.5, 0.5]])
    path = smp.run(x, c, s, rounds=5)
    assert np.allclose(path.positions[1, 0, :, 0], [0.5, 0.5])
    # deterministic for a given seed, stochastic transitions included
    rng = np.random.default_rng(0)
    x, c, s = rng.random((1, 8, 2)), rng.random((1, 8)), rng.random((1, 8, 2))
    a = smp.run(x, c, s, transition="stochastic", seed=5)
    b = smp.run(x, c, s, transition="stochastic", seed=5)
    assert np.array_equal(a.positions, b.positions)
    # an actor with zero salience never moves others
    s[0, 3, :] = 0.0
    z = smp.run(x, c, s, rounds=6)
    assert not np.any(z.pressed_by == 3)


def test_cli_forecast(tmp_path: Path) -> None:
    r = runner.invoke(app, ["forecast", "-i", "territory", "-i", "sanctions", "--svg", str(tmp_path / "f.svg")])
    assert r.exit_code == 0, r.output
    # conditions in names (a lever package's name @ its theory's), not 'lieven_levers @ lieven'
    assert "@ Lieven" in " ".join(r.output.split()) and "Who pressed whom" in r.output
    assert "lieven_levers" not in r.output
    assert (tmp_path / "f.svg").read_text().startswith("<svg")
    csv = tmp_path / "ec.csv"
    csv.write_text(EC)
    data = json.loads(runner.invoke(app, ["forecast", str(csv), "--json"]).stdout)
    assert data[0]["median_path"][0] == 7.0
    r = runner.invoke(
        app, ["forecast", "-i", "nato_expansion", "--variant", "smp", "-l", "lieven_levers", "-H", "lieven", "--json"]
    )
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["variant"] == "smp"
    r = runner.invoke(app, ["forecast", "-i", "trade"])
    assert r.exit_code == 1 and "not ordered" in r.output
    r = runner.invoke(app, ["forecast", "--variant", "kt"])
    assert r.exit_code == 1 and "unknown variant" in r.output


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        smp.run(np.zeros((1, 2, 1)), np.ones((1, 2)), np.ones((1, 2, 1)), voting="plurality")
    assert Settings().variant == "bdm"


def test_an_issue_no_one_cares_about_is_an_error() -> None:
    """Without capabilities nobody can move an issue: a specific error, not a meaningless number."""
    from accord.errors import AccordError

    s = accord.load()
    bare = s.model_copy(update={"actors": [a.model_copy(update={"capability": None}) for a in s.actors]})
    with pytest.raises(AccordError, match="nothing to forecast"):
        forecast(bare, ["territory"])


def test_a_forecast_across_a_red_line_says_so() -> None:
    """Expected-utility forecasting knows no red lines: on the built-in scenario territory settles at Russian
    withdrawal, which Russia's surrender red line excludes, and the result says so; the scale carries the options."""
    import accord
    from accord.forecast import forecast

    (r,) = forecast(accord.load(), ["territory"], "lieven_levers", "lieven")
    if r.option == "russian_withdrawal":
        assert r.red_lines == ("Russia: rl_russia_surrender_terms",)
    else:
        assert r.red_lines == ()
    assert [o for _, o in r.ticks] == ["russian withdrawal", "freeze current line", "ukraine withdraws further"]
    assert [p for p, _ in r.ticks] == [0.0, 50.0, 100.0]


def test_huge_degenerate_and_oversized_csvs_are_refused_with_the_reason() -> None:
    """Positions or capabilities near +-1e308 (whose differences overflow to nan), all capabilities or all
    saliences 0 (a forecast of nothing) and fields over the csv module's limit are each refused clearly."""
    head = "actor,capability,position,salience\n"
    cases = {
        head + "A,1,1e308,50\nB,1,-1e308,50\nC,1,0,50\n": "big.csv:2: A: position 1e+308 is beyond",
        head + "A,1e308,1,50\nB,1,2,50\n": "big.csv:2: A: capability 1e+308 is beyond",
        head + "A,0,1,50\nB,0,2,50\n": "every capability is 0",
        head + "A,1,1,0\nB,2,2,0\n": "every salience is 0",
        head + 'A,1,1,50\n"' + "x" * 140_000 + '",1,2,50\n': "big.csv:3: cannot read this CSV line",
        head + "A,1,1,50\n" + "y" * 20_000 + ",1,2,50\n": "big.csv:3: a field of 20,000 characters",
    }
    for text, message in cases.items():
        with pytest.raises(ScenarioError) as e:
            loads_csv(text, "big.csv")
        assert message in str(e.value), (message, str(e.value)[:300])
        assert len(str(e.value)) < 1000
    with pytest.raises(ScenarioError, match="the ends must be finite"):
        loads_csv(head + "A,1,1,50\nB,1,2,50\n", "s.csv", (-1e308, 1e308))
