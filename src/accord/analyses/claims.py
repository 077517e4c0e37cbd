"""Claims: an author's argument as checkable statements, each checked under the theory it is meant for.

A claim (`claims:` in a scenario) is one statement a source makes, with its quote: who accepts
what, which strategy does better, which way time runs, what a lever package does to a camp.
`check` evaluates every claim at the scenario's nominal numbers (the verdict) and, with
`samples`, as the share of sampled scenarios in which it holds (its robustness). A claim meant
for `all` is checked under every hypothesis set, one row each.

How each kind is decided (all at the claim's `month`, levers held from month 0):
- `accepts` / `rejects` a package: the holder's utility against its reservation value and red
  lines (a faction judges by its own numbers and red lines, and by its actor's, which bind every
  camp; an actor by its factions' weighted view and the red lines that bind it);
- with `options`: whether some package on the table with those options is acceptable to the holder
  (an exact pass over the packages, the holder alone deciding);
- `zone`: whether a zone of agreement opens within `months` (`accord.analyses.bargaining.zone_opens`);
- `in_zone` / `in_solution`: the zone or the named solution at the month the zone first opens;
- `deal_within` / `more_likely`: `accord.analyses.simulate` runs of the named strategies, paired by sample (in
  format version 2 `more_likely` is strict: A beats B in a sample when A ends in a deal within the window and B does
  not, or both do and A sooner; ties do not count; version 1 counts a tie for A);
- `shift`: the quantity under `levers` against `compared_to`; `time`: the sign of its change per month;
- `prefers`: option values; `in_force`: the levers in force after the other actors' responses.
Kinds whose sampled check passes over every package (`rejects`/`accepts` with options, `zone`,
`in_zone`, `in_solution`) use the first `exact` samples, and say how many.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from accord.analyses.bargaining import bargain_situation, zone_opens
from accord.analyses.frames import Table, Tabular, label, names_of
from accord.analyses.simulate import simulate
from accord.errors import AccordError
from accord.model.acceptance import holder as _holder
from accord.model.acceptance import holder_accepts
from accord.model.evaluation import package_rows, parse_package
from accord.model.situation import Batch, Numbers, Situation, in_force, resolve_levers, situate_batch
from accord.model.uncertainty import Design
from accord.scenario.schema import Claim, Scenario

EPS = 1e-9
EXACT = 50  # samples for the kinds that pass over every package

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ClaimResult:
    """One claim under one theory: does it hold at the nominal numbers, and how often over the samples."""

    claim: Claim
    theory: str  # hypothesis set id, or "none"
    holds: bool
    found: str  # what the model says, in words
    share: float | None = None  # share of sampled scenarios in which the claim holds
    samples: int = 0  # how many samples the share rests on
    # the single hypothesis a conclusion only restates (version 2; see `restates`); empty when it emerges
    restates: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})
    # holds only because no zone of agreement opens (a claim that the zone or its solution lacks an option)
    vacuous: bool = field(default=False, metadata={"omit_empty": True})
    # a conclusion that holds under its theory and, at the nominal numbers, with no hypotheses at all too: the
    # scenario's base numbers carry it, not the theory's mechanisms (see `unaided`); its share then, with samples
    holds_without_theory: bool = field(default=False, metadata={"omit_empty": True})
    share_without_theory: float | None = field(default=None, metadata={"omit_empty": True})


@dataclass(frozen=True)
class ClaimsReport(Tabular):
    """Every claim of a scenario, checked."""

    scenario: str
    results: list[ClaimResult]
    samples: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    def _table(self) -> Table:
        """Every claim under every theory it is checked under: holds at the nominal numbers, share of samples."""
        n = self.labels
        rows = [
            (
                r.claim.id,
                r.theory,
                r.claim.statement,
                label(n, r.theory) if r.theory != "none" else "no theory",
                r.holds,
                r.share,
                r.samples,
                r.found,
            )
            for r in self.results
        ]
        return Table(
            "Claims checked",
            ("claim_id", "theory_id", "claim", "theory"),
            ("holds (nominal)", "share of samples", "samples", "what the model says"),
            rows,
            key="claims",
        )

    @property
    def failed(self) -> list[ClaimResult]:
        """Claims that fail at the nominal numbers."""
        return [r for r in self.results if not r.holds]

    @property
    def passed(self) -> int:
        """How many claim-theory rows hold at the nominal numbers."""
        return sum(r.holds for r in self.results)

    @property
    def conclusions(self) -> list[ClaimResult]:
        """Rows of claims that must emerge from the mechanisms (every claim not marked `role: assumption`): the
        only ones that count as support."""
        return [r for r in self.results if r.claim.role != "assumption"]

    @property
    def assumptions(self) -> list[ClaimResult]:
        """Rows of claims marked `role: assumption`: they restate a hypothesis, red line or response, hold by
        construction, and are checked and shown apart, never counted as support."""
        return [r for r in self.results if r.claim.role == "assumption"]

    def summary(self) -> str:
        """One line: how many conclusions hold at the nominal numbers (assumptions, and conclusions that only
        restate a hypothesis, counted apart)."""
        c, a = self.conclusions, self.assumptions
        flagged = sum(1 for r in c if r.restates)
        tail = f"; {flagged} of them only restate a hypothesis (flagged)" if flagged else ""
        empty = sum(1 for r in self.results if r.vacuous)
        if empty:
            tail += (
                f"; {empty} hold{'s' if empty == 1 else ''} only because no zone of agreement opens (vacuous: "
                "no package could have the option), not counted"
            )
        bare = sum(1 for r in c if r.holds_without_theory)
        if bare:
            tail += (
                f"; {bare} of them hold{'s' if bare == 1 else ''} with no hypotheses too (the scenario's base numbers "
                "carry them, not the theory)"
            )
        if not a:
            held = self.passed - empty
            return f"Claims: {held} of {len(self.results)} hold at the nominal numbers{tail}"
        return (
            f"Claims: {sum(r.holds and not r.vacuous for r in c)} of {len(c)} conclusions hold at the nominal "
            f"numbers{tail} "
            f"(and {sum(r.holds for r in a)} of {len(a)} assumptions, which hold by construction and are not "
            "counted as support)"
        )


def theories_of(scenario: Scenario, claim: Claim) -> list[str | None]:
    """The hypothesis sets a claim is checked under (None: no hypotheses)."""
    spec = [claim.theory] if isinstance(claim.theory, str) else list(claim.theory)
    out: list[str | None] = []
    for t in spec:
        if t == "all":
            out += [hs.id for hs in scenario.hypothesis_sets] or [None]
        elif t == "none":
            out.append(None)
        else:
            out.append(t)
    return list(dict.fromkeys(out))


def check(
    scenario: Scenario,
    claims: list[str] | list[Claim] | None = None,
    *,
    samples: int = 0,
    seed: int = 0,
    exact: int = EXACT,
    progress: Progress | None = None,
) -> ClaimsReport:
    """Check claims (default: all the scenario's) at the nominal numbers and, with `samples`, over samples."""
    t0 = time.perf_counter()
    if samples < 0:
        raise AccordError("--samples must be 0 or more")
    items = _select(scenario, claims)
    numbers = Design.of(scenario, "mc", seed).chunk(scenario, 0, samples)[1] if samples else None
    rows = [(c, th) for c in items for th in theories_of(scenario, c)]
    ctx = _Ctx(exact, seed)
    results = []
    for k, (c, th) in enumerate(rows):
        ctx.no_zone = False
        holds, found = _KINDS[c.kind](scenario, c, th, None, ctx)
        # "no package in the zone has X" holds when no zone opens at all: true, but not evidence for the claim
        vacuous = bool(holds) and c.kind in ("in_zone", "in_solution") and not c.expect and ctx.no_zone
        share, n = None, 0
        if numbers is not None:
            flags = _KINDS[c.kind](scenario, c, th, numbers, ctx)[0]
            arr = np.asarray(flags, dtype=bool).reshape(-1)
            share, n = float(arr.mean()) if arr.size else None, int(arr.size)
        flagged = restates(scenario, c, th, ctx) if holds and (share is None or share == 1.0) else ()
        bare, bare_share = (False, None) if vacuous or not holds else unaided(scenario, c, th, numbers, ctx)
        results.append(ClaimResult(c, th or "none", bool(holds), found, share, n, flagged, vacuous, bare, bare_share))
        if progress is not None:
            progress(k + 1, len(rows))
    return ClaimsReport(scenario.meta.id, results, samples, time.perf_counter() - t0, labels=names_of(scenario))


DIRECT = ("shift", "time", "prefers", "in_force")  # kinds that read numbers a hypothesis can set directly


def restates(scenario: Scenario, claim: Claim, theory: str | None, ctx: _Ctx | None = None) -> tuple[str, ...]:
    """The one hypothesis a conclusion merely restates, or () when it emerges from the mechanisms.

    A version-2 claim marked (or defaulting to) a conclusion, of a kind that reads a number directly (`shift`,
    `time`, `prefers`, `in_force`), that holds under `theory` restates hypothesis h when it turns false with h
    alone left out of the theory and with no hypotheses at all, and no other single hypothesis left out turns it
    false: its truth is h's statement, not a consequence of the mechanisms. (The caller applies it only to claims
    that hold in every sample.) Returns `(h,)`, or `()`.
    """
    if scenario.accord < 2 or claim.role == "assumption" or claim.kind not in DIRECT or theory is None:
        return ()
    ctx = ctx or _Ctx(EXACT, 0)
    hyps = list(next((hs.hypotheses for hs in scenario.hypothesis_sets if hs.id == theory), ()))
    if not hyps or bool(_KINDS[claim.kind](scenario, claim, [], None, ctx)[0]):  # type: ignore[arg-type]
        return ()
    flips = [
        h for h in hyps if not bool(_KINDS[claim.kind](scenario, claim, [x for x in hyps if x != h], None, ctx)[0])
    ]  # type: ignore[arg-type]
    return (flips[0],) if len(flips) == 1 else ()


def unaided(
    scenario: Scenario, claim: Claim, theory: str | None, numbers: Numbers | None = None, ctx: _Ctx | None = None
) -> tuple[bool, float | None]:
    """Whether a conclusion checked under a theory also holds with no hypotheses at all (at the nominal numbers),
    and then its share over `numbers`.

    The counterpart of `restates`: a conclusion that holds without any of its theory's hypotheses did not emerge
    from the theory's mechanisms but from the scenario's base (its actors' preferences, red lines, levers and
    responses); it is reported as such, so that a theory is not credited with what the base already gives.
    Only version-2 conclusions checked under a named hypothesis set are tested."""
    if scenario.accord < 2 or claim.role == "assumption" or theory is None:
        return False, None
    ctx = ctx or _Ctx(EXACT, 0)
    saved = ctx.no_zone
    try:
        if not bool(np.asarray(_KINDS[claim.kind](scenario, claim, [], None, ctx)[0]).all()):  # type: ignore[arg-type]
            return False, None
        if numbers is None:
            return True, None
        arr = np.asarray(_KINDS[claim.kind](scenario, claim, [], numbers, ctx)[0], dtype=bool).reshape(-1)  # type: ignore[arg-type]
        return True, float(arr.mean()) if arr.size else None
    finally:
        ctx.no_zone = saved


def predict(
    scenario: Scenario,
    claim: Claim,
    theory: str | None,
    numbers: Numbers | None = None,
    *,
    exact: int = EXACT,
    seed: int = 0,
) -> tuple[np.ndarray, str]:
    """Whether `claim`'s statement holds under `theory`: at the nominal numbers (one flag, and what the model
    finds in words) or in each sample of `numbers` (the kinds that pass over every package: the first `exact`)."""
    flags, text = _KINDS[claim.kind](scenario, claim, theory, numbers, _Ctx(exact, seed))
    return np.asarray(flags, dtype=bool).reshape(-1), text


def _select(scenario: Scenario, claims: list[str] | list[Claim] | None) -> list[Claim]:
    if claims is None:
        return list(scenario.claims)
    known = {c.id: c for c in scenario.claims}
    out = []
    for c in claims:
        if isinstance(c, Claim):
            out.append(c)
        elif c in known:
            out.append(known[c])
        else:
            raise AccordError(f"unknown claim {c!r}; the scenario's claims: {', '.join(known) or '(none)'}")
    return out


# --- helpers -------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    exact: int  # samples for the kinds that pass over every package
    seed: int  # the samples' seed (simulate draws the same samples from it)
    no_zone: bool = False  # set by the zone kinds' nominal check: no zone opened, so nothing could be in it


def _batch(s: Scenario, levers: object, th: str | None, numbers: Numbers | None, month: float | None = None) -> Batch:
    """The situated samples at `month` (a claim that names no month is checked at month 0)."""
    return situate_batch(s, levers, th, months=month if month is not None else 0.0, numbers=numbers)  # type: ignore


def _holder_situation(sit: Situation, holder: str, options: dict[str, str | list[str]]) -> Situation:
    """The situation with the holder as the only decider, and only packages with `options` on the table
    (the scenario's constraints still hold: they say which options cannot occur together)."""
    s = sit.scenario
    faction_actor = {f.id: a.id for a in s.actors for f in a.factions}
    available = _restrict(sit, options).available
    if holder in faction_actor:
        row = np.zeros((1, len(sit.party_ids)))
        row[0, sit.party_ids.index(holder)] = 1.0
        actor = faction_actor[holder]
        red = tuple(replace(rl, actor=holder, binding=True) for rl in sit.red_lines if rl.holder in (holder, actor))
    else:
        row = sit.actor_matrix[[sit.actor_ids.index(holder)]]
        red = tuple(rl for rl in sit.red_lines if rl.actor == holder)
    return replace(
        sit,
        available=available,
        actor_matrix=row,
        actor_ids=(holder,),
        decides=np.ones(1, dtype=bool),
        red_lines=red,
        slope=None,
    )


def _first(numbers: Numbers | None, k: int) -> Numbers | None:
    """The first `k` samples (the ones an exact pass uses)."""
    return None if numbers is None or numbers.size <= k else numbers.take(np.arange(k))


def _samples(batch: Batch, exact: int) -> range:
    return range(min(exact, batch.contrib.shape[0]))


def _fmt_options(s: Scenario, options: dict[str, str | list[str]]) -> str:
    parts = []
    for issue_id, ref in options.items():
        issue = s.issue(issue_id)
        names = {o.id: o.name or o.id for o in issue.options}
        opts = [ref] if isinstance(ref, str) else ref
        parts.append(f"{issue.name or issue.id}: {' or '.join(names[o] for o in opts)}")
    return "; ".join(parts)


# --- kinds ---------------------------------------------------------------------------------------------

Result = tuple[object, str]


def _verdict(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    want = c.kind == "accepts"
    assert c.actor is not None
    who = s.name_of(c.actor)
    if c.package is not None:
        batch = _batch(s, c.levers, th, numbers, c.month)
        ok, u, r = holder_accepts(batch, c.actor, package_rows(s, [parse_package(s, c.package)])[0])
        flags = ok == want
        word = "accepts" if bool(ok[0]) else "rejects"
        return (
            flags if numbers is not None else bool(flags[0]),
            f"{who} {word} it (utility {u[0]:.3f} against a value of continued war of {r[0]:.3f})",
        )
    batch = _batch(s, c.levers, th, _first(numbers, ctx.exact), c.month)  # an exact pass uses the first samples
    found = []
    for k in _samples(batch, ctx.exact) if numbers is not None else [0]:
        sit = _holder_situation(batch.situation(k), c.actor, c.options)
        found.append(zone_opens(sit, 1)[1])
    some = np.array(found) > 0
    flags = some == want
    if numbers is not None:
        return flags, ""
    n = int(found[0])
    text = (
        f"{who} accepts {n:,} of the packages on the table with {_fmt_options(s, c.options)}"
        if n
        else f"{who} accepts no package on the table with {_fmt_options(s, c.options)}"
    )
    return bool(flags[0]), text


def _zone(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    window = s.window if c.months is None else c.months
    batch = _batch(s, c.levers, th, _first(numbers, ctx.exact), c.month)
    months = [
        zone_opens(batch.situation(k), window)[0] for k in (_samples(batch, ctx.exact) if numbers is not None else [0])
    ]
    opened = np.array(months) >= 0
    flags = opened == c.expect
    if numbers is not None:
        return flags, ""
    text = (
        f"a zone of agreement opens in month {months[0]}"
        if opened[0]
        else f"no zone of agreement opens within {window} months"
    )
    return bool(flags[0]), text


def _zone_solution(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    window = s.window if c.months is None else c.months
    numbers = _first(numbers, ctx.exact)
    base = _batch(s, c.levers, th, numbers)
    out = []
    text = ""
    for k in _samples(base, ctx.exact) if numbers is not None else [0]:
        month, _ = zone_opens(base.situation(k), window)
        if month < 0:
            out.append(not c.expect)  # no zone: no package is in it, and there is no solution
            text = f"no zone of agreement opens within {window} months"
            ctx.no_zone = numbers is None
            continue
        sit = (
            base.situation(k)
            if month == 0
            else _batch(s, c.levers, th, None if numbers is None else numbers.take(np.array([k])), month).situation(0)
        )
        if c.kind == "in_zone":
            n = zone_opens(_restrict(sit, c.options), 1)[1]
            out.append((n > 0) == c.expect)
            text = (
                f"{n:,} packages in the zone (month {month}) have {_fmt_options(s, c.options)}"
                if n
                else f"no package in the zone (month {month}) has {_fmt_options(s, c.options)}"
            )
        else:
            sol = bargain_situation(sit).solutions[c.solution]
            has = sol is not None and all(
                sol.package[i] in ([o] if isinstance(o, str) else o) for i, o in c.options.items()
            )
            out.append(has == c.expect)
            text = (
                f"the {c.solution.replace('_', '-')} package (month {month}) "
                f"{'has' if has else 'does not have'} {_fmt_options(s, c.options)}"
            )
    flags = np.array(out, dtype=bool)
    return (flags, "") if numbers is not None else (bool(flags[0]), text)


def _restrict(sit: Situation, options: dict[str, str | list[str]]) -> Situation:
    s = sit.scenario
    available = sit.available.copy()
    for issue_id, ref in options.items():
        i = [x.id for x in s.issues].index(issue_id)
        keep = np.zeros(available.shape[1], dtype=bool)
        for o in [ref] if isinstance(ref, str) else ref:
            keep[[x.id for x in s.issue(issue_id).options].index(o)] = True
        available[i] &= keep
    return replace(sit, available=available)


def _strategies(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    window = s.window if c.months is None else c.months
    runs = 1 if numbers is None else numbers.size
    first = simulate(s, c.strategy, th, months=window, runs=runs, seed=ctx.seed)  # type: ignore[arg-type]
    a = np.where(first.deal_month >= 0, first.deal_month, np.inf)
    if c.kind == "deal_within":
        flags = (a < np.inf) == c.expect
        text = (
            f"{_strategy_name(s, c.strategy)}: a deal in month {int(a[0])}"
            if a[0] < np.inf
            else f"{_strategy_name(s, c.strategy)}: no deal within {window} months"
        )
        return (flags, "") if numbers is not None else (bool(flags[0]), text)
    other = simulate(s, c.than, th, months=window, runs=runs, seed=ctx.seed)  # type: ignore[arg-type]
    b = np.where(other.deal_month >= 0, other.deal_month, np.inf)
    if s.accord >= 2:  # paired and strict: A beats B in a sample when it deals and B does not, or sooner; ties do not
        beats = a < b
        flags = beats if c.expect else ~beats
    else:  # version 1: A at least as early as B (a tie counts)
        flags = (a <= b) & (a < np.inf) if c.expect else (a > b) | (a == np.inf)
    if numbers is not None:
        return flags, ""

    def said(x: float) -> str:
        return f"a deal in month {int(x)}" if x < np.inf else f"no deal within {window} months"

    return bool(flags[0]), (f"{_strategy_name(s, c.strategy)}: {said(a[0])}; {_strategy_name(s, c.than)}: {said(b[0])}")  # type: ignore[arg-type]


def _strategy_name(s: Scenario, ident: str | None) -> str:
    st = next((x for x in s.strategies if x.id == ident), None)
    return (st.name or st.id) if st else str(ident)


def _quantity(batch: Batch, c: Claim) -> np.ndarray:
    assert c.actor is not None
    if c.quantity == "weight":
        return batch.weight[:, batch.faction_ids.index(c.actor)]
    return _holder(batch, c.actor)[1]


def _shift(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    a = _quantity(_batch(s, c.levers, th, numbers, c.month), c)
    b = _quantity(_batch(s, c.compared_to, th, numbers, c.month), c)
    d = a - b
    flags = d > EPS if c.direction == "rises" else d < -EPS
    what = "weight" if c.quantity == "weight" else "value of continued war"
    text = f"{s.name_of(c.actor or '')}'s {what}: {a[0]:.3f} against {b[0]:.3f} ({d[0]:+.3f})"
    return (flags, "") if numbers is not None else (bool(flags[0]), text)


def _time(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    batch = _batch(s, c.levers, th, numbers, c.month)
    w, _, _, _ = _holder(batch, c.actor or "")
    slope = np.einsum("sp,sp->s", w, batch.reservation_slope)
    flags = slope > EPS if c.direction == "rises" else slope < -EPS
    text = f"{s.name_of(c.actor or '')}'s value of continued war changes by {slope[0]:+.4f} per month"
    return (flags, "") if numbers is not None else (bool(flags[0]), text)


def _prefers(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    batch = _batch(s, c.levers, th, numbers, c.month)
    w, _, _, _ = _holder(batch, c.actor or "")
    issue = s.issue(c.issue or "")
    i = s.issues.index(issue)
    ids = [o.id for o in issue.options]
    contrib = batch.contrib[:, :, i, :]  # (S, P, K): salience x value
    better = np.einsum("sp,sp->s", w, contrib[:, :, ids.index(c.better or "")])
    worse = np.einsum("sp,sp->s", w, contrib[:, :, ids.index(c.worse or "")])
    flags = better > worse + EPS
    names = {o.id: o.name or o.id for o in issue.options}
    text = (
        f"{s.name_of(c.actor or '')} values {names[c.better or '']} at {better[0]:.3f} and "
        f"{names[c.worse or '']} at {worse[0]:.3f} (salience x value)"
    )
    return (flags, "") if numbers is not None else (bool(flags[0]), text)


def _in_force(s: Scenario, c: Claim, th: str | None, numbers: Numbers | None, ctx: _Ctx) -> Result:
    levers, fired = in_force(s, resolve_levers(s, c.levers))
    on = c.lever in levers
    flags = np.full(1 if numbers is None else numbers.size, on == c.expect)
    lever = next(lv for lv in s.levers if lv.id == c.lever)
    how = f" (by {', '.join(fired)})" if on and c.lever not in resolve_levers(s, c.levers) else ""
    text = f"{lever.name or lever.id} is {'in force' + how if on else 'not in force'}"
    return (flags, "") if numbers is not None else (bool(flags[0]), text)


_KINDS: dict[str, Callable[[Scenario, Claim, str | None, Numbers | None, _Ctx], Result]] = {
    "accepts": _verdict,
    "rejects": _verdict,
    "zone": _zone,
    "in_zone": _zone_solution,
    "in_solution": _zone_solution,
    "deal_within": _strategies,
    "more_likely": _strategies,
    "shift": _shift,
    "time": _time,
    "prefers": _prefers,
    "in_force": _in_force,
}
