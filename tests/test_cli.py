"""The command line: every command works end to end; bad input exits 1 with a message, never a traceback."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from accord.cli import app
from tests.conftest import TWO_BY_TWO

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_run_builtin():
    """`accord run` analyses the built-in scenario."""
    r = invoke("run")
    assert r.exit_code == 0, r.output
    assert "Zone of agreement" in r.output and "lieven_levers" in r.output and "assumptions" in r.output


def test_run_json_has_every_cell():
    """The overview as JSON: one cell per lever package and theory."""
    data = json.loads(invoke("run", "--json", "--samples", "20").stdout)
    ov = data["overview"]
    assert len(ov["cells"]) == len(ov["lever_packages"]) * len(ov["theories"])
    found = data["findings"]
    assert [t["theory"] for t in found["theories"]] == ["none", "lieven", "solodkyy"]
    best = {t["theory"]: t["outcomes"][0]["strategy"] for t in found["theories"]}
    assert best["lieven"] == "lieven_sequence" and best["solodkyy"] == "solodkyy_pressure"


def test_evaluate_json_and_table():
    """Evaluate a named package under a lever package and a theory."""
    r = invoke("evaluate", "--package", "lieven_terms", "--levers", "lieven_levers_with_ultimatum", "-H", "lieven")
    assert r.exit_code == 0 and "ACCEPTED by every decider" in r.output
    data = json.loads(invoke("evaluate", "-p", "lieven_terms", "-l", "lieven_levers_with_ultimatum", "-H", "solodkyy",
                             "--json").stdout)
    assert data["accepted"] is False and data["rejected_by"] == ["ukraine_government", "ukraine_public"]


def test_bargain_json(tmp_path):
    """Bargain on a scenario file, JSON output with the hand-worked Nash package."""
    f = tmp_path / "s.yaml"
    f.write_text(TWO_BY_TWO)
    data = json.loads(invoke("bargain", str(f), "--levers", "none", "--json").stdout)
    assert data["zone"] == 2 and data["solutions"]["nash"]["package"] == {"i1": "x", "i2": "p"}
    assert len(data["frontier_packages"]) == 2


def test_bad_file_exits_1_with_location(tmp_path):
    """A broken scenario reports file:line:col and exits 1."""
    f = tmp_path / "bad.yaml"
    f.write_text(TWO_BY_TWO.replace("kind: stick", "kind: stik"))
    r = invoke("validate", str(f))
    assert r.exit_code == 1
    assert f"{f}:19:5: levers[0].kind: Input should be 'stick', 'carrot' or 'signal' (found 'stik')" in r.stderr
    assert "Traceback" not in r.output + r.stderr


def test_bad_selection_exits_1():
    """An unknown package is named, with the alternatives."""
    r = invoke("evaluate", "-p", "nope")
    assert r.exit_code == 1 and "unknown package 'nope'" in r.stderr


def test_schema_generate_validate_assumptions(tmp_path):
    """The other commands: schema, generate then validate, assumptions."""
    assert json.loads(invoke("schema").stdout)["title"] == "Scenario"
    f = tmp_path / "g.yaml"
    f.write_text(invoke("generate", "--actors", "3", "--issues", "4", "--factions", "--seed", "2").stdout)
    assert invoke("validate", str(f)).exit_code == 0
    r = invoke("assumptions", "--json")
    assert len(json.loads(r.stdout)) > 300


def test_sources_check(sources_dir):
    """The quote check passes on the built-in scenario."""
    r = invoke("sources", "check", "--texts", str(sources_dir))
    assert r.exit_code == 0 and "quotes found" in r.output
