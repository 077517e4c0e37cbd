"""The conflict model of the Graph Model for Conflict Resolution (GMCR), as typed YAML models.

Two forms, as in the literature:

- *option form*: decision makers own binary options; a state is a Y/N choice of every option;
  infeasible states are removed by patterns and helpers; each decision maker's preferences come
  from ordered preference statements (option prioritisation) or an explicit ranking with ties.
- *graph form*: the states and each decision maker's moves are listed directly (classic models that
  coalesce states), with rankings.

A model lives in its own file (top key `gmcr: 1`) or under `stability:` in a scenario.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from accord.scenario.base import Id, Model, Source, Traced

Pattern = dict[Id, Literal["Y", "N"]]
RankEntry = int | Id | list[int | Id]


class GmcrOption(Traced):
    """A binary option (a course of action) owned by one decision maker."""

    id: Id
    name: str | None = None
    reversibility: Literal["both", "taken_only", "dropped_only"] = Field(
        "both",
        description="both: may be taken and dropped; taken_only: once taken it stays; "
        "dropped_only: may only be given up.",
    )


class Preference(Traced):
    """How a decision maker ranks states: ordered `statements` (most important first) or a `ranking`.

    Statement syntax: option ids, `-` for not, `&` for and, `|` for or, and `A if B` / `A iff B`.
    A state's score is the sum of 2^(L-1-k) over the statements k (0-based, L in all) it satisfies.
    A ranking lists states (numbers in option form, ids in graph form) from most to least preferred;
    a nested list is a tie.
    """

    statements: list[str] = []
    ranking: list[RankEntry] = []
    uncertain: list[UncertainScore] = Field(
        default_factory=list,
        description="Score ranges for robustness analysis: states matching `when` may score anywhere in "
        "[score + low, score + high].",
    )

    @model_validator(mode="after")
    def _something(self) -> Preference:
        if not self.statements and not self.ranking:
            raise ValueError("give `statements` (option prioritisation) or a `ranking`")
        return self


class UncertainScore(Model):
    """A range of scores a decision maker might give some states (for robustness analysis)."""

    when: Pattern | list[Id | int] = Field(description="An option pattern (option form) or a list of states.")
    low: float = Field(description="Lowest shift of the score (in score units, at most 0).", le=0)
    high: float = Field(description="Highest shift of the score (at least 0).", ge=0)
    note: str | None = None


class DecisionMaker(Traced):
    """A party to the conflict: its options (option form) or its moves (graph form)."""

    id: Id
    name: str | None = None
    options: list[GmcrOption] = []
    moves: dict[Id, list[Id]] = Field(
        default_factory=dict, description="Graph form: state id -> states this DM can move to."
    )


class Infeasible(Traced):
    """States that cannot occur: a Y/N pattern, or a helper over a list of options."""

    pattern: Pattern | None = None
    exclusive: list[Id] = Field(default_factory=list, description="At most one of these options is taken.")
    at_least_one: list[Id] = Field(default_factory=list, description="At least one of these options is taken.")
    if_: Pattern | None = Field(None, alias="if", description="With `then`: whenever `if` holds, `then` holds.")
    then: Pattern | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Infeasible:
        kinds = [
            self.pattern is not None,
            bool(self.exclusive),
            bool(self.at_least_one),
            self.if_ is not None or self.then is not None,
        ]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of `pattern`, `exclusive`, `at_least_one`, or `if` with `then`")
        if (self.if_ is None) != (self.then is None):
            raise ValueError("`if` and `then` go together")
        return self


class GraphState(Traced):
    """A state of a graph-form model."""

    id: Id
    name: str | None = None


class Coalition(Traced):
    """A named group of decision makers to analyse together."""

    id: Id
    members: list[Id] = Field(min_length=1)


class GmcrModel(Traced):
    """One conflict as a graph model: decision makers, options or states, preferences."""

    id: Id | None = None
    title: str | None = None
    decision_makers: list[DecisionMaker] = Field(min_length=1)
    infeasible: list[Infeasible] = []
    states: list[GraphState] = Field(default_factory=list, description="Graph form only.")
    preferences: dict[Id, Preference]
    status_quo: Id | int | dict[Id, Literal["Y", "N"]] | None = Field(
        None, description="The state the conflict starts from (for status-quo analysis)."
    )
    coalitions: list[Coalition] = []
    deal: dict[Id, Literal["Y", "N"]] | None = Field(
        None,
        description="Option form: the options that make a state a deal (e.g. both sides accept); the output "
        "then reads the equilibria for the deal.",
    )
    partition: list[Coalition] = Field(
        default_factory=list,
        description="Blocks of decision makers that each act as one decision maker (GMCR+'s "
        "coalition analysis); decision makers in no block stand alone.",
    )
    sim: Literal["alone", "subsets"] = Field(
        "alone",
        description="SIM sanctions: one other decision maker moving at the same time (alone), or any set "
        "of them at once (subsets, as gmcr-py).",
    )
    sanctions: Literal["definition", "gmcr-py"] = Field(
        "definition",
        description="Sanction chains: as defined (no one moves twice in succession), or gmcr-py's "
        "rule (each opponent at most once per chain), a compatibility mode.",
    )


class GmcrFile(Model):
    """A stand-alone GMCR file: `gmcr: 1` plus sources and the model."""

    gmcr: Literal[1] = Field(description="GMCR file format version.")
    sources: list[Source] = []
    model: GmcrModel


Preference.model_rebuild()
