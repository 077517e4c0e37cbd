"""Bueno de Mesquita's expected-utility model as Scholz, Calbert and Smith (2011) ran it: variant `scholz2011`.

This variant reproduces the rounds Scholz et al. published for the EC car-emissions case (median voter
8.416, 9.611, 9.962, ... from 7), which their code produces and which its public replication reproduces to
every digit. It shares everything with `bdm` (`accord.forecast.bdm`: the utilities, the expected utility of
a challenge, the risk exponents, simultaneous moves, the median voter as the forecast) except four choices
in which their code departs from the equations as printed:

1. Win probability over a common denominator. With voter k's risk exponent r_k,
       v_k(i:j) = w_k (d_kj^r_k - d_ki^r_k),        P_ij = sum_k max(0, v_k(i:j)) / sum_k sum_a sum_b |v_k(a:b)|,
   the denominator summing over every ordered pair of actors (a, b), not over the pair's own votes; so
   P_ij + P_ji < 1 and every P is small.
2. The voters' risk exponents on the distances (step 1's d^r_k): the exponents of the round (all 1 while the
   exponents are being found, the new ones for the offers).
3. Confrontations before compromises. An actor offered a confrontation it would lose (eu_ba > eu_ab > 0)
   takes the nearest such offer; only an actor offered no confrontation compromises, and among compromises
   it takes the one whose expected-utility-weighted position
       (|eu_ab| x_a + |eu_ba| x_b) / (|eu_ab| + |eu_ba|)
   is smallest on the scale (their code's key; it is why Belgium compromises with the Netherlands in round 4).
4. No capitulation: a compromise needs eu_ba > 0 > eu_ab and eu_ba > |eu_ab| and moves a the fraction
   |eu_ab| / eu_ba of the way to x_b; when eu_ba <= |eu_ab| no offer is made (their code's capitulation test
   can never be true).

Also as in their code: an actor without salience challenges like any other (`bdm` lets it challenge no one),
and Q (the chance the status quo holds) is 1 in their runs; another Q uses `bdm`'s formula. Positions are
normalised by the scale's ends (a CSV's smallest and largest position, as in their code).

Step 1 needs, for every pair (i, j), a sum over voters of a power of their distances: sorted by position the
voters on i's side of the pair's midpoint are a prefix (or suffix), so prefix sums give it in O(n^2) per sample
instead of O(n^3); the denominator is, per voter, a sum of pairwise differences, O(n log n) after sorting.
"""

from __future__ import annotations

import numpy as np

from accord.forecast import bdm
from accord.forecast.bdm import EU_ZERO, SAME, Path, _Parts, weighted_median

KINDS = ("none", "confrontation", "compromise")


def _powered(x: np.ndarray, r: np.ndarray) -> np.ndarray:
    """(samples, k, a): d_ka^r_k, voter k's distance to actor a raised to k's exponent."""
    d = np.abs(x[:, :, None] - x[:, None, :])
    if np.all(r == 1.0):
        return d
    with np.errstate(divide="ignore"):
        return np.where(d > 0, np.exp(r[:, :, None] * np.log(np.where(d > 0, d, 1.0))), 0.0)


def win_probability(x: np.ndarray, w: np.ndarray, r: np.ndarray) -> np.ndarray:
    """(samples, i, j) P_ij with voter exponents r (samples, actors) over the common denominator (choice 1)."""
    S, n = x.shape
    a = w[:, :, None] * _powered(x, r)  # a[s, k, j] = w_k d_kj^r_k
    # denominator: sum_k w_k sum_{a,b} |y_a - y_b| with y = d_k.^r_k; sorted, sum = 2 sum_i (2i - n + 1) y_(i)
    ys = np.sort(a, axis=2)
    coef = 2.0 * np.arange(n) - n + 1.0
    denom = 2.0 * (ys * coef).sum(axis=(1, 2))  # (S,)
    # numerator by prefix sums over voters sorted by position
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    a_sorted = np.take_along_axis(a, order[:, :, None], axis=1)
    cum = np.concatenate([np.zeros((S, 1, n)), np.cumsum(a_sorted, axis=1)], axis=1)  # (S, n + 1, n)
    mid = (x[:, :, None] + x[:, None, :]) / 2.0
    lt = _searchsorted_rows(xs, mid, "left")
    le = _searchsorted_rows(xs, mid, "right")
    rows = np.arange(S)[:, None, None]
    ii = np.arange(n)[None, :, None]
    jj = np.arange(n)[None, None, :]
    # x_i < x_j: voters strictly below the midpoint favour i: sum of w_k (d_kj^r - d_ki^r) over them
    low = cum[rows, lt, jj] - cum[rows, lt, ii]
    # x_i > x_j: voters strictly above the midpoint
    top = cum[:, n, :]
    high = (top[:, None, :] - cum[rows, le, jj]) - (top[:, :, None] - cum[rows, le, ii])
    xi = x[:, :, None]
    xj = x[:, None, :]
    num = np.where(xi < xj, low, np.where(xi > xj, high, 0.0))
    num = np.maximum(num, 0.0)
    return np.where(denom[:, None, None] > 0, num / np.where(denom > 0, denom, 1.0)[:, None, None], 0.0)


def _searchsorted_rows(xs: np.ndarray, v: np.ndarray, side: str) -> np.ndarray:
    """searchsorted of each sample's values in its own sorted row, for many samples at once (rows offset)."""
    S, n = xs.shape
    lo = min(float(xs.min()), float(v.min()))
    span = max(float(xs.max()), float(v.max())) - lo + 1.0
    offset = (np.arange(S) * span)[:, None]
    flat = (xs - lo + offset).ravel()
    q = (v - lo + offset[:, :, None]).reshape(S, -1)
    return np.searchsorted(flat, q.ravel(), side=side).reshape(v.shape) - (np.arange(S) * n)[:, None, None]


def risk_exponents(x: np.ndarray, s: np.ndarray, w: np.ndarray, mu: np.ndarray, q: float = 1.0) -> np.ndarray:
    """(samples, actors) r_i as in `bdm`, from dangers computed with every exponent 1 (the voters' too) and this
    variant's win probabilities."""
    return bdm.risk_exponents(x, s, win_probability(x, w, np.ones_like(x)), mu, q)


def step(
    x: np.ndarray, c: np.ndarray, s: np.ndarray, q: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One round: (new positions, index of the actor whose offer each took or -1, kind, risk exponents)."""
    S, n = x.shape
    w = c * s
    mu = weighted_median(x, w)
    r = risk_exponents(x, s, w, mu, q)
    parts = _Parts(x, s, win_probability(x, w, r), mu)
    r_recv = np.broadcast_to(r[:, :, None], (S, n, n))
    eu_ab = parts.eu(r_recv, q)  # [a, b]: a challenges b, a's view
    eu_ba = np.swapaxes(parts.eu(np.swapaxes(r_recv, 1, 2), q), 1, 2)
    xa = x[:, :, None]
    xb = x[:, None, :]
    valid = np.abs(xa - xb) > SAME
    conf = valid & (eu_ba > eu_ab + EU_ZERO) & (eu_ab > EU_ZERO)
    comp = valid & (eu_ba > EU_ZERO) & (eu_ab < -EU_ZERO) & (eu_ba > np.abs(eu_ab) + EU_ZERO)
    frac = np.abs(eu_ab) / np.where(eu_ba > 0, eu_ba, 1.0)
    # choice 3: the nearest confrontation; else the compromise with the smallest EU-weighted position
    near = np.where(conf, np.abs(xb - xa), np.inf)
    key = np.where(
        comp, (np.abs(eu_ab) * xa + np.abs(eu_ba) * xb) / np.where(comp, np.abs(eu_ab) + np.abs(eu_ba), 1.0), np.inf
    )
    best_conf = np.argmin(near, axis=2)
    best_comp = np.argmin(key, axis=2)
    any_conf = conf.any(axis=2)
    any_comp = comp.any(axis=2)
    best = np.where(any_conf, best_conf, np.where(any_comp, best_comp, -1))
    pick = np.maximum(best, 0)[:, :, None]
    xb_pick = np.take_along_axis(np.broadcast_to(xb, (S, n, n)), pick, axis=2)[:, :, 0]
    f_pick = np.take_along_axis(frac, pick, axis=2)[:, :, 0]
    new = np.where(any_conf, xb_pick, np.where(any_comp, x + (xb_pick - x) * f_pick, x))
    kind = np.where(any_conf, 1, np.where(any_comp, 2, 0))
    return new, best, kind, r


def run(x0: np.ndarray, c: np.ndarray, s: np.ndarray, rounds: int = 10, q: float = 1.0, tol: float = 1e-3) -> Path:
    """Rounds of challenges from positions x0 (samples, actors) until no one moves more than `tol`."""
    return bdm.run(x0, c, s, rounds, q, tol, rule=step)
