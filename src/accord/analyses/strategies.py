"""Courses of action for the sampled analyses: a lever package held under a theory, with the package the
mediator proposes.

`explore`, `voi` and `sensitivity` judge the same thing in every sample: "the mediator holds lever
package L and proposes package P; theory T holds". That is a `Course`. (The scenario's own `Strategy`,
`accord.scenario.schema.Strategy`, is a different thing: a lever package played month by month under a
procedure, which `simulate` and the findings use; the two names no longer clash.) Courses are written
`LEVERS@THEORY`; the proposal is the one the lever package makes possible (`accord.analyses.proposal`:
the Nash package of the first zone it opens within the window, at the nominal numbers).

The theory `beliefs` (offered when hypothesis sets carry a `belief`) draws, in each sample, which single
theory holds, with probability proportional to the sampled beliefs (`draw_theories`); everything in that
sample (acceptance, whether a zone exists) is then judged under the drawn theory (`situate_by_theory`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from accord.analyses.proposal import Proposal, propose
from accord.errors import AccordError
from accord.model.acceptance import accepts
from accord.model.situation import Batch, Numbers, situate_batch, theories
from accord.scenario.paths import Parameter
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
                raise AccordError(
                    f"strategy {spec!r} names no lever package; write LEVERS@THEORY, e.g. "
                    f"{(scenario.lever_packages[0].id if scenario.lever_packages else 'none')}@none "
                    "('none' for no levers or no theory)"
                )
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
        mass = sum(
            hs.belief or 0.0
            for hs in sets
            if accepts(situate_batch(scenario, levers, hs.id), row, scenario.window)[0][0, 0]
        )
        if mass > best_mass + 1e-12:
            best, best_mass = prop, mass
    return best


def prior_beliefs(scenario: Scenario) -> dict[str, float]:
    """Each hypothesis set's share of the prior belief at the nominal numbers (beliefs normalised to sum to 1):
    the chance that the theory `beliefs` draws it in a sample; empty when no set carries a belief."""
    raw = {hs.id: hs.belief or 0.0 for hs in scenario.hypothesis_sets}
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items()} if total > 0 else {}


def belief_note(scenario: Scenario, params: list[Parameter] | None = None) -> str:
    """How the theory `beliefs` draws its theory, in words: the prior beliefs by theory name, and their ranges
    when the beliefs are themselves uncertain (`params`: the sampled parameters)."""
    prior = prior_beliefs(scenario)
    sets = {hs.id: hs for hs in scenario.hypothesis_sets}
    share = "; ".join(f"{sets[k].name or k} {v:.2f}" for k, v in prior.items())
    ranges = {
        p.loc[1]: (p.low, p.high)
        for p in params or []
        if p.loc[:1] == ("hypothesis_sets",) and p.loc[2:] == ("belief",)
    }
    spread = ""
    if ranges:
        lo = {round(v[0], 6) for v in ranges.values()}
        hi = {round(v[1], 6) for v in ranges.values()}
        spread = (
            f" Each belief is itself uncertain (sampled between {min(lo):g} and {max(hi):g}) and the beliefs "
            "are renormalised in every sample."
        )
    return (
        f"Theory 'beliefs': in each sample one theory holds, drawn with probability proportional to the prior "
        f"beliefs: {share}.{spread} Whether a zone exists and whether every decider accepts are judged under "
        "the theory drawn."
    )


def belief_uniforms(seed: int, chunk: int, n: int) -> np.ndarray:
    """One uniform draw per sample that picks its theory: seeded by the run's seed and the chunk's number alone
    (apart from the design's own stream, so the same seed gives the same numbers with or without `beliefs`)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, 1))).random(n)


def draw_theories(numbers: Numbers, u: np.ndarray) -> np.ndarray:
    """The hypothesis set (its index) that holds in each sample: `u` (one uniform draw per sample) against the
    cumulative sampled beliefs, normalised per sample; -1 (no hypotheses) where no set carries a belief."""
    belief = numbers.belief
    total = belief.sum(axis=1, keepdims=True)
    cum = np.cumsum(belief / np.where(total > 0, total, 1.0), axis=1)
    choice = np.minimum((u[:, None] >= cum).sum(axis=1), max(belief.shape[1] - 1, 0))
    return np.where(total[:, 0] > 0, choice, -1)


def situate_by_theory(
    s: Scenario, levers: str, numbers: Numbers, choice: np.ndarray
) -> Iterator[tuple[np.ndarray, Batch]]:
    """The samples each drawn theory holds in (their rows), situated under it: one batch per theory, none per
    sample."""
    for k in np.unique(choice):
        rows = np.flatnonzero(choice == k)
        yield rows, situate_batch(s, levers, s.hypothesis_sets[k].id if k >= 0 else None, numbers=numbers.take(rows))


def accepts_by_belief(
    s: Scenario,
    course: Course,
    numbers: Numbers,
    cand: np.ndarray,
    seed: int,
    chunk: int,
    window: int | None = None,
    *,
    choice: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`accord.model.acceptance.accepts` for a course under the theory `beliefs`: each sample judged under the
    theory drawn for it (`choice`, from `draw_theories`; by default drawn with `belief_uniforms(seed, chunk)`)."""
    if choice is None:
        choice = draw_theories(numbers, belief_uniforms(seed, chunk, len(numbers.belief)))
    ok = np.zeros((len(choice), len(cand)), dtype=bool)
    util = None
    for rows, batch in situate_by_theory(s, course.levers, numbers, choice):
        o, ut = accepts(batch, cand, window)
        if util is None:
            util = np.zeros((len(choice), *ut.shape[1:]))
        ok[rows], util[rows] = o, ut
    assert util is not None
    return ok, util


def candidate_rows(scenario: Scenario, courses: list[Course]) -> np.ndarray:
    """(G, 1 + named, n) option indices: each course's proposal, then every named package."""
    from accord.model.evaluation import package_rows

    named = [dict(p.options) for p in scenario.packages]
    rows = [package_rows(scenario, [st.proposal, *named]) for st in courses]
    return np.array(rows, dtype=np.int64).reshape(len(courses), 1 + len(named), len(scenario.issues))
