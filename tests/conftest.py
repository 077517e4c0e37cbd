"""Shared fixtures: small hand-worked scenarios and the location of the source texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


def _hypothesis_outside_the_checkout() -> None:
    """Hypothesis keeps its example database in a temporary folder, not `.hypothesis/` in the checkout."""
    import tempfile

    from hypothesis import configuration

    configuration.set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "accord-hypothesis")


_hypothesis_outside_the_checkout()


def _cache_outside_the_home() -> None:
    """The scenario cache (and the bundle-signing key beside it) in a temporary folder for the session, unless
    the caller chose one: tests write nothing outside temporary folders."""
    import tempfile

    if not os.environ.get("ACCORD_CACHE"):
        os.environ["ACCORD_CACHE"] = str(Path(tempfile.mkdtemp(prefix="accord-test-cache-")) / "scenarios")


_cache_outside_the_home()


@pytest.fixture(autouse=True)
def _work_in_a_temporary_folder(tmp_path, monkeypatch):
    """Every test runs in its own temporary folder, so that the default run store (.accord/runs.sqlite), a
    report.html or any output a command writes by a relative name lands there, never in the checkout."""
    monkeypatch.chdir(tmp_path)


REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO.parent / "shared" / "sources"

TWO_BY_TWO = """\
accord: 1
meta: {id: two-by-two, title: Hand-worked two actors two issues}
actors:
  - id: a
    preferences:
      saliences: {i1: 0.6, i2: 0.4}
      values: {i1: {x: 1.0, y: 0.0}, i2: {p: 0.0, q: 1.0}}
    reservation: {base: 0.3}
  - id: b
    preferences:
      saliences: {i1: 0.5, i2: 0.5}
      values: {i1: {x: 0.0, y: 1.0}, i2: {p: 1.0, q: 0.2}}
    reservation: {base: 0.25}
issues:
  - {id: i1, options: [{id: x}, {id: y}], status_quo: x}
  - {id: i2, options: [{id: p}, {id: q}], status_quo: p}
levers:
  - id: squeeze_b
    kind: stick
    by: a
    on: b
    cost: 2.0
    effects: [{target: reservation, on: b, delta: -0.2}]
"""

FACTIONS = """\
accord: 1
meta: {id: factions, title: Hand-worked factions and hypotheses}
veto_threshold: 0.5
actors:
  - id: m
    decides: false
  - id: r
    factions:
      - id: hard
        weight: 0.6
        preferences:
          saliences: {i1: 1.0}
          values: {i1: {x: 0.2, y: 1.0}}
        reservation: {base: 0.5, monthly_cost: 0.01, drift: 0.002, horizon: 10}
        red_lines: [{id: rl_hard, when: {i1: x}}]
      - id: soft
        weight: 0.4
        preferences:
          saliences: {i1: 1.0}
          values: {i1: {x: 0.9, y: 0.5}}
        reservation: {base: 0.2, horizon: 10}
issues:
  - {id: i1, options: [{id: x}, {id: y}], status_quo: y}
levers:
  - {id: stick, kind: stick, by: m, on: r}
  - {id: carrot, kind: carrot, by: m, on: r, effects: [{target: deal_value, on: soft, delta: 0.05}]}
hypotheses:
  - id: h_harden
    statement: Sticks without carrots strengthen the hard-liners.
    when: {any_stick_on: r, no_carrot_to: r}
    effects: [{target: faction_weight, on: hard, delta: 0.2}]
  - id: h_soften
    statement: Sticks with carrots weaken the hard-liners.
    when: {any_stick_on: r, any_carrot_to: r}
    effects: [{target: faction_weight, on: hard, delta: -0.2}]
hypothesis_sets:
  - {id: theory, hypotheses: [h_harden, h_soften]}
"""


@pytest.fixture
def two_by_two():
    """Two actors, two binary issues; every number worked out by hand in the tests."""
    import accord

    return accord.loads(TWO_BY_TWO, "two_by_two.yaml")


@pytest.fixture
def factions():
    """An actor with two camps, a veto threshold and two competing hypotheses."""
    import accord

    return accord.loads(FACTIONS, "factions.yaml")


@pytest.fixture(scope="session")
def builtin():
    """The shipped ukraine-2025 scenario."""
    import accord

    return accord.load()


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of the two source texts (beside the repository, as in CI)."""
    if not SOURCES.is_dir():
        pytest.skip(f"source texts not found at {SOURCES}")
    return SOURCES
