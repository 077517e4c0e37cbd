"""KTAB's Spatial Model of Politics as its code runs it: variant `ktab`.

Reproduces KTAB's shipped reference runs (KAPSARC's KTAB, `examples/smp/doc/20170530_ref-*.txt`: the dummy
three-dimension data and the SOE policy-competition case) state by state: the number of states, every
position, the turn-by-turn "fractional change" and every actor's win probability, to the digits KTAB prints.
With KTAB's default switches (linear victory probabilities, proportional voting, conditional PCE, risk range
Mid, one-third risk adjustment, semi-committed third parties, S2P2 bargains, initiator-only interpolation),
each turn is:

1. Utilities. Positions and saliences on [0, 1]; each actor's ideal point is its position (KTAB's identity
   accommodation). d_ij = sqrt(sum_k (s_ik (x_ik - x_jk))^2 / sum_k s_ik^2), the salience-weighted distance from
   i's ideal to j's position, and u(d, R) = (1 - d)(1 + d R) for a risk attitude R in [-1/2, 1].
2. Risk attitudes. With R = 0, the probability p_i that each actor's position prevails is a PCE over the
   actors' positions: coalition strengths c_ij = 1e-8 + sum_k max(0, w_k (u_ki - u_kj)) (w = capability),
   P_ij = c_ij / (c_ij + c_ji), p_i proportional to prod_j P_ij (conditional PCE). Then
   R_i = (3 p_i - (p_max + 2 p_min)) / (2 (p_max - p_min)) (range Mid), and h's estimate of i's attitude is
   (2 R_h + R_i) / 3 (one-third adjustment): u^h_ij = u(d_ij, (2 R_h + R_i) / 3).
3. Challenges. For each pair, i's estimate (h = i) of its chance against j: the principals' contributions
   w'_i (u_ii - u_ij) and w'_j (u_ji - u_jj) (w' = capability x total salience) start coalitions for and
   against; each third party n first weighs the little contest (its own vote added to the principals'),
   p_n = chance that i with n beats j, then votes w'_n (U(ik > j) - U(i > jk)) with semi-committed utilities
   U(ik > j) = p_n (2 u_ni + u_nn) + (1 - p_n) 3 u_nj and U(i > jk) = p_n 3 u_ni + (1 - p_n)(2 u_nj + u_nn).
   P = C_ij / (C_ij + C_ji). Expected gain of the challenge: (1 - s_j) 2 u_ii + s_j (P 2 u_ii + (1 - P) 2 u_ij)
   - (u_ii + u_ij), s_j the target's total salience. Each actor challenges the target of largest gain, if the
   gain exceeds 1e-5.
4. Bargains (S2P2, initiator's view): coordinate by coordinate, with w_i = s_ik^2 P^2 and w_j = s_jk^2 (1 - P)^2,
   b_i = ((w_i + 1e-6) x_ik + w_j x_jk) / (w_i + 1e-6 + w_j) and b_j = (w_i x_ik + (1e-6 + w_j) x_jk) / (...),
   each rounded to 4 decimals. The bargain goes into both parties' queues; every queue also holds its
   owner's status quo.
5. The queue election. Every actor values each bargain in a queue as the mean of its own utility over all
   positions after the bargain (its risk attitude); a PCE over the queue's bargains, voted by all actors with
   their capabilities, gives each bargain's probability. Deterministic transitions take the most probable
   bargain (so a receiver may refuse: its status quo can win); stochastic ones draw one (seeded NumPy
   generator, not KTAB's own, so a stochastic run is not KTAB's draw for draw). The owner adopts its side.
6. Stop when, after at least 2 turns, the summed movement (sum over actors of the Euclidean distance moved)
   is below 2% of the first turn's (plus 1e-4), or after `rounds` turns (KTAB: 100).

The output per state: positions, and each actor's win probability: the PCE over the distinct positions (within
1e-3) with each actor valuing them by its own attitude, an actor taking its position's probability.

Everything runs on arrays (samples, actors[, actors][, dims]); the per-turn cost is actors^3, as in KTAB.
Other KTAB switches: `voting` (KTAB's six rules), `win` (`linear`, or `square` for KTAB's square law).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.budget import tick

VOTING = ("proportional", "binary", "propbin", "propcbc", "cubic", "asymprosp")
WIN = ("linear", "square")
MIN_COALITION = 1e-8
MIN_PRINCIPAL = 1e-10
MIN_GAIN = 1e-5
POS_TOL = 1e-3
TIE = 1e-12
"""Gains (and bargain probabilities) within this of the largest count as tied, and the first is taken. KTAB compares
exactly (and its threads order the queues), so two identical actors' equal gains, summed in another order,
would otherwise split on the last bit."""
WORK = 4_000_000  # elements per intermediate array (samples x actors^2 x chunk)


@dataclass(frozen=True)
class KtabPath:
    """A ktab run: positions and win probabilities every state, who adopted whose bargain."""

    positions: np.ndarray  # (states, samples, actors, dims)
    win: np.ndarray  # (states, samples, actors): probability the actor's position prevails
    mean: np.ndarray  # (states, samples, dims): capability-and-salience weighted mean
    likeliest: np.ndarray  # (states, samples, dims): the position with the largest win probability
    pressed_by: np.ndarray  # (turns, samples, actors): the other party of the adopted bargain, or -1
    change: np.ndarray  # (turns, samples): KTAB's fractional change of each turn
    turns: np.ndarray  # (samples,) turns run before the stopping rule held
    converged: np.ndarray  # (samples,) the stopping rule held before the turn limit

    @property
    def forecast(self) -> np.ndarray:
        """(samples, dims) the likeliest position in the last state."""
        return self.likeliest[-1]


def vote(du: np.ndarray, w: np.ndarray | float, rule: str = "proportional") -> np.ndarray:
    """KTAB's voting rules: the vote of weight w for a utility difference du."""
    if rule == "proportional":
        return w * du
    if rule == "binary":
        return w * np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "propbin":
        return w * (0.8 * du + 0.2 * np.clip(du / 1e-8, -1.0, 1.0))
    if rule == "propcbc":
        return w * (0.5 * du + 0.5 * du**3)
    if rule == "cubic":
        return w * du**3
    if rule == "asymprosp":
        return np.where(du < 0, w * du, 2.0 * w * du / 3.0)
    raise ValueError(f"voting rule: one of {', '.join(VOTING)}")


def utility(d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """u(d, R) = (1 - d)(1 + d R), and (1 - d)(1 + R) past d = 1 (KTAB's bsUtil)."""
    return (1 - d) * (1 + np.minimum(d, 1.0) * r)


def distance(ideal: np.ndarray, pos: np.ndarray, s: np.ndarray) -> np.ndarray:
    """(samples, a, m): salience-weighted distance from each actor a's ideal (S, a, D) to each of m positions
    (S, m, D), with a's saliences (S, a, D); 0 for an actor without salience."""
    diff = (ideal[:, :, None, :] - pos[:, None, :, :]) * s[:, :, None, :]
    ss = (s**2).sum(axis=2)[:, :, None]
    return np.sqrt((diff**2).sum(axis=3) / np.where(ss > 0, ss, 1.0))


def _log_victory(u: np.ndarray, w: np.ndarray, rule: str, win: str) -> np.ndarray:
    """(samples, m, m) log P(option a beats option b) from voters' utilities u (samples, voters, m), weights w:
    coalitions c_ab = 1e-8 + sum_k max(0, vote_k(a:b)), P_ab = c_ab / (c_ab + c_ba) (squared with `square`),
    P_aa = 1/2. Utilities are taken to 12 decimals: the 1e-8 floor on every coalition turns a last-bit difference
    between two equal utilities into a 1e-8 difference of probability, which would decide exact ties by noise."""
    u = np.round(u, 12)
    S, K, M = u.shape
    c = np.empty((S, M, M))
    step = max(1, WORK // max(1, S * M * K))
    for i0 in range(0, M, step):
        du = u[:, :, i0 : i0 + step, None] - u[:, :, None, :]  # (S, K, i, j)
        c[:, i0 : i0 + step, :] = MIN_COALITION + np.maximum(vote(du, w[:, :, None, None], rule), 0.0).sum(axis=1)
    a, b = c, np.swapaxes(c, 1, 2)
    if win == "square":
        a, b = a**2, b**2
    logs = np.log(a / (a + b))
    idx = np.arange(M)
    logs[:, idx, idx] = np.log(0.5)
    return logs


def _normalise(lp: np.ndarray) -> np.ndarray:
    """Probabilities from log weights along the last axis (-inf for options not taking part)."""
    lp = lp - lp.max(axis=-1, keepdims=True)
    p = np.exp(lp)
    return p / p.sum(axis=-1, keepdims=True)


def pce(
    u: np.ndarray, w: np.ndarray, options: np.ndarray | None = None, rule: str = "proportional", win: str = "linear"
) -> np.ndarray:
    """(samples, m) conditional-PCE probability of each option from voters' utilities u (samples, voters, m)
    and weights w (samples, voters): each option's probability of beating every other, normalised. `options`
    (samples, m) masks the options taking part."""
    logs = _log_victory(u, w, rule, win)
    if options is None:
        return _normalise(logs.sum(axis=2))
    lp = np.where(options[:, None, :], logs, 0.0).sum(axis=2)
    return _normalise(np.where(options, lp, -np.inf))


def risk_attitudes(p: np.ndarray) -> np.ndarray:
    """R_i from the probabilities (range Mid): -1/2 for the least likely position, 1 for the likeliest; all 0
    (risk neutral) when the probabilities are equal to within TIE, where KTAB would divide by zero and rounding
    noise would otherwise set the attitudes."""
    lo = p.min(axis=1, keepdims=True)
    hi = p.max(axis=1, keepdims=True)
    spread = hi - lo > TIE
    span = np.where(spread, hi - lo, 1.0)
    return np.where(spread, (3 * p - (hi + 2 * lo)) / (2 * span), 0.0)


@dataclass(frozen=True)
class _Setup:
    """What a state's turn needs: distances, risk attitudes and the parts of u^h = B + R_h C."""

    d: np.ndarray  # (S, i, j)
    r: np.ndarray  # (S, i)
    b: np.ndarray  # (S, i, j): u^h_ij = b_ij + R_h c_ij (one-third adjustment)
    c: np.ndarray
    own: np.ndarray  # (S, i, j): u^i_ij, each actor's own estimate


def setup(x: np.ndarray, cap: np.ndarray, s: np.ndarray, rule: str, win: str) -> _Setup:
    """Distances, risk-neutral PCE, inferred risk attitudes (step 2)."""
    d = distance(x, x, s)
    r = risk_attitudes(pce(1 - d, cap, rule=rule, win=win))
    dm = np.minimum(d, 1.0)
    b = (1 - d) * (1 + dm * r[:, :, None] / 3)
    c = (1 - d) * dm * (2.0 / 3.0)
    return _Setup(d, r, b, c, utility(d, r[:, :, None]))


def challenges(st: _Setup, s_tot: np.ndarray, cap: np.ndarray, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """(P, gain), each (S, i, j): i's estimate of its chance against j and of its expected gain (step 3).

    Third party n's vote, with a = 1 - u_ni and b = 1 - u_nj (u_nn = 1), is w_n f(p_n a - (1 - p_n) b): the
    semi-committed utilities U(ik > j) - U(i > jk) reduce to that. The sums run over every n and then take out
    n = i and n = j, so no mask over actors^3 is built."""
    S, n = st.r.shape
    w = s_tot * cap  # contest weights
    P = np.zeros((S, n, n))
    gain = np.zeros((S, n, n))
    bt, ct = np.swapaxes(st.b, 1, 2), np.swapaxes(st.c, 1, 2)  # [j, n] = b[n, j]
    step = max(1, WORK // max(1, S * n * n))
    wn = w[:, None, None, :]
    for i0 in range(0, n, step):
        ii = np.arange(i0, min(n, i0 + step))
        r = st.r[:, ii][:, :, None]  # (S, b, 1): perspective h = i
        uij = st.b[:, ii, :] + r * st.c[:, ii, :]  # (S, b, j)
        uji = bt[:, ii, :] + r * ct[:, ii, :]  # u^h_ji = b[j, i] + R_i c[j, i]
        ci_ = vote(1.0 - uij, w[:, ii][:, :, None], rule)  # u_ii = 1
        cj_ = vote(uji - 1.0, w[:, None, :], rule)  # u_jj = 1
        cf0 = MIN_PRINCIPAL + np.maximum(ci_, 0) + np.maximum(cj_, 0)  # for i over j
        ca0 = MIN_PRINCIPAL + np.maximum(-ci_, 0) + np.maximum(-cj_, 0)
        a = 1.0 - uji[:, :, None, :]  # (S, b, 1, n): 1 - u^h_ni (= uji read as [n])
        bb = bt[:, None, :, :] + r[:, :, :, None] * ct[:, None, :, :]  # (S, b, j, n): u^h_nj ...
        np.subtract(1.0, bb, out=bb)  # ... and now 1 - u^h_nj
        cn = vote(bb - a, wn, rule)  # n's vote in the little contest
        pin = np.maximum(cn, 0.0)
        pin += cf0[..., None]
        den = np.abs(cn, out=cn)
        den += (cf0 + ca0)[..., None]
        pin /= den  # chance that i with n beats j
        np.multiply(pin, a + bb, out=pin)
        pin -= bb  # p_n a - (1 - p_n) b
        v = vote(pin, wn, rule)
        # the terms of n = i and n = j, taken out of the sums below (they are principals, not third parties)
        kk = np.arange(len(ii))[:, None]
        jj = np.arange(n)[None, :]
        t_i = v[:, kk, jj, ii[:, None]]  # (S, b, j): v[s, k, j, i_k]
        t_j = v[:, kk, jj, jj]  # v[s, k, j, j]
        tot = v.sum(axis=3) - t_i - t_j
        mag = np.abs(v, out=v).sum(axis=3) - np.abs(t_i) - np.abs(t_j)
        cf = cf0 + np.maximum((tot + mag) / 2, 0.0)
        ca = ca0 + np.maximum((mag - tot) / 2, 0.0)
        p = cf / (cf + ca)
        sj = s_tot[:, None, :]
        P[:, ii, :] = p
        gain[:, ii, :] = (1 - sj) * 2.0 + sj * (p * 2.0 + (1 - p) * 2 * uij) - (1.0 + uij)
    return P, gain


def _round4(v: np.ndarray) -> np.ndarray:
    return np.floor(0.5 + v * 10000.0) / 10000.0


def step(
    x: np.ndarray,
    cap: np.ndarray,
    s: np.ndarray,
    st: _Setup,
    rule: str = "proportional",
    win: str = "linear",
    transition: str = "deterministic",
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One turn (steps 3-5): new positions and, per actor, the other party of the bargain it adopted (or -1)."""
    S, n, D = x.shape
    s_tot = s.sum(axis=2)
    P, gain = challenges(st, s_tot, cap, rule)
    eye = np.eye(n, dtype=bool)
    g = np.where(eye[None] | ~(gain > MIN_GAIN), -np.inf, gain)
    top = g.max(axis=2, keepdims=True)
    target = (g >= top - TIE).argmax(axis=2)  # first of the largest gains
    has = np.isfinite(top[:, :, 0])
    p = np.take_along_axis(P, target[:, :, None], axis=2)  # (S, i, 1)
    xt = np.take_along_axis(x, target[:, :, None], axis=1)  # (S, i, D): the target's position
    st_ = np.take_along_axis(s, target[:, :, None], axis=1)
    wi = s**2 * p**2
    wj = st_**2 * (1 - p) ** 2
    den = wi + 1e-6 + wj
    b_init = _round4(((wi + 1e-6) * x + wj * xt) / den)  # (S, i, D)
    b_rcvr = _round4((wi * x + (1e-6 + wj) * xt) / den)
    # each actor's value of the state after each bargain (option 0: status quo; option 1 + i: i's bargain)
    total = st.own.sum(axis=2)  # (S, a)
    pu_i = utility(distance(x, b_init, s), st.r[:, :, None])  # (S, a, i)
    pu_j = utility(distance(x, b_rcvr, s), st.r[:, :, None])
    own_i = st.own  # u^a_a,i
    own_t = np.take_along_axis(st.own, np.broadcast_to(target[:, None, :], (S, n, n)), axis=2)
    val = np.concatenate([total[:, :, None], total[:, :, None] - own_i - own_t + pu_i + pu_j], axis=2) / n
    # queue of each actor k: its status quo, its own bargain, bargains aimed at it
    aimed = (target[:, None, :] == np.arange(n)[None, :, None]) & has[:, None, :]  # [k, i]: i targets k
    mine = eye[None] & has[:, :, None]
    queue = np.concatenate([np.ones((S, n, 1), dtype=bool), aimed | mine], axis=2)  # (S, k, 1 + n)
    prob = _queue_election(val, cap, queue, rule, win)  # (S, k, 1 + n)
    if transition == "stochastic":
        rng = rng or np.random.default_rng(0)
        cum = np.cumsum(prob, axis=2)
        pick = (cum < rng.random((S, n, 1)) * cum[:, :, -1:]).sum(axis=2)
        pick = np.minimum(pick, n)
    else:
        pick = (prob >= prob.max(axis=2, keepdims=True) - TIE).argmax(axis=2)  # the first of the likeliest
    bargain = pick - 1  # -1: status quo
    k = np.arange(n)[None, :]
    bi = np.maximum(bargain, 0)
    is_init = bargain == k
    new_init = np.take_along_axis(b_init, bi[:, :, None], axis=1)
    new_rcvr = np.take_along_axis(b_rcvr, bi[:, :, None], axis=1)
    new = np.where((bargain < 0)[:, :, None], x, np.where(is_init[:, :, None], new_init, new_rcvr))
    other = np.where(bargain < 0, -1, np.where(is_init, np.take_along_axis(target, bi, axis=1), bargain))
    return new, other


def _queue_election(val: np.ndarray, cap: np.ndarray, queue: np.ndarray, rule: str, win: str) -> np.ndarray:
    """(S, k, m) probability of each bargain m in each actor k's queue: a PCE over the queue, voted by all.

    The victory probabilities between two bargains do not depend on whose queue they are in, so they are built
    once over every bargain (actors^3) and each queue's product is a sum of logs over its own members."""
    logs = _log_victory(val, cap, rule, win)
    lp = np.einsum("skq,smq->skm", queue.astype(float), logs)  # sum over the queue's members
    return _normalise(np.where(queue, lp, -np.inf))


def win_probabilities(x: np.ndarray, cap: np.ndarray, st: _Setup, rule: str, win: str) -> np.ndarray:
    """(S, actors): the probability that each actor's position prevails (a PCE over the distinct positions)."""
    S, n, _ = x.shape
    gap = np.sqrt(((x[:, :, None, :] - x[:, None, :, :]) ** 2).sum(axis=3))
    same = gap < POS_TOL
    rep = np.zeros((S, n), dtype=bool)
    for i in range(n):  # the first of each group of equal positions represents it
        rep[:, i] = ~(same[:, i, :i] & rep[:, :i]).any(axis=1)
    p = pce(st.own, cap, rep, rule, win)  # (S, n): zero off the representatives
    last = np.where(same & rep[:, None, :], np.arange(n)[None, None, :], -1).max(axis=2)
    return np.take_along_axis(p, last, axis=1)


def _mean(x: np.ndarray, cap: np.ndarray, s: np.ndarray) -> np.ndarray:
    w = cap[:, :, None] * s
    tot = w.sum(axis=1)
    return np.where(tot > 0, (w * x).sum(axis=1) / np.where(tot > 0, tot, 1.0), x.mean(axis=1))


def run(
    x0: np.ndarray,
    cap: np.ndarray,
    s: np.ndarray,
    rounds: int = 100,
    voting: str = "proportional",
    win: str = "linear",
    transition: str = "deterministic",
    seed: int = 0,
) -> KtabPath:
    """Turns from positions x0 (samples, actors, dims) until KTAB's stopping rule holds or `rounds` turns.

    Samples go in blocks small enough that no intermediate array passes `WORK` x a few elements; a block's result
    does not depend on the others (stochastic runs draw from one generator per block, seeded from `seed`)."""
    if voting not in VOTING or win not in WIN or transition not in ("deterministic", "stochastic"):
        raise ValueError(f"voting: {', '.join(VOTING)}; win: {', '.join(WIN)}; transition: deterministic, stochastic")
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    S, n, _ = x0.shape
    block = max(1, WORK // max(1, n * n))
    if S <= block:
        return _run(x0, cap, s, rounds, voting, win, transition, np.random.default_rng(seed))
    seeds = np.random.SeedSequence(seed).spawn((S + block - 1) // block)
    parts = [
        _run(
            x0[a : a + block],
            cap[a : a + block],
            s[a : a + block],
            rounds,
            voting,
            win,
            transition,
            np.random.default_rng(sq),
        )
        for a, sq in zip(range(0, S, block), seeds, strict=True)
    ]
    states = max(p.positions.shape[0] for p in parts)

    def pad(a: np.ndarray, length: int, fill: float | None = None) -> np.ndarray:
        if a.shape[0] == length:
            return a
        extra = (
            np.repeat(a[-1:], length - a.shape[0], axis=0)
            if fill is None
            else np.full((length - a.shape[0],) + a.shape[1:], fill, dtype=a.dtype)
        )
        return np.concatenate([a, extra], axis=0)

    return KtabPath(
        np.concatenate([pad(p.positions, states) for p in parts], axis=1),
        np.concatenate([pad(p.win, states) for p in parts], axis=1),
        np.concatenate([pad(p.mean, states) for p in parts], axis=1),
        np.concatenate([pad(p.likeliest, states) for p in parts], axis=1),
        np.concatenate([pad(p.pressed_by, states - 1, -1) for p in parts], axis=1),
        np.concatenate([pad(p.change, states - 1, 0.0) for p in parts], axis=1),
        np.concatenate([p.turns for p in parts]),
        np.concatenate([p.converged for p in parts]),
    )


def _run(
    x0: np.ndarray,
    cap: np.ndarray,
    s: np.ndarray,
    rounds: int,
    voting: str,
    win: str,
    transition: str,
    rng: np.random.Generator,
) -> KtabPath:
    """`run` for one block of samples."""
    x = x0.astype(float).copy()
    S, n, D = x.shape
    st = setup(x, cap, s, voting, win)
    pos, wins, by, change = [x.copy()], [win_probabilities(x, cap, st, voting, win)], [], []
    done = np.zeros(S, dtype=bool)
    turns = np.zeros(S, dtype=int)
    first = None
    for it in range(1, rounds + 1):
        tick()
        new, other = step(x, cap, s, st, voting, win, transition, rng)
        new = np.where(done[:, None, None], x, new)
        other = np.where(done[:, None], -1, other)
        moved = np.sqrt(((new - x) ** 2).sum(axis=2)).sum(axis=1)
        if first is None:
            first = moved + 1e-4
        ratio = np.where(done, 0.0, moved / first)
        turns = np.where(done, turns, it)
        x = new
        st = setup(x, cap, s, voting, win)
        pos.append(x.copy())
        wins.append(win_probabilities(x, cap, st, voting, win))
        by.append(other)
        change.append(ratio)
        done |= (it >= 2) & (ratio < 0.02)
        if done.all():
            break
    positions = np.array(pos)
    w = np.array(wins)
    best = w.argmax(axis=2)  # (states, S)
    likeliest = np.take_along_axis(positions, best[:, :, None, None], axis=2)[:, :, 0, :]
    means = np.array([_mean(p, cap, s) for p in positions])
    return KtabPath(positions, w, means, likeliest, np.array(by), np.array(change), turns, done)
