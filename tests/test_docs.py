"""The docs: every example runs as written, and the generated pages cover the whole format and command line.

How examples are marked is said in `tests/docs_examples.py` (and in docs/development.md).
"""

from __future__ import annotations

import importlib.util
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from tests.docs_examples import blocks, run_page, runnable

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if "hooks" not in p.parts) + [ROOT / "benchmarks" / "README.md"]


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "hooks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, tmp_path: Path) -> None:
    """Every runnable example of the page runs as written, in order, in a fresh folder."""
    (tmp_path / "work").mkdir()
    run_page(str(page.relative_to(ROOT)), page.read_text(encoding="utf-8"), tmp_path / "work", tmp_path / "cache")


def test_the_docs_have_examples() -> None:
    """The tutorial and the methods carry runnable examples (a marking mistake would silently skip them)."""

    def commands(page: Path) -> int:
        return sum(
            1
            for b in runnable(page.read_text(encoding="utf-8"))
            if b.lang in ("sh", "python")
            for line in b.body.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )

    counts = {p.name: commands(p) for p in PAGES}
    assert counts["tutorial.md"] >= 25
    assert counts["commands.md"] >= 10 and counts["library.md"] >= 10
    assert counts["stability.md"] >= 5 and counts["forecast.md"] >= 5


def test_not_run_blocks_are_few_and_say_why() -> None:
    """Blocks marked not run are the install line and the benchmarks; each gives its reason."""
    marked = {p.name: [b for b in blocks(p.read_text(encoding="utf-8")) if b.not_run] for p in PAGES}
    assert sum(len(v) for v in marked.values()) <= 4, marked


def _fields(*roots: type[BaseModel]) -> dict[type[BaseModel], list[str]]:
    """Every model reachable from the roots and its YAML keys, found by walking the type hints."""
    seen: dict[type[BaseModel], list[str]] = {}
    todo = list(roots)
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen[cls] = [info.alias or name for name, info in cls.model_fields.items()]
        for hint in typing.get_type_hints(cls).values():
            stack = [hint]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                stack.extend(typing.get_args(t))
    return seen


def test_format_reference_lists_every_field() -> None:
    """Every model of the scenario and GMCR formats has a section, and every field a row in it."""
    from accord.scenario.gmcr import GmcrFile
    from accord.scenario.schema import Event, Scenario

    page = _generator().format_reference()
    sections = {s.split("\n", 1)[0]: s for s in page.split("\n## ")[1:]}
    models = _fields(Scenario, GmcrFile)
    assert Event in models and len(models) >= 30
    for cls, keys in models.items():
        assert cls.__name__ in sections, f"no section for {cls.__name__}"
        for key in keys:
            assert f"\n| `{key}` |" in sections[cls.__name__], f"{cls.__name__}.{key} missing from the format page"
    # a default and a description come through, e.g. the veto threshold
    row = next(r for r in sections["Scenario"].splitlines() if r.startswith("| `veto_threshold` |"))
    assert "number in [0, 1]" in row and "`0.5`" in row and "red lines bind" in row


def test_cli_reference_lists_every_command_and_option() -> None:
    """Every command of the typer app has a section, and every option and argument a row, with its help."""
    import typer.main

    from accord.cli import app

    page = _generator().cli_reference()
    root = typer.main.get_command(app)

    def walk(group, prefix):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                yield from walk(cmd, f"{prefix} {name}")
            else:
                yield f"{prefix} {name}", cmd

    commands = list(walk(root, "accord"))
    assert len(commands) >= 20
    for full, cmd in commands:
        assert f"\n## {full} {{#" in page, full
        section = page.split(f"\n## {full} {{#", 1)[1].split("\n## ", 1)[0]
        for p in cmd.params:
            first = p.opts[0] if p.opts[0].startswith("-") else p.name.upper()
            assert f"`{first}`" in section, f"{full}: {first} missing"
            if p.help:
                assert p.help.split("[")[0][:30] in section, f"{full}: help of {first} missing"
