"""The run store: saved runs list, show and compare; a killed run leaves a readable store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import numpy as np

import accord
from accord.runs import RunStore


def test_start_finish_list_get(tmp_path, two_by_two):
    """A run is running, then complete with its summary and arrays."""
    store = RunStore(tmp_path / "r.sqlite")
    rid = store.start("explore", two_by_two, {"samples": 10}, seed=3)
    assert store.get(rid).status == "running"
    store.finish(rid, {"strategies": [{"id": "x", "p_deal": 0.5}]}, {"p": np.array([0.5, 0.25])}, 1.5)
    run = store.get(rid[:12])
    assert run.status == "complete" and run.summary["strategies"][0]["p_deal"] == 0.5
    assert run.versions["accord"] == accord.__version__ and run.seed == 3
    assert np.array_equal(store.array(rid, "p"), [0.5, 0.25])
    assert [r.id for r in store.list()] == [rid]


def test_killed_run_leaves_store_intact(tmp_path):
    """Kill `accord explore` mid-way: the store opens, passes its integrity check, and shows the run as
    interrupted (its process is gone), with nothing half-written."""
    path = tmp_path / "runs.sqlite"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "accord.cli", "explore", "-n", "3000000", "--workers", "1",
                             "--exact", "0", "-s", "lieven_levers@lieven", "--store", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and RunStore(path).list():
            break
        time.sleep(0.2)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    runs = RunStore(path).list()
    assert len(runs) == 1 and runs[0].status == "interrupted" and "ended before the results" in runs[0].summary[
        "error"]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM arrays").fetchone()[0] == 0


def test_a_run_that_fails_is_marked_failed(tmp_path):
    """A run that stops on an error is `failed` in the store with the reason, never left `running`."""
    from typer.testing import CliRunner

    from accord.cli import app
    from accord.runs import RunStore

    store = tmp_path / "runs.sqlite"
    r = CliRunner().invoke(app, ["explore", "-n", "100", "-s", "lieven_levers@nosuch", "--store", str(store)])
    assert r.exit_code == 1
    (run,) = RunStore(store).list()
    assert run.status == "failed"
