"""The acceptance kernel: whether a decider accepts a package, in one place.

A decider accepts a package when the package is on the table and feasible (no constraint excludes it), no
binding red line of the decider is crossed, and its utility reaches its reservation value (the value of
continued war) to within `EPS`. Every analysis asks this module: `evaluate` (one package, with reasons),
`explore`, `leverage`, `claims`, `voi`, `sensitivity`, `simulate`, the named packages' shares, the charts'
package cloud, and the zone count of `bargain` (which needs the rule in a sorted-search form: `threshold`
and `excluded_utility`). No other module compares a utility with a reservation value.

Shapes: a batch of S situated samples (`Batch`), D deciders, C candidate packages given as option indices
(C, issues); a row of -1s is "no package" and is never accepted. A single `Situation` is a batch of one.

Later mechanisms (soft red lines, offers, dated events) change the verdict here, once: `Acceptance` carries
every input of the verdict (utility, reservation, red lines crossed, on the table) so that a new term is one
more field and one more clause in `Acceptance.verdicts`.

Issue 23's terms, and where each enters (each once, in `model.situation`, so the kernel and the zone count's
sorted searches read them unchanged):

- offer set: the options its holder may put forward narrow the table (`available`); named packages become
  `offered`, and a package outside them is not `valid` (`on_offer`);
- tied carrot (share b of party p's utility, tied to options T of issue i):
  u_p(x) = (1 - B) * u_p,rest(x) + sum_k b_k * 1{x_i in T_k},  B = sum_k b_k (scaled to 1 if above),
  folded into issue i's values, so u_p stays in [0, 1] with no clipping;
- soft red line (r = gives_way_below, c = cost) crossed by x, held by h with reservation R_h(L):
  h accepts x iff R_h(L) < r and u_h(x) - c >= R_h(L); otherwise it binds like a hard one. In code: where
  R_h(L) < r the line stops binding (`binding` false, `gave_way` true) and c is taken off the values of the
  options it names (one issue, so the price folds into that issue), so `verdicts` is today's clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from accord.model.situation import Batch, CompiledRedLine, Pattern, Situation

EPS = 1e-9  # a utility this far below the reservation value still reaches it (rounding, not a preference)
NEVER = -1  # `first_month` of a package never accepted within the window


# --- the rule -----------------------------------------------------------------------------------------------


def meets(utility: np.ndarray | float, reservation: np.ndarray | float) -> np.ndarray | bool:
    """Whether a utility reaches a reservation value (to within EPS): the one comparison of acceptance."""
    return utility >= reservation - EPS  # type: ignore[no-any-return]


def clears(gain: np.ndarray) -> np.ndarray:
    """Whether a gain (utility minus reservation value) reaches zero, to within EPS."""
    return gain >= -EPS  # type: ignore[no-any-return]


def threshold(reservation: np.ndarray | float) -> np.ndarray | float:
    """The least utility a decider accepts (its reservation value less EPS): the zone count's sorted searches
    look for the rows reaching it."""
    return reservation - EPS


def reaches(utility: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Whether utilities reach thresholds (`threshold` less what the rest of the package already gives): the
    comparison of `meets` in the form the zone count's sorted searches and pair blocks use."""
    return utility >= need  # type: ignore[no-any-return]


def reaches_every(trailing: np.ndarray, need: np.ndarray) -> np.ndarray:
    """[a, b]: trailing row b (given as columns, (D, c)) reaches leading row a's threshold (`need`, (r, D)) for
    every decider: one comparison and one AND per decider and element (the zone count's inner loop)."""
    ok = trailing[0, None, :] >= need[:, 0, None]
    for d in range(1, trailing.shape[0]):
        ok &= trailing[d, None, :] >= need[:, d, None]
    return ok


def pair_months(
    hu: np.ndarray,
    lu: np.ndarray,
    reservation: np.ndarray,
    slope: np.ndarray,
    window: int,
    ok: np.ndarray,
    first: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """For the packages made of a leading row (`hu`, (h, D) utilities) and a trailing row (`lu`, (l, D)): the first
    month of the window (from month `first` on) at which every decider accepts, their gains moving by `slope` (D,)
    a month, and whether there is one (`ok`, (h, l), the pairs no red line or constraint excludes, narrowed).
    `first_month` in the form the zone count's pair blocks use."""
    start = np.full(ok.shape, float(first))
    end = np.full(ok.shape, float(window - 1))
    for d in range(len(reservation)):
        need = threshold(reservation[d]) - (hu[:, d, None] + lu[None, :, d])  # t * slope >= need
        if slope[d] > 0:
            start = np.maximum(start, np.ceil(need / slope[d] - 1e-9))
        elif slope[d] < 0:
            end = np.minimum(end, np.floor(need / slope[d] + 1e-9))
        else:
            ok &= need <= 0
    return start, ok & (start <= end)


def excluded_utility() -> float:
    """The utility a package a red line or constraint excludes takes in the zone count: minus infinity, so
    that no threshold is ever reached by it."""
    return -np.inf


def matches(pattern: Pattern, opts: np.ndarray) -> np.ndarray:
    """(C,) whether each package (C, issues) matches a pattern (a red line's or a constraint's)."""
    rows = np.arange(opts.shape[-1])
    return pattern.mask[rows[None, :], opts].all(axis=-1)  # type: ignore[no-any-return]


def on_table(available: np.ndarray, opts: np.ndarray) -> np.ndarray:
    """(C,) whether every option of each package is on the table."""
    rows = np.arange(opts.shape[-1])
    return available[rows[None, :], opts].all(axis=-1)  # type: ignore[no-any-return]


def on_offer(offered: np.ndarray | None, opts: np.ndarray) -> np.ndarray:
    """(C,) whether each package is one the offer sets in force allow (every package when they name none)."""
    if offered is None:
        return np.ones(len(opts), dtype=bool)
    if not len(offered):
        return np.zeros(len(opts), dtype=bool)
    return (opts[:, None, :] == offered[None, :, :]).all(axis=2).any(axis=1)  # type: ignore[no-any-return]


def feasible(constraints: Iterable[Pattern], opts: np.ndarray) -> np.ndarray:
    """(C,) whether no constraint excludes each package."""
    ok = np.ones(len(opts), dtype=bool)
    for c in constraints:
        ok &= ~matches(c, opts)
    return ok


def crossed(
    red_lines: tuple[CompiledRedLine, ...], binding: np.ndarray, actors: list[str], opts: np.ndarray
) -> np.ndarray:
    """(S, D, C) whether a binding red line of each actor in `actors` is crossed by each package; `binding`
    (S, R) says which red lines bind in which sample."""
    out = np.zeros((binding.shape[0], len(actors), len(opts)), dtype=bool)
    for j, aid in enumerate(actors):
        for r, rl in enumerate(red_lines):
            if rl.actor == aid:
                out[:, j, :] |= binding[:, r, None] & matches(rl.pattern, opts)[None, :]
    return out


def first_month(
    gain0: np.ndarray,
    slope: np.ndarray,
    window: int,
    blocked: np.ndarray | None = None,
    after: np.ndarray | None = None,
    before: np.ndarray | None = None,
) -> np.ndarray:
    """First whole month of the window (months 0 to window - 1) at which every decider's gain clears zero, or
    NEVER (see `accord.analyses.window` for why gains are linear in the months).

    `gain0`: (..., D, C) gains at month 0; `slope`: (..., D) or broadcastable to `gain0`'s shape
    without its last axis; `blocked`: (..., C) packages that can never be agreed (red line, off the table);
    `after` / `before`: (..., C) the first month a package may be agreed and the first it no longer may (a soft
    red line that gives way later, or binds again; `SoftMonths`). The deciders' axis is the second last.
    """
    g = np.asarray(gain0, dtype=float)
    b = np.asarray(slope, dtype=float)
    if b.ndim == g.ndim - 1:
        b = b[..., None]
    b = np.broadcast_to(b, g.shape)
    need = -EPS - g  # accepted in month t when t * b >= need
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = need / b
    # rising gains bound the month from below, falling ones from above; flat ones hold always or never
    start = np.where(b > 0, np.ceil(bound - 1e-9), np.where((b == 0) & (need > 0), np.inf, 0.0)).max(axis=-2)
    end = np.where(b < 0, np.floor(bound + 1e-9), np.inf).min(axis=-2)
    start = np.maximum(start, 0.0)
    if after is not None:
        start = np.maximum(start, after)
    if before is not None:
        end = np.minimum(end, before - 1.0)
    ok = start <= np.minimum(end, float(window - 1))
    if blocked is not None:
        ok &= ~np.asarray(blocked, dtype=bool)
    return np.where(ok, start, NEVER).astype(np.int64)


@dataclass(frozen=True)
class SoftMonths:
    """How soft red lines that move in time change a window's verdicts (`soft_months`).

    `fixed` (S, D, C): a red line of the decider crossed in every month of the window; `after` / `before`
    (S, C): the first month a package may be agreed (a soft red line it crosses gives way then) and the first
    it no longer may (one given way now binds again); `price` (S, D, C): what the lines given way later take
    off each decider's utility (a line given way now is already in the utility)."""

    fixed: np.ndarray
    after: np.ndarray
    before: np.ndarray
    price: np.ndarray


def soft_months(
    red_lines: tuple[CompiledRedLine, ...],
    binding: np.ndarray,
    terms: np.ndarray | None,
    actors: list[str],
    opts: np.ndarray,
) -> SoftMonths:
    """The red lines of `actors` crossed by packages (C, issues) over the months to come, where a soft
    red line's holder's reservation value moves in time (`terms`, (S, R, 6), `CompiledRedLine`'s soft terms per
    sample): a binding one that gives way in month t blocks a package crossing it before t and costs its price
    from t on; one given way now that binds again in month t blocks it from t on. Red lines are otherwise
    constant in time, so a hard one (or a soft one that does not move within the window) blocks every month."""
    S, C = binding.shape[0], len(opts)
    fixed = np.zeros((S, len(actors), C), dtype=bool)
    after = np.zeros((S, C))
    before = np.full((S, C), np.inf)
    price = np.zeros((S, len(actors), C))
    for j, aid in enumerate(actors):
        for r, rl in enumerate(red_lines):
            if rl.actor != aid:
                continue
            hit = matches(rl.pattern, opts)[None, :]
            if rl.soft < 0 or terms is None:
                fixed[:, j, :] |= binding[:, r, None] & hit
                continue
            start, stop, cost = terms[:, r, 3], terms[:, r, 4], terms[:, r, 5]
            later = binding[:, r] & np.isfinite(start)  # binds now, gives way in some month (`first_month` bounds it)
            fixed[:, j, :] |= (binding[:, r] & ~later)[:, None] & hit
            on = later[:, None] & hit
            after = np.where(on, np.maximum(after, start[:, None]), after)
            price[:, j, :] += np.where(on, cost[:, None], 0.0)
            before = np.where(hit & np.isfinite(stop)[:, None], np.minimum(before, stop[:, None]), before)
    return SoftMonths(fixed, after, before, price)


# --- a batch of samples and candidate packages ----------------------------------------------------------------


@dataclass(frozen=True)
class Acceptance:
    """Every decider's view of every candidate package in every sample.

    `utility` (S, D, C), `reservation` (S, D), `crossed` (S, D, C: a binding red line of the decider is
    crossed), `valid` (C,: a real package, on the table and feasible), `deciders` (D actor ids).
    """

    deciders: tuple[str, ...]
    utility: np.ndarray
    reservation: np.ndarray
    crossed: np.ndarray
    valid: np.ndarray
    soft: SoftMonths | None = None  # the red lines in time, for `within` (None: constant, `crossed` in every month)

    @property
    def gain(self) -> np.ndarray:
        """(S, D, C) utility above the reservation value (negative: worse than continued war)."""
        return self.utility - self.reservation[:, :, None]

    @property
    def verdicts(self) -> np.ndarray:
        """(S, D, C) whether each decider accepts each package (the package's own validity aside)."""
        return clears(self.gain) & ~self.crossed  # type: ignore[no-any-return]

    def every(self) -> np.ndarray:
        """(S, C) whether every decider accepts each valid package."""
        return self.verdicts.all(axis=1) & self.valid[None, :]  # type: ignore[no-any-return]

    def within(self, slope: np.ndarray, window: int) -> np.ndarray:
        """(S, C) the first month of the window at which every decider accepts (NEVER if none), the deciders'
        gains moving by `slope` (S, D) a month while the levers are held."""
        if self.soft is None:
            return first_month(self.gain, slope, window, self.crossed.any(axis=1) | ~self.valid[None, :])
        sm = self.soft
        blocked = sm.fixed.any(axis=1) | ~self.valid[None, :]
        return first_month(self.gain - sm.price, slope, window, blocked, sm.after, sm.before)


def acceptance(batch: Batch, candidates: np.ndarray) -> Acceptance:
    """Judge candidate packages (C, issues) in every sample of a batch, for every decider (and how its soft red
    lines move in the months to come, for `Acceptance.within`)."""
    valid = (candidates >= 0).all(axis=1)
    opts = np.where(candidates >= 0, candidates, 0)
    n = opts.shape[1]
    S, P, _, K = batch.contrib.shape
    onehot = np.zeros((n, K, len(opts)))
    onehot[np.arange(n)[None, :], opts, np.arange(len(opts))[:, None]] = 1.0
    party_u = (batch.contrib.reshape(S * P, n * K) @ onehot.reshape(n * K, -1)).reshape(S, P, -1)
    party_u += batch.deal_value[:, :, None]
    actor_u = np.einsum("sap,spc->sac", batch.actor_matrix, party_u)
    deciders = np.flatnonzero(batch.decides)
    ids = [batch.actor_ids[d] for d in deciders]
    hit = crossed(batch.red_line_patterns, batch.red_line_binding, ids, opts)
    ok = valid & on_table(batch.available, opts) & feasible(batch.constraints, opts) & on_offer(batch.offered, opts)
    soft = None
    if any(rl.soft >= 0 for rl in batch.red_line_patterns):
        soft = soft_months(batch.red_line_patterns, batch.red_line_binding, batch.red_line_terms, ids, opts)
    return Acceptance(tuple(ids), actor_u[:, deciders, :], batch.actor_reservation[:, deciders], hit, ok, soft)


def decider_gains(batch: Batch, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per sample, decider and candidate: gain over the reservation value (S, D, C), whether a binding red
    line is crossed (S, D, C), the utility (S, D, C); and whether each candidate is on the table, feasible
    and a real package (C,)."""
    a = acceptance(batch, candidates)
    return a.gain, a.crossed, a.utility, a.valid


def verdicts(batch: Batch, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each decider's verdict (S, D, C), its utility (S, D, C), and whether each candidate is on the table,
    feasible and a real package (C,)."""
    a = acceptance(batch, candidates)
    return a.verdicts, a.utility, a.valid


def accepts(batch: Batch, candidates: np.ndarray, window: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each sample and candidate package: does every decider accept it (at the batch's month, or with
    `window`, in some month within it while the levers are held)? And each decider's utility then.

    Returns (S, C) booleans and (S, D, C) decider utilities. A candidate row of -1s (no
    proposal) is never accepted.
    """
    a = acceptance(batch, candidates)
    if window is not None:
        return a.within(batch.actor_slope[:, np.flatnonzero(batch.decides)], window) >= 0, a.utility
    return a.every(), a.utility


def holder(batch: Batch, who: str) -> tuple[np.ndarray, np.ndarray, list[int], str]:
    """An actor or faction (`who`) as a decider: (S, P) weights turning party values into its own, (S,) its
    reservation value, the red lines it is held to (a faction: its own and its actor's; an actor: those that
    bind it) and its actor."""
    s = batch.scenario
    faction_actor = {f.id: a.id for a in s.actors for f in a.factions}
    if who in batch.faction_ids:
        w = np.zeros((batch.contrib.shape[0], len(batch.party_ids)))
        w[:, batch.party_ids.index(who)] = 1.0
        actor = faction_actor[who]
        rows = [r for r, rl in enumerate(batch.red_line_patterns) if rl.holder in (who, actor)]
    else:
        w = batch.actor_matrix[:, batch.actor_ids.index(who), :]
        actor = who
        rows = [r for r, rl in enumerate(batch.red_line_patterns) if rl.actor == who]
    return w, np.einsum("sp,sp->s", w, batch.reservation), rows, actor


def holder_accepts(batch: Batch, who: str, opts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(S,) whether one actor or faction (`who`) accepts one package (issues,), its utility and reservation
    value. A faction is held to its own red lines and its actor's, whatever its weight; an actor to those
    that bind it."""
    w, res, rows, _ = holder(batch, who)
    own = who in batch.faction_ids
    n = len(opts)
    party_u = batch.contrib[:, :, np.arange(n), opts].sum(axis=2) + batch.deal_value  # (S, P)
    u = np.einsum("sp,sp->s", w, party_u)
    ok = meets(u, res)
    for r in rows:
        if matches(batch.red_line_patterns[r].pattern, opts[None, :])[0]:
            gave = batch.red_line_gave_way[:, r] if batch.red_line_gave_way is not None else False
            ok &= ~((np.ones_like(ok) & ~gave) if own else batch.red_line_binding[:, r])
    return ok, u, res  # type: ignore[return-value]


# --- one situation: utilities of a sample of packages, and one package with its reasons ---------------------


def zone_members(sit: Situation, opts: np.ndarray, utility: np.ndarray) -> np.ndarray:
    """(C,) whether every decider accepts each package (C, issues) of the space on the table, given the
    actors' utilities (C, A) for them (the packages' own table check is the caller's: they come from it)."""
    ok = np.ones(len(opts), dtype=bool)
    res = sit.actor_reservation
    for k, aid in enumerate(sit.actor_ids):
        if sit.decides[k]:
            ok &= meets(utility[:, k], res[k])
            for rl in sit.red_lines:
                if rl.binding and rl.actor == aid:
                    ok &= ~matches(rl.pattern, opts)
    return ok & feasible(sit.constraints, opts) & on_offer(sit.offered, opts)


@dataclass(frozen=True)
class PartyView:
    """One actor's or faction's verdict on one package, with the red lines behind it and the reasons (why it
    rejects), and notes (soft red lines it gave up, at what reservation and cost: its utility is net of them)."""

    utility: float
    reservation: float
    accepts: bool
    red_lines: tuple[CompiledRedLine, ...]  # crossed red lines the party holds (or its camps hold)
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()


def views(
    sit: Situation, opts: np.ndarray
) -> tuple[dict[str, PartyView], dict[str, PartyView], tuple[str, ...], tuple[str, ...]]:
    """One package (issues,) judged in one situation with reasons: each faction's view and each actor's (by id),
    the issues whose option is off the table, and the constraints that exclude it."""
    scenario = sit.scenario
    n = len(opts)
    party_u = sit.contrib[:, np.arange(n), opts].sum(axis=1) + sit.deal_value
    hit = [rl for rl in sit.red_lines if bool(matches(rl.pattern, opts[None, :])[0])]
    off_table = tuple(i.id for k, i in enumerate(scenario.issues) if not sit.available[k, opts[k]])
    excluded = tuple(c.id for c in sit.constraints if bool(matches(c, opts[None, :])[0]))
    if not on_offer(sit.offered, opts[None, :])[0]:
        excluded += (f"not among the packages of the offer sets in force ({', '.join(sit.offers)})",)
    pidx = {p: k for k, p in enumerate(sit.party_ids)}

    def held(holders: set[str]) -> tuple[CompiledRedLine, ...]:
        return tuple(rl for rl in hit if rl.holder in holders)

    factions: dict[str, PartyView] = {}
    for a in scenario.actors:
        for f in a.factions:
            k = pidx[f.id]
            own = held({f.id, a.id})  # the actor's own red lines bind every camp
            u, r = float(party_u[k]), float(sit.reservation[k])
            reasons = [red_line_reason(rl) for rl in own if not rl.gave_way]
            if not meets(u, r):
                reasons.append(f"utility {u:.3f} is below its reservation value {r:.3f}")
            factions[f.id] = PartyView(
                u,
                r,
                not reasons,
                own,
                tuple(reasons),
                tuple(soft_note(rl, scenario.name_of(rl.holder)) for rl in own if rl.gave_way),
            )
    actor_u = sit.actor_matrix @ party_u
    actor_r = sit.actor_reservation
    actors: dict[str, PartyView] = {}
    for k, aid in enumerate(sit.actor_ids):
        a = scenario.actor(aid)
        own = held({aid} | {f.id for f in a.factions})
        u, r = float(actor_u[k]), float(actor_r[k])
        reasons = [red_line_reason(rl) for rl in own if rl.binding]
        reasons += [
            f"faction {rl.holder}'s red line {rl.pattern.id} does not bind (weight "
            f"{sit.weights[rl.holder]:.2f} < veto threshold {scenario.veto_threshold:.2f})"
            for rl in own
            if not rl.binding and not rl.gave_way
        ]
        below = not meets(u, r)
        if below:
            reasons.append(f"utility {u:.3f} is below its reservation value {r:.3f}")
        actors[aid] = PartyView(
            u,
            r,
            not (any(rl.binding for rl in own) or below),
            own,
            tuple(reasons),
            tuple(soft_note(rl, scenario.name_of(rl.holder)) for rl in own if rl.gave_way),
        )
    return factions, actors, off_table, excluded


def soft_note(rl: CompiledRedLine, holder: str) -> str:
    """How a soft red line gave way: at what reservation value of its holder (`holder`, by name), below what
    threshold, at what cost."""
    return (
        f"soft red line {rl.pattern.id} of {holder} gave way: reservation {rl.holder_reservation:.3f} is below "
        f"{rl.give_way_below:.3f}; cost {rl.cost:.3f} paid (in the utility shown)"
    )


def red_line_reason(rl: CompiledRedLine) -> str:
    """Why a crossed red line rejects a package, in the source's words when it has them."""
    quote = f' ({rl.source}: "{rl.quote}")' if rl.quote else ""
    soft = ""
    if rl.soft >= 0 and not rl.gave_way and np.isnan(rl.give_way_below):  # its `gives_way_when` does not hold
        soft = " (soft: gives way only under its condition, which the levers in force do not meet)"
    elif rl.soft >= 0 and not rl.gave_way:
        when = f"; gives way in month {rl.gives_from:.0f} if the levers are held" if np.isfinite(rl.gives_from) else ""
        soft = f" (soft: holds, reservation {rl.holder_reservation:.3f} is not below {rl.give_way_below:.3f}{when})"
    return f"crosses red line {rl.pattern.id}{quote}{soft}"
