"""Results as rich tables for people (JSON for machines is `present.jsonable`). No computation here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.markup import escape
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


def assumptions_line(params: list[Parameter]) -> Text:
    """The footer every analysis carries: how many of the numbers it used are assumptions."""
    return Text(
        f"{len(params)} numbers in this scenario are assumptions (no source gives them); "
        "their ranges: `accord assumptions`.",
        style="italic dim",
    )


def names(scenario: Scenario | None) -> dict[str, str]:
    """Every named id of the scenario mapped to its name (empty without a scenario)."""
    from accord.analyses.frames import names_of

    return names_of(scenario) if scenario is not None else {}


def name_list(named: dict[str, str], ids: Any, empty: str = "none", sep: str = ", ") -> str:
    """Several ids as their names, joined with commas (`sep`: '; ' where names hold commas)."""
    parts = [named.get(i, i) for i in ids]
    return sep.join(parts) if parts else empty


def option_name(scenario: Scenario, issue_id: str, option_id: str) -> str:
    """An option's name within its issue (option ids repeat across issues, e.g. 'none')."""
    issue = next((i for i in scenario.issues if i.id == issue_id), None)
    opt = next((o for o in issue.options if o.id == option_id), None) if issue is not None else None
    return (opt.name or opt.id) if opt is not None else option_id


def cost_unit(scenario: Scenario | None) -> str:
    """The unit lever costs are in, per month."""
    return f"{(scenario.meta.cost_unit if scenario is not None else None) or 'cost units'}/month"


def context_lines(
    levers: tuple[str, ...], hypotheses: tuple[str, ...], applied: tuple[str, ...], scenario: Scenario | None = None
) -> Text:
    """Which levers and hypotheses were in force (in names when the scenario is given)."""
    named = names(scenario)
    t = Text()
    t.append("Levers: ", style="bold")
    t.append(name_list(named, levers, sep="; "))
    t.append("\nHypotheses: ", style="bold")
    whole = next(
        (
            hs
            for hs in (scenario.hypothesis_sets if scenario is not None else [])
            if hypotheses and set(hs.hypotheses) == set(hypotheses)
        ),
        None,
    )
    if whole is not None:
        t.append(
            f"{whole.name or whole.id} ({len(hypotheses)} hypotheses"
            + (
                f"; condition not met: {', '.join(h for h in hypotheses if h not in applied)})"
                if set(applied) != set(hypotheses)
                else ")"
            )
        )
    elif hypotheses:
        t.append(", ".join(f"{h}{'' if h in applied else ' (condition not met)'}" for h in hypotheses))
    else:
        t.append("none")
    return t


def theory_name(scenario: Scenario | None, theory: str) -> str:
    """A theory's short name for a table: its name up to a colon ('Lieven'), else its id; 'none' reads as
    'no hypotheses'."""
    if theory == "none":
        return "no hypotheses"
    hs = next((h for h in (scenario.hypothesis_sets if scenario is not None else []) if h.id == theory), None)
    if hs is None or not hs.name:
        return theory
    return hs.name.split(":")[0].strip()


def verdict_text(ev: Evaluation, scenario: Scenario, title: str | None = None) -> Text:
    """The verdict in one line, in names: accepted by every decider, or refused by whom (and what keeps the
    package from the table), with the levers' cost per month in the scenario's unit."""
    named = names(scenario)
    what = title or "The package"
    line = Text()
    if ev.accepted:
        deciders = [v.id for v in ev.actors if v.decides]
        line.append(f"{what}: ACCEPTED by every decider", style="bold green")
        line.append(f" ({name_list(named, deciders)})")
    else:
        line.append(f"{what}: NOT ACCEPTED", style="bold red")
        why = []
        if ev.rejected_by:
            why.append("refused by " + name_list(named, ev.rejected_by))
        if ev.off_table:
            why.append(
                "off the table under these levers (an option some lever unlocks): " + name_list(named, ev.off_table)
            )
        if ev.excluded_by:
            why.append("excluded by constraint(s) " + ", ".join(ev.excluded_by))
        if why:
            line.append(": " + "; ".join(why))
    line.append(f". Levers cost {ev.cost:,.2f} {cost_unit(scenario)}.")
    return line


def evaluation_view(
    ev: Evaluation, scenario: Scenario, params: list[Parameter], title: str | None = None
) -> RenderableType:
    """An evaluation, verdict first: the levers and theory, the package's terms, every actor's verdict and the
    faction breakdown, in the scenario's names."""
    named = names(scenario)
    pkg = Table(title="Package", show_header=True, header_style="bold")
    pkg.add_column("issue", ratio=1)
    pkg.add_column("option", ratio=2)
    for issue in scenario.issues:
        opt = ev.package[issue.id]
        mark = " [dim](status quo)[/]" if opt == issue.status_quo else ""
        mark += " [red](off the table)[/]" if issue.id in ev.off_table else ""
        pkg.add_row(issue.name or issue.id, escape(option_name(scenario, issue.id, opt)) + mark)

    actors = Table(title="Actors (why each verdict: below)", header_style="bold")
    for col in ("actor", "decides", "utility", "reservation", "gain", "verdict"):
        actors.add_column(
            col,
            justify="right" if col in ("utility", "reservation", "gain") else "left",
            **({"overflow": "fold"} if col == "actor" else {"no_wrap": True}),
        )
    for v in ev.actors:
        actors.add_row(
            escape(named.get(v.id, v.id)),
            "yes" if v.decides else "no",
            f"{v.utility:.3f}",
            f"{v.reservation:.3f}",
            f"{v.gain:+.3f}",
            YES if v.accepts else NO,
        )
    parts: list[RenderableType] = [
        verdict_text(ev, scenario, title),
        context_lines(ev.levers, ev.hypotheses, ev.applied_hypotheses, scenario),
        pkg,
        actors,
    ]
    if ev.factions:
        fac = Table(title="Factions (each decider's camps)", header_style="bold")
        for col in ("faction", "of", "weight", "utility", "reservation", "gain", "alone it would"):
            fac.add_column(col, **({"overflow": "fold"} if col in ("faction", "of") else {}))
        for v in ev.factions:
            fac.add_row(
                escape(named.get(v.id, v.id)),
                escape(named.get(v.actor, v.actor)),
                f"{v.weight:.2f}",
                f"{v.utility:.3f}",
                f"{v.reservation:.3f}",
                f"{v.gain:+.3f}",
                YES if v.accepts else NO,
            )
        parts.append(fac)
    why = Text()
    for v in (*ev.actors, *ev.factions):
        for k, reason in enumerate(v.reasons):
            why.append("\n" if why.plain else "")
            if k == 0:
                who = named.get(v.id, v.id) + (f" ({named.get(v.actor, v.actor)})" if v.kind == "faction" else "")
                why.append(f"{who}: ", style="bold")
            else:
                why.append("  ")
            why.append(reason)
    if why.plain:
        parts.append(Text("Why:", style="bold"))
        parts.append(why)
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
        counts.add_row(f"accepted by {escape(scenario.name_of(a))} (reservation {r.reservations[a]:.3f})", f"{n:,}")
    counts.add_row("[bold]accepted by every decider (zone of agreement)[/]", f"[bold]{r.zone:,}[/]")
    counts.add_row("Pareto frontier of the zone (distinct points)", f"{r.frontier_size:,}")

    parts: list[RenderableType] = [context_lines(r.levers, r.hypotheses, r.applied_hypotheses, scenario), counts]
    if r.zone:
        parts.append(solutions_table(r.solutions, scenario))
        front = Table(title=f"Pareto frontier, first {min(top, r.frontier_size)} by total utility", header_style="bold")
        front.add_column("#", justify="right")
        for a in r.deciders:
            front.add_column(escape(scenario.name_of(a)), justify="right")
        front.add_column("differs from the status quo on", ratio=1, overflow="fold")
        for k, pkg in enumerate(r.frontier_packages(scenario, top)):
            diff = escape(package_terms(pkg, scenario))
            front.add_row(str(k + 1), *(f"{u:.3f}" for u in r.frontier_utilities[k]), diff or "-")
        parts.append(front)
    else:
        parts.append(
            Panel(
                "[bold red]No zone of agreement[/]: no package on the table is accepted by every "
                "decider under these levers and hypotheses.",
                expand=False,
            )
        )
    for note in r.notes:
        parts.append(Text(note, style="yellow"))
    how = {
        "merge": "frontier merged issue by issue",
        "groups": "frontier from the fronts of two groups of issues",
        "enumerate": "frontier filtered from every package in the zone",
    }.get(r.method, f"{r.method} frontier")
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
            t.add_row(escape(issue.name or issue.id), *(escape(option_name(scenario, issue.id, o)) for o in row))
    first = next(s for s in solutions.values() if s is not None)
    for a in first.utilities:
        t.add_row(f"[italic]gain: {escape(scenario.name_of(a))}[/]", *(f"{solutions[n].gains[a]:+.3f}" for n in names))  # type: ignore[union-attr]
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
    zone = Table(
        title=f"Zone of agreement: packages every decider accepts (the levers held up to {window} months)",
        header_style="bold",
    )
    label = names(scenario)
    zone.add_column("lever package", ratio=2, overflow="fold")
    zone.add_column(f"cost ({scenario.meta.cost_unit or 'cost units'}/month)", justify="right")
    for th in ov.theories:
        zone.add_column(f"theory: {theory_name(scenario, th)}", justify="right", ratio=1)

    def size(c: Any) -> str:
        if not c.bargain.zone:
            return f"[red]none within {window} months[/]"
        return f"{c.bargain.zone:,}" + (f" from month {c.month}" if c.month else "")

    for lv in ov.lever_packages:
        zone.add_row(
            escape(label.get(lv, lv)),
            f"{ov.cell(lv, ov.theories[0]).cost:.2f}",
            *(size(ov.cell(lv, th)) for th in ov.theories),
        )

    n = next((c.samples for c in ov.cells if c.samples), 0)
    named = Table(
        title="Named packages: accepted by every decider? Per theory, the verdict at the nominal numbers"
        + (f" and (the share of {n:,} sampled scenarios accepting it within the window)" if n else ""),
        header_style="bold",
    )
    named.add_column("package", ratio=1, overflow="fold")
    for lv in ov.lever_packages:
        named.add_column(escape(label.get(lv, lv)), ratio=1, overflow="fold")
    for p in scenario.packages:
        cells = []
        for lv in ov.lever_packages:
            evs = {th: ov.cell(lv, th).packages[p.id] for th in ov.theories}
            if any(ev.off_table for ev in evs.values()):
                off = next(ev for ev in evs.values() if ev.off_table).off_table
                off_names = [scenario.issue(i).name or i for i in off]
                cells.append(f"[dim]off the table ({escape('; '.join(off_names))})[/]")
                continue
            lines = []
            for th, ev in evs.items():
                c = ov.cell(lv, th)
                share = f" ({c.shares[p.id]:.0%})" if p.id in c.shares else ""
                tn = escape(theory_name(scenario, th))
                if ev.accepted:
                    lines.append(f"{tn}: [green]yes[/]{share}")
                else:
                    who = ", ".join(scenario.name_of(a) for a in (ev.rejected_by or ev.excluded_by))
                    lines.append(f"{tn}: [red]no[/]{share}, {escape(who)}")
            cells.append("\n".join(lines))
        named.add_row(escape(p.name or p.id), *cells)

    nash = Table(title="Nash bargaining package per lever package and theory", header_style="bold")
    nash.add_column("lever package", ratio=1, overflow="fold")
    nash.add_column("theory", overflow="fold")
    nash.add_column("terms that differ from the status quo", ratio=3)
    nash.add_column("gains over continued war", ratio=2)
    for lv in ov.lever_packages:
        for theory in ov.theories:
            cell = ov.cell(lv, theory)
            sol = cell.bargain.solutions["nash"]
            lv_name, th_name = escape(label.get(lv, lv)), escape(theory_name(scenario, theory))
            if sol is None:
                nash.add_row(lv_name, th_name, "[red]no zone of agreement[/]", "-")
                continue
            terms = package_terms(sol.package, scenario) or "(status quo)"
            gains = ", ".join(
                f"{scenario.name_of(a)} {g:+.3f}" for a, g in sol.gains.items() if a in cell.bargain.deciders
            )
            warn = "".join(f"\n[bold yellow]warning:[/] {w}" for w in cell.screen)
            nash.add_row(lv_name, th_name, terms + warn, gains)
    return Group(
        zone,
        named,
        nash,
        Text(
            "Details: `accord evaluate --package NAME --levers LEVERS -H THEORY`, "
            "`accord bargain --levers LEVERS -H THEORY`.",
            style="dim",
        ),
        assumptions_line(params),
    )


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
        f"{named[i].name or i} ({scenario.name_of(named[i].by or scenario.mediator or '')})" for i in ids
    )


def course_name(scenario: Scenario | None, course: Any) -> str:
    """An explored course in the scenario's words: its lever package's name under the theory's short name
    ("Solodkyy: pressure Russia and strengthen Ukraine under Solodkyy"); its id without a scenario."""
    if scenario is None:
        return str(course.id)
    from accord.present.headline import theory_name

    lps = {lp.id: lp.name or lp.id for lp in scenario.lever_packages}
    levers = "no levers" if course.levers in (None, "none") else lps.get(course.levers, course.levers)
    th = course.hypotheses
    theory = "the beliefs (one theory drawn per sample)" if th == "beliefs" else theory_name(scenario, th or "none")
    return f"{levers} under {theory}"


def explore_view(r: Any, sens: dict[str, list[Any]] | None = None, scenario: Scenario | None = None) -> RenderableType:
    """Tables of an exploration: probability of a deal per strategy, named packages, failure boxes, sensitivity
    (assumptions named in the scenario's words when it is given)."""

    def words(path: str) -> str:
        return describe(scenario, path) if scenario is not None else path

    def course(s: Any) -> str:
        return course_name(scenario, s.strategy)

    t = Table(
        title=f"Probability of a deal over {r.samples:,} samples ({r.method}, seed {r.seed})", header_style="bold"
    )
    for col in ("strategy", "P(deal)", "95% CI", "P(zone exists)", "proposal"):
        t.add_column(col, justify="right" if col.startswith("P") or col == "95% CI" else "left")
    for s in r.strategies:
        zone = f"{s.p_zone:.2f} (n={s.zone_samples})" if s.zone_samples else "-"
        prop = (
            "none (no zone within the window at the nominal numbers)"
            if s.strategy.proposal is None
            else f"Nash package of the zone opening in month {s.strategy.proposal_month or 0}"
        )
        prop += offer_label(scenario, s.strategy.levers)
        t.add_row(course(s), f"{s.p_deal:.3f}", f"{s.p_deal_ci[0]:.3f}-{s.p_deal_ci[1]:.3f}", zone, prop)
    parts: list[RenderableType] = [t, *(Text(n) for n in getattr(r, "notes", []))]
    if r.named:
        named = Table(title="Probability each named package is accepted by every decider", header_style="bold")
        named.add_column("package")
        for s in r.strategies:
            named.add_column(course(s), justify="right")
        for nm in r.named:
            named.add_row(nm, *(f"{s.p_named[nm]:.3f}" for s in r.strategies))
        parts.append(named)
    q = Table(title="Utility of the proposal: 5th / 50th / 95th percentiles", header_style="bold")
    q.add_column("strategy")
    for a in r.deciders:
        q.add_column(a, justify="right")
    for s in r.strategies:
        if s.utility_quantiles:
            q.add_row(
                course(s),
                *(
                    f"{s.utility_quantiles[a][0]:.2f} / {s.utility_quantiles[a][2]:.2f} / "
                    f"{s.utility_quantiles[a][4]:.2f}"
                    for a in r.deciders
                ),
            )
    parts.append(q)
    for s in r.strategies:
        box = s.failure_box
        if box is None:
            continue
        b = Table(
            title=f"Where {course(s)} fails (PRIM): {box.density:.0%} of samples in this box fail "
            f"(vs {box.base_density:.0%} overall); it holds {box.coverage:.0%} of all failures",
            header_style="bold",
        )
        b.add_column("assumption")
        b.add_column("box", justify="right")
        for name, (lo, hi) in box.limits.items():
            b.add_row(words(name), f"{lo:.3g} to {hi:.3g}")
        parts.append(b)
    for sid, idx in (sens or {}).items():
        st = Table(
            title=f"What decides {sid}: Sobol indices of 'every decider accepts the proposal'", header_style="bold"
        )
        for col in ("uncertainty", "first order", "total", ""):
            st.add_column(col, justify="right" if col in ("first order", "total") else "left")
        for i in sorted(idx, key=lambda i: -i.total):
            st.add_row(
                words(i.group),
                _index(i.first, i.first_conf),
                _index(i.total, i.total_conf),
                "█" * max(0, round(20 * i.total)),
            )
        parts.append(st)
        parts.append(
            Text(
                "Estimates below zero are sampling noise and shown as 0; ± is the 95% interval's "
                "half-width (more base samples narrow it).",
                style="dim",
            )
        )
        if any(i.group == "theory_draw" for i in idx):
            parts.append(
                Text(
                    "Under 'beliefs' the theory drawn in each sample is one more input of the design "
                    "('which theory holds'): its index is the share of the variance that the "
                    "disagreement between the theories explains.",
                    style="dim",
                )
            )
    parts.append(
        Text(
            f"{r.samples_per_second:,.0f} samples x strategies per second ({r.workers}); "
            f"{len(r.parameters)} assumptions sampled.",
            style="dim",
        )
    )
    return Group(*parts)


def _index(value: float, conf: float) -> str:
    """A Sobol index clipped at zero (a negative estimate is noise), with its 95% half-width."""
    return f"{max(0.0, value):.2f} ± {conf:.2f}"


def run_summary_view(run: Any, scenario: Scenario | None = None) -> RenderableType:
    """One stored run in summary: what was run, on which scenario, when, with which options, and its headline
    numbers (each strategy's P(deal)), in the scenario's names when it is given; the full record is `--json`."""
    import datetime as _dt

    when = _dt.datetime.fromtimestamp(run.created, _dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = scenario.meta.title if scenario is not None and scenario.meta.id == run.scenario_id else None
    head = Text()
    head.append(f"Run {run.id}", style="bold")
    head.append(
        f": {run.kind} on {title + ' (' + run.scenario_id + ')' if title else run.scenario_id}, "
        f"scenario version {run.scenario_hash[:8]}; {run.status}"
    )
    head.append(
        f"\nStarted {when}"
        + (f", took {run.seconds:.1f} s" if run.seconds else "")
        + (f"; seed {run.seed}" if run.seed is not None else "")
        + (f"; Accord {run.versions['accord']}" if run.versions.get("accord") else "")
    )
    shown = {k: v for k, v in run.options.items() if v not in (None, "", [], {})}
    if shown:
        head.append(
            "\nOptions: "
            + "; ".join(f"{k} {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in shown.items())
        )
    parts: list[RenderableType] = [head]
    summary = run.summary or {}
    strategies = summary.get("strategies") or []
    if strategies:
        named = names(scenario if title else None)
        t = Table(title="Headline numbers: probability of a deal", header_style="bold")
        t.add_column("strategy", ratio=2, overflow="fold")
        t.add_column("under", ratio=1)
        t.add_column("P(deal)", justify="right", no_wrap=True)
        for st in strategies:
            sid = str(st.get("id", ""))
            what, at, theory = sid.partition("@")
            p = st.get("p_deal")
            t.add_row(
                escape(name_list(named, what.split(", "), "(none)", "; ") if "," in what else named.get(what, what)),
                escape(
                    theory_name(scenario if title else None, theory)
                    if at
                    else ", ".join(
                        theory_name(scenario if title else None, h) for h in run.options.get("hypotheses") or []
                    )
                    or "-"
                ),
                "-" if p is None else f"{p:.3f}",
            )
        parts.append(t)
    extra = [k for k in summary if k != "strategies"]
    if extra:
        parts.append(
            Text(
                "Also stored: " + ", ".join(extra) + f". The full record: `accord runs show {run.id} --json`.",
                style="dim",
            )
        )
    else:
        parts.append(Text(f"The full record: `accord runs show {run.id} --json`.", style="dim"))
    return Group(*parts)


def runs_view(runs: list[Any]) -> Table:
    """The run store's catalogue."""
    t = Table(title="Stored runs", header_style="bold")
    for col in ("id", "kind", "status", "scenario", "samples", "method", "seed", "seconds"):
        t.add_column(col, no_wrap=col == "id")
    for r in runs:
        t.add_row(
            r.id,
            r.kind,
            r.status,
            f"{r.scenario_id} ({r.scenario_hash[:8]})",
            str(r.options.get("samples", "")),
            str(r.options.get("method", "")),
            str(r.seed),
            f"{r.seconds:.1f}" if r.seconds else "-",
        )
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


def proposal_label(scenario: Scenario | None, proposal: str | None, with_theories: bool = False) -> str:
    """A leverage candidate in the scenario's words: a named package's name, or 'Nash package of <lever package
    name> (month m)' for the proposal a lever package makes possible (the analysis names it by ids)."""
    import re

    if proposal is None:
        return "none"
    named = names(scenario)
    m = re.fullmatch(r"Nash package of (\S+) \(theory ([^;]*); month (\S+)\)", proposal)
    if m is None:
        return named.get(proposal, proposal)
    theories = ", ".join(theory_name(scenario, t.strip()) for t in m.group(2).split(","))
    month = m.group(3)
    when = f"month {month}" if month not in ("None", "0") else "month 0"
    return f"Nash package of {named.get(m.group(1), m.group(1))} ({when}" + (
        f"; found under {theories})" if with_theories else ")"
    )


def _levers_cell(named: dict[str, str], levers: tuple[str, ...], first: tuple[str, ...] | None) -> str:
    """The levers pulled, by name; after the first row only what differs from it (+ added, - dropped)."""
    if first is None or tuple(levers) == tuple(first):
        return "\n".join(named.get(lv, lv) for lv in levers) or "(none)"
    plus = [f"+ {named.get(lv, lv)}" for lv in levers if lv not in first]
    minus = [f"- {named.get(lv, lv)}" for lv in first if lv not in levers]
    return "as #1, " + ("\n".join(plus + minus) if plus or minus else "same levers")


def leverage_view(r: Any, scenario: Scenario | None = None) -> RenderableType:
    """The leverage tables in the scenario's names and cost unit: the scenario's lever packages, the best lever
    packages per theory, the robust ones and the probability-cost front."""
    named = names(scenario)
    unit = cost_unit(scenario)

    def th(t: str) -> str:
        return theory_name(scenario, t)

    mediator = named.get(r.mediator, r.mediator)
    head = Text(
        f"Mediator {mediator}: {len(r.mediator_levers)} levers, {r.lever_packages:,} lever packages "
        f"({'all' if r.exhaustive else 'sampled'}); goal '{r.goal}' (ranked by "
        + {
            "deal": "highest P(deal), then lowest cost",
            "cost": "lowest cost among those reaching P(deal) 0.5, then highest P(deal)",
            "lives": "most expected war cost avoided per month, then lowest cost",
        }.get(r.goal, r.goal)
        + ")"
        + (f", budget {r.budget:g} {unit}" if r.budget is not None else "")
        + f"; probability over {r.samples:,} samples that every decider accepts the lever package's proposal "
        "within the window. Costs in "
        + unit
        + "."
        + (f" Other levers held as in the baseline: {name_list(named, r.fixed_levers)}." if r.fixed_levers else "")
    )
    parts: list[RenderableType] = [
        head,
        Text(
            "Candidate proposals: " + "; ".join(proposal_label(scenario, p, with_theories=True) for p in r.proposals),
            style="dim",
        ),
    ]
    factions = list(next(iter(next(iter(r.best.values())))).weights) if r.best and next(iter(r.best.values())) else []
    for theory in r.theories:
        t = Table(title=f"Best lever packages, theory: {th(theory)}", header_style="bold")
        t.add_column("#", justify="right", no_wrap=True)
        t.add_column("P(deal)", justify="right", no_wrap=True)
        t.add_column("cost", justify="right", no_wrap=True)
        t.add_column("zone", justify="right", min_width=5)
        if factions:
            t.add_column("camp weights", justify="right")
            t.caption = "camp weights: " + " / ".join(named.get(f, f) for f in factions)
        t.add_column("proposal", ratio=2, overflow="fold")
        t.add_column("levers pulled", ratio=3, overflow="fold")
        ranked = r.best[theory]
        first = tuple(ranked[0].levers) if ranked else None
        for k, e in enumerate(ranked):
            zone = "-" if e.zone is None else (f"{e.zone:,}" + (f" (month {e.zone_month})" if e.zone_month else ""))
            t.add_row(
                str(k + 1),
                f"{e.p_deal:.3f}",
                f"{e.cost:.2f}",
                zone,
                *([" / ".join(f"{e.weights[f]:.2f}" for f in factions)] if factions else []),
                escape(proposal_label(scenario, e.proposal)) if e.proposal else "[red]none[/]",
                escape(_levers_cell(named, e.levers, None if k == 0 else first)),
            )
        parts.append(t)
    if r.named:
        nt = Table(
            title="The scenario's lever packages: P(deal) and the proposal each makes possible, per theory",
            header_style="bold",
        )
        nt.add_column("lever package", ratio=2, min_width=12, overflow="fold")
        nt.add_column("cost", justify="right", no_wrap=True)
        for theory in r.theories:
            nt.add_column(f"theory: {th(theory)}", ratio=2, min_width=12, overflow="fold")
        for lp, per in r.named.items():
            first_row = next(iter(per.values()))
            nt.add_row(
                escape(named.get(lp, lp)),
                f"{first_row.cost:.2f}",
                *(
                    f"{per[t].p_deal:.3f}"
                    + (
                        f"\n[dim]{escape(proposal_label(scenario, per[t].proposal))}[/]"
                        if per[t].proposal
                        else "\n[dim]no proposal[/]"
                    )
                    for t in r.theories
                ),
            )
        parts.insert(1, nt)
    f = Table(
        title=f"Cheapest way to each probability of a deal (Pareto front of P(deal) against cost, {unit})",
        header_style="bold",
    )
    f.add_column("theory", min_width=8)
    f.add_column("cost -> P(deal)", ratio=1)
    for theory in r.theories:
        f.add_row(th(theory), "   ".join(f"{e.cost:.2f} -> {e.p_deal:.2f}" for e in r.front[theory]))
    parts.append(f)
    rb = Table(title="Robust lever packages: best worst-case P(deal) across the theories", header_style="bold")
    rb.add_column("worst P(deal)", justify="right", min_width=6)
    for theory in r.theories:
        rb.add_column(th(theory), justify="right", min_width=6)
    rb.add_column("levers pulled", ratio=1, min_width=20, overflow="fold")
    for levers, worst, per in r.robust:
        rb.add_row(
            f"{worst:.3f}", *(f"{per[t]:.3f}" for t in r.theories), escape(name_list(named, levers, "(none)", "; "))
        )
    parts.append(rb)
    for n in r.notes:
        parts.append(Text(n, style="yellow"))
    parts.append(
        Text(
            f"{r.lever_packages * r.samples * len(r.theories):,} lever-package x sample x theory "
            f"judgements in {r.seconds:.1f} s",
            style="dim",
        )
    )
    return Group(*parts)


def _changes(timeline: list[Any], deciders: list[str]) -> list[tuple[str, int, int, Any]]:
    """The months worth a row: the first, and each in which something differs from the month before (who is
    negotiating, the shares accepting as printed, the proposer, the proposal, the events) or a deal is made;
    each run of quiet months between them as one ('quiet', first, last, None) entry."""

    def key(m: Any) -> tuple[Any, ...]:
        return (
            m.negotiating,
            tuple(f"{m.acceptance.get(a, 0):.0%}" for a in deciders),
            m.proposer,
            tuple(sorted((m.proposal or {}).items())),
            tuple(m.events),
        )

    out: list[tuple[str, int, int, Any]] = []
    prev = None
    for m in timeline:
        k = key(m)
        if prev is None or k != prev or m.deals:
            out.append(("month", m.month, m.month, m))
        elif out and out[-1][0] == "quiet":
            out[-1] = ("quiet", out[-1][1], m.month, None)
        else:
            out.append(("quiet", m.month, m.month, None))
        prev = k
    return out


def simulation_view(r: Any, scenario: Scenario, nominal: Any = None) -> RenderableType:
    """A simulation in words: the proposal, each month's acceptance and events, who refused and why (at the
    nominal numbers), and the distribution of months to a deal and of its cost, with units."""
    unit = scenario.meta.cost_unit or "cost units"
    st = next((x for x in scenario.strategies if x.id == r.strategy), None)
    theory = ", ".join(theory_name(scenario, h) for h in r.hypotheses) or "no hypotheses"
    head = Text()
    head.append(f"{st.name if st and st.name else r.strategy}", style="bold")
    head.append(
        f"  ({r.procedure}; under {theory}; {r.runs:,} run(s)"
        + (" with sampled numbers" if r.runs > 1 else " at the nominal numbers")
        + f"; {r.months} months)"
    )
    parts: list[RenderableType] = [head]
    deciders = list(r.timeline[0].acceptance) if r.timeline and r.timeline[0].acceptance else []
    t = Table(
        header_style="bold",
        title="Month by month: only the months in which something changes"
        + (" (accepts: share of the runs still negotiating)" if deciders else ""),
    )
    t.add_column("month", justify="right", no_wrap=True)
    t.add_column("runs negotiating", justify="right", min_width=5)
    for a in deciders:
        t.add_column(f"{scenario.name_of(a)} accepts", justify="right", min_width=6)
    t.add_column("deals", justify="right", no_wrap=True)
    t.add_column("events", ratio=1, min_width=24, overflow="fold")
    shown: list[tuple[int, dict[str, str]]] = []
    last = None
    for m in r.timeline:
        if m.proposal != last:
            shown.append((m.month, m.proposal))
            last = m.proposal
    for kind, first, end, m in _changes(r.timeline, deciders):
        if kind == "quiet":
            span = f"{first}" if first == end else f"{first}-{end}"
            t.add_row(
                span,
                "",
                *("" for _ in deciders),
                "",
                f"[dim]{'month' if first == end else 'months'} {span}: nothing changes[/]",
            )
            continue
        who = f"{scenario.name_of(m.proposer)} proposes. " if m.proposer else ""
        t.add_row(
            str(m.month),
            f"{m.negotiating:,}",
            *(f"{m.acceptance.get(a, 0):.0%}" for a in deciders),
            f"{m.deals:,}",
            escape(who + "; ".join(m.events)),
        )
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
    runs = len(r.deal_month)
    if runs == 1:  # one run at the nominal numbers: a verdict, not a share (`--samples N` gives one)
        summary.add_row(
            "deal within the horizon (one run at the nominal numbers; --runs N for a share)",
            f"yes, month {int(r.deal_month[0])}" if r.deal_month[0] >= 0 else "no",
        )
    else:
        summary.add_row(f"runs reaching a deal within the horizon (of {runs:,})", f"{r.p_deal:.1%}")
    if q[1] is not None and runs > 1:
        summary.add_row("months to a deal (10th / 50th / 90th percentile)", f"{q[0]:g} / {q[1]:g} / {q[2]:g}")
    summary.add_row(
        "cost of delay: deciders' war cost (utility, summed over the months without a deal; mean)",
        f"{r.war_cost.mean():.3f}",
    )
    summary.add_row(
        f"cost of delay: lever costs ({unit}, summed over the months without a deal; mean)",
        f"{r.lever_cost.mean():,.1f}",
    )
    parts.append(summary)
    parts.append(Text(f"{r.seconds:.2f} s", style="dim"))
    return Group(*parts)
