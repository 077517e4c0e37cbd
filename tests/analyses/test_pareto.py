"""The vectorised Pareto filter equals a brute-force O(n^2) definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.analyses import pareto
from accord.analyses.pareto import pareto_front


def brute(points: np.ndarray) -> set[tuple[float, ...]]:
    """Distinct non-dominated points, straight from the definition."""
    out = set()
    for p in points:
        dominated = any((q >= p).all() and (q > p).any() for q in points)
        if not dominated:
            out.add(tuple(p))
    return out


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 300), st.integers(1, 5)),
              elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0])))
def test_matches_definition(points):
    """Same set of points as the definition, each listed once, none dominated."""
    idx = pareto_front(points)
    got = [tuple(points[i]) for i in idx]
    assert len(got) == len(set(got))
    assert set(got) == brute(points)


def test_large_random_set_matches_definition():
    """A few thousand points in 4 dimensions, crossing the block and pivot boundaries."""
    rng = np.random.default_rng(1)
    pts = np.round(rng.random((3000, 4)), 2)
    assert {tuple(pts[i]) for i in pareto_front(pts)} == brute(pts)


def test_risk_bits_restrict_dominance():
    """A better point with an extra open risk does not prune a worse point without it."""
    pts = np.array([[1.0, 1.0], [0.5, 0.5], [0.4, 0.4]])
    risk = np.array([0b1, 0b0, 0b1], dtype=np.int64)
    assert list(pareto_front(pts, risk)) == [0, 1]


def _front_by_definition(pts: np.ndarray) -> set[tuple[float, ...]]:
    """Distinct non-dominated points by the definition, all pairs at once in NumPy (a check, not the method)."""
    dominated = np.zeros(len(pts), dtype=bool)
    for s in range(0, len(pts), 500):
        y = pts[s:s + 500]
        geq = (pts[:, None, :] >= y[None, :, :]).all(axis=2)
        gt = (pts[:, None, :] > y[None, :, :]).any(axis=2)
        dominated[s:s + 500] = (geq & gt).any(axis=0)
    return {tuple(p) for p in pts[~dominated]}


@pytest.mark.parametrize("dims", [3, 5, 8])
def test_front_heavy_sets_split_into_regions_match_definition(dims):
    """Six thousand points near a simplex (most of them on the front) take the pivot-region path; same front."""
    rng = np.random.default_rng(dims)
    pts = rng.random((6000, dims))
    pts = np.round(pts / pts.sum(axis=1, keepdims=True) * (1 + 0.05 * rng.random((6000, 1))), 3)
    got = [tuple(pts[i]) for i in pareto_front(pts)]
    assert len(got) == len(set(got))
    assert set(got) == _front_by_definition(pts)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 200), st.integers(3, 6)),
              elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0])))
def test_region_split_matches_definition_on_small_sets(points):
    """The region path forced on small sets (ties and duplicates everywhere) keeps the definition's front."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pareto, "REGION_MIN", 1)
        idx = pareto_front(points)
    got = [tuple(points[i]) for i in idx]
    assert len(got) == len(set(got))
    assert set(got) == brute(points)
