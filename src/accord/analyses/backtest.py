"""Backtest: Accord's probabilities for real verdicts whose fate is known, scored against baselines.

A case is a scenario with `outcomes:` (see `accord.scenario.schema.Outcome`). For every verdict,
Accord predicts under the beliefs as of the verdict's date: each hypothesis set's prior `belief`
updated only by the `evidence` events dated strictly before the verdict's date, exactly as the
evidence hindcast freezes the model (`accord.analyses.evidence`): a theory's weight is its prior
times the likelihood of those earlier events, and within a theory each sample is weighted by the
likelihood it gives them. Never the theory that scores best afterwards.

What each kind predicts (a yes/no, its probability the weighted share of samples saying yes):
- `plan`: every decider accepts the named package under the levers in force, at the model month of
  the plan's date (the `accepts` claim of `accord.analyses.claims`, one per decider, all at once);
- `posture` with a strategy: a deal within `months`, the strategy played out month by month from
  its own start (the `deal_within` claim); with a lever package only: a zone of agreement opens
  within `months` from the date's month (the `zone` claim);
- `deal_month`: a deal by the actual month (within `month + 1` months, month 0 counting), and the
  predicted median month of the deal beside the actual one (strategies only; a lever package gives
  the month a zone opens, its probability only).

The nominal verdict beside each probability is the belief-weighted share of theories whose run at
the nominal numbers says yes (0 or 1 when the theories agree).

Kinds that play strategies out use the first `PLAYED` samples, and a zone's opening the first
`EXACT` (as `accord evidence` does); their sample weights are the first ones', renormalised.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from accord.analyses.claims import predict
from accord.analyses.evidence import PLAYED, _as_claim, _factors, _flags, _record_likelihood, priors
from accord.analyses.frames import Table, Tabular
from accord.analyses.scoring import COMPARABILITY, METRICS, Scores, score
from accord.analyses.simulate import simulate
from accord.errors import AccordError
from accord.model.situation import Numbers
from accord.model.uncertainty import CHUNK, Design
from accord.scenario.schema import Claim, Outcome, Scenario

Progress = Callable[[int, int], None]
NONE = "none"  # the theory of a case without hypothesis sets


def cases_folder() -> Path:
    """The folder of the cases shipped with Accord (inside the package: `accord/data/cases`)."""
    return Path(str(resources.files("accord.data") / "cases"))


def shipped_cases() -> list[Path]:
    """Every shipped case file, by name."""
    folder = cases_folder()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def case_paths(names: list[str] | None) -> list[str | Path]:
    """What to load: each name as a file path, else a shipped case's name, else a built-in scenario's name; with
    no names, every shipped case and the built-in scenario (when it has outcomes)."""
    from accord.scenario.loader import BUILTIN, builtin_names

    if not names:
        found: list[str | Path] = list(shipped_cases())
        from accord.scenario import load

        if load(BUILTIN).outcomes:
            found.append(BUILTIN)
        if not found:
            raise AccordError("no shipped cases with outcomes; name case files (scenarios with `outcomes:`)")
        return found
    shipped = {p.stem: p for p in shipped_cases()}
    out: list[str | Path] = []
    for n in names:
        p = Path(n)
        if p.exists() or n in builtin_names():
            out.append(p if p.exists() else n)
        elif n in shipped:
            out.append(shipped[n])
        else:
            raise AccordError(
                f"no case file or shipped case {n!r}; shipped cases: "
                f"{', '.join(shipped) or '(none)'}; built-in scenarios: {', '.join(builtin_names())}"
            )
    return out


@dataclass(frozen=True)
class Verdict:
    """One dated verdict of one case: what Accord said as of its date, and what happened."""

    case: str  # case (scenario) id
    id: str
    kind: str
    date: str
    statement: str
    month: float  # the model month of its date
    observed: bool  # the known fate, as a yes/no
    p: float  # Accord's probability of yes under the beliefs as of the date
    by_theory: dict[str, float]  # each theory's own probability (its samples weighted by the earlier events)
    beliefs: dict[str, float]  # each theory's weight as of the date
    nominal: float  # belief-weighted share of theories whose nominal run says yes
    nominal_by_theory: dict[str, bool]
    events_before: int  # observed evidence events dated before it (those that informed the beliefs)
    samples: int  # samples its probability rests on
    actual_month: int | None = None  # deal_month: the month the deal came
    median_month: float | None = None  # deal_month: the predicted median month (None: no deal in most samples)
    horizon: int | None = None  # deal_month: months the strategy was played for the median


@dataclass(frozen=True)
class Case:
    """A case as the backtest read it."""

    id: str
    title: str
    as_of: str | None
    theories: list[str]
    names: dict[str, str]  # theory id -> name
    prior: dict[str, float]
    verdicts: list[Verdict]


@dataclass(frozen=True)
class BacktestResult(Tabular):
    """Every case's verdicts, predicted and scored."""

    cases: list[Case]
    scores: Scores
    samples: int
    seed: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    comparability: str = COMPARABILITY

    @property
    def verdicts(self) -> list[Verdict]:
        """Every verdict of every case, in case order."""
        return [v for c in self.cases for v in c.verdicts]

    def _table(self) -> Table:
        """Each verdict: Accord's probability as of its date, the nominal verdict, what happened, the beliefs then."""
        rows = [
            (
                c.id,
                v.id,
                c.title,
                v.statement,
                v.kind,
                v.date,
                v.observed,
                v.p,
                v.nominal,
                "; ".join(f"{c.names.get(t, t)} {w:.4g}" for t, w in v.beliefs.items()),
                v.events_before,
                v.samples,
                v.actual_month,
                v.median_month,
            )
            for c in self.cases
            for v in c.verdicts
        ]
        return Table(
            "Each verdict: Accord's probability as of its date",
            ("case_id", "verdict_id", "case", "verdict"),
            (
                "kind",
                "date",
                "happened",
                "P(yes) by Accord",
                "nominal verdict",
                "beliefs then",
                "events before",
                "samples",
                "deal month (actual)",
                "deal month (predicted median)",
            ),
            rows,
            key="verdicts",
        )

    def tables(self) -> list[Table]:
        """The verdicts, then the scores of Accord and every baseline with their 95% case-bootstrap intervals, and
        each case's Brier score and share right per forecaster."""
        sc = self.scores
        scores = Table(
            "Scores with 95% case-bootstrap intervals",
            ("forecaster", "metric"),
            ("value", "low", "high"),
            [(f, m, s.value, s.low, s.high) for f, per in sc.overall.items() for m, s in per.items()],
            key="scores",
        )
        cases = Table(
            "Per case: each forecaster's scores",
            ("case_id", "case", "forecaster"),
            ("verdicts", *METRICS),
            [
                (c.id, c.title, f, len(c.verdicts), *(sc.per_case[c.id][f][m] for m in METRICS))
                for c in self.cases
                for f in sc.per_case.get(c.id, {})
            ],
            key="cases",
        )
        return [self._table(), scores, cases]


def backtest(
    scenarios: list[Scenario],
    *,
    samples: int = 2_000,
    seed: int = 0,
    boot: int = 2_000,
    progress: Progress | None = None,
) -> BacktestResult:
    """Predict every outcome of every case as of its date, and score the predictions against the baselines."""
    t0 = time.perf_counter()
    if samples < 2:
        raise AccordError("--samples must be at least 2")
    if not scenarios:
        raise AccordError("no cases to backtest: name case files, or ship some in accord/data/cases")
    seen: set[str] = set()
    for s in scenarios:
        if not s.outcomes:
            raise AccordError(
                f"case {s.meta.id!r} has no `outcomes:`; add its dated verdicts with their known "
                "fates (see the README, 'Outcomes and backtest')"
            )
        if s.meta.id in seen:
            raise AccordError(f"case {s.meta.id!r} is named twice; each case counts once")
        seen.add(s.meta.id)
    total = sum(len(s.outcomes) for s in scenarios)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    cases = [_case(s, samples, seed, tick) for s in scenarios]
    verdicts = [v for c in cases for v in c.verdicts]
    case_of = np.array([k for k, c in enumerate(cases) for _ in c.verdicts])
    scores = score(
        [c.id for c in cases],
        case_of,
        np.array([v.p for v in verdicts]),
        np.array([v.nominal for v in verdicts]),
        np.array([v.observed for v in verdicts]),
        [(v.case, v.by_theory) for v in verdicts],
        seed=seed,
        boot=boot,
    )
    notes = [
        f"kinds that play strategies out rest on the first {min(PLAYED, samples)} samples; a zone's opening "
        "on the first 50",
        "a strategy is played from its verdict's date as its own month 0 (the battlefield's drift since the "
        "record's start is not carried into the run)",
    ]
    return BacktestResult(cases, scores, samples, seed, time.perf_counter() - t0, notes)


def _case(s: Scenario, samples: int, seed: int, tick: Callable[[], None]) -> Case:
    thy = [hs.id for hs in s.hypothesis_sets] or [NONE]
    names = {hs.id: hs.name or hs.id for hs in s.hypothesis_sets} or {NONE: "no hypotheses"}
    prior = priors(s) if s.hypothesis_sets else {NONE: 1.0}
    design = Design.of(s, "mc", seed)
    chunks = [design.chunk(s, k, min(CHUNK, samples - start))[1] for k, start in enumerate(range(0, samples, CHUNK))]
    played = chunks[0].take(np.arange(min(PLAYED, chunks[0].size)))
    last = max(o.date for o in s.outcomes)
    record = s.evidence
    events = [e for e in (record.observations if record else []) if e.observed is not None and e.date < last]
    eps = record.floor if record else 0.05
    # match[t][i]: (S_i,) whether sample s predicts event i as observed
    match: dict[str, list[np.ndarray]] = {t: [] for t in thy}
    for e in events:
        claim = _as_claim(s, e)
        for t in thy:
            match[t].append(_flags(s, claim, _th(t), chunks, played, seed) == bool(e.observed))
    verdicts = []
    for o in s.outcomes:
        known = [i for i, e in enumerate(events) if e.date < o.date]
        weights: dict[str, np.ndarray] = {}
        like: dict[str, float] = {}
        for t in thy:
            ms = [match[t][i] for i in known]
            log = _factors(ms, samples, eps)
            w = np.exp(log - log.max())
            weights[t] = w / w.sum()
            like[t] = _record_likelihood(ms, samples, eps) if ms else 1.0
        raw = {t: prior[t] * like[t] for t in thy}
        tot = sum(raw.values())
        beliefs = {t: (v / tot if tot > 0 else 1.0 / len(thy)) for t, v in raw.items()}
        verdicts.append(_verdict(s, o, thy, beliefs, weights, chunks, played, seed, len(known)))
        tick()
    return Case(s.meta.id, s.meta.title, s.as_of, thy, names, prior, verdicts)


def _th(t: str) -> str | None:
    return None if t == NONE else t


def _weighted(w: np.ndarray, flags: np.ndarray) -> float:
    """The weighted share of samples saying yes; a short array (first samples only) takes the first weights."""
    ww = w[: flags.size]
    total = ww.sum()
    return float(ww @ flags / total) if total > 0 else float(flags.mean())


def _verdict(
    s: Scenario,
    o: Outcome,
    thy: list[str],
    beliefs: dict[str, float],
    weights: dict[str, np.ndarray],
    chunks: list[Numbers],
    played: Numbers,
    seed: int,
    n_known: int,
) -> Verdict:
    month = max(0.0, s.outcome_month(o.date))
    by: dict[str, float] = {}
    nom: dict[str, bool] = {}
    n = 0
    median = horizon = None
    if o.kind == "deal_month" and o.strategy is not None:
        horizon = max(int(o.month or 0) + 1, s.window)
        pool_m, pool_w = [], []
        for t in thy:
            sim = simulate(s, o.strategy, _th(t), months=horizon, runs=max(2, played.size), seed=seed)
            dm = np.where(sim.deal_month >= 0, sim.deal_month, np.inf)
            flags = dm <= (o.month or 0)
            by[t] = _weighted(weights[t], flags)
            n = flags.size
            w = weights[t][:n]
            pool_m.append(dm)
            pool_w.append(beliefs[t] * w / max(w.sum(), 1e-300))
            first = simulate(s, o.strategy, _th(t), months=horizon, runs=1, seed=seed).deal_month[0]
            nom[t] = bool(0 <= first <= (o.month or 0))
        median = _weighted_median(np.concatenate(pool_m), np.concatenate(pool_w))
    else:
        claims = _claims(s, o, month)
        for t in thy:
            flags = np.ones(1, dtype=bool)
            nominal = True
            for k, c in enumerate(claims):
                f = _flags(s, c, _th(t), chunks, played, seed)
                flags = f if k == 0 else flags[: f.size] & f[: flags.size]
                nominal &= bool(predict(s, c, _th(t), None, seed=seed)[0][0])
            by[t] = _weighted(weights[t], flags)
            nom[t] = nominal
            n = flags.size
    p = float(sum(beliefs[t] * by[t] for t in thy))
    nominal_share = float(sum(beliefs[t] for t in thy if nom[t]))
    return Verdict(
        s.meta.id,
        o.id,
        o.kind,
        o.date,
        o.statement,
        month,
        o.fate,
        p,
        by,
        beliefs,
        nominal_share,
        nom,
        n_known,
        n,
        o.month if o.kind == "deal_month" else None,
        median,
        horizon,
    )


def _claims(s: Scenario, o: Outcome, month: float) -> list[Claim]:
    """The verdict as claims whose conjunction is its `yes`, at the model month of its date."""
    base = {"id": o.id, "statement": o.statement, "levers": o.levers, "month": min(month, 600.0)}
    if o.kind == "plan":
        return [
            Claim.model_validate({**base, "kind": "accepts", "actor": a.id, "package": o.package}) for a in s.deciders
        ]
    if o.kind == "posture" and o.strategy is not None:
        return [Claim.model_validate({**base, "kind": "deal_within", "strategy": o.strategy, "months": o.months})]
    months = o.months if o.kind == "posture" else int(o.month or 0) + 1
    return [Claim.model_validate({**base, "kind": "zone", "months": months})]


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float | None:
    """The weighted median (None when it is no deal: infinite)."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return None
    k = int(np.searchsorted(cum, 0.5 * cum[-1]))
    x = float(values[order][min(k, len(values) - 1)])
    return None if not np.isfinite(x) else x
