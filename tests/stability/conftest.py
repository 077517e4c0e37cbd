"""Helpers for stability tests: models written inline as YAML."""

from __future__ import annotations

import textwrap

from accord.stability.graph import Graph
from accord.stability.io import loads_model


def model(text: str) -> Graph:
    """Compile a GMCR model given as the YAML under `model:`."""
    body = "gmcr: 1\nmodel:\n" + textwrap.indent(textwrap.dedent(text), "  ")
    return loads_model(body, "test.yaml")[0]
