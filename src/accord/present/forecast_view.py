"""Forecasts as rich tables and JSON-ready data. No computation here."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from accord.forecast.run import IssueForecast

MAX_ROUND_COLUMNS = 6  # round columns shown (the first rounds and the last ones), so that 80 columns hold a path


def _rounds(n: int) -> list[int | None]:
    """Which rounds get a column: all when few, else the first three and the last three (None: the gap)."""
    if n <= MAX_ROUND_COLUMNS:
        return list(range(n))
    half = MAX_ROUND_COLUMNS // 2
    return [*range(half), None, *range(n - half, n)]


def condition_label(condition: str, scenario: Any = None) -> str:
    """A forecast condition ('LEVERS @ THEORY', 'LEVERS (baseline)') in the scenario's names."""
    if scenario is None:
        return condition
    from accord.analyses.frames import names_of
    from accord.present.render import theory_name

    named = names_of(scenario)
    levers, at, theory = condition.partition(" @ ")
    base = levers.endswith(" (baseline)")
    lv = levers.removesuffix(" (baseline)")
    text = named.get(lv, lv) + (" (baseline)" if base else "")
    if at:
        text += " @ " + ", ".join(theory_name(scenario, t.strip()) for t in theory.split(","))
    return text


def forecast_view(results: list[IssueForecast], detail: bool = True, scenario: Any = None) -> RenderableType:
    """A summary (issue x condition) and, per issue, the path round by round and who pressed whom; in the
    scenario's names when it is given (a CSV's rows are named already)."""
    named: dict[str, str] = {}
    if scenario is not None:
        from accord.analyses.frames import names_of

        named = names_of(scenario)

    def nm(x: str) -> str:
        return named.get(x, x)

    def option(issue: str, opt: str | None) -> str:
        if opt is None or scenario is None:
            return opt or ""
        from accord.present.render import option_name

        return option_name(scenario, issue, opt)

    issues = list(dict.fromkeys(r.issue for r in results))
    conds = list(dict.fromkeys(r.condition for r in results))
    by = {(r.issue, r.condition): r for r in results}
    summary = Table(
        title=f"Where each issue settles ({results[0].variant} variant; forecast on the issue's scale "
        "and the option nearest it that is on the table)"
    )
    summary.add_column("issue", ratio=1, min_width=10)
    for c in conds:
        summary.add_column(escape(condition_label(c, scenario)), ratio=1, min_width=8, overflow="fold")
    for i in issues:
        cells = []
        for c in conds:
            r = by[(i, c)]
            cell = f"{r.forecast:.1f} [bold]{escape(option(i, r.option))}[/]"
            if r.quantiles:
                cell += f"\n[dim]90%: {r.quantiles[0]:.0f}-{r.quantiles[2]:.0f}, n={r.samples:,}[/]"
                if r.quantiles[2] - r.quantiles[0] > 0.8 * (r.scale[1] - r.scale[0]):
                    cell += "\n[yellow]the interval spans most of the scale: the assumptions decide it[/]"
            if r.red_lines:
                holders = list(dict.fromkeys(x.split(": ")[0] for x in r.red_lines))
                cell += (
                    f"\n[yellow]crosses a red line of {escape(', '.join(holders))}: a forecast its holder never "
                    "signs[/]"
                )
            cells.append(cell)
        summary.add_row(escape(nm(i)), *cells)
    parts: list[RenderableType] = [summary]
    if detail:
        for r in results:
            if r.condition != conds[-1]:
                continue
            t = Table(
                title=f"{escape(nm(r.issue))} under {escape(condition_label(r.condition, scenario))}: positions "
                f"round by round (scale {r.scale[0]:g}-{r.scale[1]:g})",
                box=box.SIMPLE_HEAD,
                header_style="bold",
            )
            t.add_column("actor", overflow="fold")
            t.add_column("cap.", justify="right", no_wrap=True)
            t.add_column("sal.", justify="right", no_wrap=True)
            rounds = r.positions.shape[0]
            shown = _rounds(rounds)
            for k in shown:
                t.add_column("..." if k is None else "start" if k == 0 else f"r{k}", justify="right", no_wrap=True)
            for a, name in enumerate(r.actors):
                t.add_row(
                    escape(nm(name)),
                    f"{r.capability[a]:.3f}",
                    f"{r.salience[a]:.2f}",
                    *["" if k is None else f"{r.positions[k, a]:.1f}" for k in shown],
                )
            label = {"smp": "forecast (mean)", "ktab": "forecast (likeliest position)"}.get(
                r.variant, "forecast (median)"
            )
            t.add_row(f"[bold]{label}[/]", "", "", *["" if k is None else f"[bold]{r.median[k]:.1f}[/]" for k in shown])
            parts.append(t)
            if r.pressure:
                pressed = r.pressure[:12]
                parts.append(
                    Text(
                        "Who pressed whom: "
                        + "; ".join(
                            f"r{p.round} {nm(p.by)} moved {nm(p.actor)} to {p.to:.1f} ({p.kind})" for p in pressed
                        )
                        + (f"; ... {len(r.pressure) - 12} more" if len(r.pressure) > 12 else ""),
                        style="dim",
                    )
                )
            if r.influence:
                top = [x for x in r.influence if abs(x[2]) > 1e-9][:5]
                tried = len({a for a, _, _ in r.influence})
                among = "" if tried >= len(r.actors) else f", among the {tried} weightiest actors"
                parts.append(
                    Text(
                        f"Moves the forecast most (capability +10% or salience +0.1{among}): "
                        + (", ".join(f"{nm(a)} {k} {v:+.1f}" for a, k, v in top) or "no single actor moves it"),
                        style="dim",
                    )
                )
            if r.option_shares:
                parts.append(
                    Text(
                        "Option shares over the samples: "
                        + ", ".join(
                            f"{option(r.issue, o)} {v:.0%}"
                            for o, v in sorted(r.option_shares.items(), key=lambda t: -t[1])
                        ),
                        style="dim",
                    )
                )
            if r.win_probability is not None and r.issue == issues[0]:
                parts.append(_win_table(r, nm))
            parts.append(
                Text(
                    f"Rescaling the scale (x -> 7x + 3) leaves the forecast unchanged: "
                    f"{'yes' if r.rescale_invariant else 'NO'}; converged: {'yes' if r.converged else 'no'}",
                    style="dim",
                )
            )
    return Group(*parts)


def _win_table(r: IssueForecast, nm: Any = str) -> Table:
    """ktab: each actor's chance that its position prevails, state by state, and KTAB's fractional change."""
    w = r.win_probability
    assert w is not None
    states = w.shape[0]
    shown = _rounds(states)
    t = Table(
        title="Chance that each actor's position prevails, state by state (actors sharing a position "
        "share its chance; KTAB's stopping rule: a turn moving under 2% of the first)",
        box=box.SIMPLE_HEAD,
        header_style="bold",
    )
    t.add_column("actor", overflow="fold")
    for k in shown:
        t.add_column("..." if k is None else "start" if k == 0 else f"r{k}", justify="right", no_wrap=True)
    for a, name in enumerate(r.actors):
        t.add_row(escape(nm(name)), *["" if k is None else f"{w[k, a]:.2f}" for k in shown])
    if r.change:
        change = ["", *r.change]  # KTAB's change starts at the first turn
        t.add_row(
            "[dim]fractional change[/]",
            *["" if k is None or k >= len(change) or change[k] == "" else f"[dim]{change[k]:.2f}[/]" for k in shown],
        )
    return t


def forecast_json(results: list[IssueForecast]) -> list[dict[str, Any]]:
    """Plain data for --json."""
    return [
        {
            "issue": r.issue,
            "condition": r.condition,
            "variant": r.variant,
            "forecast": r.forecast,
            "option": r.option,
            "scale": list(r.scale),
            "converged": r.converged,
            "rescale_invariant": r.rescale_invariant,
            "actors": [
                {"id": a, "capability": r.capability[k], "salience": r.salience[k], "path": r.positions[:, k].tolist()}
                for k, a in enumerate(r.actors)
            ],
            "median_path": r.median.tolist(),
            "mean_path": r.mean.tolist(),
            "pressure": [vars(p) for p in r.pressure],
            "samples": r.samples,
            "quantiles_5_50_95": list(r.quantiles) if r.quantiles else None,
            "option_shares": r.option_shares,
            "influence": [{"actor": a, "parameter": k, "change": v} for a, k, v in r.influence],
            "win_probability": None
            if r.win_probability is None
            else {a: r.win_probability[:, k].tolist() for k, a in enumerate(r.actors)},
            "fractional_change": list(r.change) or None,
        }
        for r in results
    ]
