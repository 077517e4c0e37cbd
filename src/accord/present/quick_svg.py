"""The dashboard's frontier chart written as SVG directly: the same content as `figures.frontier_figure` for one
pair of deciders (sampled packages, the zone, the Pareto frontier, the solutions, the reservation values), in a
few milliseconds instead of matplotlib's 100-plus, so that a dashboard answer costs what its analysis costs."""

from __future__ import annotations

from html import escape

import numpy as np

from accord.analyses.bargaining import BargainResult
from accord.analyses.cloud import PackageCloud
from accord.present.figures import MAX_FRONTIER_POINTS, SOLUTION_MARKERS, actor_colours
from accord.scenario.schema import Scenario

W, H = 580, 490
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 34, 116  # plot margins in px; the legend sits under the axis label


def _ticks(lo: float, hi: float, count: int = 6) -> np.ndarray:
    """Round tick values covering [lo, hi]."""
    span = hi - lo
    raw = span / max(1, count - 1)
    mag = 10 ** np.floor(np.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    return np.arange(np.ceil(lo / step) * step, hi + step * 0.001, step)


def _marker(shape: str, x: float, y: float, size: float, fill: str) -> str:
    """A solution marker (matplotlib's marker letters: * D ^ v) as an SVG shape."""
    s = size
    if shape == "*":
        pts = []
        for k in range(10):
            r = s if k % 2 == 0 else s * 0.45
            a = np.pi / 2 + k * np.pi / 5
            pts.append(f"{x + r * np.cos(a):.1f},{y - r * np.sin(a):.1f}")
        d = " ".join(pts)
    elif shape == "D":
        d = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
    elif shape == "v":
        d = f"{x - s:.1f},{y - s * 0.7:.1f} {x + s:.1f},{y - s * 0.7:.1f} {x:.1f},{y + s:.1f}"
    else:
        d = f"{x - s:.1f},{y + s * 0.7:.1f} {x + s:.1f},{y + s * 0.7:.1f} {x:.1f},{y - s:.1f}"
    return f'<polygon points="{d}" fill="{fill}" stroke="black" stroke-width="0.8"/>'


def _dots(xs: np.ndarray, ys: np.ndarray, r: float, style: str) -> str:
    """Many circles as one path of zero-length strokes with round caps (one element, quick to draw)."""
    if not len(xs):
        return ""
    d = "".join(f"M{a:.1f} {b:.1f}h0" for a, b in zip(xs.tolist(), ys.tolist(), strict=True))
    return f'<path d="{d}" stroke-width="{2 * r:.1f}" stroke-linecap="round" {style}/>'


def frontier_panel(scenario: Scenario, result: BargainResult, cloud: PackageCloud, pair: tuple[str, str]) -> str:
    """One pair of deciders' utilities, as inline SVG."""
    x_id, y_id = pair
    x_name, y_name = scenario.name_of(x_id), scenario.name_of(y_id)
    colours = actor_colours(scenario)
    ix, iy = cloud.actor_ids.index(x_id), cloud.actor_ids.index(y_id)
    dx, dy = list(result.deciders).index(x_id), list(result.deciders).index(y_id)
    u = cloud.utilities
    xs_all = [u[:, ix], np.array([result.reservations[x_id]])]
    ys_all = [u[:, iy], np.array([result.reservations[y_id]])]
    fu = (
        result.frontier_utilities[:: max(1, result.frontier_size // MAX_FRONTIER_POINTS)]
        if result.frontier_size
        else np.zeros((0, len(result.deciders)))
    )
    xs_all.append(fu[:, dx])
    ys_all.append(fu[:, dy])
    sols = [(name, sol) for name, sol in result.solutions.items() if sol is not None]
    xs_all.append(np.array([s.utilities[x_id] for _, s in sols]))
    ys_all.append(np.array([s.utilities[y_id] for _, s in sols]))
    xv, yv = np.concatenate(xs_all), np.concatenate(ys_all)
    x0, x1 = float(xv.min()), float(xv.max())
    y0, y1 = float(yv.min()), float(yv.max())
    padx, pady = max(1e-9, (x1 - x0) * 0.05), max(1e-9, (y1 - y0) * 0.05)
    x0, x1, y0, y1 = x0 - padx, x1 + padx, y0 - pady, y1 + pady
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(v: np.ndarray | float) -> np.ndarray:
        return LEFT + (np.asarray(v) - x0) / (x1 - x0) * pw

    def py(v: np.ndarray | float) -> np.ndarray:
        return TOP + ph - (np.asarray(v) - y0) / (y1 - y0) * ph

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        'font-family="sans-serif" font-size="11" role="img" '
        f'aria-label="utilities of {escape(x_name)} and {escape(y_name)}">',
        f'<text x="{W / 2}" y="18" text-anchor="middle" font-size="12">Zone of agreement and Pareto frontier '
        "(dashed: reservation values)</text>",
    ]
    for t in _ticks(x0, x1):
        parts.append(
            f'<line x1="{px(t):.1f}" y1="{TOP + ph}" x2="{px(t):.1f}" y2="{TOP + ph + 4}" stroke="#333"/>'
            f'<text x="{px(t):.1f}" y="{TOP + ph + 16}" text-anchor="middle">{t:g}</text>'
        )
    for t in _ticks(y0, y1):
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{py(t):.1f}" x2="{LEFT}" y2="{py(t):.1f}" stroke="#333"/>'
            f'<text x="{LEFT - 7}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>'
        )
    parts.append(f'<path d="M{LEFT} {TOP}V{TOP + ph}H{LEFT + pw}" fill="none" stroke="#333"/>')
    parts.append(f'<text x="{LEFT + pw / 2}" y="{TOP + ph + 34}" text-anchor="middle">{escape(x_name)}: utility</text>')
    parts.append(
        f'<text transform="translate(16 {TOP + ph / 2}) rotate(-90)" text-anchor="middle">'
        f"{escape(y_name)}: utility</text>"
    )
    out = ~cloud.accepted
    parts.append(_dots(px(u[out, ix]), py(u[out, iy]), 1.2, 'stroke="#BBBBBB"'))
    parts.append(
        _dots(
            px(u[cloud.accepted, ix]), py(u[cloud.accepted, iy]), 1.5, f'stroke="{colours[x_id]}" stroke-opacity="0.5"'
        )
    )
    if len(fu):
        circles = "".join(
            f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3"/>'
            for a, b in zip(px(fu[:, dx]).tolist(), py(fu[:, dy]).tolist(), strict=True)
        )
        parts.append(f'<g fill="none" stroke="black" stroke-width="0.7">{circles}</g>')
    rx, ry = px(result.reservations[x_id]), py(result.reservations[y_id])
    parts.append(
        f'<line x1="{rx:.1f}" y1="{TOP}" x2="{rx:.1f}" y2="{TOP + ph}" stroke="{colours[x_id]}" '
        'stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<line x1="{LEFT}" y1="{ry:.1f}" x2="{LEFT + pw}" y2="{ry:.1f}" stroke="{colours[y_id]}" '
        'stroke-dasharray="4 3"/>'
    )
    for name, sol in sols:
        shape, _ = SOLUTION_MARKERS[name]
        parts.append(_marker(shape, float(px(sol.utilities[x_id])), float(py(sol.utilities[y_id])), 7, colours[y_id]))
    legend = [
        ("sampled packages", '<circle r="2" fill="#BBBBBB"/>'),
        ("in the zone of agreement", f'<circle r="2.5" fill="{colours[x_id]}" fill-opacity="0.5"/>'),
        ("Pareto frontier", '<circle r="3" fill="none" stroke="black" stroke-width="0.7"/>'),
    ]
    legend += [(SOLUTION_MARKERS[n][1], _marker(SOLUTION_MARKERS[n][0], 0, 0, 6, colours[y_id])) for n, _ in sols]
    for k, (label, glyph) in enumerate(legend):
        lx, ly = LEFT + (k % 3) * 170, H - 62 + (k // 3) * 18
        parts.append(f'<g transform="translate({lx} {ly})">{glyph}<text x="10" y="4">{escape(label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
