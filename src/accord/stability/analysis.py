"""One call for the whole stability analysis of a graph model, and the narration of why a state is stable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.budget import Estimate
from accord.stability.coalitions import MAX_STATES, CoalitionResult, all_coalitions, coalition
from accord.stability.concepts import CONCEPTS, Progress, Stability, analyse
from accord.stability.dynamics import StatusQuo, limited_move, non_myopic, status_quo
from accord.stability.graph import Graph, moves_from
from accord.stability.partition import PartitionResult
from accord.stability.partition import analyse as analyse_partition


@dataclass(frozen=True)
class Report:
    """Everything `accord stability` shows: the concepts, and the optional extensions that were asked for."""

    graph: Graph
    stability: Stability
    robust: Stability | None = None
    horizon: int | None = None
    limited: np.ndarray | None = None
    nonmyopic: np.ndarray | None = None
    nonmyopic_period: tuple[int, int] | None = None
    coalitions: list[CoalitionResult] = field(default_factory=list)
    status_quo: StatusQuo | None = None
    notes: tuple[str, ...] = ()
    partition: PartitionResult | None = None

    def equilibria(self) -> dict[str, list[int]]:
        """Equilibria per concept, extensions included."""
        out = {c: self.stability.equilibria(c) for c in self.stability.table}
        if self.limited is not None:
            out[f"L{self.horizon}"] = [int(s) for s in np.nonzero(self.limited.all(axis=0))[0]]
        if self.nonmyopic is not None:
            out["nonmyopic"] = [int(s) for s in np.nonzero(self.nonmyopic.all(axis=0))[0]]
        if self.robust is not None:
            for c in self.robust.table:
                out[f"robust_{c}"] = self.robust.equilibria(c)
        return out


PAIR_SECONDS = 3e-10
"""CPU seconds per pair of states for the full set of concepts (measured on the 2-core reference machine: 18
options, 262,144 states, all five concepts in 19 s)."""


def estimate(g: Graph, concepts: Sequence[str] = CONCEPTS, robust: bool = False, coalitions: bool = False) -> Estimate:
    """The CPU the analysis will take: it grows with states^2 (every state against every state it reaches)."""
    heavy = any(c in concepts for c in ("gmr", "smr", "seq", "sim"))
    seconds = (
        PAIR_SECONDS
        * float(g.n) ** 2
        * (1.0 if heavy else 0.05)
        * (2 if robust else 1)
        * (1 + len(g.dms) if coalitions else 1)
    )
    return Estimate(seconds, f"the stability analysis of {g.n:,} states ({len(g.options)} options; states^2)")


def run(
    g: Graph,
    concepts: Sequence[str] = CONCEPTS,
    horizon: int | None = None,
    nonmyopic: bool = False,
    coalitions: bool | Sequence[tuple[int, ...]] = False,
    start: int | None = None,
    robust: bool = False,
    progress: Progress = None,
    partition: tuple[tuple[str, tuple[int, ...]], ...] | None = None,
) -> Report:
    """Analyse a compiled graph model: the concepts, and the extensions asked for. `partition` (default: the
    model's own, if it names one) runs every concept with its blocks acting as one decision maker."""
    notes: list[str] = list(g.warnings)
    if g.sanctions == "gmcr-py" and len(g.dms) > 2:
        notes.append(
            "sanction chains follow gmcr-py's rule (each opponent moves at most once per chain): a "
            "compatibility mode that departs from the definition, which forbids only moving twice in "
            "succession"
        )
    if g.sim_rule == "subsets" and len(g.dms) > 2 and "sim" in concepts:
        notes.append("SIM: any set of opponents may answer at once (sim: subsets)")
    st = analyse(g, concepts, progress=progress)
    if st.skipped:
        notes += [f"{c.upper()} not computed: {why}" for c, why in st.skipped.items()]
    rob = analyse(g, [c for c in concepts if c != "sim"], robust=True) if robust else None
    lim = limited_move(g, horizon) if horizon else None
    nm = period = None
    if nonmyopic:
        nm, first, length = non_myopic(g)
        period = (first, length)
    coal: list[CoalitionResult] = []
    if not coalitions and g.coalitions and g.n <= MAX_STATES:
        coalitions = list(g.coalitions.values())  # the model's named coalitions, by default
    if coalitions:
        if g.n > MAX_STATES:
            notes.append(f"coalition analysis skipped: it handles up to {MAX_STATES:,} states, this model has {g.n:,}")
        elif coalitions is True:
            coal = all_coalitions(g)
        else:
            coal = [coalition(g, c) for c in coalitions]
    sq = status_quo(g, start) if start is not None else None
    blocks = partition if partition is not None else g.partition
    part = None
    if blocks:
        if g.n > MAX_STATES:
            notes.append(f"partition analysis skipped: it handles up to {MAX_STATES:,} states, this model has {g.n:,}")
        else:
            part = analyse_partition(g, blocks, tuple(concepts))
            notes += [
                f"partition {c.upper()} not computed: {why}"
                for c, why in part.skipped.items()
                if c not in (st.skipped or {})
            ]
    return Report(g, st, rob, horizon, lim, nm, period, coal, sq, tuple(notes), part)


def narrate(g: Graph, st: Stability, s: int, dm: int, concept: str) -> str:
    """Why state s is or is not stable for a decision maker under a concept: its improvements and sanctions."""
    name = g.dms[dm]
    u = g.score[dm]
    _, targets = moves_from(g, dm, np.array([s]))
    ups = [int(t) for t in targets if u[t] > u[s]]
    stable = bool(st.table[concept][dm, s]) if concept in st.table else None
    if not ups:
        return f"{name}: no unilateral improvement from state {g.labels[s]}, so it is stable for {name}."
    lines = [
        f"{name} can improve from state {g.labels[s]} to "
        + ", ".join(g.labels[t] for t in ups[:8])
        + (" ..." if len(ups) > 8 else "")
        + "."
    ]
    if concept == "nash":
        lines.append(f"Under Nash stability that is enough: state {g.labels[s]} is unstable for {name}.")
        return " ".join(lines)
    others = [j for j in range(len(g.dms)) if j != dm]
    for t in ups[:8]:
        if concept == "sim":
            answer = _simultaneous_answer(g, dm, others, s, t)
            lines.append(
                f"The move to {g.labels[t]} meets no simultaneous improvement that punishes it."
                if answer is None
                else f"The move to {g.labels[t]} is sanctioned: {g.dms[answer[1]]} moving at the same time "
                f"leads to {g.labels[answer[0]]}, which {name} likes no better than {g.labels[s]}."
            )
            continue
        sanction = _sanction(g, dm, others, s, t, improving=(concept == "seq"), counter=(concept == "smr"))
        if sanction is None:
            lines.append(
                f"The move to {g.labels[t]} cannot be sanctioned"
                + (" by credible (improving) moves" if concept == "seq" else "")
                + "."
            )
        else:
            path = " then ".join(f"{g.dms[j]} moves to {g.labels[x]}" for x, j in sanction)
            lines.append(
                f"The move to {g.labels[t]} is sanctioned: {path}, which {name} likes no better than {g.labels[s]}."
            )
    verdict = "stable" if stable else "unstable"
    lines.append(f"Under {concept.upper()}, state {g.labels[s]} is {verdict} for {name}.")
    return " ".join(lines)


def _simultaneous_answer(g: Graph, dm: int, others: list[int], s: int, t: int) -> tuple[int, int] | None:
    """(state, decision maker): an improvement of another from s which, made with dm's move to t, leaves dm
    no better off than at s (option form)."""
    if g.codes is None:
        return None
    change = int(g.codes[t]) ^ int(g.codes[s])
    for j in others:
        _, rs = moves_from(g, j, np.array([s]))
        for r in rs.tolist():
            if g.score[j][r] <= g.score[j][s]:
                continue
            both = np.nonzero(g.codes == (int(g.codes[r]) ^ change))[0]
            if both.size and g.score[dm][both[0]] <= g.score[dm][s]:
                return int(both[0]), j
    return None


def _sanction(
    g: Graph, dm: int, others: list[int], s: int, t: int, improving: bool, counter: bool = False
) -> list[tuple[int, int]] | None:
    """A shortest legal sequence of the others' moves from t to a state dm likes no better than s (with
    `counter`, also one from which dm has no move back above s, as SMR requires)."""
    u = g.score[dm]

    def punishes(y: int) -> bool:
        if u[y] > u[s]:
            return False
        return not counter or all(u[z] <= u[s] for z in moves_from(g, dm, np.array([y]))[1].tolist())

    start = (t, -1)
    parent: dict[tuple[int, int], tuple[int, int]] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        nxt: list[tuple[int, int]] = []
        for x, last in frontier:
            for j in others:
                if j == last:
                    continue
                for y in moves_from(g, j, np.array([x]))[1].tolist():
                    if improving and not g.score[j][y] > g.score[j][x]:
                        continue
                    node = (y, j)
                    if node in seen:
                        continue
                    seen.add(node)
                    parent[node] = (x, last)
                    if punishes(y):
                        path = [node]
                        while parent[path[-1]] != start:
                            path.append(parent[path[-1]])
                        return [(x_, j_) for x_, j_ in reversed(path)]
                    nxt.append(node)
        frontier = nxt
        if len(seen) > 200_000:
            return None
    return None
