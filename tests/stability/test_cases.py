"""Published cases, entered in Accord's format from the literature (each file cites its sources)."""

from __future__ import annotations

from accord.stability.analysis import run
from accord.stability.coalitions import coalition
from accord.stability.concepts import analyse
from accord.stability.io import case_names, load_model


def labels(name: str, concept: str) -> list[str]:
    g, _, _ = load_model(name)
    return [g.labels[s] for s in analyse(g, [concept]).equilibria(concept)]


def test_every_case_loads() -> None:
    assert case_names() == [
        "chicken",
        "cuban-missile-crisis",
        "elmira",
        "garrison-diversion-unit",
        "prisoners-dilemma",
        "syria-iraq",
    ]
    for name in case_names():
        g, _, _ = load_model(name)
        assert g.n > 0 and not g.warnings


def test_elmira_published_equilibria() -> None:
    """Hipel, Kilgour, Fang and Peng (1997): states 5, 8 and 9 are equilibria under Nash, GMR, SMR and SEQ;
    states 1 and 4 are GMR and SMR stable only."""
    assert labels("elmira", "nash") == ["5", "8", "9"]
    assert labels("elmira", "seq") == ["5", "8", "9"]
    assert labels("elmira", "gmr") == ["1", "4", "5", "8", "9"]
    assert labels("elmira", "smr") == ["1", "4", "5", "8", "9"]


def test_elmira_coalition_of_moe_and_uniroyal_moves_5_to_8() -> None:
    """Kilgour, Hipel, Fang and Li (2001): the Ministry and Uniroyal, acting together, move from the
    equilibrium 5 to 8 (modified order accepted), which both prefer; 8 stays coalitionally stable."""
    g, _, _ = load_model("elmira")
    r = coalition(g, (0, 1))
    five, eight = g.index("5"), g.index("8")
    assert not r.nash[five] and r.improvement[five] == eight
    assert r.nash[eight]


def test_elmira_status_quo_reaches_5() -> None:
    """From the status quo (1), the local government's insistence reaches the equilibrium 5 in one move."""
    g, _, _ = load_model("elmira")
    rep = run(g, ["nash"], start=g.status_quo)
    assert rep.status_quo is not None
    assert [(g.labels[s], d) for s, d in rep.status_quo.path(g.index("5"))] == [("1", None), ("5", 2)]


def test_cuban_missile_crisis_resolution_is_sequentially_stable() -> None:
    """Fraser and Hipel (1984): the historical outcome, a US blockade with Soviet withdrawal, is stable."""
    g, _, _ = load_model("cuban-missile-crisis")
    outcome = [s for s in range(g.n) if g.taken(s) == ["blockade", "withdraw"]]
    assert len(outcome) == 1
    assert g.labels[outcome[0]] in labels("cuban-missile-crisis", "seq")


def test_named_coalitions_are_analysed_by_default() -> None:
    """Elmira names the Ministry-Uniroyal coalition: a plain run reports it without --coalitions."""
    g, _, _ = load_model("elmira")
    rep = run(g, ["nash"])
    assert [c.members for c in rep.coalitions] == [(0, 1)]
    assert rep.coalitions[0].improvement[g.index("5")] == g.index("8")
