"""Courses of action for the sampled analyses: a lever package held under a theory, with the package the
mediator proposes.

`explore`, `voi` and `sensitivity` judge the same thing in every sample: "the mediator holds lever
package L and proposes package P; theory T holds". That is a `Course`. (The scenario's own `Strategy`,
`accord.scenario.schema.Strategy`, is a different thing: a lever package played month by month under a
procedure, which `simulate` and the findings use; the two names no longer clash.) Courses are written
`LEVERS@THEORY`; the proposal is the one the lever package makes possible (`accord.analyses.proposal`:
the Nash package of the first zone it opens within the window, at the nominal numbers).

The theory `beliefs` (offered when hypothesis sets carry a `belief`) draws, in each sample, which single
theory holds, with probability proportional to the sampled beliefs (`accepts_by_belief`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accord.analyses.proposal import Proposal, propose
from accord.errors import AccordError
from accord.model.acceptance import accepts
from accord.model.situation import situate_batch, theories
from accord.scenario.schema import Scenario

BELIEFS = "beliefs"


@dataclass(frozen=True)
class Course:
    """A lever package under a theory, and the package the mediator proposes."""

    id: str
    levers: str
    hypotheses: str | None
    proposal: dict[str, str] | None
    proposal_month: int | None = None  # the month the proposal's zone first opens (nominal numbers)
    offers: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})  # offer sets it was searched in


def make_strategies(scenario: Scenario, specs: list[str] | None = None) -> list[Course]:
    """Courses from `LEVERS@THEORY` specs, or every lever package under every theory.

    Each course's proposal is the one its lever package makes possible (`accord.analyses.proposal.propose`):
    the Nash package of the first zone it opens within the window, at the nominal numbers.

    The theory `beliefs` (offered when hypothesis sets carry a `belief`) draws, in each sample,
    which single theory holds, with probability proportional to the sampled beliefs.
    """
    th = dict(theories(scenario))
    if any(hs.belief for hs in scenario.hypothesis_sets):
        th[BELIEFS] = BELIEFS
    if specs:
        pairs = []
        for spec in specs:
            lv, _, t = spec.partition("@")
            if not lv.strip():
                raise AccordError(f"strategy {spec!r} names no lever package; write LEVERS@THEORY, e.g. "
                                  f"{(scenario.lever_packages[0].id if scenario.lever_packages else 'none')}@none "
                                  "('none' for no levers or no theory)")
            t = t or "none"
            hyp = th.get(t, t if t != "none" else None)
            pairs.append((spec, lv, hyp))
    else:
        lps = [lp.id for lp in scenario.lever_packages] or ["none"]
        pairs = [(f"{lv}@{label}", lv, hyp) for lv in lps for label, hyp in th.items()]
    out = []
    for sid, lv, hyp in pairs:
        if hyp == BELIEFS:
            if not any(hs.belief for hs in scenario.hypothesis_sets):
                raise AccordError("theory 'beliefs' needs hypothesis sets with a `belief`")
            prop = _belief_proposal(scenario, lv)
        else:
            prop = propose(scenario, lv, hyp)
        out.append(Course(sid, lv, hyp, prop.package, prop.month, prop.offers))
    return out


def _belief_proposal(scenario: Scenario, levers: str) -> Proposal:
    """Under uncertain theories the mediator puts forward one package: of the proposals each theory's zone
    makes possible, the one accepted (within the window, at the nominal numbers) under the most prior belief;
    ties go to the likelier theory's own proposal."""
    sets = sorted(scenario.hypothesis_sets, key=lambda hs: -(hs.belief or 0.0))
    props = [propose(scenario, levers, hs.id) for hs in sets]
    best, best_mass = props[0], -1.0
    for prop in props:
        if prop.package is None:
            continue
        row = candidate_rows(scenario, [Course("", levers, None, prop.package)])[0][:1]
        mass = sum(hs.belief or 0.0 for hs in sets
                   if accepts(situate_batch(scenario, levers, hs.id), row, scenario.window)[0][0, 0])
        if mass > best_mass + 1e-12:
            best, best_mass = prop, mass
    return best


def accepts_by_belief(s: Scenario, course: Course, numbers: object, cand: np.ndarray, seed: int, chunk: int,
                      window: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`accord.model.acceptance.accepts` for a course under the theory `beliefs`: each sample's theory drawn
    from its sampled beliefs (one theory per sample; the draw seeded by `seed` and the chunk's number)."""
    belief = numbers.belief  # type: ignore[attr-defined]
    weights = belief / np.where(belief.sum(axis=1, keepdims=True) > 0, belief.sum(axis=1, keepdims=True), 1.0)
    u = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, 1))).random(len(belief))
    choice = (u[:, None] > np.cumsum(weights, axis=1)).sum(axis=1)
    ok = np.zeros((len(belief), len(cand)), dtype=bool)
    util = None
    for k, hs in enumerate(s.hypothesis_sets):
        rows = np.flatnonzero(choice == k)
        if rows.size == 0:
            continue
        part = numbers.take(rows)  # type: ignore[attr-defined]
        o, ut = accepts(situate_batch(s, course.levers, hs.id, numbers=part), cand, window)
        if util is None:
            util = np.zeros((len(belief), *ut.shape[1:]))
        ok[rows], util[rows] = o, ut
    if util is None:
        return accepts(situate_batch(s, course.levers, None, numbers=numbers), cand, window)
    return ok, util


def candidate_rows(scenario: Scenario, courses: list[Course]) -> np.ndarray:
    """(G, 1 + named, n) option indices: each course's proposal, then every named package."""
    from accord.model.evaluation import package_rows

    named = [dict(p.options) for p in scenario.packages]
    rows = [package_rows(scenario, [st.proposal, *named]) for st in courses]
    return np.array(rows, dtype=np.int64).reshape(len(courses), 1 + len(named), len(scenario.issues))
