"""A command's start-up: the console entry point builds only the command it runs, pauses the garbage collector
until the command's work begins (and skips its pass over everything at exit), and `validate` reads a cached
scenario without parsing the file again. None of it may change what a command prints."""

from __future__ import annotations

import gc
import json
import re
import sys

import pytest
from typer.testing import CliRunner

import accord.scenario
from accord import cli
from accord.cli import app, command_app
from tests.test_cli import STAB

runner = CliRunner()

ARGS = [
    ["bargain", "--json"],
    ["evaluate", "-p", "lieven_terms", "-l", "none"],
    ["bargain", "--help"],
    ["bargain", "--top", "x"],  # a bad value: the same error
    ["evaluate", "--no-such-option"],  # an unknown option: the same error
    ["runs", "--help"],  # a command group
    ["sources", "check", "--help"],
    ["bargan"],  # a misspelt command: the whole app, which suggests `bargain`
    ["--help"],
    [],
]


def _timeless(output: str) -> str:
    return re.sub(r'"seconds": [0-9.e-]+', '"seconds": #', output)


@pytest.mark.parametrize("args", ARGS, ids=lambda a: " ".join(a) or "(none)")
def test_the_reduced_app_answers_as_the_whole_app(args):
    whole = runner.invoke(app, args)
    reduced = runner.invoke(command_app(args), args)
    assert (reduced.exit_code, _timeless(reduced.output)) == (whole.exit_code, _timeless(whole.output))


def test_only_the_named_command_is_built():
    """`accord bargain` builds the bargain command alone (typer reads every built command's signature)."""
    one = command_app(["bargain", "--json"])
    assert [c.callback.__name__ for c in one.registered_commands] == ["bargain"] and not one.registered_groups
    group = command_app(["runs", "list"])
    assert not group.registered_commands and [g.name for g in group.registered_groups] == ["runs"]
    assert command_app(["--json", "bargain"]) is app and command_app(["no-such"]) is app
    assert len(app.registered_commands) > 10  # the whole app is left as it was


def test_main_pauses_the_collector_until_the_work_begins(monkeypatch, capsys):
    """From the console entry point the collector is off while the scenario loads and on when the analysis runs;
    afterwards it is as it was."""
    seen: dict[str, bool] = {}
    real_load, real_bargain = accord.scenario.load, cli.run_bargain

    def spy_load(*a, **k):
        seen["loading"] = gc.isenabled()
        return real_load(*a, **k)

    def spy_bargain(*a, **k):
        seen["analysing"] = gc.isenabled()
        return real_bargain(*a, **k)

    monkeypatch.setattr(accord.scenario, "load", spy_load)
    monkeypatch.setattr(cli, "run_bargain", spy_bargain)
    monkeypatch.setattr(sys, "argv", ["accord", "bargain", "--json"])
    assert gc.isenabled()
    try:
        with pytest.raises(SystemExit) as done:
            cli.main()
        frozen = gc.get_freeze_count()  # what is alive at the end is left out of the collection at exit
    finally:
        gc.unfreeze()
    assert done.value.code == 0 and json.loads(capsys.readouterr().out)["zone"] >= 0
    assert seen == {"loading": False, "analysing": True} and frozen > 1000
    assert gc.isenabled() and not cli._STARTING


def test_the_app_run_as_a_library_leaves_the_collector_alone():
    """Outside `main` (tests, a program driving the app) `load` does not touch the collector."""
    gc.disable()
    try:
        assert runner.invoke(app, ["evaluate", "-p", "lieven_terms"]).exit_code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_validate_reads_a_cached_scenario_and_still_places_problems(tmp_path, monkeypatch):
    """`validate` with a warm cache prints what it printed cold; a graph model that does not compile is reported at
    its line whether or not the scenario was cached."""
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "s.yaml"
    path.write_text(STAB, encoding="utf-8")
    cold = runner.invoke(app, ["validate", str(path)])
    assert list((tmp_path / "cache").glob("*.json")), "validate did not keep the validated scenario"
    warm = runner.invoke(app, ["validate", str(path)])
    assert cold.exit_code == warm.exit_code == 0 and cold.output == warm.output and "ok" in cold.output
    path.write_text(STAB.replace("{id: o3}", "{id: o1}"), encoding="utf-8")  # the scenario checks pass, the model not
    message = "s.yaml:20:3: stability.decision_makers: option 'o1' is listed twice"
    for _ in range(2):  # parsed, then cached
        r = runner.invoke(app, ["validate", str(path)])
        assert r.exit_code == 1 and message in " ".join(r.output.split()), r.output


def test_a_command_printing_json_never_imports_rich(tmp_path):
    """`accord bargain FILE --json` in a fresh process: its answer printed, and rich (about 10 ms of start-up) not
    imported at all, since nothing is drawn; the same command without --json does import it."""
    import subprocess

    from tests.conftest import TWO_BY_TWO

    f = tmp_path / "s.yaml"
    f.write_text(TWO_BY_TWO)
    probe = (
        "import sys, atexit; from accord import cli; "
        "atexit.register(lambda: sys.stderr.write('RICH ' + str(any(m.split('.')[0] == 'rich' for m in sys.modules)))); "
        "sys.argv = ['accord'] + sys.argv[1:]; cli.main()"
    )
    env = {**__import__("os").environ, "ACCORD_CACHE": str(tmp_path / "cache")}
    plain = subprocess.run(
        [sys.executable, "-c", probe, "bargain", str(f), "--json"], capture_output=True, text=True, env=env
    )
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)["zone"] >= 1
    assert plain.stderr.strip().endswith("RICH False")
    table = subprocess.run([sys.executable, "-c", probe, "bargain", str(f)], capture_output=True, text=True, env=env)
    assert table.returncode == 0 and table.stderr.strip().endswith("RICH True")


def test_the_progress_bar_appears_only_for_work_longer_than_its_delay(monkeypatch):
    """Work that ends before `PROGRESS_AFTER` draws nothing; longer work gets its bar (from a timer, with no update
    needed), labelled, on standard error."""
    import io
    import time

    def bar_text(delay: float, wait_for_bar: bool) -> str:
        buf = io.StringIO()
        monkeypatch.setattr(cli, "PROGRESS_AFTER", delay)
        monkeypatch.setattr(cli, "err", cli._Console(file=buf, force_terminal=True, width=80))
        with cli.progress_bar("Enumerating packages", True) as tick:
            tick(1, 10)
            deadline = time.monotonic() + 10
            while wait_for_bar and "Enumerating" not in buf.getvalue() and time.monotonic() < deadline:
                time.sleep(0.01)  # polls until the timer has drawn the bar (at most 10 s)
        return buf.getvalue()

    assert bar_text(3600.0, False) == ""
    assert "Enumerating packages" in bar_text(0.0, True)
