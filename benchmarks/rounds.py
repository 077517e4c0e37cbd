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


def process(cmd: list[str], *, cwd: str | None = None, env: dict[str, str] | None = None) -> dict:
    """Run one fresh process as a user would and return what it cost it alone: wall and CPU seconds (user +
    system, its own children included once they are waited for), system seconds, minor page faults, peak RSS in
    MB (`ru_maxrss` of this very process, from `os.wait4`), exit code and standard output."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as out, open(os.devnull, "wb") as null:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=null, cwd=cwd, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "sys": ru.ru_stime,
        "minflt": ru.ru_minflt,
        "rss_mb": ru.ru_maxrss / 1024,
        "rc": p.returncode,
        "stdout": text,
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (what the user's system monitor shows at its worst)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    import os

    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Summary:
    """Every ratio a benchmark measures, against its target, printed at the end (and written as JSON for the
    gate, `benchmarks/gate.py`). Ratios are CPU time with the two sides interleaved in the same run, so the
    machine's load moves both and not the verdict. `higher`: the ratio should be at least the target (a
    speed-up); else at most (a cost, "x the floor"). The gate fails a ratio that misses its target by more than
    a factor of 2 (below half a speed-up target, above twice a cost target)."""

    def __init__(self, benchmark: str) -> None:
        self.benchmark = benchmark
        self.rows: list[dict] = []

    def add(
        self, what: str, ratio: float, target: float, higher: bool = True, gate: bool = True, unit: str = "x"
    ) -> None:
        """One ratio; `gate=False` for one printed against its target but not checked by the gate (an absolute
        figure, say, which load would move); `unit` "MB" for a peak RSS against its ceiling."""
        self.rows.append(
            {
                "benchmark": self.benchmark,
                "what": what,
                "ratio": ratio,
                "target": target,
                "higher": higher,
                "gate": gate,
                "unit": unit,
            }
        )

    @staticmethod
    def verdict(row: dict) -> str:
        r, t = row["ratio"], row["target"]
        met = r >= t if row["higher"] else r <= t
        if met:
            return "met"
        gate_ok = r >= t / 2 if row["higher"] else r <= t * 2
        return "missed" if gate_ok else "MISSED by more than 2x"

    def print(self, json_path: str | None = None) -> None:
        """The summary table; with `json_path`, the rows as JSON too."""
        print(f"\nSummary ({self.benchmark}; CPU-time ratios, sides interleaved; load average now {load_average()}):")
        for row in self.rows:
            sign = ">=" if row["higher"] else "<="
            u = row.get("unit", "x")
            print(
                f"  {row['what']:58s} {row['ratio']:9.2f}{u}  target {sign} {row['target']:g}{u}  "
                f"{self.verdict(row)}{'' if row['gate'] else ' (not gated)'}",
                flush=True,
            )
        if json_path:
            import json

            with open(json_path, "w", encoding="utf-8") as f:
                json.dump(self.rows, f)
