"""One interactive question: these levers, these hypotheses, this package, these assumed numbers.

The dashboard asks it on every click; it is pure computation (no web code here) and
fast on the built-in scenario (tens of milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.analyses.bargaining import BargainResult, bargain
from accord.analyses.cloud import PackageCloud, package_cloud
from accord.model.evaluation import Evaluation, judge, parse_package
from accord.model.situation import situate
from accord.scenario.override import override
from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class WhatIf:
    """The answer: the package judged, the whole space bargained over, and a sample for charts."""

    scenario: Scenario
    evaluation: Evaluation
    bargain: BargainResult
    cloud: PackageCloud


def what_if(
    scenario: Scenario,
    levers: list[str],
    hypotheses: list[str],
    package: dict[str, str] | str,
    overrides: dict[str, float] | None = None,
    cloud_size: int = 2000,
    months: float = 0.0,
) -> WhatIf:
    """Evaluate a package and bargain over all packages under the chosen levers, hypotheses and numbers,
    `months` after the levers were pulled (per-month effects and drift accrue)."""
    s = override(scenario, overrides or {})
    lever_spec = levers if levers else "none"
    hyp_spec = hypotheses if hypotheses else None
    sit = situate(s, lever_spec, hyp_spec, months=months)
    ev = judge(sit, parse_package(s, package))
    return WhatIf(s, ev, bargain(s, lever_spec, hyp_spec, months=months), package_cloud(sit, cloud_size, seed=0))
