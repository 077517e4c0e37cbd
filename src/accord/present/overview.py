"""The overview is computed in `accord.analyses.overview`; kept importable from here for existing code."""

from accord.analyses.overview import Cell, Overview, overview, theories

__all__ = ["Cell", "Overview", "overview", "theories"]
