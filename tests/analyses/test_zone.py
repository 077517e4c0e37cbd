"""The count pass: both ways through the packages equal a plain-Python walk over every package."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord
from accord import bargain
from accord.analyses import bargaining, zone
from accord.model.generate import generate, to_yaml
from accord.model.situation import situate
from accord.model.space import Space
from tests.reference import reference_counts


def _gen(seed: int, **kw) -> accord.Scenario:
    return accord.loads(to_yaml(generate(seed=seed, **kw)), f"gen{seed}.yaml")


def _counts(s: accord.Scenario, folded: bool | None, gather: int = -1) -> zone.ZoneCount:
    sit = situate(s, "none", None, 0.0)
    deciders = [k for k, d in enumerate(sit.decides) if d]
    patterns, owners = bargaining._exclusions(sit, [sit.actor_ids[k] for k in deciders])
    return zone.count_zone(
        Space.of(sit),
        sit.actor_tables()[deciders],
        sit.actor_reservation[deciders],
        patterns,
        owners,
        gather=gather,
        folded=folded,
    )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    actors=st.integers(1, 4),
    issues=st.integers(2, 6),
    options=st.integers(2, 4),
    factions=st.booleans(),
    low=st.sampled_from([2, 4, 16, 1 << 16]),
)
def test_both_ways_equal_the_reference(seed, actors, issues, options, factions, low):
    """Feasible packages, each decider's acceptances and the zone equal the plain walk, for every split of the
    issues into two groups (so red lines and the constraint fall in one group or across both)."""
    s = _gen(seed, actors=actors, issues=issues, options=options, factions=factions)
    feasible, accepted, ref = reference_counts(s)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zone, "LOW_MAX", low)
        general = _counts(s, folded=False)
        try:
            folded = _counts(s, folded=True)
            grouped = _counts(s, folded=True, gather=1 << 40)  # the front from the pairs of the groups' fronts
            assert grouped.front_by == "groups"
        except ValueError:  # a pattern spans both groups: only the general way applies
            folded = grouped = general
    for got in (general, folded, grouped):
        assert got.feasible == feasible
        assert got.accepted.tolist() == [accepted[a.id] for a in s.deciders]
        assert got.zone == len(ref)
        assert got.front is not None
        assert got.front[0].tolist() == sorted(general.front[0].tolist())
        np.testing.assert_allclose(got.front[1], general.front[1][np.argsort(general.front[0])], atol=1e-12)


def test_folded_refuses_a_pattern_across_groups():
    """The constraint on issues 0 and 1 spans the groups when issue 1 is trailing: the folded way says so."""
    s = _gen(3, actors=2, issues=3, options=3)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zone, "LOW_MAX", 9)  # trailing group: issues 1 and 2
        with pytest.raises(ValueError, match="wholly inside one group"):
            _counts(s, folded=True)


@pytest.mark.parametrize("seed", range(4))
def test_group_fronts_give_the_merge_frontier(seed, monkeypatch):
    """The frontier from the pairs of the groups' fronts is the issue-by-issue merge's, with the same solutions
    (red lines and the constraint inside the leading group, so the count is folded)."""
    monkeypatch.setattr(zone, "LOW_MAX", 125)  # trailing group: issues 3-5; the constraint on 0 and 1 leads
    s = _gen(seed, actors=4, issues=6, options=5, red_lines=True)
    a = bargain(s, "none", method="auto")
    b = bargain(s, "none", method="merge")
    assert a.method == "groups" and b.method == "merge"
    assert a.zone == b.zone
    assert sorted(a.frontier_codes.tolist()) == sorted(b.frontier_codes.tolist())
    assert np.allclose(np.sort(a.frontier_utilities, axis=0), np.sort(b.frontier_utilities, axis=0))
    assert {k: v and v.code for k, v in a.solutions.items()} == {k: v and v.code for k, v in b.solutions.items()}


def test_fronts_too_many_pairs_gather_then_merge(monkeypatch):
    """Past `PAIR_CAP` pairs of group-front rows the count pass gathers the zone; past `GATHER_CAP` zone points too,
    the merge builds the frontier. All three give one frontier."""
    monkeypatch.setattr(zone, "LOW_MAX", 64)  # trailing group: issues 2-4
    s = _gen(1, actors=3, issues=5, options=4, strictness=0.0)
    groups = bargain(s, "none")
    monkeypatch.setattr(zone, "PAIR_CAP", 0)
    gathered = bargain(s, "none")
    monkeypatch.setattr(bargaining, "GATHER_CAP", max(1, groups.zone // 3))
    merged = bargain(s, "none")
    assert (groups.method, gathered.method, merged.method) == ("groups", "enumerate", "merge")
    assert sorted(groups.frontier_codes.tolist()) == sorted(gathered.frontier_codes.tolist())
    assert sorted(groups.frontier_codes.tolist()) == sorted(merged.frontier_codes.tolist())
