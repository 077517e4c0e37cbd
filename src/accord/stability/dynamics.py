"""How a conflict may evolve: limited-move and non-myopic stability, and status-quo analysis.

Limited-move stability L_h (Kilgour 1985; Fang, Hipel and Kilgour 1993, ch. 5): a decision maker looks
h moves ahead, the decision makers moving in turn (for more than two, in the order they are listed,
starting after the mover). G_0(i, s) = s. For h >= 1, decision maker i at s considers each state s1 it
can move to and the outcome G_{h-1}(next, s1) it anticipates from there; if the best of these is
strictly better for i than s, i moves and G_h(i, s) is that outcome, otherwise G_h(i, s) = s. A state is
L_h stable for i when i does not move. Ties between anticipated outcomes go to the lowest state number.
L_1 is Nash stability. Non-myopic stability is the limit as h grows: the pair (G_h) is eventually
periodic, and a state is non-myopically stable for i when it is L_h stable for every h in the period.

Status-quo analysis (Li, Hipel, Kilgour and Fang 2004): from a starting state, follow unilateral
improvements by any decision maker; which equilibria can be reached, and by which paths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.stability.graph import Graph, moves_from
from accord.stability.moves import INF

MAX_HORIZON = 10_000
"""Most horizons tried while looking for the period of non-myopic stability."""


def limited_move(g: Graph, horizon: int) -> np.ndarray:
    """L_h stability (`[dm, state]`) for horizon h >= 1."""
    if horizon < 1:
        raise ValueError(f"the horizon must be at least 1, got {horizon}")
    anticipated = [np.arange(g.n, dtype=np.int64) for _ in g.dms]
    moved = np.zeros((len(g.dms), g.n), dtype=bool)
    for _ in range(horizon):
        anticipated, moved = _step(g, anticipated)
    return ~moved


def non_myopic(g: Graph) -> tuple[np.ndarray, int, int]:
    """Non-myopic stability (`[dm, state]`), the horizon where the period starts, and its length."""
    anticipated = [np.arange(g.n, dtype=np.int64) for _ in g.dms]
    seen: dict[bytes, int] = {}
    history: list[np.ndarray] = []
    for h in range(1, MAX_HORIZON + 1):
        anticipated, moved = _step(g, anticipated)
        key = b"".join(a.tobytes() for a in anticipated) + moved.tobytes()
        if key in seen:
            start = seen[key]
            period = history[start - 1 :]
            return ~np.logical_or.reduce(period), start, len(period)
        seen[key] = h
        history.append(moved)
    raise ValueError(f"no period found within {MAX_HORIZON} horizons")


def _step(g: Graph, prev: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    nd = len(g.dms)
    new: list[np.ndarray] = []
    moved = np.zeros((nd, g.n), dtype=bool)
    n = np.int64(g.n)
    for i in range(nd):
        nxt = (i + 1) % nd
        outcome = prev[nxt]
        value = g.score[i][outcome]
        top = np.int64(int(g.score[i].max()) + 1)
        packed = (top - value) * n + outcome  # least packed = best outcome, then lowest state
        best = g.movers[i].reach_min(packed, strict=True)
        has = best < INF
        best_value = np.where(has, top - best // n, -1)
        move = has & (best_value > g.score[i])
        moved[i] = move
        new.append(np.where(move, best % n, np.arange(g.n)))
    return new, moved


@dataclass(frozen=True)
class StatusQuo:
    """The states reachable from a start by unilateral improvements, with a shortest path to each."""

    start: int
    depth: dict[int, int]
    parent: dict[int, tuple[int, int]]  # state -> (previous state, decision maker who moved)

    def path(self, s: int) -> list[tuple[int, int | None]]:
        """The moves from the start to s: (state, decision maker who moved into it), start first."""
        out: list[tuple[int, int | None]] = []
        while s != self.start:
            prev, dm = self.parent[s]
            out.append((s, dm))
            s = prev
        out.append((self.start, None))
        return out[::-1]


def status_quo(g: Graph, start: int, max_depth: int | None = None) -> StatusQuo:
    """Breadth-first search over unilateral improvements from `start` (all of them, or to `max_depth`)."""
    depth = {start: 0}
    parent: dict[int, tuple[int, int]] = {}
    frontier = np.array([start], dtype=np.int64)
    level = 0
    while frontier.size and (max_depth is None or level < max_depth):
        level += 1
        found: list[tuple[np.ndarray, np.ndarray, int]] = []
        for i in range(len(g.dms)):
            src, dst = moves_from(g, i, frontier)
            better = g.score[i][dst] > g.score[i][src]
            found.append((src[better], dst[better], i))
        nxt: list[int] = []
        for src, dst, i in found:
            for a, b in zip(src.tolist(), dst.tolist(), strict=True):
                if b not in depth:
                    depth[b] = level
                    parent[b] = (a, i)
                    nxt.append(b)
        frontier = np.array(nxt, dtype=np.int64)
    return StatusQuo(start, depth, parent)


def improvement_edges(g: Graph, states: np.ndarray) -> list[tuple[int, int, int]]:
    """Unilateral improvements (source, target, decision maker) from the given states, for drawing."""
    out: list[tuple[int, int, int]] = []
    for i in range(len(g.dms)):
        src, dst = moves_from(g, i, states)
        keep = g.score[i][dst] > g.score[i][src]
        out.extend(zip(src[keep].tolist(), dst[keep].tolist(), [i] * int(keep.sum()), strict=True))
    return out
