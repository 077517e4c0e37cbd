"""The scenario format as typed, immutable models (one class per concept of MODEL.md).

Field names here are the YAML keys. Structural checks (types, ranges, unknown keys) live
here; checks that need the whole scenario (references between elements) live in `checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from accord.scenario.base import Id, Model, OptionRef, Source, Traced, Unit
from accord.scenario.gmcr import GmcrModel

FORMAT_VERSION = 1


class Meta(Model):
    """What the scenario is."""

    id: Id
    title: str
    description: str | None = None
    date: str | None = None
    authors: list[str] = []


class Option(Traced):
    """One answer to an issue."""

    id: Id
    name: str | None = None


class Issue(Traced):
    """One question on the table; `ordered` issues list their options along a scale."""

    id: Id
    name: str | None = None
    ordered: bool = False
    options: list[Option] = Field(min_length=2)
    status_quo: Id = Field(description="The option that holds if nothing is agreed on this issue.")


class Preferences(Model):
    """How a party values packages: `u(p) = sum_i saliences[i] * values[i][p_i]`."""

    saliences: dict[Id, Annotated[float, Field(ge=0.0)]]
    values: dict[Id, dict[Id, Unit]]


class RedLine(Traced):
    """A pattern of options the holder never accepts: it is crossed when every condition holds."""

    id: Id
    when: dict[Id, OptionRef] = Field(min_length=1)


class Reservation(Traced):
    """Value of continued war: r(L, t) = base + lever shifts + drift*(t + horizon) - monthly_cost*horizon."""

    base: float
    monthly_cost: Annotated[float, Field(ge=0.0)] = 0.0
    drift: float = 0.0
    horizon: Annotated[float, Field(gt=0.0)] = 12.0


class Faction(Traced):
    """A camp inside an actor; the actor's decider weighs its camps by influence."""

    id: Id
    name: str | None = None
    weight: Unit
    preferences: Preferences
    reservation: Reservation
    red_lines: list[RedLine] = []


class Actor(Traced):
    """A party. `decides: true` means a deal needs its acceptance."""

    id: Id
    name: str | None = None
    kind: str | None = None
    decides: bool = True
    capability: Annotated[float, Field(ge=0.0)] | None = Field(
        None, description="Power the actor can bring to bear on the issues (expected-utility forecasting); "
                          "its factions share it by influence weight.")
    preferences: Preferences | None = None
    reservation: Reservation | None = None
    red_lines: list[RedLine] = []
    factions: list[Faction] = []


EffectTarget = Literal["reservation", "drift", "monthly_cost", "deal_value", "faction_weight", "option_value"]


class Effect(Traced):
    """A change a lever or hypothesis makes to one party's numbers."""

    target: EffectTarget
    on: Id = Field(description="Actor or faction id (an actor with factions: each of its factions).")
    delta: float
    issue: Id | None = None
    option: Id | None = None

    @model_validator(mode="after")
    def _option_fields(self) -> Effect:
        if self.target == "option_value" and (self.issue is None or self.option is None):
            raise ValueError("an option_value effect needs `issue` and `option`")
        if self.target != "option_value" and (self.issue is not None or self.option is not None):
            raise ValueError(f"`issue`/`option` only go with target option_value, not {self.target}")
        return self


class Lever(Traced):
    """Something an outside actor can do to a party: a stick or a carrot."""

    id: Id
    name: str | None = None
    kind: Literal["stick", "carrot"]
    by: Id
    on: Id
    cost: Annotated[float, Field(ge=0.0)] = 0.0
    effects: list[Effect] = []
    unlocks: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="Options that are on the table only when this lever is pulled (issue -> options).",
    )


class Condition(Model):
    """When a hypothesis applies, as a conjunction over the pulled lever package."""

    any_stick_on: Id | None = None
    no_stick_on: Id | None = None
    any_carrot_to: Id | None = None
    no_carrot_to: Id | None = None
    levers_pulled: list[Id] = []
    levers_not_pulled: list[Id] = []


class Hypothesis(Traced):
    """An attributed causal claim about how levers work, switchable per analysis."""

    id: Id
    statement: str
    when: Condition = Condition()
    effects: list[Effect] = Field(min_length=1)


class HypothesisSet(Traced):
    """A named group of hypotheses (e.g. one author's theory)."""

    id: Id
    name: str | None = None
    hypotheses: list[Id]
    belief: Unit | None = Field(None, description="Prior weight that this theory holds (explore's 'beliefs').")


class Constraint(Traced):
    """A combination of options that cannot occur together in one package."""

    id: Id
    text: str | None = None
    excludes: dict[Id, OptionRef] = Field(min_length=1)


class Package(Traced):
    """A named candidate settlement; issues it leaves out take their status quo option."""

    id: Id
    name: str | None = None
    options: dict[Id, Id]


class LeverPackage(Traced):
    """A named set of levers pulled together."""

    id: Id
    name: str | None = None
    levers: list[Id]


class ScheduleStep(Model):
    """Levers a strategy switches on or off from a given month."""

    month: Annotated[int, Field(ge=0)]
    levers_on: list[Id] = []
    levers_off: list[Id] = []


class Procedure(Model):
    """How the mediator puts proposals to the parties.

    - `sequential`: the first party in `order` is asked each month until it accepts; the terms then go to
      the others with `ultimatum` levers on; if they refuse, `on_refusal_off` levers stop (e.g. US support)
      and the offer stands each month.
    - `pressure`: the proposal is put to every decider each month while the levers work.
    - `single_text`: one negotiating text, revised each month to the Nash package of the month's situation.
    - `alternating`: the deciders in `order` take turns proposing the package best for themselves that the
      others accept (at the scenario's own numbers).
    """

    kind: Literal["sequential", "pressure", "single_text", "alternating"]
    order: list[Id] = []
    proposal: Id | None = Field(None, description="Named package offered (sequential, pressure); default: Nash.")
    ultimatum: list[Id] = []
    on_refusal_off: list[Id] = []


class Strategy(Traced):
    """A mediator's plan: a lever package, a procedure, and levers that switch on or off over time."""

    id: Id
    name: str | None = None
    levers: Id | list[Id] = Field(description="A lever package id or a list of lever ids.")
    procedure: Procedure
    schedule: list[ScheduleStep] = []


class Uncertainty(Model):
    """A number no source fixes: its range, by path (`*` matches every key or id at a level)."""

    path: str = Field(min_length=1)
    low: float | None = None
    high: float | None = None
    spread: Annotated[float, Field(gt=0.0)] | None = Field(
        None, description="Instead of low/high: nominal value plus or minus this amount."
    )
    distribution: Literal["uniform", "triangular"] = "uniform"
    note: str = Field(min_length=1, description="Why this is an assumption and what bounds it.")
    source: Id | None = None

    @model_validator(mode="after")
    def _range(self) -> Uncertainty:
        absolute = self.low is not None or self.high is not None
        if absolute and self.spread is not None:
            raise ValueError("give either low and high, or spread, not both")
        if absolute and (self.low is None or self.high is None):
            raise ValueError("give both low and high")
        if not absolute and self.spread is None:
            raise ValueError("give low and high, or spread")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        return self


class Scenario(Model):
    """One conflict, everything Accord needs to analyse it."""

    accord: Literal[1] = Field(description="Scenario format version.")
    meta: Meta
    sources: list[Source] = []
    mediator: Id | None = None
    veto_threshold: Unit = Field(
        0.5, description="A faction's red lines bind its actor only while its weight exceeds this."
    )
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    constraints: list[Constraint] = []
    levers: list[Lever] = []
    hypotheses: list[Hypothesis] = []
    hypothesis_sets: list[HypothesisSet] = []
    uncertainties: list[Uncertainty] = []
    packages: list[Package] = []
    lever_packages: list[LeverPackage] = []
    strategies: list[Strategy] = []
    baseline_levers: Id | None = Field(None, description="Lever package in force when none is named.")
    stability: GmcrModel | None = Field(None, description="A graph model of the conflict (GMCR), for `accord stability`.")

    @field_validator("issues")
    @classmethod
    def _not_too_many_issues(cls, issues: list[Issue]) -> list[Issue]:
        if len(issues) > 64:
            raise ValueError(f"at most 64 issues are supported, found {len(issues)}")
        return issues

    # Convenience look-ups (ids are checked unique by `checks`).
    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        return next(a for a in self.actors if a.id == actor_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        return next(i for i in self.issues if i.id == issue_id)

    @property
    def parties(self) -> list[Actor | Faction]:
        """Every holder of preferences: actors without factions that have preferences, and all factions."""
        out: list[Actor | Faction] = []
        for a in self.actors:
            if a.factions:
                out.extend(a.factions)
            elif a.preferences is not None:
                out.append(a)
        return out

    @property
    def deciders(self) -> list[Actor]:
        """Actors whose acceptance a deal needs."""
        return [a for a in self.actors if a.decides]
