"""Evaluating one package: every actor's and faction's utility, reservation value, verdict and reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.errors import SelectionError
from accord.model.acceptance import PartyView, views
from accord.model.situation import Situation, situate, status_quo_at
from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class RedLineHit:
    """A red line the package crosses, who holds it, whether it binds, and the words it rests on."""

    id: str
    holder: str
    actor: str
    binding: bool
    source: str | None
    quote: str | None


@dataclass(frozen=True)
class Verdict:
    """One actor's or faction's view of a package."""

    id: str
    kind: str  # "actor" or "faction"
    actor: str
    decides: bool
    weight: float | None
    utility: float
    reservation: float
    accepts: bool
    red_lines: tuple[RedLineHit, ...]
    reasons: tuple[str, ...]

    @property
    def gain(self) -> float:
        """Utility above the reservation value (negative: worse than continued war)."""
        return self.utility - self.reservation


@dataclass(frozen=True)
class Evaluation:
    """A package judged by every party under one lever package and set of hypotheses."""

    scenario: str
    package: dict[str, str]
    levers: tuple[str, ...]
    hypotheses: tuple[str, ...]
    applied_hypotheses: tuple[str, ...]
    cost: float
    off_table: tuple[str, ...]
    excluded_by: tuple[str, ...]
    actors: tuple[Verdict, ...]
    factions: tuple[Verdict, ...]

    @property
    def accepted(self) -> bool:
        """Whether every decider accepts and the package is on the table and feasible."""
        return not self.off_table and not self.excluded_by and all(v.accepts for v in self.actors if v.decides)

    @property
    def rejected_by(self) -> tuple[str, ...]:
        """Deciders that reject the package."""
        return tuple(v.id for v in self.actors if v.decides and not v.accepts)


def package_rows(scenario: Scenario, packages: list[dict[str, str] | None]) -> np.ndarray:
    """(packages, issues) option indices of packages (gaps take the status quo); a None package is a row of -1s."""
    index = [{o.id: k for k, o in enumerate(i.options)} for i in scenario.issues]
    rows = []
    for pkg in packages:
        if pkg is None:
            rows.append([-1] * len(scenario.issues))
            continue
        full = parse_package(scenario, pkg)
        rows.append([index[k][full[i.id]] for k, i in enumerate(scenario.issues)])
    return np.array(rows, dtype=np.int64).reshape(len(rows), len(scenario.issues))


def parse_package(scenario: Scenario, spec: str | dict[str, str], month: float = 0.0) -> dict[str, str]:
    """A full package from a named package id, `issue=option,...` text, or a mapping; gaps take the status quo
    (at `month`: dated events may have moved it)."""
    chosen: dict[str, str]
    if isinstance(spec, dict):
        chosen = dict(spec)
    else:
        named = {p.id: p for p in scenario.packages}
        if spec in named:
            chosen = dict(named[spec].options)
        elif "=" in spec:
            chosen = {}
            for part in (x.strip() for x in spec.split(",") if x.strip()):
                issue, sep, option = part.partition("=")
                if not sep:
                    raise SelectionError(f"package term {part!r} is not of the form issue=option")
                if issue.strip() in chosen:
                    raise SelectionError(
                        f"issue {issue.strip()!r} is given twice in the package {spec!r}; give each issue one option"
                    )
                chosen[issue.strip()] = option.strip()
        else:
            raise SelectionError(
                f"unknown package {spec!r}; named packages: {', '.join(named) or '(none)'}; "
                "or give issue=option,issue=option"
            )
    issues = {i.id: i for i in scenario.issues}
    for issue_id, opt in chosen.items():
        if issue_id not in issues:
            raise SelectionError(f"unknown issue {issue_id!r}; issues: {', '.join(issues)}")
        options = [o.id for o in issues[issue_id].options]
        if opt not in options:
            raise SelectionError(f"unknown option {opt!r} for issue {issue_id!r}; options: {', '.join(options)}")
    sq = status_quo_at(scenario, month)
    return {i.id: chosen.get(i.id, sq[i.id]) for i in scenario.issues}


def evaluate(
    scenario: Scenario,
    package: str | dict[str, str],
    levers: str | list[str] | None = None,
    hypotheses: str | list[str] | None = None,
    *,
    months: float = 0.0,
) -> Evaluation:
    """Judge one package: utilities, reservation values, red lines crossed and every decider's verdict."""
    pkg = parse_package(scenario, package, months)
    sit = situate(scenario, levers, hypotheses, months)
    return judge(sit, pkg)


def judge(sit: Situation, pkg: dict[str, str]) -> Evaluation:
    """Evaluate a full package in an already compiled situation (the verdicts and reasons: `accord.model.acceptance`)."""
    scenario = sit.scenario
    opts = np.array([[o.id for o in i.options].index(pkg[i.id]) for i in scenario.issues])
    faction_views, actor_views, off_table, excluded = views(sit, opts)

    def hits(v: PartyView) -> tuple[RedLineHit, ...]:
        return tuple(
            RedLineHit(rl.pattern.id, rl.holder, rl.actor, rl.binding, rl.source, rl.quote) for rl in v.red_lines
        )

    factions = []
    for a in scenario.actors:
        for f in a.factions:
            v = faction_views[f.id]
            factions.append(
                Verdict(
                    f.id,
                    "faction",
                    a.id,
                    a.decides,
                    sit.weights[f.id],
                    v.utility,
                    v.reservation,
                    v.accepts,
                    hits(v),
                    v.reasons + v.notes,
                )
            )
    actors = []
    for aid in sit.actor_ids:
        v = actor_views[aid]
        actors.append(
            Verdict(
                aid,
                "actor",
                aid,
                scenario.actor(aid).decides,
                None,
                v.utility,
                v.reservation,
                v.accepts,
                hits(v),
                v.reasons + v.notes,
            )
        )
    return Evaluation(
        scenario=scenario.meta.id,
        package=pkg,
        levers=sit.levers,
        hypotheses=sit.hypotheses,
        applied_hypotheses=sit.applied_hypotheses,
        cost=sit.cost,
        off_table=off_table,
        excluded_by=excluded,
        actors=tuple(actors),
        factions=tuple(factions),
    )


def screen(ev: Evaluation, scenario: Scenario) -> list[str]:
    """Warnings for a package an actor accepts only because a camp's red line does not bind.

    Such a solution rests on the camp, not on the terms: "Russia accepts NATO membership only because the
    hard-line veto stops binding at weight 0.35". A camp below the veto threshold cannot impose its line; a camp
    at or above it has given way on a soft line, at its price, once its value of continued war fell low enough.
    Each warning names the actor, the camp, the red line (by its quote) and the weight against the threshold.
    """
    names = {f.id: f.name or f.id for a in scenario.actors for f in a.factions}
    thr = scenario.veto_threshold
    out = []
    for v in ev.actors:
        if not v.accepts:
            continue
        for h in v.red_lines:
            if not h.binding and h.holder in names:
                weight = next(f.weight for f in ev.factions if f.id == h.holder)
                actor = scenario.actor(v.id)
                line = f'"{h.quote}"' if h.quote else h.id  # the words it rests on; the id stays in --json
                if weight is not None and weight < thr:
                    out.append(
                        f"rests on a camp's weight: {actor.name or actor.id} accepts it only while the "
                        f"{names[h.holder]} (weight {weight:.2f}, veto threshold {thr:.2f}) cannot impose its "
                        f"red line {line}"
                    )
                else:
                    out.append(
                        f"rests on a red line giving way: the {names[h.holder]} (weight {weight or 0:.2f}, veto "
                        f"threshold {thr:.2f}) drops its red line {line} at a price, once its value of continued "
                        "war has fallen below the line's threshold"
                    )
    return out
