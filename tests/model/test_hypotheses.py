"""Each hypothesis of the built-in scenario, alone: it changes exactly what it says, by exactly its delta."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.model.situation import condition_holds, in_force, situate

MONTHS = 6  # checked some months in, so that per-month effects show

S = accord.load()


def _holding_levers(h):
    """A lever set under which the hypothesis's condition holds."""
    candidates = [(), tuple(lv.id for lv in S.levers), tuple(h.when.levers_pulled)]
    candidates += [tuple(lp.levers) for lp in S.lever_packages]
    candidates += [tuple(lv.id for lv in S.levers if lv.kind == kind) for kind in ("stick", "carrot")]
    candidates += [tuple(x for x in lp.levers if x not in h.when.levers_not_pulled) for lp in S.lever_packages]
    for c in candidates:
        if condition_holds(S, h, in_force(S, c)[0]):
            return c
    raise AssertionError(f"no lever set satisfies {h.id}")


def _soft_prices(sit) -> np.ndarray:
    """(P, n, K) the prices of the soft red lines their holders gave way on, which `situate` folds into `contrib`
    (the holder's rows of the line's one issue, at the options it names). Since issue 25 the built-in has one:
    Kyiv's demand for guarantees (rl_ukraine_no_reliable_guarantees, cost 0.1 on security_guarantees none and
    european_coalition), which gives way when Kyiv's reservation is below 0.58, as it is with no levers pulled."""
    pidx = {p: k for k, p in enumerate(sit.party_ids)}
    factions = {a.id: [pidx[f.id] for f in a.factions] for a in S.actors}
    out = np.zeros_like(sit.contrib)
    for rl in sit.red_lines:
        if rl.gave_way:
            i = rl.pattern.issues[0]
            for k in factions.get(rl.holder) or [pidx[rl.holder]]:
                out[k, i, rl.pattern.mask[i]] += rl.cost
    return out


@pytest.mark.parametrize("hyp", S.hypotheses, ids=lambda h: h.id)
def test_hypothesis_alone(hyp):
    """Reservation, drift, deal value, option value and weight changes match the effects' deltas (per-month
    effects times the months held; weights shifted, set or bounded)."""
    levers = _holding_levers(hyp)
    spec = ",".join(levers) or "none"
    without = situate(S, spec, None, months=MONTHS)
    with_h = situate(S, spec, [hyp.id], months=MONTHS)
    assert with_h.applied_hypotheses == (hyp.id,)
    pidx = {p: k for k, p in enumerate(without.party_ids)}
    horizon = np.array([p.reservation.horizon for p in S.parties])
    expected_res = np.zeros(len(pidx))
    expected_deal = np.zeros(len(pidx))
    expected_val = np.zeros_like(without.contrib)
    price_without, price_with = _soft_prices(without), _soft_prices(with_h)
    weight_shift = {}
    for e in hyp.effects:
        actor = next((a for a in S.actors if a.id == e.on), None)
        targets = (
            [pidx[f.id] for f in actor.factions] if actor and actor.factions else [pidx[e.on]] if e.on in pidx else []
        )
        for k in targets:
            held = MONTHS if e.per_month else 1
            if e.target == "reservation":
                expected_res[k] += e.delta * held
            elif e.target == "drift":
                expected_res[k] += e.delta * (horizon[k] + MONTHS)
            elif e.target == "deal_value":
                expected_deal[k] += e.delta * held
            elif e.target == "option_value":
                i = [x.id for x in S.issues].index(e.issue)
                o = [x.id for x in S.issues[i].options].index(e.option)
                sal = S.parties[k].preferences.saliences.get(e.issue, 0.0)
                # the option's value before the effect: its contribution without the folded soft-line price
                old = (without.contrib[k, i, o] + price_without[k, i, o]) / sal if sal else 0.0
                expected_val[k, i, o] = sal * (min(1.0, max(0.0, old + e.delta)) - old)
            elif e.target == "monthly_cost":
                expected_res[k] -= e.delta * horizon[k]
        if e.target == "faction_weight":
            weight_shift[e.on] = (e.mode, e.delta)
    np.testing.assert_allclose(with_h.reservation - without.reservation, expected_res, atol=1e-12)
    np.testing.assert_allclose(with_h.deal_value - without.deal_value, expected_deal, atol=1e-12)
    np.testing.assert_allclose(
        with_h.contrib - without.contrib, expected_val - (price_with - price_without), atol=1e-12
    )
    for f, (mode, delta) in weight_shift.items():
        old = without.weights[f]
        new = {"shift": old + delta, "set": delta, "at_least": max(old, delta), "at_most": min(old, delta)}[mode]
        assert with_h.weights[f] == pytest.approx(min(1.0, max(0.0, new)))
    if not weight_shift:
        assert with_h.weights == without.weights
    added = {rl.pattern.id for rl in with_h.red_lines} - {rl.pattern.id for rl in without.red_lines}
    assert added == {rl.id for rl in hyp.red_lines}
