"""Coalition analysis on a partition, as GMCR+ does it: each block of decision makers acts as one.

A partition splits the decision makers into blocks (a decision maker in no named block stands alone). A block B
moves by a legal sequence of its members' moves (no member twice in succession): R_B(s). It prefers t to s
only when every member does (t >_B s); a sanction against it works when the result is not preferred so by
the block (some member is no better off). With those, each concept is the textbook one with blocks for decision
makers (Kilgour, Hipel, Fang and Li 2001; Inohara and Hipel 2008):

- Nash: B has no block improvement (t in R_B(s) with t >_B s).
- GMR:  every block improvement t is answered: the other blocks, moving as blocks in a legal sequence (no block
        twice in succession), reach some u with not u >_B s.
- SMR:  ... and from that u, no move of B leads to a state v >_B s.
- SEQ:  ... the other blocks answering by block improvements of their own.
- SIM:  (option form) another block makes one of its block improvements from s at the same moment (or, with
        `sim: subsets`, any set of other blocks) and the combined state is not >_B s.

A state is a partition equilibrium when it is stable for every block. Reach sets are states x states bits, so
this is limited to `coalitions.MAX_STATES` states.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from accord.stability.coalitions import MAX_STATES, _adjacency, sequences
from accord.stability.graph import Graph

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")

Block = tuple[str, tuple[int, ...]]


@dataclass(frozen=True)
class PartitionResult:
    """Stability of every state for every block, per concept (`table[c][b, s]`)."""

    graph: Graph
    blocks: tuple[Block, ...]
    table: dict[str, np.ndarray]
    skipped: dict[str, str]

    def equilibria(self, concept: str) -> list[int]:
        """States stable for every block under a concept."""
        return [int(s) for s in np.nonzero(self.table[concept].all(axis=0))[0]]


def parse(g: Graph, spec: str) -> tuple[Block, ...]:
    """Blocks from `a+b,c` (members joined by +, blocks by commas); decision makers not named stand alone."""
    blocks: list[Block] = []
    seen: set[str] = set()
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        names = [x.strip() for x in part.split("+") if x.strip()]
        if not names:
            raise ValueError(
                f"{part!r} names no decision maker; write blocks as a+b,c with decision makers of "
                f"{g.title!r} ({', '.join(g.dms)})"
            )
        bad = [x for x in names if x not in g.dms]
        if bad:
            raise ValueError(
                f"{bad[0]!r} is no decision maker of {g.title!r} (decision makers: {', '.join(g.dms)}); "
                "write blocks as a+b,c"
            )
        twice = [x for x in names if x in seen]
        if twice:
            raise ValueError(f"{twice[0]!r} is in two blocks; a partition puts each decision maker in one")
        seen.update(names)
        blocks.append(("+".join(names), tuple(sorted(g.dms.index(x) for x in names))))
    blocks += [(d, (i,)) for i, d in enumerate(g.dms) if d not in seen]
    return tuple(blocks)


def _block_reach(g: Graph, members: tuple[int, ...]) -> np.ndarray:
    """R_B as [s, t]: the members' legal sequences (no member twice in succession; with `sanctions: gmcr-py`, each
    member at most once, as every chain is under that rule)."""
    return sequences([_adjacency(g, j, False) for j in members], once=g.sanctions == "gmcr-py")


def analyse(g: Graph, blocks: tuple[Block, ...], concepts: tuple[str, ...] = CONCEPTS) -> PartitionResult:
    """Stability of every state for every block under each concept."""
    if g.n > MAX_STATES:
        raise ValueError(f"partition analysis handles up to {MAX_STATES:,} states; this model has {g.n:,}")
    bad = [c for c in concepts if c not in CONCEPTS]
    if bad:
        raise ValueError(f"unknown concept {bad[0]!r}; choose from {', '.join(CONCEPTS)}")
    reach = [_block_reach(g, m) for _, m in blocks]
    better = [np.all(g.score[list(m)][:, None, :] > g.score[list(m)][:, :, None], axis=0) for _, m in blocks]
    improve = [r & b for r, b in zip(reach, better, strict=True)]  # [s, t]: a block improvement
    once = g.sanctions == "gmcr-py"
    table: dict[str, np.ndarray] = {}
    skipped: dict[str, str] = {}
    nb = len(blocks)
    for c in concepts:
        if c == "sim" and g.codes is None:
            skipped["sim"] = "SIM combines moves option by option, so it needs an option-form model"
            continue
        out = np.zeros((nb, g.n), dtype=bool)
        for b in range(nb):
            cui = improve[b]
            rest = [k for k in range(nb) if k != b]
            if c == "nash" or not rest:
                out[b] = ~cui.any(axis=1)
                continue
            if c == "sim":
                answered = _simultaneous(g, cui, [improve[k] for k in rest], better[b])
            else:
                resp = sequences([improve[k] if c == "seq" else reach[k] for k in rest], once)
                ok = ~better[b]  # [s, u]: not u >_B s
                if c == "smr":  # and no v in R_B(u) with v >_B s
                    ok &= ~((better[b].astype(np.float32) @ reach[b].T.astype(np.float32)) > 0)
                answered = (ok.astype(np.float32) @ resp.T.astype(np.float32)) > 0  # [s, t]
            out[b] = ~(cui & ~answered).any(axis=1)
        table[c] = out
    return PartitionResult(g, blocks, table, skipped)


def _simultaneous(g: Graph, cui: np.ndarray, others: list[np.ndarray], better: np.ndarray) -> np.ndarray:
    """[s, t]: B's improvement s -> t is answered by other blocks' improvements from s made at the same time
    (one block, or any set of them with `sim: subsets`) leading to a feasible state not >_B s."""
    assert g.codes is not None
    codes = g.codes
    size = int(codes.max()) + 1
    where = np.full(size, -1, dtype=np.int64)
    where[codes] = np.arange(g.n)
    groups = (
        [(k,) for k in range(len(others))]
        if g.sim_rule != "subsets"
        else [c for r in range(1, len(others) + 1) for c in combinations(range(len(others)), r)]
    )
    s_idx, t_idx = np.nonzero(cui)
    answered = np.zeros(len(s_idx), dtype=bool)
    moves = [np.nonzero(m) for m in others]  # each block's improvements (from, to)
    for grp in groups:
        # rows: (B's improvement, the code reached so far); each block of the group adds one of its improvements
        row = np.arange(len(s_idx))
        code = codes[t_idx]
        for k in grp:
            frm, to = moves[k]
            left, right = _join(s_idx[row], frm)
            row = row[left]
            code = code[left] ^ codes[frm[right]] ^ codes[to[right]]
        idx = where[np.minimum(code, size - 1)]
        hit = (code < size) & (idx >= 0)
        worse = hit & ~better[s_idx[row], np.maximum(idx, 0)]
        answered[row[worse]] = True
    out = np.zeros_like(cui)
    out[s_idx, t_idx] = answered
    return out


def _join(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every index pair (i, j) with a[i] == b[j] (an equi-join of two integer arrays, without a Python loop)."""
    order = np.argsort(b, kind="stable")
    bs = b[order]
    lo = np.searchsorted(bs, a, side="left")
    hi = np.searchsorted(bs, a, side="right")
    count = hi - lo
    left = np.repeat(np.arange(len(a)), count)
    start = np.repeat(lo - np.concatenate([[0], np.cumsum(count)[:-1]]), count)
    right = order[start + np.arange(int(count.sum()))]
    return left, right
