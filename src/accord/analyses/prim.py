"""PRIM (Friedman and Fisher's patient rule induction method) for scenario discovery, as in the EMA Workbench.

Given sampled parameter values and a yes/no outcome of interest (for example: the deal
fails), PRIM peels a small share `alpha` off one side of one parameter's range at a
time, always the peel that leaves the highest share of cases of interest, until the box
holds less than `min_mass` of the samples. From that trajectory it returns the first box
whose density reaches 95% of the best density seen, trading a little purity for
coverage. Every candidate peel of every parameter is scored in one vectorised step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Box:
    """A box in parameter space where the outcome of interest concentrates."""

    limits: dict[str, tuple[float, float]]  # only the parameters the box restricts
    coverage: float  # share of all cases of interest that fall inside
    density: float  # share of the samples inside that are cases of interest
    mass: float  # share of all samples inside
    base_density: float  # share of cases of interest overall


def prim(
    x: np.ndarray,
    y: np.ndarray,
    names: list[str],
    *,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    max_dims: int | None = None,
) -> Box:
    """The box where `y` (booleans) is most concentrated, over columns of `x` named by `names`."""
    y = np.asarray(y, dtype=bool)
    cols = np.arange(x.shape[1])
    if max_dims is not None and x.shape[1] > max_dims:
        cols = _most_associated(x, y, max_dims)
    xs = np.asarray(x[:, cols], dtype=np.float64)
    lo, hi = xs.min(axis=0), xs.max(axis=0)
    inside = np.ones(len(y), dtype=bool)
    total_y = max(int(y.sum()), 1)
    trail = [(lo.copy(), hi.copy(), inside.copy())]
    while inside.mean() > min_mass:
        xi, yi = xs[inside], y[inside]
        q_low, q_high = np.quantile(xi, [alpha, 1 - alpha], axis=0)  # one partition pass for both (same values)
        keep_low = xi > q_low  # peel the bottom alpha
        keep_high = xi < q_high  # peel the top alpha
        scores = []
        for keep in (keep_low, keep_high):
            n_keep = keep.sum(axis=0)
            dens = np.where(n_keep > 0, (keep & yi[:, None]).sum(axis=0) / np.maximum(n_keep, 1), -1.0)
            dens = np.where(n_keep < len(yi), dens, -1.0)  # a peel must remove something
            scores.append(dens)
        scores_arr = np.stack(scores)  # (2, d)
        side, j = np.unravel_index(np.argmax(scores_arr), scores_arr.shape)
        if scores_arr[side, j] < 0:
            break
        if side == 0:
            lo[j] = q_low[j]
            inside &= xs[:, j] > q_low[j]
        else:
            hi[j] = q_high[j]
            inside &= xs[:, j] < q_high[j]
        trail.append((lo.copy(), hi.copy(), inside.copy()))
    dens = np.array([y[m].mean() if m.any() else 0.0 for _, _, m in trail])
    pick = int(np.flatnonzero(dens >= 0.95 * dens.max())[0])
    blo, bhi, m = trail[pick]
    full_lo, full_hi = xs.min(axis=0), xs.max(axis=0)
    limits = {
        names[cols[j]]: (float(blo[j]), float(bhi[j]))
        for j in range(len(cols))
        if blo[j] > full_lo[j] or bhi[j] < full_hi[j]
    }
    return Box(limits, float((y & m).sum() / total_y), float(dens[pick]), float(m.mean()), float(y.mean()))


def _most_associated(x: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """The k columns most correlated (in absolute value) with the outcome."""
    xf = np.asarray(x, dtype=np.float32)
    yc = (y - y.mean()).astype(np.float32)
    cov = yc @ xf  # the mean of y - mean(y) is 0, so x need not be centred here
    var_x = (xf * xf).mean(axis=0) - xf.mean(axis=0) ** 2
    denom = np.sqrt(np.maximum(var_x, 0) * (yc**2).mean()) * len(y)
    corr = np.abs(cov) / np.where(denom > 0, denom, np.inf)
    return np.sort(np.argsort(-corr)[:k])
