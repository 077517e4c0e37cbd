"""PRIM finds a planted box."""

from __future__ import annotations

import numpy as np

from accord.analyses.prim import prim


def test_finds_planted_box():
    """Failures live where x1 in [0.2, 0.5] and x3 > 0.7 (10 noise-free dimensions, 20,000 samples)."""
    rng = np.random.default_rng(4)
    x = rng.random((20_000, 10))
    y = (x[:, 1] > 0.2) & (x[:, 1] < 0.5) & (x[:, 3] > 0.7)
    box = prim(x, y, [f"x{i}" for i in range(10)])
    assert set(box.limits) == {"x1", "x3"}
    lo1, hi1 = box.limits["x1"]
    assert abs(lo1 - 0.2) < 0.03 and abs(hi1 - 0.5) < 0.03
    assert abs(box.limits["x3"][0] - 0.7) < 0.03
    assert box.density > 0.9 and box.coverage > 0.8
    assert box.base_density == y.mean()


def test_preselection_keeps_the_relevant_dimensions():
    """With max_dims, the dimensions that matter survive the preselection."""
    rng = np.random.default_rng(5)
    x = rng.random((10_000, 60))
    y = x[:, 42] > 0.8
    box = prim(x, y, [f"x{i}" for i in range(60)], max_dims=5)
    assert list(box.limits) == ["x42"] and abs(box.limits["x42"][0] - 0.8) < 0.03
