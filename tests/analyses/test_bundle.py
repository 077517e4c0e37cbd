"""The results bundle: computed once per question, reused by `run`, `report` and the library, recomputed when
the scenario or a setting changes."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import accord
import accord.analyses.bundle as bundle_mod
from accord.analyses.bundle import Settings, bundle_key, compute, results
from accord.cli import app
from tests.conftest import TWO_BY_TWO
from tests.golden.make import clean

runner = CliRunner()

STRATEGY = """\
mediator: a
lever_packages:
  - {id: squeeze, levers: [squeeze_b]}
strategies:
  - {id: press, levers: squeeze, procedure: {kind: pressure}}
"""


@pytest.fixture
def counted(monkeypatch):
    """Count every computation of the findings (the costly part of a bundle)."""
    calls = []
    real = bundle_mod.findings

    def counting(*args, **kwargs):
        calls.append(kwargs.get("samples"))
        return real(*args, **kwargs)

    monkeypatch.setattr(bundle_mod, "findings", counting)
    return calls


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(TWO_BY_TWO + STRATEGY, encoding="utf-8")
    return path


def invoke(*args: str):
    r = runner.invoke(app, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r


def test_run_then_report_computes_the_findings_once(counted, scenario_file, tmp_path, monkeypatch):
    """`accord run` computes and stores the bundle; `accord report` after it renders the same bundle and says so."""
    monkeypatch.setenv("ACCORD_CACHE", "off")
    store = str(tmp_path / "runs.sqlite")
    first = invoke("run", str(scenario_file), "-n", "20", "--store", store)
    assert "saved as run" in first.output
    out = invoke("report", str(scenario_file), "-n", "20", "--store", store, "-o", str(tmp_path / "r.html"))
    assert counted == [20]
    assert "reused the results of run" in out.output
    # and a second report computes nothing either, now that the report's own parts are stored too
    before = (tmp_path / "r.html").read_text(encoding="utf-8")
    invoke("report", str(scenario_file), "-n", "20", "--store", store, "-o", str(tmp_path / "r2.html"))
    assert counted == [20]
    assert (tmp_path / "r2.html").read_text(encoding="utf-8") == before


def test_editing_the_scenario_recomputes(counted, scenario_file, tmp_path, monkeypatch):
    """The same question is answered from the store; a changed number, sample count or seed is a new question."""
    monkeypatch.setenv("ACCORD_CACHE", "off")
    store = str(tmp_path / "runs.sqlite")
    invoke("run", str(scenario_file), "-n", "20", "--store", store)
    again = invoke("run", str(scenario_file), "-n", "20", "--store", store)
    assert counted == [20] and "reused the results" in again.output
    scenario_file.write_text(scenario_file.read_text().replace("base: 0.3", "base: 0.31"), encoding="utf-8")
    edited = invoke("run", str(scenario_file), "-n", "20", "--store", store)
    assert counted == [20, 20] and "saved as run" in edited.output
    invoke("run", str(scenario_file), "-n", "30", "--store", store)
    invoke("run", str(scenario_file), "-n", "30", "--seed", "1", "--store", store)
    assert counted == [20, 20, 30, 30]
    invoke("run", str(scenario_file), "-n", "30", "--seed", "1", "--no-store")
    assert counted == [20, 20, 30, 30, 30]


def test_a_reused_bundle_gives_the_same_answers(scenario_file, tmp_path, monkeypatch):
    """`run --json` from the store prints exactly what it printed when it computed."""
    monkeypatch.setenv("ACCORD_CACHE", "off")
    store = str(tmp_path / "runs.sqlite")
    computed = json.loads(invoke("run", str(scenario_file), "-n", "20", "--store", store, "--json").stdout)
    reused = json.loads(invoke("run", str(scenario_file), "-n", "20", "--store", store, "--json").stdout)
    fresh = json.loads(invoke("run", str(scenario_file), "-n", "20", "--no-store", "--json").stdout)
    assert computed == reused  # timings included: the very same results
    assert clean(computed, "") == clean(fresh, "")  # timings aside


def test_the_key_names_the_question(two_by_two):
    """Scenario content, samples and seed each change the key; the same question gives the same key."""
    base = bundle_key(two_by_two, Settings(20, 0))
    assert base == bundle_key(accord.loads(TWO_BY_TWO, "other-name.yaml"), Settings(20, 0))
    assert base != bundle_key(two_by_two, Settings(21, 0))
    assert base != bundle_key(two_by_two, Settings(20, 1))
    assert base != bundle_key(accord.loads(TWO_BY_TWO.replace("base: 0.3", "base: 0.31")), Settings(20, 0))


def test_library_bundle_matches_the_analyses(two_by_two):
    """A bundle holds what the analyses give when called one by one (the hand-worked zone of two packages)."""
    from accord.analyses.findings import findings
    from accord.analyses.overview import overview

    r = compute(two_by_two, Settings(0, 0))
    assert r.overview.cell("none", "none").bargain.zone == 2
    assert r.findings.theories == findings(two_by_two, samples=0).theories
    ov = overview(two_by_two)
    assert [c.bargain.solutions for c in r.overview.cells] == [c.bargain.solutions for c in ov.cells]
    assert results(two_by_two, samples=0).reused is False


def test_a_corrupt_bundle_is_recomputed(counted, two_by_two, tmp_path):
    """A stored bundle that cannot be read is computed afresh, never trusted."""
    from accord.runs import RunStore

    store = RunStore(tmp_path / "runs.sqlite")
    first = results(two_by_two, samples=0, store=store)
    store.save_bundle(first.key, first.run, b"not a bundle")
    again = results(two_by_two, samples=0, store=store)
    assert again.reused is False and len(counted) == 2
    assert results(two_by_two, samples=0, store=store).reused is True


def test_report_says_where_its_numbers_come_from(scenario_file, tmp_path, monkeypatch):
    """Without a stored run, the report computes and saves; the HTML is the same either way."""
    monkeypatch.setenv("ACCORD_CACHE", "off")
    store = str(tmp_path / "runs.sqlite")
    cold = invoke("report", str(scenario_file), "-n", "20", "--no-store", "-o", str(tmp_path / "cold.html"))
    assert "saved as run" not in cold.output
    stored = invoke("report", str(scenario_file), "-n", "20", "--store", store, "-o", str(tmp_path / "s.html"))
    assert "saved as run" in stored.output
    strip = re.compile(r"<svg.*?</svg>", re.S)
    assert strip.sub("", (tmp_path / "cold.html").read_text()) == strip.sub("", (tmp_path / "s.html").read_text())


def test_report_refuses_an_unknown_focus_before_computing(counted, scenario_file, tmp_path, monkeypatch):
    """A lever package the scenario lacks is refused at once, with the ones it has, and nothing is computed."""
    monkeypatch.setenv("ACCORD_CACHE", "off")
    r = runner.invoke(
        app,
        [
            "report",
            str(scenario_file),
            "-l",
            "nope",
            "--store",
            str(tmp_path / "runs.sqlite"),
            "-o",
            str(tmp_path / "r.html"),
        ],
    )
    assert r.exit_code == 1 and "squeeze" in r.output and "Traceback" not in r.output
    assert counted == []


class _Trap:
    """A pickle that records that it was loaded (what a hostile store could make run)."""

    loaded: list[str] = []

    def __reduce__(self):
        return (_Trap.loaded.append, ("unpickled",))


def test_a_bundle_not_signed_by_this_user_is_never_unpickled(counted, two_by_two, tmp_path, monkeypatch):
    """A store from someone else (another key) or edited by hand: its bundle is recomputed, never unpickled."""
    import pickle

    from accord.runs import RunStore

    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache" / "scenarios"))
    store = RunStore(tmp_path / "runs.sqlite")
    first = results(two_by_two, samples=0, store=store)
    assert (tmp_path / "cache" / "bundle.key").stat().st_mode & 0o077 == 0
    for hostile in (pickle.dumps(_Trap()), b"\0" * 32 + pickle.dumps(_Trap())):  # unsigned; signed by another key
        store.save_bundle(first.key, first.run, hostile)
        again = results(two_by_two, samples=0, store=store)
        assert _Trap.loaded == [] and again.reused is False
    assert len(counted) == 3
    assert results(two_by_two, samples=0, store=store).reused is True  # signed with this user's key: reused
