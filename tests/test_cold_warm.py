"""Same answer cold and cached: every analysis command gives identical `--json` whether its scenario was parsed
from the file or rebuilt from the scenario cache.

Each command runs three times in this process: with the cache off, with an empty cache (parsed, then stored) and
with the cache warm (rebuilt from the stored JSON). Timings and run ids aside, the three outputs must be equal.
The generated scenario carries dated evidence events without a `month`, so that an analysis which tells a parsed
scenario from a cached one (as `evidence` once did, through pydantic's record of which fields were set) is caught.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from accord.cli import app
from accord.model.generate import generate, to_yaml
from accord.scenario import cache

runner = CliRunner()

EXTRA = """
packages:
  - {id: p_middle, name: The middle package, options: {issue0: o1, issue1: o1, issue2: o1, issue3: o1}}
hypotheses:
  - id: h_stick_hardens
    statement: Pressure alone strengthens the second actor's hard-line camp.
    when: {any_stick_on: actor1, no_carrot_to: actor1}
    effects:
      - {target: faction_weight, on: actor1_hard, delta: 0.2}
  - id: h_carrot_softens
    statement: An incentive with pressure weakens the hard-line camp.
    when: {any_stick_on: actor1, any_carrot_to: actor1}
    effects:
      - {target: faction_weight, on: actor1_hard, delta: -0.2}
hypothesis_sets:
  - {id: hawks, name: Hawks, hypotheses: [h_stick_hardens], belief: 0.5}
  - {id: doves, name: Doves, hypotheses: [h_carrot_softens], belief: 0.5}
strategies:
  - {id: press, name: Press and offer, levers: both, procedure: {kind: pressure}}
claims:
  - {id: c_zone, kind: zone, statement: A zone opens within a year under both levers., levers: both, months: 12}
  - {id: c_deal, kind: deal_within, statement: Pressing ends in a deal within two years., strategy: press, months: 24}
evidence:
  start: "2024-01-01"
  levers: both
  events:
    - {id: e_early, kind: zone, date: "2024-02-01", statement: No zone yet., levers: both, months: 0, observed: false}
    - {id: e_late, kind: zone, date: "2025-06-01", statement: A zone is open., levers: both, months: 0}
"""


def generated_with_record() -> str:
    """A generated scenario with factions, theories, a strategy, claims and dated events (none states its month);
    war costs rise month by month, so an event's month changes what the model predicts for it."""
    data = generate(3, 4, 3, factions=True, seed=3)
    for actor in data["actors"]:
        actor["capability"] = 0.2 + 0.3 * int(actor["id"][-1])
        for party in [actor, *actor.get("factions", [])]:
            if "reservation" in party:
                party["reservation"]["monthly_cost"] = 0.02
    data.update(YAML(typ="safe").load(EXTRA))
    return to_yaml(data)


VOLATILE = re.compile(r"^(seconds|elapsed|run|took|time|started|finished)$")


def _scrub(value: object) -> object:
    """The output with timings and run ids taken out."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if not VOLATILE.match(str(k))}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _commands(scenario: str, package: str, strategy: str) -> dict[str, list[str]]:
    """Every analysis command on the scenario at small sample counts (the backtest on the shipped casebook)."""
    return {
        "run": ["run", scenario, "-n", "40"],
        "evaluate": ["evaluate", scenario, "-p", package],
        "bargain": ["bargain", scenario],
        "leverage": ["leverage", scenario, "-n", "40", "--no-store"],
        "explore": ["explore", scenario, "-n", "60", "--no-store"],
        "simulate": ["simulate", scenario, "-s", strategy, "--runs", "20", "--no-store"],
        "claims": ["claims", scenario, "-n", "40"],
        "evidence": ["evidence", scenario, "-n", "300"],
        "voi": ["voi", scenario, "-n", "60"],
        "stability": ["stability", scenario, "--derive", "-p", package],
        "forecast": ["forecast", scenario, "-n", "20"],
        **({"backtest": ["backtest", "-n", "100"]} if scenario == "ukraine-2025" else {}),
    }


def _run(args: list[str], json_out: bool = True) -> object:
    r = runner.invoke(app, [*args, "--json"] if json_out else args, catch_exceptions=False)
    assert r.exit_code in (0, 1), f"accord {' '.join(args)} exited {r.exit_code}:\n{r.output}"
    return _scrub(json.loads(r.stdout)) if json_out else r.stdout


def _report(scenario: str, out: Path) -> str:
    """The report's HTML with its timing lines taken out."""
    _run(["report", scenario, "-o", str(out)], json_out=False)
    text = out.read_text(encoding="utf-8")
    return re.sub(r"\d+(\.\d+)? s\b", "# s", text)


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory) -> dict[str, tuple[str, str, str]]:
    folder = tmp_path_factory.mktemp("cold-warm")
    gen = folder / "generated.yaml"
    gen.write_text(generated_with_record(), encoding="utf-8")
    return {
        "builtin": ("ukraine-2025", "lieven_terms", "lieven_sequence"),
        "generated": (str(gen), "p_middle", "press"),
    }


@pytest.mark.parametrize("which", ["builtin", "generated"])
def test_every_command_answers_the_same_cold_and_cached(which, scenarios, tmp_path, monkeypatch):
    scenario, package, strategy = scenarios[which]
    commands = _commands(scenario, package, strategy)
    outputs: dict[str, list[object]] = {name: [] for name in [*commands, "report"]}
    for mode in ("off", "empty", "warm"):
        monkeypatch.setenv("ACCORD_CACHE", "off" if mode == "off" else str(tmp_path / "cache"))
        monkeypatch.chdir(tmp_path)
        for name, args in commands.items():
            outputs[name].append(_run(args))
        outputs["report"].append(_report(scenario, tmp_path / f"report-{mode}.html"))
        if mode != "off":
            assert list(cache.folder().glob("*.json")), "the scenario was not cached"
    for name, (off, empty, warm) in outputs.items():
        assert off == empty, f"{name}: the first run with the cache on differs from the run without it"
        assert off == warm, f"{name}: the run from the warm cache differs from the run without it"


def test_an_event_without_a_month_is_judged_at_its_date_when_cached(tmp_path, monkeypatch):
    """The defect of the cache: a scenario rebuilt from it had every field set, and events were judged at month 0."""
    from accord.analyses.evidence import _as_claim
    from accord.scenario.loader import loads
    from accord.scenario.schema import Scenario

    parsed = loads(generated_with_record(), "generated.yaml")
    rebuilt = Scenario.model_validate_json(parsed.model_dump_json())  # what the cache stores and gives back
    assert parsed.evidence is not None and rebuilt.evidence is not None
    late = rebuilt.evidence.observations[1]
    assert late.month is None  # absent stays absent
    # 2024-01-01 to 2025-06-01 is 517 days: 517 / 30.4375 months
    assert _as_claim(rebuilt, late).month == pytest.approx(517 / 30.4375)
    assert _as_claim(parsed, parsed.evidence.observations[1]).month == pytest.approx(517 / 30.4375)


def test_no_analysis_reads_how_a_model_was_built():
    """'Absent' is None in the schema; nothing decides a meaning from pydantic's record of the fields set."""
    src = Path(__file__).resolve().parents[1] / "src" / "accord"
    offenders = [
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if re.search(r"model_fields_set|__pydantic_fields_set__|exclude_unset", p.read_text("utf-8"))
    ]
    assert offenders == []


def test_the_cache_key_follows_content_and_version(tmp_path, monkeypatch):
    """Editing the scenario, or another Accord version, misses the cache; the same text hits it."""
    import accord

    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    text = generated_with_record()
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    first = accord.load(path)
    assert cache.get(text) == first
    edited = text.replace("monthly_cost: 0.02", "monthly_cost: 0.03", 1)
    path.write_text(edited, encoding="utf-8")
    assert cache.get(edited) is None
    again = accord.load(path)
    assert again != first and cache.get(edited) == again
    cache._code.cache_clear()
    monkeypatch.setattr(accord, "__version__", "0.0.0-other")
    try:
        assert cache.get(edited) is None
    finally:
        cache._code.cache_clear()
