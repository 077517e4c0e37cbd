"""The run store: saved runs list, show and compare; a killed run leaves a readable store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

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
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "accord.cli",
            "explore",
            "-n",
            "3000000",
            "--large",
            "--workers",
            "1",
            "--exact",
            "0",
            "-s",
            "lieven_levers@lieven",
            "--store",
            str(path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and RunStore(path).list():
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be killed"  # it is running: killed mid-way
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    runs = RunStore(path).list()
    assert len(runs) == 1 and runs[0].status == "interrupted" and "ended before the results" in runs[0].summary["error"]
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


def _damaged_stores(tmp_path, good) -> dict[str, str]:
    """Copies of a good store, each damaged one way, and paths that are no store at all."""
    import shutil

    def copy(name, damage):
        p = tmp_path / f"{name}.sqlite"
        shutil.copy(good, p)
        damage(p)
        return str(p)

    def sql(*statements):
        def run(p):
            with closing(sqlite3.connect(p)) as db, db:
                for st in statements:
                    db.execute(st)

        return run

    def bytes_at(start, end, data=None):
        def run(p):
            b = bytearray(p.read_bytes())
            b[start:end] = data if data is not None else np.random.default_rng(start).bytes(end - start)
            p.write_bytes(bytes(b))

        return run

    return {
        "garbage over a data page": copy("page", bytes_at(4096, 8192)),
        "garbage over the header": copy("header", bytes_at(0, 100)),
        "random bytes": copy("random", lambda p: p.write_bytes(np.random.default_rng(1).bytes(20000))),
        "text": copy("text", lambda p: p.write_text("not a database\n")),
        "truncated": copy("trunc", lambda p: p.write_bytes(p.read_bytes()[:5000])),
        "renamed table": copy("renamed", sql("ALTER TABLE runs RENAME TO runs_old")),
        "dropped column": copy("dropped", sql("ALTER TABLE runs DROP COLUMN seconds")),
        "foreign": copy("foreign", lambda p: (p.unlink(), sql("CREATE TABLE runs (x)")(p))),
        "/dev/null": "/dev/null",
        "/dev/full": "/dev/full",
        "a folder": str(tmp_path),
    }


def test_a_damaged_or_foreign_store_gets_one_line_never_a_traceback(tmp_path):
    """Every damaged or foreign store, and every path that is no store, is refused by `runs list` and before
    `explore` does any work, with one line naming the file and what to do."""
    from typer.testing import CliRunner

    from accord.cli import app
    from tests.conftest import TWO_BY_TWO

    scenario = tmp_path / "s.yaml"
    scenario.write_text(TWO_BY_TWO, encoding="utf-8")
    good = tmp_path / "good.sqlite"
    assert (
        CliRunner()
        .invoke(app, ["explore", str(scenario), "-n", "20", "--workers", "1", "--store", str(good)])
        .exit_code
        == 0
    )
    for what, path in _damaged_stores(tmp_path, good).items():
        for args in (
            ["runs", "list", "--store", path],
            ["explore", str(scenario), "-n", "20", "--workers", "1", "--store", path],
        ):
            r = CliRunner().invoke(app, args)
            assert r.exit_code == 1 and r.exception is None or isinstance(r.exception, SystemExit), (what, r.output)
            text = " ".join(r.output.split())
            assert f"cannot use the run store {path}" in text, (what, text)
            assert "--store" in text and "Traceback" not in text, (what, text)


def test_an_unreadable_record_is_shown_damaged_and_the_others_kept(tmp_path, two_by_two):
    """A row whose JSON cannot be read is listed as damaged; the other runs are all still there."""
    store = RunStore(tmp_path / "r.sqlite")
    ids = [store.start("explore", two_by_two, {"samples": k}, seed=k) for k in range(3)]
    for rid in ids:
        store.finish(rid, {"strategies": []}, {"p": np.array([0.5])}, 1.0)
    with closing(sqlite3.connect(store.path)) as db, db:
        db.execute("UPDATE runs SET summary='{bad', options='[[' WHERE id=?", (ids[1],))
        db.execute("UPDATE arrays SET dtype='zz' WHERE run_id=?", (ids[2],))
    runs = {r.id: r for r in store.list()}
    assert set(runs) == set(ids)
    assert "damaged record: options, summary" in runs[ids[1]].summary["error"]
    assert runs[ids[0]].options == {"samples": 0}
    import pytest

    from accord.errors import AccordError

    with pytest.raises(AccordError, match="is damaged"):
        store.array(ids[2], "p")


def test_results_are_shown_when_the_store_fails_after_the_work(tmp_path, monkeypatch):
    """A store that fails while saving (disk full) still shows the results, then says they were not saved."""
    from typer.testing import CliRunner

    from accord.cli import app
    from accord.errors import AccordError
    from tests.conftest import TWO_BY_TWO

    def full(*_a, **_k):
        raise AccordError("cannot use the run store x: the disk is full")

    monkeypatch.setattr(RunStore, "finish", full)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(TWO_BY_TWO, encoding="utf-8")
    r = CliRunner().invoke(
        app, ["explore", str(scenario), "-n", "20", "--workers", "1", "--store", str(tmp_path / "r.sqlite"), "--json"]
    )
    assert r.exit_code == 1
    assert '"p_deal"' in r.stdout and "were not saved" in r.output


def test_a_store_path_with_markup_is_printed_as_written(tmp_path, monkeypatch):
    """`--store '[/]x.sqlite'` is a file name like any other, saved and printed as written."""
    from typer.testing import CliRunner

    from accord.cli import app
    from tests.conftest import TWO_BY_TWO

    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(TWO_BY_TWO, encoding="utf-8")
    r = CliRunner().invoke(app, ["explore", "s.yaml", "-n", "20", "--workers", "1", "--store", "[/]x.sqlite"])
    assert r.exit_code == 0, r.output
    assert "in [/]x.sqlite" in r.output
