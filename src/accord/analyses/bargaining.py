"""Bargaining over the whole package space: the zone of agreement, its Pareto frontier, and the solutions.

A package is in the zone of possible agreement (ZOPA) when it is feasible (no scenario
constraint excludes it), every decider's utility reaches its reservation value and no
binding red line of a decider is crossed. Over the ZOPA, with gains `g_A = U_A - r_A`:

- Nash bargaining: maximise `prod_A g_A`;
- Kalai-Smorodinsky: maximise `min_A g_A / (ideal_A - r_A)`, ideal = best utility in the ZOPA;
- utilitarian: maximise `sum_A U_A`; egalitarian: maximise `min_A g_A`.

Ties go to the larger sum of utilities, then the lower package code. All four lie on
the Pareto frontier, so they are computed there.

Two passes, both in NumPy blocks of bounded size (memory stays near 100 MB whatever the
size of the space):

1. the count pass (`accord.analyses.zone`) goes through every package on the table as a pair
   of rows of two group tables (leading and trailing issues), counts what each decider
   accepts and the zone; it also finds the zone's frontier among the pairs of the two
   groups' own fronts (method "groups"), or from the zone's points when there are at most
   `GATHER_CAP` ("enumerate" when asked for: every zone point, no shortcut);
2. for a larger zone, the frontier pass merges issues one at a time, keeping only points that
   can still be acceptable and that no point with the same or fewer open red-line risks
   dominates (exact for additive utilities), and falls back to filtering the enumerated
   zone when the merge grows past `MERGE_CAP` points.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from accord.analyses.frames import Table, Tabular, label, names_of, package_text
from accord.analyses.pareto import pareto_front
from accord.analyses.zone import CHUNK, LOW_MAX, count_zone
from accord.errors import AccordError
from accord.model.acceptance import EPS, meets, on_offer, pair_months
from accord.model.situation import Pattern, Situation, situate
from accord.model.space import MAX_PACKAGES, Space, group_table, split_issues
from accord.scenario.schema import Scenario

MERGE_CAP = 2_000_000
GATHER_CAP = 1 << 18
"""Zones up to this size take their frontier from the count pass's own points (cheaper than the merge)."""
SOLUTIONS = ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: the package and every actor's utility and gain."""

    name: str
    package: dict[str, str]
    code: int
    utilities: dict[str, float]
    gains: dict[str, float]


@dataclass(frozen=True)
class BargainResult(Tabular):
    """Everything `bargain` finds over one situation."""

    scenario: str
    levers: tuple[str, ...]
    hypotheses: tuple[str, ...]
    applied_hypotheses: tuple[str, ...]
    deciders: tuple[str, ...]
    reservations: dict[str, float]
    packages: int
    on_table: int
    feasible: int
    accepted_by: dict[str, int]
    zone: int
    frontier_codes: np.ndarray  # full-space codes of frontier points (one package per distinct point)
    frontier_utilities: np.ndarray  # (f, deciders)
    solutions: dict[str, Solution | None]
    method: str
    seconds: float
    notes: tuple[str, ...] = field(default=())
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    def _table(self) -> Table:
        """The bargaining solutions: each one's package and every decider's utility."""
        n = self.labels
        rows = [
            (
                key,
                key.replace("_", " "),
                package_text(n, s.package) if s else "no zone",
                *[(s.utilities.get(d) if s else None) for d in self.deciders],
            )
            for key, s in self.solutions.items()
        ]
        return Table(
            "Bargaining solutions",
            ("solution_id", "solution"),
            ("package", *[f"utility of {label(n, d)}" for d in self.deciders]),
            rows,
        )

    @property
    def frontier_size(self) -> int:
        """Distinct utility points on the Pareto frontier of the zone of agreement."""
        return int(self.frontier_codes.shape[0])

    def frontier_packages(self, scenario: Scenario, limit: int | None = None) -> list[dict[str, str]]:
        """Frontier packages as issue -> option mappings (the first `limit`)."""
        codes = self.frontier_codes[:limit] if limit is not None else self.frontier_codes
        return [decode(scenario, int(c)) for c in codes]


def decode(scenario: Scenario, code: int) -> dict[str, str]:
    """The package (issue -> option id) with this full-space code."""
    out: dict[str, str] = {}
    for issue in reversed(scenario.issues):
        code, o = divmod(code, len(issue.options))
        out[issue.id] = issue.options[o].id
    return dict(reversed(list(out.items())))


def bargain(
    scenario: Scenario,
    levers: str | list[str] | None = None,
    hypotheses: str | list[str] | None = None,
    *,
    months: float = 0.0,
    method: str = "auto",
    progress: Progress | None = None,
) -> BargainResult:
    """Zone of agreement, Pareto frontier and bargaining solutions over every package on the table."""
    return bargain_situation(situate(scenario, levers, hypotheses, months), method=method, progress=progress)


def bargain_situation(sit: Situation, *, method: str = "auto", progress: Progress | None = None) -> BargainResult:
    """`bargain` for an already compiled situation (one sample of the scenario's numbers, say)."""
    if method not in ("auto", "merge", "enumerate"):
        raise AccordError(f"unknown frontier method {method!r}; use auto, merge or enumerate")
    t0 = time.perf_counter()
    scenario = sit.scenario
    space = Space.of(sit)
    if space.size > MAX_PACKAGES:
        raise AccordError(
            f"the package space has {space.size:,} packages; Accord enumerates at most "
            f"{MAX_PACKAGES:,}. Merge options or drop issues no decider cares about"
        )
    deciders = [k for k, d in enumerate(sit.decides) if d]
    tables = sit.actor_tables()
    dtables = tables[deciders]
    res = sit.actor_reservation[deciders]
    patterns, owners = _exclusions(sit, [sit.actor_ids[k] for k in deciders])

    gather = {"enumerate": -1, "auto": GATHER_CAP, "merge": 0}[method]
    count = count_zone(space, dtables, res, patterns, owners, gather=gather, progress=progress)
    feasible, accepted, zone, gathered = count.feasible, count.accepted, count.zone, count.front
    notes: list[str] = []
    used = count.front_by or method
    front: tuple[np.ndarray, np.ndarray] | None = gathered
    if zone and front is None:
        front = _merge_frontier(space, dtables, res, patterns)
        used = "merge"
        if front is None:
            if method == "merge":
                raise AccordError(f"the frontier merge exceeded {MERGE_CAP:,} points; use method 'enumerate'")
            notes.append(f"frontier merge exceeded {MERGE_CAP:,} points; frontier taken from the enumerated zone")
            front = count_zone(space, dtables, res, patterns, owners, gather=-1).front
            used = "enumerate"
    if front is None:
        front = (np.zeros(0, dtype=np.int64), np.zeros((0, len(deciders))))
    codes = front[0]
    all_util = _actor_utilities(space, tables, codes)  # summed issue by issue, whichever pass found the points
    util = all_util[:, deciders]
    order = np.lexsort((codes, -util.sum(axis=1)))
    codes, util, all_util = codes[order], util[order], all_util[order]
    full_codes = space.full_codes(codes) if codes.size else codes

    solutions = _solutions(scenario, sit, deciders, util, res, full_codes, all_util)
    return BargainResult(
        scenario=scenario.meta.id,
        levers=sit.levers,
        hypotheses=sit.hypotheses,
        applied_hypotheses=sit.applied_hypotheses,
        deciders=tuple(sit.actor_ids[k] for k in deciders),
        reservations={sit.actor_ids[k]: float(r) for k, r in zip(deciders, res, strict=True)},
        packages=space.full_size,
        on_table=space.size,
        feasible=feasible,
        accepted_by={sit.actor_ids[k]: int(a) for k, a in zip(deciders, accepted, strict=True)},
        zone=zone,
        frontier_codes=full_codes,
        frontier_utilities=util,
        solutions=solutions,
        method=used,
        seconds=time.perf_counter() - t0,
        notes=tuple(notes),
        labels=names_of(scenario),
    )


def zone_size(sit: Situation) -> int:
    """How many packages every decider accepts (the count pass alone, no frontier)."""
    space = Space.of(sit)
    deciders = [k for k, d in enumerate(sit.decides) if d]
    patterns, owners = _exclusions(sit, [sit.actor_ids[k] for k in deciders])
    return count_zone(space, sit.actor_tables()[deciders], sit.actor_reservation[deciders], patterns, owners).zone


def zone_opens(sit: Situation, window: int) -> tuple[int, int]:
    """The first month of a window of `window` months (0 to window - 1) at which a zone of agreement exists, and
    its size then; (-1, 0) if none (`window=1`: now only).

    The situation's levers are held from its month on. Each decider's gain from every package moves by the
    same amount per month (`sit.slope`), so one pass over the packages finds, for each, the interval of
    months in which every decider accepts it (see `accord.analyses.window`); the zone's size is then counted once.
    A soft red line whose holder's reservation value crosses its threshold within the window splits the window
    at that month (`_segments`): before it the line binds, from it on it has given way (at its price), or the
    reverse; each stretch is searched in turn.
    """
    space = Space.of(sit)
    deciders = [k for k, d in enumerate(sit.decides) if d]
    res = sit.actor_reservation[deciders]
    slope = np.zeros(len(deciders)) if sit.slope is None else np.asarray(sit.slope)[deciders]
    hi, lo = split_issues(space.counts, LOW_MAX)
    for first, last, seg in _segments(sit, window):
        patterns, owners = _exclusions(seg, [sit.actor_ids[k] for k in deciders])
        tables = seg.actor_tables()[deciders]
        H = group_table(space, tables, patterns, hi)
        L = group_table(space, tables, patterns, lo)
        if H.size == 0 or L.size == 0:  # nothing on the table (e.g. an offer set that leaves no package)
            return -1, 0
        block = max(1, CHUNK // L.size)
        best = np.inf
        for b0 in range(0, H.size, block):
            hu = H.utility[b0 : b0 + block]
            hm = H.matches[b0 : b0 + block]
            ok = np.ones((hu.shape[0], L.size), dtype=bool)
            for r in range(len(patterns)):
                ok &= ~(hm[:, r, None] & L.matches[None, :, r])
            start, ok = pair_months(hu, L.utility, res, slope, last + 1, ok, first)
            if ok.any():
                best = min(best, float(start[ok].min()))
                if best == first:
                    break
        if np.isfinite(best):
            month = int(best)
            return month, count_zone(space, tables, res - month * slope, patterns, owners).zone
    return -1, 0


def _segments(sit: Situation, window: int) -> list[tuple[int, int, Situation]]:
    """The stretches of months [first, last] of the window in which the same red lines bind, each with the
    situation as it stands then: a soft red line that gives way within the window binds before that month and,
    from it on, no longer binds and costs its actor its price on the options it names; one given way now that
    binds again does so from that month on. One stretch when no soft red line moves within the window."""
    cuts = {0, window}
    for rl in sit.red_lines:
        for t in (rl.gives_from if rl.binding else np.inf, rl.gives_until if rl.gave_way else np.inf):
            if 0 < t < window:
                cuts.add(int(t))
    bounds = sorted(cuts)
    if len(bounds) == 2:
        return [(0, window - 1, sit)]
    out = []
    for first, end in zip(bounds[:-1], bounds[1:], strict=False):
        red, contrib = [], sit.contrib.copy()
        for rl in sit.red_lines:
            if rl.binding and rl.gives_from <= first:  # given way by now: it costs its price from here on
                i = rl.pattern.issues[0]
                rows = [sit.party_ids.index(p) for p in _holder_parties(sit, rl.holder)]
                contrib[np.ix_(rows, [i], np.flatnonzero(rl.pattern.mask[i]))] -= rl.cost
                red.append(replace(rl, binding=False, gave_way=True))
            elif rl.gave_way and rl.gives_until <= first:  # binds again
                red.append(replace(rl, binding=True, gave_way=False))
            else:
                red.append(rl)
        out.append((first, end - 1, replace(sit, red_lines=tuple(red), contrib=contrib)))
    return out


def _holder_parties(sit: Situation, holder: str) -> list[str]:
    """The parties (rows of `contrib`) whose values a red line's holder's price comes off: a faction's own row,
    or an actor's factions' rows (its own row if it has none)."""
    for a in sit.scenario.actors:
        if a.id == holder:
            return [f.id for f in a.factions] or [a.id]
    return [holder]


def _exclusions(sit: Situation, decider_ids: list[str]) -> tuple[list[Pattern], np.ndarray]:
    """Patterns that exclude a package from the zone: binding red lines of deciders, then constraints."""
    pats: list[Pattern] = []
    owners: list[int] = []
    for rl in sit.red_lines:
        if rl.binding and rl.actor in decider_ids:
            pats.append(rl.pattern)
            owners.append(decider_ids.index(rl.actor))
    for c in sit.constraints:
        pats.append(c)
        owners.append(-1)
    for p in _not_offered(sit):
        pats.append(p)
        owners.append(-1)
    return pats, np.array(owners, dtype=np.int64)


OFFERED_CAP = 4096  # packages on the table (the named packages' options combined) an offer set of packages may span


def _not_offered(sit: Situation) -> list[Pattern]:
    """With an offer set of named packages: the other packages their options make (only those options are on the
    table), each a constraint, so the zone count keeps only the named packages."""
    if sit.offered is None:
        return []
    space = Space.of(sit)
    if space.size > OFFERED_CAP:
        raise AccordError(
            f"the offer sets' named packages combine into {space.size:,} packages on the table; "
            f"Accord handles at most {OFFERED_CAP:,}: list fewer packages, or give the offer set "
            "`options` per issue instead"
        )
    grids = np.meshgrid(*space.options, indexing="ij")
    rows = np.stack([g.ravel() for g in grids], axis=1)
    keep = on_offer(sit.offered, rows)
    n, kmax = sit.available.shape
    out = []
    for k, row in enumerate(rows[~keep]):
        mask = np.zeros((n, kmax), dtype=bool)
        mask[np.arange(n), row] = True
        out.append(Pattern(f"not offered {k}", mask, tuple(range(n))))
    return out


def _merge_frontier(
    space: Space, dtables: np.ndarray, res: np.ndarray, patterns: list[Pattern]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Pareto frontier of the zone by merging issues one at a time; None if it grows past MERGE_CAP."""
    if len(patterns) > 62:
        return None
    n = len(space.counts)
    D = dtables.shape[0]
    best = np.array([dtables[:, i, space.options[i]].max(axis=1) for i in range(n)])  # (n, D)
    rem = np.vstack([np.cumsum(best[::-1], axis=0)[::-1], np.zeros((1, D))])
    last = np.array([max(p.issues) if p.issues else -1 for p in patterns], dtype=np.int64)
    codes = np.zeros(1, dtype=np.int64)
    util = np.zeros((1, D))
    bits = np.full(1, (1 << len(patterns)) - 1, dtype=np.int64)
    for i in range(n):
        opts = space.options[i]
        k = len(opts)
        optbits = np.zeros(k, dtype=np.int64)
        for r, p in enumerate(patterns):
            match = p.mask[i, opts] if i in p.issues else np.ones(k, dtype=bool)
            optbits |= np.where(match, np.int64(1) << r, np.int64(0))
        done = np.int64(sum(1 << r for r in np.flatnonzero(last == i)))
        util = (util[:, None, :] + dtables[:, i, opts].T[None, :, :]).reshape(-1, D)
        codes = (codes[:, None] * k + np.arange(k)[None, :]).reshape(-1)
        bits = (bits[:, None] & optbits[None, :]).reshape(-1)
        keep = ((bits & done) == 0) & meets(util + rem[i + 1], res).all(axis=1)
        util, codes, bits = util[keep], codes[keep], bits[keep]
        if codes.size > MERGE_CAP:
            return None
        idx = pareto_front(util, bits)
        util, codes, bits = util[idx], codes[idx], bits[idx]
    return codes, util


def _actor_utilities(space: Space, tables: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """(len(codes), A) utilities of every actor for packages given by codes of the space on the table."""
    if codes.size == 0:
        return np.zeros((0, tables.shape[0]))
    opts = space.digits(codes)
    n = opts.shape[1]
    return tables[:, np.arange(n)[None, :], opts].sum(axis=2).T


def _solutions(
    scenario: Scenario,
    sit: Situation,
    deciders: list[int],
    util: np.ndarray,
    res: np.ndarray,
    codes: np.ndarray,
    all_util: np.ndarray,
) -> dict[str, Solution | None]:
    """The four bargaining solutions over the frontier (None for each when the zone is empty)."""
    if util.shape[0] == 0:
        return dict.fromkeys(SOLUTIONS)
    gains = np.maximum(util - res, 0.0)
    total = util.sum(axis=1)
    ideal = gains.max(axis=0)
    span = np.where(ideal > EPS, ideal, 1.0)
    scores = {
        "nash": np.prod(gains, axis=1),
        "kalai_smorodinsky": (gains / span).min(axis=1),
        "utilitarian": total,
        "egalitarian": gains.min(axis=1),
    }
    out: dict[str, Solution | None] = {}
    all_res = sit.actor_reservation
    for name, score in scores.items():
        best = score.max()
        tied = np.flatnonzero(score >= best - EPS * max(1.0, abs(best)))
        pick = tied[np.lexsort((codes[tied], -total[tied]))[0]]
        u = all_util[pick]
        out[name] = Solution(
            name=name,
            package=decode(scenario, int(codes[pick])),
            code=int(codes[pick]),
            utilities={a: float(u[k]) for k, a in enumerate(sit.actor_ids)},
            gains={a: float(u[k] - all_res[k]) for k, a in enumerate(sit.actor_ids)},
        )
    return out
