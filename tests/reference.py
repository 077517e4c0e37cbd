"""A plain-Python reference for the zone of agreement, written straight from MODEL.md's formulas.

It shares no code with Accord's vectorised engine: it walks every package with
itertools and reads numbers directly from the scenario models. Tests compare the two.
"""

from __future__ import annotations

import itertools

from accord.scenario.schema import Scenario


def reference_zone(s: Scenario) -> dict[tuple[str, ...], dict[str, float]]:
    """Every package in the zone (no levers, no hypotheses, t = 0) with each decider's gain."""
    return reference_counts(s)[2]


def reference_counts(s: Scenario) -> tuple[int, dict[str, int], dict[tuple[str, ...], dict[str, float]]]:
    """Feasible packages, how many of them each decider accepts, and the zone with each decider's gain."""

    def value(party, pkg):
        pref = party.preferences
        return sum(sal * pref.values[i][pkg[i]] for i, sal in pref.saliences.items() if sal > 0)

    def reservation(party):
        r = party.reservation
        return r.base + r.drift * r.horizon - r.monthly_cost * r.horizon

    def crosses(when, pkg):
        return all(pkg[i] in ([o] if isinstance(o, str) else o) for i, o in when.items())

    issue_ids = [i.id for i in s.issues]
    zone = {}
    feasible = 0
    accepted = {a.id: 0 for a in s.deciders}
    for combo in itertools.product(*[[o.id for o in i.options] for i in s.issues]):
        pkg = dict(zip(issue_ids, combo, strict=True))
        if any(crosses(c.excludes, pkg) for c in s.constraints):
            continue
        feasible += 1
        gains = {}
        for a in s.deciders:
            if a.factions:
                u = sum(f.weight * value(f, pkg) for f in a.factions)
                r = sum(f.weight * reservation(f) for f in a.factions)
                lines = list(a.red_lines) + [
                    rl for f in a.factions if f.weight >= s.veto_threshold for rl in f.red_lines
                ]
            else:
                u, r, lines = value(a, pkg), reservation(a), list(a.red_lines)
            if u >= r - 1e-9 and not any(crosses(rl.when, pkg) for rl in lines):
                accepted[a.id] += 1
                gains[a.id] = u - r
        if len(gains) == len(accepted):
            zone[combo] = gains
    return feasible, accepted, zone
