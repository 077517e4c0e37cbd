"""The `bdm` variant: hand-worked values, the published EC data, properties, and the plain per-pair reference."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from accord.forecast import bdm
from accord.forecast import reference as ref
from accord.forecast.inputs import loads_csv

# Bueno de Mesquita and Stokman (eds.), European Community Decision Making (1994), the car-emissions issue as
# tabulated by Scholz, Calbert and Smith, Journal of Theoretical Politics 23(4) 2011 (positions 4 = strictest
# to 10 = most lenient; capability; salience in percent).
EC = """actor,capability,position,salience
Netherlands,0.08,4,80
Belgium,0.08,7,40
Luxembourg,0.03,4,20
Germany,0.16,4,80
France,0.16,10,60
Italy,0.16,10,60
UK,0.16,10,90
Ireland,0.05,7,10
Denmark,0.05,4,100
Greece,0.08,7,70
"""


def test_ec_first_round_median_and_mean_by_hand() -> None:
    """Weights c*s: 4 -> 0.064 (Netherlands) + 0.006 + 0.128 + 0.05 = 0.248; 7 -> 0.032 (Belgium) + 0.005 + 0.056 = 0.093; 10 -> 0.336 (total
    0.677). Cumulative weight reaches half (0.3385) at 7, so the median voter is 7; the mean is
    (0.248*4 + 0.093*7 + 0.336*10) / 0.677 = 7.390."""
    inp = loads_csv(EC, "ec.csv")
    path = bdm.run(inp.position[:, :, 0], inp.capability, inp.salience[:, :, 0], rounds=1)
    assert inp.to_scale(path.median[0])[0] == 7.0
    assert abs(inp.to_scale(path.mean[0])[0] - 7.390) < 5e-4


def test_probability_by_hand() -> None:
    """Three actors at 0, 0.5, 1 with weights 1, 2, 3. P(0 beats 1): only actors nearer 0 than 1 vote for it:
    actor 0 (w=1, gain |0-1| - 0 = 1) -> 1; actor 2 votes against (3 * 1 = 3); actor 1 is indifferent.
    So P = 1 / (1 + 3) = 0.25."""
    x = np.array([[0.0, 0.5, 1.0]])
    w = np.array([[1.0, 2.0, 3.0]])
    p = bdm.win_probability(x, w)[0]
    assert abs(p[0, 2] - 0.25) < 1e-12 and abs(p[2, 0] - 0.75) < 1e-12
    # 0 vs 0.5: actor 0 gains 0.5 (w 1 -> 0.5); actor 1 loses 0.5 (w 2 -> 1.0); actor 2 loses 0.5 (w 3 -> 1.5)
    assert abs(p[0, 1] - 0.5 / 3.0) < 1e-12


def test_expected_utility_by_hand() -> None:
    """Two actors at 0 and 1, s = (1, 0.5), r = 1, Q = 1: d = 1, U^s = 2 - 4*0 = 2, U^f = 2 - 4*1 = -2,
    U^sq = 0. P(0 beats 1) with weights c*s = (1, 0.5) is 1/1.5 = 2/3. EU_01 = s_1 (P U^s + (1-P) U^f)
    + (1 - s_1) U^s - U^sq = 0.5 (4/3 - 2/3) + 0.5 * 2 = 1/3 + 1 = 4/3."""
    x = np.array([[0.0, 1.0]])
    s = np.array([[1.0, 0.5]])
    c = np.array([[1.0, 1.0]])
    p = bdm.win_probability(x, c * s)
    mu = bdm.weighted_median(x, c * s)
    eu = bdm.expected_utility(x, s, p, mu, np.ones((1, 2)))[0]
    assert abs(eu[0, 1] - 4.0 / 3.0) < 1e-12


@st.composite
def actors(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 9))
    x = np.array([draw(st.integers(0, 10)) / 10 for _ in range(n)])
    c = np.array([draw(st.floats(0.05, 1.0)) for _ in range(n)])
    s = np.array([draw(st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0])) for _ in range(n)])
    return x, c, s


@settings(max_examples=60, deadline=None)
@given(actors())
def test_vectorised_equals_plain_loops(a: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, c, s = a
    path = bdm.run(x[None], c[None], s[None], rounds=5)
    plain = ref.run(list(x), list(c), list(s), rounds=5)
    assert np.allclose(np.array(plain), path.positions[:, 0, :])


@settings(max_examples=60, deadline=None)
@given(actors())
def test_first_forecast_is_the_weighted_median(a: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """The round-0 forecast is the position where cumulative capability x salience first reaches half."""
    x, c, s = a
    if (c * s).sum() == 0:
        return
    path = bdm.run(x[None], c[None], s[None], rounds=1)
    order = np.argsort(x, kind="stable")
    cum = np.cumsum((c * s)[order])
    assert path.median[0, 0] == x[order][np.searchsorted(cum, cum[-1] / 2 - 1e-12)]
    assert path.median[0, 0] == ref.median(list(x), list(c), list(s))


@settings(max_examples=60, deadline=None)
@given(actors(), st.integers(0, 8))
def test_zero_salience_never_moves_others(a: tuple[np.ndarray, np.ndarray, np.ndarray], k: int) -> None:
    """Give one actor zero salience: no one ever takes its offer."""
    x, c, s = a
    k %= len(x)
    s = s.copy()
    s[k] = 0.0
    path = bdm.run(x[None], c[None], s[None], rounds=6)
    assert not np.any(path.pressed_by == k)


def test_samples_are_independent_rows() -> None:
    """A batch of samples gives each row the result it gets alone."""
    rng = np.random.default_rng(1)
    x, c, s = rng.random((5, 6)), rng.random((5, 6)), rng.random((5, 6))
    batch = bdm.run(x, c, s, rounds=4)
    for k in range(5):
        alone = bdm.run(x[k : k + 1], c[k : k + 1], s[k : k + 1], rounds=4)
        n = alone.positions.shape[0]
        assert np.allclose(batch.positions[:n, k], alone.positions[:, 0])


def test_zero_expected_utility_is_no_challenge() -> None:
    """Found by Hypothesis: three actors at 0 (one without salience) and one at 0.4. Actor 1's expected utility of
    the challenge is zero analytically and 1e-17 either way in floating point; within EU_ZERO it counts as zero,
    so the vectorised and plain versions agree round by round."""
    for at, s in ((0.4, [0.0, 0.5, 1.0, 0.5]), (0.1, [0.5, 1.0, 1.0, 0.5])):
        x = np.array([0.0, 0.0, at, 0.0])
        c = np.ones(4)
        path = bdm.run(x[None], c[None], np.array(s)[None], rounds=5)
        plain = ref.run(list(x), list(c), list(s), rounds=5)
        assert np.allclose(np.array(plain), path.positions[:, 0, :])


@settings(max_examples=40, deadline=None)
@given(actors(), st.sampled_from([0.0, 0.5, 0.9]))
def test_vectorised_equals_plain_loops_when_the_status_quo_may_drift(
    a: tuple[np.ndarray, np.ndarray, np.ndarray], q: float
) -> None:
    """Q < 1 brings in U^b, U^w and T (computed only then). Actors at distinct positions: where two stand together,
    which of two offers moving an actor equally far comes first can turn on the last bit of a sum (the plain
    loops add in another order), and that knife edge is not what this test is about."""
    x, c, s = a
    assume(len(set(x.tolist())) == len(x))
    path = bdm.run(x[None], c[None], s[None], rounds=4, q=q)
    plain = ref.run(list(x), list(c), list(s), rounds=4, q=q)
    assert np.allclose(np.array(plain), path.positions[:, 0, :])
