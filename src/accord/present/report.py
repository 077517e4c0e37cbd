"""The self-contained HTML report (and its PDF): every analysis Accord has, as tables and inline SVG charts.

It renders a results bundle (`accord.analyses.bundle`); it computes nothing itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from accord.analyses.bundle import Depth, Focus, ReportParts, Results, choose_focus, detail, for_report
from accord.analyses.frames import names_of
from accord.errors import AccordError
from accord.model.situation import resolve_hypotheses, resolve_levers
from accord.present import figures
from accord.present.render import theory_name
from accord.scenario.paths import describe, parameters
from accord.scenario.schema import Scenario

__all__ = ["Depth", "Focus", "build_report", "choose_focus", "render_report", "write_pdf"]

_env = Environment(
    loader=PackageLoader("accord", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


DEFAULT_DEPTH = Depth()  # the report's sampling depth unless told (a frozen dataclass: one shared instance)


def build_report(
    scenario: Scenario,
    levers: str | None = None,
    theory: str | None = None,
    depth: Depth | None = DEFAULT_DEPTH,
    bundle: Results | None = None,
    store: Any = None,
) -> str:
    """The report as one HTML string with every figure embedded (no network needed to view it).

    With `bundle` (`accord.analyses.bundle`), the report renders it: the findings and zones are the ones
    `accord run` computed; only the report's own parts it lacks are computed (and kept in it, in `store` if
    given). Without, a bundle is computed with `depth`'s simulated runs. With `depth=None` the report leaves
    out the sampled analyses (leverage, explore, simulate).
    """
    return render_report(scenario, for_report(scenario, depth, bundle, store), levers, theory, depth)


def render_report(
    scenario: Scenario,
    bundle: Results,
    levers: str | None = None,
    theory: str | None = None,
    depth: Depth | None = DEFAULT_DEPTH,
) -> str:
    """Render a bundle holding the report's parts at `depth` (see `build_report`) as the report's HTML."""
    ov = bundle.overview
    parts = bundle.parts[depth]
    view = detail(scenario, ov, levers, theory)
    focus = view.focus
    cell = ov.cell(focus.levers, focus.theory)
    figs = {
        "frontier": figures.frontier_figure(scenario, cell.bargain, view.cloud) if cell.bargain.deciders else "",
        "zones": figures.zone_heatmap(ov),
        "packages": figures.packages_figure(scenario, cell.packages) if cell.packages else "",
        "weights": figures.faction_weights_figure(scenario, view.weights, list(ov.lever_packages), list(ov.theories))
        if any(a.factions for a in scenario.actors)
        else "",
    }
    extra = _sampled_analyses(parts, figs) if depth is not None else {}
    extra.update(_stability(parts, figs))
    extra.update(_forecast(scenario, parts, figs))
    extra.update(_findings_data(scenario, bundle))
    extra.update(_findings_text(scenario, extra, figs))
    red_lines = []
    for a in scenario.actors:
        red_lines += [(a.id, a.id, rl) for rl in a.red_lines]
        red_lines += [(a.id, f.id, rl) for f in a.factions for rl in f.red_lines]
    sources = {s.id: s for s in scenario.sources}
    return _env.get_template("report.html.j2").render(
        s=scenario,
        ov=ov,
        focus=focus,
        cell=cell,
        figs=figs,
        red_lines=red_lines,
        sources=sources,
        params=parameters(scenario),
        colours=figures.actor_colours(scenario),
        levers_in_focus=resolve_levers(scenario, focus.levers),
        hypotheses_in_focus=resolve_hypotheses(scenario, view.spec),
        fmt_when=_fmt_when,
        depth=depth,
        words=lambda path: describe(scenario, path),
        strategy_names={st.id: st.name or st.id for st in scenario.strategies},
        names=names_of(scenario),
        theory_name=lambda th: theory_name(scenario, th),
        **extra,
    )


def _sampled_analyses(parts: ReportParts, figs: dict[str, str]) -> dict[str, Any]:
    """Leverage, exploration, sensitivity and simulation, where the scenario had what they need."""
    out: dict[str, Any] = {}
    if parts.explored is not None:
        out["explored"] = parts.explored
        figs["deal"] = figures.deal_probability_figure(parts.explored)
    if parts.sensitivity:
        out["sensitivity"] = parts.sensitivity
        figs["sensitivity"] = figures.sensitivity_figure(parts.sensitivity)
    if parts.leverage_error is not None:
        out["leverage_error"] = parts.leverage_error
    if parts.leverage is not None:
        out["leverage"] = parts.leverage
        figs["leverage"] = figures.leverage_figure(parts.leverage)
    if parts.simulations is not None:
        out["simulations"] = parts.simulations
        figs["timeline"] = figures.timeline_figure(parts.simulations)
    return out


def _findings_data(scenario: Scenario, bundle: Results) -> dict[str, Any]:
    """The summary the report opens with: strategies ranked under each theory, the claims' check, the evidence
    and the value of information (with no strategies, the claims alone)."""
    found = bundle.findings
    if scenario.strategies:
        return {"findings": found, "claims": found.claims, "evidence": found.evidence, "voi": found.voi}
    if scenario.claims:
        return {"claims": found.claims}
    return {}


def _findings_text(scenario: Scenario, data: dict[str, Any], figs: dict[str, str]) -> dict[str, Any]:
    """The summary's sentences and charts."""
    from accord.present.evidence_view import verdict_line, voi_line

    out: dict[str, Any] = {}
    if data.get("findings") is not None and scenario.strategies:
        figs["findings"] = figures.findings_figure(data["findings"])
    if data.get("evidence") is not None:
        out["evidence_line"] = verdict_line(data["evidence"], scenario).plain
        figs["evidence"] = figures.evidence_figure(data["evidence"])
    if data.get("voi") is not None:
        out["voi_line"] = voi_line(data["voi"], scenario).plain
        figs["voi"] = figures.voi_figure(data["voi"])
    return out


def _stability(parts: ReportParts, figs: dict[str, str]) -> dict[str, Any]:
    """The scenario's graph model (GMCR): equilibria per concept, coalitions, and the graph of improvements."""
    if parts.stability is None:
        return {}
    from accord.present.stability_view import stability_json

    g, rep = parts.stability
    figs["stability"] = figures.stability_figure(rep, "seq")
    data = stability_json(rep)
    rows = {row["state"]: row for row in data.get("table", [])}
    shown = [lab for lab in data["equilibria"].get("nash", [])] + [
        lab for lab in data["equilibria"].get("seq", []) if lab not in data["equilibria"].get("nash", [])
    ]
    nash = set(rep.equilibria().get("nash", []))
    coal = [
        (
            " + ".join(g.dms[i] for i in c.members),
            [(g.labels[a], g.labels[b]) for a, b in c.improvement.items() if a in nash],
        )
        for c in rep.coalitions
    ]
    return {
        "stab": data,
        "stab_rows": [rows[lab] for lab in shown if lab in rows],
        "stab_patterns": {g.labels[k]: g.taken(k) for k in range(g.n)},
        "stab_coalitions": [(name, moves) for name, moves in coal if moves],
    }


def _forecast(scenario: Scenario, parts: ReportParts, figs: dict[str, str]) -> dict[str, Any]:
    """Expected-utility forecasts of the ordered issues under each lever package and matching theory."""
    results = parts.forecasts
    if not results:
        return {}
    last = [r for r in results if r.condition == results[-1].condition]
    figs["forecast"] = figures.forecast_figure(last, figures.actor_colours(scenario), names_of(scenario))
    issues = list(dict.fromkeys(r.issue for r in results))
    conds = list(dict.fromkeys(r.condition for r in results))
    table = {(r.issue, r.condition): r for r in results}
    return {"fc_issues": issues, "fc_conditions": conds, "fc": table}


def _fmt_when(when: dict[str, Any]) -> str:
    return " and ".join(f"{i} = {o if isinstance(o, str) else ' or '.join(o)}" for i, o in when.items())


def write_pdf(html: str, path: Path) -> None:
    """Render the report HTML to PDF (needs the `pdf` extra: WeasyPrint)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:
        raise AccordError(f"PDF output needs WeasyPrint: pip install 'accord[pdf]' (import failed: {exc})") from None
    HTML(string=html).write_pdf(str(path))
