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

Without risks (the zone's front), the regions with the same bit count are settled together against
everything kept so far by a bit-set test: per objective, a table of "rows at least this good" as bits, so a
pair costs a bit per objective instead of a byte and an AND (`_dominated_bits`); large regions split again
around their own medians. Many deciders (5-8) give fronts of tens of thousands of points, where this
halves the time of the pair-by-pair test.
"""

from __future__ import annotations

import numpy as np

BLOCK = 512
PIVOTS = 2048
REGION_MIN = 4096  # candidates from which splitting into pivot regions pays for itself
REGION_DEPTH = 3  # levels of regions inside regions
BITS_MIN = 1024  # rows of f from which the bit-set dominance test pays for its tables
BITS_ROWS = 64  # rows tested, likewise
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
    alive[head:] = ~_dominated_by(
        x[head_keep], None if r is None else r[head_keep], x[head:], None if r is None else r[head:]
    )
    rest = np.flatnonzero(alive[head:]) + head
    cand = np.concatenate([head_keep, rest])
    filt = _by_regions if cand.size >= REGION_MIN and x.shape[1] >= 3 else _sfs
    keep = cand[filt(x[cand], None if r is None else r[cand])]
    return np.sort(order[keep])


def _by_regions(x: np.ndarray, r: np.ndarray | None, depth: int = 0) -> np.ndarray:
    """`_sfs` by pivot regions: region bit j says a point is at or above the column median in objective j.

    If q dominates x then q is at or above x, hence above the pivot, wherever x is: q's region contains x's.
    Regions are settled in order of falling bit count, so every strict superset's front is final when a
    region is tested against it; inside a region the sorted filter finishes (ties stay in one region, so the
    first of equal points is kept as before)."""
    code = _region_codes(x, _middle(x))
    if r is None:
        return _by_levels(x, code, depth)
    regions = _distinct(code)
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


def _by_levels(x: np.ndarray, code: np.ndarray, depth: int) -> np.ndarray:
    """`_by_regions` without risks: the regions with the same bit count are settled together, against everything
    kept from the regions with more bits in one bit-set test (a point of a region that is not a superset cannot
    dominate, so testing against it changes nothing and costs a bit per pair); then each region's own front, by
    regions again inside a large region (a new pivot: its medians), else by the sorted filter."""
    count = np.bitwise_count(code.astype(np.uint64)).astype(np.int64)
    kept: list[np.ndarray] = []
    for level in _distinct(count)[::-1].tolist():
        idx = np.flatnonzero(count == level)
        if kept:
            f = np.sort(np.concatenate(kept))  # rows sorted by falling sum: only earlier ones can dominate
            if f.size >= BITS_MIN and idx.size >= BITS_ROWS:
                idx = idx[~_dominated_bits(x[f], x[idx], np.searchsorted(f, idx))]
            else:
                idx = idx[~_dominated_pairs(x[f], None, x[idx], None)]
        if idx.size == 0:
            continue
        codes = code[idx]
        order = np.argsort(codes, kind="stable")
        idx, codes = idx[order], codes[order]
        cuts = np.flatnonzero(np.diff(codes)) + 1
        for part in np.split(idx, cuts):
            if part.size >= REGION_MIN and depth < REGION_DEPTH:
                kept.append(part[_by_regions(x[part], None, depth + 1)])
            else:
                kept.append(part[_sfs(x[part], None)])
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)


def _distinct(a: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-D array, ascending (np.unique without its first call importing numpy.ma, 15 ms
    of a small bargain's time)."""
    s = np.sort(a)
    return s[np.concatenate([[True], s[1:] != s[:-1]])] if s.size else s


def _ranks(x: np.ndarray) -> np.ndarray:
    """Each column replaced by its dense rank (equal values equal ranks), in the narrowest integer type: dominance
    is unchanged (the map is increasing column by column) and the comparisons touch 2-4x fewer bytes."""
    out = np.empty(x.shape, dtype=np.int64)
    for d in range(x.shape[1]):
        order = np.argsort(x[:, d])
        col = x[order, d]
        step = np.empty(col.size, dtype=np.int64)
        step[0] = 0
        np.not_equal(col[1:], col[:-1], out=step[1:], casting="unsafe")
        out[order, d] = np.cumsum(step)
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
        blk = x[start : start + BLOCK]
        br = r[start : start + BLOCK] if r is not None else None
        b = blk.shape[0]
        alive = ~_dominated_pairs(front_pts, front_r, blk, br) if front_pts.shape[0] else np.ones(b, dtype=bool)
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


def _dominated_split(
    f: np.ndarray, fr: np.ndarray | None, y: np.ndarray, yr: np.ndarray | None, depth: int = 2
) -> np.ndarray:
    """`_dominated_by`, splitting y into regions around its column medians (`depth` levels): a row of y is
    tested only against the rows of f whose region contains its own, the only ones that can dominate it."""
    if depth == 0 or f.shape[0] * y.shape[0] < (1 << 22) or y.shape[0] < 256 or fr is None:
        return _dominated_by(f, fr, y, yr)
    pivot = _middle(y)
    yc, fc = _region_codes(y, pivot), _region_codes(f, pivot)
    out = np.zeros(y.shape[0], dtype=bool)
    for reg in _distinct(yc).tolist():
        rows = np.flatnonzero(yc == reg)
        cols = np.flatnonzero(fc & reg == reg)
        if cols.size:
            out[rows] = _dominated_split(
                f[cols], None if fr is None else fr[cols], y[rows], None if yr is None else yr[rows], depth - 1
            )
    return out


def _dominated_by(f: np.ndarray, fr: np.ndarray | None, y: np.ndarray, yr: np.ndarray | None) -> np.ndarray:
    """For each row of y, whether some row of f is at least as good everywhere (with subset risk): by bit sets
    (`_dominated_bits`) when both are large and there are no risks, else by `_dominated_pairs`."""
    if fr is None and f.shape[0] >= BITS_MIN and y.shape[0] >= BITS_ROWS:
        return _dominated_bits(f, y)
    return _dominated_pairs(f, fr, y, yr)


def _dominated_bits(f: np.ndarray, y: np.ndarray, before: np.ndarray | None = None) -> np.ndarray:
    """`_dominated_by` without risks, one bit per row of f instead of one byte per pair and objective.

    Per objective, f's rows are ranked best first and cut into steps of 64; a table holds, for each step k, the
    bit set of the rows ranked before 64k. For a row of y that reaches c rows of f in that objective (those at
    least as good), the step below c gives only rows at least as good, the step above every such row and a few
    more. ANDed over the objectives, a nonempty lower set proves the row dominated and an empty upper set proves
    it not; the few rows left between are settled pair by pair against the upper set's rows. Per pair this costs
    a bit per objective where the pair test costs a byte per objective and its ANDs.

    `before` (optional, per row of y, nondecreasing): only f's first `before` rows may dominate the row (f and y
    sorted by falling sum, say); the test then reads only the words that hold them."""
    m, dims = f.shape
    n = y.shape[0]
    words = (m + 63) >> 6
    idx = np.arange(m)
    word, bit = idx >> 6, np.left_shift(np.uint64(1), (idx & 63).astype(np.uint64))
    lo = np.empty((dims, n), dtype=np.intp)
    up = np.empty((dims, n), dtype=np.intp)
    tables = []
    for d in range(dims):
        col = f[:, d]
        order = np.argsort(col)  # worst first (the order of equal values does not matter)
        rank = np.empty(m, dtype=np.intp)
        rank[order] = idx[::-1]
        table = _cells(((rank >> 6) + 1) * words + word, bit, (words + 1) * words).reshape(words + 1, words)
        np.bitwise_or.accumulate(table, axis=0, out=table)
        tables.append(table)
        # rows of f at least as good as each row of y: counted (ranks are small integers), else searched
        top = int(max(col.max(), y[:, d].max())) + 1 if np.issubdtype(col.dtype, np.integer) else 0
        if 0 < top <= 4 * (m + n) and col.min() >= 0 and y[:, d].min() >= 0:
            reach = np.cumsum(np.bincount(col, minlength=top)[::-1])[::-1][y[:, d]]
        else:
            reach = m - np.searchsorted(col[order], y[:, d], side="left")
        lo[d], up[d] = reach >> 6, (reach + 63) >> 6
    out = np.zeros(n, dtype=bool)
    unsure = np.zeros(n, dtype=bool)
    step = max(16, (1 << 17) // words)
    for s in range(0, n, step):
        w = words if before is None else (int(before[min(n, s + step) - 1]) + 63) >> 6
        if w == 0:
            continue
        acc = tables[0][lo[0, s : s + step], :w]
        for d in range(1, dims):
            acc &= tables[d][lo[d, s : s + step], :w]
        if before is not None:  # each row's own limit: the words from the block's first row's limit on are masked
            w0 = int(before[s]) >> 6
            b = before[s : s + step, None]
            at = np.arange(w0, w)[None, :] * 64
            part = np.left_shift(np.uint64(1), np.clip(b - at, 0, 63).astype(np.uint64)) - np.uint64(1)
            acc[:, w0:] &= np.where(at + 64 <= b, ~np.uint64(0), np.where(at < b, part, np.uint64(0)))
        hit = acc.any(axis=1)
        out[s : s + step] = hit
        rows = np.flatnonzero(~hit) + s
        if rows.size:
            acc = tables[0][up[0, rows], :w]
            for d in range(1, dims):
                acc &= tables[d][up[d, rows], :w]
            unsure[rows] = acc.any(axis=1)
    rows = np.flatnonzero(unsure)
    if rows.size:  # each such row's upper set lies in the objectives' steps that hold its own rank: few rows of f
        acc = tables[0][up[0, rows]]
        for d in range(1, dims):
            acc &= tables[d][up[d, rows]]
        ri, wi = np.nonzero(acc)
        bits = (acc[ri, wi][:, None] >> np.arange(64, dtype=np.uint64)[None, :]) & np.uint64(1)
        pi, bi = np.nonzero(bits)
        cand, who = wi[pi] * 64 + bi, rows[ri[pi]]
        if before is not None:
            cand, who = cand[cand < before[who]], who[cand < before[who]]
        ok = (f[cand] >= y[who]).all(axis=1)
        out[who[ok]] = True
    return out


def _cells(cell: np.ndarray, bit: np.ndarray, size: int) -> np.ndarray:
    """Words of `size` cells, each the OR of the `bit`s (distinct powers of two within a cell) given to it: summed by
    two counts of 32-bit halves, which a float64 sum of distinct powers of two below 2^32 holds exactly."""
    low = np.bincount(cell, weights=(bit & np.uint64(0xFFFFFFFF)).astype(np.float64), minlength=size)
    high = np.bincount(cell, weights=(bit >> np.uint64(32)).astype(np.float64), minlength=size)
    return low.astype(np.uint64) | (high.astype(np.uint64) << np.uint64(32))


def _dominated_pairs(f: np.ndarray, fr: np.ndarray | None, y: np.ndarray, yr: np.ndarray | None) -> np.ndarray:
    """For each row of y, whether some row of f is at least as good everywhere (with subset risk), pair by pair.

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
        ff = f[a : a + fs]
        ffr = fr[a : a + fs] if fr is not None else None
        step = max(1, (1 << 22) // max(1, ff.shape[0] * ff.shape[1]))
        hit = np.zeros(alive.size, dtype=bool)
        for s in range(0, alive.size, step):
            rows = alive[s : s + step]
            dom = _geq(ff, y[rows])
            if ffr is not None and yr is not None:
                dom &= (ffr[:, None] & ~yr[rows][None, :]) == 0
            hit[s : s + step] = dom.any(axis=0)
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
