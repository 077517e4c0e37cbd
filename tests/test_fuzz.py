"""A seeded mutation fuzzer: mutated scenarios never give a traceback, a hang or non-finite numbers.

Each mutation changes one thing in a valid scenario (the built-in one, or a small generated one): a number
becomes NaN, infinite, huge, negative or a string; a key is dropped; an id is duplicated or a reference
broken; a list is emptied; a value is nested deep. Every mutated file then goes through `validate` and, if
accepted, through `evaluate` and `bargain` (JSON). For every input: the command exits 0 or 1 (never an
uncaught exception), a refusal names a place (file:line or a key path), an accepted input gives finite
numbers, and each run ends within a time bound. The counts are printed. A few hundred mutations run with the
suite; `ACCORD_FUZZ_SCALE=15` runs about 2,000 of each kind.
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


def _sources() -> list[tuple[str, dict, int]]:
    small = generate(3, 4, 3, factions=True, seed=5, strictness=0.2)
    builtin = accord.load().model_dump(mode="json", exclude_defaults=True)  # plain data (YAML 1.1 reads `on:` as true)
    scale = float(os.environ.get("ACCORD_FUZZ_SCALE", "1"))  # e.g. 15 for about 2,000 mutations of each
    return [("generated", small, int(150 * scale)), ("built-in", builtin, int(60 * scale))]


@pytest.mark.parametrize("name, data, count", _sources(), ids=["generated", "built-in"])
def test_mutated_scenarios_never_crash(name: str, data: dict, count: int, tmp_path: Path) -> None:
    rng = random.Random(SEED + count)
    counts = {"refused (located)": 0, "accepted": 0}
    problems = []
    for k in range(count):
        mutated, what = mutate(data, rng)
        path = tmp_path / f"m{k}.yaml"
        try:
            path.write_text(yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True), encoding="utf-8")
        except (yaml.YAMLError, RecursionError):
            continue
        r, took = _run(["validate", str(path)])
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            problems.append(f"{what}: validate raised {type(r.exception).__name__}: {r.exception}")
            continue
        if took > BOUND:
            problems.append(f"{what}: validate took {took:.0f} s")
        if r.exit_code != 0:
            counts["refused (located)"] += 1
            if f"m{k}.yaml" not in r.output:
                problems.append(f"{what}: refusal names no place: {r.output[:200]}")
            continue
        counts["accepted"] += 1
        commands = [["bargain", str(path), "--json"]]
        packages = mutated.get("packages") or []
        if packages and isinstance(packages[0], dict) and packages[0].get("id"):
            commands.append(["evaluate", str(path), "-p", str(packages[0]["id"]), "--json"])
        for cmd in commands:
            r, took = _run(cmd)
            if r.exception is not None and not isinstance(r.exception, SystemExit):
                problems.append(f"{what}: {cmd[0]} raised {type(r.exception).__name__}: {r.exception}")
            elif took > BOUND:
                problems.append(f"{what}: {cmd[0]} took {took:.0f} s")
            elif r.exit_code == 0 and not _finite(r.stdout):
                problems.append(f"{what}: {cmd[0]} printed a non-finite number")
    print(f"\n{name}: {count} mutations: {counts}; problems: {len(problems)}")
    assert problems == [], "\n".join(problems[:20])
