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
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 300), st.integers(1, 5)),
        elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]),
    )
)
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
        y = pts[s : s + 500]
        geq = (pts[:, None, :] >= y[None, :, :]).all(axis=2)
        gt = (pts[:, None, :] > y[None, :, :]).any(axis=2)
        dominated[s : s + 500] = (geq & gt).any(axis=0)
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
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 200), st.integers(3, 6)),
        elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]),
    )
)
def test_region_split_matches_definition_on_small_sets(points):
    """The region path forced on small sets (ties and duplicates everywhere) keeps the definition's front."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pareto, "REGION_MIN", 1)
        idx = pareto_front(points)
    got = [tuple(points[i]) for i in idx]
    assert len(got) == len(set(got))
    assert set(got) == brute(points)


def _front_indices_by_definition(pts: np.ndarray) -> list[int]:
    """Indices (ascending) of the points no other point dominates, the first of exactly equal points only: the
    definition checked pair by pair, O(n^2), independent of the module's sorting, regions and bit sets."""
    n = len(pts)
    keep = []
    for i in range(n):
        geq = (pts >= pts[i]).all(axis=1)
        gt = (pts > pts[i]).any(axis=1)
        dominated = (geq & gt).any()
        earlier_twin = (geq & ~gt)[:i].any()
        if not dominated and not earlier_twin:
            keep.append(i)
    return keep


def _random_case(seed: int) -> np.ndarray:
    """5-8 objectives, up to 600 points: coarse grids (ties, duplicates) or near a simplex (most points on the front)."""
    rng = np.random.default_rng(1000 + seed)
    n, d = int(rng.integers(1, 600)), int(rng.integers(5, 9))
    if seed % 2:
        return rng.integers(0, 4, (n, d)).astype(np.float64) / 4
    pts = rng.random((n, d))
    return np.round(pts / pts.sum(axis=1, keepdims=True) * (1 + 0.1 * rng.random((n, 1))), 2 + seed % 3)


@pytest.mark.parametrize("seed", range(200))
def test_many_deciders_same_indices_as_definition(seed):
    """200 random cases with 5-8 deciders: the same indices as the definition, by the default path and with the
    pivot regions and the bit-set dominance test forced on small sets (where they would not otherwise run)."""
    pts = _random_case(seed)
    want = _front_indices_by_definition(pts)
    assert pareto_front(pts).tolist() == want
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pareto, "REGION_MIN", 1 + seed % 64)
        mp.setattr(pareto, "BITS_MIN", 1)
        mp.setattr(pareto, "BITS_ROWS", 1)
        mp.setattr(pareto, "PIVOTS", 16 + seed)
        assert pareto_front(pts).tolist() == want


def test_bit_set_test_equals_pairs():
    """The bit-set dominance test (with its earlier-rows limit) answers as the pair-by-pair test on front-heavy data."""
    rng = np.random.default_rng(7)
    f = rng.integers(0, 50, (3000, 6)).astype(np.int16)
    y = rng.integers(0, 50, (2000, 6)).astype(np.int16)
    assert np.array_equal(pareto._dominated_bits(f, y), pareto._dominated_pairs(f, None, y, None))
    before = np.sort(rng.integers(0, 3001, 2000))
    want = np.array(
        [
            pareto._dominated_pairs(f[:b], None, y[i : i + 1], None)[0] if b else False
            for i, b in enumerate(before.tolist())
        ]
    )
    assert np.array_equal(pareto._dominated_bits(f, y, before), want)
