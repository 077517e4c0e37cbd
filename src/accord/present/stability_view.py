"""Stability results as rich tables, JSON-ready data and a DOT graph. No computation here."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from accord.stability.analysis import Report
from accord.stability.graph import Graph
from accord.stability.inverse import Inverse

SHOWN_STATES = 40
"""Models with more states list only the equilibria and the states asked for."""


def _rank_position(g: Graph, dm: int) -> np.ndarray:
    """1 = most preferred; ties share a position."""
    levels = np.unique(g.score[dm])[::-1]
    return np.searchsorted(-levels, -g.score[dm]) + 1


def deal_reading(r: Report, limit: int = 3) -> list[Text]:
    """What the equilibria mean for the deal: which deal states are stable and which states without a deal,
    where the status quo leads and what moves it (for models that say which states are a deal)."""
    g = r.graph
    if g.deal is None:
        return []
    eq = r.equilibria()
    deal = g.deal
    out = [Text("Reading for the deal", style="bold underline")]
    for c, states in eq.items():
        yes = [s for s in states if deal[s]]
        no = [s for s in states if not deal[s]]
        line = Text(f"{c.upper()}: ", style="bold")
        line.append(
            f"{len(yes)} stable deal{'s' if len(yes) != 1 else ''}"
            + (f" ({_states(g, yes)})" if yes else "")
            + f", {len(no)} stable state{'s' if len(no) != 1 else ''} without a deal"
            + (f" ({_states(g, no)})" if no else "")
            + "."
        )
        out.append(line)
    common = set.intersection(*(set(v) for v in eq.values())) if eq else set()
    for label, pick in (
        ("Stable under every concept, a deal", [s for s in sorted(common) if deal[s]]),
        ("Stable under every concept, no deal", [s for s in sorted(common) if not deal[s]]),
    ):
        for s in pick[:limit]:
            out.append(Text(f"  {label}: {g.labels[s]} ({g.describe(s)})"))
        if len(pick) > limit:
            out.append(Text(f"  ... and {len(pick) - limit} more", style="dim"))
    sq = r.status_quo
    if sq is not None:
        text = Text(
            f"From the status quo ({g.labels[sq.start]}: {g.describe(sq.start)}), "
            f"{'a deal' if deal[sq.start] else 'no deal'}: "
        )
        found = []
        for want, name in ((True, "the nearest stable deal"), (False, "the nearest stable state without a deal")):
            reach = [
                s
                for s in sorted(sq.depth, key=lambda x: (sq.depth[x], x))
                if deal[s] == want and any(s in v for v in eq.values())
            ]
            if reach:
                steps = sq.path(reach[0])
                moves = "; then ".join(
                    f"{g.dms[d]}: {g.move(a, b)}"
                    for (a, _), (b, d) in zip(steps, steps[1:], strict=False)
                    if d is not None
                )
                found.append(
                    f"{name} is {g.labels[reach[0]]}, {len(steps) - 1} move{'s' if len(steps) != 2 else ''} "
                    f"away ({moves})"
                )
        text.append("; ".join(found) + "." if found else "unilateral improvements reach no equilibrium.")
        out.append(text)
    nash_no = {s for s in eq.get("nash", []) if not deal[s]}
    names = {members: name for name, members in g.coalitions.items()}
    for c in r.coalitions:
        broken = sorted(s for s in c.improvement if s in nash_no)
        if broken:
            who = " + ".join(g.dms[i] for i in c.members) + (f" ({names[c.members]})" if c.members in names else "")
            out.append(
                Text(
                    f"Together, {who} can leave {len(broken)} Nash equilibri{'a' if len(broken) > 1 else 'um'} "
                    f"without a deal ({_states(g, broken)}), e.g. {g.labels[broken[0]]} -> "
                    f"{g.labels[c.improvement[broken[0]]]}: {g.move(broken[0], c.improvement[broken[0]])}."
                )
            )
    return out


def _states(g: Graph, states: list[int], limit: int = 8) -> str:
    return ", ".join(g.labels[s] for s in states[:limit]) + (
        f" and {len(states) - limit} more" if len(states) > limit else ""
    )


def stability_view(r: Report, states: list[int] | None = None, all_states: bool = False) -> RenderableType:
    """The state table (patterns, rankings, stability per concept) and the equilibria per concept."""
    g = r.graph
    eq = r.equilibria()
    any_eq = sorted({s for v in eq.values() for s in v})
    shown = (
        list(range(g.n))
        if (all_states or g.n <= SHOWN_STATES)
        else sorted(set(any_eq[:SHOWN_STATES]) | set(states or []))
    )
    head = Text.assemble(
        (f"{g.title}", "bold"), f"  {g.n:,} feasible states, {len(g.dms)} decision makers, ", f"{g.form} form"
    )
    t = Table(title="States" if len(shown) == g.n else f"States shown: {len(shown)} of {g.n:,}", show_lines=False)
    t.add_column("state", justify="right")
    t.add_column("what each decision maker does" if g.codes is not None else "name", ratio=3)
    ranks = [_rank_position(g, i) for i in range(len(g.dms))]
    for d in g.dms:
        t.add_column(f"rank {d}", justify="right")
    concepts = list(r.stability.table)
    for c in concepts:
        t.add_column(c.upper(), justify="center")
    extra = [k for k in eq if k not in concepts]
    for k in extra:
        t.add_column(k, justify="center")
    for s in shown:
        row = [g.labels[s], g.describe(s)] + [str(int(ranks[i][s])) for i in range(len(g.dms))]
        for c in concepts:
            per = r.stability.table[c][:, s]
            row.append("[bold green]E[/]" if per.all() else "".join("s" if x else "." for x in per))
        for k in extra:
            row.append("[bold green]E[/]" if s in eq[k] else "")
        t.add_row(*row)
    eqt = Table(title="Equilibria (stable for every decision maker)")
    eqt.add_column("concept")
    eqt.add_column("states")
    for k, v in eq.items():
        eqt.add_row(
            k.upper() if k in concepts else k,
            ", ".join(g.labels[s] for s in v[:60]) + (f" ... ({len(v):,} in all)" if len(v) > 60 else "") or "none",
        )
    parts: list[RenderableType] = [
        head,
        t,
        Text(
            "E: equilibrium; otherwise one mark per decision maker "
            "(s stable, . unstable), in the order of the rank columns.",
            style="dim",
        ),
        eqt,
    ]
    if r.coalitions:
        ct = Table(title="Coalitions: equilibria (Nash) that a coalition can improve on together")
        ct.add_column("coalition")
        ct.add_column("breaks (state -> coalition improvement)")
        ct.add_column("coalition-SEQ unstable")
        nash = set(eq.get("nash", []))
        names = {members: name for name, members in g.coalitions.items()}
        for c in r.coalitions:
            label = " + ".join(g.dms[i] for i in c.members)
            if c.members in names:
                label = f"{names[c.members]} ({label})"
            broken = [f"{g.labels[s]} -> {g.labels[t]}" for s, t in c.improvement.items() if s in nash]
            seqbad = [g.labels[s] for s in nash if not c.seq[s]]
            ct.add_row(label, ", ".join(broken) or "-", ", ".join(seqbad) or "-")
        parts.append(ct)
    if r.partition is not None:
        parts.append(_partition_table(r))
    if r.status_quo is not None:
        sq = r.status_quo
        st = Table(title=f"From state {g.labels[sq.start]}: equilibria reachable by unilateral improvements")
        st.add_column("equilibrium")
        st.add_column("concepts")
        st.add_column("shortest path (who moves)")
        for s in sorted(sq.depth, key=lambda x: (sq.depth[x], x)):
            under = [k for k, v in eq.items() if s in v]
            if not under:
                continue
            path = " -> ".join(g.labels[x] + (f" ({g.dms[d]})" if d is not None else "") for x, d in sq.path(s))
            st.add_row(g.labels[s], ", ".join(under), path)
        parts.append(st)
    parts += deal_reading(r)
    for note in r.notes:
        parts.append(Text(f"note: {note}", style="yellow"))
    return Group(*parts)


def _partition_table(r: Report) -> Table:
    """Equilibria when each block of the partition acts as one decision maker, beside the ordinary ones."""
    g, p = r.graph, r.partition
    assert p is not None
    names = " | ".join(
        f"{name} ({' + '.join(g.dms[i] for i in m)})" if name != "+".join(g.dms[i] for i in m) else name
        for name, m in p.blocks
    )
    pt = Table(title=f"Partition {names}: each block moves as one and gains only when every member gains")
    pt.add_column("concept")
    pt.add_column("equilibria with the blocks")
    pt.add_column("gained (not an equilibrium alone)")
    pt.add_column("lost (an equilibrium alone)")
    for c in p.table:
        now = set(p.equilibria(c))
        alone = set(r.stability.equilibria(c)) if c in r.stability.table else set()
        fmt = lambda xs: ", ".join(g.labels[s] for s in sorted(xs)) or "-"  # noqa: E731
        pt.add_row(c.upper(), fmt(now) if now else "none", fmt(now - alone), fmt(alone - now))
    return pt


def stability_json(r: Report) -> dict[str, Any]:
    """The whole report as plain data."""
    g = r.graph
    eq = r.equilibria()
    out: dict[str, Any] = {
        "title": g.title,
        "form": g.form,
        "decision_makers": list(g.dms),
        "states": g.n,
        "equilibria": {k: [g.labels[s] for s in v] for k, v in eq.items()},
        "deal_states": None if g.deal is None else [g.labels[s] for s in np.flatnonzero(g.deal)],
        "notes": list(r.notes),
    }
    if r.stability.partial:
        out["partial"] = {
            c: {g.dms[i]: [g.labels[s] for s in np.flatnonzero(v)] for i, v in rows.items()}
            for c, rows in r.stability.partial.items()
        }
    if g.n <= 5000:
        out["table"] = [
            {
                "state": g.labels[s],
                "options": g.taken(s) if g.codes is not None else g.labels[s],
                "description": g.describe(s),
                "score": {d: int(g.score[i][s]) for i, d in enumerate(g.dms)},
                "stable": {
                    c: {d: bool(r.stability.table[c][i, s]) for i, d in enumerate(g.dms)} for c in r.stability.table
                },
            }
            for s in range(g.n)
        ]
    if r.nonmyopic_period:
        out["nonmyopic_period"] = {"from_horizon": r.nonmyopic_period[0], "length": r.nonmyopic_period[1]}
    if r.coalitions:
        out["coalitions"] = [
            {
                "members": [g.dms[i] for i in c.members],
                "improvements": {g.labels[s]: g.labels[t] for s, t in c.improvement.items()},
                "coalition_nash_stable": [g.labels[s] for s in np.nonzero(c.nash)[0]],
                "coalition_seq_stable": [g.labels[s] for s in np.nonzero(c.seq)[0]],
            }
            for c in r.coalitions
        ]
    if r.partition is not None:
        p = r.partition
        out["partition"] = {
            "blocks": [{"id": name, "members": [g.dms[i] for i in m]} for name, m in p.blocks],
            "equilibria": {c: [g.labels[s] for s in p.equilibria(c)] for c in p.table},
            "stable": {
                c: {name: [g.labels[s] for s in np.flatnonzero(p.table[c][b])] for b, (name, _) in enumerate(p.blocks)}
                for c in p.table
            },
            "skipped": p.skipped,
        }
    if r.status_quo is not None:
        sq = r.status_quo
        out["status_quo"] = {
            "start": g.labels[sq.start],
            "reachable": len(sq.depth),
            "paths": {
                g.labels[s]: [[g.labels[x], g.dms[d] if d is not None else None] for x, d in sq.path(s)]
                for s in sq.depth
                if any(s in v for v in eq.values())
            },
        }
    return out


def to_dot(r: Report, concept: str = "nash", limit: int = 60) -> str:
    """The graph of moves as DOT: improvements solid in the mover's colour, other moves dashed grey, equilibria
    double-circled (every state up to `limit`, else the equilibria only)."""
    from accord.stability.dynamics import improvement_edges
    from accord.stability.graph import moves_from

    g = r.graph
    eq = set(r.equilibria().get(concept, []))
    states = list(range(g.n)) if g.n <= limit else sorted(eq)[:limit]
    keep = set(states)
    palette = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442", "#000000"]
    lines = [f'digraph "{g.title}" {{', "  rankdir=LR;", '  node [shape=circle, fontname="Helvetica"];']
    for s in states:
        shape = "doublecircle" if s in eq else "circle"
        label = g.labels[s] if g.codes is None else f"{g.labels[s]}\\n{g.pattern(s)}"
        style = ', style=filled, fillcolor="#d9f0d3"' if s in eq else ""
        lines.append(f'  "{g.labels[s]}" [shape={shape}, label="{label}"{style}];')
    ups = {(a, b, d) for a, b, d in improvement_edges(g, np.array(states, dtype=np.int64))}
    for d in range(len(g.dms)):
        src, dst = moves_from(g, d, np.array(states, dtype=np.int64))
        for a, b in zip(src.tolist(), dst.tolist(), strict=True):
            if b not in keep:
                continue
            if (a, b, d) in ups:  # an improvement for the mover: solid, in its colour
                lines.append(f'  "{g.labels[a]}" -> "{g.labels[b]}" [color="{palette[d % 8]}", label="{g.dms[d]}"];')
            else:  # any other move: thin, dashed, grey
                lines.append(f'  "{g.labels[a]}" -> "{g.labels[b]}" [color="#999999", style=dashed, arrowsize=0.5];')
    lines.append("}")
    return "\n".join(lines) + "\n"


INVERSE_SHOWN = 40  # conditions printed as text (--json has them all)


def inverse_json(g: Graph, inv: Inverse) -> dict[str, Any]:
    """The inverse result with each condition's structure: any one alternative, each needing all its literals."""

    def lit(x: tuple[int, int, int, bool]) -> str:
        d, a, b, strict = x
        return f"{g.dms[d]}: {g.labels[a]} {'>' if strict else '>='} {g.labels[b]}"

    def lit_data(x: tuple[int, int, int, bool]) -> dict[str, Any]:
        d, a, b, strict = x
        return {"decision_maker": g.dms[d], "state": g.labels[a], "over": g.labels[b], "strict": strict, "text": lit(x)}

    def alt_text(alt: tuple[tuple[int, int, int, bool], ...]) -> str:
        return lit(alt[0]) if len(alt) == 1 else "(" + " and ".join(lit(x) for x in alt) + ")"

    conds = [
        {
            "any_of": [{"all_of": [lit_data(x) for x in alt]} for alt in c],
            "text": " or ".join(alt_text(alt) for alt in c),
        }
        for c in inv.clauses
    ]
    return {
        "state": g.labels[inv.target],
        "concept": inv.concept,
        "holds_now": inv.holds_now,
        "conditions": conds,
        "changes": [lit(x) for x in inv.changes],
        "consistent": inv.feasible,
    }


def inverse_view(g: Graph, inv: Inverse) -> RenderableType:
    """The conditions as text, their structure kept: `a or (b and c)`."""
    d = inverse_json(g, inv)
    lines = [
        Text.from_markup(
            f"[bold]Inverse {inv.concept.upper()} for state {escape(d['state'])}[/] "
            f"({escape(g.describe(inv.target))}): holds now: {'yes' if d['holds_now'] else 'no'}; "
            f"{len(inv.clauses)} condition(s), each met when one of its alternatives holds (an "
            "alternative in parentheses needs all its parts):"
        )
    ]
    lines += [Text(f"  {k}. {cond['text']}") for k, cond in enumerate(d["conditions"][:INVERSE_SHOWN], start=1)]
    if len(d["conditions"]) > INVERSE_SHOWN:
        lines.append(Text(f"  ... {len(d['conditions']) - INVERSE_SHOWN} more (all of them in --json)"))
    lines.append(
        Text(
            "  Smallest change: "
            + ("; ".join(d["changes"]) or "none")
            + ("" if inv.feasible else " (no consistent ranking found)")
        )
    )
    return Group(*lines)
