"""Findings and claims as tables in the scenario's own words. No computation here."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from accord.analyses.claims import ClaimsReport
from accord.analyses.findings import Findings, Outcome
from accord.scenario.schema import Scenario


def _share(p: float | None, n: int) -> str:
    return "-" if p is None else f"{p:.0%} of {n:,}"


def claims_view(r: ClaimsReport, scenario: Scenario, *, only_failed: bool = False) -> RenderableType:
    """Each claim under each theory: the statement, its source, what the model finds, and its share over samples."""
    sources = {s.id: s.author or s.id for s in scenario.sources}
    sets = {hs.id: hs.id.capitalize() for hs in scenario.hypothesis_sets} | {"none": "no hypotheses"}
    t = Table(title=r.summary(), header_style="bold", show_lines=True)
    t.add_column("claim (source)", ratio=3)
    t.add_column("theory", no_wrap=True)
    t.add_column("holds", no_wrap=True)
    t.add_column("share of samples", justify="right", no_wrap=True)
    t.add_column("what the model finds", ratio=3)
    for x in [*r.conclusions, *r.assumptions]:  # assumptions apart, after the conclusions
        if only_failed and x.holds:
            continue
        c = x.claim
        src = sources.get(c.source or "", c.source or "")
        text = Text(c.statement)
        if c.role == "assumption":
            text = Text("[assumption] ", style="dim") + text
        if src:
            text.append(f" ({src})", style="dim")
        if c.quote:
            text.append(f'\n"{c.quote}"', style="italic dim")
        found = Text(x.found)
        if x.vacuous:
            found.append(
                "\nholds only because no zone opens: no package could have the option (not counted)",
                style="bold yellow",
            )
        if x.restates:
            names = {h.id: h.statement for h in scenario.hypotheses}
            found.append(
                f"\nonly restates a hypothesis: {names.get(x.restates[0], x.restates[0])}", style="bold yellow"
            )
        if x.holds_without_theory:
            alone = f" (in {x.share_without_theory:.0%} of samples)" if x.share_without_theory is not None else ""
            found.append(
                f"\nholds with no hypotheses too{alone}: the base numbers carry it, not this theory", style="yellow"
            )
        t.add_row(
            text,
            sets.get(x.theory, x.theory),
            Text("vacuous", "yellow") if x.vacuous else Text("yes", "green") if x.holds else Text("NO", "bold red"),
            _share(x.share, x.samples),
            found,
        )
    return t


def _months(o: Outcome) -> str:
    q = o.months
    if q[1] is None:
        return "-"
    return f"{q[1]:g}" if q[0] == q[2] else f"{q[1]:g} ({q[0]:g}-{q[2]:g})"


def findings_view(f: Findings, scenario: Scenario) -> RenderableType:
    """Per theory: the strategies ranked, each nominal verdict beside its share over samples; the pivotal
    hypotheses; the claims' count."""
    unit = scenario.meta.cost_unit or "cost units"
    parts: list[RenderableType] = [Text("Findings", style="bold underline")]
    names = {h.id: h.statement for h in scenario.hypotheses}
    strategy_names = {st.id: st.name or st.id for st in scenario.strategies}
    if not scenario.strategies:
        parts.append(
            Text(
                "The scenario has no `strategies` to play month by month; the headline's course comes "
                "from its lever packages (`accord leverage`).",
                style="dim",
            )
        )
    # the authors' theories first; "no hypotheses" (no one's theory) last
    for th in (
        [t for t in f.theories if t.theory != "none"] + [t for t in f.theories if t.theory == "none"]
        if scenario.strategies
        else []
    ):
        best = th.best
        head = Text()
        head.append(f"\nUnder {th.name}, best: ", style="bold")
        if best is None:
            head.append(f"no strategy ends the war within {f.window} months at the nominal numbers")
            likeliest = max(th.outcomes, key=lambda o: o.p_deal, default=None)
            if likeliest is not None and likeliest.p_deal > 0:  # the samples can say otherwise: say so here
                head.append(f"; over the sampled numbers {likeliest.name} deals in {likeliest.p_deal:.0%} of runs")
            head.append(".")
        elif best.deal_month == 0:
            head.append(
                f"{best.name}. A deal at once at the nominal numbers; over {f.samples:,} sampled "
                f"scenarios a deal in {best.p_deal:.0%} (95% interval {best.p_deal_ci[0]:.0%}-"
                f"{best.p_deal_ci[1]:.0%})."
            )
        else:
            head.append(
                f"{best.name}. A deal in month {best.deal_month} at the nominal numbers; "
                f"over {f.samples:,} sampled scenarios, a deal in {best.p_deal:.0%} "
                f"(95% interval {best.p_deal_ci[0]:.0%}-{best.p_deal_ci[1]:.0%})."
            )
        parts.append(head)
        t = Table(header_style="bold", show_edge=False, pad_edge=False, box=None)
        t.add_column("strategy", ratio=1, overflow="fold")
        t.add_column("deal at the nominal numbers", no_wrap=True)
        t.add_column("share of runs", justify="right", no_wrap=True)
        t.add_column("months", justify="right", no_wrap=True)
        t.add_column("cost of delay", no_wrap=True)
        for o in th.outcomes:
            t.add_row(
                "  " + o.name,
                f"month {o.deal_month}" if o.deal_month is not None else "[red]none[/]",
                f"{o.p_deal:.0%}",
                _months(o),
                f"war {o.war_cost:.2f}, levers {o.lever_cost:,.1f} {unit}"
                if o.war_cost or o.lever_cost
                else ("none (a deal at once)" if o.deal_month == 0 else f"war 0.00, levers 0.0 {unit}"),
            )
        parts.append(t)
        if th.theory != "none":
            if th.pivots:
                lines = Text("  Decided by: ", style="bold")
                for k, p in enumerate(th.pivots):
                    if k:
                        lines.append("; ")
                    alt = (
                        f"{strategy_names.get(p.best_without, p.best_without)} ranks first"
                        if p.best_without
                        else "no strategy ends the war at the nominal numbers"
                    )
                    lines.append(f'"{names.get(p.hypothesis) or p.hypothesis}": without it, {alt}')  # ids in --json
                parts.append(lines)
            else:
                parts.append(
                    Text("  No single hypothesis of this theory, switched off, changes the best strategy.", style="dim")
                )
    c = f.claims
    line = Text(c.summary(), style="bold")
    if c.results and c.results[0].share is not None:
        shares = [x.share for x in c.results if x.share is not None]
        line.append(
            f"; over the samples they hold in {min(shares):.0%}-{max(shares):.0%} of scenarios "
            "(each claim's share: `accord claims --samples N`).",
            style="",
        )
    parts.append(line)
    if f.evidence is not None:
        from accord.present.evidence_view import verdict_line

        parts.append(verdict_line(f.evidence, scenario))
    if f.voi is not None:
        from accord.present.evidence_view import voi_line

        parts.append(voi_line(f.voi, scenario))
    parts.append(
        Text(
            f"Deals are sought within the scenario's window of {f.window} months; share of runs: the share of "
            f"{f.samples:,} runs with sampled numbers ending in a deal; cost of delay: the deciders' war cost "
            f"(utility, summed over the months before the deal) and the levers' cost, at the nominal numbers.",
            style="dim",
        )
    )
    if c.failed:
        parts.append(claims_view(c, scenario, only_failed=True))
    return Group(*parts)
