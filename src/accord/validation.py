"""One validation of a scenario file, shared by `accord validate` and the commands that use its sections.

`validate` runs every check a later command would run on the file itself, so that a file `validate` passes is
not refused later by `stability`, `forecast`, `simulate` or `evidence` for a problem in the file: the scenario
checks (`accord.scenario.loads`) and, when the file has a `stability:` section, the graph model's compilation
(`accord.stability.io.loads_model`, the very checks `accord stability` runs). What depends on a command's
options (an issue named with --issue, a strategy named with --strategy) is checked by that command.
"""

from __future__ import annotations

from pathlib import Path

from accord.errors import Problem, ScenarioError
from accord.scenario.loader import builtin_names, loads, read_text, resolve
from accord.scenario.paths import format_path
from accord.scenario.schema import Scenario


def validate_file(path_or_name: str | Path) -> Scenario:
    """The scenario of a file, after every check that any command runs on the file; raises `ScenarioError` with
    every located problem.

    A file whose scenario is in the scenario cache (`accord.scenario.cache`: validated before, same text, same
    Accord) is not parsed again: its checks passed then, and the cached scenario means what the file means. Its
    graph model, if any, is compiled from that scenario; only when the compilation finds problems is the file
    parsed again, to place them at their lines (the very path `accord stability` takes)."""
    from accord.scenario import cache

    name = str(path_or_name)
    path = resolve(path_or_name) if str(path_or_name) in builtin_names() else Path(path_or_name)
    text = read_text(path, name)
    scenario = cache.get(text)
    if scenario is None:
        scenario = loads(text, name)
        cache.put(text, scenario)
    if scenario.stability is not None:
        from accord.stability.graph import CompileProblems, compile_model

        try:
            compile_model(scenario.stability, ("stability",))
        except CompileProblems as exc:
            from accord.stability.io import loads_model

            loads_model(text, name)  # raises the same problems, each at its line and column
            raise ScenarioError(
                [Problem(name, None, None, format_path(loc), msg) for loc, msg in exc.problems]
            ) from None
    return scenario
