"""Evidence view: how an event is said in headlines and tables."""

from __future__ import annotations

from types import SimpleNamespace as NS

import accord
from accord.analyses.evidence import weigh
from accord.present.evidence_view import event_text, verdict_line


def test_an_event_that_did_not_happen_says_so_first() -> None:
    """A specialist read "US sanctions lowered what Moscow holds out for (did not happen) (for Lieven ...)" as a
    reading credited to the wrong author; the negation now comes first, and the case (US) is kept."""
    assert event_text(NS(statement="Moscow fights on.", observed=True)) == "Moscow fights on"
    assert (
        event_text(NS(statement="US sanctions lowered what Moscow holds out for.", observed=False))
        == "did not happen: US sanctions lowered what Moscow holds out for"
    )
    assert event_text(NS(statement="Under pressure the hard line gained.", observed=False)) == (
        "did not happen: under pressure the hard line gained"
    )


def test_the_builtin_record_says_lievens_sanctions_reading_as_a_non_event() -> None:
    """In the built-in record Lieven's reading that sanctions "have failed" is an event that did not happen, and one
    of the two that carry the record's verdict: the line says so before the statement."""
    s = accord.load()
    line = verdict_line(weigh(s), s).plain
    assert "The events that weigh most:" in line  # the record does not decide (fourth pass), so not "Carried by"
    assert "did not happen: US sanctions lowered what Moscow holds out for (for Lieven" in line
