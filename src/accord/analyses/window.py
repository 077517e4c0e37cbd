"""When a deal becomes acceptable: the first month within a window at which every decider accepts.

Within one lever package held from month 0, every decider's gain from a package is linear in the
months elapsed (faction weights and red lines do not change with time; reservation values move by
drift and by per-month effects, deal values by per-month effects):

    g_d(t) = g_d(0) + t * slope_d,   slope_d = actor_matrix @ (deal_slope - reservation_slope)

so the months at which decider `d` accepts form an interval, and a deal is possible at the first
whole month `t` of the window (`0 <= t < window`, so a window of 12 months is months 0 to 11, as
`simulate` plays them) that lies in every decider's interval (and at no month when a
binding red line is crossed). This is exact, vectorised over samples and packages, and needs no
month-by-month loop.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-9
NEVER = -1


def first_month(gain0: np.ndarray, slope: np.ndarray, window: int, blocked: np.ndarray | None = None) -> np.ndarray:
    """First whole month of the window (months 0 to window - 1) at which every decider's gain is >= 0, or NEVER.

    `gain0`: (..., D, C) gains at month 0; `slope`: (..., D) or broadcastable to `gain0`'s shape
    without its last axis; `blocked`: (..., C) packages that can never be agreed (red line, off the table).
    The deciders' axis is the second last.
    """
    g = np.asarray(gain0, dtype=float)
    b = np.asarray(slope, dtype=float)
    if b.ndim == g.ndim - 1:
        b = b[..., None]
    b = np.broadcast_to(b, g.shape)
    need = -EPS - g  # accepted in month t when t * b >= need
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = need / b
    # rising gains bound the month from below, falling ones from above; flat ones hold always or never
    start = np.where(b > 0, np.ceil(bound - 1e-9), np.where((b == 0) & (need > 0), np.inf, 0.0)).max(axis=-2)
    end = np.where(b < 0, np.floor(bound + 1e-9), np.inf).min(axis=-2)
    start = np.maximum(start, 0.0)
    ok = start <= np.minimum(end, float(window - 1))
    if blocked is not None:
        ok &= ~np.asarray(blocked, dtype=bool)
    return np.where(ok, start, NEVER).astype(np.int64)
