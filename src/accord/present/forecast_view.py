"""Forecasts as rich tables and JSON-ready data. No computation here."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from accord.forecast.run import IssueForecast


def forecast_view(results: list[IssueForecast], detail: bool = True) -> RenderableType:
    """A summary (issue x condition) and, per issue, the path round by round and who pressed whom."""
    issues = list(dict.fromkeys(r.issue for r in results))
    conds = list(dict.fromkeys(r.condition for r in results))
    by = {(r.issue, r.condition): r for r in results}
    summary = Table(title=f"Where each issue settles ({results[0].variant} variant; forecast on the issue's scale "
                          "and the option nearest it that is on the table)")
    summary.add_column("issue")
    for c in conds:
        summary.add_column(c)
    for i in issues:
        cells = []
        for c in conds:
            r = by[(i, c)]
            cell = f"{r.forecast:.1f} [bold]{r.option or ''}[/]"
            if r.quantiles:
                cell += f"\n[dim]90%: {r.quantiles[0]:.0f}-{r.quantiles[2]:.0f}, n={r.samples:,}[/]"
                if r.quantiles[2] - r.quantiles[0] > 0.8 * (r.scale[1] - r.scale[0]):
                    cell += "\n[yellow]the interval spans most of the scale: the assumptions decide it[/]"
            if r.red_lines:
                cell += f"\n[yellow]crosses a red line ({'; '.join(r.red_lines)}): a forecast its holder never signs[/]"
            cells.append(cell)
        summary.add_row(i, *cells)
    parts: list[RenderableType] = [summary]
    if detail:
        for r in results:
            if r.condition != conds[-1]:
                continue
            t = Table(title=f"{r.issue} under {r.condition}: positions round by round (scale {r.scale[0]:g}-"
                            f"{r.scale[1]:g})")
            t.add_column("actor")
            t.add_column("cap.", justify="right")
            t.add_column("sal.", justify="right")
            rounds = r.positions.shape[0]
            for k in range(rounds):
                t.add_column("start" if k == 0 else f"r{k}", justify="right")
            for a, name in enumerate(r.actors):
                t.add_row(name, f"{r.capability[a]:.3f}", f"{r.salience[a]:.2f}",
                          *[f"{r.positions[k, a]:.1f}" for k in range(rounds)])
            label = {"smp": "forecast (mean)", "ktab": "forecast (likeliest position)"}.get(r.variant, "forecast (median)")
            t.add_row(f"[bold]{label}[/]", "", "",
                      *[f"[bold]{v:.1f}[/]" for v in r.median])
            parts.append(t)
            if r.pressure:
                shown = r.pressure[:12]
                parts.append(Text("Who pressed whom: " + "; ".join(
                    f"r{p.round} {p.by} moved {p.actor} to {p.to:.1f} ({p.kind})" for p in shown) +
                    (f"; ... {len(r.pressure) - 12} more" if len(r.pressure) > 12 else ""), style="dim"))
            if r.influence:
                top = [x for x in r.influence if abs(x[2]) > 1e-9][:5]
                tried = len({a for a, _, _ in r.influence})
                among = "" if tried >= len(r.actors) else f", among the {tried} weightiest actors"
                parts.append(Text(f"Moves the forecast most (capability +10% or salience +0.1{among}): " + (", ".join(
                    f"{a} {k} {v:+.1f}" for a, k, v in top) or "no single actor moves it"), style="dim"))
            if r.option_shares:
                parts.append(Text("Option shares over the samples: " + ", ".join(
                    f"{o} {v:.0%}" for o, v in sorted(r.option_shares.items(), key=lambda t: -t[1])), style="dim"))
            if r.win_probability is not None and r.issue == issues[0]:
                parts.append(_win_table(r))
            parts.append(Text(f"Rescaling the scale (x -> 7x + 3) leaves the forecast unchanged: "
                              f"{'yes' if r.rescale_invariant else 'NO'}; converged: {'yes' if r.converged else 'no'}",
                              style="dim"))
    return Group(*parts)


def _win_table(r: IssueForecast) -> Table:
    """ktab: each actor's chance that its position prevails, state by state, and KTAB's fractional change."""
    w = r.win_probability
    assert w is not None
    states = w.shape[0]
    t = Table(title="Chance that each actor's position prevails, state by state (actors sharing a position "
                    "share its chance; KTAB's stopping rule: a turn moving under 2% of the first)")
    t.add_column("actor")
    for k in range(states):
        t.add_column("start" if k == 0 else f"r{k}", justify="right")
    for a, name in enumerate(r.actors):
        t.add_row(name, *[f"{w[k, a]:.2f}" for k in range(states)])
    if r.change:
        t.add_row("[dim]fractional change[/]", "", *[f"[dim]{v:.2f}[/]" for v in r.change])
    return t


def forecast_json(results: list[IssueForecast]) -> list[dict[str, Any]]:
    """Plain data for --json."""
    return [{"issue": r.issue, "condition": r.condition, "variant": r.variant, "forecast": r.forecast,
             "option": r.option, "scale": list(r.scale), "converged": r.converged,
             "rescale_invariant": r.rescale_invariant,
             "actors": [{"id": a, "capability": r.capability[k], "salience": r.salience[k],
                         "path": r.positions[:, k].tolist()} for k, a in enumerate(r.actors)],
             "median_path": r.median.tolist(), "mean_path": r.mean.tolist(),
             "pressure": [vars(p) for p in r.pressure],
             "samples": r.samples, "quantiles_5_50_95": list(r.quantiles) if r.quantiles else None,
             "option_shares": r.option_shares,
             "influence": [{"actor": a, "parameter": k, "change": v} for a, k, v in r.influence],
             "win_probability": None if r.win_probability is None else
             {a: r.win_probability[:, k].tolist() for k, a in enumerate(r.actors)},
             "fractional_change": list(r.change) or None}
            for r in results]
