"""What the benchmarks share: timing one call in wall and CPU seconds, and printing rounds as median [min-max]."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def spread(xs: list[float], digits: int = 3) -> str:
    """The rounds' median [min-max]."""
    return f"{statistics.median(xs):.{digits}f} [{min(xs):.{digits}f}-{max(xs):.{digits}f}]"
