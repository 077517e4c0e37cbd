"""Coalition analysis (Kilgour, Hipel, Fang and Li 2001; Inohara and Hipel 2008).

A coalition C moves by a legal sequence of moves of its members (no one twice in succession): R_C(s).
A coalition improvement from s is a state of R_C(s) that every member strictly prefers to s. A state is
coalition-Nash stable for C when C has no coalition improvement from it; coalition-SEQ stable when every
coalition improvement s1 is sanctioned: the others, moving by unilateral improvements (R^+_{N-C}(s1)),
can reach a state that some member of C does not prefer to s. Accord searches every coalition of two or
more decision makers, not only a fixed partition.

Reach sets are boolean matrices over the states, so this analysis is limited to `MAX_STATES` states.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from accord.stability.graph import Graph, moves_from

MAX_STATES = 4096
"""Largest model coalition analysis accepts (its reach sets are states x states bits)."""


@dataclass(frozen=True)
class CoalitionResult:
    """For one coalition: states where it has an improvement, and which of them are sanctioned."""

    members: tuple[int, ...]
    nash: np.ndarray  # coalition-Nash stable states
    seq: np.ndarray  # coalition-SEQ stable states
    improvement: dict[int, int]  # for unstable states: one coalition improvement found


def _adjacency(g: Graph, i: int, improving: bool) -> np.ndarray:
    src, dst = moves_from(g, i, np.arange(g.n))
    if improving:
        keep = g.score[i][dst] > g.score[i][src]
        src, dst = src[keep], dst[keep]
    a = np.zeros((g.n, g.n), dtype=bool)
    a[src, dst] = True
    return a


def group_reach(g: Graph, group: tuple[int, ...], improving: bool = False) -> np.ndarray:
    """R_H as a boolean matrix `[s, t]`: t is reachable from s by a legal sequence of moves of `group` (no one
    twice in succession; with `sanctions: gmcr-py`, each member at most once)."""
    return sequences([_adjacency(g, j, improving) for j in group], once=g.sanctions == "gmcr-py")


def sequences(adjs: list[np.ndarray], once: bool) -> np.ndarray:
    """[s, t]: t is reached from s by a chain of moves of the given movers (one adjacency matrix each), none
    twice in succession (or, with `once`, each at most once)."""
    n = adjs[0].shape[0] if adjs else 0
    if not adjs:
        return np.zeros((n, n), dtype=bool)
    f = [a.astype(np.float32) for a in adjs]
    if once:
        m = len(adjs)
        full = (1 << m) - 1
        tail = {full: np.zeros((n, n), dtype=bool)}  # tail[U]: chains by movers outside U, each once
        for used in sorted(range(full), key=lambda u: -bin(u).count("1")):
            out = np.zeros((n, n), dtype=bool)
            for b in range(m):
                if used >> b & 1:
                    continue
                after = tail[used | 1 << b]
                out |= adjs[b] | ((f[b] @ after.astype(np.float32)) > 0)
            tail[used] = out
        return tail[0]
    last = [a.copy() for a in adjs]  # reached with mover k last
    while True:
        grew = False
        for k in range(len(adjs)):
            before = np.zeros((n, n), dtype=np.float32)
            for j in range(len(adjs)):
                if j != k:
                    before += last[j]
            new = last[k] | ((before @ f[k]) > 0)
            if not np.array_equal(new, last[k]):
                last[k] = new
                grew = True
        if not grew:
            break
    out = np.zeros((n, n), dtype=bool)
    for a in last:
        out |= a
    return out


def coalition(g: Graph, members: tuple[int, ...]) -> CoalitionResult:
    """Coalition-Nash and coalition-SEQ stability of every state for one coalition."""
    if g.n > MAX_STATES:
        raise ValueError(f"coalition analysis handles up to {MAX_STATES:,} states; this model has {g.n:,}")
    reach = group_reach(g, members)
    sc = g.score[list(members)]  # (m, n)
    better_all = np.all(sc[:, None, :] > sc[:, :, None], axis=0)  # [s, t]: every member prefers t to s
    cui = reach & better_all
    others = tuple(j for j in range(len(g.dms)) if j not in members)
    if others:
        resp = group_reach(g, others, improving=True)
        not_better = np.any(sc[:, None, :] <= sc[:, :, None], axis=0)  # [s, u]: some member: u <= s
        # sanctioned[s, t]: from t the others can reach u with some member not better off than at s
        sanctioned = (not_better.astype(np.float32) @ resp.T.astype(np.float32)) > 0
    else:
        sanctioned = np.zeros((g.n, g.n), dtype=bool)
    unsanctioned = cui & ~sanctioned
    first = {int(s): int(np.nonzero(cui[s])[0][0]) for s in np.nonzero(cui.any(axis=1))[0]}
    return CoalitionResult(members, ~cui.any(axis=1), ~unsanctioned.any(axis=1), first)


def all_coalitions(g: Graph, min_size: int = 2) -> list[CoalitionResult]:
    """Every coalition of at least `min_size` decision makers."""
    nd = len(g.dms)
    return [coalition(g, c) for k in range(min_size, nd + 1) for c in combinations(range(nd), k)]
