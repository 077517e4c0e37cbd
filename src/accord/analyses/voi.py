"""Value of information: which unknown is worth learning before the mediator chooses.

The mediator chooses one of several options (lever packages, each with the proposal it puts
forward) without knowing the uncertain numbers or which theory holds. With perfect information
it could choose per case. For a goal with values NB(option, case), higher better,

    EVPI      = E[ max_d NB_d ] - max_d E[ NB_d ]
    EVPPI(X)  = E_X[ max_d E[NB_d | X] ] - max_d E[ NB_d ]

The expectations run over one set of Monte Carlo samples (the same draws `explore` makes) and
over the theories weighted by belief (the prior, or the evidence's posterior); nothing is
re-run per parameter. E[NB_d | X] is estimated by regression (Strong, Oakley and Brennan 2014):
for one parameter, or a group of up to `SPLINE_GROUP` parameters, an additive cubic regression
spline (B-splines from SciPy, knots at quantiles), for bigger groups a linear model; for the
theory itself, exactly, as each theory's mean. Regression on noisy outcomes leaves a small
upward bias: the `floor` printed beside the results is the EVPPI the same fit gives to a
parameter that has no bearing on anything (a column of random numbers).

Goals: `deal` (chance of a deal within the window; values in percentage points), `months`
(months of war within the window before a deal), `cost` (the mediator's lever spending until a
deal, in the scenario's cost unit), `lives` (months of war times the scenario's
`meta.lives_per_month`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from accord.analyses.frames import Table, Tabular, names_of
from accord.analyses.strategies import BELIEFS, Course, candidate_rows, make_strategies
from accord.errors import AccordError
from accord.model.acceptance import acceptance
from accord.model.situation import situate_batch
from accord.model.uncertainty import CHUNK, Design
from accord.scenario.paths import describe
from accord.scenario.schema import Scenario

GOALS = ("deal", "months", "cost", "lives")
KNOTS = 4  # interior knots of each parameter's cubic regression spline
SPLINE_GROUP = 12  # larger groups get a linear fit
MIN_ROWS = 20  # samples per fitted column a group needs
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Value:
    """The expected value of learning one thing, in the goal's unit."""

    what: str  # parameter path, uncertainty group pattern, or "theory"
    name: str  # in words
    kind: str  # "parameter", "group" or "theory"
    value: float
    se: float
    floor: float = 0.0  # what the same fit gives as many columns of random numbers (its noise)
    clipped: bool = False  # the estimate exceeded the EVPI (its upper bound) and was cut to it


@dataclass(frozen=True)
class VoiResult(Tabular):
    """EVPI and EVPPI for a decision among options."""

    scenario: str
    goal: str
    unit: str
    options: list[str]
    names: dict[str, str]
    expected: dict[str, float]  # option -> expected value (over samples and theories)
    by_theory: dict[str, dict[str, float]]  # theory -> option -> expected value
    best: str
    weights: dict[str, float]  # theory -> belief used
    beliefs: str  # "prior" or "posterior"
    evpi: float
    evpi_se: float
    values: list[Value]  # theory, groups and parameters, largest first
    floor: float
    samples: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False, metadata={"json": False})

    def _table(self) -> Table:
        """The value of information: EVPI, then each theory, group or parameter, largest first."""
        rows = [("evpi", "perfect information on everything", "all", self.evpi, self.evpi_se)]
        rows += [(v.what, v.name, v.kind, v.value, v.se) for v in self.values]
        return Table(f"Value of information ({self.unit})", ("id", "what"), ("kind", "value", "standard error"), rows)

    @property
    def top(self) -> Value | None:
        """The unknown most worth learning."""
        return self.values[0] if self.values else None


# --- the estimators ----------------------------------------------------------------------------


def evpi(nb: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """EVPI of values `nb` (cases, options), cases weighted by `weights` (default equal); with its standard error."""
    w = _weights(nb, weights)
    mean = w @ nb
    d = int(np.argmax(mean))
    gain = nb.max(axis=1) - nb[:, d]
    return float(w @ gain), _se(gain, w)


def evppi(nb: np.ndarray, x: np.ndarray, *, knots: int = KNOTS, linear: bool | None = None) -> tuple[float, float]:
    """EVPPI of the parameter(s) `x` (cases,) or (cases, k) for values `nb` (cases, options), by regression of
    each option's values on `x` (additive cubic splines, or a linear fit for many parameters or `linear`)."""
    x = np.asarray(x, dtype=float).reshape(len(nb), -1)
    basis = _basis(x, knots, linear if linear is not None else x.shape[1] > SPLINE_GROUP)
    fit = basis @ _least_squares(basis, nb)
    d = int(np.argmax(nb.mean(axis=0)))
    gain = fit.max(axis=1) - fit[:, d]
    return float(gain.mean()), _se(gain, None)


def evppi_groups(nb: np.ndarray, groups: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """EVPPI of a discrete unknown (e.g. which theory holds), exactly: each value's mean per group."""
    w = _weights(nb, weights)
    d = int(np.argmax(w @ nb))
    total = 0.0
    gains = np.zeros(len(nb))
    for g in np.unique(groups):
        rows = groups == g
        mass = w[rows].sum()
        if mass <= 0:
            continue
        m = (w[rows] @ nb[rows]) / mass
        total += mass * float(m.max() - m[d])
        gains[rows] = m.max() - m[d]
    return total, _se(gains, w)


def _weights(nb: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    w = np.full(len(nb), 1.0 / len(nb)) if weights is None else np.asarray(weights, dtype=float)
    return w / w.sum()


def _se(gain: np.ndarray, w: np.ndarray | None) -> float:
    """Standard error of a (weighted) mean of per-case gains (the fit's own uncertainty not included)."""
    if w is None:
        return float(gain.std(ddof=1) / np.sqrt(len(gain))) if len(gain) > 1 else 0.0
    m = w @ gain
    n_eff = 1.0 / float((w**2).sum())
    return float(np.sqrt(max(w @ (gain - m) ** 2, 0.0) / max(n_eff - 1, 1.0)))


def _least_squares(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares coefficients by the normal equations (a few columns, many rows), with a tiny ridge
    against columns that are (nearly) collinear."""
    ata = a.T @ a
    ata[np.diag_indices_from(ata)] += 1e-9 * max(float(np.trace(ata)) / len(ata), 1e-12)
    return np.linalg.solve(ata, a.T @ y)


def _basis(x: np.ndarray, knots: int, linear: bool) -> np.ndarray:
    """Design matrix: intercept, then per column either its value (linear) or a cubic B-spline basis with
    `knots` interior knots at quantiles (an additive model)."""
    cols = [np.ones((len(x), 1))]
    for j in range(x.shape[1]):
        v = x[:, j]
        lo, hi = float(v.min()), float(v.max())
        if hi <= lo:
            continue
        if linear:
            cols.append(((v - lo) / (hi - lo))[:, None])
            continue
        from scipy.interpolate import BSpline

        inner = np.unique(np.quantile(v, np.linspace(0, 1, knots + 2)[1:-1]))
        t = np.r_[[lo] * 4, inner[(inner > lo) & (inner < hi)], [hi] * 4]
        b = BSpline.design_matrix(np.clip(v, lo, hi), t, 3, extrapolate=True).toarray()  # x is inside: no check
        cols.append(b[:, 1:])  # the B-splines sum to one: drop one against the intercept
    return np.hstack(cols)


# --- the decision on a scenario ----------------------------------------------------------------


def options(scenario: Scenario, specs: list[str] | None = None) -> list[Course]:
    """The mediator's options: `LEVERS` (with the proposal accepted under most belief), `LEVERS@THEORY` (with
    the proposal that theory's zone makes possible), or a strategy's id (its lever package); by default every
    lever package with each theory's proposal (the same package counted once)."""
    have_beliefs = any(hs.belief for hs in scenario.hypothesis_sets)
    strategies = {st.id: st for st in scenario.strategies}
    if specs:
        out = []
        for spec in specs:
            spec = spec.strip()
            if spec in strategies:
                lv = strategies[spec].levers
                if not isinstance(lv, str):
                    raise AccordError(f"strategy {spec!r} names levers, not a lever package; use a lever package id")
                spec = lv
            if "@" not in spec:
                spec = f"{spec}@{BELIEFS}" if have_beliefs else spec
            out.append(spec)
        made = make_strategies(scenario, out)
    else:
        made = [
            st
            for st in make_strategies(scenario)
            if st.hypotheses != BELIEFS and (st.hypotheses is not None or not scenario.hypothesis_sets)
        ]
    if not specs and len({(st.levers, str(st.proposal)) for st in made if st.proposal is not None}) >= 2:
        made = [st for st in made if st.proposal is not None]  # options that can end in a deal
    seen, unique = set(), []
    for st in made:
        key = (st.levers, tuple(sorted((st.proposal or {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(st)
    if len(unique) < 2:
        raise AccordError("a decision needs two options or more; name them with --decision A,B")
    return unique


def voi(
    scenario: Scenario,
    decision: list[str] | None = None,
    *,
    goal: str = "deal",
    samples: int = 10_000,
    seed: int = 0,
    beliefs: dict[str, float] | None = None,
    belief_label: str = "prior",
    groups: bool = True,
    progress: Progress | None = None,
) -> VoiResult:
    """EVPI and EVPPI (per parameter, per uncertainty group, and of the theory) for the mediator's choice among
    `decision` options, over `samples` Monte Carlo draws and the theories weighted by `beliefs` (default: the
    scenario's priors)."""
    t0 = time.perf_counter()
    if goal not in GOALS:
        raise AccordError(f"unknown goal {goal!r}; choose one of {', '.join(GOALS)}")
    if samples < 10:
        raise AccordError("--samples must be at least 10")
    if goal == "lives" and scenario.meta.lives_per_month is None:
        raise AccordError("--goal lives needs `meta.lives_per_month` in the scenario (lives lost per month of war)")
    opts = options(scenario, decision)
    kept = {o.levers for o in opts}
    dropped = [] if decision else [lp.name or lp.id for lp in scenario.lever_packages if lp.id not in kept]
    thy = [hs.id for hs in scenario.hypothesis_sets] or [None]
    if beliefs is None:
        from accord.analyses.evidence import priors

        beliefs = priors(scenario) if scenario.hypothesis_sets else {}
    w_theory = np.array([beliefs.get(t, 0.0) if t else 1.0 for t in thy], dtype=float)
    if w_theory.sum() <= 0:
        w_theory = np.ones(len(thy))
    w_theory = w_theory / w_theory.sum()
    design = Design.of(scenario, "mc", seed)
    cand = candidate_rows(scenario, opts)[:, :1, :]  # (G, 1, n): each option's proposal
    sizes = [min(CHUNK, samples - s) for s in range(0, samples, CHUNK)]
    values, nbs = [], []  # per chunk: (S, K) and (T, S, G)
    for k, size in enumerate(sizes):
        x, numbers = design.chunk(scenario, k, size)
        values.append(x.astype(np.float32))
        nb = np.zeros((len(thy), size, len(opts)))
        for ti, t in enumerate(thy):
            for g, st in enumerate(opts):
                batch = situate_batch(scenario, st.levers, t, numbers=numbers)
                slope = batch.actor_slope[:, np.flatnonzero(batch.decides)]
                month = acceptance(batch, cand[g]).within(slope, scenario.window)[:, 0]
                nb[ti, :, g] = _goal(goal, month, batch.cost, scenario)
        nbs.append(nb)
        if progress is not None:
            progress(sum(sizes[: k + 1]), samples)
    XT = np.ascontiguousarray(np.concatenate(values).T, dtype=float)  # (K, S): one parameter per row
    NB = np.concatenate(nbs, axis=1)  # (T, S, G)
    S = NB.shape[1]
    mix = np.einsum("t,tsg->sg", w_theory, NB)
    stacked = NB.reshape(len(thy) * S, len(opts))
    w_rows = np.repeat(w_theory, S) / S
    total, total_se = evpi(stacked, w_rows)
    found: list[Value] = []
    if len(thy) > 1:
        v, se = evppi_groups(stacked, np.repeat(np.arange(len(thy)), S), w_rows)
        found.append(Value("theory", "which theory holds", "theory", v, se))
    params = [(j, p) for j, p in enumerate(design.params) if not _is_belief(p.path) and XT[j].max() > XT[j].min()]
    for j, p in params:
        v, se = evppi(mix, XT[j])
        found.append(Value(p.path, describe(scenario, p.path), "parameter", v, se))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
    floor = evppi(mix, rng.random(S))[0]
    found = [Value(v.what, v.name, v.kind, v.value, v.se, floor if v.kind == "parameter" else 0.0) for v in found]
    skipped = []
    if groups:
        by_group: dict[str, list[int]] = {}
        for j, p in params:
            by_group.setdefault(p.group, []).append(j)
        for pattern, cols in by_group.items():
            if len(cols) < 2:
                continue
            width = len(cols) if len(cols) > SPLINE_GROUP else len(cols) * (KNOTS + 3)
            if S < MIN_ROWS * width:
                skipped.append(f"{describe(scenario, pattern)} ({len(cols)} parameters)")
                continue
            v, se = evppi(mix, XT[cols].T)
            g_floor = evppi(mix, rng.random((S, len(cols))))[0]
            found.append(Value(pattern, describe(scenario, pattern), "group", v, se, g_floor))
    found = [Value(v.what, v.name, v.kind, min(v.value, total), v.se, v.floor, v.value > total + 1e-12) for v in found]
    found.sort(key=lambda v: -v.value)
    expected = dict(zip([o.id for o in opts], (w_rows @ stacked).tolist(), strict=True))
    by_theory = {
        str(t or "none"): dict(zip([o.id for o in opts], NB[ti].mean(axis=0).tolist(), strict=True))
        for ti, t in enumerate(thy)
    }
    best = max(expected, key=expected.__getitem__)
    scale, unit = _unit(goal, scenario)
    names = {o.id: _option_name(scenario, o) for o in opts}
    notes = [
        f"noise floor: a column of random numbers gets {floor * scale:.3g} {unit} from the same fit; each group "
        "has its own (as many random columns)"
    ]
    if skipped:
        notes.append(
            f"groups left out for want of samples (at least {MIN_ROWS} per fitted column): " + ", ".join(skipped)
        )
    if any(v.clipped for v in found):
        notes.append("estimates above the EVPI (an overfit) are cut to it and marked")
    if dropped:
        notes.append(
            "left out, as they put forward no proposal (no zone opens): "
            + ", ".join(dropped)
            + "; name them with --decision to include them"
        )
    if goal in ("months", "cost", "lives"):
        notes.append(f"no deal within the window ({scenario.window} months) counts the whole window")
    return VoiResult(
        scenario.meta.id,
        goal,
        unit,
        [o.id for o in opts],
        names,
        {k: v * scale for k, v in expected.items()},
        {t: {k: v * scale for k, v in d.items()} for t, d in by_theory.items()},
        best,
        {str(t or "none"): float(w) for t, w in zip(thy, w_theory, strict=True)},
        belief_label,
        total * scale,
        total_se * scale,
        [Value(v.what, v.name, v.kind, v.value * scale, v.se * scale, v.floor * scale, v.clipped) for v in found],
        floor * scale,
        S,
        time.perf_counter() - t0,
        notes,
        labels=names_of(scenario),
    )


def _is_belief(path: str) -> bool:
    return path.startswith("hypothesis_sets.") and path.endswith(".belief")


def _goal(goal: str, month: np.ndarray, cost: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Per case: the goal's value, higher better (costs negated)."""
    deal = month >= 0
    at_war = np.where(deal, month, scenario.window).astype(float)
    if goal == "deal":
        return deal.astype(float)
    if goal == "months":
        return -at_war
    if goal == "cost":
        return -at_war * cost
    return -at_war * float(scenario.meta.lives_per_month or 0.0)


def _unit(goal: str, scenario: Scenario) -> tuple[float, str]:
    """Scale and unit the goal is reported in (costs as positive amounts saved)."""
    if goal == "deal":
        return 100.0, "percentage points of the chance of a deal"
    if goal == "months":
        return 1.0, "months of war"
    if goal == "cost":
        return 1.0, scenario.meta.cost_unit or "cost units"
    return 1.0, "lives"


def _option_name(scenario: Scenario, st: Course) -> str:
    lp = next((x for x in scenario.lever_packages if x.id == st.levers), None)
    name = (lp.name or lp.id) if lp else st.levers
    if st.proposal is None:
        return f"{name} (no proposal: it opens no zone)"
    if st.hypotheses and st.hypotheses != BELIEFS:
        return f"{name}, with the proposal {st.hypotheses.capitalize()}'s theory makes possible"
    return name
