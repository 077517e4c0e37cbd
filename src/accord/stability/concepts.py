"""The solution concepts of the graph model (Fang, Hipel and Kilgour 1993), per decision maker and state.

Notation: N the decision makers, R_i(s) the states i can reach from s in one move, s1 >_i s when i
strictly prefers s1, R_i^+(s) = {s1 in R_i(s): s1 >_i s} i's unilateral improvements (UIs).
R_H(s) for a group H: states reached by a legal sequence of moves by members of H in which no one moves
twice in succession; R_H^+(s) likewise with every move a UI for its mover.

- Nash (R):   R_i^+(s) is empty.
- GMR:        for every s1 in R_i^+(s) there is s2 in R_{N-i}(s1) with s2 <=_i s.
- SMR:        ... there is s2 in R_{N-i}(s1) with s2 <=_i s and s3 <=_i s for every s3 in R_i(s2).
- SEQ:        ... there is s2 in R_{N-i}^+(s1) with s2 <=_i s.
- SIM:        for every s1 in R_i^+(s) some other decision maker j has s2 in R_j^+(s) such that the state
              where both moves are made at once is <=_i s (option form; for two decision makers this is
              the textbook definition). With three or more, the model's `sim:` says who may answer at once:
              `alone` (one opponent, the default) or `subsets` (any set of opponents, each with one of its
              UIs from s, all at once, as gmcr-py does).

Sanction chains follow the definition (no one moves twice in succession). A model with `sanctions: gmcr-py`
lets each opponent move at most once per chain instead, as gmcr-py does; this departs from the definition
with three or more decision makers (Garrison Diversion: state 6 is then no GMR or SMR equilibrium) and exists
so that answers can be compared with gmcr-py's.

A state is an equilibrium under a concept when it is stable for every decision maker.

How: each condition "for every s1 ... there is s2 ..." becomes "the largest w(s1) over R_i(s) is at most
score_i(s)", where w(s1) = min(score_i(s1), least score_i over the sanctions from s1). The least score over
R_H(s1) is a fixed point over "first mover" arrays g_j (a path that starts with j continues with some
k != j), so the textbook rule that no one moves twice in succession holds exactly.

With uncertain preferences each state's score lies in [lo, hi]; a state is *robustly* stable when it is
stable under every ranking within those ranges. The worst case puts the state itself at lo and every
other state at hi (and, for SEQ, counts only sanctions that are improvements for certain).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from accord.stability.graph import Graph
from accord.stability.moves import INF

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")
"""The textbook concepts, in order of the strength of the sanctions they allow."""

SIM_BUDGET = 1_500_000_000
"""Most pairs of simultaneous improvements SIM checks (counted exactly, UI by UI); beyond it SIM is left out for
that decision maker with a notice."""
SIM_MASK_BUDGET = 250_000_000
"""Most (state, change of options) cells of the UI tables SIM builds (bytes of memory)."""

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Stability:
    """Stability of every state for every decision maker under each concept (`table[c][i, s]`)."""

    graph: Graph
    table: dict[str, np.ndarray]
    robust: bool = False
    skipped: dict[str, str] | None = None
    partial: dict[str, dict[int, np.ndarray]] | None = None  # a concept left out: the decision makers it did cover

    def equilibria(self, concept: str) -> list[int]:
        """States stable for every decision maker under a concept."""
        return [int(s) for s in np.nonzero(self.table[concept].all(axis=0))[0]]

    def stable_for(self, concept: str, dm: int) -> np.ndarray:
        """Boolean stability of every state for one decision maker."""
        return self.table[concept][dm]


def reach_min(
    g: Graph,
    group: Sequence[int],
    f: np.ndarray,
    improving: bool = False,
    key: np.ndarray | None = None,
    thr: np.ndarray | None = None,
) -> np.ndarray:
    """For each state: the least f over R_H(s) (or R_H^+(s) with `improving`), H = `group`.

    `key`/`thr` give the preference arrays that decide whether a move improves for its mover
    (default: each decision maker's score; robust analysis passes lo and hi). Chains follow the model's
    `sanctions` rule.
    """
    keys = g.score if key is None else key
    thrs = g.score if thr is None else thr
    if g.sanctions == "gmcr-py":
        return _reach_min_once(g, group, f, improving, keys, thrs)
    first = {j: np.full(g.n, INF, dtype=np.int64) for j in group}
    changed = True
    while changed:
        changed = False
        for j in group:
            h = f.copy()
            for k in group:
                if k != j:
                    np.minimum(h, first[k], out=h)
            mv = g.movers[j]
            new = mv.improve_min(h, keys[j], thrs[j]) if improving else mv.reach_min(h)
            np.minimum(new, first[j], out=new)
            if not np.array_equal(new, first[j]):
                first[j] = new
                changed = True
    out = np.full(g.n, INF, dtype=np.int64)
    for j in group:
        np.minimum(out, first[j], out=out)
    return out


def _reach_min_once(
    g: Graph, group: Sequence[int], f: np.ndarray, improving: bool, keys: np.ndarray, thrs: np.ndarray
) -> np.ndarray:
    """reach_min with each member of `group` moving at most once per chain (gmcr-py's rule).

    best[U] is the least f over chains of one or more moves by members outside U, each at most once; it is
    built from the full set down: best[U] = min over j not in U of j's moves into min(f, best[U + j])."""
    m = len(group)
    full = (1 << m) - 1
    best = {full: np.full(g.n, INF, dtype=np.int64)}
    for used in sorted(range(full), key=lambda u: -bin(u).count("1")):
        out = np.full(g.n, INF, dtype=np.int64)
        for b, j in enumerate(group):
            if used >> b & 1:
                continue
            h = np.minimum(f, best[used | 1 << b])
            mv = g.movers[j]
            np.minimum(out, mv.improve_min(h, keys[j], thrs[j]) if improving else mv.reach_min(h), out=out)
        best[used] = out
    return best[0]


def _largest_over_moves(g: Graph, i: int, w: np.ndarray, robust: bool) -> np.ndarray:
    """For each state s: the largest w over R_i(s) (s itself excluded when it could matter)."""
    return -g.movers[i].reach_min(-w, strict=robust)


def analyse(g: Graph, concepts: Sequence[str] = CONCEPTS, robust: bool = False, progress: Progress = None) -> Stability:
    """Stability of every state for every decision maker under each concept."""
    bad = [c for c in concepts if c not in CONCEPTS]
    if bad:
        raise ValueError(f"unknown concept {bad[0]!r}; choose from {', '.join(CONCEPTS)}")
    lo, hi = (g.lo, g.hi) if robust else (g.score, g.score)
    nd = len(g.dms)
    table = {c: np.zeros((nd, g.n), dtype=bool) for c in concepts}
    skipped: dict[str, str] = {}
    sim_cache: dict[tuple[int, bool], np.ndarray] = {}
    missing: list[int] = []
    steps = nd * len(concepts)
    done = 0
    # concept by concept (not decision maker by decision maker), so that the memory one concept keeps between
    # decision makers (SEQ's ranked moves, SIM's table of improvements) is not held while the next one runs
    for c in concepts:
        for i in range(nd):
            others = [j for j in range(nd) if j != i]
            base = lo[i].astype(np.int64)
            if c == "nash":
                table[c][i] = _largest_over_moves(g, i, hi[i].astype(np.int64), robust) <= base
            elif c in ("gmr", "seq", "smr"):
                f = hi[i].astype(np.int64)
                if c == "smr":
                    f = np.maximum(f, _largest_over_moves(g, i, f, robust))
                sanction = (
                    reach_min(g, others, f, improving=(c == "seq"), key=lo, thr=hi)
                    if others
                    else np.full(g.n, INF, dtype=np.int64)
                )
                w = np.minimum(hi[i].astype(np.int64), sanction)
                table[c][i] = _largest_over_moves(g, i, w, robust) <= base
            elif c == "sim":
                ok, why = simultaneous(g, i, lo, hi, sim_cache)
                if ok is None:
                    skipped["sim"] = (
                        f"{g.dms[i]}: {why}" if "sim" not in skipped else f"{skipped['sim']}; {g.dms[i]}: {why}"
                    )
                    missing.append(i)
                else:
                    table[c][i] = ok
            done += 1
            if progress:
                progress(done, steps)
        if c == "seq":
            for mv in g.movers:
                mv.forget()
    partial: dict[str, dict[int, np.ndarray]] = {}
    if "sim" in skipped:
        covered = {i: table["sim"][i] for i in range(nd) if i not in missing}
        if covered:  # kept: each covered decision maker's SIM stability
            partial["sim"] = covered
            skipped["sim"] += (
                f" (SIM stability is kept for {', '.join(g.dms[i] for i in covered)}; no state "
                "can be called a SIM equilibrium without the others)"
            )
        del table["sim"]
    return Stability(g, table, robust, skipped or None, partial or None)


def simultaneous(
    g: Graph, i: int, lo: np.ndarray, hi: np.ndarray, cache: dict[tuple[int, bool], np.ndarray] | None = None
) -> tuple[np.ndarray | None, str]:
    """SIM stability of every state for decision maker i (option form), or None and why not. `cache` keeps each
    decision maker's UIs between calls (they are the same for every i)."""
    if g.codes is None:
        return None, "SIM combines moves option by option, so it needs an option-form model"
    nd = len(g.dms)
    masks = [sum(1 << k for k, (_, o, _) in enumerate(g.options) if o == d) for d in range(nd)]
    subs = [_submasks(m) for m in masks]
    others = [j for j in range(nd) if j != i]
    cells = g.n * sum(len(x) for x in subs)
    if cells > SIM_MASK_BUDGET:
        return None, (
            f"SIM needs tables of {cells:,} (state, move) cells here, over the limit of "
            f"{SIM_MASK_BUDGET:,}; the other concepts are exact"
        )
    codes = g.codes
    size = int(codes.max()) + 1
    where = np.full(size, -1, dtype=np.int64)
    where[codes] = np.arange(g.n)
    stable = np.ones(g.n, dtype=bool)
    cache = {} if cache is None else cache

    same = lo is hi  # certain preferences: a UI for certain is a UI, so one table per decision maker (10 MB each
    # at 655,360 states)

    def uis(d: int, certain: bool) -> np.ndarray:
        k = (d, certain or same)
        if k not in cache:
            cache[k] = _improvements(g, d, subs[d], where, lo[d], hi[d], certain)
        return cache[k]

    ui_i = uis(i, False)  # (n, a): a is a UI of i
    any_ui = ui_i.any(axis=1)
    if not any_ui.any():
        return stable, ""
    count = ui_i.sum(axis=1).astype(np.float64)  # the exact number of checks
    pairs = sum(
        float((count * np.prod([uis(j, True).sum(axis=1) for j in grp], axis=0)).sum())
        for grp in _answering_groups(others, g.sim_rule)
    )
    if pairs > SIM_BUDGET:
        return None, (
            f"SIM needs {pairs:,.0f} checks of simultaneous improvements here, over the limit of "
            f"{SIM_BUDGET:,}; the other concepts are exact"
        )
    answered = np.zeros_like(ui_i, dtype=bool)
    others = [j for j in range(nd) if j != i]
    ui = {j: uis(j, True) for j in others}
    for group in _answering_groups(others, g.sim_rule):
        for a, da in enumerate(subs[i]):
            rows = np.flatnonzero(ui_i[:, a])
            # every way the group's members can each make one of their UIs from the state, all at once: only
            # actual UI pairs are looked up (rows narrowed member by member, one change of options at a time)
            _answer(rows, codes[rows] ^ np.int64(da), group, 0, ui, subs, where, size, hi[i], lo[i], answered, a)
            if answered[:, a].all():
                break
    stable = ~(ui_i & ~answered).any(axis=1)
    return stable, ""


def _answer(
    rows: np.ndarray,
    code: np.ndarray,
    group: tuple[int, ...],
    k: int,
    ui: dict[int, np.ndarray],
    subs: list[np.ndarray],
    where: np.ndarray,
    size: int,
    hi_i: np.ndarray,
    lo_i: np.ndarray,
    answered: np.ndarray,
    a: int,
) -> None:
    """Mark answered[rows, a] where members group[k:] each adding one UI (from the row's state) to `code` reach a
    feasible state no better for i than the row's state."""
    j = group[k]
    for b, db in enumerate(subs[j]):
        keep = ui[j][rows, b]
        if not keep.any():
            continue
        r, c = rows[keep], code[keep] ^ np.int64(db)
        if k + 1 < len(group):
            _answer(r, c, group, k + 1, ui, subs, where, size, hi_i, lo_i, answered, a)
            continue
        idx = where[np.minimum(c, size - 1)]
        hit = (c < size) & (idx >= 0)
        hit[hit] = hi_i[idx[hit]] <= lo_i[r[hit]]
        answered[r[hit], a] = True


def _answering_groups(others: list[int], rule: str) -> list[tuple[int, ...]]:
    """Who may answer at once under SIM: each opponent alone, or (`subsets`) every non-empty set of them."""
    if rule != "subsets":
        return [(j,) for j in others]
    return [c for k in range(1, len(others) + 1) for c in combinations(others, k)]


def _submasks(mask: int) -> np.ndarray:
    bits = [b for b in range(63) if mask >> b & 1]
    return np.array(
        [sum(1 << bits[k] for k in range(len(bits)) if s >> k & 1) for s in range(1, 1 << len(bits))], dtype=np.int64
    )


def _improvements(
    g: Graph,
    d: int,
    subs: np.ndarray,
    where: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    certain: bool = False,
    block: int = 1 << 16,
) -> np.ndarray:
    """(states, changes) bool: whether each change of d's options (its submasks `subs`) is a legal UI for d from
    each state; computed in blocks of states so that the temporaries stay small."""
    assert g.codes is not None
    codes = g.codes
    size = len(where)
    taken_only = np.int64(sum(1 << k for k, (_, o, r) in enumerate(g.options) if o == d and r == "taken_only"))
    dropped_only = np.int64(sum(1 << k for k, (_, o, r) in enumerate(g.options) if o == d and r == "dropped_only"))
    out = np.zeros((g.n, len(subs)), dtype=bool)
    key, thr = (lo, hi) if certain else (hi, lo)
    for r0 in range(0, g.n, block):
        c = codes[r0 : r0 + block, None]
        moved = c ^ subs[None, :]
        legal = ((subs[None, :] & c & taken_only) == 0) & ((subs[None, :] & ~c & dropped_only) == 0) & (moved < size)
        idx = where[np.minimum(moved, size - 1)]
        ok = legal & (idx >= 0)
        out[r0 : r0 + block] = ok & (key[np.maximum(idx, 0)] > thr[r0 : r0 + block, None])
    return out
