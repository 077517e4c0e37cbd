"""Findings: which strategy works under whose theory, how sure that is, and which hypotheses decide it.

For each theory (no hypotheses, then each hypothesis set) every strategy of the scenario is
played month by month (`accord.analyses.simulate`) over the window: once at the nominal numbers (the
verdict) and over `samples` runs with sampled numbers (its robustness: the share of runs that
end in a deal, with a 95% interval, and the months it takes). Strategies are ranked by the
nominal month of the deal (a deal beats none; sooner beats later), then by the sampled share,
then by the nominal cost of delay. The **pivotal hypotheses** of a theory are those whose
removal (the theory's other hypotheses kept) changes which strategy ranks first: they are what
makes the difference between the theories.

With an `evidence:` section, the findings also say which theory the record favours
(`accord.analyses.evidence`), and, with two theories or lever packages to choose among, the
unknown most worth learning before choosing (`accord.analyses.voi`, goal: a deal), with the theories
weighed as the record leaves them (the posterior; the prior where there is no record).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from accord.analyses.claims import ClaimsReport, check
from accord.analyses.evidence import EvidenceReport, weigh, with_beliefs
from accord.analyses.frames import Table, Tabular
from accord.analyses.simulate import simulate
from accord.analyses.voi import VoiResult, voi
from accord.errors import AccordError
from accord.model.situation import resolve_hypotheses
from accord.scenario.schema import Scenario

Progress = Callable[[int, int], None]
VOI_SAMPLES = 2_000  # at least this many samples for the value of information line


@dataclass(frozen=True)
class Outcome:
    """One strategy under one theory."""

    strategy: str
    name: str
    deal_month: int | None  # at the nominal numbers (None: no deal within the window)
    proposal: dict[str, str] | None  # the package agreed at the nominal numbers
    p_deal: float  # share of sampled runs ending in a deal within the window
    p_deal_ci: tuple[float, float]
    months: list[float | None]  # 10/50/90% months to a deal among sampled runs with one
    war_cost: float  # nominal deciders' cost of war before the deal (utility, summed over months)
    lever_cost: float  # nominal cost of the levers in force before the deal, in the scenario's cost unit


@dataclass(frozen=True)
class Pivot:
    """A hypothesis whose removal changes the theory's best strategy."""

    hypothesis: str
    statement: str
    best_without: str | None


@dataclass(frozen=True)
class TheoryFindings:
    """Every strategy under one theory, ranked, with the hypotheses that decide the ranking."""

    theory: str
    name: str
    outcomes: list[Outcome]  # best first
    pivots: list[Pivot]

    @property
    def best(self) -> Outcome | None:
        """The strategy that ranks first, if any ends in a deal at the nominal numbers."""
        return self.outcomes[0] if self.outcomes and self.outcomes[0].deal_month is not None else None


@dataclass(frozen=True)
class Findings(Tabular):
    """What the scenario says, theory by theory, with the claims' check."""

    scenario: str
    window: int
    samples: int
    theories: list[TheoryFindings]
    claims: ClaimsReport
    seconds: float
    notes: list[str] = field(default_factory=list)
    evidence: EvidenceReport | None = None
    voi: VoiResult | None = None

    def _table(self) -> Table:
        """Every strategy under every theory, best first: P(deal), months to a deal, what it costs."""
        rows = [
            (
                t.theory,
                o.strategy,
                t.name,
                o.name,
                o.p_deal,
                o.p_deal_ci[0],
                o.p_deal_ci[1],
                o.deal_month,
                o.months[1] if len(o.months) > 1 else None,
                o.lever_cost,
                o.war_cost,
            )
            for t in self.theories
            for o in t.outcomes
        ]
        return Table(
            "Strategies under each theory, best first",
            ("theory_id", "strategy_id", "theory", "strategy"),
            (
                "P(deal)",
                "P(deal) low",
                "P(deal) high",
                "deal month (nominal)",
                "median months to a deal",
                "lever cost before the deal",
                "cost of war before the deal (utility)",
            ),
            rows,
            key="findings",
        )


def _rank_key(o: Outcome) -> tuple[float, float, float]:
    return (o.deal_month if o.deal_month is not None else np.inf, -o.p_deal, o.war_cost + o.lever_cost)


def _outcome(scenario: Scenario, strategy: str, hyp: list[str] | None, samples: int, seed: int) -> Outcome:
    nominal = simulate(scenario, strategy, hyp)
    st = next(x for x in scenario.strategies if x.id == strategy)
    month = int(nominal.deal_month[0]) if nominal.deal_month[0] >= 0 else None
    if samples:
        runs = simulate(scenario, strategy, hyp, runs=samples, seed=seed)
        p = runs.p_deal
        half = 1.96 * np.sqrt(max(p * (1 - p), 1e-12) / samples)
        ci = (max(0.0, p - half), min(1.0, p + half))
        months = runs.months_quantiles()
    else:
        p, ci, months = float(month is not None), (float("nan"), float("nan")), [None, None, None]
    return Outcome(
        strategy,
        st.name or st.id,
        month,
        nominal.deal_package[0],
        float(p),
        ci,
        months,
        float(nominal.war_cost[0]),
        float(nominal.lever_cost[0]),
    )


def _best_nominal(scenario: Scenario, hyp: list[str]) -> str | None:
    ranked = []
    for st in scenario.strategies:
        r = simulate(scenario, st.id, hyp or None)
        m = int(r.deal_month[0]) if r.deal_month[0] >= 0 else None
        ranked.append((m if m is not None else np.inf, float(r.war_cost[0] + r.lever_cost[0]), st.id, m))
    ranked.sort()
    return ranked[0][2] if ranked and ranked[0][3] is not None else None


def findings(
    scenario: Scenario,
    *,
    samples: int = 500,
    seed: int = 0,
    claim_samples: int | None = None,
    pivots: bool = True,
    progress: Progress | None = None,
) -> Findings:
    """Rank every strategy under every theory (nominal and over samples), find the pivotal hypotheses,
    and check the claims."""
    t0 = time.perf_counter()
    theories: list[tuple[str, str, list[str] | None]] = [("none", "no hypotheses", None)]
    theories += [(hs.id, hs.name or hs.id, [hs.id]) for hs in scenario.hypothesis_sets]
    steps = len(theories) * (1 + (1 if pivots else 0)) + 1
    done = 0
    out = []
    for tid, tname, hyp in theories:
        outcomes = sorted((_outcome(scenario, st.id, hyp, samples, seed) for st in scenario.strategies), key=_rank_key)
        done += 1
        if progress is not None:
            progress(done, steps)
        found: list[Pivot] = []
        if pivots and hyp is not None:
            full = list(resolve_hypotheses(scenario, hyp))
            best = outcomes[0].strategy if outcomes and outcomes[0].deal_month is not None else None
            for h in full:
                without = _best_nominal(scenario, [x for x in full if x != h])
                if without != best:
                    hd = next(x for x in scenario.hypotheses if x.id == h)
                    found.append(Pivot(h, hd.statement, without))
            done += 1
            if progress is not None:
                progress(done, steps)
        out.append(TheoryFindings(tid, tname, outcomes, found))
    claims = check(scenario, samples=samples if claim_samples is None else claim_samples, seed=seed)
    record = weigh(scenario, samples=max(samples, 2), seed=seed, watch=False) if scenario.evidence else None
    worth = None
    if samples >= 10:
        # the theories weighed as the record leaves them (the prior where there is no record)
        # (issue 24: from observations only; the interpreted ones are left out, and the label says so)
        beliefs = record.deciding_posterior if record is not None else None
        label = (
            "posterior"
            if record is None or not record.interpreted
            else "posterior from observations only (interpreted ones left out)"
        )
        try:
            worth = voi(
                with_beliefs(scenario, beliefs) if beliefs else scenario,
                samples=max(samples, VOI_SAMPLES),
                seed=seed,
                groups=False,
                beliefs=beliefs,
                belief_label=label if beliefs else "prior",
            )
        except AccordError:  # fewer than two options to choose among: nothing to value
            worth = None
    if progress is not None:
        progress(steps, steps)
    notes = [] if scenario.strategies else ["the scenario has no strategies: add `strategies` to rank them"]
    return Findings(
        scenario.meta.id, scenario.window, samples, out, claims, time.perf_counter() - t0, notes, record, worth
    )
