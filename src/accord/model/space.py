"""The package space: packages as mixed-radix integer codes, never as Python objects.

Issue `i` has `k_i` options; a package is the code `sum_i o_i * stride_i` with the last
issue varying fastest (NumPy's C order). Where levers keep options off the table, the
space on the table is the product of the available options per issue, with its own
codes; `Space` maps between the two.

For enumeration the issues are split into groups; a group's table holds, for every
combination of its options, each party's utility contribution and each pattern's
partial match. Utilities add and pattern matches AND across groups, so a whole block
of packages is one broadcast sum of two tables.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from accord.model.situation import Pattern, Situation

MAX_PACKAGES = 10**12
"""Largest package space Accord enumerates (bounded by int64 codes and patience)."""


@dataclass(frozen=True)
class Space:
    """The options on the table per issue, and mixed-radix codes over them."""

    options: tuple[np.ndarray, ...]  # per issue: indices of the options on the table
    full_counts: np.ndarray  # (n,) options per issue in the scenario

    @classmethod
    def of(cls, sit: Situation) -> Space:
        """The space on the table in a situation."""
        return cls(tuple(np.flatnonzero(row) for row in sit.available), sit.option_counts.copy())

    @property
    def counts(self) -> np.ndarray:
        """Options on the table per issue."""
        return np.array([len(o) for o in self.options], dtype=np.int64)

    @property
    def size(self) -> int:
        """Number of packages on the table."""
        return int(np.prod(self.counts, dtype=object))

    @property
    def full_size(self) -> int:
        """Number of packages in the scenario, on the table or not."""
        return int(np.prod(self.full_counts, dtype=object))

    def digits(self, codes: np.ndarray, issues: slice | None = None) -> np.ndarray:
        """Option indices (scenario numbering), shape (len(codes), n), for codes of this space."""
        counts = self.counts
        sel = range(len(counts))[issues] if issues is not None else range(len(counts))
        codes = np.asarray(codes, dtype=np.int64)
        out = np.empty((codes.shape[0], len(sel)), dtype=np.int64)
        strides = _strides(counts)
        for col, i in enumerate(sel):
            out[:, col] = self.options[i][(codes // strides[i]) % counts[i]]
        return out

    def full_codes(self, codes: np.ndarray) -> np.ndarray:
        """Codes in the full scenario space for codes of this space."""
        return self.digits(codes) @ _strides(self.full_counts)


def _strides(counts: np.ndarray) -> np.ndarray:
    """Mixed-radix strides with the last issue fastest."""
    s = np.ones(len(counts), dtype=np.int64)
    for i in range(len(counts) - 2, -1, -1):
        s[i] = s[i + 1] * counts[i + 1]
    return s


def encode(option_rows: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Codes for rows of option indices, in a space with these option counts."""
    return np.asarray(option_rows, dtype=np.int64) @ _strides(np.asarray(counts, dtype=np.int64))


@dataclass(frozen=True)
class GroupTable:
    """Every combination of a group of issues: utilities (m, A) and pattern partial matches (m, R)."""

    issues: tuple[int, ...]
    size: int
    utility: np.ndarray
    matches: np.ndarray


_CACHE: OrderedDict[bytes, GroupTable] = OrderedDict()
CACHE_ENTRIES = 24  # group tables kept (a month-by-month run rebuilds the same tables: only reservations move)


def group_table(space: Space, tables: np.ndarray, patterns: list[Pattern], issues: tuple[int, ...]) -> GroupTable:
    """The table of one group of issues, built with one gather per issue (no loop over packages).

    Tables are kept for reuse, keyed by everything they are built from (the options on the table, the utility
    tables, the patterns' masks and the issues), and returned read-only."""
    h = hashlib.blake2b(digest_size=20)
    h.update(np.asarray(issues, dtype=np.int64).tobytes())
    h.update(np.ascontiguousarray(tables, dtype=float).tobytes())
    h.update(str(tables.shape).encode())
    for i in issues:
        h.update(np.asarray(space.options[i], dtype=np.int64).tobytes() + b"|")
    for pat in patterns:
        h.update(np.asarray(pat.issues, dtype=np.int64).tobytes() + np.ascontiguousarray(pat.mask).tobytes() + b"/")
    key = h.digest()
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    table = _build_group_table(space, tables, patterns, issues)
    table.utility.setflags(write=False)
    table.matches.setflags(write=False)
    _CACHE[key] = table
    if len(_CACHE) > CACHE_ENTRIES:
        _CACHE.popitem(last=False)
    return table


def _build_group_table(
    space: Space, tables: np.ndarray, patterns: list[Pattern], issues: tuple[int, ...]
) -> GroupTable:
    counts = space.counts[list(issues)]
    m = int(np.prod(counts, dtype=np.int64)) if len(issues) else 1
    local = np.arange(m, dtype=np.int64)
    util = np.zeros((m, tables.shape[0]))
    matches = np.ones((m, len(patterns)), dtype=bool)
    strides = _strides(counts)
    for col, i in enumerate(issues):
        opt = space.options[i][(local // strides[col]) % counts[col]]
        util += tables[:, i, :][:, opt].T
        for r, pat in enumerate(patterns):
            if i in pat.issues:
                matches[:, r] &= pat.mask[i, opt]
    return GroupTable(tuple(issues), m, util, matches)


def split_issues(counts: np.ndarray, low_max: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Split issues into a leading and a trailing group, the trailing one as large as fits `low_max`."""
    n = len(counts)
    lo_start, size = n, 1
    while lo_start > 0 and size * int(counts[lo_start - 1]) <= low_max:
        lo_start -= 1
        size *= int(counts[lo_start])
    if lo_start == 0 and n > 1:  # keep at least one issue in front so blocks stay small
        lo_start = 1
    return tuple(range(lo_start)), tuple(range(lo_start, n))
