"""Accord's error types: one base class, each error carrying what a person needs to fix it."""

from __future__ import annotations

from dataclasses import dataclass


class AccordError(Exception):
    """Base class of every error Accord raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: where it is, what is wrong, how to fix it."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        at = f" {self.path}:" if self.path else ""
        return f"{where}:{at} {self.message}"


class ScenarioError(AccordError):
    """A scenario file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem(s) in scenario" if len(problems) != 1 else "1 problem in scenario"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))


class SelectionError(AccordError):
    """A command-line or API selection (package, lever, hypothesis) that names nothing in the scenario."""
