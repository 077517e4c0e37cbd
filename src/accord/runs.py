"""The run store: every exploration saved with what produced it, so runs can be listed, shown and compared.

One SQLite file (WAL journal). A run is first recorded as `running` in its own
transaction, then its results and arrays are written and its status set to `complete`
in one transaction: a run killed part-way leaves its `running` row and nothing else,
never a half-written result, and the store stays readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import socket
import sqlite3
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import AccordError
from accord.scenario.schema import Scenario

DEFAULT = Path(".accord") / "runs.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, created REAL NOT NULL, status TEXT NOT NULL,
  scenario_id TEXT NOT NULL, scenario_hash TEXT NOT NULL, options TEXT NOT NULL, seed INTEGER,
  versions TEXT NOT NULL, summary TEXT, seconds REAL);
CREATE TABLE IF NOT EXISTS owners (
  run_id TEXT PRIMARY KEY REFERENCES runs(id), host TEXT NOT NULL, pid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS arrays (
  run_id TEXT NOT NULL REFERENCES runs(id), name TEXT NOT NULL, dtype TEXT NOT NULL, shape TEXT NOT NULL,
  data BLOB NOT NULL, PRIMARY KEY (run_id, name));
"""
BUNDLES = ("CREATE TABLE IF NOT EXISTS bundles (key TEXT PRIMARY KEY, run_id TEXT, created REAL NOT NULL, "
           "data BLOB NOT NULL)")  # results bundles: what `accord run` computed, kept for `report` and the dashboard


@dataclass(frozen=True)
class Run:
    """One stored run."""

    id: str
    kind: str
    created: float
    status: str
    scenario_id: str
    scenario_hash: str
    options: dict[str, Any]
    seed: int | None
    versions: dict[str, str]
    summary: dict[str, Any] | None
    seconds: float | None


def _alive(pid: int) -> bool:
    """Whether a process of this machine is still running (a zombie counts as running until reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def scenario_hash(scenario: Scenario) -> str:
    """A stable fingerprint of the scenario's content."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]


def versions() -> dict[str, str]:
    """Versions of Accord, Python and NumPy, recorded with every run."""
    from accord import __version__

    return {"accord": __version__, "python": platform.python_version(), "numpy": np.__version__}


class RunStore:
    """A SQLite file of runs."""

    def __init__(self, path: str | Path = DEFAULT) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise AccordError(f"cannot open the run store {self.path}: {exc}") from None
        return db

    def start(self, kind: str, scenario: Scenario, options: dict[str, Any], seed: int | None) -> str:
        """Record a run as running; returns its id."""
        run_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO runs (id, kind, created, status, scenario_id, scenario_hash, options, seed, "
                       "versions) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)",
                       (run_id, kind, time.time(), scenario.meta.id, scenario_hash(scenario),
                        json.dumps(options, sort_keys=True), seed, json.dumps(versions())))
            db.execute("INSERT INTO owners (run_id, host, pid) VALUES (?, ?, ?)",
                       (run_id, socket.gethostname(), os.getpid()))
        return run_id

    def reap(self) -> list[str]:
        """Mark `interrupted` every run still `running` whose process on this machine is gone (killed, crashed);
        what it had written is kept. Runs of other machines are left as they are. Returns their ids."""
        here = socket.gethostname()
        with closing(self._connect()) as db, db:
            rows = db.execute("SELECT runs.id, owners.pid FROM runs JOIN owners ON owners.run_id = runs.id "
                              "WHERE runs.status = 'running' AND owners.host = ?", (here,)).fetchall()
            gone = [(rid, pid) for rid, pid in rows if not _alive(pid)]
            for rid, pid in gone:
                db.execute("UPDATE runs SET status='interrupted', summary=? WHERE id=? AND status='running'",
                           (json.dumps({"error": f"its process (pid {pid} on {here}) ended before the results "
                                                 "were written"}), rid))
        return [rid for rid, _ in gone]

    def finish(self, run_id: str, summary: dict[str, Any], arrays: dict[str, np.ndarray], seconds: float) -> None:
        """Write results and arrays and mark the run complete, all in one transaction."""
        with closing(self._connect()) as db, db:
            for name, arr in arrays.items():
                a = np.ascontiguousarray(arr)
                db.execute("INSERT INTO arrays (run_id, name, dtype, shape, data) VALUES (?, ?, ?, ?, ?)",
                           (run_id, name, a.dtype.str, json.dumps(a.shape), a.tobytes()))
            db.execute("UPDATE runs SET status='complete', summary=?, seconds=? WHERE id=?",
                       (json.dumps(summary, sort_keys=True), seconds, run_id))

    def fail(self, run_id: str, status: str, reason: str) -> None:
        """Mark a run that stopped before its results were written (`failed` or `interrupted`), with why."""
        with self._connect() as db:
            db.execute("UPDATE runs SET status=?, summary=? WHERE id=? AND status='running'",
                       (status, json.dumps({"error": reason}), run_id))

    def list(self) -> list[Run]:
        """Every run, newest first (runs whose process died are marked `interrupted` first)."""
        self.reap()
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM runs ORDER BY created DESC").fetchall()
        return [_run(r) for r in rows]

    def get(self, run_id: str) -> Run:
        """One run, by id or unique prefix."""
        self.reap()
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM runs WHERE id LIKE ?", (run_id + "%",)).fetchall()
        if len(rows) != 1:
            known = ", ".join(r.id for r in self.list()[:10]) or "(none)"
            what = "no run" if not rows else f"{len(rows)} runs"
            raise AccordError(f"{what} matching {run_id!r} in {self.path}; recent runs: {known}")
        return _run(rows[0])

    def save_bundle(self, key: str, run_id: str | None, data: bytes) -> None:
        """Keep a results bundle (`accord.analyses.bundle`) under its key, replacing one kept before."""
        with closing(self._connect()) as db, db:
            db.execute(BUNDLES)
            db.execute("INSERT OR REPLACE INTO bundles (key, run_id, created, data) VALUES (?, ?, ?, ?)",
                       (key, run_id, time.time(), data))

    def load_bundle(self, key: str) -> bytes | None:
        """The results bundle kept under a key, or None."""
        with closing(self._connect()) as db, db:
            db.execute(BUNDLES)
            row = db.execute("SELECT data FROM bundles WHERE key=?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def array(self, run_id: str, name: str) -> np.ndarray:
        """A stored array of a run."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT dtype, shape, data FROM arrays WHERE run_id=? AND name=?",
                             (run_id, name)).fetchone()
        if row is None:
            raise AccordError(f"run {run_id} has no array {name!r}")
        return np.frombuffer(row[2], dtype=np.dtype(row[0])).reshape(json.loads(row[1]))


def _run(r: tuple[Any, ...]) -> Run:
    return Run(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], json.loads(r[8]),
               json.loads(r[9]) if r[9] else None, r[10])
