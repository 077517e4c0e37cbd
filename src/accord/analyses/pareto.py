"""Pareto filtering of utility points (every column maximised), vectorised in blocks.

`pareto_front` keeps the points no other point dominates. Among exactly equal points it
keeps the first (in input order), so each frontier point is listed once. An optional
`risk` bit set per point (pattern bits of red lines still open) restricts dominance to
points whose risks are a subset: the package-space merge uses this to prune safely.

Large sets in three or more objectives are split into regions around a pivot (the
column medians): a point can only be dominated by a point whose region is a superset of
its own (above the pivot wherever it is), so each region is tested against the fronts
of its strict supersets alone, about a sixth of all pairs in six objectives. This is
the partitioning idea of the skyline literature (BSkyTree, Lee and Hwang 2010): one level of
regions, and up to two more inside each region's test against its supersets' fronts.
"""

from __future__ import annotations

import numpy as np

BLOCK = 512
PIVOTS = 2048
REGION_MIN = 4096  # candidates from which splitting into pivot regions pays for itself
_TRI = np.tril(np.ones((BLOCK, BLOCK), dtype=bool), k=-1)
_TRI.setflags(write=False)


def pareto_front(points: np.ndarray, risk: np.ndarray | None = None) -> np.ndarray:
    """Indices (ascending) of the non-dominated rows of `points` (m, d), maximising every column."""
    pts = np.asarray(points, dtype=np.float64)
    m = pts.shape[0]
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    if pts.ndim != 2:
        raise ValueError("points must be a 2-D array (points x objectives)")
    if risk is None and pts.shape[1] == 1:
        best = pts[:, 0].max()
        return np.flatnonzero(pts[:, 0] == best)[:1]
    if risk is None and pts.shape[1] == 2:
        return _front_2d(pts)
    if risk is not None and not risk.any():
        risk = None  # no open risks: plain dominance
    pop = _popcount(risk) if risk is not None else np.zeros(m, dtype=np.int64)
    order = np.lexsort((np.arange(m), pop, -pts.sum(axis=1)))
    x = _ranks(pts[order])
    r = risk[order] if risk is not None else None
    # A cheap first pass against the front of the best few points removes most of the rest.
    head = min(m, PIVOTS)
    head_keep = _sfs(x[:head], None if r is None else r[:head])
    if m >= REGION_MIN and x.shape[1] >= 3 and head_keep.size * 8 > head:
        # most of the best points are on the front: the first pass would remove little, so go straight to regions
        return np.sort(order[_by_regions(x, r)])
    alive = np.ones(m, dtype=bool)
    alive[head:] = ~_dominated_by(x[head_keep], None if r is None else r[head_keep], x[head:],
                                  None if r is None else r[head:])
    rest = np.flatnonzero(alive[head:]) + head
    cand = np.concatenate([head_keep, rest])
    filt = _by_regions if cand.size >= REGION_MIN and x.shape[1] >= 3 else _sfs
    keep = cand[filt(x[cand], None if r is None else r[cand])]
    return np.sort(order[keep])


def _by_regions(x: np.ndarray, r: np.ndarray | None) -> np.ndarray:
    """`_sfs` by pivot regions: region bit j says a point is at or above the column median in objective j.

    If q dominates x then q is at or above x, hence above the pivot, wherever x is: q's region contains x's.
    Regions are settled in order of falling bit count, so every strict superset's front is final when a
    region is tested against it; inside a region the sorted filter finishes (ties stay in one region, so the
    first of equal points is kept as before)."""
    code = _region_codes(x, _middle(x))
    regions = np.unique(code)
    regions = regions[np.argsort(-np.bitwise_count(regions.astype(np.uint64)).astype(np.int64), kind="stable")]
    kept: dict[int, np.ndarray] = {}
    for reg in regions.tolist():
        idx = np.flatnonzero(code == reg)
        sup = [kept[s] for s in kept if s & reg == reg]
        if sup:
            f = np.sort(np.concatenate(sup))
            idx = idx[~_dominated_split(x[f], None if r is None else r[f], x[idx], None if r is None else r[idx])]
        if idx.size:
            idx = idx[_sfs(x[idx], None if r is None else r[idx])]
        kept[reg] = idx
    return np.sort(np.concatenate(list(kept.values())))


def _ranks(x: np.ndarray) -> np.ndarray:
    """Each column replaced by its dense rank (equal values equal ranks), in the narrowest integer type: dominance
    is unchanged (the map is increasing column by column) and the comparisons touch 2-4x fewer bytes."""
    out = np.empty(x.shape, dtype=np.int64)
    for d in range(x.shape[1]):
        out[:, d] = np.unique(x[:, d], return_inverse=True)[1]
    top = int(out.max()) if out.size else 0
    return out.astype(np.int16 if top < 2**15 else np.int32 if top < 2**31 else np.int64)


def _front_2d(pts: np.ndarray) -> np.ndarray:
    """Two objectives: sort by the first, keep points that beat every earlier second value."""
    m = pts.shape[0]
    order = np.lexsort((np.arange(m), -pts[:, 1], -pts[:, 0]))
    y = pts[order, 1]
    prev_best = np.maximum.accumulate(np.concatenate([[-np.inf], y[:-1]]))
    keep = y > prev_best
    return np.sort(order[keep])


def _sfs(x: np.ndarray, r: np.ndarray | None) -> np.ndarray:
    """Sort-filter-skyline on points already sorted so that no point dominates an earlier one."""
    front: list[np.ndarray] = []
    front_pts = np.zeros((0, x.shape[1]), dtype=x.dtype)
    front_r = np.zeros(0, dtype=np.int64) if r is not None else None
    tri = _TRI  # [i, j]: j earlier than i
    for start in range(0, x.shape[0], BLOCK):
        blk = x[start:start + BLOCK]
        br = r[start:start + BLOCK] if r is not None else None
        b = blk.shape[0]
        alive = ~_dominated_by(front_pts, front_r, blk, br) if front_pts.shape[0] else np.ones(b, dtype=bool)
        weak = _geq(blk, blk).T  # [i, j]: j >= i everywhere
        if br is not None:
            weak &= (br[None, :] & ~br[:, None]) == 0
        alive &= ~(weak & tri[:b, :b]).any(axis=1)
        idx = np.flatnonzero(alive)
        if idx.size:
            front.append(idx + start)
            front_pts = np.vstack([front_pts, blk[idx]])
            if front_r is not None and br is not None:
                front_r = np.concatenate([front_r, br[idx]])
    return np.concatenate(front) if front else np.zeros(0, dtype=np.int64)


def _middle(x: np.ndarray) -> np.ndarray:
    """Each column's middle value (the upper median): the pivot of the regions."""
    return np.partition(x, x.shape[0] // 2, axis=0)[x.shape[0] // 2]


def _region_codes(x: np.ndarray, pivot: np.ndarray) -> np.ndarray:
    """Each row's region: bit j set where the row is at or above the pivot in column j."""
    return ((x >= pivot) * (np.int64(1) << np.arange(x.shape[1], dtype=np.int64))).sum(axis=1)


def _dominated_split(f: np.ndarray, fr: np.ndarray | None, y: np.ndarray, yr: np.ndarray | None,
                     depth: int = 2) -> np.ndarray:
    """`_dominated_by`, splitting y into regions around its column medians (`depth` levels): a row of y is
    tested only against the rows of f whose region contains its own, the only ones that can dominate it."""
    if depth == 0 or f.shape[0] * y.shape[0] < (1 << 22) or y.shape[0] < 256:
        return _dominated_by(f, fr, y, yr)
    pivot = _middle(y)
    yc, fc = _region_codes(y, pivot), _region_codes(f, pivot)
    out = np.zeros(y.shape[0], dtype=bool)
    for reg in np.unique(yc).tolist():
        rows = np.flatnonzero(yc == reg)
        cols = np.flatnonzero(fc & reg == reg)
        if cols.size:
            out[rows] = _dominated_split(f[cols], None if fr is None else fr[cols], y[rows],
                                         None if yr is None else yr[rows], depth - 1)
    return out


def _dominated_by(f: np.ndarray, fr: np.ndarray | None, y: np.ndarray, yr: np.ndarray | None) -> np.ndarray:
    """For each row of y, whether some row of f is at least as good everywhere (with subset risk).

    f is taken in slices (best first, as the callers sort it); rows of y found dominated drop out before the next
    slice, so a dominated point costs only the slices up to its first dominator."""
    out = np.zeros(y.shape[0], dtype=bool)
    if f.shape[0] == 0 or y.shape[0] == 0:
        return out
    fs = max(256, min(f.shape[0], (1 << 22) // max(1, 512 * f.shape[1])))
    alive = np.arange(y.shape[0])
    for a in range(0, f.shape[0], fs):
        if alive.size == 0:
            break
        ff = f[a:a + fs]
        ffr = fr[a:a + fs] if fr is not None else None
        step = max(1, (1 << 22) // max(1, ff.shape[0] * ff.shape[1]))
        hit = np.zeros(alive.size, dtype=bool)
        for s in range(0, alive.size, step):
            rows = alive[s:s + step]
            dom = _geq(ff, y[rows])
            if ffr is not None and yr is not None:
                dom &= (ffr[:, None] & ~yr[rows][None, :]) == 0
            hit[s:s + step] = dom.any(axis=0)
        out[alive[hit]] = True
        alive = alive[~hit]
    return out


def _geq(f: np.ndarray, y: np.ndarray) -> np.ndarray:
    """[a, b]: f[a] >= y[b] in every column, built one column at a time (no 3-D temporary), from contiguous copies
    of the columns (a strided column costs the comparison its vector instructions: 2-3x slower)."""
    fT, yT = np.ascontiguousarray(f.T), np.ascontiguousarray(y.T)
    out = fT[0][:, None] >= yT[0][None, :]
    tmp = np.empty_like(out)
    for d in range(1, f.shape[1]):
        np.greater_equal(fT[d][:, None], yT[d][None, :], out=tmp)
        out &= tmp
    return out


def _popcount(bits: np.ndarray) -> np.ndarray:
    """Number of set bits per int64."""
    b = bits.astype(np.uint64)
    return np.bitwise_count(b).astype(np.int64)
