"""The textbook definitions, written plainly: explicit sets of moves, one state at a time.

Plain on purpose (lists and sets, moves remembered per model): this is what the vectorised engine (`concepts`) is checked against in the tests and
timed against in `benchmarks/bench_stability.py`. It follows Fang, Hipel and Kilgour (1993) word for
word: sanctions are legal sequences of moves by the other decision makers in which no one moves twice
in succession.
"""

from __future__ import annotations

import weakref
from collections import deque

import numpy as np

from accord.stability.graph import Graph
from accord.stability.moves import EdgeMover

_MOVES: dict[int, tuple[weakref.ref[Graph], dict[tuple[int, int], list[int]]]] = {}


def moves(g: Graph, i: int, s: int) -> list[int]:
    """R_i(s): every state decision maker i can reach from s in one move (remembered per model)."""
    entry = _MOVES.get(id(g))
    if entry is None or entry[0]() is not g:       # a new model (ids are reused after collection)
        entry = (weakref.ref(g), {})
        _MOVES[id(g)] = entry
    memo = entry[1]
    if (i, s) in memo:
        return memo[(i, s)]
    mv = g.movers[i]
    if isinstance(mv, EdgeMover):
        out = [int(t) for t in mv.targets_of(s)]
    else:
        assert g.codes is not None
        where = {int(c): k for k, c in enumerate(g.codes)}
        own = [k for k, (_, o, _) in enumerate(g.options) if o == i]
        code = int(g.codes[s])
        out = []
        for subset in range(1, 1 << len(own)):
            target = code
            ok = True
            for b, k in enumerate(own):
                if subset >> b & 1:
                    rev = g.options[k][2]
                    if (rev == "taken_only" and code >> k & 1) or (rev == "dropped_only" and not code >> k & 1):
                        ok = False
                    target ^= 1 << k
            if ok and target in where:
                out.append(where[target])
    memo[(i, s)] = out
    return out


def group_reach(g: Graph, group: list[int], s: int, improving: bool = False) -> set[int]:
    """R_H(s) (or R_H^+(s)): states reached by legal sequences of moves by `group`, no one twice in a row."""
    seen: set[tuple[int, int]] = set()
    out: set[int] = set()
    queue = deque([(s, -1)])
    while queue:
        x, last = queue.popleft()
        for j in group:
            if j == last:
                continue
            for y in moves(g, j, x):
                if improving and not g.score[j][y] > g.score[j][x]:
                    continue
                if (y, j) not in seen:
                    seen.add((y, j))
                    out.add(y)
                    queue.append((y, j))
    return out


def stable(g: Graph, concept: str, i: int, s: int) -> bool:
    """Is state s stable for decision maker i under `concept` (nash, gmr, smr, seq, sim)?"""
    u = g.score[i]
    improvements = [t for t in moves(g, i, s) if u[t] > u[s]]
    others = [j for j in range(len(g.dms)) if j != i]
    for t in improvements:
        if concept == "nash":
            return False
        if concept == "gmr":
            if not any(u[x] <= u[s] for x in group_reach(g, others, t)):
                return False
        elif concept == "seq":
            if not any(u[x] <= u[s] for x in group_reach(g, others, t, improving=True)):
                return False
        elif concept == "smr":
            if not any(u[x] <= u[s] and all(u[y] <= u[s] for y in moves(g, i, x))
                       for x in group_reach(g, others, t)):
                return False
        elif concept == "sim":
            if not _simultaneous_sanction(g, i, s, t):
                return False
        else:
            raise ValueError(concept)
    return True


def _simultaneous_sanction(g: Graph, i: int, s: int, t: int) -> bool:
    assert g.codes is not None
    codes = [int(c) for c in g.codes]
    change_i = codes[t] ^ codes[s]
    for j in range(len(g.dms)):
        if j == i:
            continue
        for r in moves(g, j, s):
            if g.score[j][r] <= g.score[j][s]:
                continue
            both = codes[s] ^ change_i ^ (codes[r] ^ codes[s])
            if both in codes and g.score[i][codes.index(both)] <= g.score[i][s]:
                return True
    return False


def table(g: Graph, concept: str) -> np.ndarray:
    """Stability of every state for every decision maker, by the plain definitions."""
    return np.array([[stable(g, concept, i, s) for s in range(g.n)] for i in range(len(g.dms))])
