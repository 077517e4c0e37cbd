"""Results as rich tables for people and as plain JSON-ready data for machines. No computation here."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.scenario.paths import Parameter, describe
from accord.scenario.schema import Scenario

if TYPE_CHECKING:  # for the annotations only: `accord evaluate` need not import the bargaining analysis
    from accord.analyses.bargaining import BargainResult, Solution
    from accord.model.evaluation import Evaluation

YES = "[green]accepts[/]"
NO = "[red]rejects[/]"


def jsonable(obj: Any) -> Any:
    """Dataclasses, NumPy values and tuples as plain JSON types."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)
               if f.metadata.get("json", True)
               and not (f.metadata.get("omit_empty") and not getattr(obj, f.name))}  # e.g. no offer set in force
        for prop in ("accepted", "rejected_by", "gain", "frontier_size"):
            if hasattr(type(obj), prop):
                out[prop] = jsonable(getattr(obj, prop))
        return out
    if hasattr(obj, "model_dump") and callable(obj.model_dump):  # scenario elements (pydantic models)
        return jsonable(obj.model_dump(exclude_defaults=True))
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


def assumptions_line(params: list[Parameter]) -> Text:
    """The footer every analysis carries: how many of the numbers it used are assumptions."""
    return Text(f"{len(params)} numbers in this scenario are assumptions (no source gives them); "
                "their ranges: `accord assumptions`.", style="italic dim")


def context_lines(levers: tuple[str, ...], hypotheses: tuple[str, ...], applied: tuple[str, ...]) -> Text:
    """Which levers and hypotheses were in force."""
    t = Text()
    t.append("Levers: ", style="bold")
    t.append(", ".join(levers) if levers else "none")
    t.append("\nHypotheses: ", style="bold")
    if hypotheses:
        t.append(", ".join(f"{h}{'' if h in applied else ' (condition not met)'}" for h in hypotheses))
    else:
        t.append("none")
    return t


def evaluation_view(ev: Evaluation, scenario: Scenario, params: list[Parameter]) -> RenderableType:
    """Tables of an evaluation: the package, every actor's verdict, the faction breakdown."""
    pkg = Table(title="Package", show_header=True, header_style="bold")
    pkg.add_column("issue")
    pkg.add_column("option")
    for issue in scenario.issues:
        opt = ev.package[issue.id]
        mark = " [dim](status quo)[/]" if opt == issue.status_quo else ""
        mark += " [red](off the table)[/]" if issue.id in ev.off_table else ""
        pkg.add_row(issue.id, opt + mark)

    actors = Table(title="Actors", header_style="bold")
    for col in ("actor", "decides", "utility", "reservation", "gain", "verdict", "why"):
        actors.add_column(col, justify="right" if col in ("utility", "reservation", "gain") else "left")
    for v in ev.actors:
        actors.add_row(v.id, "yes" if v.decides else "no", f"{v.utility:.3f}", f"{v.reservation:.3f}",
                       f"{v.gain:+.3f}", YES if v.accepts else NO, "\n".join(v.reasons) or "-")
    parts: list[RenderableType] = [context_lines(ev.levers, ev.hypotheses, ev.applied_hypotheses), pkg, actors]
    if ev.factions:
        fac = Table(title="Factions (each decider's camps)", header_style="bold")
        for col in ("faction", "of", "weight", "utility", "reservation", "gain", "alone it would", "why"):
            fac.add_column(col)
        for v in ev.factions:
            fac.add_row(v.id, v.actor, f"{v.weight:.2f}", f"{v.utility:.3f}", f"{v.reservation:.3f}",
                        f"{v.gain:+.3f}", YES if v.accepts else NO, "\n".join(v.reasons) or "-")
        parts.append(fac)
    if ev.excluded_by:
        parts.append(Text(f"Infeasible: excluded by constraint(s) {', '.join(ev.excluded_by)}", style="red"))
    if ev.off_table:
        parts.append(Text("Off the table under these levers: " + ", ".join(ev.off_table)
                          + " (an option some lever unlocks)", style="red"))
    verdict = "[bold green]ACCEPTED by every decider[/]" if ev.accepted else (
        "[bold red]NOT ACCEPTED[/]" + (f": rejected by {', '.join(ev.rejected_by)}" if ev.rejected_by else ""))
    parts.append(Panel(verdict + f"   lever cost {ev.cost:.2f}", expand=False))
    parts.append(assumptions_line(params))
    return Group(*parts)


def bargain_view(r: BargainResult, scenario: Scenario, params: list[Parameter], top: int = 10) -> RenderableType:
    """Tables of a bargaining analysis: counts, solutions and the head of the frontier."""
    counts = Table(title="Package space", header_style="bold")
    counts.add_column("")
    counts.add_column("packages", justify="right")
    counts.add_row("in the scenario", f"{r.packages:,}")
    counts.add_row("on the table (levers unlock some options)", f"{r.on_table:,}")
    counts.add_row("feasible (no constraint excludes them)", f"{r.feasible:,}")
    for a, n in r.accepted_by.items():
        counts.add_row(f"accepted by {a} (reservation {r.reservations[a]:.3f})", f"{n:,}")
    counts.add_row("[bold]accepted by every decider (zone of agreement)[/]", f"[bold]{r.zone:,}[/]")
    counts.add_row("Pareto frontier of the zone (distinct points)", f"{r.frontier_size:,}")

    parts: list[RenderableType] = [context_lines(r.levers, r.hypotheses, r.applied_hypotheses), counts]
    if r.zone:
        parts.append(solutions_table(r.solutions, scenario))
        front = Table(title=f"Pareto frontier, first {min(top, r.frontier_size)} by total utility",
                      header_style="bold")
        front.add_column("#", justify="right")
        for a in r.deciders:
            front.add_column(a, justify="right")
        front.add_column("differs from the status quo on")
        sq = {i.id: i.status_quo for i in scenario.issues}
        for k, pkg in enumerate(r.frontier_packages(scenario, top)):
            diff = ", ".join(f"{i}={o}" for i, o in pkg.items() if o != sq[i])
            front.add_row(str(k + 1), *(f"{u:.3f}" for u in r.frontier_utilities[k]), diff or "-")
        parts.append(front)
    else:
        parts.append(Panel("[bold red]No zone of agreement[/]: no package on the table is accepted by every "
                           "decider under these levers and hypotheses.", expand=False))
    for note in r.notes:
        parts.append(Text(note, style="yellow"))
    how = {"merge": "frontier merged issue by issue", "groups": "frontier from the fronts of two groups of issues",
           "enumerate": "frontier filtered from every package in the zone"}.get(r.method, f"{r.method} frontier")
    parts.append(Text(f"{how}, {r.seconds:.2f} s" if r.zone else f"{r.seconds:.2f} s", style="dim"))
    parts.append(assumptions_line(params))
    return Group(*parts)


def solutions_table(solutions: dict[str, Solution | None], scenario: Scenario) -> Table:
    """The bargaining solutions side by side, issue by issue, with each actor's gain."""
    t = Table(title="Bargaining solutions over the zone of agreement", header_style="bold")
    t.add_column("")
    names = [n for n, s in solutions.items() if s is not None]
    for n in names:
        t.add_column(n.replace("_", "-"))
    for issue in scenario.issues:
        row = [solutions[n].package[issue.id] for n in names]  # type: ignore[union-attr]
        if any(o != issue.status_quo for o in row):
            t.add_row(issue.id, *row)
    first = next(s for s in solutions.values() if s is not None)
    for a in first.utilities:
        t.add_row(f"[italic]gain: {a}[/]", *(f"{solutions[n].gains[a]:+.3f}" for n in names))  # type: ignore[union-attr]
    return t


def assumptions_view(params: list[Parameter]) -> Table:
    """Every assumption with its nominal value, range and reason."""
    t = Table(title=f"Assumptions: {len(params)} numbers no source gives", header_style="bold")
    for col in ("parameter", "nominal", "low", "high", "why"):
        t.add_column(col, justify="right" if col in ("nominal", "low", "high") else "left")
    for p in params:
        t.add_row(p.path, f"{p.nominal:g}", f"{p.low:g}", f"{p.high:g}", p.note)
    return t


def package_terms(pkg: dict[str, str], scenario: Scenario) -> str:
    """A package's terms that differ from the status quo, in the scenario's words."""
    parts = []
    for issue in scenario.issues:
        o = pkg.get(issue.id, issue.status_quo)
        if o != issue.status_quo:
            opt = next(x for x in issue.options if x.id == o)
            parts.append(f"{issue.name or issue.id}: {opt.name or opt.id}")
    return "; ".join(parts)


def overview_view(ov: Any, scenario: Scenario, params: list[Parameter]) -> RenderableType:
    """The `accord run` overview: zones, named packages and Nash terms per lever package and theory."""
    window = scenario.window
    zone = Table(title=f"Zone of agreement: packages every decider accepts (the levers held up to {window} months)",
                 header_style="bold")
    zone.add_column("lever package")
    zone.add_column(f"cost ({scenario.meta.cost_unit or 'cost units'}/month)", justify="right")
    for th in ov.theories:
        zone.add_column(f"theory: {th}", justify="right")

    def size(c: Any) -> str:
        if not c.bargain.zone:
            return f"[red]none within {window} months[/]"
        return f"{c.bargain.zone:,}" + (f" from month {c.month}" if c.month else "")

    for lv in ov.lever_packages:
        zone.add_row(lv, f"{ov.cell(lv, ov.theories[0]).cost:.2f}", *(size(ov.cell(lv, th)) for th in ov.theories))

    n = next((c.samples for c in ov.cells if c.samples), 0)
    named = Table(title="Named packages: accepted by every decider? Per theory, the verdict at the nominal numbers"
                  + (f" and (the share of {n:,} sampled scenarios accepting it within the window)" if n else ""),
                  header_style="bold")
    named.add_column("package")
    for lv in ov.lever_packages:
        named.add_column(lv)
    for p in scenario.packages:
        cells = []
        for lv in ov.lever_packages:
            evs = {th: ov.cell(lv, th).packages[p.id] for th in ov.theories}
            if any(ev.off_table for ev in evs.values()):
                off = next(ev for ev in evs.values() if ev.off_table).off_table
                names = [scenario.issue(i).name or i for i in off]
                cells.append(f"[dim]off the table ({'; '.join(names)})[/]")
                continue
            lines = []
            for th, ev in evs.items():
                c = ov.cell(lv, th)
                share = f" ({c.shares[p.id]:.0%})" if p.id in c.shares else ""
                if ev.accepted:
                    lines.append(f"{th}: [green]yes[/]{share}")
                else:
                    who = ", ".join(scenario.name_of(a) for a in (ev.rejected_by or ev.excluded_by))
                    lines.append(f"{th}: [red]no[/]{share}, {who}")
            cells.append("\n".join(lines))
        named.add_row(p.name or p.id, *cells)

    nash = Table(title="Nash bargaining package per lever package and theory", header_style="bold")
    nash.add_column("lever package")
    nash.add_column("theory")
    nash.add_column("terms that differ from the status quo", ratio=3)
    nash.add_column("gains over continued war", ratio=2)
    for lv in ov.lever_packages:
        for theory in ov.theories:
            cell = ov.cell(lv, theory)
            sol = cell.bargain.solutions["nash"]
            if sol is None:
                nash.add_row(lv, theory, "[red]no zone of agreement[/]", "-")
                continue
            terms = package_terms(sol.package, scenario) or "(status quo)"
            gains = ", ".join(f"{scenario.name_of(a)} {g:+.3f}" for a, g in sol.gains.items()
                              if a in cell.bargain.deciders)
            warn = "".join(f"\n[bold yellow]warning:[/] {w}" for w in cell.screen)
            nash.add_row(lv, theory, terms + warn, gains)
    return Group(zone, named, nash, Text("Details: `accord evaluate --package NAME --levers LEVERS -H THEORY`, "
                                         "`accord bargain --levers LEVERS -H THEORY`.", style="dim"),
                 assumptions_line(params))


def offer_label(scenario: Scenario | None, levers: str | None) -> str:
    """Where a lever package's proposal was searched, for a version-2 scenario: ", within offer set X (holder)" or
    ", the best package that exists"; nothing for version 1 (whose output is unchanged)."""
    if scenario is None or scenario.accord < 2:
        return ""
    from accord.model.situation import situate

    ids = situate(scenario, levers).offers
    if not ids:
        return ", the best package that exists"
    named = {o.id: o for o in scenario.offers}
    return ", within offer set " + "; ".join(
        f"{named[i].name or i} ({scenario.name_of(named[i].by or scenario.mediator or '')})" for i in ids)


def explore_view(r: Any, sens: dict[str, list[Any]] | None = None, scenario: Scenario | None = None
                 ) -> RenderableType:
    """Tables of an exploration: probability of a deal per strategy, named packages, failure boxes, sensitivity
    (assumptions named in the scenario's words when it is given)."""

    def words(path: str) -> str:
        return describe(scenario, path) if scenario is not None else path

    t = Table(title=f"Probability of a deal over {r.samples:,} samples ({r.method}, seed {r.seed})",
              header_style="bold")
    for col in ("strategy", "P(deal)", "95% CI", "P(zone exists)", "proposal"):
        t.add_column(col, justify="right" if col.startswith("P") or col == "95% CI" else "left")
    for s in r.strategies:
        zone = f"{s.p_zone:.2f} (n={s.zone_samples})" if s.zone_samples else "-"
        prop = ("none (no zone within the window at the nominal numbers)" if s.strategy.proposal is None
                else f"Nash package of the zone opening in month {s.strategy.proposal_month or 0}")
        prop += offer_label(scenario, s.strategy.levers)
        t.add_row(s.strategy.id, f"{s.p_deal:.3f}", f"{s.p_deal_ci[0]:.3f}-{s.p_deal_ci[1]:.3f}", zone, prop)
    parts: list[RenderableType] = [t]
    if r.named:
        named = Table(title="Probability each named package is accepted by every decider", header_style="bold")
        named.add_column("package")
        for s in r.strategies:
            named.add_column(s.strategy.id, justify="right")
        for nm in r.named:
            named.add_row(nm, *(f"{s.p_named[nm]:.3f}" for s in r.strategies))
        parts.append(named)
    q = Table(title="Utility of the proposal: 5th / 50th / 95th percentiles", header_style="bold")
    q.add_column("strategy")
    for a in r.deciders:
        q.add_column(a, justify="right")
    for s in r.strategies:
        if s.utility_quantiles:
            q.add_row(s.strategy.id, *(f"{s.utility_quantiles[a][0]:.2f} / {s.utility_quantiles[a][2]:.2f} / "
                                       f"{s.utility_quantiles[a][4]:.2f}" for a in r.deciders))
    parts.append(q)
    for s in r.strategies:
        box = s.failure_box
        if box is None:
            continue
        b = Table(title=f"Where {s.strategy.id} fails (PRIM): {box.density:.0%} of samples in this box fail "
                        f"(vs {box.base_density:.0%} overall); it holds {box.coverage:.0%} of all failures",
                  header_style="bold")
        b.add_column("assumption")
        b.add_column("box", justify="right")
        for name, (lo, hi) in box.limits.items():
            b.add_row(words(name), f"{lo:.3g} to {hi:.3g}")
        parts.append(b)
    for sid, idx in (sens or {}).items():
        st = Table(title=f"What decides {sid}: Sobol indices of 'every decider accepts the proposal'",
                   header_style="bold")
        for col in ("uncertainty", "first order", "total", ""):
            st.add_column(col, justify="right" if col in ("first order", "total") else "left")
        for i in sorted(idx, key=lambda i: -i.total):
            st.add_row(words(i.group), _index(i.first, i.first_conf), _index(i.total, i.total_conf),
                       "█" * max(0, round(20 * i.total)))
        parts.append(st)
        parts.append(Text("Estimates below zero are sampling noise and shown as 0; ± is the 95% interval's "
                          "half-width (more base samples narrow it).", style="dim"))
    parts.append(Text(f"{r.samples_per_second:,.0f} samples x strategies per second ({r.workers}); "
                      f"{len(r.parameters)} assumptions sampled.", style="dim"))
    return Group(*parts)


def _index(value: float, conf: float) -> str:
    """A Sobol index clipped at zero (a negative estimate is noise), with its 95% half-width."""
    return f"{max(0.0, value):.2f} ± {conf:.2f}"


def runs_view(runs: list[Any]) -> Table:
    """The run store's catalogue."""
    t = Table(title="Stored runs", header_style="bold")
    for col in ("id", "kind", "status", "scenario", "samples", "method", "seed", "seconds"):
        t.add_column(col)
    for r in runs:
        t.add_row(r.id, r.kind, r.status, f"{r.scenario_id} ({r.scenario_hash[:8]})", str(r.options.get("samples", "")),
                  str(r.options.get("method", "")), str(r.seed), f"{r.seconds:.1f}" if r.seconds else "-")
    return t


def compare_view(a: Any, b: Any) -> RenderableType:
    """Two runs side by side: settings, then each strategy's probability of a deal."""
    t = Table(title=f"{a.id} vs {b.id}", header_style="bold")
    t.add_column("")
    t.add_column(a.id)
    t.add_column(b.id)
    t.add_row("scenario", f"{a.scenario_id} {a.scenario_hash[:8]}", f"{b.scenario_id} {b.scenario_hash[:8]}")
    for key in sorted(set(a.options) | set(b.options)):
        t.add_row(key, str(a.options.get(key)), str(b.options.get(key)))
    sa = {s["id"]: s for s in (a.summary or {}).get("strategies", [])}
    sb = {s["id"]: s for s in (b.summary or {}).get("strategies", [])}
    d = Table(title="P(deal) by strategy", header_style="bold")
    for col in ("strategy", a.id, b.id, "difference"):
        d.add_column(col, justify="left" if col == "strategy" else "right")
    for sid in list(dict.fromkeys([*sa, *sb])):
        pa, pb = sa.get(sid, {}).get("p_deal"), sb.get(sid, {}).get("p_deal")
        diff = f"{pb - pa:+.3f}" if pa is not None and pb is not None else "-"
        d.add_row(sid, "-" if pa is None else f"{pa:.3f}", "-" if pb is None else f"{pb:.3f}", diff)
    return Group(t, d)


def leverage_view(r: Any) -> RenderableType:
    """The leverage table: best lever packages per theory, the robust ones, the probability-cost front."""
    head = Text(f"Mediator {r.mediator}: {len(r.mediator_levers)} levers, {r.lever_packages:,} lever packages "
                f"({'all' if r.exhaustive else 'sampled'}); goal '{r.goal}' (ranked by "
                + {"deal": "highest P(deal), then lowest cost", "cost": "lowest cost among those reaching P(deal) "
                   "0.5, then highest P(deal)", "lives": "most expected war cost avoided per month, then lowest cost"
                   }.get(r.goal, r.goal) + ")"
                + (f", budget {r.budget:g}" if r.budget is not None else "")
                + f"; probability over {r.samples:,} samples that every decider accepts the lever package's proposal "
                "within the window."
                + (f" Other levers held as in the baseline: {', '.join(r.fixed_levers)}." if r.fixed_levers else ""))
    parts: list[RenderableType] = [head, Text("Candidate proposals: " + "; ".join(r.proposals), style="dim")]
    factions = list(next(iter(next(iter(r.best.values())))).weights) if r.best and next(iter(r.best.values())) else []
    for th in r.theories:
        t = Table(title=f"Best lever packages, theory: {th}", header_style="bold")
        for col in ("#", "P(deal)", "cost/month", "zone", *factions, "proposal", "levers pulled"):
            t.add_column(col, justify="left" if col in ("levers pulled", "proposal") else "right")
        for k, e in enumerate(r.best[th]):
            zone = "-" if e.zone is None else (f"{e.zone:,}" + (f" (month {e.zone_month})" if e.zone_month else ""))
            t.add_row(str(k + 1), f"{e.p_deal:.3f}", f"{e.cost:.2f}", zone,
                      *(f"{e.weights[f]:.2f}" for f in factions), e.proposal or "[red]none[/]",
                      ", ".join(e.levers) or "(none)")
        parts.append(t)
    if r.named:
        nt = Table(title="The scenario's lever packages: P(deal) and the proposal each makes possible, per theory",
                   header_style="bold")
        nt.add_column("lever package")
        nt.add_column("cost/month", justify="right")
        for th in r.theories:
            nt.add_column(f"theory: {th}")
        for lp, per in r.named.items():
            first = next(iter(per.values()))
            nt.add_row(lp, f"{first.cost:.2f}", *(
                f"{per[th].p_deal:.3f}" + (f"\n[dim]{per[th].proposal}[/]" if per[th].proposal else "\n[dim]no proposal[/]")
                for th in r.theories))
        parts.insert(1, nt)
    f = Table(title="Cheapest way to each probability of a deal (Pareto front of P(deal) against cost)",
              header_style="bold")
    f.add_column("theory")
    f.add_column("cost -> P(deal)")
    for th in r.theories:
        f.add_row(th, "   ".join(f"{e.cost:.2f} -> {e.p_deal:.2f}" for e in r.front[th]))
    parts.append(f)
    rb = Table(title="Robust lever packages: best worst-case P(deal) across the theories", header_style="bold")
    rb.add_column("worst P(deal)", justify="right")
    for th in r.theories:
        rb.add_column(th, justify="right")
    rb.add_column("levers pulled")
    for levers, worst, per in r.robust:
        rb.add_row(f"{worst:.3f}", *(f"{per[th]:.3f}" for th in r.theories), ", ".join(levers) or "(none)")
    parts.append(rb)
    for n in r.notes:
        parts.append(Text(n, style="yellow"))
    parts.append(Text(f"{r.lever_packages * r.samples * len(r.theories):,} lever-package x sample x theory "
                      f"judgements in {r.seconds:.1f} s", style="dim"))
    return Group(*parts)


def simulation_view(r: Any, scenario: Scenario, nominal: Any = None) -> RenderableType:
    """A simulation in words: the proposal, each month's acceptance and events, who refused and why (at the
    nominal numbers), and the distribution of months to a deal and of its cost, with units."""
    unit = scenario.meta.cost_unit or "cost units"
    st = next((x for x in scenario.strategies if x.id == r.strategy), None)
    theory = ", ".join(r.hypotheses) or "no hypotheses"
    head = Text()
    head.append(f"{st.name if st and st.name else r.strategy}", style="bold")
    head.append(f"  ({r.procedure}; under {theory}; {r.runs:,} run(s)"
                + (" with sampled numbers" if r.runs > 1 else " at the nominal numbers") + f"; {r.months} months)")
    parts: list[RenderableType] = [head]
    deciders = list(r.timeline[0].acceptance) if r.timeline and r.timeline[0].acceptance else []
    t = Table(header_style="bold")
    t.add_column("month", justify="right", no_wrap=True)
    t.add_column("runs negotiating", justify="right", no_wrap=True)
    for a in deciders:
        t.add_column(f"{scenario.name_of(a)} accepts", justify="right")
    t.add_column("deals", justify="right", no_wrap=True)
    t.add_column("events", ratio=2)
    shown: list[tuple[int, dict[str, str]]] = []
    last = None
    for m in r.timeline:
        if m.proposal != last:
            shown.append((m.month, m.proposal))
            last = m.proposal
        who = f"{scenario.name_of(m.proposer)} proposes. " if m.proposer else ""
        t.add_row(str(m.month), f"{m.negotiating:,}", *(f"{m.acceptance.get(a, 0):.0%}" for a in deciders),
                  f"{m.deals:,}", who + "; ".join(m.events))
    for month, pkg in shown:
        if pkg is None:
            continue
        terms = Table(title=f"The proposal from month {month}", header_style="bold", show_edge=False)
        terms.add_column("issue")
        terms.add_column("term")
        for issue in scenario.issues:
            opt = next(o for o in issue.options if o.id == pkg[issue.id])
            text = opt.name or opt.id
            terms.add_row(issue.name or issue.id, text if pkg[issue.id] == issue.status_quo else f"[bold]{text}[/]")
        parts.append(terms)
    parts.append(t)
    story = nominal if nominal is not None else (r if r.runs == 1 else None)
    if story is not None:
        why = Table(title="Who refuses, and why (at the nominal numbers)", header_style="bold")
        why.add_column("months", no_wrap=True)
        why.add_column("decider")
        why.add_column("why", ratio=3)
        rows: list[list[Any]] = []
        open_span: dict[tuple[str, str], list[Any]] = {}  # (decider, reason) -> its row while it runs on
        for m in story.timeline:
            for a, reason in m.refusals.items():
                span = open_span.get((a, reason))
                if span is not None and span[3] == m.month - 1:
                    span[3] = m.month
                else:
                    open_span[(a, reason)] = span = [m.month, a, reason, m.month]
                    rows.append(span)
        for start, a, reason, end in rows:
            why.add_row(str(start) if start == end else f"{start}-{end}", scenario.name_of(a), reason)
        if rows:
            parts.append(why)
    q = r.months_quantiles()
    summary = Table(title="Outcome", header_style="bold")
    summary.add_column("")
    summary.add_column("value", justify="right")
    summary.add_row("runs reaching a deal within the horizon", f"{r.p_deal:.1%}")
    if q[1] is not None:
        summary.add_row("months to a deal (10th / 50th / 90th percentile)", f"{q[0]:g} / {q[1]:g} / {q[2]:g}")
    summary.add_row("cost of delay: deciders' war cost (utility, summed over the months without a deal; mean)",
                    f"{r.war_cost.mean():.3f}")
    summary.add_row(f"cost of delay: lever costs ({unit}, summed over the months without a deal; mean)",
                    f"{r.lever_cost.mean():,.1f}")
    parts.append(summary)
    parts.append(Text(f"{r.seconds:.2f} s", style="dim"))
    return Group(*parts)
