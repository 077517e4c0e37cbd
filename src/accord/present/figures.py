"""Figures for reports and the dashboard, as self-contained SVG text (matplotlib, Agg, no network).

One style everywhere: each actor keeps one colour in every chart (the Okabe-Ito palette,
readable by colour-blind readers and in greyscale print thanks to distinct markers),
in the order the scenario lists its actors.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from accord.analyses.bargaining import BargainResult  # noqa: E402
from accord.analyses.cloud import PackageCloud  # noqa: E402
from accord.model.evaluation import Evaluation  # noqa: E402
from accord.scenario.schema import Scenario  # noqa: E402

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
SOLUTION_MARKERS = {
    "nash": ("*", "Nash"),
    "kalai_smorodinsky": ("D", "Kalai-Smorodinsky"),
    "utilitarian": ("^", "utilitarian"),
    "egalitarian": ("v", "egalitarian"),
}
STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "svg.hashsalt": "accord",
}


def actor_colours(scenario: Scenario) -> dict[str, str]:
    """One colour per actor and per faction (a faction takes its actor's colour), stable across charts."""
    out: dict[str, str] = {}
    for k, a in enumerate(scenario.actors):
        out[a.id] = OKABE_ITO[k % len(OKABE_ITO)]
        for f in a.factions:
            out[f.id] = out[a.id]
    return out


MAX_FRONTIER_POINTS = 400  # frontier points drawn per panel (evenly spaced along the list); all are in the tables


def svg(fig: Figure, rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> str:
    """A figure laid out within `rect` (figure fractions), as inline SVG text (no XML header), then closed."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # tight_layout's notices are not the reader's concern
        fig.tight_layout(rect=rect)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def frontier_figure(
    scenario: Scenario, result: BargainResult, cloud: PackageCloud, pairs: list[tuple[str, str]] | None = None
) -> str:
    """Pairs of deciders' utilities: sampled packages, the zone, the Pareto frontier and the solutions."""
    deciders = list(result.deciders)
    pairs = pairs or list(itertools.combinations(deciders, 2))[:6]
    if not pairs:
        pairs = [(deciders[0], deciders[0])]
    colours = actor_colours(scenario)
    with plt.rc_context(STYLE):
        cols = min(3, len(pairs))
        rows = (len(pairs) + cols - 1) // cols
        size = (3.4 * cols, 3.1 * rows) if len(pairs) > 1 else (5.8, 4.6)
        fig, axes = plt.subplots(rows, cols, figsize=size, squeeze=False)
        for ax, (x, y) in zip(axes.flat, pairs, strict=False):
            ix, iy = cloud.actor_ids.index(x), cloud.actor_ids.index(y)
            out = ~cloud.accepted
            ax.scatter(
                cloud.utilities[out, ix],
                cloud.utilities[out, iy],
                s=4,
                c="#BBBBBB",
                lw=0,
                label="sampled packages",
                rasterized=False,
            )
            ax.scatter(
                cloud.utilities[cloud.accepted, ix],
                cloud.utilities[cloud.accepted, iy],
                s=6,
                c=colours[x],
                alpha=0.5,
                lw=0,
                label="in the zone of agreement",
            )
            dx, dy = deciders.index(x), deciders.index(y)
            if result.frontier_size:
                step = max(1, result.frontier_size // MAX_FRONTIER_POINTS)
                fu = result.frontier_utilities[::step]
                ax.scatter(
                    fu[:, dx], fu[:, dy], s=14, facecolors="none", edgecolors="black", lw=0.7, label="Pareto frontier"
                )
            for name, sol in result.solutions.items():
                if sol is None:
                    continue
                marker, label = SOLUTION_MARKERS[name]
                ax.scatter(
                    [sol.utilities[x]],
                    [sol.utilities[y]],
                    s=70,
                    marker=marker,
                    c=colours[y],
                    edgecolors="black",
                    lw=0.8,
                    zorder=5,
                    label=label,
                )
            ax.axvline(result.reservations[x], color=colours[x], ls="--", lw=0.8)
            ax.axhline(result.reservations[y], color=colours[y], ls="--", lw=0.8)
            ax.set_xlabel(f"{x} utility")
            ax.set_ylabel(f"{y} utility")
        for ax in list(axes.flat)[len(pairs) :]:
            ax.axis("off")
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=4, frameon=False, bbox_to_anchor=(0.5, -0.02))
        fig.suptitle("Zone of agreement and Pareto frontier (dashed: reservation values)")
        return svg(fig, rect=(0, 0.06, 1, 1))


def zone_heatmap(overview: Any) -> str:
    """Size of the zone of agreement for every lever package (rows) and theory (columns)."""
    data = np.array(
        [[overview.cell(lv, th).bargain.zone for th in overview.theories] for lv in overview.lever_packages],
        dtype=float,
    )
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(1.6 + 1.5 * len(overview.theories), 0.9 + 0.45 * len(overview.lever_packages)))
        ax.imshow(np.log10(data + 1), cmap="cividis", aspect="auto")
        for (r, c), v in np.ndenumerate(data):
            ax.text(
                c,
                r,
                f"{int(v):,}" if v else "none",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if np.log10(v + 1) < np.log10(data.max() + 1) * 0.6 else "black",
            )
        ax.set_xticks(
            range(len(overview.theories)), [f"theory: {t}" for t in overview.theories], rotation=20, ha="right"
        )
        ax.set_yticks(range(len(overview.lever_packages)), overview.lever_packages)
        ax.set_title("Packages in the zone of agreement, by lever package and theory")
        for spine in ax.spines.values():
            spine.set_visible(False)
        return svg(fig)


def faction_weights_figure(
    scenario: Scenario, weights: dict[tuple[str, str], dict[str, float]], lever_packages: list[str], theories: list[str]
) -> str:
    """Faction weights inside each decider, for every lever package under every theory."""
    factions = [(a, f) for a in scenario.actors for f in a.factions]
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(
            1,
            len(theories),
            figsize=(2.6 * len(theories) + 1, 0.8 + 0.5 * len(lever_packages)),
            sharey=True,
            squeeze=False,
        )
        hatches = ["", "//", "..", "xx"]
        for ax, th in zip(axes.flat, theories, strict=True):
            y = np.arange(len(lever_packages))
            left = np.zeros(len(lever_packages))
            for k, (a, f) in enumerate(factions):
                w = np.array([weights[(lv, th)][f.id] for lv in lever_packages])
                ax.barh(
                    y,
                    w,
                    left=left,
                    color=actor_colours(scenario)[a.id],
                    alpha=1.0 - 0.45 * (k % 2),
                    hatch=hatches[k % len(hatches)],
                    edgecolor="white",
                    label=f.id,
                )
                for yy, ll, ww in zip(y, left, w, strict=True):
                    if ww > 0.08:
                        ax.text(ll + ww / 2, yy, f"{ww:.2f}", ha="center", va="center", fontsize=7)
                left += w
            ax.axvline(scenario.veto_threshold, color="black", ls=":", lw=0.8)
            ax.set_xlim(0, 1)
            ax.set_ylim(len(lever_packages) - 0.5, -0.5)
            ax.set_title(f"theory: {th}")
            ax.set_yticks(y, lever_packages)
        axes.flat[0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=4, frameon=False)
        fig.suptitle(f"Faction weights (dotted: veto threshold {scenario.veto_threshold:g})")
        return svg(fig)


def packages_figure(scenario: Scenario, evaluations: dict[str, Evaluation]) -> str:
    """Each decider's gain over continued war for each named package; crossed red lines marked with x."""
    colours = actor_colours(scenario)
    names = list(evaluations)
    deciders = [v.id for v in next(iter(evaluations.values())).actors if v.decides] if evaluations else []
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.55 * max(1, len(names))))
        h = 0.8 / max(1, len(deciders))
        for k, a in enumerate(deciders):
            gains, crossed = [], []
            for n in names:
                v = next(v for v in evaluations[n].actors if v.id == a)
                gains.append(v.gain)
                crossed.append(any(r.binding for r in v.red_lines))
            y = np.arange(len(names)) + (k - (len(deciders) - 1) / 2) * h
            ax.barh(
                y, gains, height=h, color=colours[a], label=a, hatch=["", "//", "..", "xx"][k % 4], edgecolor="white"
            )
            for yy, g, c in zip(y, gains, crossed, strict=True):
                if c:
                    ax.plot([g], [yy], marker="x", color="black", ms=6)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(range(len(names)), names)
        ax.invert_yaxis()
        ax.set_xlabel("gain over continued war (utility minus reservation value); x = binding red line crossed")
        ax.legend(loc="lower right", frameon=False)
        ax.set_title("Named packages: who gains, who refuses")
        return svg(fig)


THEORY_STYLES = ["-", "--", "-.", ":"]
THEORY_GREYS = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7"]


def leverage_figure(lev: Any) -> str:
    """The cheapest way to each probability of a deal, one line per theory."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 3.6))
        for k, th in enumerate(lev.theories):
            pts = lev.front[th]
            if not pts:
                continue
            ax.step(
                [e.cost for e in pts],
                [e.p_deal for e in pts],
                where="post",
                ls=THEORY_STYLES[k % 4],
                color=THEORY_GREYS[k % len(THEORY_GREYS)],
                marker=MARKERS[k % len(MARKERS)],
                ms=4,
                label=f"theory: {th}",
            )
        return _share_chart(
            fig,
            ax,
            "mediator's lever cost per month",
            "probability of a deal",
            "Probability of a deal against cost: the best lever package at each cost",
        )


def deal_probability_figure(explored: Any) -> str:
    """Probability of a deal per strategy (lever package under a theory), with 95% intervals."""
    strategies = [s for s in explored.strategies]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.28 * len(strategies)))
        y = np.arange(len(strategies))
        p = np.array([s.p_deal for s in strategies])
        lo = p - np.array([s.p_deal_ci[0] for s in strategies])
        hi = np.array([s.p_deal_ci[1] for s in strategies]) - p
        theories = list(dict.fromkeys(s.strategy.id.split("@", 1)[1] for s in strategies))
        colours = [THEORY_GREYS[theories.index(s.strategy.id.split("@", 1)[1]) % len(THEORY_GREYS)] for s in strategies]
        ax.barh(y, p, xerr=np.vstack([lo, hi]), color=colours, capsize=2)
        ax.set_yticks(y, [s.strategy.id for s in strategies])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"probability that every decider accepts the proposal ({explored.samples:,} samples)")
        ax.set_title("Probability of a deal, by lever package and theory")
        return svg(fig)


def findings_figure(found: Any) -> str:
    """Which strategy works under whose theory: per strategy, one bar per theory (the share of sampled runs that
    end in a deal within the window, with its 95% interval); a filled marker where the nominal run ends in one."""
    import textwrap

    theories = [t for t in found.theories]
    names = [o.strategy for o in theories[0].outcomes] if theories else []
    label = {o.strategy: o.name for t in theories for o in t.outcomes}
    wrapped = {n: textwrap.fill(label[n], 38) for n in names}
    lines = max([w.count("\n") + 1 for w in wrapped.values()] or [1])
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 0.9 + max(0.55, 0.2 * lines + 0.12) * len(names)))
        h = 0.8 / max(1, len(theories))
        for k, t in enumerate(theories):
            by = {o.strategy: o for o in t.outcomes}
            y = np.arange(len(names)) + (k - (len(theories) - 1) / 2) * h
            p = np.array([by[n].p_deal for n in names])
            lo = np.array([by[n].p_deal_ci[0] for n in names])
            hi = np.array([by[n].p_deal_ci[1] for n in names])
            err = np.vstack([np.nan_to_num(p - lo), np.nan_to_num(hi - p)])
            colour = THEORY_GREYS[k % len(THEORY_GREYS)]
            ax.barh(
                y,
                p,
                xerr=err,
                height=h,
                color=colour,
                hatch=["", "//", "..", "xx"][k % 4],
                edgecolor="white",
                capsize=2,
                label=t.name,
            )
            nominal = np.array([by[n].deal_month is not None for n in names])
            ax.scatter(np.where(nominal, 1.03, np.nan), y, marker="o", color=colour, s=14, clip_on=False)
        ax.set_yticks(range(len(names)), [wrapped[n] for n in names])
        ax.invert_yaxis()
        ax.set_xlim(0, 1.06)
        ax.set_xlabel(
            f"share of {found.samples:,} sampled runs ending in a deal within {found.window} months "
            "(dot: a deal at the nominal numbers)"
        )
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=1)
        ax.set_title("Which strategy works, under whose theory")
        return svg(fig)


def sensitivity_figure(indices: dict[str, list[Any]]) -> str:
    """Total Sobol index of each uncertainty for each strategy's probability of a deal."""
    names = list(dict.fromkeys(i.group for idx in indices.values() for i in idx))
    order = sorted(names, key=lambda g: -max(i.total for idx in indices.values() for i in idx if i.group == g))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.3 * len(order)))
        h = 0.8 / max(1, len(indices))
        for k, (sid, idx) in enumerate(indices.items()):
            tot = {i.group: i.total for i in idx}
            conf = {i.group: i.total_conf for i in idx}
            y = np.arange(len(order)) + (k - (len(indices) - 1) / 2) * h
            ax.barh(
                y,
                [max(0.0, tot[g]) for g in order],
                xerr=[conf[g] for g in order],
                height=h,
                color=THEORY_GREYS[(k + 1) % len(THEORY_GREYS)],
                hatch=["", "//", "..", "xx"][k % 4],
                edgecolor="white",
                label=sid,
                capsize=2,
            )
        ax.set_yticks(range(len(order)), order)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.set_xlabel("total Sobol index of 'every decider accepts the proposal' (bars: 95% intervals)")
        ax.legend(frameon=False, loc="lower right")
        ax.set_title("Which assumptions decide the deal")
        return svg(fig)


def timeline_figure(simulations: dict[str, Any]) -> str:
    """Share of simulated runs with a deal by each month, one line per strategy."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 3.4))
        for k, (sid, r) in enumerate(simulations.items()):
            months = np.arange(r.months)
            done = np.array([(r.deal_month >= 0) & (r.deal_month <= m) for m in months]).mean(axis=1)
            ax.step(
                months,
                done,
                where="post",
                ls=THEORY_STYLES[k % 4],
                color=THEORY_GREYS[k % len(THEORY_GREYS)],
                marker=MARKERS[k % len(MARKERS)],
                ms=3,
                markevery=max(1, r.months // 8),
                label=sid,
            )
        return _share_chart(
            fig,
            ax,
            "month",
            "share of runs with a deal",
            "When does a deal come? (simulated runs over the uncertainties)",
        )


def _share_chart(fig: Figure, ax: Any, xlabel: str, ylabel: str, title: str) -> str:
    """Finish a chart whose y axis is a share in [0, 1], legend bottom right, as SVG."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.02, 1.02)
    ax.legend(frameon=False, loc="lower right")
    ax.set_title(title)
    return svg(fig)


def stability_figure(report: Any, concept: str = "nash", limit: int = 40) -> str:
    """The graph of unilateral improvements (one colour and line style per decision maker), equilibria ringed."""
    from accord.stability.dynamics import improvement_edges

    g = report.graph
    eq = set(report.equilibria().get(concept, []))
    if g.n <= limit:
        states = list(range(g.n))
    elif report.status_quo is not None:  # the shortest paths from the status quo to each reachable equilibrium
        sq = report.status_quo
        on_paths: list[int] = []
        for e in sorted((e for e in eq if e in sq.depth), key=lambda e: sq.depth[e]):
            on_paths += [x for x, _ in sq.path(e) if x not in on_paths]
        states = (on_paths or sorted(eq))[:limit]
    else:
        states = sorted(eq)[:limit]
    pos = {s: (np.cos(2 * np.pi * k / len(states)), np.sin(2 * np.pi * k / len(states))) for k, s in enumerate(states)}
    styles = ["-", "--", ":", "-."]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 6.0))
        drawn: set[int] = set()
        for a, b, d in improvement_edges(g, np.array(states, dtype=np.int64)):
            if b not in pos:
                continue
            (x0, y0), (x1, y1) = pos[a], pos[b]
            ax.annotate(
                "",
                xy=(x1, y1),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": OKABE_ITO[d % 8],
                    "lw": 1.0,
                    "linestyle": styles[d % 4],
                    "shrinkA": 9,
                    "shrinkB": 9,
                    "connectionstyle": "arc3,rad=0.08",
                },
            )
            if d not in drawn:
                ax.plot([], [], color=OKABE_ITO[d % 8], linestyle=styles[d % 4], label=f"{g.dms[d]} improves")
                drawn.add(d)
        for s, (x, y) in pos.items():
            ring = s in eq
            ax.scatter(
                [x],
                [y],
                s=420 if ring else 260,
                facecolor="#d9f0d3" if ring else "white",
                edgecolor="black",
                linewidth=2.2 if ring else 0.8,
                zorder=3,
            )
            ax.text(x, y, g.labels[s], ha="center", va="center", fontsize=8, zorder=4)
        ax.scatter(
            [], [], s=120, facecolor="#d9f0d3", edgecolor="black", linewidth=2.2, label=f"{concept.upper()} equilibrium"
        )
        ax.set_aspect("equal")
        ax.axis("off")
        shown = (
            ""
            if len(states) == g.n
            else (
                f"\nfrom the status quo ({g.labels[report.status_quo.start]}) to the equilibria it reaches"
                if report.status_quo is not None
                else f" (equilibria only: {len(states)} of {g.n:,} states)"
            )
        )
        ax.set_title(f"{g.title}: unilateral improvements{shown}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False)
        return svg(fig)


def forecast_figure(
    results: list[Any], colours: dict[str, str] | None = None, names: dict[str, str] | None = None
) -> str:
    """Positions by round, one panel per issue: each actor's path (its actor's colour, its own marker) and the
    forecast in black. `names` (id -> name, e.g. `accord.analyses.frames.names_of(scenario)`) labels the issues,
    options and actors in the scenario's words; the lever package and theory go in the caption."""
    import textwrap

    def word(ident: str) -> str:
        return (names or {}).get(ident, ident)

    issues = list(dict.fromkeys(r.issue for r in results))
    with plt.rc_context(STYLE):
        cols = min(2, len(issues))
        rows = (len(issues) + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(7.2 * cols / 2 + 1.4, 2.9 * rows), squeeze=False)
        for ax, issue in zip(axes.ravel(), issues, strict=False):
            r = [x for x in results if x.issue == issue][-1]
            rounds = np.arange(r.positions.shape[0])
            for k, name in enumerate(r.actors):
                colour = (colours or {}).get(name, OKABE_ITO[k % len(OKABE_ITO)])
                ax.plot(
                    rounds,
                    r.positions[:, k],
                    color=colour,
                    marker=MARKERS[k % len(MARKERS)],
                    markersize=4,
                    linewidth=1.0,
                    alpha=0.85,
                    label=(names or {}).get(name, name),
                )
            ax.plot(rounds, r.median, color="black", linewidth=2.4, linestyle="--", label="forecast")
            ax.set_title(textwrap.fill(word(issue), 40))
            ax.set_xlabel("round")
            ax.set_ylim(r.scale[0] - 3, r.scale[1] + 3)
            if r.ticks:  # the scale in the issue's own options
                opts = {o.replace("_", " "): o for o in (names or {})}
                ax.set_yticks([p for p, _ in r.ticks], [textwrap.fill(word(opts.get(o, o)), 22) for _, o in r.ticks])
            else:
                ax.set_ylabel("position")
        for ax in axes.ravel()[len(issues) :]:
            ax.axis("off")
        handles, labels = axes.ravel()[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=4, frameon=False)
        return svg(fig, rect=(0, 0.12 if rows == 1 else 0.07, 1, 1))


def evidence_figure(report: Any) -> str:
    """Predicted against observed: for each event of the record, by date, each theory's probability that it
    happens as it did (markers), the mixture frozen at the hindcast date (line), and the floor."""
    import textwrap

    events = report.events
    with plt.rc_context(STYLE):
        height = 1.2 + 0.42 * len(events)
        fig, ax = plt.subplots(figsize=(7.5, height))
        y = np.arange(len(events))
        for k, th in enumerate(report.theories):
            p = [e.predicted[th] if e.event.observed else 1 - e.predicted[th] for e in events]
            ax.scatter(
                p,
                y,
                marker=MARKERS[k % len(MARKERS)],
                color=THEORY_GREYS[(k + 1) % len(THEORY_GREYS)],
                s=28,
                label=f"{th.capitalize()}: share of samples predicting what happened",
                zorder=3,
            )
        h = report.hindcast
        if h is not None:
            by = {f.event: (f.p if f.observed else 1 - f.p) for f in h.forecasts}
            rows = [(by[e.event.id], i) for i, e in enumerate(events) if e.event.id in by]
            if rows:
                ax.plot(
                    [r[0] for r in rows],
                    [r[1] for r in rows],
                    color="#999999",
                    lw=1,
                    ls="--",
                    label=f"the model frozen at {h.as_of}",
                    zorder=2,
                )
        ax.axvline(report.floor, color="#cccccc", lw=0.8)
        ax.axvline(0.5, color="#eeeeee", lw=0.8)
        ax.set_yticks(y, [textwrap.fill(f"{e.event.date}  {e.event.statement}", 60) for e in events])
        ax.invert_yaxis()
        ax.set_xlim(-0.02, 1.02)
        ax.set_xlabel("probability the model gave to what was observed (grey line at the floor)")
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.55 / (0.77 * height)), ncol=1)
        ax.set_title(
            "The 2025 record: predicted against observed"
            if "2025" in events[0].event.date
            else "The record: predicted against observed"
        )
        return svg(fig)


def voi_figure(result: Any, top: int = 10) -> str:
    """EVPPI of the unknowns most worth learning, against the EVPI (dashed) and the fit's noise floor (dotted)."""
    import textwrap

    vals = result.values[:top]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.36 * max(1, len(vals))))
        y = np.arange(len(vals))
        ax.barh(
            y,
            [v.value for v in vals],
            xerr=[1.96 * v.se for v in vals],
            color=THEORY_GREYS[1],
            edgecolor="white",
            capsize=2,
        )
        ax.axvline(result.evpi, color="#000000", ls="--", lw=1, label=f"EVPI {result.evpi:.3g}")
        if result.floor > 0:
            ax.axvline(result.floor, color="#999999", ls=":", lw=1, label="noise floor")
        ax.set_yticks(y, [textwrap.fill(v.name, 55) for v in vals])
        ax.invert_yaxis()
        ax.set_xlabel(f"expected value of learning it before choosing ({result.unit})")
        ax.legend(frameon=False, loc="lower right")
        ax.set_title("What is worth learning before choosing")
        return svg(fig)


BASELINE_GREYS = ["#000000", "#555555", "#999999", "#cccccc"]


def backtest_figure(result: Any) -> str:
    """The backtest at a glance: a reliability diagram (Accord's probability against how often it happened, each
    bin sized by its verdicts) beside each case's Brier score for Accord and the baselines."""
    import textwrap

    sc = result.scores
    cases = result.cases
    forecasters = list(sc.overall)
    with plt.rc_context(STYLE):
        fig, (rel, bars) = plt.subplots(
            1,
            2,
            figsize=(10, 0.9 + max(3.2, 0.5 * len(cases) * len(forecasters) / 2)),
            gridspec_kw={"width_ratios": [1, 1.4]},
        )
        rel.plot([0, 1], [0, 1], color="#bbbbbb", lw=0.8, ls="--", label="perfectly reliable")
        xs = [b.mean_p for b in sc.reliability]
        ys = [b.observed for b in sc.reliability]
        rel.plot(xs, ys, color=OKABE_ITO[0], lw=1)
        rel.scatter(
            xs,
            ys,
            s=[30 + 12 * b.count for b in sc.reliability],
            color=OKABE_ITO[0],
            zorder=3,
            label="Accord (marker area: verdicts in the bin)",
        )
        for b in sc.reliability:
            rel.annotate(f"{b.count}", (b.mean_p, b.observed), textcoords="offset points", xytext=(6, -10), fontsize=7)
        pts = [(v.p, float(v.observed)) for v in result.verdicts]
        rel.scatter(
            [p for p, _ in pts],
            [o for _, o in pts],
            marker="|",
            color="#777777",
            s=40,
            label="each verdict (0: no, 1: yes)",
        )
        rel.set_xlim(-0.02, 1.02)
        rel.set_ylim(-0.05, 1.05)
        rel.set_xlabel("Accord's probability (bin mean)")
        rel.set_ylabel("share that happened")
        rel.set_title("Reliability")
        rel.legend(frameon=False, loc="upper left", fontsize=7)
        y = np.arange(len(cases))
        h = 0.8 / len(forecasters)
        for k, f in enumerate(forecasters):
            vals = [sc.per_case[c.id][f]["Brier score"] for c in cases]
            colour = OKABE_ITO[0] if f == "Accord" else BASELINE_GREYS[(k - 1) % len(BASELINE_GREYS)]
            bars.barh(
                y + (k - (len(forecasters) - 1) / 2) * h, vals, height=h, color=colour, edgecolor="white", label=f
            )
        bars.axvline(0.25, color="#bbbbbb", lw=0.8, ls=":")
        bars.set_yticks(y, [textwrap.fill(c.title, 28) for c in cases])
        bars.invert_yaxis()
        bars.set_xlabel("Brier score (lower is better; dotted: chance, 0.25)")
        bars.set_title("Brier score per case")
        bars.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7)
        return svg(fig)
