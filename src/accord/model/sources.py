"""Traceability: check that every quote in a scenario occurs in the source text it cites.

Matching ignores differences of white space and of quote marks (curly or straight,
single or double, guillemets), so a quote copied from a web page still matches the
plain-text file; everything else must match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.scenario.schema import Scenario

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with quote marks made straight and runs of white space made one space."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class QuoteCheck:
    """One quote and whether it was found in its source."""

    path: str
    source: str
    quote: str
    found: bool
    problem: str | None = None
    unchecked: bool = False  # its source is flagged `from_memory`: listed, neither passed nor failed


def quotes(scenario: Scenario) -> Iterator[tuple[str, str, str]]:
    """Every (element path, source id, quote) in a scenario; paths use ids where elements have them."""
    yield from _walk(scenario.model_dump(exclude={"evidence": {"events"}}), "")  # (version 1 name, same items)


def _walk(node: Any, path: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        if node.get("quote"):
            yield path or "(top)", str(node.get("source") or ""), str(node["quote"])
        for k, v in node.items():
            yield from _walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            key = v["id"] if isinstance(v, dict) and "id" in v else i
            yield from _walk(v, f"{path}.{key}")


def check_quotes(scenario: Scenario, texts: Path) -> list[QuoteCheck]:
    """Check every quote against the text file of its source (`sources[].file`, looked up in `texts`); quotes
    citing a source flagged `from_memory` are listed as unchecked (`unchecked=True`), never as failures."""
    files: dict[str, str | None] = {}
    problems: dict[str, str] = {}
    memory = {src.id for src in scenario.sources if src.from_memory}
    for src in scenario.sources:
        if src.from_memory:
            continue
        if not src.file:
            problems[src.id] = f"source {src.id!r} names no `file`; add the file name of its text"
            continue
        f = texts / Path(src.file).name
        try:
            files[src.id] = normalise(f.read_text(encoding="utf-8"))
        except OSError as exc:
            problems[src.id] = f"cannot read {f}: {exc.strerror or exc}"
    out = []
    for path, source, quote in quotes(scenario):
        if source in memory:
            out.append(
                QuoteCheck(
                    path,
                    source,
                    quote,
                    False,
                    "written from memory or a summary (the source is `from_memory`): not checked against a text",
                    unchecked=True,
                )
            )
        elif source in problems:
            out.append(QuoteCheck(path, source, quote, False, problems[source]))
        elif source not in files:
            out.append(QuoteCheck(path, source, quote, False, f"unknown source {source!r}"))
        else:
            found = normalise(quote) in (files[source] or "")
            out.append(QuoteCheck(path, source, quote, found, None if found else "quote not found in the text"))
    return out
