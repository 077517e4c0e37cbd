"""Generated scenarios are valid at every size the benchmarks use."""

from __future__ import annotations

import pytest

import accord
from accord.model.generate import generate, to_yaml


@pytest.mark.parametrize(
    ("actors", "issues", "options", "factions"),
    [(1, 1, 2, False), (1, 3, 3, True), (3, 6, 4, True), (5, 8, 10, False), (4, 20, 3, True)],
)
def test_generated_scenarios_load(actors, issues, options, factions):
    """Every generated scenario passes validation and has the requested size."""
    s = accord.loads(to_yaml(generate(actors, issues, options, factions=factions, seed=3)))
    assert len(s.actors) == actors and len(s.issues) == issues
    assert all(len(i.options) == options for i in s.issues)


def test_same_seed_same_scenario():
    """Generation is deterministic for a seed and differs between seeds."""
    assert to_yaml(generate(seed=7)) == to_yaml(generate(seed=7))
    assert to_yaml(generate(seed=7)) != to_yaml(generate(seed=8))
