"""Questionnaire rules that need no storage."""
import pytest

from functions.domain import questionnaire as qn
from functions.errors import Invalid


def test_an_empty_questionnaire_cannot_open():
    with pytest.raises(Invalid) as err:
        qn.check_can_open({"questions": []})
    assert err.value.field == "questionnaire"
    only_mentors = {"questions": [{"id": "a", "type": "text", "roles": ["mentor"]}]}
    with pytest.raises(Invalid, match="mentees"):
        qn.check_can_open(only_mentors)
    qn.check_can_open(qn.default_questionnaire())


def test_defaults_validate_and_their_criteria_use_them():
    questions = qn.validate(qn.default_questionnaire())["questions"]
    fields = {f for c in qn.default_criteria(questions, "group")
              for f in (c.get("field"), c.get("mentee_field"), c.get("mentor_field")) if f}
    assert fields <= {q["id"] for q in questions}


def test_orphans_allows_changes_nobody_answered():
    old = qn.default_questionnaire()["questions"]
    qn.orphans(old, old[:1], {})  # nothing answered: anything goes
    with pytest.raises(Invalid, match="'level'"):
        qn.orphans(old, old[:3], {"level": {3}})
