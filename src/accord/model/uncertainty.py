"""Sampling the numbers no source gives: designs in the unit cube, their ranges, and the scenario per sample.

Draws come in fixed chunks of `CHUNK` samples, each seeded from the run's seed and its
chunk number alone, so a run gives identical results whatever the number of workers:

- `mc`: independent uniform draws (NumPy PCG64, seeded per chunk by `SeedSequence(seed, spawn_key=(chunk,))`);
- `lhs`: a Latin hypercube within each chunk (stratified per chunk of 10^4 draws);
- `sobol`: one scrambled Sobol sequence for the whole run, each chunk fast-forwarded to its start.

Each unit draw becomes a value in the parameter's range: uniform, or triangular with its
mode at the scenario's nominal value. Sampled saliences are renormalised to sum to 1 per
party, and sampled faction weights per actor.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from accord.errors import AccordError
from accord.model.situation import Numbers, nominal_numbers, soft_red_lines
from accord.scenario.paths import Parameter, parameters
from accord.scenario.schema import Scenario

CHUNK = 10_000
METHODS = ("mc", "lhs", "sobol")


@dataclass(frozen=True)
class Slot:
    """Where one parameter lives in `Numbers`: the array's name and the index inside a sample."""

    array: str
    index: tuple[int, ...]


def slots(scenario: Scenario, params: list[Parameter]) -> list[Slot]:
    """The array slot of every parameter; an error names any parameter Accord cannot sample."""
    party_of: dict[tuple[int, int | None], int] = {}
    k = 0
    for ai, a in enumerate(scenario.actors):
        if a.factions:
            for fi in range(len(a.factions)):
                party_of[(ai, fi)] = k
                k += 1
        elif a.preferences is not None:
            party_of[(ai, None)] = k
            k += 1
    faction_pos = {}
    for ai, a in enumerate(scenario.actors):
        for fi in range(len(a.factions)):
            faction_pos[(ai, fi)] = len(faction_pos)
    issue_index = {i.id: n for n, i in enumerate(scenario.issues)}
    opt_index = [{o.id: n for n, o in enumerate(i.options)} for i in scenario.issues]
    fields = {"base": "base", "drift": "drift", "monthly_cost": "monthly_cost", "horizon": "horizon"}
    soft_at = {id(rl): q for q, rl in enumerate(soft_red_lines(scenario))}
    soft_field = {"gives_way_below": "soft_below", "cost": "soft_cost"}
    out = []
    for p in params:
        loc = p.loc
        slot: Slot | None = None
        if len(loc) >= 4 and loc[-2] == "soft" and loc[-1] in soft_field and loc[-4] == "red_lines":
            rl = _red_line_at(scenario, loc[:-2])
            if rl is not None and id(rl) in soft_at:
                slot = Slot(soft_field[loc[-1]], (soft_at[id(rl)],))
        elif loc[0] == "actors":
            ai = loc[1]
            fi = loc[3] if len(loc) > 3 and loc[2] == "factions" else None
            rest = loc[4:] if fi is not None else loc[2:]
            party = party_of.get((ai, fi))
            if rest == ("capability",) and fi is None:
                slot = Slot("capability", (ai,))
            elif rest == ("weight",) and fi is not None:
                slot = Slot("weight", (faction_pos[(ai, fi)],))
            elif party is not None and rest[:2] == ("preferences", "saliences"):
                slot = Slot("salience", (party, issue_index[rest[2]]))
            elif party is not None and rest[:2] == ("preferences", "values"):
                i = issue_index[rest[2]]
                slot = Slot("value", (party, i, opt_index[i][rest[3]]))
            elif party is not None and rest[0] == "reservation" and rest[1] in fields:
                slot = Slot(fields[rest[1]], (party,))
        elif loc == ("veto_threshold",):
            slot = Slot("veto_threshold", ())
        elif loc[0] == "levers" and loc[2:] == ("cost",):
            slot = Slot("lever_cost", (loc[1],))
        elif loc[0] == "levers" and loc[2] == "effects" and loc[4] == "delta":
            slot = Slot("lever_delta", (loc[1], loc[3]))
        elif loc[0] == "hypotheses" and loc[2] == "effects" and loc[4] == "delta":
            slot = Slot("hyp_delta", (loc[1], loc[3]))
        elif loc[0] == "events" and len(loc) == 5 and loc[2] == "effects" and loc[4] == "delta":
            slot = Slot("event_delta", (loc[1], loc[3]))
        elif loc[0] == "hypothesis_sets" and loc[2:] == ("belief",):
            slot = Slot("belief", (loc[1],))
        if slot is None:
            raise AccordError(
                f"uncertainty {p.path!r} addresses a number Accord does not sample; uncertainties may "
                "cover saliences, option values, reservation parts, faction weights, the veto "
                "threshold, lever costs, effect deltas (of levers, hypotheses and events), theory beliefs, capabilities and soft red "
                "lines' thresholds and costs"
            )
        out.append(slot)
    return out


def _red_line_at(scenario: Scenario, loc: tuple) -> object | None:
    """The red line at a location (`actors`, i, [`factions`, j,] or `hypotheses`, i, then `red_lines`, k)."""
    node: object = scenario
    try:
        for key in loc:
            node = node[key] if isinstance(key, int) else getattr(node, key)  # type: ignore[index]
    except (AttributeError, IndexError, TypeError):
        return None
    return node


def unit_draws(method: str, chunk: int, size: int, dims: int, seed: int) -> np.ndarray:
    """(size, dims) draws in [0, 1) for one chunk; depends only on method, seed and chunk number."""
    if method not in METHODS:
        raise AccordError(f"unknown sampling method {method!r}; use one of {', '.join(METHODS)}")
    if dims == 0:
        return np.zeros((size, 0))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk,)))
    if method == "mc":
        return rng.random((size, dims))
    from scipy.stats import qmc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Sobol balance warnings for chunk sizes that are not powers of two
        if method == "lhs":
            return qmc.LatinHypercube(d=dims, seed=rng).random(size)
        sob = qmc.Sobol(d=dims, scramble=True, seed=np.random.default_rng(seed))
        if chunk:
            sob.fast_forward(chunk * CHUNK)
        return sob.random(size)


def to_values(unit: np.ndarray, params: list[Parameter]) -> np.ndarray:
    """Unit draws as parameter values: uniform over the range, triangular with the nominal value as mode, or
    log-uniform (the magnitude's logarithm uniform, sign kept).

    Each transform runs on its own parameters' columns only (in the built-in scenario 37 of 409 are log-uniform
    and 5 triangular): the same arithmetic per value as over the whole array, a tenth of the work."""
    low = np.array([p.low for p in params])
    high = np.array([p.high for p in params])
    out = low + unit * (high - low)
    logu = np.flatnonzero([p.distribution == "log_uniform" for p in params])
    if logu.size:  # |x| log-uniform between |low| and |high| (both on one side of zero, checked), sign kept
        lo, hi, u = low[logu], high[logu], unit[:, logu]
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b = np.log(np.abs(lo)), np.log(np.abs(hi))
            out[:, logu] = np.sign(lo) * np.exp(a + u * (b - a))
    tri = np.flatnonzero([p.distribution == "triangular" for p in params])
    if tri.size:
        lo, hi, u = low[tri], high[tri], unit[:, tri]
        mode = np.clip(np.array([params[k].nominal for k in tri]), lo, hi)
        span = np.where(hi > lo, hi - lo, 1.0)
        c = (mode - lo) / span
        left = lo + np.sqrt(u * span * (mode - lo))
        right = hi - np.sqrt((1 - u) * span * (hi - mode))
        out[:, tri] = np.where(u < c, left, right)
    return out


def sample_numbers(scenario: Scenario, params: list[Parameter], where: list[Slot], values: np.ndarray) -> Numbers:
    """The scenario's numbers for each row of sampled parameter values."""
    base = nominal_numbers(scenario)
    S = values.shape[0]
    arrays = {
        name: np.repeat(getattr(base, name), S, axis=0)
        for name in (
            "salience",
            "value",
            "base",
            "drift",
            "monthly_cost",
            "horizon",
            "weight",
            "veto_threshold",
            "lever_cost",
            "belief",
            "capability",
            "soft_below",
            "soft_cost",
        )
    }
    lever_delta = [np.repeat(d, S, axis=0) for d in base.lever_delta]
    hyp_delta = [np.repeat(d, S, axis=0) for d in base.hyp_delta]
    event_delta = [np.repeat(d, S, axis=0) for d in base.event_delta]
    deltas = {"lever_delta": lever_delta, "hyp_delta": hyp_delta, "event_delta": event_delta}
    by_array: dict[str, tuple[list[int], list[int]]] = {}
    for col, slot in enumerate(where):
        if slot.array in deltas:
            deltas[slot.array][slot.index[0]][:, slot.index[1]] = values[:, col]
        else:
            shape = arrays[slot.array].shape[1:]
            flat = int(np.ravel_multi_index(slot.index, shape)) if shape else 0
            cols, flats = by_array.setdefault(slot.array, ([], []))
            cols.append(col)
            flats.append(flat)
    for name, (cols, flats) in by_array.items():  # one write per array
        arr = arrays[name]
        flat_view = arr.reshape(S, -1)
        flat_view[:, flats] = values[:, cols]
        arrays[name] = flat_view.reshape(arr.shape)
    if any(s.array == "salience" for s in where):
        sal = arrays["salience"]
        total = sal.sum(axis=2, keepdims=True)
        arrays["salience"] = np.where(total > 0, sal / np.where(total > 0, total, 1.0), sal)
    if any(s.array == "weight" for s in where):
        w = arrays["weight"]
        start = 0
        for a in scenario.actors:
            if a.factions:
                block = w[:, start : start + len(a.factions)]
                total = block.sum(axis=1, keepdims=True)
                w[:, start : start + len(a.factions)] = block / np.where(total > 0, total, 1.0)
                start += len(a.factions)
    return Numbers(lever_delta=tuple(lever_delta), hyp_delta=tuple(hyp_delta), event_delta=tuple(event_delta), **arrays)


@dataclass(frozen=True)
class Design:
    """What to sample: the parameters, where they live, and how."""

    params: list[Parameter]
    slots: list[Slot]
    method: str
    seed: int

    @classmethod
    def of(cls, scenario: Scenario, method: str = "mc", seed: int = 0) -> Design:
        """Every uncertainty of a scenario, to be sampled by `method`."""
        params = parameters(scenario)
        return cls(params, slots(scenario, params), method, seed)

    def chunk(self, scenario: Scenario, chunk: int, size: int) -> tuple[np.ndarray, Numbers]:
        """Parameter values (size, K) and the numbers they give, for one chunk."""
        values = to_values(unit_draws(self.method, chunk, size, len(self.params), self.seed), self.params)
        return values, sample_numbers(scenario, self.params, self.slots, values)
