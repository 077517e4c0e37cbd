"""Accord: model how outside powers can bring a war to a negotiated end.

The library surface is small: `load` a scenario, `evaluate` one package, `bargain` over all.

    >>> import accord
    >>> s = accord.load()                      # the built-in ukraine-2025 scenario
    >>> r = accord.bargain(s, levers="lieven_levers", hypotheses="lieven")
    >>> r.zone >= 0
    True
"""

from accord.bargaining import BargainResult, Solution, bargain
from accord.errors import AccordError, ScenarioError, SelectionError
from accord.evaluation import Evaluation, Verdict, evaluate
from accord.scenario import Scenario, load, loads
from accord.situation import Situation, situate

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
