"""Conflict stability analysis: the Graph Model for Conflict Resolution (GMCR).

Examples:
    >>> from accord.stability import load_model, analyse
    >>> g, model, scenario = load_model("prisoners-dilemma")
    >>> [g.labels[s] for s in analyse(g).equilibria("seq")]
    ['1', '4']
"""

from accord.stability.analysis import Report, narrate, run
from accord.stability.concepts import CONCEPTS, Stability, analyse
from accord.stability.derive import derive
from accord.stability.graph import Graph, compile_model
from accord.stability.inverse import solve as inverse
from accord.stability.io import case_names, load_model, loads_model

__all__ = ["CONCEPTS", "Graph", "Report", "Stability", "analyse", "case_names", "compile_model", "derive",
           "inverse", "load_model", "loads_model", "narrate", "run"]
