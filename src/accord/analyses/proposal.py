"""The proposal a lever package makes possible: what the mediator puts forward under it.

A lever package puts options on the table and moves the parties' values, so the proposal
depends on it. Accord's rule, the same in `explore`, `leverage`, `simulate` and `run`: the
mediator proposes the **Nash bargaining package of the zone of agreement the lever package
opens, at the scenario's own (nominal) numbers, in the first month within the window at which
a zone opens** (the levers held from month 0). If no zone opens within the window there is
no proposal, and no deal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.analyses.bargaining import bargain_situation, zone_opens
from accord.model.situation import situate
from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class Proposal:
    """The package a mediator puts forward under a lever package and theory, and from which month."""

    levers: str
    theory: str | None
    package: dict[str, str] | None
    month: int | None
    zone: int  # packages in the zone that month (0: none within the window)
    offers: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})  # offer sets searched in; () : all

    @property
    def rule(self) -> str:
        """How the proposal was chosen, in words."""
        if self.package is None:
            return "no zone of agreement opens within the window at the nominal numbers: no proposal"
        within = f"within offer set {', '.join(self.offers)}" if self.offers else "the best package that exists"
        return f"Nash package of the zone that opens in month {self.month} (nominal numbers), {within}"


def propose(
    scenario: Scenario, levers: str | list[str] | None, hypotheses: str | list[str] | None, window: int | None = None
) -> Proposal:
    """The Nash package of the first zone of agreement the lever package opens within the window."""
    w = scenario.window if window is None else window
    label = levers if isinstance(levers, str) or levers is None else ",".join(levers)
    theory = hypotheses if isinstance(hypotheses, str) or hypotheses is None else ",".join(hypotheses)
    sit = situate(scenario, levers, hypotheses)
    month, size = zone_opens(sit, w)
    if month < 0:
        return Proposal(label or "baseline", theory, None, None, 0, sit.offers)
    nash = bargain_situation(situate(scenario, levers, hypotheses, months=month)).solutions["nash"]
    return Proposal(label or "baseline", theory, nash.package if nash else None, month, size, sit.offers)
