"""Observations and `interpreted` ones (issue 24): the posterior from observations only leads, and it is the one
decisions rest on."""

from __future__ import annotations

import pytest

import accord
from accord.analyses.evidence import weigh

# Two theories, equal priors, no uncertain numbers (every sample alike), floor 0.05.
# `hardens`: a's reservation 0.5 + 0.3 = 0.8, so a rejects p1 (x1: 0.6 < 0.8); `other`: a accepts p1 (0.6 >= 0.5).
# o_reading (interpreted): "a rejects p1", observed: likelihood 0.95 under hardens, 0.05 under other.
# o_fact: "a accepts p2" (x2: 1.0 >= 0.8 and >= 0.5): 0.95 under both.
# Full posterior of hardens: 0.95*0.95 / (0.95*0.95 + 0.05*0.95) = 0.95; from observations only: 0.5.
TEXT = """accord: 2
meta: {id: obs, title: Observations, date: "2025-01-01"}
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
    reservation: {base: 0.5}
packages:
  - {id: p1, options: {x: x1}}
  - {id: p2, options: {x: x2}}
hypotheses:
  - {id: h_hard, statement: a hardens, effects: [{target: reservation, on: a, delta: 0.3}]}
  - {id: h_other, statement: a stays, effects: [{target: reservation, on: a, delta: 0.0}]}
hypothesis_sets:
  - {id: hardens, hypotheses: [h_hard]}
  - {id: other, hypotheses: [h_other]}
evidence:
  start: "2025-01-01"
  observations:
    - {id: o_reading, kind: rejects, actor: a, package: p1, date: "2025-02-01", statement: a was emboldened,
       interpreted: true}
    - {id: o_fact, kind: accepts, actor: a, package: p2, date: "2025-03-01", statement: a signed p2}
"""


def test_posterior_changes_when_interpreted_observations_are_dropped():
    r = weigh(accord.loads(TEXT), samples=20, seed=0, watch=False)
    assert r.posterior["hardens"] == pytest.approx(0.95)
    assert r.observed_posterior["hardens"] == pytest.approx(0.5)
    assert r.deciding_posterior == r.observed_posterior and r.interpreted == ["o_reading"]


def test_without_interpreted_ones_both_posteriors_agree():
    r = weigh(accord.loads(TEXT.replace("\n       interpreted: true", "")), samples=20, seed=0, watch=False)
    assert r.deciding_posterior == r.posterior and r.observed_posterior == {} and r.interpreted == []


def test_evidence_command_leads_with_observations_only(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from accord.cli import app

    monkeypatch.setenv("ACCORD_CACHE", "off")
    (tmp_path / "o.yaml").write_text(TEXT)
    out = CliRunner().invoke(app, ["evidence", str(tmp_path / "o.yaml"), "--samples", "20"]).output
    # the observations-only verdict first (1 of 2 events: the posterior 0.5 above), then the whole record's; the
    # interpreted event is marked as a reading in the table
    assert "The observations (1 event, the authors' readings left out)" in out
    assert out.index("The observations (") < out.index("With the authors' 1 reading too, the record (2 events)")
    assert "a was emboldened" in out and "[an author's" in out and "o_reading" not in out


def test_version_1_reads_evidence_events():
    s = accord.loads(
        TEXT.replace("accord: 2", "accord: 1")
        .replace("  observations:", "  events:")
        .replace("\n       interpreted: true", "")
    )
    assert [o.id for o in s.evidence.observations] == ["o_reading", "o_fact"]
