"""A seeded mutation fuzzer: mutated scenarios, graph models (GMCR files) and forecast CSVs never give a
traceback, a hang or non-finite numbers.

Each mutation changes one thing in a valid scenario (the built-in one, or a small generated one): a number
becomes NaN, infinite, huge, negative or a string; a key is dropped; an id is duplicated or a reference
broken; a list is emptied; a value is nested deep. Every mutated file then goes through `validate` and, if
accepted, through `evaluate` and `bargain` (JSON). For every input: the command exits 0 or 1 (never an
uncaught exception), a refusal names a place (file:line or a key path), an accepted input gives finite
numbers, and each run ends within a time bound. The counts are printed. A few hundred mutations run with the
suite; `ACCORD_FUZZ_SCALE=17` runs about 2,000 of each kind (graph models: `stability --json`; CSVs:
`forecast --json`).
"""

from __future__ import annotations

import copy
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.model.generate import generate

SEED = 20261201
BOUND = 30.0  # seconds a single command may take on a mutated input
VALUES: list[Any] = [".nan", ".inf", "-.inf", 1e308, -1e308, 10 ** 25, -1, 0, "", None, [], {}, "x" * 300, True,
                     "<script>[/]:100:", 1.5, "2025-13-45"]


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _get(node: Any, path: tuple) -> Any:
    for k in path:
        node = node[k]
    return node


def mutate(data: dict, rng: random.Random) -> tuple[dict, str]:
    """One random change to a copy of `data`, and what it was."""
    d = copy.deepcopy(data)
    paths = [p for p in _paths(d) if p]
    p = rng.choice(paths)
    parent, key = _get(d, p[:-1]), p[-1]
    kind = rng.choice(["value", "value", "value", "drop", "duplicate", "reference", "empty", "nest"])
    fits = {"duplicate": isinstance(parent, list), "reference": isinstance(parent[key], str),
            "empty": isinstance(parent[key], (list, dict))}
    if not fits.get(kind, True):
        kind = "value"
    if kind == "value":
        v = rng.choice(VALUES)
        parent[key] = float("nan") if v == ".nan" else float("inf") if v == ".inf" else \
            float("-inf") if v == "-.inf" else v
    elif kind == "drop":
        if isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    elif kind == "duplicate":
        parent.append(copy.deepcopy(parent[key]))
    elif kind == "reference":
        parent[key] = parent[key] + "_unknown"
    elif kind == "empty":
        parent[key] = type(parent[key])()
    else:
        nested: Any = 1
        for _ in range(rng.choice([40, 200])):
            nested = [nested]
        parent[key] = nested
    return d, f"{kind} at {'.'.join(map(str, p))}"


def _finite(text: str) -> bool:
    def bad(_: str) -> float:
        raise ValueError("non-finite number in output")

    try:
        json.loads(text, parse_constant=bad)
    except ValueError:
        return False
    return True


def _run(args: list[str]) -> tuple[Any, float]:
    t = time.perf_counter()
    r = CliRunner().invoke(app, args)
    return r, time.perf_counter() - t


class Tally:
    """Counts of refused and accepted inputs, and the problems found."""

    def __init__(self) -> None:
        self.counts = {"refused (located)": 0, "accepted": 0}
        self.problems: list[str] = []

    def check(self, what: str, args: list[str], place: str) -> bool:
        """Run one command on one mutated input; True when it was accepted. A refusal must name `place`, an
        acceptance print only finite numbers (with --json), and neither may raise or take too long."""
        r, took = _run(args)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            self.problems.append(f"{what}: {args[0]} raised {type(r.exception).__name__}: {r.exception}")
            return False
        if took > BOUND:
            self.problems.append(f"{what}: {args[0]} took {took:.0f} s")
        if r.exit_code != 0:
            if place and place not in r.output:
                self.problems.append(f"{what}: {args[0]}'s refusal names no place: {r.output[:200]}")
            return False
        if "--json" in args and not _finite(r.stdout):
            self.problems.append(f"{what}: {args[0]} printed a non-finite number")
        return True

    def report(self, name: str, count: int) -> None:
        print(f"\n{name}: {count} mutations: {self.counts}; problems: {len(self.problems)}")
        assert self.problems == [], "\n".join(self.problems[:20])


def _write_yaml(path: Path, data: dict) -> bool:
    try:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    except (yaml.YAMLError, RecursionError):
        return False
    return True


def _sources() -> list[tuple[str, dict, int]]:
    small = generate(3, 4, 3, factions=True, seed=5, strictness=0.2)
    builtin = accord.load().model_dump(mode="json", exclude_defaults=True)  # plain data (YAML 1.1 reads `on:` as true)
    scale = float(os.environ.get("ACCORD_FUZZ_SCALE", "1"))  # e.g. 15 for about 2,000 mutations of each
    return [("generated", small, int(150 * scale)), ("built-in", builtin, int(60 * scale))]


@pytest.mark.parametrize("name, data, count", _sources(), ids=["generated", "built-in"])
def test_mutated_scenarios_never_crash(name: str, data: dict, count: int, tmp_path: Path) -> None:
    rng = random.Random(SEED + count)
    tally = Tally()
    for k in range(count):
        mutated, what = mutate(data, rng)
        path = tmp_path / f"m{k}.yaml"
        if not _write_yaml(path, mutated):
            continue
        if not tally.check(what, ["validate", str(path)], path.name):
            tally.counts["refused (located)"] += 1
            continue
        tally.counts["accepted"] += 1
        tally.check(what, ["bargain", str(path), "--json"], "")
        packages = mutated.get("packages") or []
        if packages and isinstance(packages[0], dict) and packages[0].get("id"):
            tally.check(what, ["evaluate", str(path), "-p", str(packages[0]["id"]), "--json"], "")
    tally.report(name, count)


def _gmcr_sources() -> list[tuple[str, dict, int]]:
    from accord.stability.io import load_model

    scale = float(os.environ.get("ACCORD_FUZZ_SCALE", "1"))
    out = []
    for case, count in (("cuban-missile-crisis", 80), ("elmira", 40)):
        _, m, _ = load_model(case)
        out.append((case, {"gmcr": 1, "model": m.model_dump(mode="json", exclude_defaults=True)}, int(count * scale)))
    return out


@pytest.mark.parametrize("name, data, count", _gmcr_sources(), ids=["gmcr-option-form", "gmcr-graph-form"])
def test_mutated_graph_models_never_crash(name: str, data: dict, count: int, tmp_path: Path) -> None:
    """Mutated GMCR files through `accord stability --json`: a located refusal or finite output, in time."""
    rng = random.Random(SEED + 7 * count)
    tally = Tally()
    for k in range(count):
        mutated, what = mutate(data, rng)
        path = tmp_path / f"g{k}.yaml"
        if _write_yaml(path, mutated):
            ok = tally.check(what, ["stability", str(path), "--json"], path.name)
            tally.counts["accepted" if ok else "refused (located)"] += 1
    tally.report(name, count)


def mutate_csv(text: str, rng: random.Random) -> tuple[str, str]:
    """One random change to a CSV in the BDM layout: a cell, a row or a column."""
    rows = [line.split(",") for line in text.strip().splitlines()]
    kind = rng.choice(["cell", "cell", "cell", "drop row", "duplicate row", "drop column", "extra column",
                       "header", "empty"])
    r = rng.randrange(len(rows))
    if kind == "cell":
        c = rng.randrange(len(rows[r]))
        rows[r][c] = str(rng.choice(["nan", "inf", "-inf", "1e308", "-1", "0", "", "x", "1e999", "99999999999999999999",
                                     '"', "  7 ", "1,5"]))
    elif kind == "drop row" and len(rows) > 1:
        rows.pop(r)
    elif kind == "duplicate row":
        rows.append(list(rows[r]))
    elif kind == "drop column":
        c = rng.randrange(len(rows[0]))
        rows = [x[:c] + x[c + 1:] for x in rows]
    elif kind == "extra column":
        rows = [x + ["1"] for x in rows]
    elif kind == "header":
        rows[0][rng.randrange(len(rows[0]))] = "bogus"
    else:
        rows = rows[:1]
    return "\n".join(",".join(x) for x in rows) + "\n", kind


def test_mutated_forecast_csvs_never_crash(tmp_path: Path) -> None:
    """Mutated BDM-layout CSVs through `accord forecast --json`: a located refusal or finite output, in time."""
    base = CliRunner().invoke(app, ["example", "ec-emissions"]).stdout
    count = int(100 * float(os.environ.get("ACCORD_FUZZ_SCALE", "1")))
    rng = random.Random(SEED + 3)
    tally = Tally()
    for k in range(count):
        text, what = mutate_csv(base, rng)
        path = tmp_path / f"f{k}.csv"
        path.write_text(text, encoding="utf-8")
        ok = tally.check(what, ["forecast", str(path), "--json"], path.name)
        tally.counts["accepted" if ok else "refused (located)"] += 1
    tally.report("forecast CSV", count)
