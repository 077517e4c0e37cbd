"""The `ktab` variant: KTAB's shipped reference runs state by state, the plain per-pair reference, and input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import ScenarioError
from accord.forecast import ktab
from accord.forecast import reference as ref
from accord.forecast.inputs import from_csv, loads_csv

DATA = Path(__file__).parent / "data"
REF = json.loads((DATA / "ktab_reference_runs.json").read_text())


@pytest.mark.parametrize("case", ["dummyData_3Dim", "SOE-Pol-Comp"])
def test_reference_run_state_by_state(case: str) -> None:
    """KTAB's regression script compares each turn's fractional change and each actor's win probability per state
    (printed to 4 decimals); the positions are printed to 1 decimal on 0-100. All of them, and the number of states."""
    want = REF["cases"][case]
    inp = from_csv(DATA / want["input"])
    p = ktab.run(inp.position, inp.capability, inp.salience)
    assert p.positions.shape[0] == want["states"] and bool(p.converged[0])
    assert np.abs(p.change[:, 0] - np.array(want["fractional_change"])).max() <= 5e-5 + 1e-9
    for a, name in enumerate(inp.actors):
        assert np.abs(p.win[:, 0, a] - np.array(want["win_probability"][name])).max() <= 5e-5 + 1e-9, name
        for d, dim in enumerate(inp.issues):
            printed = np.array(want["positions"][name][dim])
            assert np.abs(100 * p.positions[:, 0, a, d] - printed).max() <= 0.05 + 1e-9, (name, dim)


def test_reference_run_through_the_command() -> None:
    """`accord forecast FILE.csv --variant ktab --json` reports the same win probabilities and turns."""
    want = REF["cases"]["SOE-Pol-Comp"]
    res = CliRunner().invoke(app, ["forecast", str(DATA / want["input"]), "--variant", "ktab", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [r["issue"] for r in out] == ["Policy Position", "Competitive Position"]
    for name, probs in want["win_probability"].items():
        assert np.abs(np.array(out[0]["win_probability"][name]) - np.array(probs)).max() <= 5e-5 + 1e-9
    assert len(out[0]["fractional_change"]) == want["states"] - 1


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(3, 6))
    d = draw(st.integers(1, 3))
    pos = np.array([[draw(st.integers(0, 100)) / 100 for _ in range(d)] for _ in range(n)])
    sal = np.array([[draw(st.integers(1, 100 // d)) / 100 for _ in range(d)] for _ in range(n)])
    cap = np.array([draw(st.floats(5.0, 200.0)) for _ in range(n)])
    return pos, sal, cap


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_vectorised_equals_plain_loops(sc: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    pos, sal, cap = sc
    p = ktab.run(pos[None], cap[None], sal[None], rounds=6)
    states, changes, wins = ref.ktab_run(list(cap), pos.tolist(), sal.tolist(), rounds=6)
    assert p.positions.shape[0] == len(states)
    assert np.allclose(p.positions[:, 0], np.array(states), atol=1e-9)
    assert np.allclose(p.win[:, 0], np.array(wins), atol=1e-9)
    assert np.allclose(p.change[:, 0], np.array(changes), atol=1e-9)


def test_samples_are_independent_rows_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch, split into blocks, gives each sample the run it gets alone."""
    monkeypatch.setattr(ktab, "WORK", 60)  # blocks of 2 samples for 5 actors
    rng = np.random.default_rng(4)
    x, s, c = rng.random((5, 5, 2)), rng.uniform(0.1, 0.5, (5, 5, 2)), rng.uniform(10, 100, (5, 5))
    batch = ktab.run(x, c, s, rounds=8)
    for k in range(5):
        alone = ktab.run(x[k : k + 1], c[k : k + 1], s[k : k + 1], rounds=8)
        t = alone.positions.shape[0]
        assert np.allclose(batch.positions[:t, k], alone.positions[:, 0])
        assert np.allclose(batch.win[:t, k], alone.win[:, 0])


def test_stochastic_runs_repeat_with_their_seed() -> None:
    inp = from_csv(DATA / "ktab-dummyData_3Dim.csv")
    a = ktab.run(inp.position, inp.capability, inp.salience, transition="stochastic", seed=7)
    b = ktab.run(inp.position, inp.capability, inp.salience, transition="stochastic", seed=7)
    assert np.array_equal(a.positions, b.positions)


def test_a_bargain_can_be_refused() -> None:
    """KTAB puts each queue to a vote of all actors, so a bargain aimed at an actor can lose to its status quo
    (KTAB's log of the SOE case shows "Chosen bargain ... 1 out of 2" for status-quo bargains 136 times). Over the
    SOE run, some turn has a targeted actor keep its position, and some initiator keep its own."""
    inp = from_csv(DATA / "ktab-SOE-Pol-Comp.csv")
    c, s = inp.capability, inp.salience
    p = ktab.run(inp.position, c, s)
    kept_target = kept_initiator = 0
    for turn in range(p.pressed_by.shape[0]):
        x = p.positions[turn]
        st_ = ktab.setup(x, c, s, "proportional", "linear")
        _, gain = ktab.challenges(st_, s.sum(axis=2), c, "proportional")
        g = np.where(np.eye(x.shape[1], dtype=bool)[None] | ~(gain > ktab.MIN_GAIN), -np.inf, gain)
        has = np.isfinite(g.max(axis=2)[0])
        targets = set(g.argmax(axis=2)[0][has].tolist())
        kept = p.pressed_by[turn, 0] == -1
        kept_target += sum(bool(kept[k]) for k in targets)
        kept_initiator += int((kept & has).sum())
    assert kept_target > 0 and kept_initiator > 0


def test_ktab_csv_errors_are_located() -> None:
    bad = "t,d,3,1,\nActor,Description,Power,P,S,\nA,x,10,50,120,\nB,x,10,40,\nC,x,-1,30,20,\n"
    with pytest.raises(ScenarioError) as e:
        loads_csv(bad, "k.csv")
    text = str(e.value)
    assert "k.csv" in text and "0-100" in text and "capability" in text and "position/salience" in text
