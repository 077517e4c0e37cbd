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
    add three effect sizes each: 6. 409 + 49 + 6 = 464.

    Changed for issue 25's third pass: 466. The hard line's soft disarmament demand adds its gives_way_below and
    cost."""
    ps = parameters(builtin)
    assert len(slots(builtin, ps)) == 466
    paths = {p.path for p in ps}
    assert "levers.ukraine_minerals_offer.cost" not in paths
    assert {
        "actors.ukraine_government.red_lines.rl_ukraine_no_reliable_guarantees.soft.gives_way_below",
        "actors.ukraine_government.red_lines.rl_ukraine_no_reliable_guarantees.soft.cost",
        "hypotheses.h36_moscow_expands_demands.effects.0.delta",
        "actors.russia.factions.ru_hardline.red_lines.rl_ru_hardline_demands_disarmament.soft.gives_way_below",
        "actors.russia.factions.ru_hardline.red_lines.rl_ru_hardline_demands_disarmament.soft.cost",
    } <= paths


def test_sampled_shares_renormalised(builtin):
    """Sampled saliences sum to 1 per party and faction weights to 1 per actor."""
    values, numbers = Design.of(builtin, "mc", 3).chunk(builtin, 0, 500)
    sal = numbers.salience.sum(axis=2)
    assert np.allclose(sal[sal > 0], 1.0)
    assert np.allclose(numbers.weight.sum(axis=1), 1.0)
    assert values.shape == (500, 466)  # one column per assumption of the built-in (466 since issue 25's third pass)


def test_batch_of_nominal_numbers_equals_situation(builtin):
    """A batch on the nominal numbers is the ordinary situation."""
    b = situate_batch(builtin, "lieven_levers", "lieven")
    s = situate(builtin, "lieven_levers", "lieven")
    assert np.array_equal(b.reservation[0], s.reservation)
    assert np.array_equal(b.contrib[0], s.contrib)


def test_mixed_distributions_match_the_formulas_value_by_value():
    """Each column by its own distribution, whatever its neighbours': uniform low + u (high - low); log-uniform
    sign(low) exp(ln|low| + u (ln|high| - ln|low|)); triangular (mode c = (m - low) / (high - low)) low +
    sqrt(u (high - low)(m - low)) below c, else high - sqrt((1 - u)(high - low)(high - m)). Written here with
    Python's math one value at a time."""
    import math

    from accord.scenario.paths import Parameter

    ps = [
        Parameter("u", ("u",), 0.5, 0.0, 2.0, "uniform", "", None),
        Parameter("l", ("l",), -1.0, -10.0, -0.1, "log_uniform", "", None),
        Parameter("t", ("t",), 0.2, 0.0, 1.0, "triangular", "", None),
        Parameter("l2", ("l2",), 1.0, 0.01, 100.0, "log_uniform", "", None),
        Parameter("t0", ("t0",), 0.3, 0.3, 0.3, "triangular", "", None),
    ]  # a point range stays on its point
    unit = np.random.default_rng(5).random((50, len(ps)))
    got = to_values(unit, ps)

    def one(u: float, p: Parameter) -> float:
        lo, hi, m = p.low, p.high, p.nominal
        if p.distribution == "log_uniform":
            a, b = math.log(abs(lo)), math.log(abs(hi))
            return math.copysign(1.0, lo) * math.exp(a + u * (b - a))
        if p.distribution == "triangular":
            span = hi - lo if hi > lo else 1.0
            if u < (m - lo) / span:
                return lo + math.sqrt(u * span * (m - lo))
            return hi - math.sqrt((1 - u) * span * (hi - m))
        return lo + u * (hi - lo)

    want = np.array([[one(unit[i, k], p) for k, p in enumerate(ps)] for i in range(len(unit))])
    assert np.allclose(got, want, rtol=1e-12, atol=1e-12)
    assert (got[:, 4] == 0.3).all() and (got[:, 1] < 0).all() and (got[:, 3] > 0).all()
