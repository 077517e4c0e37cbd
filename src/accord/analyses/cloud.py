"""A random sample of packages with every actor's utility and the zone's verdict, for charts.

Charts cannot show a million packages; a uniform sample of the space on the table shows
its shape, and the zone of agreement inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.model.acceptance import zone_members
from accord.model.situation import Situation
from accord.model.space import Space


@dataclass(frozen=True)
class PackageCloud:
    """Sampled packages (codes of the space on the table), utilities (n, actors) and zone membership."""

    actor_ids: tuple[str, ...]
    codes: np.ndarray
    utilities: np.ndarray
    accepted: np.ndarray


def package_cloud(sit: Situation, n: int = 4000, seed: int = 0) -> PackageCloud:
    """Up to `n` distinct packages drawn uniformly from the space on the table (all of it when smaller)."""
    space = Space.of(sit)
    rng = np.random.default_rng(seed)
    if space.size <= n:
        codes = np.arange(space.size, dtype=np.int64)
    else:
        codes = np.unique(rng.integers(0, space.size, size=n, dtype=np.int64))
    opts = space.digits(codes)
    issues = np.arange(opts.shape[1])[None, :]
    tables = sit.actor_tables()
    util = tables[:, issues, opts].sum(axis=2).T
    ok = zone_members(sit, opts, util)
    return PackageCloud(sit.actor_ids, codes, util, ok)
