"""Evidence: which theory the record favours, how well the model foresaw it, and what to watch next.

A scenario's `evidence:` lists observed events, each a statement the model predicts (a claim's
kind and fields) at the event's month (its date's distance from the record's `start`) under the
levers in force then, and whether it held. For every hypothesis set (theory) and every sample
of the uncertain numbers, the model says whether each statement holds; an observation goes
against the model's prediction with probability `floor` (so that one event never rules a
theory out). The likelihood of the record under theory T is

    L(T) = mean over samples s of  prod_i [ floor + (1 - 2 floor) * 1{sample s predicts event i as observed} ]

(one product per sample, so events that share a cause are not counted twice). Events of the
kinds that pass over every package, or play strategies out month by month, rest on fewer samples
(`EXACT`, `PLAYED`); they enter the product by their share. The posterior is the prior belief
times L, normalised; Bayes factors are ratios of L. Each event's own Bayes factor says how much
it discriminates (log10, on Jeffreys's scale), and the posterior with each event left out says
whether the verdict rests on it.

The hindcast freezes the model at a date (`as_of`, default the record's start): each later
event is predicted from what was known then (theories and samples weighted by the earlier
events) and scored, by Brier and log score, against what happened and against two baselines:
no change (a change is predicted not to happen) and the base rate the scenario gives.

What to watch next: for each future observation (events with `observed: null`, and every claim
of the scenario), the expected change of the posterior (total variation, averaged over the
two answers the model gives them).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from accord.analyses.claims import EXACT, predict
from accord.analyses.frames import Table, Tabular, label, names_of
from accord.errors import AccordError
from accord.model.situation import Numbers
from accord.model.uncertainty import CHUNK, Design
from accord.scenario.schema import Claim, Observation, Scenario

PLAYED = 2_000  # samples for the kinds that play strategies out month by month (deal_within, more_likely)
PLAYED_KINDS = {"deal_within", "more_likely"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EventResult:
    """One observed event under every theory."""

    event: Observation
    month: float
    predicted: dict[str, float]  # theory -> share of samples in which the statement holds
    nominal: dict[str, bool]  # theory -> whether it holds at the nominal numbers
    likelihood: dict[str, float]  # theory -> probability of what was observed (with the floor)
    samples: int
    found: str  # what the model says at the nominal numbers (first theory), in words

    def log10_bf(self, a: str, b: str) -> float:
        """How much this event favours theory `a` over `b` (log10 Bayes factor)."""
        return float(np.log10(self.likelihood[a] / self.likelihood[b]))


@dataclass(frozen=True)
class Forecast:
    """One event of the hindcast: what the model frozen at the date predicted, and what happened."""

    event: str
    date: str
    month: float
    p: float  # the mixture's probability that the statement holds (floor applied)
    by_theory: dict[str, float]
    observed: bool
    no_change: float
    base_rate: float


@dataclass(frozen=True)
class Hindcast:
    """The model frozen at a date, scored on the events that followed."""

    as_of: str
    posterior_then: dict[str, float]
    forecasts: list[Forecast]
    brier: dict[str, float]  # model, no change, base rate
    log_score: dict[str, float]  # mean log probability of what happened (higher is better)


@dataclass(frozen=True)
class Watch:
    """A future observation and how much its answer is expected to move the posterior."""

    id: str
    statement: str
    what: str  # "event" or "claim"
    p_holds: float
    expected_change: float  # expected total-variation change of the posterior
    if_holds: dict[str, float]
    if_not: dict[str, float]


@dataclass(frozen=True)
class EvidenceReport(Tabular):
    """The record weighed: posterior over theories, each event's weight, the hindcast, what to watch."""

    scenario: str
    theories: list[str]
    names: dict[str, str]
    prior: dict[str, float]
    likelihood: dict[str, float]  # the record's likelihood under each theory
    posterior: dict[str, float]
    events: list[EventResult]
    hindcast: Hindcast | None
    watch: list[Watch]
    without: dict[str, dict[str, float]]  # event id -> the posterior with that event left out
    floor: float
    samples: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    # from observations only (the interpreted ones left out); {} when none is interpreted (then it is `posterior`)
    observed_posterior: dict[str, float] = field(default_factory=dict, metadata={"omit_empty": True})
    interpreted: list[str] = field(default_factory=list, metadata={"omit_empty": True})  # ids marked `interpreted`
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    @property
    def deciding_posterior(self) -> dict[str, float]:
        """The posterior decisions rest on (`run`'s best choice without knowing the theory): observations only."""
        return self.observed_posterior or self.posterior

    def _table(self) -> Table:
        """The theories weighed: prior, the record's likelihood and the posterior."""
        n = {**self.labels, **self.names}
        rows = [
            (
                t,
                label(n, t),
                self.prior.get(t),
                self.likelihood.get(t),
                self.deciding_posterior.get(t),
                self.posterior.get(t),
            )
            for t in self.theories
        ]
        return Table(
            "Theories weighed by the record",
            ("theory_id", "theory"),
            ("prior", "likelihood", "posterior from observations only", "posterior with interpreted ones"),
            rows,
        )

    def bayes_factor(self, a: str, b: str) -> float:
        """The record's Bayes factor of theory `a` over `b`."""
        return self.likelihood[a] / self.likelihood[b] if self.likelihood[b] > 0 else float("inf")

    @property
    def favoured(self) -> str:
        """The theory with the largest posterior."""
        return max(self.posterior, key=self.posterior.__getitem__)

    def carried_by(self, k: int = 3) -> list[EventResult]:
        """The events that discriminate most between the favoured theory and the next (largest |log10 BF|)."""
        ranked = sorted(self.posterior, key=lambda t: -self.posterior[t])
        if len(ranked) < 2:
            return []
        a, b = ranked[0], ranked[1]
        return sorted(self.events, key=lambda e: -abs(e.log10_bf(a, b)))[:k]


def weightiest_observation(ev: Any, theory: str) -> tuple[Any, float] | None:
    """The observation (not an interpreted reading) whose removal moves `theory`'s observations-only posterior
    most, and that posterior without it: the posterior is the prior times each observation's likelihood, so
    leaving one out divides its likelihood back out. None without observations-only weighing."""
    post = getattr(ev, "observed_posterior", None)
    if not post:
        return None
    best = None
    for e in ev.events:
        if e.event.id in set(ev.interpreted):
            continue
        lik = getattr(e, "likelihood", None) or {}
        raw = {t: post[t] / lik[t] for t in post if lik.get(t, 0) > 0}
        if len(raw) != len(post) or sum(raw.values()) <= 0:
            continue
        without = raw[theory] / sum(raw.values())
        if best is None or abs(without - post[theory]) > abs(best[1] - post[theory]):
            best = (e, without)
    return best


def decides(log10_bf: float) -> bool:
    """Whether a Bayes factor (log10, either direction) says more than Jeffreys's "barely worth mentioning"
    (below 10^0.5): the line below which a verdict says the record does not decide between the theories."""
    return abs(log10_bf) >= 0.5


def implied_log10_bf(post: dict[str, float], prior: dict[str, float], a: str, b: str) -> float | None:
    """The log10 Bayes factor for theory `a` over `b` that takes `prior` to `post` (None where a share is 0)."""
    if min(post.get(a, 0.0), post.get(b, 0.0), prior.get(a, 0.0), prior.get(b, 0.0)) <= 0:
        return None
    return float(np.log10((post[a] / post[b]) / (prior[a] / prior[b])))


def jeffreys(log10_bf: float) -> str:
    """Jeffreys's words for the strength of a Bayes factor (log10, either direction)."""
    x = abs(log10_bf)
    for bound, word in ((0.5, "barely worth mentioning"), (1.0, "substantial"), (1.5, "strong"), (2.0, "very strong")):
        if x < bound:
            return word
    return "decisive"


def priors(scenario: Scenario) -> dict[str, float]:
    """Each hypothesis set's prior belief (nominal), normalised; even when no set gives one."""
    raw = {hs.id: float(hs.belief or 0.0) for hs in scenario.hypothesis_sets}
    total = sum(raw.values())
    if total <= 0:
        return {k: 1.0 / len(raw) for k in raw}
    return {k: v / total for k, v in raw.items()}


def with_beliefs(scenario: Scenario, beliefs: dict[str, float]) -> Scenario:
    """The scenario with these beliefs on its hypothesis sets (e.g. the posterior), held fixed: uncertainty
    ranges on the beliefs are dropped, since the evidence has replaced them."""
    sets = [hs.model_copy(update={"belief": float(beliefs.get(hs.id, 0.0))}) for hs in scenario.hypothesis_sets]
    keep = [
        u for u in scenario.uncertainties if not (u.path.startswith("hypothesis_sets.") and u.path.endswith(".belief"))
    ]
    return scenario.model_copy(update={"hypothesis_sets": sets, "uncertainties": keep})


def weigh(
    scenario: Scenario,
    *,
    samples: int = 2_000,
    seed: int = 0,
    as_of: str | None = None,
    watch: bool = True,
    progress: Progress | None = None,
) -> EvidenceReport:
    """Weigh the scenario's evidence: likelihood and posterior per theory, per-event Bayes factors,
    the hindcast from `as_of`, and (with `watch`) the future observations worth waiting for."""
    t0 = time.perf_counter()
    record = scenario.evidence
    if record is None:
        raise AccordError(
            f"scenario {scenario.meta.id!r} has no `evidence:` section; add observed events "
            "(see the README, 'Evidence') to weigh the theories"
        )
    if not scenario.hypothesis_sets:
        raise AccordError("evidence weighs hypothesis sets (theories); the scenario has none")
    if samples < 2:
        raise AccordError("--samples must be at least 2")
    if as_of is not None:
        try:
            as_of = date.fromisoformat(as_of).isoformat()
        except ValueError:
            raise AccordError(f"--as-of {as_of!r} is not a date of the form YYYY-MM-DD") from None
    thy = [hs.id for hs in scenario.hypothesis_sets]
    names = {hs.id: hs.name or hs.id for hs in scenario.hypothesis_sets}
    prior = priors(scenario)
    eps = record.floor
    design = Design.of(scenario, "mc", seed)
    chunks = [
        design.chunk(scenario, k, min(CHUNK, samples - start))[1] for k, start in enumerate(range(0, samples, CHUNK))
    ]
    played = chunks[0].take(np.arange(min(PLAYED, chunks[0].size)))
    observed = [e for e in record.observations if e.observed is not None]
    future_events = [e for e in record.observations if e.observed is None]
    in_record = {e.quote for e in observed if e.quote}
    claims = [c for c in scenario.claims if c.quote not in in_record]  # not those the record already answers
    todo = len(observed) * len(thy) + (len(future_events) + len(claims)) * len(thy) * watch
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, todo)

    # match[t][i]: (S_i,) whether sample s predicts event i as observed
    match: dict[str, list[np.ndarray]] = {t: [] for t in thy}
    results = []
    for e in observed:
        claim = _as_claim(scenario, e)
        pred, nom, found = {}, {}, ""
        for t in thy:
            flags = _flags(scenario, claim, t, chunks, played, seed)
            m = flags == bool(e.observed)
            match[t].append(m)
            pred[t] = float(flags.mean())
            nom_flag, text = predict(scenario, claim, t, None, seed=seed)
            nom[t] = bool(nom_flag[0])
            found = found or text
            tick()
        lik = {t: eps + (1 - 2 * eps) * float(match[t][-1].mean()) for t in thy}
        results.append(EventResult(e, claim.month, pred, nom, lik, int(match[thy[0]][-1].size), found))
    like = {t: _record_likelihood(match[t], samples, eps) for t in thy}
    post = _normalise({t: prior[t] * like[t] for t in thy})
    facts = [k for k, r in enumerate(results) if not r.event.interpreted]
    seen = {t: _record_likelihood([match[t][k] for k in facts], samples, eps) for t in thy}
    observed_post = _normalise({t: prior[t] * seen[t] for t in thy})
    without = {}
    for i, r in enumerate(results):
        rest = {t: _record_likelihood([m for k, m in enumerate(match[t]) if k != i], samples, eps) for t in thy}
        without[r.event.id] = _normalise({t: prior[t] * rest[t] for t in thy})
    hind = _hindcast(scenario, observed, match, prior, results, eps, samples, as_of or record.start)
    watched = []
    if watch:
        for item, what in [(e, "event") for e in future_events] + [(c, "claim") for c in claims]:
            claim = _as_claim(scenario, item) if isinstance(item, Observation) else item
            q = {}
            for t in thy:
                q[t] = float(_flags(scenario, claim, t, chunks, played, seed).mean())
                tick()
            watched.append(_watch(item.id, item.statement, what, q, post, eps))
        watched.sort(key=lambda w: -w.expected_change)
    notes = [f"an observation goes against a sample's prediction with probability {eps:g} (the record's floor)"]
    if any(r.samples < samples for r in results):
        notes.append(
            f"events that pass over every package rest on {min(EXACT, samples)} samples and those that "
            f"play strategies out on {min(PLAYED, samples)}; they enter each sample's likelihood by "
            "their share"
        )
    return EvidenceReport(
        scenario.meta.id,
        thy,
        names,
        prior,
        like,
        post,
        results,
        hind,
        watched,
        without,
        eps,
        samples,
        time.perf_counter() - t0,
        notes,
        observed_post if len(facts) < len(results) else {},
        [r.event.id for r in results if r.event.interpreted],
        labels=names_of(scenario),
    )


def _as_claim(scenario: Scenario, e: Observation) -> Claim:
    """The event as a claim at its month, under the record's levers unless it names its own."""
    record = scenario.evidence
    assert record is not None
    levers = e.levers if e.levers is not None else record.levers
    data = e.model_dump(exclude={"date", "observed", "change", "base_rate", "interpreted", "role"})
    month = e.month if e.month is not None else max(0.0, record.month_of(e.date))
    data.update(levers=levers, month=month)
    return Claim.model_validate(data)


def _flags(
    scenario: Scenario, claim: Claim, theory: str, chunks: list[Numbers], played: Numbers, seed: int
) -> np.ndarray:
    """Whether the claim's statement holds in each sample, chunk by chunk (memory stays bounded); the kinds that
    pass over every package or play strategies out use the first samples only."""
    if claim.kind in PLAYED_KINDS:
        return predict(scenario, claim, theory, played, seed=seed)[0]
    first = predict(scenario, claim, theory, chunks[0], seed=seed)[0]
    if first.size < chunks[0].size:
        return first
    return np.concatenate([first, *(predict(scenario, claim, theory, c, seed=seed)[0] for c in chunks[1:])])


def _factors(ms: list[np.ndarray], samples: int, eps: float) -> np.ndarray:
    """(S,) log of each sample's likelihood of the events `ms` (short ones by their share)."""
    log = np.zeros(samples)
    for m in ms:
        if m.size == samples:
            log += np.log(eps + (1 - 2 * eps) * m)
        else:
            log += np.log(eps + (1 - 2 * eps) * m.mean())
    return log


def _record_likelihood(ms: list[np.ndarray], samples: int, eps: float) -> float:
    log = _factors(ms, samples, eps)
    top = log.max()
    return float(np.exp(top) * np.exp(log - top).mean())


def _normalise(d: dict[str, float]) -> dict[str, float]:
    total = sum(d.values())
    return {k: (v / total if total > 0 else 1.0 / len(d)) for k, v in d.items()}


def _hindcast(
    scenario: Scenario,
    observed: list[Observation],
    match: dict[str, list[np.ndarray]],
    prior: dict[str, float],
    results: list[EventResult],
    eps: float,
    samples: int,
    as_of: str,
) -> Hindcast | None:
    record = scenario.evidence
    assert record is not None
    known = [i for i, e in enumerate(observed) if e.date <= as_of]
    later = [i for i, e in enumerate(observed) if e.date > as_of]
    if not later:
        return None
    weights, like = {}, {}
    for t in match:
        log = _factors([match[t][i] for i in known], samples, eps)
        w = np.exp(log - log.max())
        weights[t] = w / w.sum()
        like[t] = _record_likelihood([match[t][i] for i in known], samples, eps)
    then = _normalise({t: prior[t] * like[t] for t in match})
    out = []
    for i in later:
        e, r = observed[i], results[i]
        by = {}
        for t in match:
            m = match[t][i]
            holds = m if e.observed else ~m  # whether the statement holds, per sample
            share = float(weights[t] @ holds) if m.size == samples else float(holds.mean())
            by[t] = eps + (1 - 2 * eps) * share
        p = sum(then[t] * by[t] for t in match)
        base = e.base_rate if e.base_rate is not None else record.base_rate
        out.append(
            Forecast(e.id, e.date, r.month, float(p), by, bool(e.observed), eps if e.change else 1 - eps, float(base))
        )
    brier, logs = {}, {}
    for name, get in (
        ("model", lambda f: f.p),
        ("no change", lambda f: f.no_change),
        ("base rate", lambda f: f.base_rate),
    ):
        ps = np.array([get(f) for f in out])
        ys = np.array([f.observed for f in out], dtype=float)
        brier[name] = float(((ps - ys) ** 2).mean())
        q = np.clip(np.where(ys == 1, ps, 1 - ps), eps, 1.0)
        logs[name] = float(np.log(q).mean())
    return Hindcast(as_of, then, out, brier, logs)


def _watch(ident: str, statement: str, what: str, q: dict[str, float], post: dict[str, float], eps: float) -> Watch:
    """Expected total-variation change of the posterior when the statement's truth becomes known."""
    qq = {t: eps + (1 - 2 * eps) * v for t, v in q.items()}
    p_yes = sum(post[t] * qq[t] for t in post)
    yes = _normalise({t: post[t] * qq[t] for t in post})
    no = _normalise({t: post[t] * (1 - qq[t]) for t in post})

    def tv(a: dict[str, float]) -> float:
        return 0.5 * sum(abs(a[t] - post[t]) for t in post)

    change = p_yes * tv(yes) + (1 - p_yes) * tv(no)
    return Watch(ident, statement, what, float(p_yes), float(change), yes, no)
