"""The situation a lever package creates: the scenario compiled to arrays, with levers and hypotheses applied.

Every analysis starts here. `situate` reads the scenario once, applies the pulled levers'
effects and then those of each active hypothesis whose condition holds, and returns
plain NumPy arrays that the evaluation and bargaining code work on:

- party utility contributions `contrib[p, i, o] = salience[p, i] * value[p, i, o]`;
- per-party deal value (added to every package) and reservation value;
- faction weights after shifts, and the actor matrix that aggregates parties into actors;
- the options on the table (some are unlocked only by a lever, some left out by the offer sets in force) and
  compiled red lines (a soft one gives way, at its cost, where its holder's reservation value is low enough);
- carrots tied to terms folded into the values of the options they are tied to (see `accord.model.acceptance`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from accord.errors import AccordError, SelectionError
from accord.scenario.schema import Condition, Effect, Event, Hypothesis, RedLine, Scenario


@dataclass(frozen=True)
class Pattern:
    """A conjunction of option sets: matches a package when every listed issue takes a listed option."""

    id: str
    mask: np.ndarray  # (n_issues, max_options) bool; unlisted issues all True
    issues: tuple[int, ...]  # the issues the pattern constrains


@dataclass(frozen=True)
class CompiledRedLine:
    """A red line with its holder, the actor it binds, and whether it binds under these levers."""

    pattern: Pattern
    holder: str
    actor: str
    binding: bool
    source: str | None
    quote: str | None
    soft: int = -1  # index among the scenario's soft red lines (`soft_red_lines`), -1 for a hard one
    gave_way: bool = False  # a soft red line its holder gives up under these levers (at its cost)
    give_way_below: float = float("nan")  # a soft red line's threshold r and cost c, and the holder's reservation
    cost: float = float("nan")
    holder_reservation: float = float("nan")
    gives_from: float = float("inf")  # months from now until a soft red line binding now gives way (inf: never)
    gives_until: float = float("inf")  # months from now until a soft red line given way now binds again (inf: never)
    price: float = 0.0  # what giving it way takes off its actor's utility (the cost times the holder's share)


HARD_TERMS = (float("nan"), float("nan"), float("nan"), float("inf"), float("inf"), 0.0)
"""`CompiledRedLine`'s soft terms for a hard red line (r, c, holder's reservation, gives_from, gives_until, price)."""


def give_way_months(reservation: np.ndarray, slope: np.ndarray, below: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a soft red line whose holder's reservation value is `reservation` now and moves by `slope` a month:
    the first whole month from now at which it is below `below` (the line gives way; inf if never, 0 if now),
    and the first at which it is no longer below (the line binds again; 0 if not below now, inf if it stays
    below). The reservation value is linear in the months (`accord.analyses.window`), so each is one division."""
    r, b, x = (np.asarray(v, dtype=float) for v in (reservation, slope, below))
    with np.errstate(divide="ignore", invalid="ignore"):
        falls = np.where(b < 0, np.floor((r - x) / -b + 1e-9) + 1.0, np.inf)  # first t with r + t b < x
        rises = np.where(b > 0, np.ceil((x - r) / b - 1e-9), np.inf)  # first t with r + t b >= x
    below_now = r < x
    return np.where(below_now, 0.0, falls), np.where(below_now, rises, 0.0)


@dataclass(frozen=True)
class Situation:
    """A scenario under one lever package, one set of hypotheses and one month offset."""

    scenario: Scenario
    levers: tuple[str, ...]
    hypotheses: tuple[str, ...]
    applied_hypotheses: tuple[str, ...]
    months: float
    option_counts: np.ndarray  # (n,)
    party_ids: tuple[str, ...]
    contrib: np.ndarray  # (P, n, K)
    deal_value: np.ndarray  # (P,)
    reservation: np.ndarray  # (P,)
    weights: dict[str, float]
    actor_ids: tuple[str, ...]  # actors that hold preferences (directly or through factions)
    actor_matrix: np.ndarray  # (A, P): actor utility = actor_matrix @ (party utility)
    decides: np.ndarray  # (A,) bool
    available: np.ndarray  # (n, K) bool: options on the table
    red_lines: tuple[CompiledRedLine, ...]
    constraints: tuple[Pattern, ...]
    cost: float
    notes: tuple[str, ...] = field(default=())
    slope: np.ndarray | None = None  # (A,) change of each actor's gain from any deal per further month
    offers: tuple[str, ...] = ()  # the offer sets in force (ids); () : the best package that exists is proposed
    offered: np.ndarray | None = None  # (C, n) the only packages the offer sets allow (named packages), or None
    events: tuple[str, ...] = ()  # the dated events in force (ids, in date order)
    status_quo: dict[str, str] = field(default_factory=dict)  # issue -> status quo option at this month

    @property
    def actor_reservation(self) -> np.ndarray:
        """Each actor's reservation value: its factions' values weighted by influence."""
        return self.actor_matrix @ self.reservation

    @property
    def decider_ids(self) -> tuple[str, ...]:
        """Actors whose acceptance a deal needs."""
        return tuple(a for a, d in zip(self.actor_ids, self.decides, strict=True) if d)

    def actor_tables(self) -> np.ndarray:
        """(A, n, K) utility contributions per actor, deal value folded into the first issue."""
        tables = np.einsum("ap,pik->aik", self.actor_matrix, self.contrib)
        tables[:, 0, :] += (self.actor_matrix @ self.deal_value)[:, None]
        return tables


def resolve_levers(scenario: Scenario, spec: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Lever ids from a lever package name, a comma list of lever ids, `none`, or None (the baseline)."""
    if spec is None:
        if scenario.baseline_levers is None:
            return ()
        return tuple(next(lp for lp in scenario.lever_packages if lp.id == scenario.baseline_levers).levers)
    items = [x.strip() for x in (spec.split(",") if isinstance(spec, str) else spec) if x.strip()]
    if items in (["none"], []):
        return ()
    packages = {lp.id: lp for lp in scenario.lever_packages}
    if len(items) == 1 and items[0] in packages:
        return tuple(packages[items[0]].levers)
    known = {lv.id for lv in scenario.levers}
    bad = [x for x in items if x not in known]
    if bad:
        raise SelectionError(
            f"unknown lever or lever package {', '.join(map(repr, bad))}; lever packages: "
            f"{', '.join(sorted(packages)) or '(none)'}; levers: {', '.join(sorted(known))}"
        )
    return tuple(dict.fromkeys(items))


def resolve_hypotheses(scenario: Scenario, spec: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Hypothesis ids from ids or hypothesis-set names (`all`, `none` also accepted)."""
    if spec is None:
        return ()
    items = [x.strip() for raw in ([spec] if isinstance(spec, str) else spec) for x in raw.split(",") if x.strip()]
    sets = {hs.id: hs.hypotheses for hs in scenario.hypothesis_sets}
    known = [h.id for h in scenario.hypotheses]
    out: list[str] = []
    for x in items:
        if x == "none":
            continue
        if x == "all":
            out.extend(known)
        elif x in sets:
            out.extend(sets[x])
        elif x in known:
            out.append(x)
        else:
            raise SelectionError(
                f"unknown hypothesis or hypothesis set {x!r}; sets: "
                f"{', '.join(sorted(sets)) or '(none)'}; hypotheses: {', '.join(known)}"
            )
    return tuple(dict.fromkeys(out))


def theories(scenario: Scenario) -> list[tuple[str, str | None]]:
    """(label, hypothesis spec) for no hypotheses and each hypothesis set.

    Sets are never pooled: two authors' theories together make no one's argument (their mixture is
    the `beliefs` theory of `explore`, which draws one theory per sample).
    """
    out: list[tuple[str, str | None]] = [("none", None)]
    out += [(hs.id, hs.id) for hs in scenario.hypothesis_sets]
    return out


def reads(scenario: Scenario, cond: Condition) -> str | None:
    """Whose levers a condition reads (an actor id), or None for anyone's: its `by`, else the mediator's own
    (version 2) or anyone's (version 1, and a scenario without a mediator)."""
    by = cond.by if cond.by is not None else ("mediator" if scenario.accord >= 2 else "anyone")
    if by == "anyone":
        return None
    return scenario.mediator if by == "mediator" else by


def condition_holds(
    scenario: Scenario, hyp: Hypothesis | Condition, pulled: tuple[str, ...], month: float = 0.0
) -> bool:
    """Whether a hypothesis's (or response's) `when` holds for the levers in force at `month`: its stick and carrot
    tests read the levers of the holder it names (`reads`); `levers_pulled` / `levers_not_pulled` name levers
    outright; `after_event` / `before_event` hold from / before the event's month, `from_month` / `until_month`
    for months >= / < theirs."""
    cond = hyp if isinstance(hyp, Condition) else hyp.when
    if not _time_holds(scenario, cond, month):
        return False
    holder = reads(scenario, cond)
    levers = [lv for lv in scenario.levers if lv.id in pulled and (holder is None or lv.by == holder)]

    def pulled_kind(kind: str, target: str) -> bool:
        return any(lv.kind == kind and lv.on == target for lv in levers)

    checks = [
        cond.any_stick_on is None or pulled_kind("stick", cond.any_stick_on),
        cond.no_stick_on is None or not pulled_kind("stick", cond.no_stick_on),
        cond.any_carrot_to is None or pulled_kind("carrot", cond.any_carrot_to),
        cond.no_carrot_to is None or not pulled_kind("carrot", cond.no_carrot_to),
        all(x in pulled for x in cond.levers_pulled),
        not any(x in pulled for x in cond.levers_not_pulled),
    ]
    return all(checks)


def _time_holds(scenario: Scenario, cond: Condition, month: float) -> bool:
    """A condition's tests on dated events and on the month (true when it has none)."""
    if cond.from_month is not None and month < cond.from_month:
        return False
    if cond.until_month is not None and month >= cond.until_month:
        return False
    for key, after in (("after_event", True), ("before_event", False)):
        ref = getattr(cond, key)
        if ref is not None:
            at = next(m for m, e in scenario.events_by_month() if e.id == ref)
            if (month >= at) != after:
                return False
    return True


def events_in_force(scenario: Scenario, month: float) -> list[Event]:
    """The dated events in force at `month` (their month <= it), in date order."""
    if not scenario.events:
        return []
    return [e for m, e in scenario.events_by_month() if m <= month]


def status_quo_at(scenario: Scenario, month: float = 0.0) -> dict[str, str]:
    """Issue -> the status quo option at `month`: the scenario's, moved by the events in force (a later one wins)."""
    out = {i.id: i.status_quo for i in scenario.issues}
    for e in events_in_force(scenario, month):
        out.update(e.status_quo)
    return out


def in_force(
    scenario: Scenario, pulled: tuple[str, ...], month: float = 0.0
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The levers in force at `month`: those pulled, plus every other actor's response that is in force.

    A response is in force when its condition holds on the pulled levers (and the month), unless a dated event in
    force switched it on (`responses_on`: in force whatever its condition) or off (`responses_off`), the later event
    winning. Returns (levers in force, ids of the responses that fired). Responses read the pulled levers only,
    so one response never triggers another.
    """
    switched: dict[str, bool] = {}
    for e in events_in_force(scenario, month):
        switched.update({x: True for x in e.responses_on})
        switched.update({x: False for x in e.responses_off})
    fired = [
        r
        for r in scenario.responses
        if switched.get(r.id, None) is True
        or (r.id not in switched and condition_holds(scenario, r.when, pulled, month))
    ]
    levers = list(pulled) + [x for r in fired for x in r.levers if x not in pulled]
    return tuple(dict.fromkeys(levers)), tuple(r.id for r in fired)


@dataclass(frozen=True)
class Numbers:
    """Every number of a scenario as arrays with a leading sample axis (one row for the nominal scenario).

    `lever_delta[l]`, `hyp_delta[h]` and `event_delta[e]` hold one column per effect of lever `l` / hypothesis
    `h` / dated event `e`.
    """

    salience: np.ndarray  # (S, P, n)
    value: np.ndarray  # (S, P, n, K)
    base: np.ndarray  # (S, P)
    drift: np.ndarray  # (S, P)
    monthly_cost: np.ndarray  # (S, P)
    horizon: np.ndarray  # (S, P)
    weight: np.ndarray  # (S, F) faction weights, factions in scenario order
    veto_threshold: np.ndarray  # (S,)
    lever_cost: np.ndarray  # (S, levers)
    lever_delta: tuple[np.ndarray, ...]
    hyp_delta: tuple[np.ndarray, ...]
    belief: np.ndarray  # (S, hypothesis sets) prior weight of each theory (0 where none is given)
    capability: np.ndarray  # (S, actors) capability of each actor (0 where none is given)
    soft_below: np.ndarray  # (S, soft red lines) reservation value below which each soft red line gives way
    soft_cost: np.ndarray  # (S, soft red lines) the utility its holder pays to cross it
    event_delta: tuple[np.ndarray, ...] = ()

    @property
    def size(self) -> int:
        """Number of samples."""
        return int(self.base.shape[0])

    @staticmethod
    def concat(parts: list[Numbers]) -> Numbers:
        """The samples of several batches, one after the other."""
        out = {}
        for f in Numbers.__dataclass_fields__:
            if f in DELTAS:
                out[f] = tuple(np.concatenate(cols) for cols in zip(*(getattr(p, f) for p in parts), strict=True))
            else:
                out[f] = np.concatenate([getattr(p, f) for p in parts])
        return Numbers(**out)

    def take(self, rows: np.ndarray) -> Numbers:
        """The samples at `rows`."""
        return Numbers(
            **{
                f: (tuple(a[rows] for a in getattr(self, f)) if f in DELTAS else getattr(self, f)[rows])
                for f in self.__dataclass_fields__
            }
        )


DELTAS = ("lever_delta", "hyp_delta", "event_delta")
"""The fields of `Numbers` that are tuples of arrays (one per lever, hypothesis, event)."""

_NOMINAL: dict[int, tuple[Scenario, Numbers]] = {}


def nominal_numbers(scenario: Scenario) -> Numbers:
    """The scenario's own numbers, as a batch of one sample (read-only arrays, cached per scenario object)."""
    hit = _NOMINAL.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    num = _nominal_numbers(scenario)
    for a in (
        *(getattr(num, f) for f in num.__dataclass_fields__ if f not in DELTAS),
        *num.lever_delta,
        *num.hyp_delta,
        *num.event_delta,
    ):
        a.flags.writeable = False
    if len(_NOMINAL) >= 16:
        _NOMINAL.pop(next(iter(_NOMINAL)))
    _NOMINAL[id(scenario)] = (scenario, num)
    return num


def _nominal_numbers(scenario: Scenario) -> Numbers:
    issues = scenario.issues
    n = len(issues)
    kmax = max(len(i.options) for i in issues)
    opt_index = [{o.id: k for k, o in enumerate(i.options)} for i in issues]
    issue_index = {i.id: k for k, i in enumerate(issues)}
    parties = scenario.parties
    P = len(parties)
    sal = np.zeros((1, P, n))
    val = np.zeros((1, P, n, kmax))
    res = np.zeros((4, 1, P))
    for k, party in enumerate(parties):
        pref, r = party.preferences, party.reservation
        assert pref is not None and r is not None  # guaranteed by checks
        for issue_id, x in pref.saliences.items():
            sal[0, k, issue_index[issue_id]] = x
        for issue_id, vals in pref.values.items():
            i = issue_index[issue_id]
            for opt, v in vals.items():
                val[0, k, i, opt_index[i][opt]] = v
        res[:, 0, k] = r.base, r.drift, r.monthly_cost, r.horizon
    weight = np.array([[f.weight for a in scenario.actors for f in a.factions]], dtype=float).reshape(1, -1)
    soft = soft_red_lines(scenario)
    return Numbers(
        salience=sal,
        value=val,
        base=res[0],
        drift=res[1],
        monthly_cost=res[2],
        horizon=res[3],
        weight=weight,
        veto_threshold=np.array([scenario.veto_threshold]),
        lever_cost=np.array([[lv.cost for lv in scenario.levers]], dtype=float).reshape(1, -1),
        lever_delta=tuple(
            np.array([[e.delta for e in lv.effects]], dtype=float).reshape(1, -1) for lv in scenario.levers
        ),
        hyp_delta=tuple(
            np.array([[e.delta for e in h.effects]], dtype=float).reshape(1, -1) for h in scenario.hypotheses
        ),
        belief=np.array([[hs.belief or 0.0 for hs in scenario.hypothesis_sets]], dtype=float).reshape(1, -1),
        capability=np.array([[a.capability or 0.0 for a in scenario.actors]], dtype=float).reshape(1, -1),
        soft_below=np.array([[rl.soft.gives_way_below for rl in soft if rl.soft]], dtype=float).reshape(1, -1),
        soft_cost=np.array([[rl.soft.cost for rl in soft if rl.soft]], dtype=float).reshape(1, -1),
        event_delta=tuple(
            np.array([[e.delta for e in ev.effects]], dtype=float).reshape(1, -1) for ev in scenario.events
        ),
    )


def soft_red_lines(scenario: Scenario) -> list[RedLine]:
    """The soft red lines in scenario order: each actor's, then its factions', then the hypotheses'."""
    out = []
    for a in scenario.actors:
        out += [rl for rl in a.red_lines if rl.soft is not None]
        for f in a.factions:
            out += [rl for rl in f.red_lines if rl.soft is not None]
    for h in scenario.hypotheses:
        out += [rl for rl in h.red_lines if rl.soft is not None]
    return out


@dataclass(frozen=True)
class Batch:
    """A scenario under one lever package and set of hypotheses, for every sample of its numbers at once."""

    scenario: Scenario
    levers: tuple[str, ...]
    hypotheses: tuple[str, ...]
    applied_hypotheses: tuple[str, ...]
    months: float
    option_counts: np.ndarray
    party_ids: tuple[str, ...]
    faction_ids: tuple[str, ...]
    contrib: np.ndarray  # (S, P, n, K)
    deal_value: np.ndarray  # (S, P)
    reservation: np.ndarray  # (S, P)
    weight: np.ndarray  # (S, F)
    actor_ids: tuple[str, ...]
    actor_matrix: np.ndarray  # (S, A, P)
    decides: np.ndarray  # (A,)
    available: np.ndarray  # (n, K)
    red_line_patterns: tuple[CompiledRedLine, ...]  # binding as written (nominal weights)
    red_line_binding: np.ndarray  # (S, R)
    constraints: tuple[Pattern, ...]
    cost: np.ndarray  # (S,) cost per month of the lever package's own levers (other actors' responses excluded)
    monthly_cost: np.ndarray  # (S, P) each party's monthly cost of war after levers and hypotheses
    reservation_slope: np.ndarray  # (S, P) change of each party's reservation value per further month
    deal_slope: np.ndarray  # (S, P) change of each party's deal value per further month
    responses: tuple[str, ...] = ()  # other actors' responses in force
    red_line_gave_way: np.ndarray | None = None  # (S, R) soft red lines their holders give up (at their cost)
    red_line_terms: np.ndarray | None = None  # (S, R, 6) a soft red line's r, c, its holder's reservation (NaN: hard),
    # the months from now at which it gives way and binds again (inf: never) and its price to its actor (0: hard)
    offers: tuple[str, ...] = ()  # the offer sets in force (ids)
    offered: np.ndarray | None = None  # (C, n) the only packages the offer sets allow, or None
    events: tuple[str, ...] = ()  # the dated events in force (ids, in date order)
    status_quo: dict[str, str] = field(default_factory=dict)  # issue -> status quo option at this month

    @property
    def actor_slope(self) -> np.ndarray:
        """(S, A) how much each actor's gain from any deal changes per further month (deal minus war)."""
        return np.einsum("sap,sp->sa", self.actor_matrix, self.deal_slope - self.reservation_slope)

    @property
    def actor_reservation(self) -> np.ndarray:
        """(S, A) reservation value of each actor."""
        return np.einsum("sap,sp->sa", self.actor_matrix, self.reservation)

    def decider_monthly_cost(self) -> np.ndarray:
        """(S,) the deciders' monthly cost of war, each actor weighing its factions by influence."""
        deciders = np.flatnonzero(self.decides)
        return np.einsum("sap,sp->s", self.actor_matrix[:, deciders, :], self.monthly_cost)

    def situation(self, s: int = 0) -> Situation:
        """The situation of one sample."""
        gave = self.red_line_gave_way
        terms = self.red_line_terms
        red = tuple(
            CompiledRedLine(
                rl.pattern,
                rl.holder,
                rl.actor,
                bool(self.red_line_binding[s, k]),
                rl.source,
                rl.quote,
                rl.soft,
                bool(gave[s, k]) if gave is not None else False,
                *((float(x) for x in terms[s, k]) if terms is not None else HARD_TERMS),
            )
            for k, rl in enumerate(self.red_line_patterns)
        )
        return Situation(
            scenario=self.scenario,
            levers=self.levers,
            hypotheses=self.hypotheses,
            applied_hypotheses=self.applied_hypotheses,
            months=self.months,
            option_counts=self.option_counts,
            party_ids=self.party_ids,
            contrib=self.contrib[s],
            deal_value=self.deal_value[s],
            reservation=self.reservation[s],
            weights=dict(zip(self.faction_ids, self.weight[s].tolist(), strict=True)),
            actor_ids=self.actor_ids,
            actor_matrix=self.actor_matrix[s],
            decides=self.decides,
            available=self.available,
            red_lines=red,
            constraints=self.constraints,
            cost=float(self.cost[s]),
            slope=self.actor_slope[s],
            offers=self.offers,
            offered=self.offered,
            events=self.events,
            status_quo=self.status_quo,
        )


def situate(
    scenario: Scenario,
    levers: str | list[str] | tuple[str, ...] | None = None,
    hypotheses: str | list[str] | tuple[str, ...] | None = None,
    months: float = 0.0,
) -> Situation:
    """Compile a scenario under a lever package and hypotheses (names or ids) at `months` from now."""
    return situate_batch(scenario, levers, hypotheses, months).situation(0)


def _finite_or_explain(
    reservation: np.ndarray,
    deal: np.ndarray,
    party_ids: tuple[str, ...],
    months: float,
    num: Numbers,
    d_res: np.ndarray,
    d_drift: np.ndarray,
    d_cost: np.ndarray,
) -> None:
    """Refuse a reservation or deal value that came out infinite or NaN, naming the party and the numbers that
    produced it (scenario files bound their numbers; a scenario built in code, or extreme sampled ranges
    compounded over many months, may still overflow)."""
    bad = ~(np.isfinite(reservation) & np.isfinite(deal))
    if not bad.any():
        return
    s, p = (int(x) for x in np.argwhere(bad)[0])
    inputs = (
        f"base {num.base[s, p]:g}, lever and hypothesis shifts {d_res[s, p]:g}, drift "
        f"{num.drift[s, p] + d_drift[s, p]:g}, monthly_cost {num.monthly_cost[s, p] + d_cost[s, p]:g}, "
        f"horizon {num.horizon[s, p]:g}, months {months:g}, deal value shift {deal[s, p]:g}"
    )
    raise AccordError(
        f"the reservation value of {party_ids[p]!r} is not a finite number (sample {s}): {inputs}; "
        "these numbers are too large to combine; give smaller ones"
    )


def situate_batch(
    scenario: Scenario,
    levers: str | list[str] | tuple[str, ...] | None = None,
    hypotheses: str | list[str] | tuple[str, ...] | None = None,
    months: float = 0.0,
    numbers: Numbers | None = None,
    sustained: Mapping[str, np.ndarray | float] | None = None,
    respond: bool = True,
) -> Batch:
    """Apply levers (and other actors' responses), then every hypothesis whose condition holds, to each sample.

    `months` is the time since the levers were pulled, and the month of the scenario's calendar: the dated
    events of month <= `months` are in force (their effects first, in date order, then the levers', then the
    hypotheses'); conditions on events and time read it. Per-month effects of a lever or hypothesis accrue
    for `sustained[id]` months (per sample or one number); by default for `months`, as if held throughout.
    `respond=False` leaves other actors' responses out (to measure one lever's own effect).
    """
    own = resolve_levers(scenario, levers)
    pulled, fired = in_force(scenario, own, months) if respond else (own, ())
    happened = events_in_force(scenario, months)
    hyp_ids = resolve_hypotheses(scenario, hypotheses)
    num = numbers if numbers is not None else nominal_numbers(scenario)
    S = num.size
    issues = scenario.issues
    counts = np.array([len(i.options) for i in issues], dtype=np.int64)
    kmax = int(counts.max())
    opt_index = [{o.id: k for k, o in enumerate(i.options)} for i in issues]
    issue_index = {i.id: k for k, i in enumerate(issues)}
    party_ids = tuple(p.id for p in scenario.parties)
    pidx = {pid: k for k, pid in enumerate(party_ids)}
    faction_ids = tuple(f.id for a in scenario.actors for f in a.factions)
    fidx = {f: k for k, f in enumerate(faction_ids)}
    siblings = {f.id: [fidx[g.id] for g in a.factions] for a in scenario.actors for f in a.factions}
    factions_by_actor = {a.id: [f.id for f in a.factions] for a in scenario.actors}
    faction_actor = {f.id: a.id for a in scenario.actors for f in a.factions}

    val = num.value.copy()
    weight = num.weight.copy()
    deal = np.zeros((S, len(party_ids)))
    d_res = np.zeros_like(deal)
    d_drift = np.zeros_like(deal)
    d_cost = np.zeros_like(deal)
    shifts = {"reservation": d_res, "drift": d_drift, "monthly_cost": d_cost, "deal_value": deal}
    slope_res = np.zeros_like(deal)
    slope_deal = np.zeros_like(deal)
    slopes = {"reservation": slope_res, "deal_value": slope_deal}

    def held(owner: str) -> np.ndarray | float:
        got = sustained.get(owner, months) if sustained is not None else months
        return np.asarray(got, dtype=float) if not np.isscalar(got) else float(got)

    def targets(on: str) -> list[int]:
        return (
            [pidx[f] for f in factions_by_actor[on]]
            if factions_by_actor.get(on)
            else ([pidx[on]] if on in pidx else [])
        )

    def apply(eff: Effect, delta: np.ndarray, owner: str) -> None:
        if eff.target == "faction_weight":
            k = fidx[eff.on]
            old = weight[:, k]
            if eff.per_month:
                delta = delta * held(owner)
            new = {
                "shift": old + delta,
                "set": delta,
                "at_least": np.maximum(old, delta),
                "at_most": np.minimum(old, delta),
            }[eff.mode]
            _shift_weights(weight, k, new - old, siblings[eff.on])
            return
        for k in targets(eff.on):
            if eff.target == "option_value":
                i = issue_index[eff.issue]  # type: ignore[index]
                o = opt_index[i][eff.option]  # type: ignore[index]
                val[:, k, i, o] = np.clip(val[:, k, i, o] + delta, 0.0, 1.0)
            elif eff.per_month:
                shifts[eff.target][:, k] += delta * held(owner)
                slopes[eff.target][:, k] += delta
            else:
                shifts[eff.target][:, k] += delta

    event_pos = {ev.id: k for k, ev in enumerate(scenario.events)}
    for ev in happened:
        for e, eff in enumerate(ev.effects):
            apply(eff, num.event_delta[event_pos[ev.id]][:, e], ev.id)
    lever_pos = {lv.id: k for k, lv in enumerate(scenario.levers)}
    ties: list[tuple[int, int, list[int], np.ndarray]] = []  # (party, issue, options, share b per sample)
    for lid in pulled:
        lv = scenario.levers[lever_pos[lid]]
        for e, eff in enumerate(lv.effects):
            if lv.tied and eff.target == "deal_value":
                for issue_id, opts in lv.tied.items():
                    i = issue_index[issue_id]
                    ties += [
                        (k, i, [opt_index[i][o] for o in opts], num.lever_delta[lever_pos[lid]][:, e])
                        for k in targets(eff.on)
                    ]
                continue
            apply(eff, num.lever_delta[lever_pos[lid]][:, e], lid)
    applied = []
    hyp_pos = {h.id: k for k, h in enumerate(scenario.hypotheses)}
    for hid in hyp_ids:
        hyp = scenario.hypotheses[hyp_pos[hid]]
        if condition_holds(scenario, hyp, pulled, months):
            applied.append(hid)
            for e, eff in enumerate(hyp.effects):
                apply(eff, num.hyp_delta[hyp_pos[hid]][:, e], hid)

    with np.errstate(over="ignore", invalid="ignore"):  # checked just below, and reported with its inputs
        monthly = np.maximum(num.monthly_cost + d_cost, 0.0)
        reservation = num.base + d_res + (num.drift + d_drift) * (months + num.horizon) - monthly * num.horizon
    _finite_or_explain(reservation, deal, party_ids, months, num, d_res, d_drift, d_cost)
    contrib = num.salience[..., None] * val
    if ties:
        _tie(contrib, deal, slope_deal, ties)

    actors = [a for a in scenario.actors if a.factions or a.preferences is not None]
    actor_matrix = np.zeros((S, len(actors), len(party_ids)))
    for r, a in enumerate(actors):
        if a.factions:
            for f in a.factions:
                actor_matrix[:, r, pidx[f.id]] = weight[:, fidx[f.id]]
        else:
            actor_matrix[:, r, pidx[a.id]] = 1.0

    available = np.arange(kmax)[None, :] < counts[:, None]
    for lv in scenario.levers:
        for issue_id, opts in lv.unlocks.items():
            i = issue_index[issue_id]
            for o in opts:
                available[i, opt_index[i][o]] = False
    for lid in pulled:
        for issue_id, opts in scenario.levers[lever_pos[lid]].unlocks.items():
            i = issue_index[issue_id]
            for o in opts:
                available[i, opt_index[i][o]] = True

    status_quo = status_quo_at(scenario, months)
    for issue_id, opt in status_quo.items():  # the status quo (moved by an event or not) is always on the table
        i = issue_index[issue_id]
        available[i, opt_index[i][opt]] = True
    offer_ids, offered = _offers(scenario, own, available, issue_index, opt_index, status_quo)

    def compile_pattern(pid: str, when: dict[str, str | list[str]]) -> Pattern:
        mask = np.arange(kmax)[None, :] < counts[:, None]
        involved = []
        for issue_id, ref in when.items():
            i = issue_index[issue_id]
            involved.append(i)
            mask[i, :] = False
            for o in [ref] if isinstance(ref, str) else ref:
                mask[i, opt_index[i][o]] = True
        return Pattern(pid, mask, tuple(sorted(involved)))

    red_lines = []
    binding = []
    gave_way = []
    terms = []
    soft_pos = {id(rl): q for q, rl in enumerate(soft_red_lines(scenario))}
    party_rows = {a.id: ([pidx[f.id] for f in a.factions] or [pidx[a.id]]) for a in actors}
    party_rows.update({f: [pidx[f]] for f in faction_ids})
    res_slope = num.drift + d_drift + slope_res
    holder_res = {f: reservation[:, pidx[f]] for f in faction_ids}
    holder_res.update({a.id: np.einsum("sp,sp->s", actor_matrix[:, r, :], reservation) for r, a in enumerate(actors)})
    holder_slope = {f: res_slope[:, pidx[f]] for f in faction_ids}
    holder_slope.update({a.id: np.einsum("sp,sp->s", actor_matrix[:, r, :], res_slope) for r, a in enumerate(actors)})
    actor_row = {a.id: r for r, a in enumerate(actors)}

    def hold(rl: RedLine, holder: str) -> None:
        actor = faction_actor.get(holder, holder)
        binds = (weight[:, fidx[holder]] >= num.veto_threshold) if holder in fidx else np.ones(S, dtype=bool)
        pattern = compile_pattern(rl.id, rl.when)  # type: ignore[arg-type]
        q = soft_pos.get(id(rl), -1)
        gives = np.zeros(S, dtype=bool)
        term = np.tile(np.array(HARD_TERMS), (S, 1))
        cond = rl.soft.gives_way_when if rl.soft is not None else None
        if q >= 0 and (cond is None or condition_holds(scenario, cond, pulled, months)):
            below, cost, res = num.soft_below[:, q], num.soft_cost[:, q], holder_res.get(holder, np.zeros(S))
            gives = binds & (res < below)
            rows = party_rows.get(holder, [])
            share = actor_matrix[:, actor_row[actor], rows].sum(axis=1) if actor in actor_row else np.zeros(S)
            start, stop = give_way_months(res, holder_slope.get(holder, np.zeros(S)), below)
            term = np.stack(
                [
                    below,
                    cost,
                    res,
                    np.where(binds & ~gives, start, np.inf),
                    np.where(gives, stop, np.inf),
                    cost * share,
                ],
                axis=1,
            )
            i = pattern.issues[0]  # one issue (checked): the price folds into that issue's values
            hit = np.flatnonzero(pattern.mask[i])
            for k in rows:
                contrib[:, k, i, hit] -= np.where(gives, cost, 0.0)[:, None]
            binds = binds & ~gives
        red_lines.append(
            CompiledRedLine(
                pattern, holder, actor, bool(binds[0]), rl.source, rl.quote, q, bool(gives[0]), *term[0].tolist()
            )
        )
        binding.append(binds)
        gave_way.append(gives)
        terms.append(term)

    for a in scenario.actors:
        for rl in a.red_lines:
            hold(rl, a.id)
        for f in a.factions:
            for rl in f.red_lines:
                hold(rl, f.id)
    for hid in applied:
        for rl in scenario.hypotheses[hyp_pos[hid]].red_lines:
            hold(rl, rl.holder)
    constraints = tuple(compile_pattern(c.id, c.excludes) for c in scenario.constraints)
    cost = num.lever_cost[:, [lever_pos[lid] for lid in own]].sum(axis=1)  # the package's own levers, not responses

    return Batch(
        scenario=scenario,
        levers=pulled,
        hypotheses=hyp_ids,
        applied_hypotheses=tuple(applied),
        months=months,
        option_counts=counts,
        party_ids=party_ids,
        faction_ids=faction_ids,
        contrib=contrib,
        deal_value=deal,
        reservation=reservation,
        weight=weight,
        actor_ids=tuple(a.id for a in actors),
        actor_matrix=actor_matrix,
        decides=np.array([a.decides for a in actors], dtype=bool),
        available=available,
        red_line_patterns=tuple(red_lines),
        red_line_binding=np.array(binding, dtype=bool).T.reshape(S, len(red_lines)),
        constraints=constraints,
        cost=cost,
        monthly_cost=monthly,
        reservation_slope=num.drift + d_drift + slope_res,
        deal_slope=slope_deal,
        responses=fired,
        red_line_gave_way=np.array(gave_way, dtype=bool).T.reshape(S, len(red_lines)),
        red_line_terms=np.array(terms, dtype=float).reshape(len(red_lines), S, len(HARD_TERMS)).transpose(1, 0, 2),
        offers=offer_ids,
        offered=offered,
        events=tuple(e.id for e in happened),
        status_quo=status_quo,
    )


def _tie(
    contrib: np.ndarray, deal: np.ndarray, deal_slope: np.ndarray, ties: list[tuple[int, int, list[int], np.ndarray]]
) -> None:
    """Carrots tied to terms: party p's utility becomes u = (1 - B) * u_rest + sum_k b_k * 1{package has tied options
    k}, B = sum_k b_k (the shares scaled down to sum to 1 where they exceed it), so it stays in [0, 1] without
    clipping. Each tie names options of one issue, so it folds into that issue's values (in place)."""
    total = np.zeros_like(deal)
    for k, _, _, b in ties:
        total[:, k] += b
    scale = 1.0 / np.maximum(total, 1.0)
    keep = 1.0 - total * scale
    contrib *= keep[:, :, None, None]
    deal *= keep
    deal_slope *= keep
    for k, i, opts, b in ties:
        contrib[:, k, i, opts] += (b * scale[:, k])[:, None]


def _offers(
    scenario: Scenario,
    own: tuple[str, ...],
    available: np.ndarray,
    issue_index: dict[str, int],
    opt_index: list[dict[str, int]],
    status_quo: dict[str, str],
) -> tuple[tuple[str, ...], np.ndarray | None]:
    """The offer sets in force under the pulled levers `own`, narrowing `available` (in place) to the options they
    allow; and the named packages they allow (None: any package on the table).

    Per holder, the offer sets tied to a lever package or strategy whose levers are all pulled replace its general
    ones; every holder's offer sets in force bind together (what is put on the table is inside each of them)."""
    if not scenario.offers:
        return (), None
    packages = {lp.id: set(lp.levers) for lp in scenario.lever_packages}
    for st in scenario.strategies:
        packages.setdefault(st.id, set(resolve_levers(scenario, st.levers)))
    pulled = set(own)
    chosen: list = []
    for holder in dict.fromkeys(o.by or scenario.mediator for o in scenario.offers):
        mine = [o for o in scenario.offers if (o.by or scenario.mediator) == holder]
        tied = [o for o in mine if o.levers is not None and packages[o.levers] and packages[o.levers] <= pulled]
        chosen += tied or [o for o in mine if o.levers is None]
    named = {p.id: p for p in scenario.packages}
    allowed: list[np.ndarray] | None = None
    for o in chosen:
        for issue_id, opts in o.options.items():
            i = issue_index[issue_id]
            keep = np.zeros(available.shape[1], dtype=bool)
            keep[[opt_index[i][x] for x in opts]] = True
            available[i] &= keep
        if o.packages:
            rows = [
                np.array(
                    [
                        opt_index[i][named[pid].options.get(iss.id, status_quo[iss.id])]
                        for i, iss in enumerate(scenario.issues)
                    ]
                )
                for pid in o.packages
            ]
            mine_rows = {tuple(r) for r in rows}
            allowed = rows if allowed is None else [r for r in allowed if tuple(r) in mine_rows]
    offered = None
    if allowed is not None:
        offered = np.array(allowed, dtype=np.int64).reshape(-1, len(scenario.issues))
        offered = offered[available[np.arange(offered.shape[1])[None, :], offered].all(axis=1)]
        keep = np.zeros_like(available)  # only the named packages' options stay on the table
        keep[np.arange(offered.shape[1])[None, :].repeat(len(offered), 0), offered] = True
        available &= keep
    return tuple(o.id for o in chosen), offered


def _shift_weights(weight: np.ndarray, k: int, delta: np.ndarray, group: list[int]) -> None:
    """Move faction k's weight by delta per sample (clipped to [0, 1]); its siblings share the change in proportion."""
    old = weight[:, k].copy()
    new = np.clip(old + delta, 0.0, 1.0)
    others = [g for g in group if g != k]
    if others:
        rest_old = weight[:, others].sum(axis=1)
        rest_new = 1.0 - new
        safe = np.where(rest_old > 0, rest_old, 1.0)
        scaled = weight[:, others] * (rest_new / safe)[:, None]
        equal = np.repeat((rest_new / len(others))[:, None], len(others), axis=1)
        weight[:, others] = np.where((rest_old > 0)[:, None], scaled, equal)
    weight[:, k] = new
