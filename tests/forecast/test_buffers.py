"""Forecast rounds in reused buffers give the same paths as the round written as plain NumPy expressions.

The functions below are `accord.forecast.bdm`'s round as it was before its (samples, actors, actors) arrays were
preallocated and reused (`bdm._workspace`): every step a NumPy expression making a new array. Both variants that
use it (`bdm`, `scholz2011`) must give the same positions, medians, means, exponents (to 1e-12) and the same
pressures and kinds, on several seeds, sizes on both sides of `DIRECT_ACTORS`, and Q = 1 and Q < 1.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.forecast import bdm, scholz
from accord.forecast.bdm import EU_ZERO, SAME, weighted_median


def win_probability(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(samples, i, j) P_ij from the weighted votes; computed in O(n^2 log n) per sample by prefix sums."""
    S, n = x.shape
    favour = _support(x, w)  # favour[s, i, j] = sum_k max(0, w_k (|x_k - x_j| - |x_k - x_i|))
    total = favour + np.swapaxes(favour, 1, 2)
    return np.where(total > 0, favour / np.where(total > 0, total, 1.0), 0.5)


DIRECT_ACTORS = 24
"""Up to this many actors the support is summed directly over voters (actors^3 per sample, in blocks of samples):
for small actor counts that beats the prefix-sum method's indexing."""


def _support(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """sum_k max(0, w_k (|x_k - x_j| - |x_k - x_i|)) for every pair: directly for a few actors, else by prefix
    sums without an actors^3 array (`_support_sorted`)."""
    S, n = x.shape
    if n > DIRECT_ACTORS:
        return _support_sorted(x, w)
    out = np.empty((S, n, n))
    block = max(1, 4_000_000 // (n**3))
    for a in range(0, S, block):
        xb, wb = x[a : a + block], w[a : a + block]
        d = np.abs(xb[:, :, None] - xb[:, None, :])  # d[s, k, m] = |x_k - x_m|
        gain = (d[:, :, None, :] - d[:, :, :, None]) * wb[:, :, None, None]  # [s, k, i, j] = w_k (d_kj - d_ki)
        out[a : a + block] = np.maximum(gain, 0.0).sum(axis=1)
    return out


def _support_sorted(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """sum_k max(0, w_k (|x_k - x_j| - |x_k - x_i|)) for every pair, without an actors^3 array.

    For x_i < x_j the term is w_k (x_j - x_i) for x_k <= x_i, w_k (x_i + x_j - 2 x_k) for x_i < x_k < m
    (m the midpoint) and 0 beyond; x_i > x_j is the mirror image. Pairs are taken in position order, so each
    row's midpoints rise and the searches for them run on sorted keys (several times faster), then the result
    is put back in actor order.
    """
    S, n = x.shape
    out = np.zeros((S, n, n))
    rows = np.arange(S)[:, None, None]
    for sign in (1.0, -1.0):
        y = sign * x  # mirror for the x_i > x_j half
        order = np.argsort(y, axis=1, kind="stable")
        ys = np.take_along_axis(y, order, axis=1)
        ws = np.take_along_axis(w, order, axis=1)
        cw = np.concatenate([np.zeros((S, 1)), np.cumsum(ws, axis=1)], axis=1)
        cwx = np.concatenate([np.zeros((S, 1)), np.cumsum(ws * ys, axis=1)], axis=1)
        offset = (np.arange(S) * 8.0)[:, None]  # one sorted array for all samples
        flat = (ys + offset).ravel()
        yi = ys[:, :, None]  # pairs in sorted order: i' rows, j' columns
        yj = ys[:, None, :]
        mid = (yi + yj) / 2.0  # rises along each row
        base = (np.arange(S) * n)[:, None, None]
        at_i = np.searchsorted(flat, (ys + offset).ravel(), side="right").reshape(S, n, 1) - base
        below_mid = np.searchsorted(flat, (mid + offset[:, :, None]).ravel(), side="left").reshape(S, n, n) - base
        w_le_i = cw[rows, at_i]
        between = np.maximum(below_mid - at_i, 0)
        hi_idx = at_i + between
        w_mid = cw[rows, hi_idx] - w_le_i
        wx_mid = cwx[rows, hi_idx] - cwx[rows, at_i]
        val = np.where(yi < yj, w_le_i * (yj - yi) + (yi + yj) * w_mid - 2.0 * wx_mid, 0.0)
        back = np.empty_like(val)  # [order[i'], order[j']] = val[i', j']
        back[rows, order[:, :, None], order[:, None, :]] = val
        out += back
    return np.maximum(out, 0.0)


class _Parts:
    """What expected utilities share within a round, whatever the exponents: distances, the utility bases and
    their logs (so that each exponent costs one exp per term), the win probabilities and the weights."""

    def __init__(self, x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray) -> None:
        d = np.abs(x[:, :, None] - x[:, None, :])
        self.d_mu = np.abs(x - mu[:, None])[:, :, None]
        self.d = d
        # the bases of U^s and U^f (each utility is 2 - 4 * base ** r); U^b, U^w only when Q < 1 (`_drift`)
        self.bases = [0.5 - 0.5 * d, 0.5 + 0.5 * d]
        with np.errstate(divide="ignore"):
            self.logs = [np.log(b) for b in self.bases]
        self._drift_parts: tuple[np.ndarray, list[np.ndarray], list[np.ndarray]] | None = None
        self.sj = s[:, None, :]
        self.p = p

    def _drift(self) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """T and the bases (and logs) of U^b and U^w: needed only when the status quo may drift (Q < 1)."""
        if self._drift_parts is None:
            d, d_mu = self.d, self.d_mu
            t = (d_mu < np.swapaxes(d_mu, 1, 2)).astype(float)
            bases = [np.clip(0.5 - 0.25 * (d_mu + d), 0.0, None), 0.5 + 0.25 * (d_mu + d)]
            with np.errstate(divide="ignore"):
                logs = [np.log(b) for b in bases]
            self._drift_parts = (t, bases, logs)
        return self._drift_parts

    def eu(self, r: np.ndarray, q: float) -> np.ndarray:
        """EU_ij with exponents r (samples, i, j) or (samples, i, 1): i's expected utility of challenging j."""
        neutral = bool(np.all(r == 1.0))
        if neutral:  # risk-neutral: the bases themselves, no powers
            us, uf = (2 - 4 * b for b in self.bases)
            usq = 0.0
        else:
            us, uf = (2 - 4 * np.exp(r * lg) for lg in self.logs)
            usq = 2 - 4 * 0.5**r
        sj, p = self.sj, self.p
        out = sj * (p * us + (1 - p) * uf) + (1 - sj) * us - q * usq  # in the plain reference's order: ties break alike
        if q != 1.0:
            t, bases, logs = self._drift()
            ub, uw = (2 - 4 * b for b in bases) if neutral else (2 - 4 * np.exp(r * lg) for lg in logs)
            out = out - (1 - q) * (t * ub + (1 - t) * uw)
        return out


def expected_utility(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray, r: np.ndarray, q: float = 1.0
) -> np.ndarray:
    """(samples, i, j) EU_ij: i's expected utility of challenging j, with i's utilities under exponents r
    ((samples, i) or (samples, i, j): the exponent used for each pair)."""
    return _Parts(x, s, p, mu).eu(r if r.ndim == 3 else r[:, :, None], q)


def risk_exponents(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray, q: float = 1.0, parts: _Parts | None = None
) -> np.ndarray:
    """(samples, actors) r_i from each actor's danger relative to the others' (step 5)."""
    S, n = x.shape
    eu = (parts or _Parts(x, s, p, mu)).eu(np.ones((S, n, 1)), q)
    eu = eu * (1 - np.eye(n))[None]
    danger = eu.sum(axis=1)  # sum over challengers j of EU_ji
    hi = danger.max(axis=1, keepdims=True)
    lo = danger.min(axis=1, keepdims=True)
    big_r = np.where(hi > lo, (2 * danger - hi - lo) / np.where(hi > lo, hi - lo, 1.0), 0.0)
    return (1 - big_r / 3) / (1 + big_r / 3)


def step(
    x: np.ndarray, c: np.ndarray, s: np.ndarray, q: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One round: (new positions, index of the actor whose offer each took or -1, kind, risk exponents)."""
    S, n = x.shape
    w = c * s
    mu = weighted_median(x, w)
    p = win_probability(x, w)
    parts = _Parts(x, s, p, mu)  # shared by the three EU passes below
    r = risk_exponents(x, s, p, mu, q, parts)
    r_recv = np.broadcast_to(r[:, :, None], (S, n, n))
    eu_ab = parts.eu(r_recv, q)  # [a, b]: a challenges b, a's view
    eu_ba = np.swapaxes(parts.eu(np.swapaxes(r_recv, 1, 2), q), 1, 2)
    xa = x[:, :, None]
    xb = x[:, None, :]
    valid = (np.abs(xa - xb) > SAME) & (s[:, None, :] > 0)
    conf = valid & (eu_ba > eu_ab + EU_ZERO) & (eu_ab > EU_ZERO)
    yield_ = valid & (eu_ba > EU_ZERO) & (eu_ab < -EU_ZERO)
    frac = np.minimum(1.0, np.abs(eu_ab) / np.where(eu_ba > 0, eu_ba, 1.0))
    target = np.where(conf | (yield_ & (frac >= 1.0)), xb, np.where(yield_, xa + (xb - xa) * frac, np.nan))
    kind = np.where(conf, 1, np.where(yield_, np.where(frac >= 1.0, 3, 2), 0))
    move = np.where(np.isnan(target), np.inf, np.abs(target - xa))
    best = np.argmin(move, axis=2)  # least movement, lowest index on ties
    got = np.isfinite(np.take_along_axis(move, best[:, :, None], axis=2)[:, :, 0])
    new = np.where(got, np.take_along_axis(target, best[:, :, None], axis=2)[:, :, 0], x)
    k = np.where(got, np.take_along_axis(kind, best[:, :, None], axis=2)[:, :, 0], 0)
    return new, np.where(got, best, -1), k, r


def _actors(n: int, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return (
        np.round(rng.random((samples, n)), 2),
        rng.random((samples, n)) + 0.05,
        rng.choice([0.0, 0.2, 0.5, 0.8, 1.0], size=(samples, n)),
    )


def _plain_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the plain round in place of the buffered one, for both variants."""
    for name, fn in (
        ("win_probability", win_probability),
        ("_support", _support),
        ("_support_sorted", _support_sorted),
        ("_Parts", _Parts),
        ("risk_exponents", risk_exponents),
        ("step", step),
    ):
        monkeypatch.setattr(bdm, name, fn)
    monkeypatch.setattr(scholz, "_Parts", _Parts)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("variant", ["bdm", "scholz2011"])
def test_buffered_rounds_equal_plain_rounds(seed, variant, monkeypatch):
    mod = bdm if variant == "bdm" else scholz
    for n, samples in ((7, 20), (40, 3), (300, 1)):
        for q in (1.0, 0.8):
            args = _actors(n, samples, seed * 100 + n)
            tol = 0.0 if seed != 3 else 1e-3
            got = mod.run(*args, rounds=10, q=q, tol=tol)
            with monkeypatch.context() as m:
                _plain_round(m)
                want = mod.run(*args, rounds=10, q=q, tol=tol, **({"rule": step} if mod is bdm else {}))
            for field in ("positions", "median", "mean", "risk"):
                a, b = getattr(got, field), getattr(want, field)
                assert a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-12, equal_nan=True), (field, n, q)
            for field in ("pressed_by", "kind", "converged"):
                assert np.array_equal(getattr(got, field), getattr(want, field)), (field, n, q)


def test_rounds_reuse_buffers_and_release_them():
    """Inside a run the workspace hands back the same array for a name; outside it, a new one each time; after
    the run nothing is kept."""
    with bdm._workspace():
        a = bdm._buf("A", (1, 3, 3))
        assert bdm._buf("A", (1, 3, 3)) is a
    assert bdm._buf("A", (1, 3, 3)) is not bdm._buf("A", (1, 3, 3))
    assert getattr(bdm._WORK, "bufs", None) is None
