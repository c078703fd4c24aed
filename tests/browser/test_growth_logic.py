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
        "Edited by Omar on 26 Nov 2026: was “Lead”, success “Ship”, target date 1 Jan 2099")


def test_request_words(call):
    def words(request):
        return call("journal-edit.js", "requestText", request)
    assert words(None) == []
    assert words({"rematch": False, "status": "open", "handled": None}) == []
    assert words({"rematch": True, "status": "open", "handled": None}) == [
        "Your program manager is looking at your request for a new partner."]
    rematched = {"at": "2026-11-20T09:00:00+00:00", "action": "rematch", "note": None,
                 "cohort": {"id": "c3", "name": "Summer 2027"}}
    assert words({"rematch": True, "status": "handled", "handled": rematched}) == [
        "Handled on 20 Nov 2026: you are enrolled in cohort Summer 2027."]
    acknowledged = {"at": "2026-11-21T09:00:00+00:00", "action": "acknowledge",
                    "note": "We will find someone in spring", "cohort": None}
    assert words({"rematch": True, "status": "handled", "handled": acknowledged}) == [
        "Your request for a new partner was acknowledged on 21 Nov 2026.",
        "Note from your program manager: We will find someone in spring"]
    assert words({"rematch": False, "status": "handled", "handled": acknowledged})[0] == (
        "Your closing was acknowledged on 21 Nov 2026.")
