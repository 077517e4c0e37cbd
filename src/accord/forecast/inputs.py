"""What an expected-utility forecast starts from: actors with capability, position and salience on an issue.

Positions are kept on the issue's own scale and normalised to [0, 1] by the scale's ends (not by the
positions' spread), so a forecast does not change when a scale is shifted or stretched.

From a scenario: every ordered issue is a scale whose options sit at equal steps from 0 to 100 (first
option 0, last 100). Each party (an actor without factions, or a faction) stands at the option it values
most (the mean of tied options), under the levers and hypotheses in force. Its salience on the issue is
its salience there divided by its largest salience on any issue (so 1 is "its most important issue").
Its capability is its actor's `capability`, shared among factions by influence weight.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from accord.errors import AccordError, Problem, ScenarioError
from accord.model.situation import Batch, Numbers, situate_batch
from accord.scenario.loader import read_text
from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class Inputs:
    """One issue (or several, for multi-dimensional variants) with a batch of samples of the actors' numbers.

    `position` and `salience` are (samples, actors, dimensions), normalised to [0, 1]; `capability` is
    (samples, actors). `scale` gives each dimension's ends in its own units.
    """

    issues: tuple[str, ...]
    actors: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    scale: tuple[tuple[float, float], ...]
    options: tuple[tuple[str, ...], ...] = ()
    available: tuple[tuple[bool, ...], ...] = ()  # options on the table under the levers in force

    @property
    def samples(self) -> int:
        """Number of samples."""
        return int(self.capability.shape[0])

    def to_scale(self, x: np.ndarray, dim: int = 0) -> np.ndarray:
        """Normalised positions back in the issue's own units."""
        lo, hi = self.scale[dim]
        return lo + x * (hi - lo)

    def option_at(self, x: float, dim: int = 0) -> str | None:
        """The option nearest a normalised position (scenario issues only)."""
        if not self.options:
            return None
        opts = self.options[dim]
        steps = np.linspace(0.0, 1.0, len(opts))
        ok = np.array(self.available[dim] if self.available else [True] * len(opts))
        if not ok.any():
            ok[:] = True
        gap = np.where(ok, np.abs(steps - x), np.inf)
        return opts[int(np.argmin(gap))]


def _loads_ktab(numbered: list[tuple[int, list[str]]], name: str) -> Inputs:
    """KTAB's CSV layout: `title, description, actors, dimensions`, then `Actor, Description, Capability,
    Position 1, Salience 1, ...`, then one row per actor; positions and saliences on 0-100, an actor's saliences
    summing to at most 100."""
    problems: list[Problem] = []
    (l0, head), (l1, cols) = numbered[0], numbered[1]
    cells = [c.strip() for c in head]
    try:
        n_act, n_dim = int(cells[2]), int(cells[3])
    except (IndexError, ValueError):
        raise ScenarioError(
            [
                Problem(
                    name,
                    l0,
                    None,
                    "",
                    "KTAB's first row is `scenario name, description, number of actors, number of dimensions`",
                )
            ]
        ) from None
    cols = [c.strip() for c in cols]
    while cols and not cols[-1]:
        cols.pop()
    if len(cols) != 3 + 2 * n_dim or n_dim < 1:
        raise ScenarioError(
            [
                Problem(
                    name,
                    l1,
                    None,
                    "",
                    f"the header names {len(cols)} columns; {n_dim} dimension(s) "
                    f"need {3 + 2 * n_dim}: Actor, Description, Capability, then a position and a "
                    "salience column per dimension",
                )
            ]
        )
    dims = tuple(cols[3 + 2 * d] for d in range(n_dim))
    actors: list[str] = []
    vals: list[list[float]] = []
    for line, r in numbered[2:]:
        r = [c.strip() for c in r]
        while r and not r[-1]:
            r.pop()
        actor = r[0] if r else ""
        try:
            nums = [float(v) for v in r[2 : 3 + 2 * n_dim]]
            if len(nums) != 1 + 2 * n_dim:
                raise ValueError
        except ValueError:
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    actor,
                    f"give the actor, a description, its capability and "
                    f"{n_dim} position/salience pair(s) (numbers, 0-100)",
                )
            )
            continue
        if not np.isfinite(nums).all():
            problems.append(Problem(name, line, None, actor, "numbers must be finite"))
            continue
        cap, pos, sal = nums[0], nums[1::2], nums[2::2]
        if cap <= 0:
            problems.append(Problem(name, line, None, actor, f"capability {cap} must be positive"))
        elif cap > MAX_MAGNITUDE:
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    actor,
                    f"capability {cap:g} is beyond {MAX_MAGNITUDE:g}; "
                    "rescale the column (the forecast depends on ratios only)",
                )
            )
        if any(not 0 <= v <= 100 for v in pos + sal):
            problems.append(Problem(name, line, None, actor, "positions and saliences are on 0-100"))
        if sum(sal) > 100 + 1e-9:
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    actor,
                    f"saliences sum to {sum(sal):g}; an actor's attention to all dimensions is at most 100",
                )
            )
        if sum(sal) <= 0:
            problems.append(Problem(name, line, None, actor, "give the actor some salience on some dimension"))
        if actor in actors:
            problems.append(Problem(name, line, None, actor, f"actor {actor!r} is listed twice"))
        actors.append(actor)
        vals.append(nums)
    if not problems and len(actors) != n_act:
        problems.append(Problem(name, l0, None, "", f"the first row says {n_act} actors; the file lists {len(actors)}"))
    if not problems and len(actors) < 3:
        problems.append(Problem(name, l0, None, "", "KTAB's model needs at least 3 actors"))
    if problems:
        raise ScenarioError(problems)
    arr = np.array(vals)
    pos = arr[:, 1::2] / 100.0
    sal = arr[:, 2::2] / 100.0
    return Inputs(dims, tuple(actors), arr[None, :, 0], pos[None], sal[None], tuple((0.0, 100.0) for _ in dims))


def ordered_issues(scenario: Scenario) -> list[str]:
    """The issues whose options lie along a scale."""
    return [i.id for i in scenario.issues if i.ordered]


def from_batch(
    scenario: Scenario, batch: Batch, issues: list[str], capability: np.ndarray, salience: np.ndarray
) -> Inputs:
    """Inputs for the given ordered issues from a batch of situations (levers and hypotheses applied).

    `capability` is (samples, actors in scenario order); `salience` (samples, parties, issues).
    """
    order = {i.id: k for k, i in enumerate(scenario.issues)}
    bad = [i for i in issues if i not in order]
    if bad:
        raise AccordError(f"unknown issue {bad[0]!r}; ordered issues: {', '.join(ordered_issues(scenario))}")
    unordered = [i for i in issues if not scenario.issue(i).ordered]
    if unordered:
        raise AccordError(
            f"issue {unordered[0]!r} is not ordered (its options lie on no scale); forecast one of: "
            f"{', '.join(ordered_issues(scenario)) or '(none: mark an issue `ordered: true`)'}"
        )
    parties = scenario.parties
    if not parties:
        raise AccordError("the scenario has no party with preferences to forecast")
    S = batch.contrib.shape[0]
    # A party's capability: its actor's, times its weight in that actor (1 for an actor without factions).
    row = {a.id: k for k, a in enumerate(scenario.actors)}
    actor_cap = capability[:, [row[a] for a in batch.actor_ids]]
    cap = np.einsum("sa,sap->sp", actor_cap, batch.actor_matrix)
    pos = np.zeros((S, len(parties), len(issues)))
    sal = np.zeros_like(pos)
    contrib = batch.contrib  # (S, P, n, K) = salience * value
    top = salience.max(axis=2)
    for d, issue_id in enumerate(issues):
        i = order[issue_id]
        k = len(scenario.issues[i].options)
        vals = contrib[:, :, i, :k]
        best = vals.max(axis=2, keepdims=True)
        tied = np.isclose(vals, best) & (best > 0)
        steps = np.linspace(0.0, 1.0, k)
        count = tied.sum(axis=2)
        pos[:, :, d] = np.where(count > 0, (tied * steps).sum(axis=2) / np.maximum(count, 1), 0.5)
        sal[:, :, d] = np.where(top > 0, salience[:, :, i] / np.where(top > 0, top, 1.0), 0.0)
    names = tuple(p.id for p in parties)
    opts = tuple(tuple(o.id for o in scenario.issue(i).options) for i in issues)
    avail = tuple(tuple(bool(v) for v in batch.available[order[i], : len(scenario.issue(i).options)]) for i in issues)
    return Inputs(tuple(issues), names, cap, pos, sal, tuple((0.0, 100.0) for _ in issues), opts, avail)


def from_scenario(
    scenario: Scenario,
    issues: list[str],
    levers: str | list[str] | None = None,
    hypotheses: str | list[str] | None = None,
    numbers: Numbers | None = None,
) -> Inputs:
    """Inputs for ordered issues of a scenario under levers and hypotheses (optionally on sampled numbers)."""
    from accord.model.situation import nominal_numbers

    num = numbers if numbers is not None else nominal_numbers(scenario)
    batch = situate_batch(scenario, levers, hypotheses, numbers=num)
    return from_batch(scenario, batch, issues, num.capability, num.salience)


def from_csv(path: Path, scale: tuple[float, float] | None = None) -> Inputs:
    """Inputs from the CSV layout of BDM-style tools: columns actor, capability, position, salience.

    Salience may be given on 0-1 or 0-100 (a column whose largest value exceeds 1 is divided by 100).
    The scale defaults to the smallest and largest position.
    """
    name = str(path)
    text = read_text(path, name).removeprefix("\ufeff")  # refuses folders, devices, pipes; reads with a byte limit
    return loads_csv(text, name, scale)


MAX_MAGNITUDE = 1e15
"""Largest capability or position a CSV may hold: differences and sums of such numbers stay finite."""
MAX_FIELD = 10_000
"""Longest CSV field accepted (characters): an actor's name or a number is far shorter."""


def _csv_rows(text: str, name: str) -> list[list[str]]:
    """The CSV's rows; a field over `MAX_FIELD` characters, or a file the csv reader cannot read, is refused at
    its line."""
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            long = [c for c in row if len(c) > MAX_FIELD]
            if long:
                raise ScenarioError(
                    [
                        Problem(
                            name,
                            reader.line_num,
                            None,
                            "",
                            f"a field of {len(long[0]):,} "
                            f"characters (the limit is {MAX_FIELD:,}); check for an unclosed "
                            "quote",
                        )
                    ]
                )
            rows.append(row)
    except csv.Error as exc:
        raise ScenarioError(
            [
                Problem(
                    name,
                    reader.line_num,
                    None,
                    "",
                    f"cannot read this CSV line ({exc}); check for an unclosed quote or a field over the size limit",
                )
            ]
        ) from None
    return rows


def loads_csv(text: str, name: str = "<csv>", scale: tuple[float, float] | None = None) -> Inputs:
    """Parse the actor/capability/position/salience layout, or KTAB's multi-dimensional layout (a title row,
    then actor, description, capability and a position and salience per dimension); every bad row is reported
    with its line."""
    rows = _csv_rows(text, name)
    numbered = [(k, r) for k, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    rows = [r for _, r in numbered]
    if not rows:
        raise ScenarioError(
            [
                Problem(
                    name,
                    1,
                    None,
                    "",
                    "empty file; give a header actor,capability,position,salience and one row per actor",
                )
            ]
        )
    if (
        len(rows) > 1
        and rows[1]
        and rows[1][0].strip().lower() == "actor"
        and "actor" not in [h.strip().lower() for h in rows[0]]
    ):
        return _loads_ktab(numbered, name)
    header = [h.strip().lower() for h in rows[0]]
    need = ["actor", "capability", "position", "salience"]
    missing = [h for h in need if h not in header]
    if missing:
        raise ScenarioError(
            [
                Problem(
                    name,
                    1,
                    None,
                    "",
                    f"missing column(s) {', '.join(missing)}; the header "
                    f"must name {', '.join(need)} (found: {', '.join(header)})",
                )
            ]
        )
    col = {h: header.index(h) for h in need}
    problems: list[Problem] = []
    actors: list[str] = []
    values: list[tuple[float, float, float]] = []
    for line, r in enumerate(rows[1:], start=2):
        try:
            actor = r[col["actor"]].strip()
            cap, pos, sal = (float(r[col[h]]) for h in ("capability", "position", "salience"))
        except (IndexError, ValueError):
            problems.append(
                Problem(
                    name, line, None, "", f"row {r!r}: give a name and three numbers (capability, position, salience)"
                )
            )
            continue
        if not np.isfinite([cap, pos, sal]).all():
            problems.append(Problem(name, line, None, actor, "numbers must be finite"))
        else:
            for what, v in (("capability", cap), ("position", pos)):
                if abs(v) > MAX_MAGNITUDE:
                    problems.append(
                        Problem(
                            name,
                            line,
                            None,
                            actor,
                            f"{what} {v:g} is beyond +-{MAX_MAGNITUDE:g}; "
                            f"rescale the {what} column (the forecast depends on ratios only)",
                        )
                    )
        if cap < 0:
            problems.append(Problem(name, line, None, actor, f"negative capability {cap}; capability is 0 or more"))
        if sal < 0 or sal > 100:
            problems.append(Problem(name, line, None, actor, f"salience {sal} is outside 0-1 (or 0-100)"))
        if actor in actors:
            problems.append(Problem(name, line, None, actor, f"actor {actor!r} is listed twice"))
        actors.append(actor)
        values.append((cap, pos, sal))
    if not values and not problems:
        problems.append(Problem(name, 2, None, "", "no actors: the issue is empty; add one row per actor"))
    if problems:
        raise ScenarioError(problems)
    arr = np.array(values)
    if not (arr[:, 0] > 0).any():
        raise ScenarioError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "capability",
                    "every capability is 0: no actor can move "
                    "the outcome, so the forecast is degenerate; give some actor a capability",
                )
            ]
        )
    if not (arr[:, 2] > 0).any():
        raise ScenarioError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "salience",
                    "every salience is 0: no actor cares about the "
                    "issue, so the forecast is degenerate; give some actor a salience",
                )
            ]
        )
    if scale is not None and not all(math.isfinite(v) and abs(v) <= MAX_MAGNITUDE for v in scale):
        raise ScenarioError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"--scale {scale[0]:g} {scale[1]:g}: the ends must be finite and within +-{MAX_MAGNITUDE:g}",
                )
            ]
        )
    lo, hi = scale if scale is not None else (float(arr[:, 1].min()), float(arr[:, 1].max()))
    outside = [(a, v[1]) for a, v in zip(actors, values, strict=True) if not lo <= v[1] <= hi]
    if outside:
        raise ScenarioError(
            [Problem(name, None, None, a, f"position {p} is outside the scale [{lo}, {hi}]") for a, p in outside]
        )
    if hi <= lo:
        raise ScenarioError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"the scale [{lo}, {hi}] is empty: every actor stands "
                    "at one position, so there is nothing to forecast",
                )
            ]
        )
    sal = arr[:, 2] / (100.0 if arr[:, 2].max() > 1 else 1.0)
    pos = (arr[:, 1] - lo) / (hi - lo)
    return Inputs(("issue",), tuple(actors), arr[None, :, 0], pos[None, :, None], sal[None, :, None], ((lo, hi),))
