"""Worker processes end with the command that started them, even when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from accord.workers import pool

    def sleepy(folder):
        (Path(folder) / str(os.getpid())).touch()  # this worker is set up (its initializer ran) and busy
        time.sleep(60)
        return os.getpid()

    if __name__ == "__main__":
        folder = Path(sys.argv[1])
        with pool(2) as p:
            futures = [p.submit(sleepy, str(folder)) for k in range(2)]
            deadline = time.monotonic() + 30  # wait until both workers run a task, not for a fixed time
            while time.monotonic() < deadline and len(list(folder.iterdir())) < 2:
                time.sleep(0.01)
            print(" ".join(str(x) for x in p._processes), flush=True)
            time.sleep(60)  # the parent's own work: it is killed long before this ends
""")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie has ended; it only waits to be reaped
        return fh.read().split()[2] != "Z"


def test_workers_end_when_the_parent_is_killed(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    started = tmp_path / "started"
    started.mkdir()
    parent = subprocess.Popen([sys.executable, str(script), str(started)], stdout=subprocess.PIPE, text=True)
    workers = [int(x) for x in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(w) for w in workers)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(alive(w) for w in workers)


def test_keeping_the_heap_changes_no_answer_and_is_undone(monkeypatch):
    """Sampling keeps freed memory for reuse (glibc's thresholds pinned, page faults spared): the same explore run
    gives the same answer with it and without it, and outside the block glibc's defaults are set back (the
    thresholds re-set to 128 KiB and the kept memory trimmed)."""
    import accord
    import accord.workers as w
    from accord.analyses.explore import explore

    calls = []
    real = w._mallopt
    monkeypatch.setattr(w, "_mallopt", lambda trim, mmap: calls.append((trim, mmap)) or real(trim, mmap))
    s = accord.load()
    kept = explore(s, 3000, strategies=["solodkyy_levers@solodkyy"], seed=2, workers=1, exact=0)
    assert calls == [(2**31 - 1, 2**30), (128 * 1024, 128 * 1024)] or not real(128 * 1024, 128 * 1024)
    monkeypatch.setattr(w, "_mallopt", lambda trim, mmap: False)  # as where there is no glibc: nothing pinned
    plain = explore(s, 3000, strategies=["solodkyy_levers@solodkyy"], seed=2, workers=1, exact=0)
    assert kept.strategies[0].p_deal == plain.strategies[0].p_deal and 0 < plain.strategies[0].p_deal < 1
