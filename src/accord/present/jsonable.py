"""Results as plain JSON types, for `--json` and the run store (no rich: a command printing JSON never imports it)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np


def jsonable(obj: Any) -> Any:
    """Dataclasses, NumPy values and tuples as plain JSON types."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {
            f.name: jsonable(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.metadata.get("json", True) and not (f.metadata.get("omit_empty") and not getattr(obj, f.name))
        }  # e.g. no offer set in force
        for prop in ("accepted", "rejected_by", "gain", "frontier_size"):
            if hasattr(type(obj), prop):
                out[prop] = jsonable(getattr(obj, prop))
        return out
    if hasattr(obj, "model_dump") and callable(obj.model_dump):  # scenario elements (pydantic models)
        return jsonable(obj.model_dump(exclude_defaults=True))
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj
