"""Exploration: probabilities worked out by hand, determinism across workers, Dask."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.analyses.explore import explore
from tests.conftest import TWO_BY_TWO

# b's reservation base uniform on [0.0, 1.0]: the Nash package (x,p) gives b 0.5, so P(deal) = 0.5;
# a's is fixed at 0.3 (a gets 0.6). The named package (y,q) gives b 0.6: P = 0.6.
UNCERTAIN = (
    TWO_BY_TWO.replace("    reservation: {base: 0.25}", "    reservation: {base: 0.25}")
    + """\
lever_packages: [{id: nothing, levers: []}]
packages: [{id: yq, options: {i1: y, i2: q}}]
uncertainties:
  - {path: actors.b.reservation.base, low: 0.0, high: 1.0, note: unknown}
"""
)


def test_probability_of_a_deal_by_hand():
    """P(deal) for the proposal and a named package match the uniform range's arithmetic."""
    s = accord.loads(UNCERTAIN)
    r = explore(s, 40_000, strategies=["nothing@none"], seed=1, workers=1, exact=30)
    st = r.strategies[0]
    assert st.strategy.proposal == {"i1": "x", "i2": "p"}
    assert st.p_deal == pytest.approx(0.5, abs=0.01)
    assert st.p_named["yq"] == pytest.approx(0.6, abs=0.01)
    assert st.p_deal_ci[0] < st.p_deal < st.p_deal_ci[1]
    # a zone exists whenever b's reservation is at most 1.0 (b's best acceptable package, (y,p), is worth 1.0 to b
    # but a gets 0 there; (y,q) gives b 0.6 and a 0.4): so exactly when base <= 0.6
    assert st.p_zone == pytest.approx(0.6, abs=0.25)
    assert st.failure_box is not None and "actors.b.reservation.base" in st.failure_box.limits
    lo, _ = st.failure_box.limits["actors.b.reservation.base"]
    assert lo == pytest.approx(0.5, abs=0.05)


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_same_seed_same_results_whatever_the_workers(builtin, method):
    """One process or two: identical probabilities, boxes and quantiles."""
    a = explore(builtin, 25_000, method=method, strategies=["lieven_levers@lieven"], seed=5, workers=1, exact=0)
    b = explore(builtin, 25_000, method=method, strategies=["lieven_levers@lieven"], seed=5, workers=2, exact=0)
    assert a.strategies[0].p_deal == b.strategies[0].p_deal
    assert a.strategies[0].p_named == b.strategies[0].p_named
    assert a.strategies[0].utility_quantiles == b.strategies[0].utility_quantiles
    assert a.strategies[0].failure_box == b.strategies[0].failure_box


def test_dask_local_cluster_gives_the_same_answer(builtin):
    """The same sweep on a Dask LocalCluster equals the in-process one."""
    distributed = pytest.importorskip("dask.distributed")
    local = explore(builtin, 20_000, strategies=["solodkyy_levers@solodkyy"], seed=9, workers=1, exact=0)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        remote = explore(
            builtin, 20_000, strategies=["solodkyy_levers@solodkyy"], seed=9, scheduler=c.scheduler_address, exact=0
        )
    assert remote.strategies[0].p_deal == local.strategies[0].p_deal
    assert "dask" in remote.workers


def test_default_strategies_cover_every_lever_package_and_theory(builtin):
    """Without --strategy: every lever package under none, each set, and the beliefs mixture (sets never pooled)."""
    r = explore(builtin, 2_000, seed=1, workers=1, exact=0)
    assert len(r.strategies) == len(builtin.lever_packages) * 4
    probs = {s.strategy.id: s.p_deal for s in r.strategies}
    assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert probs["observed_2025@solodkyy"] == 0.0  # no zone within the window at the nominal numbers: no proposal
    # each author's levers do better under his own theory than the other's (the texts' disagreement). Changed for
    # issue 25's second pass: Lieven's levers are those with his ultimatum; without it Kyiv holds its demand for
    # guarantees (gives way below 0.41; 0.432 under his levers and theory), so lieven_levers alone open no zone.
    assert probs["lieven_levers_with_ultimatum@lieven"] > probs["solodkyy_levers@lieven"]
    assert probs["solodkyy_levers@solodkyy"] > probs["lieven_levers@solodkyy"]
    assert np.isnan(r.strategies[0].p_zone) or r.strategies[0].zone_samples == 0


BELIEFS = (
    TWO_BY_TWO
    + """\
lever_packages: [{id: nothing, levers: []}]
hypotheses:
  - {id: h_yes, statement: b gives way., effects: [{target: reservation, on: b, delta: -0.5}]}
  - {id: h_no, statement: b holds out., effects: [{target: reservation, on: b, delta: 0.5}]}
hypothesis_sets:
  - {id: yes, hypotheses: [h_yes], belief: 0.7}
  - {id: no, hypotheses: [h_no], belief: 0.3}
"""
)


def test_beliefs_draw_one_theory_per_sample():
    """Under 'yes' b accepts the proposal, under 'no' it refuses: P(deal) is the belief in 'yes', 0.7."""
    s = accord.loads(BELIEFS)
    r = explore(s, 30_000, strategies=["nothing@beliefs", "nothing@yes", "nothing@no"], seed=4, workers=1, exact=0)
    p = {st.strategy.id: st.p_deal for st in r.strategies}
    assert p["nothing@yes"] == 1.0 and p["nothing@no"] == 0.0
    assert p["nothing@beliefs"] == pytest.approx(0.7, abs=0.01)


def test_one_worker_means_one_core(builtin, monkeypatch):
    """`--workers 1` runs its chunks with NumPy's BLAS on one thread (no hidden thread pool on the other core)."""
    import importlib

    from threadpoolctl import threadpool_info

    ex = importlib.import_module("accord.analyses.explore")  # the module (accord.analyses.explore is the function)
    seen = []
    real = ex._run

    def counting(job):
        seen.append(max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"), default=1))
        return real(job)

    monkeypatch.setattr(ex, "_run", counting)
    ex.explore(builtin, 50, seed=0, workers=1)
    assert seen and max(seen) == 1


def test_beliefs_check_the_zone_under_the_drawn_theory():
    """Under 'yes' a zone exists in every sample, under 'no' in none (b's reservation +0.5 puts it above every
    package's worth to b): P(zone)@beliefs is the belief in 'yes', 0.7 (two standard errors: 2 x 0.0145 at n=1000);
    before, the zone was checked with no hypotheses and came out 1.0."""
    s = accord.loads(BELIEFS)
    r = explore(s, 1_000, strategies=["nothing@beliefs", "nothing@yes", "nothing@no"], seed=4, workers=1, exact=1_000)
    z = {st.strategy.id: st.p_zone for st in r.strategies}
    assert z["nothing@yes"] == 1.0 and z["nothing@no"] == 0.0
    assert z["nothing@beliefs"] == pytest.approx(0.7, abs=2 * np.sqrt(0.7 * 0.3 / 1_000))
    assert any("yes 0.70; no 0.30" in n for n in r.notes)  # the output says how the theory is drawn


# Changed for issue 25 (fourth pass): Lieven's levers without the ultimatum open no zone under either theory (Kyiv's
# guarantee line gives way only under the ultimatum), so the theories are told apart on his second step instead.
@pytest.mark.parametrize("levers", ["lieven_levers_with_ultimatum", "solodkyy_levers"])
def test_beliefs_are_the_belief_weighted_theories(builtin, levers):
    """On the built-in scenario P(zone) and P(deal) under 'beliefs' equal the per-theory shares (each theory
    explored alone with the same sample counts) weighted by the prior beliefs, within two standard errors.

    The priors are 0.5 and 0.5; both beliefs are sampled from the same range (0.2 to 0.8) and renormalised, so by
    symmetry each theory's expected weight stays 0.5. The standard error of the difference treats the two
    estimates as independent (they share samples, which only narrows it)."""
    n_zone, n = 300, 4_000
    prior = {hs.id: hs.belief for hs in builtin.hypothesis_sets}
    assert prior == {"lieven": 0.5, "solodkyy": 0.5}
    w = {k: v / sum(prior.values()) for k, v in prior.items()}
    mixed = explore(builtin, n, strategies=[f"{levers}@beliefs"], seed=11, workers=1, exact=n_zone).strategies[0]
    alone = {
        t: explore(builtin, n, strategies=[f"{levers}@{t}"], seed=11, workers=1, exact=n_zone).strategies[0]
        for t in prior
    }
    for field, size in (("p_zone", n_zone), ("p_deal", n)):
        want = sum(w[t] * getattr(alone[t], field) for t in prior)
        got = getattr(mixed, field)
        se = np.sqrt(
            got * (1 - got) / size
            + sum(w[t] ** 2 * getattr(alone[t], field) * (1 - getattr(alone[t], field)) for t in prior) / size
        )
        assert abs(got - want) <= 2 * se, (field, got, want, se)
    # the two theories disagree here (one opens a zone far more often than the other), so the test can fail
    assert abs(alone["lieven"].p_zone - alone["solodkyy"].p_zone) > 0.4
