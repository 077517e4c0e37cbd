"""Vectorised questions about one decision maker's moves: over the states it can reach, what is the least of f?

Every stability concept reduces to such questions (see `concepts`), so no list of moves is ever built.

- Option form (`LatticeMover`): a move changes any non-empty set of the mover's own options, each in an
  allowed direction, to a feasible state. States that share every bit except the mover's freely
  reversible options form a group; a state reaches the whole group of each pattern of its directional
  options that the directions allow. A query is a segment reduction over states sorted by group:
  O(n log n) time and O(n) memory, never O(n^2).
- Graph form (`EdgeMover`): the moves are listed, and a query reduces over the edges.

Values are int64; `INF` means "no such state".
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

INF = np.int64(1) << np.int64(62)
_OFFSET_LIMIT = 1 << 61
_BLOCK = 1 << 17  # states per block where a loop over a mover's targets would otherwise make n-sized temporaries


class Mover(Protocol):
    """What the concepts ask of a decision maker's moves."""

    def reach_min(self, f: np.ndarray, strict: bool = False) -> np.ndarray:
        """For each state x: min of f over the states x can move to (with x itself unless `strict`).

        Without `strict`, option-form answers may include x itself; callers use them only where that
        cannot change the result.
        """
        ...

    def improve_min(self, f: np.ndarray, key: np.ndarray, thr: np.ndarray) -> np.ndarray:
        """For each state x: min of f over the states y x can move to with key[y] > thr[x]."""
        ...

    def forget(self) -> None:
        """Drop whatever was kept between calls to spare their work (memory to give back)."""
        ...


def segmented_cummin(values: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Running minimum that restarts where `seg` (non-decreasing segment ids) changes."""
    if values.size == 0:
        return values.copy()
    finite = values < INF
    if not finite.any():
        return values.copy()
    lo = int(values[finite].min())
    hi = int(values[finite].max())
    span = hi - lo + 2  # INF maps to hi + 1 inside the scan
    nseg = int(seg[-1]) + 1
    if span * nseg < _OFFSET_LIMIT:
        v = np.where(finite, values - lo, span - 1)
        off = seg.astype(np.int64) * np.int64(span)
        out = np.minimum.accumulate(v - off) + off
        return np.where(out >= span - 1, INF, out + lo)
    out = values.copy()  # a doubling scan: any values, log2(longest segment) passes
    shift = 1
    while shift < out.size:
        same = seg[shift:] == seg[:-shift]
        if not same.any():
            break
        cand = np.minimum(out[shift:], out[:-shift])
        out[shift:] = np.where(same, cand, out[shift:])
        shift *= 2
    return out


def _index_type(n: int) -> type:
    """The narrowest of int32 and int64 that holds indices below n."""
    return np.int32 if n < 2**31 else np.int64


class LatticeMover:
    """One decision maker's moves in an option-form model (states as bit codes, sorted ascending)."""

    def __init__(self, codes: np.ndarray, own: int, taken_only: int, dropped_only: int) -> None:
        self.codes = codes
        self.own = own
        free = own & ~taken_only & ~dropped_only
        base = codes & ~np.int64(free)
        idx = _index_type(len(codes))  # state indices in 32 bits: the arrays below are most of a large model's memory
        order = np.argsort(base, kind="stable").astype(idx)
        sorted_base = base[order]
        self._order = order
        self._gkeys, gstart = np.unique(sorted_base, return_index=True)
        self._gstart = gstart.astype(idx)
        self._gid = np.searchsorted(self._gkeys, base).astype(idx)  # group of each state
        self._gsize = np.diff(np.append(self._gstart, len(codes))).astype(idx)
        dirmask = own & ~free
        bits = [b for b in range(63) if dirmask >> b & 1]
        self.targets: list[tuple[np.ndarray, np.ndarray]] = []
        for sub in range(1 << len(bits)):
            p = sum(1 << bits[k] for k in range(len(bits)) if sub >> k & 1)
            ok = ((codes & np.int64(taken_only & ~p)) == 0) & ((np.int64(p & dropped_only) & ~codes) == 0)
            key = (codes & ~np.int64(own)) | np.int64(p)
            pos = np.searchsorted(self._gkeys, key)
            pos_c = np.minimum(pos, len(self._gkeys) - 1)
            valid = ok & (self._gkeys[pos_c] == key)
            xs = np.nonzero(valid)[0].astype(idx)
            gi = pos_c[xs].astype(idx)
            self.targets.append((xs, gi))
        self._ranked: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}

    def reach_min(self, f: np.ndarray, strict: bool = False) -> np.ndarray:
        """Min of f over the states each state can reach in one move (and itself unless `strict`)."""
        if strict:
            return self._strict_min(f)
        segmin = np.minimum.reduceat(f[self._order], self._gstart)
        out = np.full(len(f), INF, dtype=np.int64)
        for xs, gi in self.targets:
            out[xs] = np.minimum(out[xs], segmin[gi])
        return out

    def _strict_min(self, f: np.ndarray) -> np.ndarray:
        """Min over R(x) without x: the best and second best of each group, by one lexicographic sort."""
        order = np.lexsort((np.arange(len(f)), f, self._gid))
        first = order[self._gstart]
        second_pos = self._gstart + 1
        has2 = self._gsize > 1
        second = np.where(has2, order[np.minimum(second_pos, len(f) - 1)], -1)
        f1 = f[first]
        f2 = np.where(has2, f[np.maximum(second, 0)], INF)
        out = np.full(len(f), INF, dtype=np.int64)
        idx = np.arange(len(f))
        for xs, gi in self.targets:
            own = gi == self._gid[xs]
            best = np.where(own & (first[gi] == idx[xs]), f2[gi], f1[gi])
            out[xs] = np.minimum(out[xs], best)
        return out

    def forget(self) -> None:
        """Drop the ranked states kept for `improve_min` (memory a large model needs back once SEQ is done)."""
        self._ranked.clear()

    def _rank(self, key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """States sorted by (group, key descending), cached per key array (keys are never written in place)."""
        ident = (key.__array_interface__["data"][0], key.shape, key.strides, key.dtype.str)
        cached = self._ranked.get(ident)  # the entry keeps `key` (and so its memory) alive: no address reuse
        if cached is not None:
            return cached
        k = key.astype(np.int64)
        kmax = np.int64(int(k.max()) + 2) if k.size else np.int64(2)
        kmin = np.int64(int(k.min())) if k.size else np.int64(0)
        span = kmax - kmin
        desc = kmax - k  # in [2, span + ...]
        comb_all = self._gid.astype(np.int64) * (span + 2) + desc
        order = np.argsort(comb_all, kind="stable").astype(self._gid.dtype)
        comb = comb_all[order]
        entry = (key, order, comb, np.int64(span + 2), kmax)
        self._ranked[ident] = entry
        return entry

    def improve_min(self, f: np.ndarray, key: np.ndarray, thr: np.ndarray) -> np.ndarray:
        """Min of f over reachable y with key[y] > thr[x] (x itself only if key[x] > thr[x])."""
        _, order, comb, width, kmax = self._rank(key)
        seg = self._gid[order]
        run = segmented_cummin(f[order].astype(np.int64), seg)
        out = np.full(len(f), INF, dtype=np.int64)
        t = thr.astype(np.int64)
        for all_xs, all_gi in self.targets:
            # in blocks of states, so that a large model's temporaries stay a few MB (ten arrays of the block)
            for b0 in range(0, all_xs.size, _BLOCK):
                xs, gi = all_xs[b0 : b0 + _BLOCK], all_gi[b0 : b0 + _BLOCK]
                head = gi.astype(np.int64) * width
                lim = head + np.clip(kmax - t[xs], 0, width - 1)  # desc(key) < desc(thr)  <=>  key > thr
                pos = np.searchsorted(comb, lim, side="left")
                start = np.searchsorted(comb, head, side="left")
                got = pos > start
                val = np.where(got, run[np.maximum(pos - 1, 0)], INF)
                out[xs] = np.minimum(out[xs], val)
        return out


class EdgeMover:
    """One decision maker's moves listed as edges (graph form, or small derived models)."""

    def __init__(self, n: int, src: np.ndarray, dst: np.ndarray) -> None:
        order = np.lexsort((dst, src))
        self.n = n
        self.src = src[order].astype(np.int64)
        self.dst = dst[order].astype(np.int64)

    def reach_min(self, f: np.ndarray, strict: bool = False) -> np.ndarray:
        """Min of f over the listed moves of each state (always strict)."""
        out = np.full(self.n, INF, dtype=np.int64)
        np.minimum.at(out, self.src, f[self.dst])
        return out

    def improve_min(self, f: np.ndarray, key: np.ndarray, thr: np.ndarray) -> np.ndarray:
        """Min of f over listed moves x -> y with key[y] > thr[x]."""
        keep = key[self.dst] > thr[self.src]
        out = np.full(self.n, INF, dtype=np.int64)
        np.minimum.at(out, self.src[keep], f[self.dst[keep]])
        return out

    def forget(self) -> None:
        """Nothing is kept between calls."""

    def targets_of(self, x: int) -> np.ndarray:
        """The states x can move to."""
        lo, hi = np.searchsorted(self.src, [x, x + 1])
        return self.dst[lo:hi]
