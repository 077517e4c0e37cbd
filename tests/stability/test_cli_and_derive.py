"""`accord stability` end to end, and models derived from a scenario."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.model.evaluation import evaluate
from accord.stability.concepts import analyse
from accord.stability.derive import derive
from accord.stability.graph import compile_model

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_builtin_scenario_model_json(tmp_path: Path) -> None:
    """The Ukraine model: Lieven's terms (aid, relief, both accept, Coalition support) are stable for Russia,
    Ukraine and the Coalition but not for the US, which gains by dropping its aid."""
    r = invoke(
        "stability",
        "--json",
        "-s",
        "us_military_aid=Y,us_sanctions=N,us_sanctions_relief=Y,"
        "russia_accepts_terms=Y,ukraine_accepts_terms=Y,coalition_supports_ukraine=Y",
        "--svg",
        str(tmp_path / "g.svg"),
        "--dot",
        str(tmp_path / "g.dot"),
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["states"] == 144 and data["decision_makers"][0] == "us_administration"
    (label,) = data["why"]
    row = next(x for x in data["table"] if x["state"] == label)
    assert row["stable"]["nash"] == {
        "us_administration": False,
        "russia": True,
        "ukraine_government": True,
        "coalition_of_the_resolute": True,
    }
    assert "can improve" in data["why"][label]["nash"]["us_administration"]
    assert (tmp_path / "g.svg").read_text().startswith("<svg")
    dot = (tmp_path / "g.dot").read_text()
    assert "digraph" in dot and "style=dashed" in dot and "doublecircle" in dot


def test_case_table_and_extensions() -> None:
    r = invoke(
        "stability",
        "elmira",
        "--coalitions",
        "--nonmyopic",
        "--horizon",
        "2",
        "-s",
        "5",
        "--inverse",
        "4",
        "-c",
        "nash",
    )
    assert r.exit_code == 0, r.output
    assert "moe + uniroyal" in r.output and "5 -> 8" in r.output and "Inverse NASH for state 4" in r.output
    assert "Why state 5" in r.output


def test_bad_inputs_are_messages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "gmcr: 1\nmodel:\n  decision_makers: [{id: x, options: [{id: a}]}]\n  preferences: {x: {statements: [b]}}\n"
    )
    r = runner.invoke(app, ["stability", str(bad)])
    assert r.exit_code == 1 and "bad.yaml:4:" in r.output and "'b'" in r.output
    r = runner.invoke(app, ["stability", "elmira", "-c", "nashh"])
    assert r.exit_code == 1 and "unknown concept" in r.output
    r = runner.invoke(app, ["stability", "elmira", "-s", "99"])
    assert r.exit_code == 1 and "no state '99'" in r.output
    r = runner.invoke(app, ["stability", "nowhere.yaml"])
    assert r.exit_code == 1 and "no such file" in r.output


def test_derived_model_values_come_from_the_scenario() -> None:
    """Each decider ranks the all-accept states by its utility of the proposal under the levers pulled (below
    everything if a binding red line is crossed), the others by its reservation value: checked against
    `evaluate` for two lever sets."""
    s = accord.load()
    m = derive(s, "lieven_terms", "us_military_aid_to_ukraine,us_sanctions_relief", "lieven")
    g = compile_model(m)
    assert g.dms == ("us_administration", "russia", "ukraine_government", "ukraine_public")
    assert g.n == 2**6
    order = [o for o, _, _ in g.options]
    accept_bits = [k for k, o in enumerate(order) if o.endswith("_accepts")]
    assert len(accept_bits) == len(s.deciders)
    all_accept = sum(1 << b for b in accept_bits)
    relief = 1 << order.index("us_sanctions_relief")
    ev_both = evaluate(s, "lieven_terms", "us_military_aid_to_ukraine,us_sanctions_relief", "lieven")
    ev_aid = evaluate(s, "lieven_terms", "us_military_aid_to_ukraine", "lieven")
    aid = 1 << order.index("us_military_aid_to_ukraine")
    r = g.dms.index("russia")
    deal_both = int(np.nonzero(g.codes == all_accept | aid | relief)[0][0])
    deal_aid = int(np.nonzero(g.codes == all_accept | aid)[0][0])

    def value(ev):  # type: ignore[no-untyped-def]
        v = next(v for v in ev.actors if v.id == "russia")
        return -np.inf if any(h.binding for h in v.red_lines) else v.utility

    u_both, u_aid = value(ev_both), value(ev_aid)
    assert (g.score[r][deal_both] > g.score[r][deal_aid]) == (u_both > u_aid)
    st = analyse(g, ["nash"])
    assert st.table["nash"].shape == (4, 64)


def test_derive_from_cli() -> None:
    r = invoke(
        "stability",
        "--derive",
        "-p",
        "lieven_terms",
        "-l",
        "us_military_aid_to_ukraine,us_sanctions_relief,us_sanctions_on_russia",
        "-H",
        "lieven",
        "-c",
        "nash",
        "--json",
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["states"] == 2**7


def test_robust_equilibria_on_the_builtin_model() -> None:
    """With Putin undecided (Russia's score for accepting the terms uncertain by +-4), every robust equilibrium
    is an equilibrium at the nominal ranking, and the deal states lose robust Nash stability."""
    data = json.loads(invoke("stability", "--robust", "-c", "nash", "-c", "seq", "--json").stdout)
    eq = data["equilibria"]
    assert set(eq["robust_nash"]) <= set(eq["nash"]) and set(eq["robust_seq"]) <= set(eq["seq"])
    deals = [
        row["state"]
        for row in data["table"]
        if {"russia_accepts_terms", "ukraine_accepts_terms"} <= set(row["options"])
    ]
    assert set(deals) & set(eq["nash"]) and not set(deals) & set(eq["robust_nash"])


def test_narration_follows_each_concept() -> None:
    """Chicken, state 1 (both swerve), driver 1: GMR and SMR name driver 2's answer (going straight, to 4);
    SEQ finds no credible answer (4 is worse for driver 2 than 2); SIM names driver 2 going straight at once."""
    from accord.stability import analyse, load_model, narrate

    g, _, _ = load_model("chicken")
    st = analyse(g)
    text = {c: narrate(g, st, 0, 0, c) for c in ("gmr", "smr", "seq", "sim")}
    assert "driver_2 moves to 4" in text["gmr"] and "stable for driver_1" in text["gmr"]
    assert "driver_2 moves to 4" in text["smr"] and "is stable" in text["smr"]
    assert "cannot be sanctioned by credible" in text["seq"] and "unstable" in text["seq"]
    assert "driver_2 moving at the same time leads to 4" in text["sim"] and "is stable" in text["sim"]


def test_states_are_described_in_words() -> None:
    """Each state says what every decision maker does, option ids read as words without their owner's prefix."""
    from accord.stability import load_model

    g, _, _ = load_model("prisoners-dilemma")
    assert [g.describe(s) for s in range(g.n)] == [
        "prisoner_1: -; prisoner_2: -",
        "prisoner_1: defect 1; prisoner_2: -",
        "prisoner_1: -; prisoner_2: defect 2",
        "prisoner_1: defect 1; prisoner_2: defect 2",
    ]
    data = json.loads(invoke("stability", "--json").stdout)
    first = data["table"][0]
    assert first["description"].startswith("us_administration: ")
