"""A seeded mutation fuzzer over every input kind: scenarios, graph models (GMCR files), forecast CSVs,
command-line arguments, run-store files and the scenario cache. None may give a traceback, a hang, a non-finite
number, a null where a number is reported, or a refusal that names no place.

Each scenario mutation changes one thing in a valid scenario (the built-in one, or a small generated one): a
number becomes NaN, infinite, huge, negative, a quoted number or a string; a key is dropped; an id is duplicated
or a reference broken; a list is emptied; a value is nested deep. A share of the mutants is then changed as
text: a tag (core ones too), a merge key, a directive, a number of thousands of digits, a control character.
Every mutated file goes through `validate` and, if accepted, through `evaluate` and `bargain` (JSON). Graph
models go through `stability --json`, CSVs through `forecast --json`, damaged run stores through `runs` and
`explore --store`, damaged cache entries through `validate` (which must give the scenario of the file, never a
damaged entry's). A refusal names the file and, for YAML inputs, its line.

A few hundred mutants of each kind run with the suite. `ACCORD_FUZZ_N=2000` runs that many of each kind, and
`ACCORD_FUZZ_SEED` picks another seed (the suite's is 20261201); the counts are printed (pytest -s).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.model.generate import generate

SEED = int(os.environ.get("ACCORD_FUZZ_SEED", "20261201"))
FUZZ_N = int(os.environ.get("ACCORD_FUZZ_N", "0"))  # mutants per kind; 0: the suite's modest counts
BOUND = 30.0  # seconds a single command may take on a mutated input


def _count(default: int) -> int:
    """Mutants of one kind: ACCORD_FUZZ_N when set, else the suite's count (scaled by ACCORD_FUZZ_SCALE)."""
    return FUZZ_N if FUZZ_N > 0 else int(default * float(os.environ.get("ACCORD_FUZZ_SCALE", "1")))


VALUES: list[Any] = [
    ".nan",
    ".inf",
    "-.inf",
    1e308,
    -1e308,
    10**25,
    -1,
    0,
    "",
    None,
    [],
    {},
    "x" * 300,
    True,
    "<script>[/]:100:",
    1.5,
    "2025-13-45",
    "0.5",
    " 2 ",
    "1e999",
    1e13,
    5e-324,
    "\x00",
    "a\tb",
]


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
    fits = {
        "duplicate": isinstance(parent, list),
        "reference": isinstance(parent[key], str),
        "empty": isinstance(parent[key], (list, dict)),
    }
    if not fits.get(kind, True):
        kind = "value"
    if kind == "value":
        v = rng.choice(VALUES)
        parent[key] = (
            float("nan") if v == ".nan" else float("inf") if v == ".inf" else float("-inf") if v == "-.inf" else v
        )
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


TEXT_OPS = (
    "tag",
    "core tag",
    "merge key",
    "directive",
    "long integer",
    "long decimal",
    "quoted number",
    "control character",
    "huge decimal",
)


def mutate_text(text: str, rng: random.Random) -> tuple[str, str]:
    """One text-level change to a YAML file: the kinds of input a data mutation cannot write."""
    lines = text.splitlines()
    values = [k for k, line in enumerate(lines) if re.search(r":\s+\S", line) and not line.lstrip().startswith("#")]
    numbers = [k for k, line in enumerate(lines) if re.search(r":\s+-?\d+(\.\d+)?\s*$", line)]
    op = rng.choice(TEXT_OPS)
    if op in ("tag", "core tag") and values:
        k = rng.choice(values)
        tag = rng.choice(
            ["!x", "!!python/object:os.system", "!<tag:x>"]
            if op == "tag"
            else ["!!str", "!!null", "!!float", "!!int", "!!bool", "!!map", "!", "!!binary"]
        )
        lines[k] = re.sub(r":\s+", f": {tag} ", lines[k], count=1)
    elif op == "merge key" and values:
        k = rng.choice(values)
        indent = re.match(r"\s*(- )?", lines[k]).end()
        lines.insert(k + 1, " " * indent + "<<: {note: merged}")
    elif op == "directive":
        lines = [rng.choice(["%YAML 1.1", "%YAML 1.2", "%TAG !e! tag:example.com,2000:"]), "---", *lines]
    elif op in ("long integer", "long decimal", "quoted number", "huge decimal") and numbers:
        k = rng.choice(numbers)
        digits = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(rng.choice([31, 3400, 5000])))
        new = {
            "long integer": digits,
            "long decimal": "-" + digits[:4500] + ".5",
            "quoted number": f'"{rng.choice(["0.5", " 7 ", "1e3", "nan"])}"',
            "huge decimal": rng.choice(["1e308", "-1.7e308", "1e13", "123456789012345.5"]),
        }[op]
        lines[k] = re.sub(r":\s+-?\d+(\.\d+)?\s*$", f": {new}", lines[k])
    elif op == "control character" and lines:
        k = rng.randrange(len(lines))
        c = rng.randrange(len(lines[k]) + 1)
        lines[k] = lines[k][:c] + rng.choice(["\x00", "\x07", "\x1b", "\x7f", "\ufffe"]) + lines[k][c:]
    else:
        return text, "unchanged"
    return "\n".join(lines) + "\n", op


NUMERIC = {
    "p_deal",
    "forecast",
    "utility",
    "reservation",
    "margin",
    "median",
    "war_cost_mean",
    "lever_cost_mean",
    "nash_product",
    "cost",
}


def _nulls(node: Any, key: str = "") -> list[str]:
    """Keys of reported numbers that came out null."""
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _nulls(v, str(k))]
    if isinstance(node, list):
        return [x for v in node for x in _nulls(v, key)]
    return [key] if node is None and key in NUMERIC else []


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

    def check(self, what: str, args: list[str], place: str, line: bool = False) -> bool:
        """Run one command on one mutated input; True when it was accepted. A refusal must name `place` (and,
        with `line`, a line number after it), an acceptance print only finite numbers and no null where a
        number is reported (with --json), and neither may raise or take too long."""
        t = time.process_time()
        r, took = _run(args)
        cpu = time.process_time() - t
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            self.problems.append(f"{what}: {args[0]} raised {type(r.exception).__name__}: {str(r.exception)[:200]}")
            return False
        if took > BOUND:
            self.problems.append(f"{what}: {args[0]} took {took:.0f} s")
        if cpu > 60 and "of CPU" not in r.output:
            self.problems.append(f"{what}: {args[0]} ran {cpu:.0f} s of CPU without announcing it")
        if "Traceback" in r.output:
            self.problems.append(f"{what}: {args[0]} printed a traceback")
        if r.exit_code != 0:
            if place and place not in r.output:
                self.problems.append(f"{what}: {args[0]}'s refusal names no place: {r.output[:200]}")
            elif (
                place
                and line
                and not re.search(re.escape(place) + r":\d+", r.output)
                and "over the limit" not in r.output
            ):
                self.problems.append(f"{what}: {args[0]}'s refusal names no line: {r.output[:200]}")
            return False
        if "--json" in args:
            if not _finite(r.stdout):
                self.problems.append(f"{what}: {args[0]} printed a non-finite number")
            else:
                nulls = _nulls(json.loads(r.stdout)) if r.stdout.strip() else []
                if nulls:
                    self.problems.append(f"{what}: {args[0]} reported null for {sorted(set(nulls))}")
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
    return [("generated", small, _count(150)), ("built-in", builtin, _count(60))]


@pytest.mark.parametrize("name, data, count", _sources(), ids=["generated", "built-in"])
def test_mutated_scenarios_never_crash(name: str, data: dict, count: int, tmp_path: Path) -> None:
    rng = random.Random(SEED + count)
    tally = Tally()
    for k in range(count):
        mutated, what = mutate(data, rng)
        path = tmp_path / f"m{k}.yaml"
        if not _write_yaml(path, mutated):
            continue
        if rng.random() < 0.3:
            text, op = mutate_text(path.read_text(encoding="utf-8"), rng)
            path.write_text(text, encoding="utf-8")
            what += f"; {op}"
        if not tally.check(what, ["validate", str(path)], path.name, line=True):
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

    out = []
    for case, count in (("cuban-missile-crisis", 80), ("elmira", 40)):
        _, m, _ = load_model(case)
        out.append((case, {"gmcr": 1, "model": m.model_dump(mode="json", exclude_defaults=True)}, _count(count)))
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
            if rng.random() < 0.3:
                text, op = mutate_text(path.read_text(encoding="utf-8"), rng)
                path.write_text(text, encoding="utf-8")
                what += f"; {op}"
            ok = tally.check(what, ["stability", str(path), "--json"], path.name, line=True)
            tally.counts["accepted" if ok else "refused (located)"] += 1
    tally.report(name, count)


def mutate_csv(text: str, rng: random.Random) -> tuple[str, str]:
    """One random change to a CSV in the BDM layout: a cell, a row or a column."""
    rows = [line.split(",") for line in text.strip().splitlines()]
    kind = rng.choice(
        [
            "cell",
            "cell",
            "cell",
            "drop row",
            "duplicate row",
            "drop column",
            "extra column",
            "header",
            "empty",
            "zero column",
        ]
    )
    r = rng.randrange(len(rows))
    if kind == "cell":
        c = rng.randrange(len(rows[r]))
        rows[r][c] = str(
            rng.choice(
                [
                    "nan",
                    "inf",
                    "-inf",
                    "1e308",
                    "-1",
                    "0",
                    "",
                    "x",
                    "1e999",
                    "99999999999999999999",
                    '"',
                    "  7 ",
                    "1,5",
                    "-1e308",
                    "5e-324",
                    "1e15",
                    "\x00",
                    "9" * 5000,
                    "y" * rng.choice([20_000, 140_000]),
                    '"' + "z" * 140_000 + '"',
                ]
            )
        )
    elif kind == "drop row" and len(rows) > 1:
        rows.pop(r)
    elif kind == "duplicate row":
        rows.append(list(rows[r]))
    elif kind == "drop column":
        c = rng.randrange(len(rows[0]))
        rows = [x[:c] + x[c + 1 :] for x in rows]
    elif kind == "extra column":
        rows = [x + ["1"] for x in rows]
    elif kind == "header":
        rows[0][rng.randrange(len(rows[0]))] = "bogus"
    elif kind == "zero column":
        c = rng.choice([1, 3])
        rows = [rows[0]] + [x[:c] + ["0"] + x[c + 1 :] for x in rows[1:]]
    else:
        rows = rows[:1]
    return "\n".join(",".join(x) for x in rows) + "\n", kind


def test_mutated_forecast_csvs_never_crash(tmp_path: Path) -> None:
    """Mutated BDM-layout CSVs through `accord forecast --json`: a located refusal or finite output, in time."""
    base = CliRunner().invoke(app, ["example", "ec-emissions"]).stdout
    count = _count(100)
    rng = random.Random(SEED + 3)
    tally = Tally()
    for k in range(count):
        text, what = mutate_csv(base, rng)
        path = tmp_path / f"f{k}.csv"
        path.write_text(text, encoding="utf-8")
        ok = tally.check(what, ["forecast", str(path), "--json"], path.name)
        tally.counts["accepted" if ok else "refused (located)"] += 1
    tally.report("forecast CSV", count)


ARG_VALUES = [
    "@",
    "+",
    "",
    ",",
    "=",
    "[/]x",
    "[bold]",
    "nan",
    "inf",
    "-1",
    "0",
    "1e999",
    "9" * 5000,
    "i1=x,i1=y",
    "i1=x",
    "i1=z",
    "none@none",
    "x@",
    "@y",
    "a+b",
    "moe+",
    "..",
    "/dev/null",
    "\x07",
    "é",
    "-",
    "--json",
]
COMMANDS: list[tuple[list[str], list[str]]] = [
    (["validate", "{s}"], []),
    (["evaluate", "{s}"], ["-p", "-l", "-H", "--months"]),
    (["bargain", "{s}", "--json"], ["-l", "-H", "--months", "--top", "--method"]),
    (
        ["stability", "elmira", "--json"],
        ["-s", "-c", "--partition", "--from", "--horizon", "--inverse", "--sim", "--sanctions", "--max-states"],
    ),
    (["forecast", "{s}", "--json"], ["-i", "--rounds", "--variant", "--voting", "--win", "--q", "--seed"]),
    (["explore", "{s}", "-n", "20", "--workers", "1", "--store", "{store}"], ["-s", "--method", "--seed", "--exact"]),
    (["simulate", "{s}", "--store", "{store}"], ["-s", "--months", "--runs"]),
    (["runs", "show"], []),
    (["runs", "list", "--store"], []),
    (["example"], []),
    (["assumptions", "{s}"], []),
]


def test_mutated_command_lines_never_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random option values (empty, markup, huge numbers, repeated issues, bare separators) on every command:
    a clear refusal (exit 1, or 2 for a usage error) or a result, never a traceback."""
    from tests.conftest import TWO_BY_TWO

    monkeypatch.chdir(tmp_path)  # a store or output named by a random value lands here, not in the checkout

    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        TWO_BY_TWO.replace("  - {id: i2", "  - {id: i2, ordered: true").replace(
            "  - {id: i1", "  - {id: i1, ordered: true"
        ),
        encoding="utf-8",
    )
    store = tmp_path / "runs.sqlite"
    rng = random.Random(SEED + 11)
    tally = Tally()
    count = _count(150)
    for _ in range(count):
        base, options = rng.choice(COMMANDS)
        args = [a.format(s=scenario, store=store) for a in base]
        for _ in range(rng.randint(1, 2)):
            value = rng.choice(ARG_VALUES)
            args += [rng.choice(options), value] if options else [value]
        t = time.perf_counter()
        r = CliRunner().invoke(app, args)
        what = " ".join(a[:30] for a in args)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            tally.problems.append(f"{what}: raised {type(r.exception).__name__}: {str(r.exception)[:200]}")
        elif r.exit_code not in (0, 1, 2):
            tally.problems.append(f"{what}: exit status {r.exit_code}")
        elif r.exit_code == 1 and "error" not in r.output:
            tally.problems.append(f"{what}: exit 1 without an error line: {r.output[:200]}")
        if time.perf_counter() - t > BOUND:
            tally.problems.append(f"{what}: took {time.perf_counter() - t:.0f} s")
        tally.counts["accepted" if r.exit_code == 0 else "refused (located)"] += 1
    tally.report("command lines", count)


STORE_OPS = (
    "page garbage",
    "header garbage",
    "random bytes",
    "truncate",
    "bad json",
    "rename table",
    "drop column",
    "foreign",
    "text",
    "empty",
    "wrong types",
    "bad array",
    "flip bytes",
)


def damage_store(good: Path, path: Path, rng: random.Random) -> str:
    """A copy of a good store, damaged one way."""
    shutil.copy(good, path)
    op = rng.choice(STORE_OPS)
    data = bytearray(path.read_bytes())

    def sql(*statements: str) -> None:
        with closing(sqlite3.connect(path)) as db, db:
            for st in statements:
                db.execute(st)

    if op == "page garbage":
        a = rng.randrange(1, max(2, len(data) // 4096)) * 4096
        data[a : a + 4096] = rng.randbytes(4096)
    elif op == "header garbage":
        data[0:100] = rng.randbytes(100)
    elif op == "random bytes":
        data = bytearray(rng.randbytes(rng.choice([10, 4096, 20000])))
    elif op == "truncate":
        data = data[: rng.randrange(len(data))]
    elif op == "flip bytes":
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif op == "text":
        data = bytearray(b"not a database\n")
    elif op == "empty":
        data = bytearray()
    if op in ("bad json", "rename table", "drop column", "foreign", "wrong types", "bad array"):
        {
            "bad json": lambda: sql(f"UPDATE runs SET {rng.choice(['summary', 'options', 'versions'])}='{{bad'"),
            "rename table": lambda: sql(f"ALTER TABLE {rng.choice(['runs', 'owners', 'arrays'])} RENAME TO old"),
            "drop column": lambda: sql(f"ALTER TABLE runs DROP COLUMN {rng.choice(['seconds', 'summary', 'seed'])}"),
            "foreign": lambda: (path.unlink(), sql("CREATE TABLE runs (x)", "INSERT INTO runs VALUES (1)")),
            "wrong types": lambda: sql("UPDATE runs SET created='x', seed='y', seconds=X'00', versions='[1]'"),
            "bad array": lambda: sql("UPDATE arrays SET dtype='zz', shape='[99]', data=X'00'"),
        }[op]()
    else:
        path.write_bytes(bytes(data))
    return op


def test_damaged_run_stores_never_crash(tmp_path: Path) -> None:
    """Damaged, foreign or emptied stores through `runs list/show/compare` and `explore --store`: the runs or
    one line naming the store and what to do, never a traceback."""
    from tests.conftest import TWO_BY_TWO

    scenario = tmp_path / "s.yaml"
    scenario.write_text(TWO_BY_TWO, encoding="utf-8")
    good = tmp_path / "good.sqlite"
    for _ in range(2):
        CliRunner().invoke(app, ["explore", str(scenario), "-n", "20", "--workers", "1", "--store", str(good)])
    from accord.runs import RunStore

    ids = [r.id for r in RunStore(good).list()]
    rng = random.Random(SEED + 13)
    tally = Tally()
    count = _count(60)
    for k in range(count):
        path = tmp_path / f"d{k}.sqlite"
        op = damage_store(good, path, rng)
        args = rng.choice(
            [
                ["runs", "list"],
                ["runs", "show", ids[0]],
                ["runs", "compare", *ids],
                ["explore", str(scenario), "-n", "20", "--workers", "1"],
            ]
        ) + ["--store", str(path)]
        r = CliRunner().invoke(app, args)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            tally.problems.append(f"{op}: {args[:2]} raised {type(r.exception).__name__}: {str(r.exception)[:200]}")
        elif r.exit_code == 1 and not (
            "run store" in r.output and str(path) in " ".join(r.output.split()) or "no run matching" in r.output
        ):
            tally.problems.append(f"{op}: {args[:2]} refusal names no store: {r.output[:300]}")
        tally.counts["accepted" if r.exit_code == 0 else "refused (located)"] += 1
        path.unlink(missing_ok=True)
    tally.report("run stores", count)


CACHE_OPS = ("truncate", "random bytes", "not json", "wrong type", "other scenario", "empty", "folder", "huge number")


def test_damaged_cache_entries_are_never_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged cache entry is dropped and the file parsed afresh: `validate` and `bargain` give the file's own
    scenario and results, never a traceback."""
    from accord.scenario import cache
    from tests.conftest import FACTIONS, TWO_BY_TWO

    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    scenario = tmp_path / "s.yaml"
    scenario.write_text(TWO_BY_TWO, encoding="utf-8")
    expected = accord.loads(TWO_BY_TWO, "s.yaml")
    other = accord.loads(FACTIONS, "f.yaml").model_dump_json()
    rng = random.Random(SEED + 17)
    tally = Tally()
    count = _count(60)
    for _ in range(count):
        accord.load(scenario)  # the entry exists
        entry = cache._path(TWO_BY_TWO)
        data = entry.read_bytes()
        op = rng.choice(CACHE_OPS)
        if op == "folder":
            entry.unlink()
            entry.mkdir()
        else:
            entry.write_bytes(
                {
                    "truncate": lambda data=data: data[: rng.randrange(len(data))],
                    "random bytes": lambda: rng.randbytes(200),
                    "not json": lambda: b"{bad",
                    "wrong type": lambda data=data: data.replace(b'"base":0.3', b'"base":"0.3"'),
                    "other scenario": lambda: other.encode(),
                    "empty": lambda: b"",
                    "huge number": lambda data=data: data.replace(b'"base":0.3', b'"base":' + b"9" * 5000),
                }[op]()
            )
        r = CliRunner().invoke(app, ["bargain", str(scenario), "--json"])
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            tally.problems.append(f"{op}: raised {type(r.exception).__name__}: {str(r.exception)[:200]}")
        elif r.exit_code != 0 or not _finite(r.stdout):
            tally.problems.append(f"{op}: bargain failed or printed a non-finite number: {r.output[:200]}")
        elif accord.load(scenario) != expected:
            tally.problems.append(f"{op}: the scenario differs from the file's own (a damaged entry was trusted)")
        tally.counts["accepted"] += 1
        if entry.is_dir():
            entry.rmdir()
    tally.report("cache entries", count)
