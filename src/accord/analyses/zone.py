"""The count pass: how many packages are feasible, what each decider accepts, and the zone of agreement.

Every package on the table is the sum of a row of the leading group's table and a row of the
trailing group's (`accord.model.space`). Two ways through them:

- **folded** (no red line or constraint spans both groups, the usual case): a pattern wholly in
  one group marks that group's rows, so it becomes a utility of minus infinity for the decider
  it binds (every decider for a constraint). A decider then accepts a package when its trailing
  row's utility reaches the leading row's threshold `r - EPS - u_lead`. Each decider's count is
  a sorted search (no pass over the packages); the zone is one pass over the pairs the most
  demanding decider accepts (trailing rows sorted by its utility, so for each leading row they are
  a prefix), in cache-sized blocks, one comparison and one AND per decider and element;
- **general** (some pattern spans both groups): every block of packages is built and each
  pattern's partial matches are ANDed across groups.

Both optionally gather the zone's points (codes and decider utilities) for its Pareto front. The folded
way can find that front without gathering: a package whose trailing row is dominated by another trailing
row (for every decider) is dominated by the package with that row instead, which is in the zone too
(exclusions are minus infinity there), and likewise for leading rows. So the zone's front lies among the
pairs of the two groups' own fronts (`group_front`), usually a few thousand pairs where the zone has
millions of packages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accord.analyses.pareto import pareto_front
from accord.model.acceptance import excluded_utility, reaches, reaches_every, threshold
from accord.model.situation import Pattern
from accord.model.space import GroupTable, Space, group_table, split_issues

LOW_MAX = 1 << 16
CHUNK = 1 << 21  # packages per block in the general pass
BLOCK = 1 << 16  # package pairs per block in the folded pass: the block's mask and the rows it reads stay in L2
GATHER_REDUCE = 1 << 20  # gathered points held before they are reduced to their front
PAIR_CAP = 1 << 24  # pairs of group-front rows tried before `group_front` gives way to gathering

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ZoneCount:
    """What the count pass finds: feasible packages, each decider's acceptances, the zone, and (if asked) its front.

    `front` is the zone's Pareto front as (codes of the space on the table, decider utilities); None when it was not
    asked for, or when the zone outgrew the `gather` limit."""

    feasible: int
    accepted: np.ndarray
    zone: int
    front: tuple[np.ndarray, np.ndarray] | None
    front_by: str = ""  # "groups" (pairs of the groups' fronts) or "enumerate" (every zone point); "" for no front


def count_zone(
    space: Space,
    dtables: np.ndarray,
    res: np.ndarray,
    patterns: list[Pattern],
    owners: np.ndarray,
    *,
    gather: int = 0,
    progress: Progress | None = None,
    folded: bool | None = None,
) -> ZoneCount:
    """Count the feasible packages, each decider's acceptances and the zone (deciders' tables `dtables`, reservations
    `res`; `owners[r]` is the decider pattern r binds, -1 for a constraint).

    `gather` > 0 also returns the zone's front when the zone has at most `gather` packages, or (folded) when the
    groups' fronts have at most `PAIR_CAP` pairs; -1 returns it whatever the size, by gathering every zone point
    (no shortcut: the brute-force check of the others). `folded` forces one way through (None: folded whenever no
    pattern spans both groups)."""
    hi, lo = split_issues(space.counts, LOW_MAX)
    H = group_table(space, dtables, patterns, hi)
    L = group_table(space, dtables, patterns, lo)
    spans = [r for r in range(len(patterns)) if not H.matches[:, r].all() and not L.matches[:, r].all()]
    if folded is None:
        folded = not spans
    if folded and spans:
        raise ValueError("the folded count needs every pattern wholly inside one group of issues")
    run = _count_folded if folded else _count_general
    return run(H, L, res, owners, gather, progress)


def _fold(T: GroupTable, other: GroupTable, owners: np.ndarray, D: int) -> tuple[np.ndarray, np.ndarray]:
    """A group's utilities with minus infinity where a pattern wholly in it excludes the row for a decider, and its
    rows that no constraint wholly in it excludes."""
    excluded = np.zeros((T.size, D), dtype=bool)
    feasible = np.ones(T.size, dtype=bool)
    for r, own in enumerate(owners.tolist()):
        if not other.matches[:, r].all():
            continue  # the pattern lies in the other group
        hit = T.matches[:, r]
        if own < 0:
            feasible &= ~hit
        else:
            excluded[:, own] |= hit
    excluded |= ~feasible[:, None]
    return np.where(excluded, excluded_utility(), T.utility), feasible


def _count_folded(
    H: GroupTable, L: GroupTable, res: np.ndarray, owners: np.ndarray, gather: int, progress: Progress | None
) -> ZoneCount:
    D = res.shape[0]
    hu, hfeas = _fold(H, L, owners, D)
    lu, lfeas = _fold(L, H, owners, D)
    feasible = int(np.count_nonzero(hfeas)) * int(np.count_nonzero(lfeas))
    need = threshold(res)[None, :] - hu  # (H, D): a trailing row passes decider d when its utility reaches need[:, d]
    passing = np.empty((H.size, D), dtype=np.int64)  # per leading row, how many trailing rows each decider accepts
    for d in range(D):
        passing[:, d] = L.size - np.searchsorted(np.sort(lu[:, d]), need[:, d], side="left")
    accepted = passing.sum(axis=0)
    pivot = int(np.argmin(accepted))
    cols_order = np.argsort(-lu[:, pivot], kind="stable")  # trailing rows, best for the pivot first
    deciders = [pivot, *[d for d in range(D) if d != pivot]]
    LU = np.ascontiguousarray(lu[cols_order][:, deciders].T)  # (D, L), pivot first
    rows_order = np.argsort(-passing[:, pivot], kind="stable")
    rows_order = rows_order[passing[rows_order, pivot] > 0]
    width = passing[rows_order, pivot]  # the pivot's accepted trailing rows: a prefix of cols_order
    NEED = need[rows_order][:, deciders]
    zone = 0
    front: tuple[np.ndarray, np.ndarray] | None = None
    if gather > 0:
        front = group_front(H, L, hu, lu, need)
    keeper = _Gatherer(H, L, gather if gather != 0 and front is None else 0)
    b, n = 0, rows_order.size
    while b < n:
        cols = int(width[b])
        e = min(n, b + max(1, BLOCK // cols))
        ok = _passes(LU[:, :cols], NEED[b:e])
        found = int(np.count_nonzero(ok))
        zone += found
        keeper.add(ok, found, zone, rows_order[b:e], cols_order)
        if progress is not None:
            progress(e * L.size, H.size * L.size)
        b = e
    if progress is not None:
        progress(H.size * L.size, H.size * L.size)
    if keeper.wanted:
        return ZoneCount(feasible, accepted, zone, keeper.front(), "enumerate")
    return ZoneCount(feasible, accepted, zone, front, "groups" if front is not None else "")


def _passes(trailing: np.ndarray, need: np.ndarray) -> np.ndarray:
    """[a, b]: trailing row b (given as columns, (D, c)) reaches leading row a's threshold (`need`, (r, D)) for every
    decider: one comparison and one AND per decider and element."""
    return reaches_every(trailing, need)


def group_front(
    H: GroupTable, L: GroupTable, hu: np.ndarray, lu: np.ndarray, need: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """The zone's Pareto front from the pairs of the two groups' fronts (folded utilities `hu`, `lu`, thresholds
    `need`); None when there are more than `PAIR_CAP` pairs. Rows that no row of the other group lifts over every
    decider's threshold (an exclusion is one) never enter the zone and are left out first: a row that dominates a
    zone package's row passes too, so the fronts of the rest suffice. Equal rows keep the first, so equal packages
    keep the lowest code."""
    # a row can be in the zone only if it passes every decider with the other group's best row for that decider
    best_l = lu.max(axis=0)
    hrows = np.flatnonzero(np.isfinite(hu).all(axis=1) & reaches(best_l, need).all(axis=1))
    lrows = np.flatnonzero(np.isfinite(lu).all(axis=1) & reaches(lu, need.min(axis=0)).all(axis=1))
    if hrows.size == 0 or lrows.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, hu.shape[1]))
    hf = hrows[pareto_front(hu[hrows])]
    lf = lrows[pareto_front(lu[lrows])]
    if hf.size * lf.size > PAIR_CAP:
        return None
    LF, NEED = np.ascontiguousarray(lu[lf].T), need[hf]
    step = max(1, BLOCK // lf.size)
    held = []
    for b in range(0, hf.size, step):
        ok = _passes(LF, NEED[b : b + step])
        ri, ci = np.nonzero(ok)
        held.append((hf[b + ri], lf[ci]))
    return _reduce(H, L, None, held)


class _Gatherer:
    """Keeps the zone's points block by block (leading row, trailing row), reducing them to their front as they
    pile up; gives up once the zone passes `limit` points (`limit` -1: never; 0: gathers nothing)."""

    def __init__(self, H: GroupTable, L: GroupTable, limit: int) -> None:
        self.H, self.L, self.limit = H, L, limit
        self.wanted = limit != 0
        self.held: list[tuple[np.ndarray, np.ndarray]] = []
        self.held_n = 0
        self.so_far: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, mask: np.ndarray, found: int, zone: int, rows: np.ndarray, cols: np.ndarray) -> None:
        """A block's zone mask, its count, the zone so far, and the group rows of the mask's rows and columns."""
        if not self.wanted or not found:
            return
        if 0 < self.limit < zone:
            self.wanted, self.held, self.so_far = False, [], None
            return
        ri, ci = np.nonzero(mask)
        self.held.append((rows[ri], cols[ci]))
        self.held_n += found
        if self.held_n > GATHER_REDUCE:
            self.so_far, self.held, self.held_n = _reduce(self.H, self.L, self.so_far, self.held), [], 0

    def front(self) -> tuple[np.ndarray, np.ndarray]:
        """The front of everything gathered."""
        return _reduce(self.H, self.L, self.so_far, self.held)


def _reduce(
    H: GroupTable, L: GroupTable, front: tuple[np.ndarray, np.ndarray] | None, held: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    """The Pareto front of a front so far and newly gathered (leading row, trailing row) pairs, as codes and utilities."""
    D = H.utility.shape[1]
    codes = [front[0]] if front is not None else [np.zeros(0, dtype=np.int64)]
    util = [front[1]] if front is not None else [np.zeros((0, D))]
    for h, lrow in held:
        codes.append(h.astype(np.int64) * L.size + lrow)
        util.append(H.utility[h] + L.utility[lrow])
    c, u = np.concatenate(codes), np.vstack(util)
    order = np.argsort(c, kind="stable")  # the front keeps the first of equal points: the lowest code, as enumerated
    c, u = c[order], u[order]
    keep = pareto_front(u)
    return c[keep], u[keep]


def _count_general(
    H: GroupTable, L: GroupTable, res: np.ndarray, owners: np.ndarray, gather: int, progress: Progress | None
) -> ZoneCount:
    D = res.shape[0]
    block = max(1, CHUNK // L.size)
    feasible = 0
    zone = 0
    accepted = np.zeros(D, dtype=np.int64)
    cons = np.flatnonzero(owners < 0)
    keeper = _Gatherer(H, L, gather)
    lrows = np.arange(L.size)
    for b0 in range(0, H.size, block):
        hu = H.utility[b0 : b0 + block]
        hm = H.matches[b0 : b0 + block]
        feas = np.ones((hu.shape[0], L.size), dtype=bool)
        for r in cons:
            feas &= ~(hm[:, r, None] & L.matches[None, :, r])
        inside = feas.copy()
        for d in range(D):
            acc = reaches(L.utility[None, :, d], threshold(res[d]) - hu[:, d, None])
            for r in np.flatnonzero(owners == d):
                acc &= ~(hm[:, r, None] & L.matches[None, :, r])
            acc &= feas
            accepted[d] += int(np.count_nonzero(acc))
            inside &= acc
        feasible += int(np.count_nonzero(feas))
        found = int(np.count_nonzero(inside))
        zone += found
        keeper.add(inside, found, zone, np.arange(b0, b0 + hu.shape[0]), lrows)
        if progress is not None:
            progress(min(H.size, b0 + block) * L.size, H.size * L.size)
    front = keeper.front() if keeper.wanted else None
    return ZoneCount(feasible, accepted, zone, front, "enumerate" if front is not None else "")
