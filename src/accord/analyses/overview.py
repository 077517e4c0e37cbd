"""The overview `accord run` shows: named packages and the zone of agreement under every strategy and theory.

Rows are the scenario's lever packages (the baseline first); columns are the theories:
no hypotheses and each hypothesis set alone. Each cell holds the
zone of agreement's size, the Nash package's gains, and which named packages every
decider accepts, in the first month within the scenario's window at which a zone opens (the
levers held from month 0; month 0 when none opens).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from accord.analyses.bargaining import BargainResult, bargain, zone_opens
from accord.analyses.frames import Table, labels, levers_label, package_text, theory_label
from accord.analyses.frames import label as name
from accord.model.evaluation import Evaluation, evaluate, package_rows, screen
from accord.model.situation import situate, situate_batch, theories  # noqa: F401 - theories re-exported
from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class Cell:
    """One lever package under one theory."""

    levers: str
    theory: str
    bargain: BargainResult
    packages: dict[str, Evaluation]
    cost: float
    screen: tuple[str, ...] = ()  # warnings on the Nash package (accepted only because a camp's veto is weak)
    month: int = 0  # the month the zone first opens within the window (0 if it never does)
    shares: dict[str, float] = field(default_factory=dict)  # named package -> share of samples accepting it
    samples: int = 0


@dataclass(frozen=True)
class Overview:
    """Every lever package under every theory."""

    scenario: str
    lever_packages: tuple[str, ...]
    theories: tuple[str, ...]
    cells: tuple[Cell, ...]

    def cell(self, levers: str, theory: str) -> Cell:
        """The cell for a lever package and a theory."""
        return next(c for c in self.cells if c.levers == levers and c.theory == theory)

    def tables(self) -> list[Table]:
        """The zone of agreement under every lever package and theory (its size, the month it opens, the Nash
        package), and every named package's verdict there (accepted by every decider at the nominal numbers, and
        the share of sampled scenarios accepting it)."""
        n = self.cells[0].bargain.labels if self.cells else {}
        zones = Table(
            "Zone of agreement per lever package and theory",
            ("lever_package_id", "theory_id", "lever package", "theory"),
            ("cost per month", "zone size", "zone opens (month)", "Nash package"),
            [
                (
                    c.levers,
                    c.theory,
                    levers_label(n, c.levers),
                    theory_label(n, c.theory),
                    c.cost,
                    c.bargain.zone,
                    c.month if c.bargain.zone else None,
                    package_text(n, c.bargain.solutions["nash"].package) if c.bargain.solutions.get("nash") else None,
                )
                for c in self.cells
            ],
            key="zones",
        )
        named = Table(
            "Named packages per lever package and theory",
            ("package_id", "lever_package_id", "theory_id", "package", "lever package", "theory"),
            ("accepted (nominal)", "off the table", "share of samples", "rejected by"),
            [
                (
                    p,
                    c.levers,
                    c.theory,
                    name(n, p),
                    levers_label(n, c.levers),
                    theory_label(n, c.theory),
                    ev.accepted,
                    bool(ev.off_table),
                    c.shares.get(p),
                    labels(n, ev.rejected_by),
                )
                for c in self.cells
                for p, ev in c.packages.items()
            ],
            key="packages",
        )
        return [zones, named]


def overview(
    scenario: Scenario, progress: Callable[[int, int], None] | None = None, *, samples: int = 0, seed: int = 0
) -> Overview:
    """Bargain and evaluate every named package for every lever package and theory; with `samples`, also the
    share of sampled scenarios in which every decider accepts each named package within the window."""
    from accord.model.acceptance import accepts
    from accord.model.uncertainty import Design

    numbers = Design.of(scenario, "mc", seed).chunk(scenario, 0, samples)[1] if samples else None
    named = package_rows(scenario, [dict(p.options) for p in scenario.packages])
    lever_ids = [lp.id for lp in scenario.lever_packages]
    if scenario.baseline_levers in lever_ids:
        lever_ids.remove(scenario.baseline_levers)
        lever_ids.insert(0, scenario.baseline_levers)
    if not lever_ids:
        lever_ids = ["none"]
    th = theories(scenario)
    cells = []
    total = len(lever_ids) * len(th)
    for lv in lever_ids:
        for label, spec in th:
            at_start = situate(scenario, lv, spec)
            month = max(zone_opens(at_start, scenario.window)[0], 0)
            b = bargain(scenario, lv, spec, months=month)
            pk = {p.id: evaluate(scenario, p.id, lv, spec, months=month) for p in scenario.packages}
            nash = b.solutions["nash"]
            warn = tuple(screen(evaluate(scenario, nash.package, lv, spec, months=month), scenario)) if nash else ()
            shares: dict[str, float] = {}
            if numbers is not None and len(named):
                ok, _ = accepts(situate_batch(scenario, lv, spec, numbers=numbers), named, scenario.window)
                shares = {p.id: float(ok[:, k].mean()) for k, p in enumerate(scenario.packages)}
            cells.append(Cell(lv, label, b, pk, at_start.cost, warn, month, shares, samples))
            if progress is not None:
                progress(len(cells), total)
    return Overview(scenario.meta.id, tuple(lever_ids), tuple(t for t, _ in th), tuple(cells))
