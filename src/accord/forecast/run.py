"""Where each issue is likely to settle: forecasts per issue and condition, over the uncertainties.

A *condition* is a lever package under a theory (as elsewhere in Accord). For each ordered issue and
condition: the path round by round, the final forecast and the option nearest it, who pressed whom, the
distribution of the forecast over sampled assumptions, which actors' capability or salience moves it
most, and a check that rescaling the issue's scale leaves the forecast unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from accord.budget import Estimate
from accord.errors import AccordError
from accord.forecast import bdm, ktab, scholz, smp
from accord.forecast.inputs import Inputs, from_scenario, ordered_issues
from accord.model.situation import resolve_hypotheses, resolve_levers
from accord.scenario.schema import Scenario
from accord.workers import pool as worker_pool

VARIANTS = ("bdm", "scholz2011", "smp", "ktab")
BDM_LIKE = {"bdm": bdm.run, "scholz2011": scholz.run}  # one issue at a time, the median voter as the forecast
Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Settings:
    """How the model runs: variant, rounds and the variant's switches."""

    variant: str = "bdm"
    rounds: int | None = None  # the round (turn) limit; None: the variant's own (10; KTAB's 100 for ktab)
    q: float = 1.0
    voting: str = "proportional"
    win: str | None = None  # None: the variant's default (smp: lanchester; ktab: linear, as KTAB)
    transition: str = "deterministic"
    seed: int = 0

    @property
    def turns(self) -> int:
        """The round limit in force."""
        return self.rounds if self.rounds is not None else (100 if self.variant == "ktab" else 10)

    @property
    def win_rule(self) -> str:
        """The win-probability rule in force."""
        if self.win is not None:
            return self.win
        return "linear" if self.variant == "ktab" else "lanchester"


@dataclass(frozen=True)
class Pressure:
    """In a round, `actor` took the offer (or bargain) of `by`."""

    round: int
    actor: str
    by: str
    kind: str
    to: float


@dataclass(frozen=True)
class IssueForecast:
    """One issue under one condition."""

    issue: str
    condition: str
    variant: str
    actors: tuple[str, ...]
    capability: tuple[float, ...]
    salience: tuple[float, ...]
    positions: np.ndarray  # (rounds + 1, actors) in the issue's units
    median: np.ndarray  # (rounds + 1,) the forecast each round
    mean: np.ndarray  # (rounds + 1,)
    forecast: float
    option: str | None
    converged: bool
    pressure: tuple[Pressure, ...]
    rescale_invariant: bool
    scale: tuple[float, float]
    samples: int = 0
    quantiles: tuple[float, float, float] | None = None  # 5%, 50%, 95%
    ticks: tuple[tuple[float, str], ...] = ()  # (position, option) along the scale, scenario issues
    red_lines: tuple[str, ...] = ()  # binding red lines the forecast option crosses
    option_shares: dict[str, float] = field(default_factory=dict)
    influence: tuple[tuple[str, str, float], ...] = ()  # (actor, capability|salience, change in forecast)
    win_probability: np.ndarray | None = None  # ktab: (states, actors) chance each position prevails
    change: tuple[float, ...] = ()  # ktab: each turn's fractional change (KTAB's rule)


def run_inputs(inputs: Inputs, settings: Settings = Settings()) -> tuple[np.ndarray, np.ndarray, np.ndarray, object]:
    """Run a variant on inputs: (positions (R+1, S, n, D), forecast path (R+1, S, D), mean path, raw path)."""
    c = inputs.capability
    if settings.variant in BDM_LIKE:
        paths = [
            BDM_LIKE[settings.variant](
                inputs.position[:, :, d], c, inputs.salience[:, :, d], settings.turns, settings.q
            )
            for d in range(len(inputs.issues))
        ]
        rounds = max(p.positions.shape[0] for p in paths)
        pos = np.stack([_pad(p.positions, rounds) for p in paths], axis=-1)
        med = np.stack([_pad(p.median, rounds) for p in paths], axis=-1)
        mean = np.stack([_pad(p.mean, rounds) for p in paths], axis=-1)
        return pos, med, mean, paths
    if settings.variant == "smp":
        p = smp.run(
            inputs.position,
            c,
            inputs.salience,
            settings.turns,
            settings.voting,
            settings.win_rule,
            settings.transition,
            settings.seed,
        )
        return p.positions, p.mean, p.mean, p
    if settings.variant == "ktab":
        s = inputs.salience
        total = s.sum(axis=2, keepdims=True)
        s = s / np.maximum(total, 1.0)  # KTAB: an actor's saliences sum to at most 1
        k = ktab.run(
            inputs.position,
            c,
            s,
            settings.turns,
            settings.voting,
            settings.win_rule,
            settings.transition,
            settings.seed,
        )
        return k.positions, k.likeliest, k.mean, k
    raise AccordError(f"unknown variant {settings.variant!r}; choose from {', '.join(VARIANTS)}")


def _to_units(lo: float, hi: float) -> Callable[[object], np.ndarray]:
    """A function taking normalised positions back to the scale [lo, hi]."""
    return lambda v: lo + np.asarray(v) * (hi - lo)


def _pad(a: np.ndarray, rounds: int) -> np.ndarray:
    if a.shape[0] == rounds:
        return a
    return np.concatenate([a, np.repeat(a[-1:], rounds - a.shape[0], axis=0)], axis=0)


def forecast_inputs(
    inputs: Inputs,
    condition: str = "",
    settings: Settings = Settings(),
    sampled: Inputs | None = None,
    influence: bool = True,
) -> list[IssueForecast]:
    """Forecasts for every dimension of `inputs` (sample 0 is the nominal run)."""
    pos, med, mean, raw = run_inputs(inputs, settings)
    shares_src = None
    if sampled is not None:
        _, smed, _, _ = run_inputs(sampled, settings)
        shares_src = smed[-1]  # (S, D)
    infl = _influence(inputs, settings) if influence else None
    inv = _rescale_check(inputs, settings, med)
    out = []
    for d, issue in enumerate(inputs.issues):
        lo, hi = inputs.scale[d]
        unit = _to_units(lo, hi)
        final = float(med[-1, 0, d])
        press = _pressure(inputs, settings, raw, d, unit)
        q = shares = None
        n_s = 0
        if shares_src is not None:
            vals = shares_src[:, d]
            n_s = len(vals)
            q = tuple(float(v) for v in unit(np.quantile(vals, [0.05, 0.5, 0.95])))
            if inputs.options:
                levels = np.unique(vals)
                names = [inputs.option_at(float(v), d) for v in levels]
                shares = {}
                for v, o in zip(levels, names, strict=True):
                    shares[o] = shares.get(o, 0.0) + float((vals == v).mean())
        out.append(
            IssueForecast(
                issue=issue,
                condition=condition,
                variant=settings.variant,
                actors=inputs.actors,
                capability=tuple(float(v) for v in inputs.capability[0]),
                salience=tuple(float(v) for v in inputs.salience[0, :, d]),
                positions=unit(pos[:, 0, :, d]),
                median=unit(med[:, 0, d]),
                mean=unit(mean[:, 0, d]),
                forecast=float(unit(final)),
                option=inputs.option_at(final, d),
                converged=bool(raw[d].converged[0])
                if settings.variant in BDM_LIKE
                else bool(raw.converged[0])
                if settings.variant == "ktab"
                else True,
                pressure=press,
                rescale_invariant=inv,
                scale=(lo, hi),
                samples=n_s,
                quantiles=q,
                option_shares=shares or {},
                ticks=tuple(
                    (float(lo + k * (hi - lo) / max(1, len(inputs.options[d]) - 1)), o.replace("_", " "))
                    for k, o in enumerate(inputs.options[d])
                )
                if inputs.options
                else (),
                influence=tuple(
                    sorted(
                        ((a, kind, float(v) * (hi - lo)) for (a, kind), v in infl[d].items()), key=lambda t: -abs(t[2])
                    )
                )
                if infl
                else (),
                win_probability=raw.win[:, 0, :] if settings.variant == "ktab" else None,
                change=tuple(float(v) for v in raw.change[:, 0]) if settings.variant == "ktab" else (),
            )
        )
    return out


def _pressure(
    inputs: Inputs, settings: Settings, raw: object, d: int, unit: Callable[[object], object]
) -> tuple[Pressure, ...]:
    names = inputs.actors
    out: list[Pressure] = []
    if settings.variant in BDM_LIKE:
        p = raw[d]  # type: ignore[index]
        for r in range(p.pressed_by.shape[0]):
            for a in range(len(names)):
                b = int(p.pressed_by[r, 0, a])
                if b >= 0:
                    out.append(
                        Pressure(
                            r + 1,
                            names[a],
                            names[b],
                            bdm.KINDS[int(p.kind[r, 0, a])],
                            float(unit(p.positions[r + 1, 0, a])),
                        )
                    )  # type: ignore[arg-type]
    else:
        p = raw
        for r in range(p.pressed_by.shape[0]):  # type: ignore[attr-defined]
            for a in range(len(names)):
                b = int(p.pressed_by[r, 0, a])  # type: ignore[attr-defined]
                if b >= 0:
                    out.append(Pressure(r + 1, names[a], names[b], "bargain", float(unit(p.positions[r + 1, 0, a, d]))))  # type: ignore[attr-defined,arg-type]
    return tuple(out)


INFLUENCE_ACTORS = 24  # at most this many actors are perturbed (the weightiest, by capability x salience)
INFLUENCE_WORK = 5_000_000  # ... and fewer when actors^2 per perturbed actor would pass this (1,000 actors: 5)
INFLUENCE_BATCH = 16  # perturbed runs at a time (memory stays samples x actors^2)


PER_RUN = {"bdm": (2.0e-6, 2), "scholz2011": (4.1e-6, 2), "smp": (1.2e-6, 3), "ktab": (1.8e-6, 3)}
"""CPU seconds of one run per issue at the variant's default rounds, as a coefficient on actors^power (measured
on the 2-core reference machine: bdm 0.5 s and smp 32 s for a 100-actor forecast, ktab 6 s for 50 actors)."""


def estimate(
    actors: int, issues: int, settings: Settings = Settings(), conditions: int = 1, samples: int = 0
) -> Estimate:
    """The CPU a forecast will take: one run costs actors^2 (bdm, scholz2011) or actors^3 (smp, ktab) per issue,
    and a forecast makes the run itself, the influence runs, the rescaling check and one run per sample."""
    coef, power = PER_RUN.get(settings.variant, PER_RUN["ktab"])
    default = Settings(settings.variant).turns
    per_run = coef * float(actors) ** power * max(1, issues) * max(0.1, settings.turns / default)
    runs = 2 + influence_actors(actors) + 0.5 * samples
    grows = "actors^3" if power == 3 else "actors^2"
    return Estimate(
        per_run * runs * max(1, conditions),
        f"a {settings.variant} forecast of {actors:,} actors on {issues} issue(s)"
        + (f" under {conditions} conditions" if conditions > 1 else "")
        + (f" over {samples:,} samples" if samples else "")
        + f" ({grows} per round)",
    )


def influence_actors(n: int) -> int:
    """How many of n actors the influence analysis perturbs."""
    return int(min(n, INFLUENCE_ACTORS, max(2, INFLUENCE_WORK // max(1, n * n))))


def _influence(inputs: Inputs, settings: Settings) -> list[dict[tuple[str, str], float]]:
    """Change in the forecast (normalised) when one actor's capability rises 10% or its salience by 0.1.

    With many actors only the weightiest (capability x salience, summed over issues; `influence_actors`) are
    perturbed, and the runs go in batches, so that time and memory do not grow with actors^3."""
    n = len(inputs.actors)
    base = replace(inputs, capability=inputs.capability[:1], position=inputs.position[:1], salience=inputs.salience[:1])
    weight = (base.capability[0][:, None] * base.salience[0]).sum(axis=1)
    chosen = np.sort(np.argsort(-weight, kind="stable")[: influence_actors(n)])
    variants: list[tuple[int, str]] = [(int(a), kind) for kind in ("capability", "salience") for a in chosen]
    change = []  # per variant (D,): its forecast minus the unperturbed one run in the same batch (same rounds)
    for start in range(0, len(variants), INFLUENCE_BATCH):
        part = variants[start : start + INFLUENCE_BATCH]
        cap = np.repeat(base.capability, 1 + len(part), axis=0)
        sal = np.repeat(base.salience, 1 + len(part), axis=0)
        for k, (a, kind) in enumerate(part, start=1):
            if kind == "capability":
                cap[k, a] *= 1.10
            else:
                sal[k, a, :] = np.minimum(1.0, sal[k, a, :] + 0.10)
        batch = replace(base, capability=cap, position=np.repeat(base.position, 1 + len(part), axis=0), salience=sal)
        final = run_inputs(batch, settings)[1][-1]  # (1 + batch, D), row 0 unperturbed
        change.extend(final[1:] - final[0])
    out = []
    for d in range(len(inputs.issues)):
        out.append({(inputs.actors[a], kind): float(change[k][d]) for k, (a, kind) in enumerate(variants)})
    return out


def _rescale_check(inputs: Inputs, settings: Settings, med: np.ndarray) -> bool:
    """Stretch and shift every scale (x -> 7x + 3): the forecast, mapped back, must not change."""
    lo = np.array([a for a, _ in inputs.scale])
    hi = np.array([b for _, b in inputs.scale])
    raw = lo + inputs.position[:1] * (hi - lo)
    new_lo, new_hi = 7 * lo + 3, 7 * hi + 3
    stretched = replace(
        inputs,
        capability=inputs.capability[:1],
        salience=inputs.salience[:1],
        position=((7 * raw + 3) - new_lo) / (new_hi - new_lo),
        scale=tuple((float(a), float(b)) for a, b in zip(new_lo, new_hi, strict=True)),
    )
    _, med2, _, _ = run_inputs(stretched, settings)
    return bool(np.allclose(med2[-1, 0], med[-1, 0], atol=1e-9))


def conditions(scenario: Scenario) -> list[tuple[str, str | None, str | None]]:
    """The default comparison: no levers; the baseline; each lever package under each matching theory.

    A lever package is paired with the hypothesis set whose id begins its own id (lieven_levers with lieven);
    a package no set matches runs under all hypotheses.
    """
    out: list[tuple[str, str | None, str | None]] = [("no levers", "none", "none")]
    if scenario.baseline_levers:
        out.append((f"{scenario.baseline_levers} (baseline)", scenario.baseline_levers, "none"))
    sets = [h.id for h in scenario.hypothesis_sets]
    for lp in scenario.lever_packages:
        if lp.id == scenario.baseline_levers:
            continue
        match = [h for h in sets if lp.id.startswith(h)]
        theory = match[0] if match else ("all" if scenario.hypotheses else "none")
        out.append((f"{lp.id} @ {theory}", lp.id, theory))
    return out


def forecast(
    scenario: Scenario,
    issues: list[str] | None = None,
    levers: str | list[str] | None = None,
    hypotheses: str | list[str] | None = None,
    settings: Settings = Settings(),
    samples: int = 0,
    condition: str | None = None,
    progress: Progress = None,
) -> list[IssueForecast]:
    """Forecast the ordered issues of a scenario under one lever package and theory."""
    chosen = issues or ordered_issues(scenario)
    if not chosen:
        raise AccordError("the scenario has no ordered issue to forecast; mark an issue `ordered: true`")
    resolve_levers(scenario, levers)
    resolve_hypotheses(scenario, hypotheses)
    nominal = from_scenario(scenario, chosen, levers, hypotheses)
    weight = (nominal.capability[0][:, None] * nominal.salience[0]).sum(axis=0)
    empty = [i for i, w in zip(chosen, weight, strict=True) if w <= 0]
    if empty:
        raise AccordError(
            f"no party with capability cares about issue {empty[0]!r} (every capability x salience is "
            "0): there is nothing to forecast; give actors a `capability` and the issue a salience"
        )
    sampled = None
    if samples > 0:
        from accord.model.uncertainty import Design

        design = Design.of(scenario, "mc", settings.seed)
        if not design.params:
            raise AccordError("the scenario has no uncertainties to sample; run without --samples")
        parts = []
        chunk = 0
        while chunk * 10_000 < samples:
            size = min(10_000, samples - chunk * 10_000)
            _, numbers = design.chunk(scenario, chunk, size)
            parts.append(from_scenario(scenario, chosen, levers, hypotheses, numbers))
            chunk += 1
            if progress:
                progress(min(samples, chunk * 10_000), samples)
        sampled = replace(
            parts[0],
            capability=np.concatenate([p.capability for p in parts]),
            position=np.concatenate([p.position for p in parts]),
            salience=np.concatenate([p.salience for p in parts]),
        )
    label = condition or f"{levers or 'baseline'} @ {hypotheses or 'none'}"
    results = forecast_inputs(nominal, label, settings, sampled)
    return [replace(r, red_lines=_red_lines_at(scenario, r, levers, hypotheses)) for r in results]


def forecast_conditions(
    scenario: Scenario,
    conds: list[tuple[str, str | None, str | None]],
    issues: list[str] | None = None,
    settings: Settings = Settings(),
    samples: int = 0,
    workers: int | None = None,
    progress: Progress = None,
) -> list[IssueForecast]:
    """`forecast` under each (name, levers, theory) condition; with samples, the conditions run in parallel
    processes (each condition's result does not depend on how many run at once)."""
    n = min(workers or os.cpu_count() or 1, len(conds))
    if samples <= 0 or n <= 1:
        out: list[IssueForecast] = []
        for k, (name, lv, th) in enumerate(conds):
            out += forecast(scenario, issues, lv, th, settings, samples, name)
            if progress:
                progress(k + 1, len(conds))
        return out
    out = []
    with worker_pool(n) as pool:
        futures = [pool.submit(forecast, scenario, issues, lv, th, settings, samples, name) for name, lv, th in conds]
        for k, f in enumerate(futures):
            out += f.result()
            if progress:
                progress(k + 1, len(conds))
    return out


def _red_lines_at(
    scenario: Scenario, r: IssueForecast, levers: str | list[str] | None, hypotheses: str | list[str] | None
) -> tuple[str, ...]:
    """The binding red lines on this issue alone that the forecast option crosses: expected-utility forecasting
    knows no red lines, so a forecast there is one its holder would never sign (said beside the forecast)."""
    if r.option is None:
        return ()
    from accord.model.situation import situate

    sit = situate(scenario, levers, hypotheses)
    i = [x.id for x in scenario.issues].index(r.issue)
    o = [x.id for x in scenario.issues[i].options].index(r.option)
    return tuple(
        f"{scenario.name_of(rl.holder)}: {rl.pattern.id}"
        for rl in sit.red_lines
        if rl.binding and rl.pattern.issues == (i,) and rl.pattern.mask[i, o]
    )
