"""When a deal becomes acceptable: the first month within a window at which every decider accepts.

Within one lever package held from month 0, every decider's gain from a package is linear in the
months elapsed (faction weights and red lines do not change with time; reservation values move by
drift and by per-month effects, deal values by per-month effects):

    g_d(t) = g_d(0) + t * slope_d,   slope_d = actor_matrix @ (deal_slope - reservation_slope)

so the months at which decider `d` accepts form an interval, and a deal is possible at the first
whole month `t` of the window (`0 <= t < window`, so a window of 12 months is months 0 to 11, as
`simulate` plays them) that lies in every decider's interval (and at no month when a
binding red line is crossed). This is exact, vectorised over samples and packages, and needs no
month-by-month loop. The computation is `accord.model.acceptance.first_month` (the acceptance kernel).
"""

from __future__ import annotations

from accord.model.acceptance import EPS, NEVER, first_month

__all__ = ["EPS", "NEVER", "first_month"]  # the rule itself lives in the acceptance kernel
