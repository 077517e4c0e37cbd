"""The scenario: its format, loading and checks."""

from accord.scenario.loader import BUILTIN, MAX_BYTES, builtin_names, load, loads
from accord.scenario.schema import Scenario

__all__ = ["BUILTIN", "MAX_BYTES", "Scenario", "builtin_names", "load", "loads"]
