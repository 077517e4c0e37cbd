"""Long work announces itself: estimates before the work, a refusal above 60 s of CPU without --large, ticks."""

from __future__ import annotations

import json
import random
import time

import pytest
from typer.testing import CliRunner

from accord.budget import Estimate, check, tick, ticking
from accord.cli import app
from accord.errors import AccordError


def _csv(n: int) -> str:
    r = random.Random(n)
    return "actor,capability,position,salience\n" + "".join(
        f"A{i},{r.uniform(1, 100):.2f},{r.uniform(0, 100):.2f},{r.uniform(10, 100):.1f}\n" for i in range(n)
    )


def _gmcr(options: int) -> str:
    r = random.Random(options)
    opts = [f"o{k}" for k in range(options)]
    own = {f"d{i}": opts[i::3] for i in range(3)}
    return json.dumps(
        {
            "gmcr": 1,
            "model": {
                "id": "g",
                "title": "G",
                "decision_makers": [{"id": d, "options": [{"id": o} for o in os]} for d, os in own.items()],
                "preferences": {
                    d: {"statements": [("-" if r.random() < 0.5 else "") + r.choice(opts) for _ in range(6)]}
                    for d in own
                },
            },
        }
    )


def test_estimates_grow_as_the_work_does() -> None:
    """Forecasts grow with actors^2 (bdm) or actors^3 (ktab), graph models with states^2."""
    from accord.forecast.run import Settings, estimate

    bdm = [estimate(n, 1, Settings("bdm")).seconds for n in (30, 60)]  # influence runs: 24 at both sizes
    assert bdm[1] / bdm[0] == pytest.approx(4.0)
    ktab = [estimate(n, 1, Settings("ktab")).seconds for n in (30, 60)]
    assert ktab[1] / ktab[0] == pytest.approx(8.0)
    assert estimate(5000, 1, Settings("bdm")).seconds > 60 and estimate(300, 1, Settings("ktab")).seconds > 60
    assert estimate(13, 1, Settings("ktab")).seconds < 5  # the shipped KTAB example stays quick and quiet


@pytest.mark.parametrize("args, csv_actors", [(["--variant", "ktab"], 300), (["--variant", "bdm"], 5000)])
def test_large_forecasts_ask_for_large_before_they_start(tmp_path, args, csv_actors) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_csv(csv_actors), encoding="utf-8")
    t = time.process_time()
    r = CliRunner().invoke(app, ["forecast", str(path), *args, "--json"])
    assert r.exit_code == 1 and "add --large to run it anyway" in r.output, r.output
    assert f"forecast of {csv_actors:,} actors" in r.output and "of CPU" in r.output
    assert time.process_time() - t < 10  # refused before the work


def test_large_graph_models_ask_for_large_before_they_start(tmp_path) -> None:
    path = tmp_path / "g20.json"
    path.write_text(_gmcr(20), encoding="utf-8")
    r = CliRunner().invoke(app, ["stability", str(path), "--json"])
    assert r.exit_code == 1 and "1,048,576 states" in r.output and "add --large" in r.output, r.output
    r = CliRunner().invoke(app, ["stability", str(path), "-c", "nash", "--json"])  # Nash alone is quick
    assert r.exit_code == 0, r.output


def test_long_work_is_announced_and_ticks_reach_the_progress_line(monkeypatch) -> None:
    from accord import cli

    check(Estimate(59.0, "small"), large=False, smaller="")
    with pytest.raises(AccordError, match="about 2 min of CPU .*--large.* or shrink it"):
        check(Estimate(120.0, "big"), large=False, smaller="shrink it")
    check(Estimate(120.0, "big"), large=True, smaller="")
    seen = []
    with ticking(lambda: seen.append(1)):
        tick()
        tick()
    tick()  # outside: nothing
    assert seen == [1, 1]
    steps = []
    monkeypatch.setattr(cli, "progress_bar", _recording_bar(steps))
    with cli.long_work(Estimate(30.0, "a long thing"), False, "", "Work"):
        tick()
        tick()
    assert steps == [(1, 0), (2, 0)]


def _recording_bar(steps):
    from contextlib import contextmanager

    @contextmanager
    def bar(label, enabled):
        yield (lambda done, total: steps.append((done, total))) if enabled else None

    return bar


def test_large_sweeps_ask_for_large_before_they_start() -> None:
    """explore grows with samples x strategies: ten million samples of the built-in scenario are refused before
    any sampling, the default run is not."""
    import accord
    from accord.analyses.explore import estimate

    s = accord.load()
    assert estimate(s, 10_000).seconds < 60
    t = time.process_time()
    r = CliRunner().invoke(app, ["explore", "-n", "10000000", "--no-store", "--json"])
    assert r.exit_code == 1 and "exploring 10,000,000 samples" in r.output and "add --large" in r.output, r.output
    assert time.process_time() - t < 10
