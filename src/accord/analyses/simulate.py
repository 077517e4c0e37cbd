"""Month-by-month negotiation under a strategy's procedure, with war costs accumulating.

Each month the strategy's levers (and its schedule) and the dated events of that month or before are in
force (the timeline tells the month an event comes into force), the battlefield has
drifted (reservation values move with `drift * (t + horizon)`), factions shift under
the active hypotheses, and the mediator puts a proposal to the parties as its procedure
says (see `accord.scenario.schema.Procedure`). Proposals are chosen from the scenario's
own numbers, as a mediator would; whether each party accepts is judged in every run with
its own sample of the uncertain numbers, all runs at once.

The cost of delay counts, for every month without a deal, the deciders' monthly cost of
war (utility per month, summed) and the lever costs (per month) of the levers in force.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from accord.analyses.bargaining import bargain_situation, zone_opens
from accord.analyses.frames import Table, Tabular, label, names_of, package_text
from accord.errors import AccordError
from accord.model.acceptance import verdicts
from accord.model.evaluation import judge
from accord.model.situation import resolve_levers, situate_batch
from accord.model.uncertainty import Design
from accord.scenario.schema import Scenario, Strategy

PHASES = ("negotiating", "offered with ultimatum", "refused: fighting on")


@dataclass(frozen=True)
class Month:
    """One month of the negotiation, over all runs still negotiating."""

    month: int
    proposal: dict[str, str] | None
    proposer: str | None
    levers: dict[str, tuple[str, ...]]  # phase -> levers in force
    negotiating: int  # runs without a deal at the start of the month
    acceptance: dict[str, float]  # decider -> share of negotiating runs in which it accepts the proposal
    deals: int  # runs reaching a deal this month
    events: tuple[str, ...]
    refusals: dict[str, str] = field(default_factory=dict)  # one run only: who refused this month, and why


@dataclass(frozen=True)
class SimulationResult(Tabular):
    """A strategy played out month by month, over one or many runs."""

    scenario: str
    strategy: str
    procedure: str
    hypotheses: tuple[str, ...]
    months: int
    runs: int
    timeline: list[Month]
    deal_month: np.ndarray  # (runs,) month of the deal, -1 if none within the horizon
    war_cost: np.ndarray  # (runs,) deciders' cost of war accumulated before the deal
    lever_cost: np.ndarray  # (runs,) lever costs accumulated before the deal
    deal_package: list[dict[str, str] | None]
    seconds: float
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    def _table(self) -> Table:
        """The months played: runs still negotiating, deals, each decider's acceptance and what happened."""
        n = self.labels
        deciders = sorted({d for m in self.timeline for d in m.acceptance})
        rows = [
            (
                m.month,
                m.negotiating,
                m.deals,
                package_text(n, m.proposal),
                *[m.acceptance.get(d) for d in deciders],
                "; ".join(m.events),
            )
            for m in self.timeline
        ]
        return Table(
            f"{label(n, self.strategy)} month by month",
            ("month",),
            ("negotiating runs", "deals", "proposal", *[f"{label(n, d)} accepts" for d in deciders], "events"),
            rows,
        )

    @property
    def p_deal(self) -> float:
        """Share of runs reaching a deal within the horizon."""
        return float((self.deal_month >= 0).mean())

    def months_quantiles(self, qs: tuple[float, ...] = (0.1, 0.5, 0.9)) -> list[float | None]:
        """Quantiles of months to a deal among runs that reach one."""
        done = self.deal_month[self.deal_month >= 0]
        return [float(np.quantile(done, q)) if done.size else None for q in qs]


def simulate(
    scenario: Scenario,
    strategy: str,
    hypotheses: str | list[str] | None = None,
    *,
    months: int | None = None,
    runs: int = 1,
    seed: int = 0,
) -> SimulationResult:
    """Play a named strategy month by month (default: over the scenario's window); with runs > 1 each run
    samples the uncertain numbers."""
    t0 = time.perf_counter()
    months = scenario.window if months is None else months
    known = {st.id: st for st in scenario.strategies}
    if strategy not in known:
        raise AccordError(
            f"unknown strategy {strategy!r}; the scenario's strategies: "
            f"{', '.join(known) or '(none: add `strategies` to the scenario)'}"
        )
    if months < 1 or runs < 1:
        raise AccordError("--months and --runs must be at least 1")
    st = known[strategy]
    proc = st.procedure
    numbers = None if runs == 1 else Design.of(scenario, "mc", seed).chunk(scenario, 0, runs)[1]
    base_levers = list(resolve_levers(scenario, st.levers if isinstance(st.levers, str) else list(st.levers)))
    nominal_deciders = [a.id for a in scenario.actors if a.decides]
    index = [{o.id: k for k, o in enumerate(i.options)} for i in scenario.issues]
    fixed = dict(next(p for p in scenario.packages if p.id == proc.proposal).options) if proc.proposal else None

    phase = np.zeros(runs, dtype=np.int64)
    deal_month = np.full(runs, -1, dtype=np.int64)
    deal_pkg: list[dict[str, str] | None] = [None] * runs
    war_cost = np.zeros(runs)
    lever_cost = np.zeros(runs)
    timeline: list[Month] = []
    text: dict[str, str] | None = None
    # months each lever and hypothesis has been in force, per run (per-month effects accrue over them)
    ids = [lv.id for lv in scenario.levers] + [h.id for h in scenario.hypotheses]
    held = {x: np.zeros(runs) for x in ids}
    held0 = dict.fromkeys(ids, 0.0)  # the same along the first phase, for the mediator's nominal proposal
    opens: tuple[tuple[str, ...] | None, int] = (None, 0)  # (levers, first month a zone opens under them)
    for t in range(months):
        levers0 = _scheduled(st, base_levers, t)
        phase_levers = {
            0: levers0,
            1: list(dict.fromkeys(levers0 + proc.ultimatum)),
            2: [x for x in dict.fromkeys(levers0 + proc.ultimatum) if x not in proc.on_refusal_off],
        }
        batches = {
            k: situate_batch(scenario, v or "none", hypotheses, months=t, numbers=numbers, sustained=held)
            for k, v in phase_levers.items()
            if k == 0 or proc.kind == "sequential"
        }
        nominal = situate_batch(scenario, levers0 or "none", hypotheses, months=t, sustained=held0).situation(0)
        proposer = None
        key = (*levers0, "|", *nominal.events)  # levers or the events in force changed: look again
        if key != opens[0]:  # levers changed: when does a zone open at the nominal numbers if they stay?
            m, _ = zone_opens(nominal, months - t)
            opens = (key, t + m if m >= 0 else months)
        zone_now = opens[1] <= t
        if proc.kind == "single_text":
            nash = bargain_situation(nominal).solutions["nash"] if zone_now else None
            text = nash.package if nash else text
            proposal = text
        elif proc.kind == "alternating":
            proposer = proc.order[t % len(proc.order)]
            proposal = _best_for(nominal, proposer) if zone_now else None
        else:
            if fixed is None:
                nash = bargain_situation(nominal).solutions["nash"] if zone_now else None
                proposal = nash.package if nash else None
            else:
                proposal = {i.id: fixed.get(i.id, nominal.status_quo[i.id]) for i in scenario.issues}
        open_runs = deal_month < 0
        phase_start = phase.copy()  # a month's costs are those of the levers in force when it began
        events: list[str] = [
            f"{e.name or e.id}{f' ({e.date})' if e.date else ''} comes into force"
            for m, e in scenario.events_by_month()
            if m == t
        ]
        refusals: dict[str, str] = {}
        acceptance: dict[str, float] = {}
        deals_now = np.zeros(runs, dtype=bool)
        if proposal is not None and open_runs.any():
            cand = np.array([[index[k][proposal[i.id]] for k, i in enumerate(scenario.issues)]])
            if proc.kind == "sequential":
                first = nominal_deciders.index(proc.order[0])
                each0, _, ok0 = verdicts(batches[0], cand)
                # phase 0 runs: the first party is asked; if it accepts, the terms go to the others with the ultimatum
                asked = open_runs & (phase == 0)
                first_yes = asked & each0[:, first, 0] & ok0[0]
                phase[first_yes] = 1
                each1, _, ok1 = verdicts(batches[1], cand)
                all1 = each1[:, :, 0].all(axis=1) & ok1[0]
                deals_now |= (phase == 1) & open_runs & all1
                refused = (phase == 1) & open_runs & ~all1
                phase[refused] = 2
                each2, _, ok2 = verdicts(batches[2], cand)
                all2 = each2[:, :, 0].all(axis=1) & ok2[0]
                deals_now |= (phase == 2) & open_runs & all2 & ~refused
                for j, a in enumerate(nominal_deciders):
                    shown = np.where(phase == 0, each0[:, j, 0], np.where(phase == 1, each1[:, j, 0], each2[:, j, 0]))
                    acceptance[a] = float(shown[open_runs].mean())
                if first_yes.any():
                    others = [scenario.name_of(a) for a in proc.order[1:]]
                    events.append(
                        f"{scenario.name_of(proc.order[0])} accepts the terms in {int(first_yes.sum())} "
                        f"run(s); they go to {', '.join(others) or 'the others'} with "
                        f"{', '.join(_lever_names(scenario, proc.ultimatum)) or 'no ultimatum'}"
                    )
                if refused.any():
                    events.append(
                        f"refused in {int(refused.sum())} run(s): "
                        f"{', '.join(_lever_names(scenario, proc.on_refusal_off)) or 'nothing'} stop(s)"
                    )
                judged = 1 if refused[0] else int(phase[0])
            else:
                each, _, ok = verdicts(batches[0], cand)
                deals_now = open_runs & each[:, :, 0].all(axis=1) & ok[0]
                for j, a in enumerate(nominal_deciders):
                    acceptance[a] = float(each[open_runs, j, 0].mean())
                judged = 0
            if runs == 1 and open_runs[0] and not deals_now[0]:
                asked = [proc.order[0]] if proc.kind == "sequential" and judged == 0 else None
                refusals = _refusals(batches[judged].situation(0), proposal, asked)
        elif proposal is None:
            events.append("no proposal: no zone of agreement at the scenario's numbers this month")
        deals_now &= open_runs
        deal_month[deals_now] = t
        for r in np.flatnonzero(deals_now):
            deal_pkg[r] = proposal
        still = deal_month < 0
        in_set = {x: np.array([x in (*b.levers, *b.applied_hypotheses) for b in batches.values()]) for x in ids}
        slot = {k: j for j, k in enumerate(batches)}
        where = (
            np.array([slot.get(int(k), 0) for k in phase_start])
            if proc.kind == "sequential"
            else np.zeros(runs, dtype=np.int64)
        )
        for x in ids:
            held[x] = np.where(in_set[x][where], held[x] + 1.0, 0.0)
            held0[x] = held0[x] + 1.0 if in_set[x][0] else 0.0
        for k, b in batches.items():
            in_phase = still & (phase_start == k) if proc.kind == "sequential" else still
            war_cost[in_phase] += b.decider_monthly_cost()[in_phase]
            lever_cost[in_phase] += b.cost[in_phase]
        if deals_now.any():
            events.append(f"deal in {int(deals_now.sum())} run(s)")
        timeline.append(
            Month(
                t,
                proposal,
                proposer,
                {PHASES[k]: tuple(v) for k, v in phase_levers.items() if k in batches},
                int(open_runs.sum()),
                acceptance,
                int(deals_now.sum()),
                tuple(events),
                refusals,
            )
        )
        if not still.any():
            break
    return SimulationResult(
        scenario.meta.id,
        strategy,
        proc.kind,
        tuple(hypotheses) if isinstance(hypotheses, list) else ((hypotheses,) if hypotheses else ()),
        months,
        runs,
        timeline,
        deal_month,
        war_cost,
        lever_cost,
        deal_pkg,
        time.perf_counter() - t0,
        labels=names_of(scenario),
    )


def _lever_names(scenario: Scenario, ids: list[str]) -> list[str]:
    names = {lv.id: lv.name or lv.id for lv in scenario.levers}
    return [names.get(x, x) for x in ids]


def _refusals(sit: object, proposal: dict[str, str], asked: list[str] | None) -> dict[str, str]:
    """Each decider (of those asked) that rejects the proposal, with why: red lines crossed, or the shortfall."""
    ev = judge(sit, proposal)  # type: ignore[arg-type]
    return {
        v.id: "; ".join(v.reasons)
        for v in ev.actors
        if v.decides and not v.accepts and (asked is None or v.id in asked)
    }


def _scheduled(st: Strategy, base: list[str], month: int) -> list[str]:
    """The strategy's levers in force in a month, after its schedule."""
    levers = list(base)
    for step in sorted(st.schedule, key=lambda x: x.month):
        if step.month <= month:
            levers = [x for x in levers if x not in step.levers_off]
            levers += [x for x in step.levers_on if x not in levers]
    return levers


def _best_for(sit: object, proposer: str) -> dict[str, str] | None:
    """The package best for the proposer among those every decider accepts (None if no zone)."""
    b = bargain_situation(sit)  # type: ignore[arg-type]
    if not b.zone:
        return None
    k = b.deciders.index(proposer)
    pick = int(np.argmax(b.frontier_utilities[:, k]))
    return b.frontier_packages(sit.scenario)[pick]  # type: ignore[attr-defined]
