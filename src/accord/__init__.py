"""Accord: model how outside powers can bring a war to a negotiated end.

The library surface is small: `load` a scenario, `evaluate` one package, `bargain` over all.

Examples:
    >>> import accord
    >>> s = accord.load()                      # the built-in ukraine-2025 scenario
    >>> r = accord.bargain(s, levers="lieven_levers", hypotheses="lieven")
    >>> r.zone >= 0
    True
"""

from typing import TYPE_CHECKING, Any

from accord.errors import AccordError, ScenarioError, SelectionError

if TYPE_CHECKING:  # the public API, imported on first use so that the command line starts fast
    from accord.analyses.bargaining import BargainResult, Solution, bargain
    from accord.model.evaluation import Evaluation, Verdict, evaluate
    from accord.model.situation import Situation, situate
    from accord.scenario import Scenario, load, loads

_WHERE = {
    "BargainResult": "accord.analyses.bargaining",
    "Solution": "accord.analyses.bargaining",
    "bargain": "accord.analyses.bargaining",
    "Evaluation": "accord.model.evaluation",
    "Verdict": "accord.model.evaluation",
    "evaluate": "accord.model.evaluation",
    "Scenario": "accord.scenario",
    "load": "accord.scenario",
    "loads": "accord.scenario",
    "Situation": "accord.model.situation",
    "situate": "accord.model.situation",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "BargainResult",
    "Evaluation",
    "Scenario",
    "ScenarioError",
    "SelectionError",
    "Situation",
    "Solution",
    "Verdict",
    "bargain",
    "evaluate",
    "load",
    "loads",
    "situate",
]
