"""The command line: every command works end to end; bad input exits 1 with a message, never a traceback."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from tests.conftest import TWO_BY_TWO

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_run_builtin():
    """`accord run` analyses the built-in scenario."""
    r = invoke("run")
    assert r.exit_code == 0, r.output
    assert "Zone of agreement" in r.output and "The observed US" in r.output and "assumptions" in r.output
    assert "lieven_levers" not in r.output.split("Details:")[0]  # lever packages by name (ids in --json)


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
    data = json.loads(
        invoke(
            "evaluate", "-p", "lieven_terms", "-l", "lieven_levers_with_ultimatum", "-H", "solodkyy", "--json"
        ).stdout
    )
    # Under Solodkyy's theory Washington's ultimatum is a stick on Kyiv, so h36 binds: the hard line (above the veto
    # threshold by h21's 0.6) holds rl_ru_hardline_disarmament_solodkyy, which lieven_terms' no_cap crosses; Kyiv's
    # government (h30: rl_ukraine_ceasefire_without_reliable_guarantees) and public still reject too.
    assert data["accepted"] is False
    assert data["rejected_by"] == ["russia", "ukraine_government", "ukraine_public"]


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


def test_evidence_and_voi_on_the_builtin(tmp_path):
    """`accord evidence` names the favoured theory and what carries it; `accord voi` values knowing the theory."""
    r = invoke("evidence", "-n", "100", "--as-of", "2025-04-01", "--svg", str(tmp_path / "e.svg"))
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    assert "The observations (6 events, the authors' readings left out)" in flat
    assert "With the authors' 4 readings too, the record (10 events)" in flat
    # Changed for issue 25 (fourth pass): Kyiv's guarantee line gives way only under the ultimatum, so both theories
    # predict every observation alike and the authors' two readings cancel out: the record does not decide, and the
    # events that weigh most are named as such (not as carrying a verdict).
    assert "Hindcast from 2025-04-01" in flat and "does not decide between the theories" in flat
    assert "The events that weigh most:" in flat
    assert "predicted against observed" in (tmp_path / "e.svg").read_text()
    data = json.loads(invoke("evidence", "-n", "50", "--json").stdout)
    assert set(data["posterior"]) == {"lieven", "solodkyy"} and abs(sum(data["posterior"].values()) - 1) < 1e-9
    r = invoke(
        "voi",
        "-n",
        "500",
        "-d",
        "lieven_levers_with_ultimatum@lieven,solodkyy_levers@solodkyy",
        "--svg",
        str(tmp_path / "v.svg"),
    )
    assert r.exit_code == 0, r.output
    assert "which theory holds" in r.output and "EVPI" in r.output
    data = json.loads(invoke("voi", "-n", "200", "--goal", "months", "--beliefs", "posterior", "--json").stdout)
    assert data["beliefs"] == "posterior" and data["unit"] == "months of war"
    from accord.analyses.evidence import weigh

    rec = weigh(accord.load(), samples=2000, watch=False)
    post = rec.deciding_posterior  # what --beliefs posterior must use: from observations only (issue 24)
    # The built-in's record has four interpreted events (e_demands_expanded, e_sanctions_failed, e_putin_undecided,
    # e_reconciliation_camp_ready). Changed for issue 25's second pass: with h24 no longer holding under the observed
    # approach, "demands expanded" favours Solodkyy strongly and the readings about cancel out, so the posterior with
    # them (0.804 for Solodkyy at 2,000 samples, seed 0) is close to the one from observations only (0.797), no
    # longer near even against ~0.90. They still differ, and --beliefs posterior must use the latter (to 1e-6).
    assert rec.interpreted and abs(post["solodkyy"] - rec.posterior["solodkyy"]) > 1e-3
    # Changed for issue 25 (fourth pass): Kyiv's guarantee line gives way only under the ultimatum, so both theories
    # predict every observation alike (by hand: the even prior stays, 0.50), while the readings still move it.
    assert data["weights"] == pytest.approx(post) and post["solodkyy"] == pytest.approx(0.50, abs=0.01)


def test_evidence_and_voi_on_a_generated_scenario(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        invoke("generate", "--actors", "3", "--issues", "5", "--factions", "--seed", "1", "--strictness", "0.2").stdout
    )
    r = invoke("evidence", str(path), "-n", "100")
    assert r.exit_code == 0 and "The record (2 events)" in r.output, r.output
    r = invoke("voi", str(path), "-n", "500")
    assert r.exit_code == 0 and "EVPI" in r.output, r.output


def test_evidence_and_voi_errors_are_clear(tmp_path):
    r = invoke("evidence", "--as-of", "May")
    assert r.exit_code == 1 and "YYYY-MM-DD" in r.output and "Traceback" not in r.output
    r = invoke("voi", "--goal", "glory", "-n", "100")
    assert r.exit_code == 1 and "unknown goal" in r.output
    r = invoke("voi", "-d", "nothing_here", "-n", "100")
    assert r.exit_code == 1 and "Traceback" not in r.output
    r = invoke("voi", "--beliefs", "hope", "-n", "100")
    assert r.exit_code == 1 and "'prior' or 'posterior'" in r.output
    r = invoke("evidence", "--svg", str(tmp_path / "missing" / "e.svg"), "-n", "20")
    assert r.exit_code == 1 and "cannot write" in r.output
    path = tmp_path / "g.yaml"
    path.write_text(invoke("generate").stdout)
    r = invoke("evidence", str(path))
    assert r.exit_code == 1 and "no `evidence:` section" in r.output


def test_bad_arguments_and_files_are_refused_clearly(tmp_path):
    """Folders, devices and missing output folders as paths; out-of-range seeds, counts and numbers; markup in
    echoed input: each a clear message and exit status 1 or 2, never a traceback."""
    cases = [
        (["validate", str(tmp_path)], "is a folder"),
        (["validate", "/dev/null"], "not a regular file"),
        (["forecast", str(tmp_path)], "is a folder"),
        (["evaluate", "-p", "[/]"], "unknown package '[/]'"),
        (["stability", "--dot", str(tmp_path / "missing" / "g.dot")], "does not exist"),
        (["report", "-o", str(tmp_path / "missing" / "r.html")], "does not exist"),
        (["explore", "--seed", "-1", "-n", "10"], "--seed"),
        (["explore", "--seed", str(2**63), "-n", "10"], "--seed"),
        (["bargain", "--months", "inf"], "--months"),
        (["bargain", "--months", "nan"], "--months"),
        (["leverage", "--budget", "nan", "-n", "10"], "--budget"),
        (["simulate", "-s", "lieven_sequence", "--runs", "1000000000"], "--runs"),
        (["forecast", "--samples", "1000000000"], "--samples"),
        (["stability", "--horizon", "1000000000"], "--horizon"),
        (["stability", "cuban-missile-crisis", "--max-states", "5"], "limited to 5"),
    ]
    for args, words in cases:
        r = runner.invoke(app, args)
        assert r.exit_code in (1, 2), (args, r.output)
        assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), (args, r.exception)
        assert words in r.output, (args, r.output)


def test_empty_and_repeated_selections_are_refused(tmp_path):
    """`--partition +`, `explore -s @` and a package naming one issue twice are refused with what to write."""
    path = tmp_path / "two.yaml"
    path.write_text(TWO_BY_TWO, encoding="utf-8")
    cases = {
        ("stability", "elmira", "--partition", "+"): "'+' names no decision maker",
        ("stability", "elmira", "--partition", "moe,+"): "'+' names no decision maker",
        ("explore", str(path), "-s", "@", "-n", "10", "--no-store"): "strategy '@' names no lever package",
        ("evaluate", str(path), "-p", "i1=x,i1=y"): "issue 'i1' is given twice",
        ("stability", "elmira", "-s", "@"): "no state '@'",
    }
    for args, message in cases.items():
        r = CliRunner().invoke(app, list(args))
        assert r.exit_code == 1 and (r.exception is None or isinstance(r.exception, SystemExit)), (args, r.output)
        assert message in " ".join(r.output.split()), (args, r.output)


STAB = """\
accord: 1
meta: {id: t, title: T}
actors:
  - id: a
    preferences:
      saliences: {i1: 1.0}
      values: {i1: {x: 1.0, y: 0.0}}
    reservation: {base: 0.3}
    red_lines: [{id: r1, when: {i1: [x]}}]
  - id: b
    preferences:
      saliences: {i1: 1.0}
      values: {i1: {x: 0.0, y: 1.0}}
    reservation: {base: 0.25}
issues:
  - {id: i1, options: [{id: x}, {id: y}], status_quo: x}
stability:
  id: s
  title: S
  decision_makers:
    - {id: a, options: [{id: o1}, {id: o3}]}
    - {id: b, options: [{id: o2}]}
  coalitions: [{id: c, members: [a, b]}]
  preferences:
    a: {statements: [o1]}
    b: {statements: [o2]}
  status_quo: 1
"""


def test_validate_runs_the_checks_later_commands_run(tmp_path):
    """What `stability` (and the other commands) would refuse in the file, `validate` refuses first, located."""
    path = tmp_path / "s.yaml"
    path.write_text(STAB, encoding="utf-8")
    r = runner.invoke(app, ["validate", str(path)])
    assert r.exit_code == 0, r.output
    cases = {
        STAB.replace("{id: o3}", "{id: o1}"): "s.yaml:20:3: stability.decision_makers: option 'o1' is listed twice",
        STAB.replace("when: {i1: [x]}", "when: {i1: []}"): "s.yaml:9:33: actors[0].red_lines[0].when.i1: lists "
        "no option",
        STAB.replace(
            "coalitions: [{id: c, members: [a, b]}]", "coalitions: [{id: c, members: [a, b]}, {id: c, members: [a]}]"
        ): "s.yaml:23:43: stability.coalitions[1].id: coalition 'c' is listed twice",
        STAB.replace("status_quo: 1\n", "status_quo: true\n"): "s.yaml:27:3: stability.status_quo: should be one of",
    }
    for text, message in cases.items():
        path.write_text(text, encoding="utf-8")
        r = runner.invoke(app, ["validate", str(path)])
        assert r.exit_code == 1, (message, r.output)
        assert message in " ".join(r.output.split()), (message, r.output)
        r = runner.invoke(app, ["stability", str(path)])
        assert r.exit_code == 1 and message.split(": ", 1)[0] in r.output, (message, r.output)
