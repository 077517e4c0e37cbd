"""`accord run` opens with one line to act on; without `strategies`, its course comes from the lever packages."""

from __future__ import annotations

from typer.testing import CliRunner

from accord.analyses.leverage import leverage
from accord.cli import app
from accord.model.generate import generate
from accord.present.headline import weighted


def test_weighted_share_and_interval_by_hand():
    # 0.5*0.2 + 0.5*0.6 = 0.4; var = (0.25*0.16 + 0.25*0.24)/100 = 0.001; half = 1.96*0.0316 = 0.062
    mean, (lo, hi) = weighted({"a": 0.5, "b": 0.5}, {"a": 0.2, "b": 0.6}, 100)
    assert abs(mean - 0.4) < 1e-12
    assert abs(lo - 0.338) < 1e-3 and abs(hi - 0.462) < 1e-3


def test_run_without_strategies_names_a_lever_package_with_leverage_p_deal(tmp_path, monkeypatch):
    import yaml

    monkeypatch.chdir(tmp_path)
    doc = generate(actors=3, issues=6, options=4, factions=True, seed=5)
    text = yaml.safe_dump(doc, sort_keys=False)
    assert not doc.get("strategies")
    path = tmp_path / "own.yaml"
    path.write_text(text)
    res = CliRunner().invoke(app, ["run", str(path), "-n", "200", "--no-store"], env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    # the headline's first paragraph, rejoined where the terminal wrapped it
    first = " ".join(res.output.strip().split("\n\n")[0].split("\n")).split("P(deal) is the share")[0]
    assert first.startswith("Recommended (from the lever packages")
    assert "no strategy ends the war" not in res.output
    from accord.scenario.loader import load

    lev = leverage(load(path), samples=200, seed=0, top=3)
    # the line gives, per theory, the P(deal) leverage reports for the course it names
    shown = {f"{e.p_deal:.3f}" for th in lev.theories for e in lev.best[th][:1]}
    shown |= {f"{row.p_deal:.3f}" for per in lev.named.values() for row in per.values()}
    assert any(f"P(deal) {p}" in first for p in shown), first
