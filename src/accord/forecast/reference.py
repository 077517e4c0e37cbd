"""The `bdm` and `scholz2011` variants written plainly, one actor pair at a time, for tests and as the
benchmark's baseline.

They follow the steps of `accord.forecast.bdm` and `accord.forecast.scholz` line by line with Python loops and no
arrays.
"""

from __future__ import annotations

from accord.forecast.bdm import EU_ZERO, SAME


def _median(x: list[float], w: list[float]) -> float:
    pairs = sorted(zip(x, w), key=lambda t: t[0])
    half = sum(w) / 2.0
    acc = 0.0
    for xi, wi in pairs:
        acc += wi
        if acc >= half - 1e-12:
            return xi
    return pairs[-1][0]


def _prob(x: list[float], w: list[float], i: int, j: int) -> float:
    fav = sum(max(0.0, w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i]))) for k in range(len(x)))
    tot = sum(abs(w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i]))) for k in range(len(x)))
    return fav / tot if tot > 0 else 0.5


def _eu(x: list[float], s: list[float], w: list[float], mu: float, i: int, j: int, r: float, q: float) -> float:
    d = abs(x[i] - x[j])
    dm = abs(x[i] - mu)
    p = _prob(x, w, i, j)
    us = 2 - 4 * (0.5 - 0.5 * d) ** r
    uf = 2 - 4 * (0.5 + 0.5 * d) ** r
    ub = 2 - 4 * max(0.0, 0.5 - 0.25 * (dm + d)) ** r
    uw = 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
    usq = 2 - 4 * 0.5 ** r
    t = 1.0 if dm < abs(x[j] - mu) else 0.0
    return s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - q * usq - (1 - q) * (t * ub + (1 - t) * uw)


def round_(x: list[float], c: list[float], s: list[float], q: float = 1.0) -> list[float]:
    """One round of the `bdm` variant: the new positions."""
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    mu = _median(x, w)
    danger = [sum(_eu(x, s, w, mu, j, i, 1.0, q) for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(danger), min(danger)
    r = [(1 - ((2 * dg - hi - lo) / (hi - lo) if hi > lo else 0.0) / 3) /
         (1 + ((2 * dg - hi - lo) / (hi - lo) if hi > lo else 0.0) / 3) for dg in danger]
    new = list(x)
    for a in range(n):
        best, best_move = None, float("inf")
        for b in range(n):
            if abs(x[a] - x[b]) <= SAME or s[b] <= 0:
                continue
            eu_ab = _eu(x, s, w, mu, a, b, r[a], q)
            eu_ba = _eu(x, s, w, mu, b, a, r[a], q)
            if eu_ba > eu_ab + EU_ZERO and eu_ab > EU_ZERO:
                target = x[b]
            elif eu_ba > EU_ZERO and eu_ab < -EU_ZERO:
                frac = abs(eu_ab) / eu_ba
                target = x[b] if frac >= 1.0 else x[a] + (x[b] - x[a]) * frac
            else:
                continue
            if abs(target - x[a]) < best_move:
                best, best_move = target, abs(target - x[a])
        if best is not None:
            new[a] = best
    return new


def run(x: list[float], c: list[float], s: list[float], rounds: int = 10, q: float = 1.0,
        tol: float = 1e-3) -> list[list[float]]:
    """Positions after each round (the first entry is the start)."""
    out = [list(x)]
    for _ in range(rounds):
        nxt = round_(out[-1], c, s, q)
        moved = max(abs(a - b) for a, b in zip(nxt, out[-1]))
        out.append(nxt)
        if moved <= tol:
            break
    return out


def median(x: list[float], c: list[float], s: list[float]) -> float:
    """The weighted median voter position."""
    return _median(x, [c[k] * s[k] for k in range(len(x))])


# --- the `scholz2011` variant, written as plainly -------------------------------------------------------------

def _scholz_denominator(x: list[float], w: list[float], r: list[float]) -> float:
    """sum_k sum_a sum_b |v_k(a:b)|: every voter's votes over every ordered pair of actors (once per round)."""
    n = len(x)
    return sum(abs(w[k] * (abs(x[k] - x[b]) ** r[k] - abs(x[k] - x[a]) ** r[k]))
               for k in range(n) for a in range(n) for b in range(n))


def _scholz_prob(x: list[float], w: list[float], r: list[float], i: int, j: int, denom: float) -> float:
    """P_ij over the common denominator, each voter's distances raised to its own exponent."""
    if denom <= 0:
        return 0.0
    return sum(max(0.0, w[k] * (abs(x[k] - x[j]) ** r[k] - abs(x[k] - x[i]) ** r[k])) for k in range(len(x))) / denom


def _scholz_eu(x: list[float], s: list[float], w: list[float], voters: list[float], denom: float, mu: float, i: int,
               j: int, r: float, q: float) -> float:
    d = abs(x[i] - x[j])
    dm = abs(x[i] - mu)
    p = _scholz_prob(x, w, voters, i, j, denom)
    us = 2 - 4 * (0.5 - 0.5 * d) ** r
    uf = 2 - 4 * (0.5 + 0.5 * d) ** r
    ub = 2 - 4 * max(0.0, 0.5 - 0.25 * (dm + d)) ** r
    uw = 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
    usq = 2 - 4 * 0.5 ** r
    t = 1.0 if dm < abs(x[j] - mu) else 0.0
    return s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - q * usq - (1 - q) * (t * ub + (1 - t) * uw)


def scholz_round(x: list[float], c: list[float], s: list[float], q: float = 1.0) -> list[float]:
    """One round of the `scholz2011` variant: the new positions."""
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    mu = _median(x, w)
    ones = [1.0] * n
    d1 = _scholz_denominator(x, w, ones)
    danger = [sum(_scholz_eu(x, s, w, ones, d1, mu, j, i, 1.0, q) for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(danger), min(danger)
    big = [(2 * dg - hi - lo) / (hi - lo) if hi > lo else 0.0 for dg in danger]
    r = [(1 - b / 3) / (1 + b / 3) for b in big]
    dr = _scholz_denominator(x, w, r)
    new = list(x)
    for a in range(n):
        confront, compromise = [], []
        for b in range(n):
            if abs(x[a] - x[b]) <= SAME:
                continue
            eu_ab = _scholz_eu(x, s, w, r, dr, mu, a, b, r[a], q)
            eu_ba = _scholz_eu(x, s, w, r, dr, mu, b, a, r[a], q)
            if eu_ba > eu_ab + EU_ZERO and eu_ab > EU_ZERO:
                confront.append((abs(x[b] - x[a]), x[b]))
            elif eu_ba > EU_ZERO and eu_ab < -EU_ZERO and eu_ba > abs(eu_ab) + EU_ZERO:
                key = (abs(eu_ab) * x[a] + abs(eu_ba) * x[b]) / (abs(eu_ab) + abs(eu_ba))
                compromise.append((key, x[a] + (x[b] - x[a]) * abs(eu_ab) / eu_ba))
        if confront:
            new[a] = min(confront, key=lambda t: t[0])[1]
        elif compromise:
            new[a] = min(compromise, key=lambda t: t[0])[1]
    return new


def scholz_run(x: list[float], c: list[float], s: list[float], rounds: int = 10, q: float = 1.0,
               tol: float = 1e-3) -> list[list[float]]:
    """Positions after each round of `scholz2011` (the first entry is the start)."""
    out = [list(x)]
    for _ in range(rounds):
        nxt = scholz_round(out[-1], c, s, q)
        moved = max(abs(a - b) for a, b in zip(nxt, out[-1]))
        out.append(nxt)
        if moved <= tol:
            break
    return out
