"""The what-if question is computed in `accord.analyses.whatif`; kept importable from here for existing code."""

from accord.analyses.whatif import WhatIf, what_if

__all__ = ["WhatIf", "what_if"]
