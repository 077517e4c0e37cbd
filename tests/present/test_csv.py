"""`--csv DIR`: one CSV file per main table, each row the same numbers as `--json`, and clear errors for a bad DIR."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.analyses.frames import Table
from accord.cli import app
from accord.present.csvfiles import write_csv

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_cells_are_written_in_full(tmp_path):
    """Floats keep every digit (1/3 comes back equal), yes/no read true/false, None and NaN are empty; a command
    with one table writes `<command>.csv`, with several `<command>-<key>.csv`."""
    t = Table(
        "t",
        ("id", "name"),
        ("x", "ok", "none", "nan"),
        [("a", "A, with a comma", 1 / 3, True, None, math.nan)],
        key="main",
    )
    (one,) = write_csv(tmp_path, "cmd", [t])
    assert one.name == "cmd.csv"
    (row,) = rows(one)
    assert row == {"id": "a", "name": "A, with a comma", "x": repr(1 / 3), "ok": "true", "none": "", "nan": ""}
    assert float(row["x"]) == 1 / 3
    two = write_csv(tmp_path, "cmd", [t, Table("u", ("id",), (), [("b",)], key="other")])
    assert [p.name for p in two] == ["cmd-main.csv", "cmd-other.csv"]


def test_claims_csv_rows_are_the_json_values(tmp_path, monkeypatch):
    """Each claim row of claims.csv holds the JSON's verdict and share for the same claim and theory."""
    monkeypatch.chdir(tmp_path)
    r = invoke("claims", "--samples", "10", "--csv", "out/", "--json")
    assert r.exit_code in (0, 1), r.output  # exit 1 when a claim fails
    data = json.loads(r.stdout)
    got = rows(tmp_path / "out" / "claims.csv")
    assert len(got) == len(data["results"]) > 0
    for row, res in zip(got, data["results"], strict=True):
        assert (row["claim_id"], row["theory_id"]) == (res["claim"]["id"], res["theory"])
        assert row["holds (nominal)"] == ("true" if res["holds"] else "false")
        assert float(row["share of samples"]) == res["share"]
        assert row["claim"] == res["claim"]["statement"]  # the words beside the ids


def test_explore_csv_matches_json(tmp_path, monkeypatch):
    """explore writes its strategies, the named packages and the Sobol indices; P(deal), P(zone) and P(named)
    are the JSON's numbers."""
    monkeypatch.chdir(tmp_path)
    r = invoke(
        "explore",
        "-n",
        "300",
        "-s",
        "lieven_levers@lieven",
        "-s",
        "solodkyy_levers@beliefs",
        "--exact",
        "3",
        "--workers",
        "1",
        "--sensitivity",
        "4",
        "--no-store",
        "--csv",
        "out",
        "--json",
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "explore-named-packages.csv",
        "explore-sensitivity.csv",
        "explore-strategies.csv",
    ]
    strategies = {row["strategy_id"]: row for row in rows(out / "explore-strategies.csv")}
    for st in data["strategies"]:
        row = strategies[st["id"]]
        assert float(row["P(deal)"]) == st["p_deal"] and float(row["P(zone)"]) == st["p_zone"]
    assert strategies["solodkyy_levers@beliefs"]["strategy"].endswith("under the beliefs (one theory drawn per sample)")
    named = {
        (row["package_id"], row["strategy_id"]): float(row["P(accepted)"])
        for row in rows(out / "explore-named-packages.csv")
    }
    assert named == {(p, st["id"]): v for st in data["strategies"] for p, v in st["p_named"].items()}
    sens = rows(out / "explore-sensitivity.csv")
    want = {(sid, i["group"]): i["total"] for sid, idx in data["sensitivity"].items() for i in idx}
    assert {(row["strategy_id"], row["uncertainty_path"]): float(row["total"]) for row in sens} == want
    assert any(
        row["uncertainty_path"] == "theory_draw" and row["strategy_id"] == "solodkyy_levers@beliefs" for row in sens
    )


def test_leverage_csv_matches_json(tmp_path, monkeypatch):
    """The ranking per theory: rank 1 of each theory is the JSON's best lever package, with its P(deal) and cost;
    theory 'none' reads 'no hypotheses' (not the option that happens to have the id `none`)."""
    monkeypatch.chdir(tmp_path)
    r = invoke("leverage", "-n", "30", "--top", "3", "--no-store", "--csv", "out", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    ranked = rows(tmp_path / "out" / "leverage-ranked.csv")
    for th, best in data["best"].items():
        first = next(row for row in ranked if row["theory_id"] == th and row["rank"] == "1")
        assert float(first["P(deal)"]) == best[0]["p_deal"] and float(first["cost per month"]) == best[0]["cost"]
        assert first["lever ids"].split() == list(best[0]["levers"])
    assert {row["theory"] for row in ranked if row["theory_id"] == "none"} == {"no hypotheses"}
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "leverage-ranked.csv",
        "leverage-lever-packages.csv",
        "leverage-front.csv",
        "leverage-robust.csv",
    }


def test_backtest_csv_matches_json(tmp_path, monkeypatch):
    """Each verdict's probability in backtest-verdicts.csv is the JSON's."""
    monkeypatch.chdir(tmp_path)
    r = invoke("backtest", "aceh-2005", "-n", "20", "--csv", "out", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    verdicts = rows(tmp_path / "out" / "backtest-verdicts.csv")
    want = [(v["case"], v["id"], v["p"]) for c in data["cases"] for v in c["verdicts"]]
    assert [(row["case_id"], row["verdict_id"], float(row["P(yes) by Accord"])) for row in verdicts] == want
    scores = {
        (row["forecaster"], row["metric"]): float(row["value"])
        for row in rows(tmp_path / "out" / "backtest-scores.csv")
    }
    assert scores[("Accord", "Brier score")] == data["scores"]["overall"]["Accord"]["Brier score"]["value"]


def test_run_csv_matches_json(tmp_path, monkeypatch):
    """run writes the findings, the claims, the zones and the named packages; the findings' P(deal) per theory
    and strategy and each zone's size are the JSON's."""
    monkeypatch.chdir(tmp_path)
    r = invoke("run", "-n", "10", "--no-store", "--csv", "out", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == {
        "run-findings.csv",
        "run-claims.csv",
        "run-zones.csv",
        "run-packages.csv",
    }
    findings = {(row["theory_id"], row["strategy_id"]): float(row["P(deal)"]) for row in rows(out / "run-findings.csv")}
    assert findings == {
        (t["theory"], o["strategy"]): o["p_deal"] for t in data["findings"]["theories"] for o in t["outcomes"]
    }
    zones = {(row["lever_package_id"], row["theory_id"]): int(row["zone size"]) for row in rows(out / "run-zones.csv")}
    assert zones == {(c["levers"], c["theory"]): c["bargain"]["zone"] for c in data["overview"]["cells"]}


@pytest.mark.parametrize(
    "target, message", [("taken", "is a file, not a folder"), ("taken/sub", "cannot create the folder")]
)
def test_a_bad_folder_is_a_clear_error(tmp_path, monkeypatch, target, message):
    """DIR is a file, or cannot be created (a file in its way): exit 1 with the reason, no traceback, before any
    work is done."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("x")
    r = runner.invoke(app, ["claims", "--csv", target])
    assert r.exit_code == 1, r.output
    assert message in r.output and "Traceback" not in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # nothing written


def test_a_folder_that_is_not_writable_is_a_clear_error(tmp_path, monkeypatch):
    """A folder the user may not write to (simulated: the tests may run as root, who may write anywhere)."""
    from accord.present import csvfiles

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(csvfiles.os, "access", lambda *a, **k: False)
    r = runner.invoke(app, ["claims", "--csv", "out"])
    assert r.exit_code == 1 and "not writable" in r.output and "Traceback" not in r.output
