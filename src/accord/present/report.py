"""The self-contained HTML report (and its PDF): every analysis Accord has, as tables and inline SVG charts."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from accord.errors import AccordError
from accord.model.situation import resolve_hypotheses, resolve_levers, situate, theories
from accord.present import figures
from accord.analyses.cloud import package_cloud
from accord.present.overview import Overview, overview
from accord.scenario.paths import describe, parameters
from accord.scenario.schema import Scenario
from accord.workers import pool as worker_pool

_env = Environment(loader=PackageLoader("accord", "templates"), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Focus:
    """The lever package and theory the report shows in detail."""

    levers: str
    theory: str
    chosen_by: str


def choose_focus(ov: Overview, levers: str | None, theory: str | None) -> Focus:
    """The cell named by the user, or else the one with the largest zone under any author's theory."""
    if levers is not None or theory is not None:
        lv = levers or ov.lever_packages[0]
        th = theory or ov.theories[-1]
        if lv not in ov.lever_packages or th not in ov.theories:
            raise AccordError(f"the report details a named lever package ({', '.join(ov.lever_packages)}) "
                              f"under a theory ({', '.join(ov.theories)})")
        return Focus(lv, th, "chosen by the user")
    theories = [t for t in ov.theories if t != "none"] or list(ov.theories)
    lv, th = max(((x, t) for t in theories for x in ov.lever_packages), key=lambda c: ov.cell(*c).bargain.zone)
    return Focus(lv, th, f"the lever package with the largest zone of agreement under any theory ('{th}')")


@dataclass(frozen=True)
class Depth:
    """How much sampling the report's uncertainty sections do (more: slower, steadier numbers)."""

    explore_samples: int = 5000
    leverage_samples: int = 500
    sobol_base: int = 512
    simulate_runs: int = 200
    months: int = 24


def build_report(scenario: Scenario, levers: str | None = None, theory: str | None = None,
                 depth: Depth | None = Depth()) -> str:
    """The report as one HTML string with every figure embedded (no network needed to view it).

    With `depth=None` the report leaves out the sampled analyses (leverage, explore, simulate).
    """
    # The findings (strategies played out under every theory) and everything else are independent: with two
    # cores or more the findings start at once in a second process, and the rest is built meanwhile.
    pool = worker_pool(1) if (os.cpu_count() or 1) > 1 and depth is not None else None
    try:
        pending = pool.submit(_findings_data, scenario, depth) if pool is not None else None
        return _build(scenario, levers, theory, depth, pending)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _build(scenario: Scenario, levers: str | None, theory: str | None, depth: Depth | None, pending: Any) -> str:
    """The report's HTML, the findings coming from `pending` (a future) when they run elsewhere."""
    ov = overview(scenario)
    focus = choose_focus(ov, levers, theory)
    cell = ov.cell(focus.levers, focus.theory)
    spec = dict(_theory_specs(scenario))[focus.theory]
    sit = situate(scenario, focus.levers, spec)
    cloud = package_cloud(sit, 2500, seed=0)
    weights = {}
    for lv in ov.lever_packages:
        for th, hs in _theory_specs(scenario):
            weights[(lv, th)] = situate(scenario, lv, hs).weights
    figs = {
        "frontier": figures.frontier_figure(scenario, cell.bargain, cloud) if cell.bargain.deciders else "",
        "zones": figures.zone_heatmap(ov),
        "packages": figures.packages_figure(scenario, cell.packages) if cell.packages else "",
        "weights": figures.faction_weights_figure(scenario, weights, list(ov.lever_packages), list(ov.theories))
        if any(a.factions for a in scenario.actors) else "",
    }
    extra = _sampled_analyses(scenario, depth) if depth is not None else {}
    figs.update(extra.pop("figs", {}))
    extra.update(_stability(scenario, figs))              # while the findings are still running elsewhere
    extra.update(_forecast(scenario, figs))
    extra.update(pending.result() if pending is not None else _findings_data(scenario, depth))
    extra.update(_findings_text(scenario, extra, figs))
    red_lines = []
    for a in scenario.actors:
        red_lines += [(a.id, a.id, rl) for rl in a.red_lines]
        red_lines += [(a.id, f.id, rl) for f in a.factions for rl in f.red_lines]
    sources = {s.id: s for s in scenario.sources}
    return _env.get_template("report.html.j2").render(
        s=scenario, ov=ov, focus=focus, cell=cell, figs=figs, red_lines=red_lines, sources=sources,
        params=parameters(scenario), colours=figures.actor_colours(scenario),
        levers_in_focus=resolve_levers(scenario, focus.levers),
        hypotheses_in_focus=resolve_hypotheses(scenario, spec), fmt_when=_fmt_when, depth=depth,
        words=lambda path: describe(scenario, path), strategy_names={st.id: st.name or st.id for st in scenario.strategies},
        **extra,
    )


def _sampled_analyses(scenario: Scenario, depth: Depth) -> dict[str, Any]:
    """Leverage, exploration, sensitivity and simulation, where the scenario has what they need."""
    from accord.analyses.explore import explore
    from accord.analyses.leverage import leverage
    from accord.analyses.sensitivity import deal_sensitivity
    from accord.analyses.simulate import simulate

    out: dict[str, Any] = {"figs": {}}
    if scenario.uncertainties and scenario.lever_packages:
        explored = explore(scenario, depth.explore_samples, seed=0, workers=1, exact=10)
        out["explored"] = explored
        out["figs"]["deal"] = figures.deal_probability_figure(explored)
        with_proposal = [s for s in explored.strategies if s.strategy.proposal is not None]
        best = sorted(with_proposal, key=lambda s: -s.p_deal)[:2]
        if best:
            sens = {s.strategy.id: [replace(i, group=describe(scenario, i.group), first=max(0.0, i.first))
                                    for i in deal_sensitivity(scenario, s.strategy, depth.sobol_base, 0)]
                    for s in best}
            out["sensitivity"] = sens
            out["figs"]["sensitivity"] = figures.sensitivity_figure(sens)
    if scenario.mediator and any(lv.by == scenario.mediator for lv in scenario.levers):
        try:
            lev = leverage(scenario, samples=depth.leverage_samples, top=5)
        except AccordError as exc:
            out["leverage_error"] = str(exc)
        else:
            out["leverage"] = lev
            out["figs"]["leverage"] = figures.leverage_figure(lev)
    if scenario.strategies:
        theories = [hs.id for hs in scenario.hypothesis_sets] or [None]
        sims = {f"{st.id}@{th or 'none'}": simulate(scenario, st.id, th, months=depth.months,
                                                    runs=depth.simulate_runs, seed=0)
                for th in theories for st in scenario.strategies}
        out["simulations"] = sims
        out["figs"]["timeline"] = figures.timeline_figure(sims)
    return out


def _findings_data(scenario: Scenario, depth: Depth | None) -> dict[str, Any]:
    """The summary the report opens with: strategies ranked under each theory, the claims' check, the evidence
    and the value of information (computed only: picklable, so it can run in another process)."""
    from accord.analyses.claims import check
    from accord.analyses.findings import findings

    samples = depth.simulate_runs if depth is not None else 0
    if scenario.strategies:
        found = findings(scenario, samples=samples, seed=0)
        return {"findings": found, "claims": found.claims, "evidence": found.evidence, "voi": found.voi}
    if scenario.claims:
        return {"claims": check(scenario, samples=samples)}
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


def _stability(scenario: Scenario, figs: dict[str, str]) -> dict[str, Any]:
    """The scenario's graph model (GMCR): equilibria per concept, coalitions, and the graph of improvements."""
    if scenario.stability is None:
        return {}
    from accord.present.stability_view import stability_json
    from accord.stability.analysis import run
    from accord.stability.graph import compile_model

    g = compile_model(scenario.stability, ("stability",))
    rep = run(g, nonmyopic=True, coalitions=g.n <= 1024, start=g.status_quo)
    figs["stability"] = figures.stability_figure(rep, "seq")
    data = stability_json(rep)
    rows = {row["state"]: row for row in data.get("table", [])}
    shown = [lab for lab in data["equilibria"].get("nash", [])] + \
        [lab for lab in data["equilibria"].get("seq", []) if lab not in data["equilibria"].get("nash", [])]
    nash = set(rep.equilibria().get("nash", []))
    coal = [(" + ".join(g.dms[i] for i in c.members),
             [(g.labels[a], g.labels[b]) for a, b in c.improvement.items() if a in nash]) for c in rep.coalitions]
    return {"stab": data, "stab_rows": [rows[lab] for lab in shown if lab in rows],
            "stab_patterns": {g.labels[k]: g.taken(k) for k in range(g.n)},
            "stab_coalitions": [(name, moves) for name, moves in coal if moves]}


def _forecast(scenario: Scenario, figs: dict[str, str]) -> dict[str, Any]:
    """Expected-utility forecasts of the ordered issues under each lever package and matching theory."""
    from accord.forecast import conditions, forecast, ordered_issues

    if not ordered_issues(scenario) or not any(a.capability for a in scenario.actors):
        return {}
    results = []
    for name, lv, th in conditions(scenario):
        results += forecast(scenario, None, lv, th, condition=name)
    last = [r for r in results if r.condition == results[-1].condition]
    figs["forecast"] = figures.forecast_figure(last, figures.actor_colours(scenario))
    issues = list(dict.fromkeys(r.issue for r in results))
    conds = list(dict.fromkeys(r.condition for r in results))
    table = {(r.issue, r.condition): r for r in results}
    return {"fc_issues": issues, "fc_conditions": conds, "fc": table}


def _theory_specs(scenario: Scenario) -> list[tuple[str, str | None]]:
    return theories(scenario)


def _fmt_when(when: dict[str, Any]) -> str:
    return " and ".join(f"{i} = {o if isinstance(o, str) else ' or '.join(o)}" for i, o in when.items())


def write_pdf(html: str, path: Path) -> None:
    """Render the report HTML to PDF (needs the `pdf` extra: WeasyPrint)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:
        raise AccordError("PDF output needs WeasyPrint: pip install 'accord[pdf]' "
                          f"(import failed: {exc})") from None
    HTML(string=html).write_pdf(str(path))
