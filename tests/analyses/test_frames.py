"""Results as tables: `to_frame()` with names as labels and ids as an index level, and the notebook view."""

from __future__ import annotations

import pytest

import accord
from accord import bargain
from accord.analyses import check_claims, explore, leverage, simulate, voi, weigh_evidence
from accord.analyses.frames import Table, html_table, names_of

pd = pytest.importorskip("pandas")

NAMED = """\
accord: 1
meta: {id: named, title: Two actors with names}
actors:
  - id: a
    name: Alpha State
    preferences:
      saliences: {i1: 0.6, i2: 0.4}
      values: {i1: {x: 1.0, y: 0.0}, i2: {p: 0.0, q: 1.0}}
    reservation: {base: 0.3}
  - id: b
    name: Beta Front
    preferences:
      saliences: {i1: 0.5, i2: 0.5}
      values: {i1: {x: 0.0, y: 1.0}, i2: {p: 1.0, q: 0.2}}
    reservation: {base: 0.25}
issues:
  - {id: i1, name: Border, options: [{id: x, name: Old border}, {id: y, name: New border}], status_quo: x}
  - {id: i2, name: Trade, options: [{id: p, name: Closed}, {id: q, name: Open}], status_quo: p}
"""


def test_bargain_frame_by_hand():
    """The two-by-two case with names: Nash is (Old border, Closed); a's utility 0.6*1 + 0.4*0 = 0.6, b's
    0.5*0 + 0.5*1 = 0.5 (worked out by hand)."""
    s = accord.loads(NAMED, "named.yaml")
    df = bargain(s, "none").to_frame()
    assert list(df.index.names) == ["solution_id", "solution"]
    row = df.loc[("nash", "nash")]
    assert row["package"] == "Border: Old border; Trade: Closed"
    assert row["utility of Alpha State"] == pytest.approx(0.6)
    assert row["utility of Beta Front"] == pytest.approx(0.5)


def test_names_of_lists_named_ids_only():
    s = accord.loads(NAMED, "named.yaml")
    assert names_of(s) == {
        "a": "Alpha State",
        "b": "Beta Front",
        "i1": "Border",
        "x": "Old border",
        "y": "New border",
        "i2": "Trade",
        "p": "Closed",
        "q": "Open",
    }


def test_html_escapes_and_limits():
    t = Table("T <1>", ("id",), ("v",), [(f"<r{i}>", float(i)) for i in range(5)])
    out = html_table(t, limit=3)
    assert "&lt;r0&gt;" in out and "<r0>" not in out and "T &lt;1&gt;" in out
    assert out.count("<tr>") == 4 and "2 more rows" in out  # header + 3 rows


def test_every_exported_result_is_a_frame(builtin):
    """Each result `accord.analyses` exports gives a frame indexed by ids with names beside them, and the
    same rows in its notebook view; the frames' sizes follow from the scenario (claims x theories, strategies,
    theories)."""
    s = builtin
    claims = check_claims(s, samples=8)
    assert claims.to_frame().shape[0] == len(claims.results)
    ex = explore(s, samples=64, strategies=["lieven_levers@lieven", "solodkyy_levers@solodkyy"])
    df = ex.to_frame()
    assert list(df.index.get_level_values("strategy_id")) == ["lieven_levers@lieven", "solodkyy_levers@solodkyy"]
    assert df["P(deal)"].between(0, 1).all()
    ev = weigh_evidence(s, samples=8).to_frame()
    assert set(ev.index.get_level_values("theory_id")) == {"lieven", "solodkyy"}
    assert ev["posterior from observations only"].sum() == pytest.approx(1.0)
    lev = leverage(s, samples=16)
    assert lev.to_frame().shape[0] == sum(len(v) for v in lev.best.values())
    sim = simulate(s, s.strategies[0].id, runs=8)
    assert sim.to_frame().shape[0] == len(sim.timeline)
    v = voi(s, samples=64)
    assert v.to_frame().shape[0] == 1 + len(v.values)
    for r in (claims, ex, lev, sim, v):
        assert r._repr_html_().startswith("<table>")
