"""The evidence and the value of information as tables and sentences in the scenario's words. No computation."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from accord.analyses.evidence import EvidenceReport, decides, implied_log10_bf, jeffreys
from accord.analyses.voi import VoiResult
from accord.scenario.schema import Scenario


def event_text(event: Any) -> str:
    """An event as a sentence, without its final stop: an event that did not happen says so first, so that a
    reader does not take "sanctions lowered what Moscow holds out for" for the record."""
    said = event.statement.rstrip(".")
    if event.observed:
        return said
    head = said[:1].lower() if said[1:2].islower() else said[:1]  # "Under ..." reads on; "US ..." keeps its case
    return f"did not happen: {head}{said[1:]}"


def _short(scenario: Scenario, theory: str) -> str:
    """A theory's short name: its id capitalised (the names are whole sentences)."""
    return theory.capitalize() if theory != "none" else "no hypotheses"


def verdict_line(r: EvidenceReport, scenario: Scenario) -> Text:
    """One sentence: which theory the record favours, how strongly, and the events that carry it."""
    fav = r.favoured
    others = [t for t in r.theories if t != fav]
    line = Text()
    if r.interpreted and r.observed_posterior:
        # what decisions rest on first: the observations alone; then the record with the authors' readings
        line.append(_observed_sentence(r, scenario))
        line.append(" ")
    weak = bool(others) and not decides(_log10(r.bayes_factor(fav, others[0])))
    readings = "reading" if len(r.interpreted) == 1 else "readings"
    whole = (
        f"With the authors' {len(r.interpreted)} {readings} too, the record ({len(r.events)} events)"
        if r.interpreted and r.observed_posterior
        else f"The record ({len(r.events)} events)"
    )
    if weak:
        line.append(f"{whole} does not decide between the theories: ", style="bold")
    else:
        line.append(f"{whole} favours {_short(scenario, fav)}: ", style="bold")
    line.append(", ".join(f"{_short(scenario, t)} {r.posterior[t]:.0%}" for t in r.theories) + " after ")
    line.append(", ".join(f"{_short(scenario, t)} {r.prior[t]:.0%}" for t in r.theories) + " before")
    if others:
        lbf = float(_log10(r.bayes_factor(fav, others[0])))
        line.append(f" (Bayes factor {10**lbf:,.1f}, {jeffreys(lbf)}). ")
        carried = [e for e in r.carried_by(2) if abs(e.log10_bf(fav, others[0])) >= 0.3]
        if carried:
            authors = {s.id: s.author or s.id for s in scenario.sources}

            def said(e: Any) -> str:
                side = fav if e.log10_bf(fav, others[0]) > 0 else others[0]
                who = f", as {authors[e.event.source]} reports it" if e.event.source in authors else ""
                return (
                    f"{event_text(e.event)} "
                    f"(for {_short(scenario, side)}{who}; without it {_short(scenario, fav)} "
                    f"{r.without[e.event.id][fav]:.0%})"
                )

            line.append(
                ("The events that weigh most: " if weak else "Carried by: ") + "; ".join(said(e) for e in carried) + "."
            )
    return line


def _observed_sentence(r: EvidenceReport, scenario: Scenario) -> Text:
    """The posterior from observations only (the authors' interpreted readings left out), with its Bayes factor."""
    post = r.observed_posterior
    fav = max(r.theories, key=lambda t: post.get(t, 0.0))
    others = [t for t in r.theories if t != fav]
    n = len(r.events) - len(r.interpreted)
    events = "event" if n == 1 else "events"
    out = Text()
    lbf = implied_log10_bf(post, r.prior, fav, others[0]) if others else None
    if lbf is not None:
        verb = f"favour {_short(scenario, fav)}" if decides(lbf) else "do not decide between the theories"
        tail = f" (Bayes factor {10**lbf:,.1f}, {jeffreys(lbf)})."
    else:
        verb, tail = f"favour {_short(scenario, fav)}", "."
    out.append(f"The observations ({n} {events}, the authors' readings left out) {verb}: ", style="bold")
    out.append(", ".join(f"{_short(scenario, t)} {post.get(t, 0.0):.0%}" for t in r.theories) + " after ")
    out.append(", ".join(f"{_short(scenario, t)} {r.prior[t]:.0%}" for t in r.theories) + " before" + tail)
    return out


def _log10(x: float) -> float:
    import math

    return math.log10(x) if x > 0 else float("-inf")


def evidence_view(r: EvidenceReport, scenario: Scenario) -> RenderableType:
    """The verdict, each event's weight, the hindcast's scores, and what to watch next."""
    parts: list[RenderableType] = [Text("Evidence", style="bold underline")]
    parts.append(verdict_line(r, scenario))
    sources = {s.id: s.author or s.id for s in scenario.sources}
    a, b = (sorted(r.theories, key=lambda t: -r.posterior[t]) + [None])[:2]
    t = Table(
        header_style="bold",
        show_lines=True,
        title="Events of the record: what each theory predicted (per "
        "theory, the share of its sampled scenarios predicting what happened)",
    )
    t.add_column("date", no_wrap=True)
    t.add_column("event (source)", ratio=1, overflow="fold")
    t.add_column("observed", max_width=9)
    for th in r.theories:
        t.add_column(_short(scenario, th), justify="right", max_width=9)
    if b is not None:
        t.add_column(f"weight for {_short(scenario, a)}", max_width=13)
    for e in r.events:
        ev = e.event
        text = Text(ev.statement)
        if ev.id in r.interpreted:
            text.append(" [an author's reading: left out of the observations-only posterior]", style="italic")
        src = sources.get(ev.source or "", "")
        if src:
            text.append(f" ({src})", style="dim")
        if ev.quote:
            text.append(f'\n"{ev.quote}"', style="italic dim")
        row = [ev.date, text, "happened" if ev.observed else "did not happen"]
        for th in r.theories:
            p = e.predicted[th] if ev.observed else 1 - e.predicted[th]
            row.append(f"{p:.0%} of {e.samples:,}")
        if b is not None:
            lbf = e.log10_bf(a, b)
            word = jeffreys(lbf)
            row.append(f"{lbf:+.2f} ({word})" if abs(lbf) >= 0.05 else "none")
        t.add_row(*row)
    parts.append(t)
    h = r.hindcast
    if h is not None:
        parts.append(
            Text(
                f"Hindcast from {h.as_of} ({len(h.forecasts)} later events, theories weighed then "
                + ", ".join(f"{_short(scenario, k)} {v:.0%}" for k, v in h.posterior_then.items())
                + f"): Brier score {h.brier['model']:.3f} against {h.brier['no change']:.3f} for no change and "
                f"{h.brier['base rate']:.3f} for the base rate (lower is better); mean log score "
                f"{h.log_score['model']:.2f} against {h.log_score['no change']:.2f} and {h.log_score['base rate']:.2f} "
                "(higher is better)."
            )
        )
    if r.watch:
        w = Table(
            header_style="bold",
            title="What to watch: observations that would move the posterior most",
            show_edge=False,
            box=None,
        )
        w.add_column("observation", ratio=2, overflow="fold")
        w.add_column("chance it holds", justify="right", max_width=7)
        w.add_column("expected change", justify="right", max_width=8)
        w.add_column("if it holds", ratio=1)
        w.add_column("if not", ratio=1)
        for x in r.watch[:6]:
            w.add_row(
                x.statement + (" (a future event)" if x.what == "event" else ""),
                f"{x.p_holds:.0%}",
                f"{x.expected_change:.0%}",
                _posterior(scenario, x.if_holds),
                _posterior(scenario, x.if_not),
            )
        parts.append(w)
    parts.append(
        Text(
            "; ".join(r.notes) + f". Over {r.samples:,} sampled scenarios; {r.seconds:.1f} s. An event "
            "an author reads one way (e.g. Moscow 'emboldened') counts as that author reports it: see the "
            "posterior without it in the verdict.",
            style="dim",
        )
    )
    return Group(*parts)


def _posterior(scenario: Scenario, p: dict[str, float]) -> str:
    return ", ".join(f"{_short(scenario, k)} {v:.0%}" for k, v in p.items())


def voi_line(r: VoiResult, scenario: Scenario) -> Text:
    """One sentence: the unknown most worth learning, its value against the EVPI."""
    line = Text()
    top = r.top
    if top is None or r.evpi <= 0:
        line.append("Nothing is worth learning before choosing: ", style="bold")
        line.append(f"{r.names[r.best]} is best, or as good as any option, in every sampled case ({r.goal}).")
        return line
    line.append("Most worth learning before choosing: ", style="bold")
    weights = ", ".join(f"{_short(scenario, k)} {v:.0%}" for k, v in r.weights.items())
    how = "by prior belief"
    if r.beliefs.startswith("posterior"):
        how = "as the record leaves them" + (" (from observations only)" if r.beliefs != "posterior" else "")
    line.append(
        f"{top.name}: {top.value:.3g} of the {r.evpi:.3g} {r.unit} that knowing everything would add "
        f"(theories weighed {how}: {weights}; `accord voi` for every unknown). Best choice without it: "
        f"{r.names[r.best]}."
    )
    return line


def voi_view(r: VoiResult, scenario: Scenario, *, top: int = 12) -> RenderableType:
    """The options' expected values per theory, EVPI, and the unknowns by EVPPI."""
    parts: list[RenderableType] = [Text("Value of information", style="bold underline"), voi_line(r, scenario)]
    o = Table(
        header_style="bold",
        title=f"The options ({r.goal}: {r.unit}; theories weighed "
        + ", ".join(f"{_short(scenario, k)} {v:.0%}" for k, v in r.weights.items())
        + ")",
        show_edge=False,
        box=None,
    )
    o.add_column("option", ratio=3)
    o.add_column("expected", justify="right", no_wrap=True)
    for th in r.by_theory:
        o.add_column(f"if {_short(scenario, th)} is right", justify="right", no_wrap=True)
    sign = -1.0 if r.goal in ("months", "cost", "lives") else 1.0
    for opt in r.options:
        mark = " (best)" if opt == r.best else ""
        o.add_row(
            r.names[opt] + mark,
            f"{sign * r.expected[opt]:,.3g}",
            *[f"{sign * r.by_theory[th][opt]:,.3g}" for th in r.by_theory],
        )
    parts.append(o)
    parts.append(
        Text(f"EVPI (everything known before choosing): {r.evpi:.3g} {r.unit} (standard error {r.evpi_se:.2g}).")
    )
    t = Table(header_style="bold", title="EVPPI: the value of learning one unknown", show_edge=False, box=None)
    t.add_column("unknown", ratio=3)
    t.add_column("kind", no_wrap=True)
    t.add_column(f"EVPPI ({r.unit})", justify="right", no_wrap=True)
    t.add_column("share of EVPI", justify="right", no_wrap=True)
    t.add_column("se", justify="right", no_wrap=True)
    t.add_column("noise floor", justify="right", no_wrap=True)
    for v in r.values[:top]:
        mark = " (cut)" if v.clipped else " (noise)" if v.kind != "theory" and 0 < v.value <= v.floor else ""
        t.add_row(
            v.name,
            v.kind,
            f"{v.value:.3g}{mark}",
            f"{v.value / r.evpi:.0%}" if r.evpi > 0 else "-",
            f"{v.se:.2g}",
            "exact" if v.kind == "theory" else f"{v.floor:.2g}",
        )
    parts.append(t)
    parts.append(Text("; ".join(r.notes) + f". Over {r.samples:,} sampled scenarios; {r.seconds:.1f} s.", style="dim"))
    return Group(*parts)
