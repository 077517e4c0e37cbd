"""The `bdm` and `scholz2011` variants written plainly, one actor pair at a time, for tests and as the
benchmark's baseline.

They follow the steps of `accord.forecast.bdm` and `accord.forecast.scholz` line by line with Python loops and no
arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from accord.forecast.bdm import EU_ZERO, SAME


def _median(x: list[float], w: list[float]) -> float:
    pairs = sorted(zip(x, w, strict=True), key=lambda t: t[0])
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
    return _eu_at(x, s, mu, i, j, r, q, _prob(x, w, i, j))


def _eu_at(x: list[float], s: list[float], mu: float, i: int, j: int, r: float, q: float, p: float) -> float:
    """EU_ij given the probability p that i prevails (the formula both variants share)."""
    d = abs(x[i] - x[j])
    dm = abs(x[i] - mu)
    us = 2 - 4 * (0.5 - 0.5 * d) ** r
    uf = 2 - 4 * (0.5 + 0.5 * d) ** r
    ub = 2 - 4 * max(0.0, 0.5 - 0.25 * (dm + d)) ** r
    uw = 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
    usq = 2 - 4 * 0.5**r
    t = 1.0 if dm < abs(x[j] - mu) else 0.0
    return s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - q * usq - (1 - q) * (t * ub + (1 - t) * uw)


def round_(x: list[float], c: list[float], s: list[float], q: float = 1.0) -> list[float]:
    """One round of the `bdm` variant: the new positions."""
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    mu = _median(x, w)
    danger = [sum(_eu(x, s, w, mu, j, i, 1.0, q) for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(danger), min(danger)
    r = [
        (1 - ((2 * dg - hi - lo) / (hi - lo) if hi > lo else 0.0) / 3)
        / (1 + ((2 * dg - hi - lo) / (hi - lo) if hi > lo else 0.0) / 3)
        for dg in danger
    ]
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


def run(
    x: list[float],
    c: list[float],
    s: list[float],
    rounds: int = 10,
    q: float = 1.0,
    tol: float = 1e-3,
    rule: Callable[..., list[float]] | None = None,
) -> list[list[float]]:
    """Positions after each round (the first entry is the start); `rule` is the round (`bdm`'s by default)."""
    rule = rule or round_
    out = [list(x)]
    for _ in range(rounds):
        nxt = rule(out[-1], c, s, q)
        moved = max(abs(a - b) for a, b in zip(nxt, out[-1], strict=True))
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
    return sum(
        abs(w[k] * (abs(x[k] - x[b]) ** r[k] - abs(x[k] - x[a]) ** r[k]))
        for k in range(n)
        for a in range(n)
        for b in range(n)
    )


def _scholz_prob(x: list[float], w: list[float], r: list[float], i: int, j: int, denom: float) -> float:
    """P_ij over the common denominator, each voter's distances raised to its own exponent."""
    if denom <= 0:
        return 0.0
    return sum(max(0.0, w[k] * (abs(x[k] - x[j]) ** r[k] - abs(x[k] - x[i]) ** r[k])) for k in range(len(x))) / denom


def _scholz_eu(
    x: list[float],
    s: list[float],
    w: list[float],
    voters: list[float],
    denom: float,
    mu: float,
    i: int,
    j: int,
    r: float,
    q: float,
) -> float:
    return _eu_at(x, s, mu, i, j, r, q, _scholz_prob(x, w, voters, i, j, denom))


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


def scholz_run(
    x: list[float], c: list[float], s: list[float], rounds: int = 10, q: float = 1.0, tol: float = 1e-3
) -> list[list[float]]:
    """Positions after each round of `scholz2011` (the first entry is the start)."""
    return run(x, c, s, rounds, q, tol, rule=scholz_round)


# --- the `ktab` variant (KTAB's default switches), written as plainly ------------------------------------------


def _k_dist(ideal: list[float], pos: list[float], sal: list[float]) -> float:
    ss = sum(s * s for s in sal)
    return math.sqrt(sum(((a - b) * s) ** 2 for a, b, s in zip(ideal, pos, sal, strict=True)) / ss) if ss > 0 else 0.0


def _k_util(d: float, r: float) -> float:
    return (1 - d) * (1 + d * r) if d <= 1 else (1 - d) * (1 + r)


def _k_pce(w: list[float], u: list[list[float]], options: list[int]) -> list[float]:
    """Conditional PCE over `options` (indices into u's columns), voted with proportional votes (utilities to 12
    decimals, as the vectorised version takes them)."""
    u = [[round(v, 12) for v in row] for row in u]
    pv = {}
    for a in options:
        for b in options:
            if a == b:
                pv[a, b] = 0.5
                continue
            cab = 1e-8 + sum(max(0.0, w[k] * (u[k][a] - u[k][b])) for k in range(len(w)))
            cba = 1e-8 + sum(max(0.0, w[k] * (u[k][b] - u[k][a])) for k in range(len(w)))
            pv[a, b] = cab / (cab + cba)
    prod = [math.prod(pv[a, b] for b in options) for a in options]
    tot = sum(prod)
    return [x / tot for x in prod]


def ktab_run(
    cap: list[float], pos: list[list[float]], sal: list[list[float]], rounds: int = 100
) -> tuple[list[list[list[float]]], list[float], list[list[float]]]:
    """KTAB's SMP with its default switches, one actor and one pair at a time: (positions per state, each turn's
    fractional change, each actor's win probability per state)."""
    n, dims = len(cap), len(pos[0])
    tot = [sum(s) for s in sal]

    def attitudes(p_: list[list[float]]) -> tuple[list[list[float]], list[float]]:
        d = [[_k_dist(p_[i], p_[j], sal[i]) for j in range(n)] for i in range(n)]
        p = _k_pce(cap, [[_k_util(d[i][j], 0.0) for j in range(n)] for i in range(n)], list(range(n)))
        lo, hi = min(p), max(p)
        return d, [(3 * x - (hi + 2 * lo)) / (2 * (hi - lo)) if hi - lo > 1e-12 else 0.0 for x in p]

    def u(d: list[list[float]], r: list[float], h: int, i: int, j: int) -> float:
        return _k_util(d[i][j], (2 * r[h] + r[i]) / 3)

    def contest(d: list[list[float]], r: list[float], i: int, j: int) -> tuple[float, float]:
        w = [tot[k] * cap[k] for k in range(n)]
        ci = w[i] * (u(d, r, i, i, i) - u(d, r, i, i, j))
        cj = w[j] * (u(d, r, i, j, i) - u(d, r, i, j, j))
        f0 = 1e-10 + max(ci, 0) + max(cj, 0)
        a0 = 1e-10 + max(-ci, 0) + max(-cj, 0)
        f, a = f0, a0
        for k in range(n):
            if k in (i, j):
                continue
            uni, unj, unn = u(d, r, i, k, i), u(d, r, i, k, j), u(d, r, i, k, k)
            cn = w[k] * (uni - unj)
            pin = (f0 + max(cn, 0)) / (f0 + max(cn, 0) + a0 + max(-cn, 0))
            v = w[k] * ((pin * (2 * uni + unn) + (1 - pin) * 3 * unj) - (pin * 3 * uni + (1 - pin) * (2 * unj + unn)))
            f, a = f + max(v, 0), a + max(-v, 0)
        p = f / (f + a)
        uii, uij = u(d, r, i, i, i), u(d, r, i, i, j)
        return p, (1 - tot[j]) * 2 * uii + tot[j] * (p * 2 * uii + (1 - p) * 2 * uij) - (uii + uij)

    def win(p_: list[list[float]], d: list[list[float]], r: list[float]) -> list[float]:
        same = [[math.dist(p_[i], p_[j]) < 1e-3 for j in range(n)] for i in range(n)]
        reps: list[int] = []
        for i in range(n):
            if not any(same[i][j] for j in reps):
                reps.append(i)
        pd = _k_pce(cap, [[_k_util(d[i][j], r[i]) for j in range(n)] for i in range(n)], reps)
        return [pd[max(k for k, j in enumerate(reps) if same[i][j])] for i in range(n)]

    def r4(v: float) -> float:
        return math.floor(0.5 + v * 10000.0) / 10000.0

    states = [[list(x) for x in pos]]
    d, r = attitudes(states[0])
    wins = [win(states[0], d, r)]
    changes: list[float] = []
    first = 0.0
    for turn in range(1, rounds + 1):
        x = states[-1]
        bargains = []  # (initiator, target, initiator's side, target's side)
        for i in range(n):
            gains = {j: contest(d, r, i, j) for j in range(n) if j != i}
            ok = {j: pg for j, pg in gains.items() if pg[1] > 1e-5}
            bj, bp = -1, 0.0
            if ok:  # the first of the largest gains (ties within 1e-12)
                top = max(g for _, g in ok.values())
                bj = min(j for j, (_, g) in ok.items() if g >= top - 1e-12)
                bp = ok[bj][0]
            if bj >= 0:
                wi = [sal[i][k] ** 2 * bp**2 for k in range(dims)]
                wj = [sal[bj][k] ** 2 * (1 - bp) ** 2 for k in range(dims)]
                bi = [r4(((wi[k] + 1e-6) * x[i][k] + wj[k] * x[bj][k]) / (wi[k] + 1e-6 + wj[k])) for k in range(dims)]
                bt = [r4((wi[k] * x[i][k] + (1e-6 + wj[k]) * x[bj][k]) / (wi[k] + 1e-6 + wj[k])) for k in range(dims)]
                bargains.append((i, bj, bi, bt))
        own = [[_k_util(d[a][m], r[a]) for m in range(n)] for a in range(n)]
        new = []
        for k in range(n):
            queue = [None] + [b for b in bargains if k in (b[0], b[1])]
            val = [[0.0] * len(queue) for _ in range(n)]
            for a in range(n):
                for m, b in enumerate(queue):
                    if b is None:
                        val[a][m] = sum(own[a]) / n
                    else:
                        i, j, bi, bt = b
                        rest = sum(own[a][m2] for m2 in range(n) if m2 not in (i, j))
                        val[a][m] = (
                            _k_util(_k_dist(x[a], bi, sal[a]), r[a]) + _k_util(_k_dist(x[a], bt, sal[a]), r[a]) + rest
                        ) / n
            p = _k_pce(cap, val, list(range(len(queue))))
            b = queue[min(m for m in range(len(queue)) if p[m] >= max(p) - 1e-12)]  # the first of the likeliest
            new.append(list(x[k]) if b is None else list(b[2] if b[0] == k else b[3]))
        moved = sum(math.dist(a, b) for a, b in zip(new, x, strict=True))
        if turn == 1:
            first = moved + 1e-4
        changes.append(moved / first)
        states.append(new)
        d, r = attitudes(new)
        wins.append(win(new, d, r))
        if turn >= 2 and changes[-1] < 0.02:
            break
    return states, changes, wins
