"""Addressing numbers inside a scenario by path, for uncertainties and assumptions.

A path is dot-separated. In a list of elements with ids, a segment names an id
(`actors.russia.factions.ru_hardline.weight`); in other lists an index
(`levers.us_sanctions_on_russia.effects.0.delta`); in a mapping a key
(`actors.ukraine_government.preferences.values.territory.freeze_current_line`).
`*` matches every id, index or key at its level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.scenario.schema import Scenario, Uncertainty


@dataclass(frozen=True)
class Parameter:
    """One uncertain number: where it is, its nominal value and its range."""

    path: str
    loc: tuple[Any, ...]
    nominal: float
    low: float
    high: float
    distribution: str
    note: str
    source: str | None
    group: str = ""  # the uncertainty entry (its path pattern) this parameter comes from


def format_path(loc: tuple[Any, ...]) -> str:
    """`('actors', 0, 'factions')` as `actors[0].factions`."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out


class PathError(ValueError):
    """A path that addresses nothing, or something that is not a number."""


def resolve_path(data: Any, path: str) -> list[tuple[str, tuple[Any, ...], Any]]:
    """Every (concrete path, location, value) that `path` addresses in plain scenario data."""
    found: list[tuple[str, tuple[Any, ...], Any]] = [("", (), data)]
    for seg in path.split("."):
        nxt: list[tuple[str, tuple[Any, ...], Any]] = []
        for name, loc, node in found:
            for key, child_loc, child in _children(node, loc):
                if seg == "*" or str(key) == seg:
                    nxt.append((f"{name}.{key}" if name else str(key), child_loc, child))
        if not nxt:
            raise PathError(f"path {path!r}: nothing matches {seg!r} (after {found[0][0] or 'the top'!r})")
        found = nxt
    return found


def _children(node: Any, loc: tuple[Any, ...]) -> list[tuple[Any, tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        return [(k, (*loc, k), v) for k, v in node.items()]
    if isinstance(node, list):
        if node and all(isinstance(x, dict) and "id" in x for x in node):
            return [(x["id"], (*loc, i), x) for i, x in enumerate(node)]
        return [(i, (*loc, i), x) for i, x in enumerate(node)]
    return []


def bounded_share(loc: tuple[Any, ...], data: Any = None) -> bool:
    """Whether the number at `loc` is a bounded share (a faction weight, a theory's belief, the veto threshold, or
    the weight an effect sets a faction to, or holds it at least or at most at)."""
    last = loc[-1] if loc else None
    return last in ("weight", "veto_threshold", "belief") or _weight_level(loc, data)


def _weight_level(loc: tuple[Any, ...], data: Any) -> bool:
    """Whether `loc` is the `delta` of an effect that sets a faction's weight to a level (mode set, at_least or
    at_most): a share in [0, 1], unlike a shift."""
    if data is None or not loc or loc[-1] != "delta":
        return False
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    return (
        isinstance(node, dict)
        and node.get("target") == "faction_weight"
        and node.get("mode") in ("set", "at_least", "at_most")
    )


def expand(scenario: Scenario, unc: Uncertainty, data: dict[str, Any] | None = None) -> list[Parameter]:
    """The concrete parameters an uncertainty entry covers, with absolute ranges (version 1: spreads absolute and
    uniform; version 2: relative log-uniform defaults that keep the nominal value's sign, see `Uncertainty`)."""
    data = data if data is not None else scenario.model_dump()
    v2 = scenario.accord >= 2
    out = []
    for name, loc, value in resolve_path(data, unc.path):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PathError(f"path {unc.path!r} reaches {name!r}, which is not a number")
        floor, ceiling = domain(loc, data)
        relative = unc.spread is None and unc.low is None
        if unc.spread is not None:
            low, high = value - unc.spread, value + unc.spread
            if v2 and value > 0:
                low = max(low, 0.0)
            elif v2 and value < 0:
                high = min(high, 0.0)
            low, high = max(floor, low), min(ceiling, high)
        elif unc.low is not None:
            low, high = float(unc.low), float(unc.high)  # type: ignore[arg-type]
            if not low <= value <= high:
                raise PathError(f"{name} is {value}, outside its range [{low}, {high}]")
        else:
            if not v2:
                raise PathError(f"uncertainty {unc.path!r}: give low and high, or spread (version 1)")
            if value == 0:
                raise PathError(
                    f"{name} is 0: a relative range (x/2 to 2x, or `factor`) of 0 is 0; write its range as `low`/`high`"
                )
            k = unc.factor or 2.0
            low, high = sorted((value / k, value * k))
            low, high = max(floor, low), min(ceiling, high)
        dist = unc.distribution or (
            "uniform"
            if not v2
            else "triangular"
            if bounded_share(loc, data)
            else "log_uniform"
            if relative
            else "uniform"
        )
        if dist == "log_uniform" and (low <= 0 <= high):
            raise PathError(
                f"{name}: a log-uniform range must not reach zero, [{low:g}, {high:g}] does; use "
                "`distribution: uniform` or a range on one side of zero"
            )
        out.append(Parameter(name, loc, float(value), low, high, dist, unc.note, unc.source, unc.path))
    return out


def domain(loc: tuple[Any, ...], data: Any = None) -> tuple[float, float]:
    """The valid range of the number at `loc` (in plain scenario `data`), so that default and spread-based ranges
    never leave it."""
    last = loc[-1] if loc else None
    if (
        last in ("weight", "veto_threshold")
        or _weight_level(loc, data)
        or "saliences" in loc
        or ("preferences" in loc and "values" in loc)
    ):
        return 0.0, 1.0
    if last in ("monthly_cost", "cost", "capability"):
        return 0.0, float("inf")
    if last == "horizon":
        return 1e-3, float("inf")
    return float("-inf"), float("inf")


def parameters(scenario: Scenario) -> list[Parameter]:
    """All uncertain parameters of a scenario; a later entry for the same number replaces an earlier one."""
    data = scenario.model_dump()
    by_path: dict[str, Parameter] = {}
    for unc in scenario.uncertainties:
        for p in expand(scenario, unc, data):
            by_path[p.path] = p
    return list(by_path.values())


_RESERVATION = {
    "base": "base value of continued war",
    "monthly_cost": "monthly cost of war",
    "drift": "drift per month",
    "horizon": "horizon (months)",
}


def _gist(statement: str | None, limit: int = 70) -> str | None:
    """A hypothesis named by its statement's first clause ("Time is on Russia's side"), for labels."""
    if not statement:
        return None
    head = statement.split(";")[0].split(". ")[0].rstrip(".").strip()
    return (head if len(head) <= limit else head[: limit - 1].rsplit(" ", 1)[0] + "...") + " (hypothesis)"


_SOFT = {"gives_way_below": "reservation value below which it gives way", "cost": "cost of giving way"}


def describe(scenario: Scenario, path: str) -> str:
    """A parameter path (`actors.russia.factions.ru_hardline.weight`) or an uncertainty's path pattern (with `*`)
    in the scenario's own words (names of actors, factions, issues, options, levers), for people to read."""
    parts = path.split(".")

    def who(i: int) -> tuple[str, int]:
        """The party named from parts[i] on, and the index after it."""
        actor = parts[i] if i < len(parts) else "*"
        name = "every actor" if actor == "*" else scenario.name_of(actor)
        if i + 2 < len(parts) and parts[i + 1] == "factions":
            f = parts[i + 2]
            if f == "*":
                return ("every faction" if actor == "*" else f"{name}'s camps"), i + 3
            return scenario.name_of(f), i + 3
        return name, i + 1

    def issue(i: str) -> str:
        return "every issue" if i == "*" else next((x.name or x.id for x in scenario.issues if x.id == i), i)

    def option(i: str, o: str) -> str:
        if o == "*":
            return "every option"
        iss = next((x for x in scenario.issues if x.id == i), None)
        opt = next((x for x in iss.options if x.id == o), None) if iss else None
        return opt.name or opt.id if opt else o

    if parts[0] == "veto_threshold":
        return "veto threshold (weight above which a camp's red lines bind)"
    if parts[0] == "actors":
        party, k = who(1)
        rest = parts[k:]
        if rest[:1] == ["weight"]:
            return f"{party}: influence weight"
        if rest[:1] == ["capability"]:
            return f"{party}: capability"
        if rest[:2] == ["preferences", "saliences"] and len(rest) > 2:
            return f"{party}: salience of {issue(rest[2])}"
        if rest[:2] == ["preferences", "values"] and len(rest) > 3:
            return f"{party}: value of {option(rest[2], rest[3])} ({issue(rest[2])})"
        if rest[:1] == ["reservation"] and len(rest) > 1:
            return f"{party}: {_RESERVATION.get(rest[1], rest[1])}"
        if rest[:1] == ["red_lines"] and len(rest) > 3 and rest[2] == "soft":
            return f"{party}: soft red line {rest[1]}: {_SOFT.get(rest[3], rest[3])}"
    if parts[0] in ("levers", "hypotheses") and len(parts) > 1:
        items = scenario.levers if parts[0] == "levers" else scenario.hypotheses
        what = "every lever" if parts[0] == "levers" else "every hypothesis"
        el = next((x for x in items if x.id == parts[1]), None)
        label = (
            what
            if parts[1] == "*"
            else (getattr(el, "name", None) or _gist(getattr(el, "statement", None)) or parts[1])
        )
        if parts[2:3] == ["red_lines"] and len(parts) > 5 and parts[4] == "soft":
            return f"{label}: soft red line {parts[3]}: {_SOFT.get(parts[5], parts[5])}"
        if parts[2:3] == ["cost"]:
            return f"{label}: cost per month"
        if parts[2:3] == ["effects"] and len(parts) > 3:
            if el is not None and parts[3] != "*" and parts[3].isdigit() and int(parts[3]) < len(el.effects):
                e = el.effects[int(parts[3])]
                per = " per month" if e.per_month else ""
                return f"{label}: effect on {scenario.name_of(e.on)}'s {e.target.replace('_', ' ')}{per}"
            return f"{label}: size of its effects"
    if parts[0] == "events" and len(parts) > 1:
        ev = next((x for x in scenario.events if x.id == parts[1]), None)
        label = "every event" if parts[1] == "*" else f"{(ev.name if ev else None) or parts[1]} (event)"
        if parts[2:3] == ["effects"] and len(parts) > 3:
            if ev is not None and parts[3].isdigit() and int(parts[3]) < len(ev.effects):
                e = ev.effects[int(parts[3])]
                return f"{label}: effect on {scenario.name_of(e.on)}'s {e.target.replace('_', ' ')}"
            return f"{label}: size of its effects"
    if path == "theory_draw":  # the extra input of a Sobol design under the theory `beliefs`
        return "which theory holds (drawn per sample by the beliefs)"
    if parts[0] == "hypothesis_sets" and len(parts) > 2 and parts[2] == "belief":
        return "belief in each theory" if parts[1] == "*" else f"belief in the theory {parts[1]}"
    return path


def crossing_zero(scenario: Scenario) -> list[str]:
    """Warnings (version 2): ranges that cross zero on a number whose item (or an item holding it) carries a
    quote, so that a source states its direction. Such a range lets the samples reverse the stated mechanism;
    `accord validate` prints these (they are allowed: the sign itself may be uncertain, said in the note)."""
    if scenario.accord < 2:
        return []
    data = scenario.model_dump()
    out: list[str] = []
    for p in parameters(scenario):
        if not (p.low < 0.0 < p.high):
            continue

        def at(loc: tuple[Any, ...]) -> Any:
            node: Any = data
            for key in loc:
                try:
                    node = node[key]
                except (KeyError, IndexError, TypeError):
                    return None
            return node

        # the item the number belongs to, and for an effect the lever, hypothesis or event that has it
        holders = [at(p.loc[:-1])]
        if len(p.loc) >= 3 and p.loc[-3] == "effects":
            holders.append(at(p.loc[:-3]))
        quoted = next(
            (h.get("id") or format_path(p.loc[:-1]) for h in holders if isinstance(h, dict) and h.get("quote")), None
        )
        if quoted is not None:
            out.append(
                f"{p.path}: range [{p.low:g}, {p.high:g}] crosses zero, but {quoted!r} carries a quote that "
                "states a direction; write a range on one side of zero, or say in the note why the sign "
                "itself is uncertain"
            )
    return out
