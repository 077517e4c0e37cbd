"""Scores of probabilistic yes/no forecasts against what happened, with case-level bootstrap intervals.

Forecasters: Accord (its probability), and four baselines: always "no deal" (probability 0 of yes),
the casebook's base rate (the share of yes among the *other* cases' verdicts, so that a case never
predicts itself; 0.5 when there is no other case), chance (0.5), and the nominal verdict alone (the
belief-weighted share of theories whose nominal run says yes: 0 or 1 when they agree).

Metrics, each the mean over verdicts:
- share right: a probability of at least 0.5 counts as predicting yes;
- Brier score: (p - y)^2, lower is better (chance scores 0.25);
- log score: the natural log of the probability given to what happened, higher is better (chance
  scores -0.693); probabilities are clipped to [0.01, 0.99] first, so that one certain miss does not
  make the score infinite.

Intervals: 95% percentile intervals of a bootstrap that resamples whole cases with replacement
(seeded), since verdicts within a case share the case's encoding and are not independent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CLIP = (0.01, 0.99)
COMPARABILITY = (
    "K. Green's figures for real conflicts (role-play 62-64% right, game theorists 31-37%, unaided "
    "judgement 28-32%; IJF 2002, 2005) are over three to six possible decisions per conflict, where "
    "chance is 17-33%. Accord's verdicts are binary (yes or no), where chance is 50%: the figures are not "
    "comparable with Accord's share right."
)
METRICS = ("share right", "Brier score", "log score")
HIGHER_IS_BETTER = {"share right": True, "Brier score": False, "log score": True}
FORECASTERS = ("Accord", "always no deal", "base rate", "chance", "nominal verdict")


@dataclass(frozen=True)
class Score:
    """A score with its case-level bootstrap interval (95%)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class ReliabilityBin:
    """Verdicts whose probabilities fall together: how often what was given that probability happened."""

    low: float
    high: float
    mean_p: float
    observed: float
    count: int


@dataclass(frozen=True)
class Scores:
    """The backtest's scores: overall with intervals, per case, per theory, leave-one-case-out, reliability."""

    verdicts: int
    cases: int
    overall: dict[str, dict[str, Score]]  # forecaster -> metric -> score
    per_case: dict[str, dict[str, dict[str, float]]]  # case -> forecaster -> metric -> value
    per_theory: list[tuple[str, str, int, dict[str, float]]]  # (case, theory, verdicts, metric -> value)
    leave_one_out: dict[str, dict[str, dict[str, float]]]  # case left out -> forecaster -> metric -> value
    reliability: list[ReliabilityBin]
    notes: list[str]


def metrics(p: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Each verdict's share-right (0/1), Brier and log score for probabilities `p` of outcomes `y`."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=bool)
    right = ((p >= 0.5) == y).astype(float)
    brier = (p - y) ** 2
    q = np.clip(p, *CLIP)
    log = np.log(np.where(y, q, 1.0 - q))
    return {"share right": right, "Brier score": brier, "log score": log}


def base_rates(case_of: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each verdict, the share of yes among the verdicts of the other cases (0.5 if there are none)."""
    yes = np.bincount(case_of, weights=y.astype(float))
    n = np.bincount(case_of).astype(float)
    rest_yes = yes.sum() - yes[case_of]
    rest_n = n.sum() - n[case_of]
    return np.where(rest_n > 0, rest_yes / np.maximum(rest_n, 1.0), 0.5)


def forecasts(case_of: np.ndarray, p: np.ndarray, nominal: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Every forecaster's probabilities of yes, one per verdict."""
    n = len(y)
    return {
        "Accord": np.asarray(p, dtype=float),
        "always no deal": np.zeros(n),
        "base rate": base_rates(case_of, y),
        "chance": np.full(n, 0.5),
        "nominal verdict": np.asarray(nominal, dtype=float),
    }


def score(
    case_ids: list[str],
    case_of: np.ndarray,
    p: np.ndarray,
    nominal: np.ndarray,
    y: np.ndarray,
    theory_p: list[tuple[str, dict[str, float]]],
    *,
    seed: int = 0,
    boot: int = 2_000,
) -> Scores:
    """Score Accord and the baselines: overall (with case-bootstrap intervals), per case, per theory, leaving
    each case out, and a reliability table of Accord's probabilities."""
    case_of = np.asarray(case_of, dtype=np.int64)
    y = np.asarray(y, dtype=bool)
    n_cases = len(case_ids)
    fc = forecasts(case_of, p, nominal, y)
    per = {f: metrics(v, y) for f, v in fc.items()}
    counts = np.bincount(case_of, minlength=n_cases).astype(float)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(26,)))
    draws = rng.multinomial(n_cases, np.full(n_cases, 1.0 / n_cases), size=boot).astype(float)  # (B, C)
    denom = draws @ counts
    overall: dict[str, dict[str, Score]] = {}
    for f, ms in per.items():
        overall[f] = {}
        for m, vals in ms.items():
            sums = np.bincount(case_of, weights=vals, minlength=n_cases)
            stat = (draws @ sums) / np.maximum(denom, 1.0)
            lo, hi = np.quantile(stat[denom > 0], [0.025, 0.975])
            overall[f][m] = Score(float(vals.mean()), float(lo), float(hi))
    per_case = {
        cid: {f: {m: float(vals[case_of == k].mean()) for m, vals in ms.items()} for f, ms in per.items()}
        for k, cid in enumerate(case_ids)
    }
    loo: dict[str, dict[str, dict[str, float]]] = {}
    if n_cases > 1:
        for k, cid in enumerate(case_ids):
            keep = case_of != k
            loo[cid] = {f: {m: float(vals[keep].mean()) for m, vals in ms.items()} for f, ms in per.items()}
    per_theory = []
    for k, cid in enumerate(case_ids):
        rows = [d for (c, d) in theory_p if c == cid]
        yk = y[case_of == k]
        for t in rows[0] if rows else {}:
            mt = metrics(np.array([d[t] for d in rows]), yk)
            per_theory.append((cid, t, len(rows), {m: float(v.mean()) for m, v in mt.items()}))
    bins, notes = reliability(np.asarray(p, dtype=float), y)
    notes.append(f"intervals: 95% percentile bootstrap over cases ({boot:,} resamples of the {n_cases} case(s))")
    if n_cases < 5:
        notes.append(
            f"with {n_cases} case(s) the bootstrap can only recombine these cases: the intervals show how "
            "much the score rests on each case, not what a larger casebook would give"
        )
    return Scores(len(y), n_cases, overall, per_case, per_theory, loo, bins, notes)


MIN_BIN = 5


def reliability(p: np.ndarray, y: np.ndarray) -> tuple[list[ReliabilityBin], list[str]]:
    """Verdicts sorted by probability into bins of at least `MIN_BIN` (equal counts, as many bins as that
    allows), each with its mean probability and how often what it predicted happened."""
    n = len(p)
    notes = []
    if n == 0:
        return [], ["no verdicts"]
    k = max(1, n // MIN_BIN)
    if k == 1:
        notes.append(f"{n} verdict(s): too few for more than one reliability bin (a bin holds at least {MIN_BIN})")
    order = np.argsort(p, kind="stable")
    out = []
    for part in np.array_split(order, k):
        out.append(
            ReliabilityBin(
                float(p[part].min()), float(p[part].max()), float(p[part].mean()), float(y[part].mean()), int(part.size)
            )
        )
    return out, notes
