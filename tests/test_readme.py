"""Every `accord` example in the README runs as written (sample counts cut down), from a fresh folder."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SMALLER = [(r"(-n|--samples) \d{4,}", r"\1 40"), (r"--sensitivity \d+", "--sensitivity 8"),
           (r"--runs \d{3,}", "--runs 30")]


def examples() -> list[str]:
    """The `accord ...` lines of the README's shell blocks (the first block is the two set-up commands)."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)[1:]
    lines = [ln.split("  #")[0].strip() for b in blocks for ln in b.splitlines()]
    return [ln for ln in lines if ln.startswith("accord ") and not ln.startswith("accord serve")]


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 15


@pytest.mark.parametrize("line", examples())
def test_readme_example_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example exits 0 (sample counts reduced so the suite stays quick)."""
    cmd = line
    for pattern, repl in SMALLER:
        cmd = re.sub(pattern, repl, cmd)
    if cmd.startswith("accord leverage") and " -n " not in cmd:
        cmd += " -n 40"
    if "../shared/sources" in cmd:
        texts = ROOT.parent / "shared" / "sources"
        if not texts.is_dir():
            pytest.skip("the source texts are not beside this checkout (see the README on where they come from)")
        cmd = cmd.replace("../shared/sources", str(texts))
    redirect = None
    if " > " in cmd:
        cmd, redirect = (x.strip() for x in cmd.split(" > ", 1))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ec-emissions.csv").write_text(CliRunner().invoke(app, ["example", "ec-emissions"]).stdout)
    (tmp_path / "soe.csv").write_text(CliRunner().invoke(app, ["example", "soe-pol-comp"]).stdout)  # as the README makes it
    args = shlex.split(cmd)[1:]
    if args[0] in ("explore", "leverage", "simulate"):
        args += ["--store", str(tmp_path / "runs.sqlite")]
    if args[:2] == ["runs", "list"]:
        args += ["--store", str(tmp_path / "runs.sqlite")]
    r = CliRunner().invoke(app, args, catch_exceptions=False)
    assert r.exit_code == 0, f"{line}\n{r.output}"
    if redirect:
        (tmp_path / redirect).write_text(r.stdout)
