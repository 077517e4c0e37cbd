"""The command line on format version 2: `validate` says the version, `migrate` rewrites version 1, `explore`
names the offer set each proposal was searched in (and a narrow offer set lowers the chance of a deal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from tests.conftest import FACTIONS

CYPRUS = Path(accord.__file__).parent / "data" / "cases" / "cyprus-annan-2004.yaml"  # a version-1 file

runner = CliRunner()

# a: x1 0.6, x2 1.0 (reservation 0.3); b: x1 0.8, x2 0.4 (reservation 0.3 nominal, uniform in [0.2, 0.6]).
# `broad` proposes the Nash package x1 (gains 0.3 * 0.5 > 0.7 * 0.1), which b always accepts (0.8 >= 0.6):
# P(deal) = 1. `narrow` may offer only x0 or x2: it proposes x2, which b accepts when its reservation is at most
# 0.4, half of its range [0.2, 0.6]: P(deal) = (0.4 - 0.2) / 0.4 = 0.5.
V2 = """accord: 2
meta: {id: hand, title: Hand-worked}
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
    reservation: {base: 0.3}
  - id: b
    preferences: {saliences: {x: 1.0}, values: {x: {x0: 0.0, x1: 0.8, x2: 0.4}}}
    reservation: {base: 0.3}
levers:
  - {id: sanction, kind: stick, by: m, on: a}
  - {id: talk, kind: signal, by: m, on: b}
lever_packages:
  - {id: narrow, levers: [sanction]}
  - {id: broad, levers: [talk]}
offers:
  - {id: narrow_offer, name: Narrow offer, levers: narrow, options: {x: [x0, x2]}}
uncertainties:
  - {path: actors.b.reservation.base, low: 0.2, high: 0.6, note: unknown}
"""


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ACCORD_CACHE", "off")
    monkeypatch.chdir(tmp_path)


def test_validate_says_the_version(tmp_path: Path):
    (tmp_path / "v2.yaml").write_text(V2)
    r = invoke("validate", "v2.yaml")
    assert r.exit_code == 0 and "format version 2" in r.output
    # The built-in scenario is version 2 since its re-encoding (issue 25); the Cyprus case is still version 1.
    r = invoke("validate", "ukraine-2025")
    assert r.exit_code == 0 and "format version 2" in r.output and "accord migrate" not in r.output
    r = invoke("validate", str(CYPRUS))
    assert r.exit_code == 0 and "format version 1" in r.output and "accord migrate" in r.output


def test_migrate_writes_version_2(tmp_path: Path):
    # A version-1 scenario whose hypotheses test levers by kind (any_stick_on, no_carrot_to, any_carrot_to): the
    # built-in is already version 2 (issue 25), so migrate leaves it unchanged.
    (tmp_path / "v1.yaml").write_text(FACTIONS)
    r = invoke("migrate", "v1.yaml", "-o", "u2.yaml")
    assert r.exit_code == 0 and "by: anyone" in " ".join(r.output.split()), r.output  # wrapped at 100 columns
    s = accord.load(str(tmp_path / "u2.yaml"))
    assert [h.id for h in s.hypotheses] == ["h_harden", "h_soften"]
    assert s.accord == 2 and all(
        h.when.by == "anyone"
        for h in s.hypotheses
        if h.when.any_stick_on or h.when.any_carrot_to or h.when.no_stick_on or h.when.no_carrot_to
    )
    r = invoke("migrate", "ukraine-2025", "-o", "u2b.yaml")
    assert r.exit_code == 0 and "already version 2, unchanged" in r.output, r.output


def test_version_1_with_an_offer_set_is_refused_with_the_fix(tmp_path: Path):
    (tmp_path / "v1.yaml").write_text(V2.replace("accord: 2", "accord: 1"))
    r = runner.invoke(app, ["validate", "v1.yaml"])
    assert r.exit_code == 1 and "set `accord: 2`" in r.output and "Traceback" not in r.output


def test_explore_names_the_offer_set_and_a_narrow_offer_lowers_the_chance(tmp_path: Path):
    (tmp_path / "v2.yaml").write_text(V2)
    r = runner.invoke(
        app,
        ["explore", "v2.yaml", "-n", "800", "-s", "narrow@none", "-s", "broad@none", "--no-store"],
        env={"COLUMNS": "200"},  # wide enough that no cell wraps (the course column carries names since 2026-12-05)
        catch_exceptions=False,
    )
    assert r.exit_code == 0, r.output
    assert "within offer set Narrow offer (m)" in r.output and "the best package that exists" in r.output
    data = json.loads(
        invoke(
            "explore", "v2.yaml", "-n", "800", "-s", "narrow@none", "-s", "broad@none", "--no-store", "--json"
        ).stdout
    )
    p = {s["id"]: s["p_deal"] for s in data["strategies"]}
    assert p["broad@none"] == 1.0 and abs(p["narrow@none"] - 0.5) < 0.05
    props = {s["id"]: s["strategy"]["proposal"] for s in data["strategies"]}
    assert (
        data["strategies"][0]["strategy"]["offers"] == ["narrow_offer"]
        and "offers" not in data["strategies"][1]["strategy"]
    )
    assert props == {"narrow@none": {"x": "x2"}, "broad@none": {"x": "x1"}}
