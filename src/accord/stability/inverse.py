"""Inverse GMCR: for a state one wants to be an equilibrium, the preferences under which it is.

The conditions are written as clauses over pairwise preferences, never by enumerating rankings:
- Nash: for each decision maker i and each t in R_i(s*): s* >=_i t.
- GMR:  for each i and t in R_i(s*): s* >=_i t, or s* >=_i u for some u in R_{N-i}(t).
- SEQ:  for each i and t in R_i(s*): s* >=_i t, or some other decision maker j can move t -> u with
        u >_j t and s* >=_i u (one-move sanctions: exact for two decision makers, a sufficient
        condition for more).
A solution picks one literal per clause so that as few pairwise preferences as possible change from the
model's own (a weighted hitting set, solved exactly as a 0-1 linear programme with SciPy's MILP), then
checks that the chosen literals fit a ranking per decision maker (no cycle among strict preferences).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from accord.stability.coalitions import group_reach
from accord.stability.graph import Graph, moves_from

Literal = tuple[int, int, int, bool]
"""(decision maker, a, b, strict): a >_dm b when strict, a >=_dm b otherwise."""


@dataclass(frozen=True)
class Inverse:
    """The conditions for a desired equilibrium and the smallest change of preferences meeting them."""

    target: int
    concept: str
    clauses: list[list[Literal]]
    holds_now: bool
    chosen: list[Literal]
    changes: list[Literal]
    feasible: bool


def _holds(g: Graph, lit: Literal) -> bool:
    dm, a, b, strict = lit
    return bool(g.score[dm][a] > g.score[dm][b]) if strict else bool(g.score[dm][a] >= g.score[dm][b])


def conditions(g: Graph, target: int, concept: str) -> list[list[Literal]]:
    """The clauses (each an OR of literals) that make `target` an equilibrium under `concept`."""
    if concept not in ("nash", "gmr", "seq"):
        raise ValueError(f"inverse analysis covers nash, gmr and seq, not {concept!r}")
    nd = len(g.dms)
    clauses: list[list[Literal]] = []
    for i in range(nd):
        _, ts = moves_from(g, i, np.array([target]))
        others = tuple(j for j in range(nd) if j != i)
        reach = group_reach(g, others) if concept == "gmr" and others else None
        for t in ts.tolist():
            clause: list[Literal] = [(i, target, t, False)]
            if concept == "gmr" and reach is not None:
                clause += [(i, target, u, False) for u in np.nonzero(reach[t])[0].tolist()]
            elif concept == "seq":
                for j in others:
                    _, us = moves_from(g, j, np.array([t]))
                    for u in us.tolist():
                        clause.append((j, u, t, True))   # paired with (i, target, u) below
                        clause.append((i, target, u, False))
            clauses.append(clause)
    return clauses


def solve(g: Graph, target: int, concept: str) -> Inverse:
    """The conditions and a minimal-change set of pairwise preferences that meets them."""
    clauses = conditions(g, target, concept)
    holds_now = all(_clause_holds(g, c, concept) for c in clauses)
    options: list[list[tuple[Literal, ...]]] = [_options(c, concept) for c in clauses]
    lits = sorted({lit for opts in options for opt in opts for lit in opt})
    if not clauses:
        return Inverse(target, concept, clauses, True, [], [], True)
    index = {lit: k for k, lit in enumerate(lits)}
    cost = np.array([0.0 if _holds(g, lit) else 1.0 for lit in lits])
    # variables: one per literal, one per (clause, option); an option needs all its literals
    nopt = sum(len(o) for o in options)
    nv = len(lits) + nopt
    rows, lo, hi = [], [], []
    col = len(lits)
    for opts in options:
        row = np.zeros(nv)
        for opt in opts:
            row[col] = 1.0
            for lit in opt:
                link = np.zeros(nv)
                link[col] = 1.0
                link[index[lit]] = -1.0
                rows.append(link)
                lo.append(-np.inf)
                hi.append(0.0)
            col += 1
        rows.append(row)
        lo.append(1.0)
        hi.append(np.inf)
    c = np.concatenate([cost, np.full(nopt, 1e-6)])
    res = milp(c, constraints=LinearConstraint(np.array(rows), lo, hi), integrality=np.ones(nv),
               bounds=Bounds(0, 1))
    if res.x is None:
        return Inverse(target, concept, clauses, holds_now, [], [], False)
    chosen = [lit for lit in lits if res.x[index[lit]] > 0.5]
    changes = [lit for lit in chosen if not _holds(g, lit)]
    return Inverse(target, concept, clauses, holds_now, chosen, changes, _acyclic(g, chosen))


def _options(clause: list[Literal], concept: str) -> list[tuple[Literal, ...]]:
    if concept != "seq":
        return [(lit,) for lit in clause]
    out: list[tuple[Literal, ...]] = [(clause[0],)]
    out += [(clause[k], clause[k + 1]) for k in range(1, len(clause) - 1, 2)]
    return out


def _clause_holds(g: Graph, clause: list[Literal], concept: str) -> bool:
    return any(all(_holds(g, lit) for lit in opt) for opt in _options(clause, concept))


def _acyclic(g: Graph, chosen: list[Literal]) -> bool:
    """Whether the chosen literals, with the model's other preferences, fit one ranking per decision maker."""
    for dm in range(len(g.dms)):
        edges = [(a, b, s) for d, a, b, s in chosen if d == dm]
        if not edges:
            continue
        nodes = sorted({x for a, b, _ in edges for x in (a, b)})
        pos = {x: k for k, x in enumerate(nodes)}
        m = len(nodes)
        weak = np.zeros((m, m), dtype=bool)
        strict = np.zeros((m, m), dtype=bool)
        for a, b, s in edges:
            weak[pos[a], pos[b]] = True
            if s:
                strict[pos[a], pos[b]] = True
        closure = weak | np.eye(m, dtype=bool)
        for k in range(m):
            closure |= closure[:, [k]] & closure[[k], :]
        # a cycle through a strict edge a > b with b >= ... >= a is a contradiction
        if np.any(strict & closure.T):
            return False
    return True
