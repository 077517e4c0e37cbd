"""Run the examples of a Markdown page as written: how the docs and the README mark their examples.

- A fenced `sh` block runs in bash (`set -e -o pipefail`), line by line as a script, in one fresh folder per
  page, with this interpreter's `accord` first on the PATH and the scenario cache in a temporary folder.
- A fenced `python` block runs with `exec`, in one namespace per page, in the same folder.
- A fenced `yaml` (or `csv`) block titled with a file name (```` ```yaml title="talks.yaml" ````) writes
  that file; a title ending in `(continued)` appends to it. Later blocks of the page read it.
- A block right after the line `<!-- not run: REASON -->` is a documented command, not run (long
  benchmarks, installs); the reason is required.
- Every other block (`text`, `console`, untitled `yaml`, ...) is output or an excerpt, and is not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(
    r"^(?P<indent>[ ]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ ]*$", re.DOTALL | re.MULTILINE
)
NOT_RUN = re.compile(r"<!--\s*not run:\s*\S.*?-->\s*$")
TITLE = re.compile(r'title="(?P<title>[^"]+)"')
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, title, text, the line it starts on, and whether it is marked not run."""

    lang: str
    title: str | None
    body: str
    line: int
    not_run: bool


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, in order."""
    out = []
    for m in FENCE.finditer(text):
        info = m["info"].strip()
        lang = info.split()[0].strip("{.}") if info else ""
        title = TITLE.search(info)
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        out.append(
            Block(
                lang,
                title["title"] if title else None,
                m["body"],
                text.count("\n", 0, m.start()) + 1,
                bool(NOT_RUN.search(before)),
            )
        )
    return out


def runnable(text: str) -> list[Block]:
    """The blocks that the tests run or write: `sh` and `python` blocks not marked, and titled file blocks."""
    return [
        b
        for b in blocks(text)
        if not b.not_run and (b.lang in ("sh", "python") or (b.title and b.lang in ("yaml", "csv")))
    ]


def run_page(name: str, text: str, folder: Path, cache: Path) -> None:
    """Run every runnable block of a page in order, in `folder`; fail with the block's line and its output."""
    env = dict(
        os.environ,
        ACCORD_CACHE=str(cache),
        COLUMNS="100",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    namespace: dict[str, object] = {"__name__": "__docs__"}
    here = Path.cwd()
    for b in runnable(text):
        where = f"{name}:{b.line}"
        if b.lang in ("yaml", "csv"):
            title = b.title or ""
            target = folder / title.split()[0]
            with target.open("a" if title.endswith("(continued)") else "w", encoding="utf-8") as f:
                f.write(b.body)
        elif b.lang == "sh":
            script = b.body
            if "../shared/sources" in script and not SOURCES.is_dir():
                # the source texts are not shipped (docs/commands.md says where they come from)
                warnings.warn(
                    f"{where}: the source texts are not beside this checkout; `sources check` not run", stacklevel=1
                )
                script = "\n".join(ln for ln in script.splitlines() if "../shared/sources" not in ln)
            script = script.replace("../shared/sources", str(SOURCES))
            r = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", script],
                check=False,
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert r.returncode == 0, f"{where}: exit {r.returncode}\n{b.body}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        else:
            os.chdir(folder)
            old = {k: os.environ.get(k) for k in ("ACCORD_CACHE",)}
            os.environ["ACCORD_CACHE"] = str(cache)
            try:
                exec(compile(b.body, where, "exec"), namespace)  # noqa: S102 - the docs' own examples
            finally:
                os.chdir(here)
                for k, v in old.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
