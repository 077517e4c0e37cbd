"""Every quote of the built-in scenario occurs in its source; a wrong quote is caught and located."""

from __future__ import annotations

import accord
from accord.model.sources import check_quotes, normalise


def test_normalise_folds_quote_marks_and_space():
    """Curly quotes become straight ones and white space runs collapse."""
    assert normalise("Trump’s  “peace\nthrough strength”") == 'Trump\'s "peace through strength"'


def test_builtin_quotes_all_found(builtin, sources_dir):
    """The shipped scenario passes the quote check against the two texts."""
    results = check_quotes(builtin, sources_dir)
    assert len(results) > 100
    assert [r for r in results if not r.found and not r.unchecked] == []
    memory = {s.id for s in builtin.sources if s.from_memory}
    assert all(r.source in memory for r in results if r.unchecked)  # only quotes of sources flagged from memory


def test_altered_quote_is_reported_with_its_path(builtin, sources_dir):
    """One changed word makes the check fail at that element."""
    data = builtin.model_dump()
    data["levers"][0]["quote"] = data["levers"][0]["quote"].replace("pressure", "persuasion")
    bad = accord.scenario.schema.Scenario.model_validate(data)
    failed = [r for r in check_quotes(bad, sources_dir) if not r.found and not r.unchecked]
    assert [r.path for r in failed] == ["levers.us_military_aid_to_ukraine"]
    assert failed[0].problem == "quote not found in the text"


def test_missing_text_file_is_reported(builtin, tmp_path):
    """A folder without the texts gives a per-quote reason, not a crash."""
    results = check_quotes(builtin, tmp_path)
    assert results and all(not r.found and "cannot read" in (r.problem or "") for r in results if not r.unchecked)
