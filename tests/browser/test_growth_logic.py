"""The pure parts of self-assessment.js and journal-edit.js, run in the real browser."""
import pytest

pytestmark = pytest.mark.browser

SKILLS = ["Confidence", "Leadership", "Networking"]


def test_growth_rows_and_words(call):
    a = {"skills": SKILLS, "before": {"ratings": {"Confidence": 2, "Leadership": 4}},
         "after": {"ratings": {"Confidence": 5, "Leadership": 3}}}
    rows = call("self-assessment.js", "growthRows", a)
    assert rows == [["Confidence", 2, 5], ["Leadership", 4, 3], ["Networking", None, None]]
    assert [call("self-assessment.js", "growthText", r) for r in rows] == [
        "Confidence: 2 before, 5 after (+3)", "Leadership: 4 before, 3 after (-1)",
        "Networking: not rated before, not rated after"]
    assert call("self-assessment.js", "growthRows", {"skills": SKILLS, "before": None,
                                                     "after": None})[0] == ["Confidence", None, None]


def test_changed_fields_sends_only_what_changed_with_the_version(call):
    goal = {"title": "Lead", "success": "", "target_date": "2099-01-01"}
    same = {"title": "Lead", "success": "", "target_date": "2099-01-01"}
    assert call("journal-edit.js", "changedFields", goal, same, 3) is None
    assert call("journal-edit.js", "changedFields", goal, {**same, "success": "Ship it"}, 3) == {
        "success": "Ship it", "version": 3}
    meeting = {"date": "2026-01-02", "minutes": 30, "topics": ["a", "b"], "notes": "", "shared": False}
    unchanged = {"date": "2026-01-02", "minutes": 30, "topics": ["a", "b"], "notes": "",
                 "shared": False}
    assert call("journal-edit.js", "changedFields", meeting, unchanged, 1) is None
    assert call("journal-edit.js", "changedFields", meeting, {**unchanged, "shared": True,
                                                              "topics": ["a"]}, 1) == {
        "shared": True, "topics": ["a"], "version": 1}


def test_history_words(call):
    entry = {"version": 1, "data": {"title": "Lead", "success": "Ship", "target_date": "2099-01-01"}}
    assert call("journal-edit.js", "historyText", entry, "Omar", "2026-11-26T10:00:00+00:00") == (
        "Edited by Omar on 2026-11-26: was “Lead”, success “Ship”, target date 2099-01-01")
