"""The backtest as tables and sentences in the cases' words. No computation beyond formatting."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from accord.analyses.backtest import BacktestResult, Case
from accord.analyses.scoring import FORECASTERS, METRICS


def _fmt(metric: str, x: float) -> str:
    return f"{x:.0%}" if metric == "share right" else f"{x:.3f}"


def _theory(case: Case, t: str) -> str:
    return case.names.get(t, t)


def backtest_view(r: BacktestResult) -> RenderableType:
    """The scores against the baselines first, then each verdict, per case, per theory, leaving each case out,
    and the reliability table."""
    sc = r.scores
    parts: list[RenderableType] = [Text("Backtest", style="bold underline")]
    acc = sc.overall["Accord"]
    line = Text()
    line.append(f"{sc.verdicts} verdicts in {sc.cases} case(s): ", style="bold")
    line.append(
        f"Accord right on {acc['share right'].value:.0%}, Brier score {acc['Brier score'].value:.3f}, log "
        f"score {acc['log score'].value:.3f}; "
    )
    better = [f for f in FORECASTERS[1:] if acc["Brier score"].value < sc.overall[f]["Brier score"].value]
    worse = [f for f in FORECASTERS[1:] if f not in better]
    line.append(
        f"by Brier score better than {', '.join(better) or 'no baseline'}"
        f"{'; not better than ' + ', '.join(worse) if worse else ''}."
    )
    parts.append(line)

    t = Table(
        header_style="bold",
        title="Scores with 95% case-bootstrap intervals (Brier: lower is better; share "
        "right and log score: higher is better)",
    )
    t.add_column("forecaster")
    for m in METRICS:
        t.add_column(m, justify="right", no_wrap=True)
    for f in FORECASTERS:
        t.add_row(f, *[f"{_fmt(m, s.value)} [{_fmt(m, s.low)}, {_fmt(m, s.high)}]" for m, s in sc.overall[f].items()])
    parts.append(t)
    parts.append(Text(r.comparability))

    v = Table(header_style="bold", show_lines=True, title="Each verdict: Accord's probability as of its date")
    for col in ("case", "date", "verdict", "happened", "Accord", "nominal", "beliefs then"):
        v.add_column(
            col, justify="right" if col in ("Accord", "nominal") else "left", ratio=3 if col == "verdict" else None
        )
    for c in r.cases:
        for x in c.verdicts:
            what = x.statement
            if x.kind == "deal_month":
                med = (
                    f"month {x.median_month:g}" if x.median_month is not None else f"no deal within {x.horizon} months"
                )
                what += f" (deal in month {x.actual_month}; predicted median: {med})"
            beliefs = ", ".join(f"{_theory(c, t)} {w:.0%}" for t, w in x.beliefs.items())
            v.add_row(
                escape(c.title),
                x.date,
                escape(f"[{x.kind}] {what}"),
                "yes" if x.observed else "no",
                f"{x.p:.0%}",
                f"{x.nominal:.0%}",
                escape(f"{beliefs} ({x.events_before} event(s) before)"),
            )
    parts.append(v)

    pc = Table(header_style="bold", title="Per case: Brier score (lower is better) and share right")
    pc.add_column("case")
    pc.add_column("verdicts", justify="right")
    for f in FORECASTERS:
        pc.add_column(f, justify="right", no_wrap=True)
    for c in r.cases:
        row = sc.per_case[c.id]
        pc.add_row(
            escape(c.title),
            str(len(c.verdicts)),
            *[f"{row[f]['Brier score']:.3f} ({row[f]['share right']:.0%})" for f in FORECASTERS],
        )
    parts.append(pc)

    pt = Table(header_style="bold", title="Per theory: each theory's own probabilities (beliefs not mixed)")
    for col in ("case", "theory", "verdicts", *METRICS):
        pt.add_column(col, justify="right" if col in METRICS or col == "verdicts" else "left")
    titles = {c.id: c for c in r.cases}
    for cid, th, n, ms in sc.per_theory:
        pt.add_row(
            escape(titles[cid].title), escape(_theory(titles[cid], th)), str(n), *[_fmt(m, ms[m]) for m in METRICS]
        )
    parts.append(pt)

    if sc.leave_one_out:
        lo = Table(header_style="bold", title="Leaving one case out: Brier score of the rest (lower is better)")
        lo.add_column("case left out")
        for f in FORECASTERS:
            lo.add_column(f, justify="right")
        for c in r.cases:
            lo.add_row(escape(c.title), *[f"{sc.leave_one_out[c.id][f]['Brier score']:.3f}" for f in FORECASTERS])
        parts.append(lo)
    else:
        parts.append(Text("Leaving one case out: one case only, nothing left to score.", style="dim"))

    rel = Table(header_style="bold", title="Reliability: verdicts binned by Accord's probability (at least five a bin)")
    for col in ("probabilities", "mean probability", "happened", "verdicts"):
        rel.add_column(col, justify="right")
    for b in sc.reliability:
        rel.add_row(f"{b.low:.0%}-{b.high:.0%}", f"{b.mean_p:.0%}", f"{b.observed:.0%}", str(b.count))
    parts.append(rel)

    notes = [
        *sc.notes,
        *r.notes,
        "base rate: the share of yes among the other cases' verdicts (a case never predicts itself); nominal "
        "verdict: the belief-weighted share of theories whose run at the nominal numbers says yes",
        f"{r.samples:,} samples per theory, seed {r.seed}; {r.seconds:.2f} s",
    ]
    parts.append(Text("\n".join(f"- {n}" for n in notes), style="dim"))
    return Group(*parts)
