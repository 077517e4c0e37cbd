"""Reading scenario files safely: size limit, no aliases, no tags, every error located.

Scenario files are untrusted. They are parsed as YAML 1.2 data only: no object
construction, no anchors or aliases (which can blow up memory when walked), no custom
tags, and nothing over `MAX_BYTES`. Every error names file, line, column and key path.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
import stat
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from accord.errors import Problem, ScenarioError
from accord.scenario.checks import check_scenario
from accord.scenario.paths import format_path
from accord.scenario.schema import Scenario

MAX_BYTES = 4 * 1024 * 1024
"""Largest scenario file accepted (4 MiB): ten times the biggest realistic scenario."""

BUILTIN = "ukraine-2025"


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with Accord."""
    files = resources.files("accord.data").iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def builtin_path(name: str = BUILTIN) -> Path:
    """Path of a shipped scenario file."""
    ref = resources.files("accord.data") / f"{name}.yaml"
    return Path(str(ref))


def resolve(path_or_name: str | Path | None) -> Path:
    """A file path for a scenario given as a path, a built-in name, or nothing (the default)."""
    if path_or_name is None:
        return builtin_path(BUILTIN)
    p = Path(path_or_name)
    if not p.exists() and str(path_or_name) in builtin_names():
        return builtin_path(str(path_or_name))
    return p


def load(path_or_name: str | Path | None = None) -> Scenario:
    """Load and fully validate a scenario (a file path or a built-in name; default: ukraine-2025)."""
    from accord.scenario import cache

    name = str(path_or_name) if path_or_name is not None else BUILTIN
    text = read_text(resolve(path_or_name), name)
    hit = cache.get(text)
    if hit is not None:
        return hit
    scenario = loads(text, name)
    cache.put(text, scenario)
    return scenario


def read_text(path: Path, name: str) -> str:
    """The UTF-8 text of an input file, refusing directories, devices, pipes, unreadable, oversized and non-UTF-8
    files (read with a byte limit, so a device or a growing file cannot exhaust memory)."""

    def refuse(why: str) -> ScenarioError:
        return ScenarioError([Problem(name, None, None, "", why)])

    try:
        st = path.stat()
    except OSError as exc:
        raise refuse(
            f"cannot read the file: {exc.strerror or exc}. Give a scenario file path or one of: "
            f"{', '.join(builtin_names())}"
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise refuse("is a folder, not a file; give the scenario file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise refuse("is not a regular file (a device, pipe or socket); save the scenario to a file first")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}; check its permissions") from None
    if len(data) > MAX_BYTES:
        raise refuse(
            f"file is over the limit: the limit is {MAX_BYTES:,} bytes. Split the scenario or remove unused material"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8") from None


def loads(text: str, filename: str = "<string>") -> Scenario:
    """Parse and validate scenario text; `filename` is used in error messages."""
    doc = parse_document(text, filename)
    if not isinstance(doc, dict):
        raise ScenarioError(
            [
                Problem(
                    filename,
                    1,
                    1,
                    "",
                    "a scenario must be a YAML mapping with keys such as accord, meta, actors, issues",
                )
            ]
        )
    try:
        scenario = validate(doc, filename, Scenario)
    except ScenarioError as exc:
        # report the semantic problems too, where the structure allows: on the document without the list items
        # that failed (their ids left out of the messages, their neighbours' places mapped back)
        raise ScenarioError(exc.problems + _semantics_despite(doc, filename)) from None
    problems = [locate(doc, filename, loc, msg) for loc, msg in check_scenario(scenario)]
    if problems:
        raise ScenarioError(problems)
    return scenario


def _semantics_despite(doc: Any, filename: str, tries: int = 6) -> list[Problem]:
    """The semantic problems of a document whose structure fails only inside top-level list items (an actor, an
    issue, a lever...): those items are set aside and the rest checked. Problems that name a set-aside item's id
    are left out (its absence would cause them). Empty when the structure does not allow it."""
    plain = _plain(doc)
    if not isinstance(plain, dict):
        return []
    removed: dict[str, set[int]] = {}
    kept: dict[str, list[int]] = {}
    model = None
    for _ in range(tries):
        kept = {
            k: [i for i in range(len(v)) if i not in removed.get(k, set())]
            for k, v in plain.items()
            if isinstance(v, list)
        }
        data = {k: [plain[k][i] for i in kept[k]] if k in removed else v for k, v in plain.items()}
        try:
            model = Scenario.model_validate(data)
            break
        except ValidationError as exc:
            for e in exc.errors():
                loc = e["loc"]
                if len(loc) < 2 or not isinstance(loc[0], str) or not isinstance(loc[1], int) or loc[0] not in kept:
                    return []
                removed.setdefault(loc[0], set()).add(kept[loc[0]][loc[1]])
    if model is None:
        return []
    gone = {
        str(plain[k][i]["id"])
        for k, idx in removed.items()
        for i in idx
        if isinstance(plain[k][i], dict) and "id" in plain[k][i]
    }
    out = []
    try:
        found = check_scenario(model)
    except (ValueError, KeyError, IndexError, TypeError):  # a set-aside item the checks needed: report structure only
        return []
    for loc, msg in found:
        if any(f"'{g}'" in msg or f'"{g}"' in msg for g in gone):
            continue
        if len(loc) >= 2 and loc[0] in removed and isinstance(loc[1], int):
            loc = (loc[0], kept[loc[0]][loc[1]], *loc[2:])
        out.append(locate(doc, filename, loc, msg))
    return out


M = TypeVar("M", bound=BaseModel)


def parse_document(text: str, filename: str) -> Any:
    """Safely parse untrusted YAML text (size limit, no aliases, no tags) into round-trip nodes."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScenarioError([Problem(filename, None, None, "", f"text exceeds the {MAX_BYTES:,}-byte limit")])
    return _parse(text, filename)


MAX_DEPTH = 32
"""Deepest nesting of mappings and lists a scenario file may have (the format needs about eight)."""
MAX_INT = 10**12
"""Largest number a scenario file may hold (integers and decimals; larger ones are typing errors, and products
of such numbers over months and samples stay finite)."""


def _bad_numbers(doc: Any, filename: str) -> list[Problem]:
    """Every number that is not finite, or an integer beyond MAX_INT, located at its line and column."""
    out: list[Problem] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(doc, ())]
    while stack:
        node, loc = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            here = (*loc, key)
            if isinstance(value, (dict, list)):
                stack.append((value, here))
            elif isinstance(value, float) and not math.isfinite(value):
                out.append(
                    locate(
                        doc,
                        filename,
                        here,
                        f"{value} is not a finite number; give a number (NaN and infinities are refused)",
                    )
                )
            elif isinstance(value, float) and abs(value) > MAX_INT:
                out.append(
                    locate(
                        doc,
                        filename,
                        here,
                        f"{value:g} is beyond the largest number accepted "
                        f"(+-{MAX_INT:g}); numbers that large overflow when "
                        "combined (give smaller units)",
                    )
                )
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
                out.append(
                    locate(
                        doc, filename, here, f"{_short(value, 16)} is beyond the largest integer accepted ({MAX_INT:,})"
                    )
                )
    return out


def validate(doc: Any, filename: str, model: type[M]) -> M:
    """Validate a parsed document against a model, every problem located at its line and column."""
    bad = _bad_numbers(doc, filename)
    if bad:
        raise ScenarioError(bad)
    try:
        return model.model_validate(_plain(doc))
    except ValidationError as exc:
        raise ScenarioError(_problems(doc, filename, exc.errors(), model)) from None


def _problems(doc: Any, filename: str, errors: list[Any], model: type[BaseModel]) -> list[Problem]:
    """Pydantic errors as located problems, with the key paths the user wrote: the type names pydantic adds for
    each alternative of a union are left out, and the alternatives' complaints about one value said once."""
    merged: dict[tuple[Any, ...], list[str]] = {}
    for e in errors:
        loc = _user_path(doc, tuple(e["loc"]), e["type"])
        text = _message(e, model)
        if text not in merged.setdefault(loc, []):
            merged[loc].append(text)
    out = []
    for loc, texts in merged.items():
        if len(texts) > 1:
            found = texts[0].rsplit(" (found ", 1)[-1] if texts[0].endswith(")") else ""
            parts = [t.rsplit(" (found ", 1)[0].removeprefix("Input should be ") for t in texts]
            texts = ["should be one of: " + "; ".join(parts) + (f" (found {found}" if found else "")]
        out.append(locate(doc, filename, loc, texts[0]))
    return out


def _user_path(doc: Any, loc: tuple[Any, ...], kind: str) -> tuple[Any, ...]:
    """`loc` without the segments that are no key or index of the document (pydantic's names of union
    alternatives such as `int` or `dict[constrained-str,literal['Y','N']]`); a missing or unknown key last stays."""
    node, out = doc, []
    for n, key in enumerate(loc):
        last = n == len(loc) - 1
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        elif isinstance(key, str) and not (last and kind in ("missing", "extra_forbidden")):
            continue
        else:
            node = None
        out.append(key)
    return tuple(out)


MAX_DIGITS = 30
"""Most digits a number may have in a scenario file; longer ones are refused before they are converted (Python
refuses to convert integers of over 4,300 digits, and none of Accord's numbers needs more than a dozen)."""
_NUMBER = re.compile(r"[-+]?(0[xob])?[0-9a-fA-F_]*\.?[0-9_]*([eE][-+]?[0-9]+)?")
_DISALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of a character position."""
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _control_characters(text: str, filename: str) -> None:
    """Refuse characters YAML does not allow (NUL and other control characters), at their line and column."""
    found = _DISALLOWED.search(text)
    if found is None:
        return
    line, col = _line_col(text, found.start())
    raise ScenarioError(
        [
            Problem(
                filename,
                line,
                col,
                "",
                f"control character U+{ord(found.group()):04X} is not "
                "allowed in a scenario file; delete it (or write it as an escape in a quoted "
                "string)",
            )
        ]
    )


def _long_number(value: str) -> bool:
    """Whether a plain scalar looks like a number with more digits than `MAX_DIGITS`."""
    return sum(c.isdigit() for c in value) > MAX_DIGITS and _NUMBER.fullmatch(value) is not None


def _parse(text: str, filename: str) -> Any:
    """Round-trip parse after an event pass that keeps to plain YAML 1.2 data: no directives, aliases, anchors,
    tags or merge keys, no numbers too long to convert, nothing nested too deep."""
    # imported here: a scenario from the cache is never parsed, and the YAML library is a fifth of start-up
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    _control_characters(text, filename)

    def refuse(mark: Any, why: str) -> ScenarioError:
        return ScenarioError([Problem(filename, mark.line + 1, mark.column + 1, "", why)])

    try:
        open_: list[bool | None] = []  # per open collection: None for a list; for a mapping, whether a key is next
        for event in YAML(typ="safe", pure=True).parse(text):
            mark = event.start_mark
            if isinstance(event, DocumentStartEvent) and (event.version or event.tags):
                raise ScenarioError(
                    [
                        Problem(
                            filename,
                            1,
                            1,
                            "",
                            "YAML directives (%YAML, %TAG) are not allowed; "
                            "scenario files are plain YAML 1.2 (delete the directive lines)",
                        )
                    ]
                )
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                open_.pop()
                continue
            if not isinstance(event, (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent)):
                continue
            at_key = bool(open_) and open_[-1] is True
            if open_ and open_[-1] is not None:
                open_[-1] = not open_[-1]
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise refuse(
                    mark, "YAML anchors and aliases (& and *) are not allowed in scenario files; write the values out"
                )
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = str(tag).replace("tag:yaml.org,2002:", "!!")
                raise refuse(
                    mark, f"YAML tag {shown!r} is not allowed; scenario files hold plain data only (remove the tag)"
                )
            if isinstance(event, ScalarEvent) and event.style is None:
                if at_key and event.value == "<<":
                    raise refuse(mark, "YAML merge keys (<<) are not allowed; write the keys out")
                if _long_number(event.value):
                    digits = sum(c.isdigit() for c in event.value)
                    raise refuse(
                        mark,
                        f"the number {event.value[:12]}... has {digits:,} digits; numbers here "
                        f"have at most {MAX_DIGITS} (the largest integer accepted is {MAX_INT:,})",
                    )
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                open_.append(True if isinstance(event, MappingStartEvent) else None)
                if len(open_) > MAX_DEPTH:
                    raise refuse(
                        mark,
                        f"nested deeper than {MAX_DEPTH} levels; scenario files are shallow (flatten the structure)",
                    )
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise ScenarioError([Problem(filename, line, col, "", f"invalid YAML: {what}")]) from None
    except YAMLError as exc:
        raise ScenarioError([Problem(filename, None, None, "", f"invalid YAML: {exc}")]) from None


def _plain(node: Any) -> Any:
    """Round-trip YAML nodes as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (datetime.date, datetime.datetime)):  # an unquoted YAML date: kept as its ISO text
        return node.isoformat()
    return node


def locate(doc: Any, filename: str, loc: tuple[Any, ...], message: str) -> Problem:
    """A problem at the YAML line and column of `loc` (the deepest node that exists)."""
    node, pos = doc, (0, 0)
    for key in loc:
        try:
            lc = node.lc
            if isinstance(key, int) and isinstance(node, list):
                pos = lc.item(key)
            else:
                pos = lc.key(key) if key in node else pos
            node = node[key]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return Problem(filename, pos[0] + 1, pos[1] + 1, format_path(loc), message)


def _message(err: dict[str, Any], root: type[BaseModel]) -> str:
    """A pydantic error as a sentence that says what was expected and what was found."""
    kind, found = err["type"], err.get("input")
    loc = err["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(loc, root)
        hint = difflib.get_close_matches(key, allowed, n=1)
        tip = f"; did you mean {hint[0]!r}?" if hint else (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        return f"unknown key {key!r}{tip}"
    if kind == "missing":
        return f"required key {loc[-1]!r} is missing"
    msg = err["msg"]
    if kind in ("float_type", "int_type", "bool_type") and isinstance(found, str):
        what = {"float_type": "a number", "int_type": "a whole number", "bool_type": "true or false"}[kind]
        return f"{what} is expected here, not text (found {_short(found)}); write it without quotes"
    if kind.startswith("value_error"):
        msg = msg.removeprefix("Value error, ")
    shown = _short(found) if not isinstance(found, (dict, list)) else type(found).__name__
    return f"{msg} (found {shown})"


def _short(value: Any, limit: int = 40) -> str:
    """A found value as shown in a message: its first characters only, so a huge input is never echoed whole."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _allowed_keys(loc: tuple[Any, ...], root: type[BaseModel]) -> list[str]:
    """The keys the schema allows at the parent of `loc`, found by walking the model fields."""
    from typing import get_args, get_origin

    model: Any = root
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or key not in model.model_fields:
            return []
        ann = model.model_fields[key].annotation
        while get_origin(ann) is not None:
            args = [a for a in get_args(ann) if isinstance(a, type) and issubclass(a, BaseModel)]
            if args:
                ann = args[0]
                break
            inner = [a for a in get_args(ann) if a is not type(None)]
            ann = inner[-1] if inner else None
        model = ann
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []
