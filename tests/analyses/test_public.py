"""The public face of `accord.analyses`: the functions users call, pinned (a change to it is a change to the API)."""

from __future__ import annotations

import importlib

import accord.analyses as analyses

PUBLIC = [
    "BargainResult",
    "ClaimsReport",
    "Course",
    "Depth",
    "EvidenceReport",
    "ExploreResult",
    "Findings",
    "LeverageResult",
    "Overview",
    "Results",
    "Settings",
    "SimulationResult",
    "VoiResult",
    "bargain",
    "check_claims",
    "deal_sensitivity",
    "explore",
    "findings",
    "leverage",
    "make_strategies",
    "overview",
    "results",
    "simulate",
    "voi",
    "weigh_evidence",
]


def test_the_public_list_is_pinned():
    """`accord.analyses.__all__` is exactly this list."""
    assert analyses.__all__ == PUBLIC


def test_every_name_is_the_analysis_itself():
    """Each name is the function or class of its module (not a copy, not the module of the same name), even
    after that module was imported by its full name."""
    for name in PUBLIC:
        importlib.import_module(f"accord.analyses.{analyses._WHERE[name][0]}")
        value = getattr(analyses, name)
        module, attr = analyses._WHERE[name]
        assert value is getattr(importlib.import_module(f"accord.analyses.{module}"), attr)
        assert callable(value)
    from accord.analyses import check_claims, explore, weigh_evidence
    from accord.analyses.claims import check
    from accord.analyses.evidence import weigh

    assert explore.__name__ == "explore" and check_claims is check and weigh_evidence is weigh


def test_the_orchestrator_from_the_public_face(two_by_two):
    """`results` computes a bundle through the public name: the hand-worked zone of two packages."""
    r = analyses.results(two_by_two, samples=0)
    assert isinstance(r, analyses.Results) and r.overview.cell("none", "none").bargain.zone == 2
