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

_MOVES: dict[int, tuple[weakref.ref[Graph], dict[tuple[int, int], list[int]], dict[int, int]]] = {}


def state_of(g: Graph) -> dict[int, int]:
    """Option form: each feasible state's code -> its index, built once per model (as a plain implementation
    would build it)."""
    return _entry(g)[2]


def _entry(g: Graph) -> tuple[weakref.ref[Graph], dict[tuple[int, int], list[int]], dict[int, int]]:
    entry = _MOVES.get(id(g))
    if entry is None or entry[0]() is not g:  # a new model (ids are reused after collection)
        where = {int(c): k for k, c in enumerate(g.codes)} if g.codes is not None else {}
        entry = (weakref.ref(g), {}, where)
        _MOVES[id(g)] = entry
    return entry


def moves(g: Graph, i: int, s: int) -> list[int]:
    """R_i(s): every state decision maker i can reach from s in one move (remembered per model)."""
    _, memo, where = _entry(g)
    if (i, s) in memo:
        return memo[(i, s)]
    mv = g.movers[i]
    if isinstance(mv, EdgeMover):
        out = [int(t) for t in mv.targets_of(s)]
    else:
        assert g.codes is not None
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
    """R_H(s) (or R_H^+(s)): states reached by legal sequences of moves by `group`, no one twice in a row (or,
    for a model with `sanctions: gmcr-py`, each member at most once)."""
    if g.sanctions == "gmcr-py":
        return _reach_once(g, group, s, improving, frozenset())
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


def _reach_once(g: Graph, group: list[int], s: int, improving: bool, used: frozenset[int]) -> set[int]:
    """States reached from s by chains in which each member of `group` not in `used` moves at most once."""
    out: set[int] = set()
    for j in group:
        if j in used:
            continue
        for y in moves(g, j, s):
            if improving and not g.score[j][y] > g.score[j][s]:
                continue
            out.add(y)
            out |= _reach_once(g, group, y, improving, used | {j})
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
            if not any(u[x] <= u[s] and all(u[y] <= u[s] for y in moves(g, i, x)) for x in group_reach(g, others, t)):
                return False
        elif concept == "sim":
            if not _simultaneous_sanction(g, i, s, t):
                return False
        else:
            raise ValueError(concept)
    return True


def _simultaneous_sanction(g: Graph, i: int, s: int, t: int) -> bool:
    """Some opponent (or, with `sim: subsets`, some set of opponents) answers i's move s -> t at once, each with
    one of its UIs from s, and the combined state is no better for i than s."""
    from itertools import combinations, product

    assert g.codes is not None
    codes = g.codes
    where = state_of(g)
    change_i = int(codes[t]) ^ int(codes[s])
    others = [j for j in range(len(g.dms)) if j != i]
    groups = (
        [(j,) for j in others]
        if g.sim_rule != "subsets"
        else [c for k in range(1, len(others) + 1) for c in combinations(others, k)]
    )
    for group in groups:
        uis = [[r for r in moves(g, j, s) if g.score[j][r] > g.score[j][s]] for j in group]
        for pick in product(*uis):
            both = int(codes[s]) ^ change_i
            for r in pick:
                both ^= int(codes[r]) ^ int(codes[s])
            if both in where and g.score[i][where[both]] <= g.score[i][s]:
                return True
    return False


def table(g: Graph, concept: str) -> np.ndarray:
    """Stability of every state for every decision maker, by the plain definitions."""
    return np.array([[stable(g, concept, i, s) for s in range(g.n)] for i in range(len(g.dms))])


# --- partitions (GMCR+'s coalition analysis), written as plainly ------------------------------------------------


def block_moves(g: Graph, members: tuple[int, ...], s: int, improving: bool = False) -> set[int]:
    """R_B(s) (or block improvements): the members' legal sequences; improving keeps t every member prefers."""
    out = group_reach(g, list(members), s) if len(members) > 1 else set(moves(g, members[0], s))
    if improving:
        out = {t for t in out if all(g.score[k][t] > g.score[k][s] for k in members)}
    return out


def block_chains(g: Graph, blocks: list[tuple[int, ...]], s: int, improving: bool) -> set[int]:
    """States the given blocks reach from s moving as blocks: no block twice in succession (or, with
    `sanctions: gmcr-py`, each block at most once)."""
    out: set[int] = set()
    if g.sanctions == "gmcr-py":

        def walk(x: int, used: frozenset[int]) -> None:
            for k, b in enumerate(blocks):
                if k not in used:
                    for y in block_moves(g, b, x, improving):
                        out.add(y)
                        walk(y, used | {k})

        walk(s, frozenset())
        return out
    seen: set[tuple[int, int]] = set()
    queue = deque([(s, -1)])
    while queue:
        x, last = queue.popleft()
        for k, b in enumerate(blocks):
            if k == last:
                continue
            for y in block_moves(g, b, x, improving):
                if (y, k) not in seen:
                    seen.add((y, k))
                    out.add(y)
                    queue.append((y, k))
    return out


def partition_stable(g: Graph, blocks: list[tuple[int, ...]], concept: str, b: int, s: int) -> bool:
    """Is s stable for block b of the partition under `concept` (nash, gmr, smr, seq, sim)?"""
    me = blocks[b]
    rest = [x for k, x in enumerate(blocks) if k != b]

    def gains(t: int) -> bool:
        return all(g.score[k][t] > g.score[k][s] for k in me)

    for t in block_moves(g, me, s, improving=True):
        if concept == "nash" or not rest:
            return False
        if concept == "sim":
            if not _block_simultaneous(g, me, rest, s, t, gains):
                return False
            continue
        answers = block_chains(g, rest, t, improving=(concept == "seq"))
        if concept == "smr":
            ok = any(not gains(u) and not any(gains(v) for v in block_moves(g, me, u)) for u in answers)
        else:
            ok = any(not gains(u) for u in answers)
        if not ok:
            return False
    return True


def _block_simultaneous(
    g: Graph, me: tuple[int, ...], rest: list[tuple[int, ...]], s: int, t: int, gains: object
) -> bool:
    from itertools import combinations, product

    assert g.codes is not None
    codes = g.codes
    where = state_of(g)
    groups = (
        [(x,) for x in rest]
        if g.sim_rule != "subsets"
        else [c for r in range(1, len(rest) + 1) for c in combinations(rest, r)]
    )
    for grp in groups:
        for pick in product(*[sorted(block_moves(g, x, s, improving=True)) for x in grp]):
            code = int(codes[t])
            for u in pick:
                code ^= int(codes[u]) ^ int(codes[s])
            if code in where and not gains(where[code]):  # type: ignore[operator]
                return True
    return False


def partition_table(g: Graph, blocks: list[tuple[int, ...]], concept: str) -> np.ndarray:
    """Stability of every state for every block, by the plain definitions."""
    return np.array([[partition_stable(g, blocks, concept, b, s) for s in range(g.n)] for b in range(len(blocks))])
