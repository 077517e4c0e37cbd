"""A cache of validated scenarios, so that loading a file already checked takes milliseconds, not a parse.

A scenario file is parsed (YAML, with every line and column kept for error messages) and validated once;
the validated scenario is then kept as JSON under the user's cache folder, keyed by the file's text, Accord's
version, the version of the validating library (pydantic) and the code of the scenario format, which is all that
decides what a file means: editing the file, upgrading Accord or changing the format's code starts afresh. The cache
holds the validated scenario only, never an analysis result, and a scenario from it must mean exactly what the
parsed file means (no analysis may tell the two apart, e.g. by pydantic's record of which fields were set). A hit is re-validated from the JSON (fast) and its semantic checks re-run,
so a stale, corrupt or tampered cache entry is never trusted: it is dropped and the file parsed afresh.
`ACCORD_CACHE=off` turns the cache off; `ACCORD_CACHE=DIR` puts it elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from accord.scenario.checks import check_scenario
from accord.scenario.schema import Scenario


@lru_cache(maxsize=1)
def _code() -> bytes:
    """A fingerprint of what decides a file's meaning besides its text: Accord's version, pydantic's, and the
    scenario format's code. A change to any of them invalidates every entry."""
    import pydantic

    from accord import __version__

    h = hashlib.sha256(f"accord {__version__}; pydantic {pydantic.VERSION}\n".encode())
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.name.encode() + f.read_bytes())
    return h.digest()


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    where = os.environ.get("ACCORD_CACHE", "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accord" / "scenarios"


def _path(text: str) -> Path | None:
    root = folder()
    if root is None:
        return None
    return root / (hashlib.sha256(_code() + text.encode("utf-8")).hexdigest() + ".json")


def _seal(text: str, body: bytes) -> bytes:
    """A digest of the text and the entry written for it: an entry damaged, truncated or swapped for another
    file's is told apart from the one written for this text."""
    return hashlib.sha256(_code() + text.encode("utf-8") + b"\0" + body).hexdigest().encode()


def get(text: str) -> Scenario | None:
    """The validated scenario for this text, if it was validated before (and still checks)."""
    path = _path(text)
    if path is None or not path.is_file():
        return None
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        if head != _seal(text, body):
            raise ValueError("not the entry written for this text")
        s = Scenario.model_validate_json(body)
        if any(True for _ in check_scenario(s)):
            raise ValueError("fails its checks")
    except (OSError, ValueError):
        try:
            path.unlink()
        except OSError:
            pass
        return None
    return s


def put(text: str, scenario: Scenario) -> None:
    """Keep a validated scenario (atomically; silently skipped where the folder cannot be written)."""
    path = _path(text)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as fh:
            body = scenario.model_dump_json().encode("utf-8")
            fh.write(_seal(text, body) + b"\n" + body)
        os.replace(fh.name, path)
    except OSError:
        pass
