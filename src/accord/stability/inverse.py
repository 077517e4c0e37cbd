"""Inverse GMCR: for a state one wants to be an equilibrium, the preferences under which it is.

The conditions are written as clauses over pairwise preferences, never by enumerating rankings. A clause is a
list of alternatives, at least one of which must hold; an alternative is a conjunction of literals (all must
hold). For each decision maker i and each state t it can reach from s* (t in R_i(s*)):
- Nash: s* >=_i t.
- GMR:  s* >=_i t, or (s* >=_i u) for some u in R_{N-i}(t) (the others' legal sequences from t).
- SMR:  s* >=_i t, or (s* >=_i u and s* >=_i v for every v in R_i(u)) for some u in R_{N-i}(t): the sanction
        holds whatever i does next.
- SEQ:  s* >=_i t, or (u >_j t and s* >=_i u) for some other decision maker j and u in R_j(t): a sanction the
        sanctioner itself gains by (one-move sanctions: exact for two decision makers, a sufficient condition
        for more).
SIM combines moves option by option and has no such pairwise form here; it is refused with a message.
A solution picks one alternative per clause so that as few pairwise preferences as possible change from the
model's own (a weighted hitting set, solved exactly as a 0-1 linear programme with SciPy's MILP), then
checks that the chosen literals fit a ranking per decision maker (no cycle among strict preferences).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.stability.coalitions import group_reach
from accord.stability.graph import Graph, moves_from

Literal = tuple[int, int, int, bool]
"""(decision maker, a, b, strict): a >_dm b when strict, a >=_dm b otherwise."""
Alternative = tuple[Literal, ...]
"""A conjunction: every literal must hold."""
Clause = list[Alternative]
"""A disjunction of alternatives: at least one must hold."""

CONCEPTS = ("nash", "gmr", "smr", "seq")


@dataclass(frozen=True)
class Inverse:
    """The conditions for a desired equilibrium and the smallest change of preferences meeting them."""

    target: int
    concept: str
    clauses: list[Clause]
    holds_now: bool
    chosen: list[Literal]
    changes: list[Literal]
    feasible: bool


def holds(g: Graph, lit: Literal) -> bool:
    """Whether a literal holds under the model's own preferences."""
    dm, a, b, strict = lit
    return bool(g.score[dm][a] > g.score[dm][b]) if strict else bool(g.score[dm][a] >= g.score[dm][b])


def conditions(g: Graph, target: int, concept: str) -> list[Clause]:
    """The clauses that make `target` an equilibrium under `concept` (see the module's description)."""
    if concept == "sim":
        raise ValueError(
            "inverse analysis has no pairwise-preference form for SIM (its sanctions combine moves "
            "option by option); ask for nash, gmr, smr or seq"
        )
    if concept not in CONCEPTS:
        raise ValueError(f"inverse analysis covers {', '.join(CONCEPTS)}, not {concept!r}")
    nd = len(g.dms)
    clauses: list[Clause] = []
    for i in range(nd):
        _, ts = moves_from(g, i, np.array([target]))
        others = tuple(j for j in range(nd) if j != i)
        reach = group_reach(g, others) if concept in ("gmr", "smr") and others else None
        for t in ts.tolist():
            clause: Clause = [((i, target, t, False),)]
            if reach is not None:
                for u in np.nonzero(reach[t])[0].tolist():
                    if concept == "gmr":
                        clause.append(((i, target, u, False),))
                    else:
                        _, vs = moves_from(g, i, np.array([u]))
                        clause.append(
                            ((i, target, u, False),) + tuple((i, target, v, False) for v in vs.tolist() if v != target)
                        )
            elif concept == "seq":
                for j in others:
                    _, us = moves_from(g, j, np.array([t]))
                    clause += [((j, u, t, True), (i, target, u, False)) for u in us.tolist()]
            clauses.append(clause)
    return clauses


def satisfied(clauses: list[Clause], holds_fn: object) -> bool:
    """Whether every clause has an alternative all of whose literals hold (`holds_fn(literal) -> bool`)."""
    return all(any(all(holds_fn(lit) for lit in alt) for alt in clause) for clause in clauses)  # type: ignore[operator]


def solve(g: Graph, target: int, concept: str) -> Inverse:
    """The conditions and a minimal-change set of pairwise preferences that meets them."""
    clauses = conditions(g, target, concept)
    holds_now = satisfied(clauses, lambda lit: holds(g, lit))
    if not clauses:
        return Inverse(target, concept, clauses, True, [], [], True)
    lits = sorted({lit for clause in clauses for alt in clause for lit in alt})
    index = {lit: k for k, lit in enumerate(lits)}
    cost = np.array([0.0 if holds(g, lit) else 1.0 for lit in lits])
    # variables: one per literal, one per (clause, alternative); an alternative needs all its literals
    nalt = sum(len(c) for c in clauses)
    nv = len(lits) + nalt
    rows, lo, hi = [], [], []
    col = len(lits)
    for clause in clauses:
        row = np.zeros(nv)
        for alt in clause:
            row[col] = 1.0
            for lit in alt:
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
    c = np.concatenate([cost, np.full(nalt, 1e-6)])
    from scipy.optimize import Bounds, LinearConstraint, milp  # here: SciPy's optimiser costs 40 MB and 0.2 s to import

    res = milp(c, constraints=LinearConstraint(np.array(rows), lo, hi), integrality=np.ones(nv), bounds=Bounds(0, 1))
    if res.x is None:
        return Inverse(target, concept, clauses, holds_now, [], [], False)
    chosen = [lit for lit in lits if res.x[index[lit]] > 0.5]
    changes = [lit for lit in chosen if not holds(g, lit)]
    return Inverse(target, concept, clauses, holds_now, chosen, changes, _acyclic(g, chosen))


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
