"""The `scholz2011` variant: Scholz, Calbert and Smith's published EC rounds, hand-worked values, and the plain
per-pair reference."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from hypothesis import given, settings

from accord.forecast import reference as ref
from accord.forecast import scholz
from accord.forecast.inputs import from_csv
from accord.forecast.run import Settings, forecast_inputs
from tests.forecast.test_bdm import actors

DATA = Path(__file__).parent / "data" / "scholz2011_ec_rounds.csv"
EC = Path(__file__).parents[2] / "src" / "accord" / "data" / "examples" / "ec-emissions.csv"


def published() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(actors, positions (11, 10), median (11,), mean (11,)) from the test data file."""
    rows = list(csv.reader(line for line in DATA.read_text().splitlines() if not line.startswith("#")))
    head, body = rows[0], np.array([[float(v) for v in r] for r in rows[1:]])
    return head[1:-2], body[:, 1:-2], body[:, -2], body[:, -1]


def test_published_ec_rounds_1_to_10() -> None:
    """Every actor's position, the median voter and the weighted mean after each of ten rounds, to 1e-4."""
    actors, positions, median, mean = published()
    inp = from_csv(EC)
    assert list(inp.actors) == actors
    path = scholz.run(inp.position[:, :, 0], inp.capability, inp.salience[:, :, 0], rounds=10, tol=0.0)
    assert path.positions.shape[0] == 11
    assert np.abs(inp.to_scale(path.positions[:, 0, :]) - positions).max() < 1e-4
    assert np.abs(inp.to_scale(path.median[:, 0]) - median).max() < 1e-4
    assert np.abs(inp.to_scale(path.mean[:, 0]) - mean).max() < 1e-4
    assert abs(median[1] - 8.416) < 1e-3 and abs(median[2] - 9.611) < 1e-3 and abs(median[3] - 9.962) < 1e-3


def test_published_rounds_through_the_forecast_command_path() -> None:
    """`accord forecast ec-emissions.csv --variant scholz2011` runs the same rounds (its stopping rule allows 10)."""
    _, positions, median, _ = published()
    [r] = forecast_inputs(from_csv(EC), "ec", Settings("scholz2011", rounds=10), influence=False)
    assert np.abs(r.median - median).max() < 1e-4 and np.abs(r.positions - positions).max() < 1e-4
    first = [p for p in r.pressure if p.round == 1]
    assert [(p.actor, p.by, p.kind) for p in first] == [
        ("Belgium", "France", "compromise"),
        ("Luxembourg", "Belgium", "confrontation"),
        ("Ireland", "Luxembourg", "confrontation"),
    ]


def test_common_denominator_by_hand() -> None:
    """Actors at 0, 0.5, 1 with weights 1, 2, 3, every exponent 1. Votes v_k(a:b) = w_k (d_kb - d_ka):
    for each voter, sum over ordered pairs (a, b) of |d_kb - d_ka| is twice the sum over unordered pairs of the
    distance differences: voter 0 (distances 0, .5, 1) 2 * (.5 + 1 + .5) = 4 -> w 1 * 4 = 4; voter 1 (.5, 0, .5)
    2 * (.5 + 0 + .5) = 2 -> 2 * 2 = 4; voter 2 (1, .5, 0) -> 3 * 4 = 12. Denominator 20. P(0 beats 2): only voter 0
    favours 0, by 1 * (1 - 0) = 1, so P = 1/20; P(2 beats 0) = 3/20 (voter 2)."""
    x = np.array([[0.0, 0.5, 1.0]])
    w = np.array([[1.0, 2.0, 3.0]])
    p = scholz.win_probability(x, w, np.ones((1, 3)))[0]
    assert abs(p[0, 2] - 1 / 20) < 1e-12 and abs(p[2, 0] - 3 / 20) < 1e-12
    # with voter 2's exponent 2 its distances become 1, .25, 0: its pairs sum 2 * (.75 + 1 + .25) = 4 again,
    # and it favours 2 over 0 by 3 * (1 - 0) = 3; voter 1 (exponent 1) still indifferent; denominator unchanged
    p2 = scholz.win_probability(x, w, np.array([[1.0, 1.0, 2.0]]))[0]
    assert abs(p2[2, 0] - 3 / 20) < 1e-12
    # P(1 beats 2) with voter 2 at exponent 2: voter 0 favours 1 by 1 * (1 - .5) = .5; voter 1 by 2 * (.5 - 0) = 1
    assert abs(p2[1, 2] - 1.5 / 20) < 1e-12


@settings(max_examples=60, deadline=None)
@given(actors())
def test_vectorised_equals_plain_loops(a: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, c, s = a
    path = scholz.run(x[None], c[None], s[None], rounds=5)
    plain = ref.scholz_run(list(x), list(c), list(s), rounds=5)
    assert np.allclose(np.array(plain), path.positions[:, 0, :])


def test_samples_are_independent_rows() -> None:
    """A batch of samples (more than one sorted block) gives each row the result it gets alone."""
    rng = np.random.default_rng(3)
    x, c, s = rng.random((70, 7)), rng.random((70, 7)), rng.random((70, 7))
    batch = scholz.run(x, c, s, rounds=4)
    for k in (0, 33, 69):
        alone = scholz.run(x[k : k + 1], c[k : k + 1], s[k : k + 1], rounds=4)
        n = alone.positions.shape[0]
        assert np.allclose(batch.positions[:n, k], alone.positions[:, 0])
