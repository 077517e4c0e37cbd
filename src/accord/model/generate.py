"""Random but valid scenarios of any size, for tests, benchmarks and trying Accord out.

Reservation values are set a little above each party's mean utility (by `strictness`
standard deviations), so the zone of agreement is non-trivial: neither everything nor
nothing. Every generated number is labelled as an assumption with a range.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from ruamel.yaml import YAML


def generate(
    actors: int = 3,
    issues: int = 6,
    options: int = 4,
    *,
    factions: bool = False,
    seed: int = 0,
    strictness: float = 0.4,
    red_lines: bool = True,
) -> dict[str, Any]:
    """A scenario as plain data: `actors` deciders, `issues` issues of `options` options each."""
    if actors < 1 or issues < 1 or options < 2:
        raise ValueError("need at least 1 actor, 1 issue and 2 options per issue")
    rng = np.random.default_rng(seed)
    issue_list = []
    for i in range(issues):
        issue_list.append(
            {
                "id": f"issue{i}",
                "name": f"Issue {i}",
                "ordered": bool(i % 2 == 0),
                "options": [{"id": f"o{k}"} for k in range(options)],
                "status_quo": "o0",
            }
        )

    def party(pid: str, name: str) -> dict[str, Any]:
        sal = rng.dirichlet(np.ones(issues))
        sal = np.round(sal, 6)
        sal[-1] = round(1.0 - float(sal[:-1].sum()), 6)
        if sal[-1] < 0:
            sal = np.full(issues, round(1.0 / issues, 6))
            sal[-1] = round(1.0 - float(sal[:-1].sum()), 6)
        values = {}
        for i in range(issues):
            v = rng.random(options)
            if i % 2 == 0:
                v = np.sort(v)[:: (1 if rng.random() < 0.5 else -1)]
            values[f"issue{i}"] = {f"o{k}": round(float(x), 4) for k, x in enumerate(v)}
        vmat = np.array([[values[f"issue{i}"][f"o{k}"] for k in range(options)] for i in range(issues)])
        mean = float(sal @ vmat.mean(axis=1))
        sd = float(np.sqrt(np.sum(sal**2 * vmat.var(axis=1))))
        p: dict[str, Any] = {
            "id": pid,
            "name": name,
            "preferences": {"saliences": {f"issue{i}": float(s) for i, s in enumerate(sal)}, "values": values},
            "reservation": {
                "base": round(mean + strictness * sd, 4),
                "monthly_cost": 0.002,
                "drift": round(float(rng.normal(0, 0.002)), 5),
                "horizon": 12,
            },
        }
        if red_lines:
            worst_issue = int(rng.integers(issues))
            worst = int(np.argmin(vmat[worst_issue]))
            p["red_lines"] = [{"id": f"rl_{pid}", "when": {f"issue{worst_issue}": f"o{worst}"}}]
        return p

    actor_list = []
    for a in range(actors):
        aid = f"actor{a}"
        if factions and a == 1 % actors:
            fs = [party(f"{aid}_hard", f"Actor {a} hard-liners"), party(f"{aid}_soft", f"Actor {a} moderates")]
            fs[0]["weight"], fs[1]["weight"] = 0.5, 0.5
            actor_list.append({"id": aid, "name": f"Actor {a}", "factions": fs})
        else:
            p = party(aid, f"Actor {a}")
            actor_list.append(p)
    target = f"actor{1 % actors}"
    levers = [
        {
            "id": "stick",
            "name": "Pressure",
            "kind": "stick",
            "by": "actor0",
            "on": target,
            "cost": 1.0,
            "effects": [{"target": "reservation", "on": target, "delta": -0.03}],
        },
        {
            "id": "carrot",
            "name": "Incentive",
            "kind": "carrot",
            "by": "actor0",
            "on": target,
            "cost": 0.5,
            "effects": [{"target": "deal_value", "on": target, "delta": 0.02}],
        },
    ]
    scenario: dict[str, Any] = {
        "accord": 1,
        "meta": {
            "id": f"generated-{actors}x{issues}x{options}-s{seed}",
            "title": "Generated scenario",
            "description": f"Random scenario (seed {seed}); every number is an assumption.",
        },
        "mediator": "actor0",
        "veto_threshold": 0.5,
        "actors": actor_list,
        "issues": issue_list,
        "levers": levers,
        "lever_packages": [{"id": "both", "levers": ["stick", "carrot"]}],
        "uncertainties": [],
    }
    if any("factions" not in a for a in actor_list):
        scenario["uncertainties"] += [
            {"path": "actors.*.preferences.values.*.*", "spread": 0.05, "note": "generated value (assumption)"},
            {"path": "actors.*.reservation.base", "spread": 0.05, "note": "generated reservation (assumption)"},
        ]
    if issues >= 2 and options >= 2:
        scenario["constraints"] = [{"id": "c0", "excludes": {"issue0": f"o{options - 1}", "issue1": f"o{options - 1}"}}]
    if factions and actors >= 1:
        scenario["hypotheses"] = [
            {
                "id": "h_pressure_hardens",
                "statement": "Sticks without carrots strengthen the hard-liners.",
                "when": {"any_stick_on": target, "no_carrot_to": target},
                "effects": [{"target": "faction_weight", "on": f"{target}_hard", "delta": 0.2}],
            }
        ]
        scenario["uncertainties"].append(
            {
                "path": f"actors.{target}.factions.*.preferences.values.*.*",
                "spread": 0.05,
                "note": "generated value (assumption)",
            }
        )
        # two rival theories of the same lever, and a record to weigh them by (`accord evidence`)
        scenario["hypotheses"].append(
            {
                "id": "h_pressure_softens",
                "statement": "Sticks weaken the hard-liners.",
                "when": {"any_stick_on": target},
                "effects": [{"target": "faction_weight", "on": f"{target}_hard", "delta": -0.2}],
            }
        )
        scenario["hypothesis_sets"] = [
            {"id": "hardening", "name": "Pressure hardens", "hypotheses": ["h_pressure_hardens"], "belief": 0.5},
            {"id": "softening", "name": "Pressure softens", "hypotheses": ["h_pressure_softens"], "belief": 0.5},
        ]
        scenario["lever_packages"].append({"id": "stick_only", "levers": ["stick"]})
        scenario["uncertainties"].append(
            {"path": f"actors.{target}.factions.*.weight", "spread": 0.1, "note": "generated weight (assumption)"}
        )
        scenario["evidence"] = {
            "start": "2025-01-01",
            "levers": "stick_only",
            "events": [
                {
                    "id": "e_hard_gains",
                    "kind": "shift",
                    "date": "2025-03-01",
                    "observed": bool(rng.random() < 0.5),
                    "statement": "Under pressure alone the hard-liners gained.",
                    "actor": f"{target}_hard",
                    "quantity": "weight",
                    "direction": "rises",
                },
                {
                    "id": "e_value_falls",
                    "kind": "shift",
                    "date": "2025-06-01",
                    "observed": True,
                    "statement": "Pressure lowered the target's value of continued war.",
                    "actor": target,
                    "quantity": "reservation",
                    "direction": "falls",
                },
            ],
        }
    return scenario


def to_yaml(data: dict[str, Any]) -> str:
    """Scenario data as YAML text."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
