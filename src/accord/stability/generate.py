"""Random option-form graph models, for tests and benchmarks."""

from __future__ import annotations

import numpy as np

from accord.scenario.gmcr import GmcrModel


def generate_model(
    options: int, decision_makers: int, seed: int = 0, statements: int = 6, irreversible: float = 0.15, rules: int = 2
) -> GmcrModel:
    """A random model: options dealt round-robin to decision makers, random preference statements,
    a share of irreversible options and a few two-option infeasibility patterns."""
    if decision_makers < 1 or options < decision_makers:
        raise ValueError("need at least one option per decision maker")
    rng = np.random.default_rng(seed)
    owners = [k % decision_makers for k in range(options)]
    dms = []
    for d in range(decision_makers):
        opts = []
        for k in range(options):
            if owners[k] == d:
                rev = "taken_only" if rng.random() < irreversible else "both"
                opts.append({"id": f"o{k}", "reversibility": rev})
        dms.append({"id": f"dm{d}", "options": opts})
    infeasible = []
    for _ in range(rules):
        a, b = rng.choice(options, size=2, replace=False)
        infeasible.append({"pattern": {f"o{a}": "Y", f"o{b}": "Y"}})
    prefs = {}
    for d in range(decision_makers):
        lines = []
        for _ in range(statements):
            picks = rng.choice(options, size=int(rng.integers(1, 3)), replace=False)
            lits = [("-" if rng.random() < 0.5 else "") + f"o{k}" for k in picks]
            lines.append(" & ".join(lits) if rng.random() < 0.7 else " | ".join(lits))
        prefs[f"dm{d}"] = {"statements": lines}
    return GmcrModel.model_validate(
        {
            "id": f"random-{options}x{decision_makers}",
            "decision_makers": dms,
            "infeasible": infeasible,
            "preferences": prefs,
        }
    )
