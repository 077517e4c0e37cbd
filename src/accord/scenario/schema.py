"""The scenario format as typed, immutable models (one class per concept of MODEL.md).

Field names here are the YAML keys. Structural checks (types, ranges, unknown keys) live
here; checks that need the whole scenario (references between elements) live in `checks`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from accord.scenario.base import Id, Model, OptionRef, Source, Traced, Unit
from accord.scenario.gmcr import GmcrModel

FORMAT_VERSION = 2
"""The newest scenario format version (`accord: 2`); version-1 files keep their meaning (see `scenario.migrate`)."""


class Meta(Model):
    """What the scenario is."""

    id: Id
    title: str
    description: str | None = None
    date: str | None = None
    as_of: str | None = Field(
        None,
        description="The date the scenario (a case) is encoded as of (YYYY-MM-DD; "
        "default `date`): nothing dated after it informs a number, a quote "
        "or a belief, and every outcome is dated on or after it.",
    )
    authors: list[str] = []
    cost_unit: str | None = Field(
        None, description="Money unit of lever costs (a lever's `cost` is per month in it), e.g. 'US$ bn'."
    )
    lives_per_month: Annotated[float, Field(gt=0.0, le=1e7)] | None = Field(
        None, description="Lives lost per month of war (for `accord voi --goal lives`); an assumption unless sourced."
    )

    @field_validator("as_of")
    @classmethod
    def _iso(cls, v: str | None) -> str | None:
        return None if v is None else _parse_date(v).isoformat()


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


# --- issue 23: soft red lines (version 2) ---------------------------------------------------------------------


class SoftRedLine(Model):
    """A red line with a price: its holder gives it up only when its reservation value r(L) under the levers in force
    is below `gives_way_below`, and then only for a package whose utility less `cost` still reaches r(L)."""

    gives_way_below: float = Field(description="The holder's reservation value below which the red line gives way.")
    cost: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        description="Utility the holder loses by crossing its own red line (the price of giving way)."
    )
    gives_way_when: Condition | None = Field(
        None,
        description="Gives way only while this condition on the levers in force holds (a text's 'only under an "
        "ultimatum'); otherwise it binds like a hard red line, however low the holder's reservation value.",
    )


class RedLine(Traced):
    """A pattern of options the holder never accepts (`soft`: unless it gives way at a price): it is crossed when
    every condition holds."""

    id: Id
    when: dict[Id, OptionRef] = Field(min_length=1)
    soft: SoftRedLine | None = Field(
        None, description="Version 2: the red line gives way below a reservation value, at a cost."
    )


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
        None,
        description="Power the actor can bring to bear on the issues (expected-utility forecasting); "
        "its factions share it by influence weight.",
    )
    preferences: Preferences | None = None
    reservation: Reservation | None = None
    red_lines: list[RedLine] = []
    factions: list[Faction] = []


EffectTarget = Literal["reservation", "drift", "monthly_cost", "deal_value", "faction_weight", "option_value"]


WeightMode = Literal["shift", "at_least", "at_most", "set"]
PER_MONTH_TARGETS = ("reservation", "deal_value", "faction_weight")


class Effect(Traced):
    """A change a lever or hypothesis makes to one party's numbers.

    Once-off by default (the shift holds while the lever is pulled or the hypothesis's condition holds).
    With `per_month: true` the shift is `delta` for every month the lever has been sustained (or the
    condition has held), so pressure takes months to work: `r(t) = ... + delta * months_sustained`; on a
    faction weight (`mode: shift` only) `w(t) = w0 + delta * months_sustained`, clipped to [0, 1], the siblings
    sharing the rest in proportion to their weights.
    A `faction_weight` effect shifts the weight by `delta` (`mode: shift`), or sets it (`set`) or bounds
    it from below or above (`at_least`, `at_most`) at `delta`; the camp's siblings share the rest.
    """

    target: EffectTarget
    on: Id = Field(description="Actor or faction id (an actor with factions: each of its factions).")
    delta: float
    issue: Id | None = None
    option: Id | None = None
    per_month: bool = Field(False, description="The shift accrues each month the lever is sustained.")
    mode: WeightMode = Field("shift", description="faction_weight only: shift by delta, or set / bound it at delta.")

    @model_validator(mode="after")
    def _option_fields(self) -> Effect:
        if self.target == "option_value" and (self.issue is None or self.option is None):
            raise ValueError("an option_value effect needs `issue` and `option`")
        if self.target != "option_value" and (self.issue is not None or self.option is not None):
            raise ValueError(f"`issue`/`option` only go with target option_value, not {self.target}")
        if self.per_month and self.target not in PER_MONTH_TARGETS:
            raise ValueError(
                f"`per_month` goes with targets {', '.join(PER_MONTH_TARGETS)}, not {self.target} "
                "(drift is already per month)"
            )
        if self.per_month and self.mode != "shift":
            raise ValueError(
                f"`per_month` goes with `mode: shift` only, not `mode: {self.mode}` (a weight set or "
                "bounded at a value does not accrue)"
            )
        if self.mode != "shift" and self.target != "faction_weight":
            raise ValueError(f"`mode: {self.mode}` goes with target faction_weight only")
        if self.mode != "shift" and not 0.0 <= self.delta <= 1.0:
            raise ValueError(f"a faction weight set or bounded at {self.delta:g} must lie in [0, 1]")
        return self


class Lever(Traced):
    """Something an outside actor can do to a party: a stick or a carrot."""

    id: Id
    name: str | None = None
    kind: Literal["stick", "carrot", "signal"] = Field(
        description="stick (pressure), carrot (incentive), or signal (words with no material effect of their own, "
        "which hypotheses may still read)"
    )
    by: Id
    on: Id
    cost: Annotated[float, Field(ge=0.0)] = 0.0
    effects: list[Effect] = []
    unlocks: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="Options that are on the table only when this lever is pulled (issue -> options).",
    )
    tied: dict[Id, list[Id]] = Field(
        default_factory=dict,
        alias="for",
        description="Version 2, carrots: the options (issue -> options) the carrot's deal value is tied to; it counts "
        "only for packages that contain them (a convex share of the party's utility).",
    )


class Event(Traced):
    """A dated exogenous event (version 2): from its month on it moves numbers (its `effects`, as a lever's), the
    status quo of issues, and other actors' responses. `date` becomes a month counted in whole calendar months
    (rounded down) from `evidence.start`, else `meta.date`; a date before month 0 counts as month 0."""

    id: Id
    name: str | None = None
    date: str | None = Field(None, description="ISO date, YYYY-MM-DD (or give `month`).")
    month: Annotated[int, Field(ge=0, le=600)] | None = Field(
        None, description="The month it comes into force (or give `date`)."
    )
    effects: list[Effect] = []
    status_quo: dict[Id, Id] = Field(
        default_factory=dict, description="Issue -> the option that is the status quo from that month on."
    )
    responses_on: list[Id] = Field(
        default_factory=list,
        description="Responses in force from that month on (before it: as their own condition says).",
    )
    responses_off: list[Id] = Field(
        default_factory=list, description="Responses no longer in force from that month on."
    )
    scheduled: bool = Field(
        False,
        description="The event was scheduled and publicly known by the as-of date (an "
        "election, a referendum, a deadline), so it may be dated after it; "
        "its effects stay the encoder's ranged assumptions.",
    )

    @field_validator("date")
    @classmethod
    def _iso(cls, v: str | None) -> str | None:
        return None if v is None else _parse_date(v).isoformat()

    @model_validator(mode="after")
    def _when(self) -> Event:
        if (self.date is None) == (self.month is None):
            raise ValueError("an event gives exactly one of `date` (YYYY-MM-DD) or `month` (a whole month >= 0)")
        if not (self.effects or self.status_quo or self.responses_on or self.responses_off):
            raise ValueError(
                "an event needs `effects`, `status_quo`, `responses_on` or `responses_off` (what it changes)"
            )
        return self


class Condition(Model):
    """When a hypothesis applies, as a conjunction over the levers in force held by `by` (and, version 2, over
    dated events and the month: `after_event`, `before_event`, `from_month`, `until_month`).

    `by`: whose levers the condition reads: `mediator` (the scenario's mediator), an actor id, or `anyone`.
    Absent: `anyone` in version 1 (every lever in force), the mediator's own levers in version 2."""

    by: Id | None = Field(None, description="Whose levers it reads: mediator, an actor id, or anyone (version 2).")
    any_stick_on: Id | None = None
    no_stick_on: Id | None = None
    any_carrot_to: Id | None = None
    no_carrot_to: Id | None = None
    levers_pulled: list[Id] = []
    levers_not_pulled: list[Id] = []
    after_event: Id | None = Field(None, description="Version 2: holds from that event's month on.")
    before_event: Id | None = Field(None, description="Version 2: holds before that event's month only.")
    from_month: Annotated[int, Field(ge=0, le=600)] | None = Field(
        None, description="Version 2: holds from this month on."
    )
    until_month: Annotated[int, Field(ge=0, le=600)] | None = Field(
        None, description="Version 2: holds for months before this one."
    )


class HeldRedLine(RedLine):
    """A red line a hypothesis adds (new demands, or a condition a text says a party insists on)."""

    holder: Id = Field(description="Actor or faction that holds the red line while the hypothesis applies.")


class Hypothesis(Traced):
    """An attributed causal claim about how levers work, switchable per analysis."""

    id: Id
    statement: str
    when: Condition = Condition()
    effects: list[Effect] = []
    red_lines: list[HeldRedLine] = Field(
        default_factory=list, description="Red lines the holder adds while the hypothesis applies."
    )

    @model_validator(mode="after")
    def _does_something(self) -> Hypothesis:
        if not self.effects and not self.red_lines:
            raise ValueError("a hypothesis needs `effects` or `red_lines` (what it changes)")
        return self


class Response(Traced):
    """Another actor's own policy: levers it pulls whatever the mediator does, or when a condition holds.

    The condition is read on the mediator's lever package; a response is never pulled by the mediator.
    """

    id: Id
    name: str | None = None
    by: Id
    levers: list[Id] = Field(min_length=1)
    when: Condition = Condition()


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


# --- issue 23: offer sets (version 2) ----------------------------------------------------------------------------


class OfferSet(Traced):
    """What an actor is willing to put on the table: allowed options per issue and/or a list of named packages.

    In force whenever its holder (`by`, default the mediator) is the actor proposing, and, with `levers` (a lever
    package or strategy id), only while that lever package is pulled (then it replaces the holder's general offer
    set). Issues it does not list are open."""

    id: Id
    name: str | None = None
    by: Id | None = Field(None, description="The actor that makes the offers (default: the mediator).")
    levers: Id | None = Field(None, description="Lever package or strategy it goes with (default: any).")
    options: dict[Id, list[Id]] = Field(default_factory=dict, description="Issue -> the options it may offer.")
    packages: list[Id] = Field(default_factory=list, description="Named packages it may offer (only these).")

    @model_validator(mode="after")
    def _says_something(self) -> OfferSet:
        if not self.options and not self.packages:
            raise ValueError("an offer set needs `options` (issue -> options) or `packages`")
        return self


class LeverPackage(Traced):
    """A named set of levers pulled together, all held by one actor (`by`, default the mediator)."""

    id: Id
    name: str | None = None
    by: Id | None = None
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


ClaimKind = Literal[
    "accepts",
    "rejects",
    "in_zone",
    "in_solution",
    "zone",
    "deal_within",
    "more_likely",
    "shift",
    "time",
    "prefers",
    "in_force",
]
Solutions = Literal["nash", "kalai_smorodinsky", "utilitarian", "egalitarian"]


class Claim(Traced):
    """One statement a source makes that the model must reproduce, under the theory it is meant for.

    Kinds (the fields each reads):
    - `accepts` / `rejects`: `actor` (an actor or a faction) accepts or rejects `package`, or, with
      `options`, every package on the table that has those options (`rejects`) or some such package (`accepts`).
    - `in_zone`: some package with `options` is (`expect: true`) or none is (`false`) in the zone of agreement.
    - `in_solution`: the `solution` (default Nash) has (`true`) or lacks (`false`) `options`.
    - `zone`: a zone of agreement opens (`true`) or does not (`false`) within `months` (default: the window).
    - `deal_within`: `strategy` ends in a deal within `months` (`true`) or does not (`false`).
    - `more_likely`: `strategy` ends in a deal at least as early as `than` (never counts as latest).
    - `shift`: `levers` move `quantity` (a faction's `weight`, or an actor's or faction's `reservation`)
      in `direction` (`rises` / `falls`) against the `compared_to` lever package (default: none).
    - `time`: `actor`'s value of continued war `rises` or `falls` with every month under `levers`.
    - `prefers`: `actor` values option `better` of `issue` above option `worse`.
    - `in_force`: `lever` is in force under `levers` (directly or by another actor's response).
    """

    id: Id
    kind: ClaimKind
    statement: str = Field(min_length=1)
    theory: Id | list[Id] = Field(
        "all", description="Hypothesis set(s) it holds under; `all`: every set; `none`: no hypotheses."
    )
    levers: Id | list[Id] | None = Field(None, description="Lever package or lever ids (default: the baseline).")
    actor: Id | None = None
    package: Id | None = None
    options: dict[Id, OptionRef] = {}
    solution: Solutions = "nash"
    expect: bool = True
    strategy: Id | None = None
    than: Id | None = None
    months: Annotated[int, Field(ge=0, le=600)] | None = None
    month: Annotated[float, Field(ge=0.0, le=600.0)] | None = Field(
        None,
        description="Month at which the statement is checked (absent: month 0; an evidence event: its date's month).",
    )
    quantity: Literal["weight", "reservation"] | None = None
    direction: Literal["rises", "falls"] | None = None
    compared_to: Id | list[Id] = "none"
    issue: Id | None = None
    better: Id | None = None
    worse: Id | None = None
    lever: Id | None = None
    role: Literal["assumption", "conclusion"] | None = Field(
        None,
        description="Version 2 (required there): `assumption` restates what a hypothesis, red line or response "
        "says (checked, shown apart, never counted as support); `conclusion` must emerge from the "
        "mechanisms.",
    )

    @model_validator(mode="after")
    def _fields(self) -> Claim:
        need = {
            "accepts": ("actor",),
            "rejects": ("actor",),
            "in_zone": ("options",),
            "in_solution": ("options",),
            "zone": (),
            "deal_within": ("strategy",),
            "more_likely": ("strategy", "than"),
            "shift": ("quantity", "direction", "actor"),
            "time": ("actor", "direction"),
            "prefers": ("actor", "issue", "better", "worse"),
            "in_force": ("lever",),
        }[self.kind]
        missing = [f for f in need if not getattr(self, f)]
        if missing:
            raise ValueError(f"a {self.kind} claim needs {', '.join(f'`{m}`' for m in missing)}")
        if self.kind in ("accepts", "rejects") and (self.package is None) == (not self.options):
            raise ValueError(f"a {self.kind} claim names either `package` or `options`, not both or neither")
        return self


class Observation(Claim):
    """An observation: what happened on `date`, stated as an outcome the model predicts (a claim's kind and
    fields), with `observed` saying whether the statement held (`interpreted: true`: the outcome is an author's
    reading, not an observed fact). `theory` is not read: evidence is weighed under
    every hypothesis set. Levers default to those of the evidence section; the month is the date's distance from
    the section's `start`, in months."""

    date: str = Field(description="ISO date, YYYY-MM-DD.")
    observed: bool | None = Field(
        True,
        description="Whether the statement held; null: not yet known (a future "
        "observation the model can say is worth waiting for).",
    )
    change: bool = Field(
        False,
        description="Whether the outcome is a change from how things stood (the "
        "no-change baseline of the hindcast predicts that it does not happen).",
    )
    base_rate: Unit | None = Field(
        None, description="The probability a base-rate forecaster gives it (default: the section's `base_rate`)."
    )
    interpreted: bool = Field(
        False,
        description="Version 2: the outcome is an author's reading, not an observed "
        "fact (`accord evidence` leads with the posterior without these).",
    )

    @field_validator("date")
    @classmethod
    def _iso(cls, v: str) -> str:
        return _parse_date(v).isoformat()


def _parse_date(v: str) -> date:
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"{v!r} is not a date of the form YYYY-MM-DD") from None


class EvidenceRecord(Model):
    """What has been observed, for weighing the theories (`accord evidence`)."""

    start: str = Field(description="Month 0 of the record (YYYY-MM-DD): when its levers began.")
    levers: Id | list[Id] | None = Field(None, description="Levers in force over the record (default: the baseline).")
    floor: Annotated[float, Field(gt=0.0, lt=0.5)] = Field(
        0.05,
        description="Chance that an observation goes against what a model predicts in a sample (so no "
        "theory is ruled out by one event).",
    )
    base_rate: Unit = Field(0.5, description="The base-rate forecaster's probability for an event that gives none.")
    observations: list[Observation] = Field(default_factory=list, description="What was observed (at least one).")
    events: list[Observation] = Field(
        default_factory=list,
        description="Version 1's name for `observations` (still read; `accord migrate` renames it).",
    )

    @field_validator("start")
    @classmethod
    def _iso(cls, v: str) -> str:
        return _parse_date(v).isoformat()

    @model_validator(mode="after")
    def _items(self) -> EvidenceRecord:
        if self.events and self.observations and self.events != self.observations:  # (equal: a stored copy)
            raise ValueError("give `observations` (version 1: `events`), not both")
        if not self.events and not self.observations:
            raise ValueError("the record needs `observations` (at least one)")
        if self.events:  # read under version 1's name: both hold the items (a stored copy reads back the same)
            object.__setattr__(self, "observations", self.events)
        return self

    @property
    def key(self) -> str:
        """The YAML key its items were given under: `observations`, or version 1's `events`."""
        return "events" if self.events else "observations"

    def month_of(self, day: str) -> float:
        """Months from `start` to `day` (30.44 days a month)."""
        return (_parse_date(day) - _parse_date(self.start)).days / 30.4375


OutcomeKind = Literal["plan", "posture", "deal_month"]


class Outcome(Traced):
    """A dated verdict whose fate is known, for `accord backtest`. Three kinds (the fields each reads):

    - `plan`: the named `package` put on `date` under `levers` (default: the baseline): `accepted` by every
      decider (true) or not (false, with the deciders that `refused_by` it);
    - `posture`: from `date`, a `strategy` (played out month by month) or a lever package (`levers`: a zone of
      agreement opens) for `months` months: did a `deal` come?
    - `deal_month`: where there was a deal, the `month` it came, counted from `date`, under `strategy` (or
      `levers`).

    `date` becomes a model month counted from `evidence.start` (or `meta.as_of`), 30.4375 days a month.
    """

    id: Id
    kind: OutcomeKind
    date: str = Field(description="ISO date, YYYY-MM-DD: when the plan was put or the posture began.")
    statement: str = Field(min_length=1)
    package: Id | None = None
    levers: Id | list[Id] | None = Field(
        None,
        description="Lever package or lever ids in force (default: the "
        "baseline); for a posture without a strategy, the posture.",
    )
    strategy: Id | None = None
    accepted: bool | None = Field(None, description="plan: accepted by every decider (true) or not (false).")
    refused_by: list[Id] | None = Field(None, description="plan: the deciders that refused it.")
    months: Annotated[int, Field(ge=1, le=600)] | None = Field(None, description="posture: months it was given.")
    deal: bool | None = Field(None, description="posture: whether a deal came within `months`.")
    month: Annotated[int, Field(ge=0, le=600)] | None = Field(
        None, description="deal_month: the month of the deal, counted from `date`."
    )

    @field_validator("date")
    @classmethod
    def _iso(cls, v: str) -> str:
        return _parse_date(v).isoformat()

    @model_validator(mode="after")
    def _fields(self) -> Outcome:
        need = {"plan": ("package", "accepted"), "posture": ("months", "deal"), "deal_month": ("month",)}[self.kind]
        missing = [f for f in need if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.kind} outcome needs {', '.join(f'`{m}`' for m in missing)} (its known fate)")
        allowed = {
            "plan": {"package", "levers", "accepted", "refused_by"},
            "posture": {"strategy", "levers", "months", "deal"},
            "deal_month": {"strategy", "levers", "month"},
        }[self.kind]
        stray = [
            f
            for f in ("package", "strategy", "accepted", "refused_by", "months", "deal", "month")
            if f not in allowed and getattr(self, f) is not None
        ]
        if stray:
            raise ValueError(f"{', '.join(f'`{f}`' for f in stray)} do(es) not go with a {self.kind} outcome")
        if self.kind != "plan" and (self.strategy is None) == (self.levers is None):
            raise ValueError(f"a {self.kind} outcome names either `strategy` or `levers`, not both or neither")
        if self.kind == "plan" and self.accepted and self.refused_by:
            raise ValueError("an accepted plan is refused by no one; drop `refused_by` or set `accepted: false`")
        return self

    @property
    def fate(self) -> bool:
        """What happened, as a yes/no: accepted, a deal within the months, or (deal_month) a deal by the month."""
        if self.kind == "plan":
            return bool(self.accepted)
        if self.kind == "posture":
            return bool(self.deal)
        return True


class Uncertainty(Model):
    """A number no source fixes: its range, by path (`*` matches every key or id at a level).

    Version 2: with nothing but `path`, a non-zero nominal x ranges log-uniformly over [x/2, 2x] (sign kept);
    `factor: k` over [x/k, k*x]; `spread: s` over [x-s, x+s] cut at zero on the side that would cross it; explicit
    `low`/`high` as written. Bounded shares (faction weights, beliefs, `veto_threshold`) default to triangular
    around the nominal value. Version 1: `low`/`high` or `spread` required, uniform by default, spreads absolute."""

    path: str = Field(min_length=1)
    low: float | None = None
    high: float | None = None
    spread: Annotated[float, Field(gt=0.0)] | None = Field(
        None, description="Instead of low/high: nominal value plus or minus this amount."
    )
    factor: Annotated[float, Field(gt=1.0, le=1e6)] | None = Field(
        None, description="Version 2, instead of low/high: from nominal/factor to nominal*factor (sign kept)."
    )
    distribution: Literal["uniform", "triangular", "log_uniform"] | None = Field(
        None,
        description="Default: uniform in version 1; in version 2 triangular around the nominal value for "
        "bounded shares, log-uniform for relative ranges (none given, or `factor`), uniform for "
        "`spread` and explicit `low`/`high`.",
    )
    note: str = Field(min_length=1, description="Why this is an assumption and what bounds it.")
    source: Id | None = None

    @model_validator(mode="after")
    def _range(self) -> Uncertainty:
        absolute = self.low is not None or self.high is not None
        if sum([absolute, self.spread is not None, self.factor is not None]) > 1:
            raise ValueError("give at most one of: low and high, spread, factor")
        if absolute and (self.low is None or self.high is None):
            raise ValueError("give both low and high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        return self


class Scenario(Model):
    """One conflict, everything Accord needs to analyse it."""

    accord: Literal[1, 2] = Field(description="Scenario format version (1 or 2; `accord migrate` rewrites 1 as 2).")
    meta: Meta
    sources: list[Source] = []
    mediator: Id | None = None
    veto_threshold: Unit = Field(
        0.5,
        description="A faction's red lines bind its actor only while its weight is at least this (a camp not "
        "outweighed keeps its veto).",
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
    offers: list[OfferSet] = Field(
        default_factory=list, description="Version 2: what each actor is willing to put on the table."
    )
    strategies: list[Strategy] = []
    responses: list[Response] = Field(
        default_factory=list, description="Other actors' own policies, never pulled by the mediator."
    )
    claims: list[Claim] = Field(default_factory=list, description="Statements of the sources the model must reproduce.")
    evidence: EvidenceRecord | None = Field(None, description="Observations, for weighing the theories.")
    events: list[Event] = Field(
        default_factory=list,
        description="Version 2: dated exogenous events (elections, offensives, ...) in force from their month on.",
    )
    outcomes: list[Outcome] = Field(
        default_factory=list, description="Dated verdicts with known fates, for `accord backtest`."
    )
    window: Annotated[int, Field(ge=1, le=600)] = Field(
        12,
        description="Months a lever package is given to work: explore, leverage and claims look for a deal "
        "within them.",
    )
    baseline_levers: Id | None = Field(None, description="Lever package in force when none is named.")
    stability: GmcrModel | None = Field(
        None, description="A graph model of the conflict (GMCR), for `accord stability`."
    )

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

    def name_of(self, ident: str) -> str:
        """The name an actor or faction goes by in output (its id if it has no name)."""
        for a in self.actors:
            if a.id == ident:
                return a.name or a.id
            for f in a.factions:
                if f.id == ident:
                    return f.name or f.id
        return ident

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
    def as_of(self) -> str | None:
        """The date the scenario is encoded as of: `meta.as_of`, else `meta.date` (ISO text, or None)."""
        if self.meta.as_of is not None:
            return self.meta.as_of
        if self.meta.date is None:
            return None
        try:
            return _parse_date(self.meta.date).isoformat()
        except ValueError:
            return None

    def outcome_month(self, day: str) -> float:
        """Model month of a date: counted from `evidence.start`, else from the as-of date (30.4375 days a month)."""
        start = self.evidence.start if self.evidence is not None else self.as_of
        if start is None:
            return 0.0
        return (_parse_date(day) - _parse_date(start)).days / 30.4375

    def event_month(self, ev: Event) -> int:
        """The month a dated event comes into force: its `month`, else its date in whole calendar months (rounded
        down) after `evidence.start`, else after `meta.date`; never before month 0."""
        if ev.month is not None:
            return ev.month
        start = self.evidence.start if self.evidence is not None else self.meta.date
        if start is None or ev.date is None:
            raise ValueError(
                f"event {ev.id!r} is dated but the scenario has neither `evidence.start` nor "
                "`meta.date` to count months from"
            )
        a, b = _parse_date(start), _parse_date(ev.date)
        return max(0, (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day))

    def events_by_month(self) -> list[tuple[int, Event]]:
        """(month, event) in date order (ties: file order)."""
        return sorted(((self.event_month(e), e) for e in self.events), key=lambda x: x[0])

    @property
    def deciders(self) -> list[Actor]:
        """Actors whose acceptance a deal needs."""
        return [a for a in self.actors if a.decides]
