"""Sampling designs: deterministic per chunk, inside their ranges, with renormalised shares."""

from __future__ import annotations

import numpy as np
import pytest

from accord.model.situation import situate, situate_batch
from accord.model.uncertainty import Design, slots, to_values, unit_draws
from accord.scenario.paths import parameters


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_draws_depend_only_on_seed_and_chunk(method):
    """The same chunk of the same seed is identical; other chunks and seeds differ."""
    a = unit_draws(method, 3, 200, 5, seed=7)
    assert np.array_equal(a, unit_draws(method, 3, 200, 5, seed=7))
    assert not np.array_equal(a, unit_draws(method, 4, 200, 5, seed=7))
    assert ((a >= 0) & (a < 1)).all()


def test_lhs_is_stratified():
    """Each of the n strata of every dimension holds exactly one LHS draw."""
    u = unit_draws("lhs", 0, 100, 3, seed=1)
    for d in range(3):
        assert sorted(np.floor(u[:, d] * 100).astype(int)) == list(range(100))


def test_triangular_mode_and_bounds():
    """Triangular draws stay in range and peak at the nominal value."""
    from accord.scenario.paths import Parameter

    p = Parameter("x", ("x",), 0.2, 0.0, 1.0, "triangular", "", None)
    v = to_values(np.random.default_rng(0).random((200_000, 1)), [p])[:, 0]
    assert v.min() >= 0 and v.max() <= 1
    assert v.mean() == pytest.approx((0 + 1 + 0.2) / 3, abs=0.005)  # the triangular mean


def test_every_builtin_assumption_can_be_sampled(builtin):
    """All 409 assumptions of the built-in scenario map to a slot: the 407 before issue 25's re-encoding (394,
    7 capabilities, and 6 effect sizes and costs the claims' re-encoding added), minus the removed Ukrainian
    minerals carrot's cost (the deal is signed, the status quo), plus Kyiv's soft guarantee red line's
    gives_way_below and cost and the new h36's demand shift.

    Changed for issue 25's second pass: 464. The two new issues (recognition, three options; foreign troops, two)
    add a salience and five option values for each of the seven parties with preferences (US, the two Russian
    camps, Kyiv, its public, the EU, the Coalition): 7 x (2 + 5) = 49; Solodkyy's two conditional readings of h12
    add three effect sizes each: 6. 409 + 49 + 6 = 464."""
    ps = parameters(builtin)
    assert len(slots(builtin, ps)) == 464
    paths = {p.path for p in ps}
    assert "levers.ukraine_minerals_offer.cost" not in paths
    assert {"actors.ukraine_government.red_lines.rl_ukraine_no_reliable_guarantees.soft.gives_way_below",
            "actors.ukraine_government.red_lines.rl_ukraine_no_reliable_guarantees.soft.cost",
            "hypotheses.h36_moscow_expands_demands.effects.0.delta"} <= paths


def test_sampled_shares_renormalised(builtin):
    """Sampled saliences sum to 1 per party and faction weights to 1 per actor."""
    values, numbers = Design.of(builtin, "mc", 3).chunk(builtin, 0, 500)
    sal = numbers.salience.sum(axis=2)
    assert np.allclose(sal[sal > 0], 1.0)
    assert np.allclose(numbers.weight.sum(axis=1), 1.0)
    assert values.shape == (500, 464)  # one column per assumption of the built-in (464 since issue 25's second pass)


def test_batch_of_nominal_numbers_equals_situation(builtin):
    """A batch on the nominal numbers is the ordinary situation."""
    b = situate_batch(builtin, "lieven_levers", "lieven")
    s = situate(builtin, "lieven_levers", "lieven")
    assert np.array_equal(b.reservation[0], s.reservation)
    assert np.array_equal(b.contrib[0], s.contrib)
