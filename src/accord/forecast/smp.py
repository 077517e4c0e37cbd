"""After KTAB's Spatial Model of Politics (SMP; Wise, Lakkaraju and others, KAPSARC): variant `smp`.

Multi-dimensional: actor k has capability c_k, a position x_k in [0, 1]^D and saliences s_kd. Each turn:

1. Utility of a point y to k: u_k(y) = 1 - sqrt(sum_d s_kd (y_d - x_kd)^2 / sum_d s_kd).
2. Votes between positions i and j: vote_k(i:j) = c_k f(u_k(x_i) - u_k(x_j)), with the voting rule f one of
   `proportional` (f(z) = z), `binary` (sign z) or `cubic` (z^3). Strength S_ij = sum_k max(0, vote_k(i:j)).
3. Win probability of i over j, by the `win` rule: `lanchester` P_ij = S_ij^2 / (S_ij^2 + S_ji^2) (KTAB's
   square law) or `linear` P_ij = S_ij / (S_ij + S_ji); 1/2 when neither has support.
4. Bargain between i and j: b_ij = (P_ij s_i x_i + P_ji s_j x_j) / (P_ij s_i + P_ji s_j), s the actor's total
   salience (bargain interpolation by strength and interest).
5. Each actor i proposes to the j for which u_i(b_ij) - u_i(x_j) is largest and positive.
6. Each actor adopts one bargain proposed to it: `deterministic` transitions take the bargain it values
   most; `stochastic` ones draw a proposal with probability proportional to P_ij (seeded, so reruns agree).
7. Stop when a turn moves positions (summed) by less than 2% of the first turn's movement (KTAB's rule) or
   after `rounds` turns.

The forecast per dimension is the capability-and-salience weighted mean of the final positions; the
strongest position (largest sum of win probabilities) is reported too.

Where it differs from `bdm`: several issues at once, no risk exponents or status-quo term, positions move
to negotiated bargains rather than to offers accepted by expected utility, and the outcome is a weighted
mean rather than the median voter. Where it differs from KTAB: Accord implements the rules named above (three
of KTAB's six voting rules, two win-probability rules, one bargain interpolation), not its C++ code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.budget import tick

VOTING = ("proportional", "binary", "cubic")
WIN = ("lanchester", "linear")


@dataclass(frozen=True)
class SmpPath:
    """Positions every turn (turns + 1, samples, actors, dims), the weighted mean and the strongest position."""

    positions: np.ndarray
    mean: np.ndarray  # (turns + 1, samples, dims)
    strongest: np.ndarray  # (turns + 1, samples) index of the strongest actor position
    pressed_by: np.ndarray  # (turns, samples, actors)

    @property
    def forecast(self) -> np.ndarray:
        """(samples, dims) weighted mean after the last turn."""
        return self.mean[-1]


def utility(points: np.ndarray, x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """(samples, k, m): u_k of each of m points (samples, m, D) for actors at x (samples, k, D)."""
    diff = points[:, None, :, :] - x[:, :, None, :]
    tot = s.sum(axis=2)[:, :, None]
    dist = np.sqrt((s[:, :, None, :] * diff**2).sum(axis=3) / np.where(tot > 0, tot, 1.0))
    return 1.0 - dist


def _weights(c: np.ndarray, s: np.ndarray) -> np.ndarray:
    return c[:, :, None] * s


def _mean(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> np.ndarray:
    w = _weights(c, s)
    tot = w.sum(axis=1)
    return np.where(tot > 0, (w * x).sum(axis=1) / np.where(tot > 0, tot, 1.0), x.mean(axis=1))


def probabilities(
    x: np.ndarray, c: np.ndarray, s: np.ndarray, voting: str = "proportional", win: str = "lanchester"
) -> np.ndarray:
    """(samples, i, j) probability that position i prevails over position j."""
    u = utility(x, x, s)  # (S, k, i): u_k(x_i)
    S, n = c.shape
    strength = np.zeros((S, n, n))
    step = max(1, int(2e7 // max(1, S * n * n)))  # voters per chunk: about 160 MB at a time
    for k0 in range(0, n, step):
        delta = u[:, k0 : k0 + step, :, None] - u[:, k0 : k0 + step, None, :]  # (S, k, i, j)
        f = {"proportional": delta, "binary": np.sign(delta), "cubic": delta**3}[voting]
        strength += (c[:, k0 : k0 + step, None, None] * np.maximum(f, 0.0)).sum(axis=1)
    a, b = strength, np.swapaxes(strength, 1, 2)
    if win == "lanchester":
        a, b = a**2, b**2
    tot = a + b
    return np.where(tot > 0, a / np.where(tot > 0, tot, 1.0), 0.5)


def run(
    x0: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    rounds: int = 20,
    voting: str = "proportional",
    win: str = "lanchester",
    transition: str = "deterministic",
    seed: int = 0,
) -> SmpPath:
    """Turns of proposals and bargains from positions x0 (samples, actors, dims)."""
    if voting not in VOTING or win not in WIN or transition not in ("deterministic", "stochastic"):
        raise ValueError(f"voting: {', '.join(VOTING)}; win: {', '.join(WIN)}; transition: deterministic, stochastic")
    rng = np.random.default_rng(seed)
    x = x0.astype(float).copy()
    S, n, D = x.shape
    tot_s = s.sum(axis=2)
    pos, means, strong, by = [x.copy()], [_mean(x, c, s)], [], []
    first_move = None
    for _ in range(rounds):
        tick()
        p = probabilities(x, c, s, voting, win)
        strong.append(p.sum(axis=2).argmax(axis=1))
        wi = (p * tot_s[:, :, None])[..., None]
        wj = (np.swapaxes(p, 1, 2) * tot_s[:, None, :])[..., None]
        den = wi + wj
        bargain = np.where(
            den > 0, (wi * x[:, :, None, :] + wj * x[:, None, :, :]) / np.where(den > 0, den, 1.0), x[:, None, :, :]
        )  # (S, i, j, D)
        # gain to i of moving j to b_ij
        diff_b = bargain - x[:, :, None, :]
        diff_j = x[:, None, :, :] - x[:, :, None, :]
        tot = np.where(tot_s > 0, tot_s, 1.0)[:, :, None]
        u_b = 1 - np.sqrt((s[:, :, None, :] * diff_b**2).sum(axis=3) / tot)
        u_j = 1 - np.sqrt((s[:, :, None, :] * diff_j**2).sum(axis=3) / tot)
        gain = np.where(np.eye(n, dtype=bool)[None], -np.inf, u_b - u_j)
        gain = np.where((tot_s > 0)[:, :, None], gain, -np.inf)  # an actor that cares about nothing proposes nothing
        target = gain.argmax(axis=2)  # (S, i)
        proposes = np.take_along_axis(gain, target[:, :, None], axis=2)[:, :, 0] > 1e-12
        # received[s, j, i]: i proposes to j
        received = np.zeros((S, n, n), dtype=bool)
        si, ii = np.nonzero(proposes)
        received[si, target[si, ii], ii] = True
        offer = np.swapaxes(bargain, 1, 2)  # offer[s, j, i] = b_ij
        if transition == "deterministic":
            gap = offer - x[:, :, None, :]  # u_j of each offer to j: (S, j, i)
            own = 1 - np.sqrt((s[:, :, None, :] * gap**2).sum(axis=3) / tot)
            score = np.where(received, own, -np.inf)
        else:
            weight = np.where(received, np.swapaxes(p, 1, 2), 0.0)  # P_ij for proposals to j
            tot_w = weight.sum(axis=2, keepdims=True)
            cum = np.cumsum(weight / np.where(tot_w > 0, tot_w, 1.0), axis=2)
            draw = rng.random((S, n, 1))
            pick = (cum < draw).sum(axis=2)
            score = np.where(np.arange(n)[None, None, :] == pick[:, :, None], 0.0, -np.inf)
            score = np.where(received, score, -np.inf)
        chosen = score.argmax(axis=2)
        has = np.isfinite(np.take_along_axis(score, chosen[:, :, None], axis=2)[:, :, 0])
        new = np.where(has[:, :, None], np.take_along_axis(offer, chosen[:, :, None, None], axis=2)[:, :, 0, :], x)
        move = np.abs(new - x).sum(axis=(1, 2))
        x = new
        pos.append(x.copy())
        means.append(_mean(x, c, s))
        by.append(np.where(has, chosen, -1))
        if first_move is None:
            first_move = np.where(move > 0, move, 1.0)
        if np.all(move < 0.02 * first_move):
            break
    p = probabilities(x, c, s, voting, win)
    strong.append(p.sum(axis=2).argmax(axis=1))
    return SmpPath(np.array(pos), np.array(means), np.array(strong), np.array(by))
