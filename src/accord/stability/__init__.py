"""Conflict stability analysis: the Graph Model for Conflict Resolution (GMCR).

Examples:
    >>> from accord.stability import load_model, analyse
    >>> g, model, scenario = load_model("prisoners-dilemma")
    >>> [g.labels[s] for s in analyse(g).equilibria("seq")]
    ['1', '4']

Each name is imported on first use, so that a command needing one part (`accord validate` compiles a model
with `accord.stability.graph` only) does not load the analysis, the derivation and the inverse solve. `derive`
and `inverse` are the functions here, as `accord.stability.derive.derive` and `accord.stability.inverse.solve`;
`from accord.stability.<module> import ...` reaches the modules as always.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.stability.analysis import Report, narrate, run
    from accord.stability.concepts import CONCEPTS, Stability, analyse
    from accord.stability.derive import derive
    from accord.stability.graph import Graph, compile_model
    from accord.stability.inverse import solve as inverse
    from accord.stability.io import case_names, load_model, loads_model

_WHERE: dict[str, tuple[str, str]] = {
    "Report": ("analysis", "Report"),
    "narrate": ("analysis", "narrate"),
    "run": ("analysis", "run"),
    "CONCEPTS": ("concepts", "CONCEPTS"),
    "Stability": ("concepts", "Stability"),
    "analyse": ("concepts", "analyse"),
    "derive": ("derive", "derive"),
    "Graph": ("graph", "Graph"),
    "compile_model": ("graph", "compile_model"),
    "inverse": ("inverse", "solve"),
    "case_names": ("io", "case_names"),
    "load_model": ("io", "load_model"),
    "loads_model": ("io", "loads_model"),
}
__all__ = [  # the names of _WHERE, written out so that linters see what the lazy imports provide
    "CONCEPTS",
    "Graph",
    "Report",
    "Stability",
    "analyse",
    "case_names",
    "compile_model",
    "derive",
    "inverse",
    "load_model",
    "loads_model",
    "narrate",
    "run",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module, attr = _WHERE[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Face(ModuleType):
    """The package, whose public names are the functions: importing the submodule `derive` or `inverse` does not
    make `accord.stability.derive` the module instead of the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face
