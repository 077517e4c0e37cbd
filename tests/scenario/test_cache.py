"""The cache of validated scenarios: hits skip the parse, and a stale or tampered entry is never trusted."""

from __future__ import annotations

import pytest

import accord
from accord.scenario import cache, loader
from tests.conftest import TWO_BY_TWO


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "s.yaml"
    path.write_text(TWO_BY_TWO, encoding="utf-8")
    return path


def test_a_second_load_skips_the_parse(cached, monkeypatch):
    first = accord.load(cached)
    assert len(list(cache.folder().glob("*.json"))) == 1
    monkeypatch.setattr(loader, "loads", lambda *a, **k: pytest.fail("parsed again"))
    assert accord.load(cached) == first


def test_a_changed_file_is_parsed_afresh(cached):
    accord.load(cached)
    cached.write_text(TWO_BY_TWO.replace("kind: stick", "kind: x"), encoding="utf-8")
    with pytest.raises(accord.ScenarioError, match="kind"):
        accord.load(cached)


def test_a_tampered_entry_is_dropped(cached):
    good = accord.load(cached)
    (entry,) = cache.folder().glob("*.json")
    entry.write_text('{"accord": 1, "meta": {"id": "x", "title": "x"}, "actors": [], "issues": []}')
    assert accord.load(cached) == good  # the file parsed again, the entry replaced
    entry.write_text("not json")
    assert accord.load(cached) == good


def test_the_cache_can_be_turned_off(cached, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE", "off")
    accord.load(cached)
    assert cache.folder() is None
