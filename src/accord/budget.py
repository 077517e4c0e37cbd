"""Long work announces itself: an estimate of its CPU before it starts, a refusal above a limit unless the user
asks for `--large`, and ticks from inner loops that the command line shows as a progress line.

The estimates are of CPU seconds on one core of the 2-core machine the figures were measured on (forecasts:
actors^2 or actors^3 per round; graph models: states^2); they are meant to be right within a factor of a few,
which is what telling a one-second run from a one-hour run needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from accord.errors import AccordError

LIMIT = 60.0
"""Estimated CPU seconds above which a command asks for `--large` before it starts."""
ANNOUNCE = 5.0
"""Estimated CPU seconds above which a command says what it estimates and shows a progress line."""

_TICK: ContextVar[Callable[[], None] | None] = ContextVar("accord_tick", default=None)


@dataclass(frozen=True)
class Estimate:
    """An estimate of a piece of work: CPU seconds, what it is and how it grows."""

    seconds: float
    what: str

    @property
    def long(self) -> bool:
        """Whether the work should be announced and show a progress line."""
        return self.seconds > ANNOUNCE

    def line(self) -> str:
        """The estimate as one line for the user."""
        return f"{self.what}: about {duration(self.seconds)} of CPU"


def duration(seconds: float) -> str:
    """Seconds as a short human duration."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.1f} h"


def check(estimate: Estimate, large: bool, smaller: str) -> None:
    """Refuse work estimated above `LIMIT` unless `large`; `smaller` says how to make it smaller."""
    if estimate.seconds > LIMIT and not large:
        raise AccordError(
            f"{estimate.line()} (more than {LIMIT:.0f} s); add --large to run it anyway, with a "
            f"progress line, or {smaller}"
        )


@contextmanager
def ticking(callback: Callable[[], None] | None) -> Iterator[None]:
    """Within the block, every `tick()` calls `callback` (a progress line's step)."""
    token = _TICK.set(callback)
    try:
        yield
    finally:
        _TICK.reset(token)


def tick() -> None:
    """One step of long work done (a round of a forecast): the progress line moves, if one is shown."""
    callback = _TICK.get()
    if callback is not None:
        callback()
