"""Regression: Accord's scores on the shipped cases never fall below their first run's, beyond sampling error.

The first run: commit 0fe6ab9853a5e850324ad1d7fe01878769b921b8 (the blind casebook commit 4fa5fcf merged, the
Cyprus case moved unchanged into the package), `backtest` on the two cases below at 200 samples, seed 0. Its
scores and each verdict's probability, outcome and sample count are recorded here, and never lowered to pass:
a change that makes the scores worse than this is a regression to explain, not a number to update.

Tolerance: each verdict's probability is a (weighted) share over n samples, so another draw (or a code change
that reorders the draws) moves it by up to 3 binomial standard errors at the largest variance, d = 3 * 0.5 /
sqrt(n). Propagated: the Brier score of a verdict moves by at most 2 |p - y| d + d^2; its log score (probabilities
clipped to [0.01, 0.99]) falls by at most log(q) - log(max(q - d, 0.01)), q the probability it gave to what
happened; its call (p >= 0.5) can flip only when |p - 0.5| <= d. Each tolerance is the mean over the verdicts.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.analyses.backtest import backtest, case_paths
from accord.analyses.scoring import CLIP
from accord.scenario import load

FIRST_COMMIT = "0fe6ab9853a5e850324ad1d7fe01878769b921b8"
CASES = ["cyprus-annan-2004", "ukraine-2025"]
SAMPLES, SEED = 200, 0
FIRST = {"share right": 1.0, "Brier score": 0.0397145704846354, "log score": -0.1285391348273147}
# (case, verdict, probability, what happened, samples) at the first run
VERDICTS = [
    ("cyprus-annan-2004", "copenhagen_2002", 0.4525, False, 200),
    ("cyprus-annan-2004", "hague_2003", 0.0497, False, 200),
    ("cyprus-annan-2004", "referendums_2004", 0.0029, False, 200),
    ("cyprus-annan-2004", "un_talks_2002_2004", 0.4775, False, 200),
    ("ukraine-2025", "istanbul_russian_memorandum", 0.0, False, 200),
    ("ukraine-2025", "istanbul_ceasefire_refused", 0.0002, False, 200),
    ("ukraine-2025", "alaska_summit", 0.0, False, 50),
    ("ukraine-2025", "rosneft_lukoil_sanctions", 0.0, False, 50),
    ("ukraine-2025", "us_28_point_plan", 0.0, False, 200),
    ("ukraine-2025", "geneva_framework_moscow", 0.0403, False, 200),
    ("ukraine-2025", "no_deal_2025", 0.0, False, 200),
]


def tolerances(verdicts: list[tuple[str, str, float, bool, int]] | None = None) -> dict[str, float]:
    """The sampling tolerance of each score at the first run's probabilities and sample counts."""
    verdicts = VERDICTS if verdicts is None else verdicts
    p = np.array([v[2] for v in verdicts])
    y = np.array([v[3] for v in verdicts], dtype=float)
    d = 3 * 0.5 / np.sqrt(np.array([v[4] for v in verdicts], dtype=float))
    q = np.clip(np.where(y == 1, p, 1 - p), *CLIP)
    return {
        "share right": float((np.abs(p - 0.5) <= d).mean()),
        "Brier score": float((2 * np.abs(p - y) * d + d**2).mean()),
        "log score": float((np.log(q) - np.log(np.maximum(q - d, CLIP[0]))).mean()),
    }


def test_tolerances_by_hand() -> None:
    tol = tolerances()
    d200, d50 = 1.5 / np.sqrt(200), 1.5 / np.sqrt(50)
    assert tol["share right"] == pytest.approx(2 / 11)  # the two Cyprus postures, 0.45 and 0.48
    assert tol["Brier score"] == pytest.approx(
        (2 * d200 * (0.4525 + 0.0497 + 0.0029 + 0.4775 + 0.0002 + 0.0403) + 9 * d200**2 + 2 * d50**2) / 11
    )


@pytest.fixture(scope="module")
def now() -> object:
    return backtest([load(p) for p in case_paths(CASES)], samples=SAMPLES, seed=SEED)


def test_the_casebook_is_the_first_runs(now: object) -> None:
    got = [(v.case, v.id, v.observed) for v in now.verdicts]  # type: ignore[attr-defined]
    assert got == [(c, i, y) for c, i, _, y, _ in VERDICTS], "the cases' verdicts changed: see the module's note"


def test_scores_hold_above_the_first_run(now: object) -> None:
    tol = tolerances()
    acc = now.scores.overall["Accord"]  # type: ignore[attr-defined]
    assert acc["share right"].value >= FIRST["share right"] - tol["share right"] - 1e-12
    assert acc["Brier score"].value <= FIRST["Brier score"] + tol["Brier score"] + 1e-12
    assert acc["log score"].value >= FIRST["log score"] - tol["log score"] - 1e-12
