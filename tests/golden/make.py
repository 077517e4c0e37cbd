"""Golden outputs: every command's `--json` (and the report's text) on the built-in scenario and on two generated
scenarios, at small sample counts with fixed seeds and the scenario cache off.

They pin the answers while the analyses are reorganised (issue 22: "no change in answers"). Regenerate them only
when an answer is meant to change: `python -m tests.golden.make` (from the repository root).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VOLATILE = {"run", "seconds", "elapsed", "created", "timings", "wall", "cpu"}  # keys that differ run to run


def scenarios(folder: Path) -> dict[str, str]:
    """The built-in scenario and two generated ones (written into `folder`), by golden name."""
    from accord.model.generate import generate, to_yaml

    out = {"builtin": "ukraine-2025"}
    for name, data in (
        ("gen-factions", generate(3, 4, 3, factions=True, seed=5, strictness=0.2)),
        ("gen-plain", generate(4, 5, 3, seed=11, strictness=0.3)),
    ):
        # strategies and claims, so that simulate, claims and the findings have something to work on
        data["strategies"] = [
            {"id": "press", "levers": "both", "procedure": {"kind": "pressure"}},
            {"id": "text", "levers": "both", "procedure": {"kind": "single_text"}},
        ]
        issue = data["issues"][0]
        data["claims"] = [
            {"id": "zone_opens", "kind": "zone", "statement": "A zone opens.", "levers": "both"},
            {
                "id": "a1_takes_last",
                "kind": "accepts",
                "statement": "Actor 1 takes the last option.",
                "actor": "actor1",
                "options": {issue["id"]: issue["options"][-1]["id"]},
                "levers": "both",
            },
        ]
        path = folder / f"{name}.yaml"
        path.write_text(to_yaml(data), encoding="utf-8")
        out[name] = str(path)
    return out


def commands(name: str, path: str) -> Iterator[tuple[str, list[str]]]:
    """(label, arguments) of every command checked on a scenario."""
    first = {"builtin": "lieven_sequence"}.get(name, "press")
    package = {"builtin": "lieven_terms"}.get(name, "issue0=o2,issue1=o1")
    yield "run", ["run", path, "--samples", "20", "--json"]
    yield "evaluate", ["evaluate", path, "-p", package, "--json"]
    yield "evaluate-theory", ["evaluate", path, "-p", package, "-H", "all", "--months", "3", "--json"]
    yield "bargain", ["bargain", path, "--top", "5", "--json"]
    yield "bargain-none", ["bargain", path, "--levers", "none", "--months", "6", "--top", "5", "--json"]
    yield "leverage", ["leverage", path, "-n", "100", "--top", "3", "--no-store", "--json"]
    yield "explore", ["explore", path, "-n", "200", "--workers", "1", "--exact", "5", "--no-store", "--json"]
    yield "simulate", ["simulate", path, "-s", first, "--no-store", "--json"]
    yield "simulate-runs", ["simulate", path, "-s", first, "--runs", "20", "--seed", "3", "--no-store", "--json"]
    yield "claims", ["claims", path, "-n", "20", "--json"]
    yield "evidence", ["evidence", path, "-n", "50", "--json"]
    yield "voi", ["voi", path, "-n", "200", "--json"]
    yield "stability", ["stability", path, "--json"] if name == "builtin" else ["stability", path, "--derive", "--json"]
    yield "forecast", ["forecast", path, "--rounds", "3", "--json"]


def clean(data: Any, tmp: str) -> Any:
    """The output with what differs from run to run removed: timings, run ids, temporary paths."""
    if isinstance(data, dict):
        return {k: clean(v, tmp) for k, v in data.items() if k not in VOLATILE}
    if isinstance(data, list):
        return [clean(v, tmp) for v in data]
    if isinstance(data, str):
        return data.replace(tmp, "TMP")
    return data


def report_text(path: str) -> str:
    """The report's words and numbers (figures and markup removed), at a small sampling depth."""
    import accord
    from accord.present.report import Depth, build_report

    html = build_report(
        accord.load(path),
        depth=Depth(explore_samples=200, leverage_samples=50, sobol_base=16, simulate_runs=10, months=12),
    )
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text).strip()


def outputs(folder: Path, names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every golden output, computed now: {scenario: {command: cleaned JSON or {'exit': code, 'error': text}}}."""
    from typer.testing import CliRunner

    os.environ["ACCORD_CACHE"] = "off"
    runner = CliRunner()
    result: dict[str, dict[str, Any]] = {}
    here = os.getcwd()
    os.chdir(folder)  # commands that keep their results do so in this folder's run store, never the caller's
    try:
        return _outputs(folder, names, runner, result)
    finally:
        os.chdir(here)


def _outputs(
    folder: Path, names: list[str] | None, runner: Any, result: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    from accord.cli import app

    for name, path in scenarios(folder).items():
        if names is not None and name not in names:
            continue
        got: dict[str, Any] = {}
        for label, args in commands(name, path):
            r = runner.invoke(app, args)
            try:
                data = json.loads(r.stdout)
            except ValueError:
                data = {"exit": r.exit_code, "error": (r.stderr or r.stdout).strip().replace(str(folder), "TMP")}
            else:
                data = {"exit": r.exit_code, "json": clean(data, str(folder))}
            got[label] = data
        got["report"] = report_text(path).replace(str(folder), "TMP")
        result[name] = got
    return result


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for scenario, got in outputs(Path(tmp)).items():
            (HERE / f"{scenario}.json").write_text(
                json.dumps(got, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
            )
            print("wrote", HERE / f"{scenario}.json")
