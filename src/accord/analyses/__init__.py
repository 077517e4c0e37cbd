"""Analyses on the compiled model: bargaining, leverage, explore, simulate, sensitivity, claims, findings.

The functions users call, importable from here (a test pins the list)::

    from accord.analyses import explore, findings, results
    r = results(accord.load(), samples=200)      # what `accord run` shows, computed once
    r.findings.theories[0].best, r.overview.cell("lieven_levers", "lieven").bargain.zone

Each is imported on first use, so that a command needing one analysis does not load them all. A function
named like its module (`explore`, `leverage`, `simulate`, `voi`, `findings`) is what `accord.analyses.<name>`
gives here; `from accord.analyses.<name> import ...` reaches the module as always.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # `name as name`: re-exported names (their public list, __all__, is built from _WHERE below)
    from accord.analyses.bargaining import BargainResult as BargainResult
    from accord.analyses.bargaining import bargain as bargain
    from accord.analyses.bundle import Depth as Depth
    from accord.analyses.bundle import Results as Results
    from accord.analyses.bundle import Settings as Settings
    from accord.analyses.bundle import results as results
    from accord.analyses.claims import ClaimsReport as ClaimsReport
    from accord.analyses.claims import check as check_claims  # noqa: F401 - re-exported: see _WHERE
    from accord.analyses.evidence import EvidenceReport as EvidenceReport
    from accord.analyses.evidence import weigh as weigh_evidence  # noqa: F401 - re-exported: see _WHERE
    from accord.analyses.explore import ExploreResult as ExploreResult
    from accord.analyses.explore import explore as explore
    from accord.analyses.findings import Findings as Findings
    from accord.analyses.findings import findings as findings
    from accord.analyses.leverage import LeverageResult as LeverageResult
    from accord.analyses.leverage import leverage as leverage
    from accord.analyses.overview import Overview as Overview
    from accord.analyses.overview import overview as overview
    from accord.analyses.sensitivity import deal_sensitivity as deal_sensitivity
    from accord.analyses.simulate import SimulationResult as SimulationResult
    from accord.analyses.simulate import simulate as simulate
    from accord.analyses.strategies import Course as Course
    from accord.analyses.strategies import make_strategies as make_strategies
    from accord.analyses.voi import VoiResult as VoiResult
    from accord.analyses.voi import voi as voi

_WHERE: dict[str, tuple[str, str]] = {
    "results": ("bundle", "results"),
    "Results": ("bundle", "Results"),
    "Settings": ("bundle", "Settings"),
    "Depth": ("bundle", "Depth"),
    "findings": ("findings", "findings"),
    "Findings": ("findings", "Findings"),
    "explore": ("explore", "explore"),
    "ExploreResult": ("explore", "ExploreResult"),
    "leverage": ("leverage", "leverage"),
    "LeverageResult": ("leverage", "LeverageResult"),
    "simulate": ("simulate", "simulate"),
    "SimulationResult": ("simulate", "SimulationResult"),
    "check_claims": ("claims", "check"),
    "ClaimsReport": ("claims", "ClaimsReport"),
    "weigh_evidence": ("evidence", "weigh"),
    "EvidenceReport": ("evidence", "EvidenceReport"),
    "voi": ("voi", "voi"),
    "VoiResult": ("voi", "VoiResult"),
    "deal_sensitivity": ("sensitivity", "deal_sensitivity"),
    "bargain": ("bargaining", "bargain"),
    "BargainResult": ("bargaining", "BargainResult"),
    "overview": ("overview", "overview"),
    "Overview": ("overview", "Overview"),
    "Course": ("strategies", "Course"),
    "make_strategies": ("strategies", "make_strategies"),
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module, attr = _WHERE[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Face(ModuleType):
    """The package, whose public names are the functions: importing the submodule `explore` does not make
    `accord.analyses.explore` the module instead of the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face
