"""One validation of a scenario file, shared by `accord validate` and the commands that use its sections.

`validate` runs every check a later command would run on the file itself, so that a file `validate` passes is
not refused later by `stability`, `forecast`, `simulate` or `evidence` for a problem in the file: the scenario
checks (`accord.scenario.loads`) and, when the file has a `stability:` section, the graph model's compilation
(`accord.stability.io.loads_model`, the very checks `accord stability` runs). What depends on a command's
options (an issue named with --issue, a strategy named with --strategy) is checked by that command.
"""

from __future__ import annotations

from pathlib import Path

from accord.scenario.loader import builtin_names, loads, read_text, resolve
from accord.scenario.schema import Scenario


def validate_file(path_or_name: str | Path) -> Scenario:
    """The scenario of a file, after every check that any command runs on the file; raises `ScenarioError` with
    every located problem."""
    from accord.stability.io import loads_model

    name = str(path_or_name)
    path = resolve(path_or_name) if str(path_or_name) in builtin_names() else Path(path_or_name)
    text = read_text(path, name)
    scenario = loads(text, name)
    if scenario.stability is not None:
        loads_model(text, name)
    return scenario
