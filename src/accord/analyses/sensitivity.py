"""Global sensitivity: which uncertainties decide whether a deal happens (Sobol indices via SALib).

Parameters are grouped by the uncertainty entry they come from (one row per entry of the
scenario's `uncertainties`), so the indices answer questions an analyst asks ("how much do
the faction weights matter?") rather than listing hundreds of single numbers. Saltelli's
design is drawn in the unit cube and mapped through each parameter's range and distribution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accord.analyses.frames import Table
from accord.analyses.strategies import (
    BELIEFS,
    Course,
    accepts_by_belief,
    candidate_rows,
    draw_theories,
    make_strategies,
)
from accord.errors import AccordError
from accord.model.acceptance import accepts
from accord.model.situation import situate_batch
from accord.model.uncertainty import CHUNK, Design, sample_numbers, to_values
from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class Index:
    """First-order and total Sobol indices of one group of parameters, with 95% confidence half-widths."""

    group: str
    first: float
    first_conf: float
    total: float
    total_conf: float


def sobol_indices(
    model: Callable[[np.ndarray], np.ndarray], groups: list[str], base: int, seed: int = 0
) -> list[Index]:
    """Sobol indices of `model` (unit-cube rows -> outputs) for parameters grouped by `groups`."""
    try:
        from SALib.analyze import sobol as analyze
    except ImportError:
        raise AccordError("sensitivity analysis needs SALib: pip install SALib") from None
    if base < 2 or base & (base - 1):
        raise AccordError(f"the Sobol base sample size must be a power of two, not {base}")
    k = len(groups)
    problem = {
        "num_vars": k,
        "names": [f"x{i}" for i in range(k)],
        "bounds": [[0.0, 1.0]] * k,
        "groups": groups if len(set(groups)) < k else None,
    }
    unit = saltelli(groups, base, seed)
    y = np.asarray(model(unit), dtype=np.float64)
    names = list(dict.fromkeys(groups))  # each group's own name (one per parameter when no two share a group)
    if np.ptp(y) == 0.0:  # the output never varies: no variance for any input to explain (SALib would divide 0 by 0)
        return [Index(g, 0.0, 0.0, 0.0, 0.0) for g in names]
    # SALib reads a seed of 0 as "no seed" and then draws its bootstrap from the global generator, so the
    # confidence half-widths changed from run to run: its bootstrap gets a seed that is never 0.
    si = analyze.analyze(problem, y, calc_second_order=False, seed=seed + 1)
    return [
        Index(g, float(si["S1"][i]), float(si["S1_conf"][i]), float(si["ST"][i]), float(si["ST_conf"][i]))
        for i, g in enumerate(names)
    ]


def saltelli(groups: list[str], base: int, seed: int = 0) -> np.ndarray:
    """Saltelli's design for first-order and total indices, with parameters grouped: the rows SALib's
    `sobol.sample(problem, base, calc_second_order=False, seed=seed)` gives on the unit cube (same scrambled
    Sobol' base sequence, same row order: A, A with each group's columns from B, B), built in one vectorised
    step instead of SALib's loop over rows (a test checks them equal)."""
    from scipy.stats import qmc

    d = len(groups)
    names = list(dict.fromkeys(groups)) if len(set(groups)) < d else [f"x{i}" for i in range(d)]
    member = np.array(groups if len(set(groups)) < d else names)
    ab = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(base)
    a, b = ab[:, :d], ab[:, d:]
    out = np.empty((base, len(names) + 2, d))
    out[:, 0] = a
    for k, g in enumerate(names):
        cols = member == g
        out[:, k + 1] = np.where(cols[None, :], b, a)
    out[:, -1] = b
    return out.reshape(-1, d)


THEORY_DRAW = "theory_draw"
"""The group name of the extra input that, under the theory `beliefs`, picks which theory holds in a sample."""


def deal_sensitivity(scenario: Scenario, strategy: Course | str, base: int = 512, seed: int = 0) -> list[Index]:
    """Sobol indices of 'every decider accepts the strategy's proposal within the window', per uncertainty entry.

    Under the theory `beliefs` the theory that holds in a sample is one more input of the design (group
    `THEORY_DRAW`): a uniform draw set against the sampled beliefs, as `explore` draws it. The output is then a
    function of the design's row alone, so an input no theory's acceptance reads (a lever's cost, say) gets a
    total index of 0, and the theory's own share of the variance shows as that input's index.
    """
    strat = strategy if isinstance(strategy, Course) else make_strategies(scenario, [strategy])[0]
    if strat.proposal is None:
        raise AccordError(f"strategy {strat.id} has no proposal (no zone of agreement at the nominal numbers)")
    design = Design.of(scenario, "mc", seed)
    cand = candidate_rows(scenario, [strat])[0][:1]
    drawn = strat.hypotheses == BELIEFS
    K = len(design.params)

    def model(unit: np.ndarray) -> np.ndarray:
        out = []
        for start in range(0, len(unit), CHUNK):
            rows = unit[start : start + CHUNK]
            values = to_values(rows[:, :K], design.params)
            numbers = sample_numbers(scenario, design.params, design.slots, values)
            if drawn:
                ok, _ = accepts_by_belief(
                    scenario,
                    strat,
                    numbers,
                    cand,
                    seed,
                    start // CHUNK,
                    scenario.window,
                    choice=draw_theories(numbers, rows[:, K]),
                )
            else:
                ok, _ = accepts(
                    situate_batch(scenario, strat.levers, strat.hypotheses, numbers=numbers), cand, scenario.window
                )
            out.append(ok[:, 0].astype(float))
        return np.concatenate(out)

    groups = [p.group for p in design.params] + ([THEORY_DRAW] if drawn else [])
    return sobol_indices(model, groups, base, seed)


def sensitivity_table(scenario: Scenario, sens: dict[str, list[Index]]) -> Table:
    """Sobol indices of every explored strategy as one table (`explore --sensitivity N --csv DIR`): a row per
    strategy and uncertainty entry, the entry in the scenario's words beside its path."""
    from accord.scenario.paths import describe

    rows = [
        (sid, i.group, describe(scenario, i.group), i.first, i.first_conf, i.total, i.total_conf)
        for sid, idx in sens.items()
        for i in idx
    ]
    return Table(
        "Sobol indices of 'every decider accepts the proposal'",
        ("strategy_id", "uncertainty_path", "uncertainty"),
        ("first order", "first order 95% half-width", "total", "total 95% half-width"),
        rows,
        key="sensitivity",
    )
