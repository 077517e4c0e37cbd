"""Pages generated at docs-build time, so they cannot drift from the code.

- `format.md`: the scenario format (and the stand-alone GMCR file format) from the pydantic models in
  `accord.scenario.schema` and `accord.scenario.gmcr`: every key with its type, default and description.
- `cli.md`: every command and option of the `accord` command line, from the typer app's click object.

mkdocs runs `on_files` (see `hooks:` in mkdocs.yml); the tests import `format_reference` and `cli_reference`
from this file to check that every schema field and every command option appears.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

GENERATED = {"format.md": "format_reference", "cli.md": "cli_reference"}
_EMPTY = object()


# ---------------------------------------------------------------- the scenario format


def _base() -> Any:
    from accord.scenario import base

    return base


def _constraints(metadata: list[Any]) -> list[str]:
    """Readable bounds from pydantic / annotated-types metadata (ge, gt, le, lt, min and max length)."""
    out: list[str] = []
    words = {
        "ge": ">= {}",
        "gt": "> {}",
        "le": "<= {}",
        "lt": "< {}",
        "min_length": "at least {} item(s)",
        "max_length": "at most {} characters",
    }
    for m in metadata:
        items = vars(m).items() if hasattr(m, "__dict__") else []
        if isinstance(m, FieldInfo):
            out += _constraints(m.metadata)
            continue
        for key in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            value = getattr(m, key, None)
            if value is None and key in dict(items):
                value = dict(items)[key]
            if value is not None:
                out.append(words[key].format(_num(value)))
    return out


def _num(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _anchor(cls: type) -> str:
    return cls.__name__.lower()


def _type(t: Any, models: list[type]) -> str:
    """A type written for a reader: `id`, `number in [0, 1]`, `list of [Actor](#actor)`, `one of ...`."""
    base = _base()
    if t is base.Id:
        return "id"
    if t is base.Unit:
        return "number in [0, 1]"
    if t == base.OptionRef:
        return "option id or list of option ids"
    origin = get_origin(t)
    if origin is typing.Annotated:
        inner, *meta = get_args(t)
        bounds = _constraints(meta)
        text = _type(inner, models)
        return f"{text} ({', '.join(bounds)})" if bounds else text
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(t) if a is not type(None)]
        text = " or ".join(_type(a, models) for a in args)
        return f"{text} or null" if len(args) < len(get_args(t)) else text
    if origin is Literal:
        values = [f"`{v}`" for v in get_args(t)]
        return values[0] if len(values) == 1 else "one of " + ", ".join(values)
    if origin is list:
        (item,) = get_args(t)
        return (
            f"list of ({_type(item, models)})"
            if get_origin(item) in (Union, types.UnionType)
            else f"list of {_type(item, models)}"
        )
    if origin is dict:
        key, value = get_args(t)
        return f"map of {_type(key, models)} to {_type(value, models)}"
    if isinstance(t, type) and issubclass(t, BaseModel):
        if t not in models:
            models.append(t)
        return f"[{t.__name__}](#{_anchor(t)})"
    return {str: "text", float: "number", int: "integer", bool: "true or false"}.get(t, getattr(t, "__name__", str(t)))


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, BaseModel):
        return "empty" if not value.model_dump(exclude_defaults=True) else f"`{value.model_dump()}`"
    if value in ([], {}):
        return "empty"
    return f"`{_num(value)}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _doc(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    inherited = [inspect.getdoc(b) for b in cls.__mro__[1:]]
    if doc in inherited:
        return ""
    out: list[str] = []
    for line in doc.splitlines():  # Markdown needs a blank line before a list that follows a paragraph
        if line.startswith("- ") and out and out[-1].strip() and not out[-1].startswith(("- ", "  ")):
            out.append("")
        out.append(line)
    return "\n".join(out)


GUIDE = {  # where the hand-written guide explains a model (mkdocs --strict fails on an anchor that no longer exists)
    "Scenario": "format-guide.md#top-level",
    "Meta": "format-guide.md#top-level",
    "Source": "format-guide.md#top-level",
    "Issue": "format-guide.md#issues-and-options",
    "Option": "format-guide.md#issues-and-options",
    **dict.fromkeys(
        ["Actor", "Faction", "Preferences", "RedLine", "Reservation"],
        "format-guide.md#actors-factions-preferences-red-lines-reservation-values",
    ),
    "Constraint": "format-guide.md#constraints",
    **dict.fromkeys(["Lever", "Effect", "LeverPackage", "Response"], "format-guide.md#levers-and-lever-packages"),
    **dict.fromkeys(
        ["Hypothesis", "HypothesisSet", "Condition", "HeldRedLine"], "format-guide.md#hypotheses-and-hypothesis-sets"
    ),
    **dict.fromkeys(["Strategy", "Procedure", "ScheduleStep"], "format-guide.md#strategies"),
    "Package": "format-guide.md#packages",
    "Claim": "format-guide.md#claims",
    "EvidenceRecord": "format-guide.md#evidence",
    "Event": "format-guide.md#evidence",
    "Uncertainty": "format-guide.md#uncertainties-assumptions",
    **dict.fromkeys(
        [
            "GmcrFile",
            "GmcrModel",
            "DecisionMaker",
            "GmcrOption",
            "Infeasible",
            "GraphState",
            "Preference",
            "UncertainScore",
            "Coalition",
        ],
        "methods/stability.md#the-model-file",
    ),
}


def model_rows(cls: type[BaseModel], models: list[type]) -> list[tuple[str, str, str, str]]:
    """(key, type, default, description) for every field of a model, in declaration order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    rows = []
    for name, info in cls.model_fields.items():
        hint = hints[name]
        text = _type(hint, models)
        shown = _constraints(list(get_args(hint)[1:])) if get_origin(hint) is typing.Annotated else []
        extra = [c for c in _constraints(info.metadata) if c not in shown]
        if extra:
            text += f" ({', '.join(extra)})"
        rows.append((info.alias or name, text, _default(info), info.description or ""))
    return rows


def models_of(*roots: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from the roots through field types, breadth first."""
    models: list[type] = list(roots)
    i = 0
    while i < len(models):
        model_rows(models[i], models)
        i += 1
    return models


def format_reference() -> str:
    """The scenario format reference page, from the pydantic models."""
    from accord.scenario.gmcr import GmcrFile
    from accord.scenario.schema import FORMAT_VERSION, Scenario

    base = _base()
    id_pattern = next(m.pattern for m in base.Id.__metadata__[0].metadata if hasattr(m, "pattern"))
    lines = [
        "# Scenario format reference",
        "",
        (
            "<!-- Generated at docs-build time from src/accord/scenario/schema.py and gmcr.py "
            "(docs/hooks/generate.py): do not edit. -->"
        ),
        "",
        (
            f"Generated from the pydantic models in `accord.scenario.schema` (format version {FORMAT_VERSION}) when "
            "the docs are built, so it always matches the code. For a walk-through with examples see the "
            "[format guide](format-guide.md); `accord schema` prints the same format as a JSON Schema."
        ),
        "",
        "Every element refuses unknown keys. `required` keys have no default. Types:",
        "",
        f"- **id**: text matching `{id_pattern}`, at most 120 characters; ids are unique within their kind.",
        "- **number in [0, 1]**: a number from 0 to 1 inclusive (a weight, a value, a probability).",
        "- **option id or list of option ids**: one option of the issue named by the key, or any of several.",
        "- Numbers must be finite (no `.inf` or `.nan`).",
        "",
        (
            "A scenario file's top level is a [Scenario](#scenario); a stand-alone graph model file (for "
            "`accord stability`) is a [GmcrFile](#gmcrfile)."
        ),
        "",
    ]
    models = models_of(Scenario, GmcrFile)
    for cls in models:
        lines += [f"## {cls.__name__}", ""]
        doc = _doc(cls)
        if doc:
            lines += [doc, ""]
        if cls.__name__ in GUIDE:
            lines += [f"With examples: [the guide]({GUIDE[cls.__name__]}).", ""]
        lines += ["| key | type | default | description |", "| --- | --- | --- | --- |"]
        for key, text, default, desc in model_rows(cls, []):
            lines.append(f"| `{key}` | {_cell(text)} | {_cell(default)} | {_cell(desc)} |")
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- the command line


def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    out = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        full = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            out += _commands(cmd, full)
        else:
            out.append((full, cmd))
    return out


def _help(text: str | None) -> str:
    """Help text without rich markup, on one line."""
    return _cell(re.sub(r"\[/?[a-z ]+\]", "", text or ""))


def _kind(p: Any) -> str:
    """The value an option takes, from its annotation (typer) or its click type."""
    if getattr(p, "is_flag", False):
        return "flag"
    td = getattr(p, "type_descriptor", None)
    annotation = td.annotation if td is not None else None
    names = {str: "text", float: "number", int: "integer", bool: "flag"}
    if annotation is not None:
        args = get_args(annotation)
        if get_origin(annotation) is list:
            text = names.get(args[0], "text") + ", repeatable"
        elif get_origin(annotation) is tuple:
            text = " ".join(names.get(a, "text") for a in args)
        else:
            text = names.get(annotation, getattr(annotation, "__name__", str(annotation)).lower())
    else:
        text = str(getattr(getattr(p, "type", None), "name", "text")).lower()
    lo, hi = getattr(p, "min", None), getattr(p, "max", None)
    if lo is not None or hi is not None:
        text += f" in [{'' if lo is None else lo}, {'' if hi is None else hi}]"
    return text


def cli_reference() -> str:
    """The command-line reference page, from the typer app's click object (`typer.main.get_command`)."""
    import typer.main

    from accord.cli import app

    root = typer.main.get_command(app)
    lines = [
        "# Command-line reference",
        "",
        (
            "<!-- Generated at docs-build time from the typer app in src/accord/cli.py (docs/hooks/generate.py): "
            "do not edit. -->"
        ),
        "",
        (
            "Generated from the `accord` command line itself when the docs are built. For what each command is "
            "for, the conventions its arguments share and worked examples, see [Commands](commands.md); "
            "`accord COMMAND --help` prints the same help."
        ),
        "",
    ]
    commands = _commands(root, "accord")
    lines += ["| command | what it does |", "| --- | --- |"]
    for full, cmd in commands:
        lines.append(f"| [`{full}`](#{full.replace(' ', '-')}) | {_help(cmd.get_short_help_str(limit=300))} |")
    lines.append("")
    for full, cmd in commands:
        arguments = [p for p in cmd.params if not any(o.startswith("-") for o in p.opts)]
        options = [p for p in cmd.params if any(o.startswith("-") for o in p.opts)]
        usage = " ".join(
            [
                full,
                *(p.name.upper() if p.required else f"[{p.name.upper()}]" for p in arguments),
                "[OPTIONS]" if options else "",
            ]
        ).strip()
        lines += [
            f"## {full} {{#{full.replace(' ', '-')}}}",
            "",
            "```text",
            usage,
            "```",
            "",
            _help(cmd.help).strip(),
            "",
        ]
        if arguments:
            lines += ["| argument | description |", "| --- | --- |"]
            for p in arguments:
                need = "required. " if p.required else ""
                lines.append(f"| `{p.name.upper()}` | {need}{_help(getattr(p, 'help', None))} |")
            lines.append("")
        if options:
            lines += ["| option | takes | default | description |", "| --- | --- | --- | --- |"]
            for p in options:
                names = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
                default = "" if getattr(p, "is_flag", False) and not p.default else _show(p.default)
                if p.required:
                    default = "required"
                lines.append(f"| {names} | {_kind(p)} | {_cell(default)} | {_help(p.help)} |")
            lines.append("")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or value == () or value == [] or value == "":
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


# ---------------------------------------------------------------- the mkdocs hook


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the site (nothing is written into docs/)."""
    from mkdocs.structure.files import File

    for name, fn in GENERATED.items():
        files.append(File.generated(config, name, content=globals()[fn]()))
    return files
