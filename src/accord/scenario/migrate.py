"""`accord migrate`: a version-1 scenario file rewritten as version 2 with the same meaning.

Version 2 differs from version 1 in one default of issue 23: a condition (a hypothesis's or a response's
`when`) without `by` reads the mediator's own levers in version 2 and every lever in force ("anyone") in
version 1. Migrating pins `by: anyone` on every condition that tests levers by kind (`any_stick_on`,
`no_stick_on`, `any_carrot_to`, `no_carrot_to`) and has no `by`, then sets `accord: 2`. Nothing else
changes: offer sets, tied carrots and soft red lines are new keys with no version-1 meaning. Issue 24: every
claim gets `role: conclusion` (version 2 requires a role), and the evidence record's `events:` becomes
`observations:`; dated events and conditions on them are new keys with no version-1 meaning.

The rewrite works on the text, line by line, so comments, order and layout stay as written.
"""

from __future__ import annotations

import re

from accord.errors import AccordError
from accord.scenario.loader import loads
from accord.scenario.schema import Scenario

KIND_TESTS = ("any_stick_on", "no_stick_on", "any_carrot_to", "no_carrot_to")


def migrate_text(text: str, filename: str = "<string>") -> tuple[str, list[str]]:
    """The version-2 text of a version-1 scenario, and what changed (in words). A version-2 file comes back
    unchanged with no changes."""
    scenario = loads(text, filename)
    if scenario.accord == 2:
        return text, []
    lines = text.splitlines(keepends=True)
    changes: list[str] = []
    top = [k for k, line in enumerate(lines) if re.match(r"accord\s*:\s*1\s*(#.*)?$", line.rstrip("\r\n"))]
    if len(top) != 1:
        raise AccordError(
            f"{filename}: cannot find the line `accord: 1` at the top level to rewrite; set "
            "`accord: 2` by hand and add `by: anyone` to every condition that tests levers by kind"
        )
    lines[top[0]] = lines[top[0]].replace("1", "2", 1)
    changes.append("accord: 1 -> 2")
    conds = [("hypotheses", h.id, h.when) for h in scenario.hypotheses]
    conds += [("responses", r.id, r.when) for r in scenario.responses]
    need = {(where, ident) for where, ident, c in conds if c.by is None and any(getattr(c, k) for k in KIND_TESTS)}
    claim_ids = {c.id for c in scenario.claims}
    out: list[str] = []
    section, ident = "", ""
    for line in lines:
        m = re.match(r"([A-Za-z_]\w*)\s*:", line)
        if m:
            section = m.group(1)
        mi = re.match(r"(\s*-\s+)id\s*:\s*['\"]?([\w.-]+)", line)
        if mi and section in ("hypotheses", "responses"):
            ident = mi.group(2)
        out.append(line)
        if mi and section == "claims" and mi.group(2) in claim_ids:
            out.append(" " * len(mi.group(1)) + "role: conclusion\n")
            claim_ids.discard(mi.group(2))
            changes.append(f"claims {mi.group(2)}: role: conclusion")
        if section == "evidence" and re.match(r"\s+events\s*:\s*(#.*)?$", line.rstrip("\r\n")):
            out[-1] = line.replace("events", "observations", 1)
            changes.append("evidence: events -> observations")
        mw = re.match(r"(\s*)(-\s+)?when\s*:\s*(\{.*\})?\s*(#.*)?$", line.rstrip("\r\n"))
        if mw and (section, ident) in need:
            if mw.group(3):  # flow style: when: {any_stick_on: x}
                out[-1] = line.replace("{", "{by: anyone, ", 1)
            else:
                indent = len(mw.group(1)) + len(mw.group(2) or "")
                out.append(" " * (indent + 2) + "by: anyone\n")
            need.discard((section, ident))
            changes.append(
                f"{section} {ident}: its condition reads every lever in force (`by: anyone`), as in version 1"
            )
    if claim_ids:
        raise AccordError(
            f"{filename}: cannot find the `- id:` line of claim(s) {', '.join(sorted(claim_ids))}; "
            "add `role: conclusion` (or `assumption`) to each by hand"
        )
    if need:
        left = ", ".join(f"{w} {i}" for w, i in sorted(need))
        raise AccordError(f"{filename}: cannot find the `when:` line of {left}; add `by: anyone` to it by hand")
    new = _uncertainties("".join(out), scenario, filename, changes)
    loads(new, filename)  # the rewrite must load
    return new, changes


def _uncertainties(text: str, v1: Scenario, filename: str, changes: list[str]) -> str:
    """Version 1's ranges kept in version 2: `distribution: uniform` pinned where none is written, and a spread that
    version 2 would cut at zero (a range never crosses zero unless written) written out as explicit low/high per
    number."""
    from accord.scenario.paths import expand

    if not v1.uncertainties:
        return text
    lines = text.splitlines(keepends=True)
    top = next((k for k, line in enumerate(lines) if re.match(r"uncertainties\s*:", line)), None)
    if top is None:
        raise AccordError(
            f"{filename}: cannot find the top-level `uncertainties:` line; pin `distribution: uniform` "
            "on each uncertainty by hand"
        )
    end = next((k for k in range(top + 1, len(lines)) if re.match(r"[A-Za-z_]", lines[k])), len(lines))
    starts = [k for k in range(top + 1, end) if re.match(r"\s*-\s", lines[k])]
    indent = min((len(lines[k]) - len(lines[k].lstrip()) for k in starts), default=0)
    starts = [k for k in starts if len(lines[k]) - len(lines[k].lstrip()) == indent]
    if len(starts) != len(v1.uncertainties):
        raise AccordError(
            f"{filename}: cannot match the {len(v1.uncertainties)} uncertainties to their lines; pin "
            "`distribution: uniform` on each by hand"
        )
    bounds = [*starts, end]
    data = v1.model_dump()
    pad = " " * indent
    body: list[str] = []
    for n, unc in enumerate(v1.uncertainties):
        item = lines[bounds[n] : bounds[n + 1]]
        params = expand(v1, unc, data)
        crosses = unc.spread is not None and any(
            p.low < 0 < p.high or (p.low < 0 <= p.nominal and p.nominal > 0) or (p.high > 0 and p.nominal < 0)
            for p in params
        )
        if crosses:
            note = unc.note.replace('"', "'")
            for p in params:
                body.append(
                    f"{pad}- {{path: {p.path}, low: {p.low!r}, high: {p.high!r}, distribution: "
                    f'{unc.distribution or "uniform"}, note: "{note}"'
                    + (f", source: {unc.source}" if unc.source else "")
                    + "}\n"
                )
            changes.append(
                f"uncertainties {unc.path}: a spread that crosses zero written as explicit low/high "
                f"({len(params)} numbers), as in version 1"
            )
            continue
        if unc.distribution is None:
            first = item[0]
            if "{" in first and first.rstrip().endswith("}"):
                item[0] = first.replace("{", "{distribution: uniform, ", 1)
            else:
                head = re.match(r"(\s*-\s+)", first)
                item.insert(1, " " * len(head.group(1)) + "distribution: uniform\n")  # type: ignore[union-attr]
            changes.append(f"uncertainties {unc.path}: distribution: uniform (version 1's default)")
        body += item
    return "".join(lines[: top + 1] + lines[top + 1 : starts[0]] + body + lines[end:])
