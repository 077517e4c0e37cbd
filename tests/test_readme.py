"""The README: at most 120 lines, the two set-up commands first, and every example runs as written.

Examples are marked as in the docs (`tests/docs_examples.py`); the first block, the two set-up commands,
installs into a new virtual environment and is what CI itself runs, so it is not run here.
"""

from __future__ import annotations

from pathlib import Path

from tests.docs_examples import FENCE, run_page, runnable

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETUP = [
    "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/accord run",
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest",
]


def test_readme_is_short() -> None:
    """The README is a front page (at most 120 lines); the rest lives in docs/."""
    assert len(README.splitlines()) <= 120


def test_readme_opens_with_the_two_commands() -> None:
    """The first block holds exactly the install-and-run line and the test line."""
    first = FENCE.search(README)
    assert first is not None and first["info"].strip() == "sh"
    assert first["body"].splitlines() == SETUP
    assert README.splitlines()[2:6] == ["```sh", *SETUP, "```"]


def test_the_readme_has_examples() -> None:
    after = README[FENCE.search(README).end() :]
    lines = [ln for b in runnable(after) if b.lang == "sh" for ln in b.body.splitlines() if ln.strip()]
    assert len(lines) >= 6 and any(b.lang == "python" for b in runnable(after))


def test_readme_examples_run(tmp_path: Path) -> None:
    """Every example after the set-up block runs as written, in order, from a fresh folder."""
    end = FENCE.search(README).end()
    after = "\n" * README[:end].count("\n") + README[end:]  # keeps the README's line numbers in messages
    (tmp_path / "work").mkdir()
    run_page("README.md", after, tmp_path / "work", tmp_path / "cache")
