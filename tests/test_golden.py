"""No change in answers: every command's JSON (and the report's text) matches the golden outputs in tests/golden.

Kept for the duration of the analyses' reorganisation (issue 22). Numbers are compared to 1e-9 (relative and
absolute): a sum taken in another order may move the last bits, never an answer. Strings, counts, ids and
verdicts must be identical. Regenerate with `python -m tests.golden.make` only when an answer is meant to change.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from tests.golden.make import HERE, outputs

NAMES = ["builtin", "gen-factions", "gen-plain"]


def differences(want: Any, got: Any, where: str = "") -> list[str]:
    """Where two JSON values differ (numbers to 1e-9)."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = [f"{where}/{k}: missing" for k in want if k not in got]
        out += [f"{where}/{k}: unexpected" for k in got if k not in want]
        for k in want.keys() & got.keys():
            out += differences(want[k], got[k], f"{where}/{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            return [f"{where}: {len(want)} items became {len(got)}"]
        return [d for i, (a, b) in enumerate(zip(want, got, strict=True)) for d in differences(a, b, f"{where}[{i}]")]
    numbers = (int, float)
    if (
        isinstance(want, numbers)
        and isinstance(got, numbers)
        and not isinstance(want, bool)
        and not isinstance(got, bool)
    ):
        if math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9) or (want != want and got != got):
            return []
        return [f"{where}: {want!r} became {got!r}"]
    return [] if want == got else [f"{where}: {str(want)[:200]!r} became {str(got)[:200]!r}"]


def test_differences_sees_a_change():
    """The comparison itself: a moved verdict, a new key or a number beyond 1e-9 is a difference."""
    assert differences({"a": [1.0, True]}, {"a": [1.0 + 1e-12, True]}) == []
    assert differences({"a": [1.0, True]}, {"a": [1.0, False]})
    assert differences({"a": 1.0}, {"a": 1.001})
    assert differences({"a": 1}, {"a": 1, "b": 2})


@pytest.mark.parametrize("name", NAMES)
def test_outputs_match_the_golden_files(name, tmp_path, monkeypatch):
    """Every command on the scenario gives the golden answer (timings, run ids and paths aside)."""
    monkeypatch.setenv("ACCORD_CACHE", "off")
    want = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(outputs(tmp_path, [name])[name]))  # through JSON, as stored
    diff = differences(want, got)
    assert not diff, f"{len(diff)} difference(s) from tests/golden/{name}.json:\n" + "\n".join(diff[:40])
