"""The Bueno de Mesquita expected-utility model, its equations as Scholz, Calbert and Smith (2011) print them: `bdm`.

This reading reproduces no published run: from round 1 on, Scholz et al.'s own code (and so their published
rounds) departs from the printed equations in four places, which variant `scholz2011` (`accord.forecast.scholz`)
follows. What is below is the printed model, read literally, with its ambiguities settled as marked.

One issue; actors i with capability c_i, salience s_i in [0, 1] and position x_i, normalised to [0, 1] by
the scale's ends (so d_ij = |x_i - x_j| is at most 1). w_i = c_i s_i. Each round:

1. Median voter mu: the position that beats every other in pairwise votes
   votes(a vs b) = sum_k w_k (|x_k - b| - |x_k - a|): on one dimension, the w-weighted median of positions.
   It is the round's forecast (the first round's is the weighted median of the starting positions).
2. Probability that i's position prevails over j's:
   P_ij = sum_k max(0, v_k) / sum_k |v_k|, with v_k = w_k (|x_k - x_j| - |x_k - x_i|)   (P_ij + P_ji = 1).
   [Choice: BDM's stated form. Scholz et al.'s code divides by the sum of |votes| over all pairs, which
   makes every P tiny; Accord does not.]
3. Utilities to i with risk exponent r_i (r in [0.5, 2]):
   U^s_ij = 2 - 4 (0.5 - 0.5 d_ij)^r_i        U^f_ij = 2 - 4 (0.5 + 0.5 d_ij)^r_i
   U^b_ij = 2 - 4 (0.5 - 0.25 (d_i,mu + d_ij))^r_i    U^w_ij = 2 - 4 (0.5 + 0.25 (d_i,mu + d_ij))^r_i
   U^sq_i = 2 - 4 (0.5)^r_i
4. Expected utility to i of challenging j:
   EU_ij = s_j (P_ij U^s_ij + (1 - P_ij) U^f_ij) + (1 - s_j) U^s_ij - Q U^sq_i - (1 - Q)(T U^b_ij + (1 - T) U^w_ij)
   with Q (the chance the status quo holds unchallenged; default 1, as in Scholz et al.'s runs) and T = 1
   when i is closer to the median than j (a drifting status quo moves toward i) else 0 [choice: the papers
   leave T's rule open].
5. Risk: danger_i = sum_{j != i} EU_ji computed with every r = 1; R_i = (2 danger_i - max - min)/(max - min)
   over actors (0 when all are equal); r_i = (1 - R_i/3)/(1 + R_i/3).
6. Offers, seen by the receiver a with its own r_a for both sides: eu_ab = EU_ab, eu_ba = EU_ba.
   - confrontation: eu_ba > eu_ab > 0: a expects to lose; it moves to x_b;
   - compromise / capitulation: eu_ba > 0 > eu_ab: a moves the fraction min(1, |eu_ab| / eu_ba) of the way
     to x_b (capitulation when the fraction is 1);
   - otherwise no offer. An actor with zero salience challenges no one [choice: so that an actor that does
     not care never moves others]. Actors within `SAME` of each other hold one position and make no offers,
     and a capitulation lands exactly on x_b, so floating-point rounding never creates an offer.
   Each actor takes the offer that moves it least (the papers' rule; Scholz et al.'s code preferred
   confrontations first); ties go to the lower actor index. All actors move at once.
7. Stop when no actor moves more than `tol` (of the scale) or after `rounds` rounds.

Everything is computed for a batch of samples at once: arrays are (samples, actors[, actors]).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from accord.budget import tick

KINDS = ("none", "confrontation", "compromise", "capitulation")
SAME = 1e-6
"""Positions closer than this (on the normalised scale) are one position: rounding noise makes no offers."""
EU_ZERO = 1e-12
"""Expected utilities within this of zero count as zero: no challenge and no yielding on rounding noise (the
vectorised and plain versions would otherwise split on the sign of a 1e-17)."""


_WORK = threading.local()


@contextmanager
def _workspace() -> Iterator[None]:
    """Within it (one `run`, one thread), the round's (samples, actors, actors) arrays are allocated once and reused
    every round (`_buf`): at 1,000 actors each is 8 MB, and allocating dozens afresh every round made the kernel
    map and zero them again (a third of the time was system time)."""
    prev = getattr(_WORK, "bufs", None)
    _WORK.bufs = {}
    try:
        yield
    finally:
        _WORK.bufs = prev


def _buf(name: str, shape: tuple[int, ...], dtype: type = np.float64) -> np.ndarray:
    """The workspace's array `name` (uninitialised), or a new one outside a workspace. A..F are scratch, reused
    from step to step: `_support_sorted` uses them all and returns "support" (the win probabilities are then
    written over it); `_Parts` holds "d", "base_*", "log_*" for the round; `eu` uses A-C and writes its result to
    the name given (F for the dangers, "eu_ab", "eu_ba" for the offers); the offers' tail uses A-C again."""
    bufs = getattr(_WORK, "bufs", None)
    if bufs is None:
        return np.empty(shape, dtype)
    key = (name, shape, np.dtype(dtype))
    b = bufs.get(key)
    if b is None:
        b = bufs[key] = np.empty(shape, dtype)
    return b


@dataclass(frozen=True)
class Path:
    """A forecast run: positions every round, the median and mean each round, and who pressed whom."""

    positions: np.ndarray  # (rounds + 1, samples, actors), normalised
    median: np.ndarray  # (rounds + 1, samples)
    mean: np.ndarray  # (rounds + 1, samples)
    pressed_by: np.ndarray  # (rounds, samples, actors): index of the actor whose offer was taken, or -1
    kind: np.ndarray  # (rounds, samples, actors): index into KINDS
    risk: np.ndarray  # (rounds, samples, actors): risk exponents used
    converged: np.ndarray  # (samples,) bool

    @property
    def forecast(self) -> np.ndarray:
        """(samples,) the median voter position after the last round."""
        return self.median[-1]


def weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(samples,) the position where the cumulative weight (in position order) first reaches half the total."""
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    cum = np.cumsum(ws, axis=1)
    half = cum[:, -1:] / 2.0
    k = np.argmax(cum >= half - 1e-12, axis=1)
    return xs[np.arange(len(x)), k]


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(samples,) the w-weighted mean position."""
    tot = w.sum(axis=1)
    return np.where(tot > 0, (w * x).sum(axis=1) / np.where(tot > 0, tot, 1.0), x.mean(axis=1))


def win_probability(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(samples, i, j) P_ij from the weighted votes; computed in O(n^2 log n) per sample by prefix sums."""
    S, n = x.shape
    favour = _support(x, w)  # favour[s, i, j] = sum_k max(0, w_k (|x_k - x_j| - |x_k - x_i|))
    total = np.add(favour, np.swapaxes(favour, 1, 2), out=_buf("A", (S, n, n)))
    none = np.less_equal(total, 0, out=_buf("none", (S, n, n), bool))
    none |= np.isnan(total)  # where(total > 0, ...) takes the other side for NaN too
    np.copyto(total, 1.0, where=none)
    out = np.divide(favour, total, out=favour)
    np.copyto(out, 0.5, where=none)
    return out


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
    out = _buf("support", (S, n, n))
    out.fill(0.0)
    rows = np.arange(S)[:, None, None]
    shape = (S, n, n)
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
        pair = np.add(yi, yj, out=_buf("A", shape))
        mid = np.divide(pair, 2.0, out=_buf("B", shape))  # rises along each row
        base = (np.arange(S) * n)[:, None, None]
        at_i = np.searchsorted(flat, (ys + offset).ravel(), side="right").reshape(S, n, 1) - base
        mid += offset[:, :, None]
        below_mid = _searchsorted_into(flat, mid.ravel(), _buf("G", (S * n * n,), np.int64)).reshape(S, n, n)
        below_mid -= base
        w_le_i = cw[rows, at_i]
        below_mid -= at_i
        hi_idx = np.maximum(below_mid, 0, out=below_mid)  # between
        hi_idx += at_i
        hi_idx += (np.arange(S) * (n + 1))[:, None, None]  # flat index into cw, cwx
        w_mid = np.take(cw.ravel(), hi_idx, out=_buf("C", shape))
        w_mid -= w_le_i
        wx_mid = np.take(cwx.ravel(), hi_idx, out=_buf("D", shape))
        wx_mid -= cwx[rows, at_i]
        # val = where(yi < yj, w_le_i (yj - yi) + (yi + yj) w_mid - 2 wx_mid, 0), each step as written
        val = np.subtract(yj, yi, out=_buf("E", shape))
        np.multiply(w_le_i, val, out=val)
        val += np.multiply(pair, w_mid, out=pair)
        val -= np.multiply(2.0, wx_mid, out=wx_mid)
        not_lt = np.less(yi, yj, out=_buf("not_lt", shape, bool))
        np.copyto(val, 0.0, where=np.logical_not(not_lt, out=not_lt))
        back = _buf("F", shape)  # [order[i'], order[j']] = val[i', j']
        back[rows, order[:, :, None], order[:, None, :]] = val
        out += back
    return np.maximum(out, 0.0, out=out)


def _searchsorted_into(sorted_: np.ndarray, v: np.ndarray, out: np.ndarray) -> np.ndarray:
    """np.searchsorted(sorted_, v, side="left") written into `out` a slice at a time (NumPy's own returns a new
    array, 8 MB at 1,000 actors, every time)."""
    step = 1 << 16
    for a in range(0, v.size, step):
        out[a : a + step] = np.searchsorted(sorted_, v[a : a + step], side="left")
    return out


class _Parts:
    """What expected utilities share within a round, whatever the exponents: distances, the utility bases and
    their logs (so that each exponent costs one exp per term), the win probabilities and the weights."""

    def __init__(self, x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray) -> None:
        S, n = x.shape
        shape = (S, n, n)
        self.shape = shape
        d = np.subtract(x[:, :, None], x[:, None, :], out=_buf("d", shape))
        np.abs(d, out=d)
        self.d_mu = np.abs(x - mu[:, None])[:, :, None]
        self.d = d
        # the bases of U^s and U^f (each utility is 2 - 4 * base ** r); U^b, U^w only when Q < 1 (`_drift`)
        self.bases = []
        for name, sign in (("base_s", -1.0), ("base_f", 1.0)):  # 0.5 -/+ 0.5 d
            b = np.multiply(0.5, d, out=_buf(name, shape))
            self.bases.append(np.subtract(0.5, b, out=b) if sign < 0 else np.add(0.5, b, out=b))
        with np.errstate(divide="ignore"):
            self.logs = [np.log(b, out=_buf(f"log_{k}", shape)) for k, b in enumerate(self.bases)]
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

    def eu(self, r: np.ndarray, q: float, out: str = "") -> np.ndarray:
        """EU_ij with exponents r (samples, i, j) or (samples, i, 1): i's expected utility of challenging j.

        `out` names the workspace array the result is written to (see `_buf`); "" for a new array."""
        shape = self.shape
        neutral = bool(np.all(r == 1.0))
        us, uf = _buf("A", shape), _buf("B", shape)
        if neutral:  # risk-neutral: the bases themselves, no powers
            for u, b in ((us, self.bases[0]), (uf, self.bases[1])):
                np.subtract(2, np.multiply(4, b, out=u), out=u)
            usq: np.ndarray | float = 0.0
        else:
            for u, lg in ((us, self.logs[0]), (uf, self.logs[1])):
                np.multiply(r, lg, out=u)
                np.subtract(2, np.multiply(4, np.exp(u, out=u), out=u), out=u)
            one = r[:, :, :1] if r.strides[2] == 0 else r[:, :1, :] if r.strides[1] == 0 else r  # r broadcast
            usq = 2 - 4 * 0.5**one
        sj, p = self.sj, self.p
        # sj * (p * us + (1 - p) * uf) + (1 - sj) * us - q * usq, in the plain reference's order: ties break alike
        res = np.multiply(p, us, out=_buf(out, shape) if out else np.empty(shape))
        tmp = np.subtract(1, p, out=_buf("C", shape))
        res += np.multiply(tmp, uf, out=tmp)
        np.multiply(sj, res, out=res)
        res += np.multiply(1 - sj, us, out=tmp)
        res -= q * usq
        out_ = res
        if q != 1.0:
            t, bases, logs = self._drift()
            ub, uw = (2 - 4 * b for b in bases) if neutral else (2 - 4 * np.exp(r * lg) for lg in logs)
            out_ -= (1 - q) * (t * ub + (1 - t) * uw)
        return out_


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
    eu = (parts or _Parts(x, s, p, mu)).eu(np.ones((S, n, 1)), q, out="F")
    diag = np.arange(n)
    eu[:, diag, diag] *= 0.0  # each actor's own term out (as x (1 - I) does)
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
    shape = (S, n, n)
    r_recv = np.broadcast_to(r[:, :, None], shape)
    eu_ab = parts.eu(r_recv, q, out="eu_ab")  # [a, b]: a challenges b, a's view
    eu_ba = np.swapaxes(parts.eu(np.swapaxes(r_recv, 1, 2), q, out="eu_ba"), 1, 2)
    xa = x[:, :, None]
    xb = x[:, None, :]
    # every (samples, actors, actors) array below lives in the round's workspace (`_buf`): same values as
    # valid = (|xa - xb| > SAME) & (s_b > 0); conf = valid & (eu_ba > eu_ab + EU_ZERO) & (eu_ab > EU_ZERO);
    # yield = valid & (eu_ba > EU_ZERO) & (eu_ab < -EU_ZERO); frac = min(1, |eu_ab| / where(eu_ba > 0, eu_ba, 1))
    valid = np.greater(parts.d, SAME, out=_buf("valid", shape, bool))  # parts.d is |xa - xb|
    valid &= s[:, None, :] > 0
    mask = _buf("mask", shape, bool)
    tmp = np.add(eu_ab, EU_ZERO, out=_buf("A", shape))
    conf = np.greater(eu_ba, tmp, out=_buf("conf", shape, bool))
    conf &= valid
    conf &= np.greater(eu_ab, EU_ZERO, out=mask)
    yield_ = np.greater(eu_ba, EU_ZERO, out=_buf("yield", shape, bool))
    yield_ &= valid
    yield_ &= np.less(eu_ab, -EU_ZERO, out=mask)
    frac = np.abs(eu_ab, out=_buf("B", shape))
    np.copyto(tmp, eu_ba)
    np.copyto(tmp, 1.0, where=np.logical_not(np.greater(eu_ba, 0, out=mask), out=mask))
    frac /= tmp
    np.minimum(1.0, frac, out=frac)
    # target = where(conf | (yield & frac >= 1), xb, where(yield, xa + (xb - xa) frac, nan)); move = |target - xa|
    target = np.subtract(xb, xa, out=_buf("C", shape))
    target *= frac
    np.add(xa, target, out=target)
    np.copyto(target, np.nan, where=np.logical_not(yield_, out=mask))
    whole = np.greater_equal(frac, 1.0, out=mask)
    whole &= yield_
    whole |= conf
    np.copyto(target, np.broadcast_to(xb, shape), where=whole)
    move = np.subtract(target, xa, out=tmp)
    np.abs(move, out=move)
    np.copyto(move, np.inf, where=np.isnan(move, out=mask))
    best = np.argmin(move, axis=2)  # least movement, lowest index on ties
    at = best[:, :, None]
    got = np.isfinite(np.take_along_axis(move, at, axis=2)[:, :, 0])
    new = np.where(got, np.take_along_axis(target, at, axis=2)[:, :, 0], x)
    # the kind of the offer taken: where(conf, 1, where(yield, where(frac >= 1, 3, 2), 0)) at the chosen one
    c_at, y_at = np.take_along_axis(conf, at, axis=2)[:, :, 0], np.take_along_axis(yield_, at, axis=2)[:, :, 0]
    f_at = np.take_along_axis(frac, at, axis=2)[:, :, 0]
    kind = np.where(c_at, 1, np.where(y_at, np.where(f_at >= 1.0, 3, 2), 0))
    k = np.where(got, kind, 0)
    return new, np.where(got, best, -1), k, r


Step = Callable[[np.ndarray, np.ndarray, np.ndarray, float], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def run(
    x0: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    rounds: int = 10,
    q: float = 1.0,
    tol: float = 1e-3,
    rule: Step | None = None,
) -> Path:
    """Rounds of challenges from positions x0 (samples, actors) until no one moves more than `tol`; `rule` is
    one round (this variant's `step` by default; `scholz2011` passes its own)."""
    rule = rule or step
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    with _workspace():
        return _run(x0, c, s, rounds, q, tol, rule)


def _run(x0: np.ndarray, c: np.ndarray, s: np.ndarray, rounds: int, q: float, tol: float, rule: Step) -> Path:
    x = x0.astype(float).copy()
    w = c * s
    pos = [x.copy()]
    med = [weighted_median(x, w)]
    mean = [weighted_mean(x, w)]
    by, kinds, risks = [], [], []
    done = np.zeros(len(x), dtype=bool)
    for _ in range(rounds):
        tick()
        new, b, k, r = rule(x, c, s, q)
        new = np.where(done[:, None], x, new)
        b = np.where(done[:, None], -1, b)
        k = np.where(done[:, None], 0, k)
        moved = np.abs(new - x).max(axis=1)
        x = new
        done |= moved <= tol
        pos.append(x.copy())
        med.append(weighted_median(x, w))
        mean.append(weighted_mean(x, w))
        by.append(b)
        kinds.append(k)
        risks.append(r)
        if done.all():
            break
    return Path(np.array(pos), np.array(med), np.array(mean), np.array(by), np.array(kinds), np.array(risks), done)
