"""Reading graph models: a stand-alone GMCR file, a scenario's `stability:` section, or a built-in case."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from accord.errors import Problem, ScenarioError
from accord.scenario.gmcr import GmcrFile, GmcrModel
from accord.scenario.loader import (
    BUILTIN,
    builtin_names,
    check_scenario,
    locate,
    parse_document,
    read_text,
    resolve,
    validate,
)
from accord.scenario.schema import Scenario
from accord.stability.graph import CompileProblems, Graph, compile_model


def case_names() -> list[str]:
    """Names of the published GMCR cases shipped with Accord."""
    files = resources.files("accord.data").joinpath("stability").iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def _case_path(name: str) -> Path:
    return Path(str(resources.files("accord.data").joinpath("stability", f"{name}.yaml")))


def load_model(path_or_name: str | Path | None = None) -> tuple[Graph, GmcrModel, Scenario | None]:
    """A compiled graph model from a GMCR file, a scenario with a `stability:` section, or a built-in name.

    Returns the compiled graph, the model as written, and the scenario when it came from one.
    """
    name = str(path_or_name) if path_or_name is not None else BUILTIN
    path = Path(name)
    if not path.exists() and name in case_names():
        path = _case_path(name)
    elif not path.exists() and (path_or_name is None or name in builtin_names()):
        path = resolve(path_or_name)
    elif not path.exists():
        known = ", ".join(case_names() + builtin_names())
        raise ScenarioError(
            [Problem(name, None, None, "", f"no such file; give a GMCR or scenario file, or one of: {known}")]
        )
    return loads_model(read_text(path, name), name)


def loads_model(text: str, filename: str = "<string>") -> tuple[Graph, GmcrModel, Scenario | None]:
    """Parse, validate and compile graph-model text (`gmcr: 1` file or a scenario)."""
    doc = parse_document(text, filename)
    if not isinstance(doc, dict) or not ({"gmcr", "accord"} & set(doc)):
        raise ScenarioError(
            [
                Problem(
                    filename,
                    1,
                    1,
                    "",
                    "a GMCR file starts with `gmcr: 1` and holds `model:`; "
                    "a scenario starts with `accord: 1` and may hold `stability:`",
                )
            ]
        )
    scenario = None
    if "gmcr" in doc:
        model = validate(doc, filename, GmcrFile).model
        where: tuple[str, ...] = ("model",)
    else:
        scenario = validate(doc, filename, Scenario)
        problems = [locate(doc, filename, loc, msg) for loc, msg in check_scenario(scenario)]
        if problems:
            raise ScenarioError(problems)
        if scenario.stability is None:
            raise ScenarioError(
                [
                    Problem(
                        filename,
                        1,
                        1,
                        "stability",
                        "this scenario has no `stability:` section; "
                        "add a graph model, or use `accord stability --derive` to build one from "
                        "its levers and acceptance decisions",
                    )
                ]
            )
        model = scenario.stability
        where = ("stability",)
    try:
        graph = compile_model(model, where)
    except CompileProblems as exc:
        raise ScenarioError([locate(doc, filename, loc, msg) for loc, msg in exc.problems]) from None
    return graph, model, scenario
