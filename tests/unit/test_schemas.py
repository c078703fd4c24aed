"""Questionnaire answers are validated from the questionnaire itself."""
import pytest

from functions.errors import Invalid
from functions.api.schemas import validate_answers

QUESTIONS = [
    {"id": "goal", "label": "Goal", "type": "text", "required": True, "roles": ["mentee"]},
    {"id": "topics", "label": "Topics", "type": "multi_choice", "options": ["a", "b"],
     "required": False, "roles": ["mentee", "mentor"]},
    {"id": "pace", "label": "Pace", "type": "scale", "min": 1, "max": 3, "required": False,
     "roles": ["mentee"]},
    {"id": "hours", "label": "Hours", "type": "number", "min": 0, "max": 10,
     "required": False, "roles": ["mentor"]},
]


def test_clean_answers_keep_only_given_values():
    assert validate_answers(QUESTIONS, "mentee", {"goal": " lead ", "topics": ["b"]}) == {
        "goal": "lead", "topics": ["b"]}


def test_questions_of_the_other_role_are_refused():
    with pytest.raises(Invalid) as err:
        validate_answers(QUESTIONS, "mentee", {"goal": "x", "hours": 3})
    assert err.value.field == "answers.hours"


@pytest.mark.parametrize("answers, field", [
    ({}, "answers.goal"),
    ({"goal": ""}, "answers.goal"),
    ({"goal": "x", "topics": ["c"]}, "answers.topics.0"),
    ({"goal": "x", "topics": "a"}, "answers.topics"),
    ({"goal": "x", "pace": 0}, "answers.pace"),
    ({"goal": "x", "pace": 2.5}, "answers.pace"),
])
def test_bad_answers_name_the_question(answers, field):
    with pytest.raises(Invalid) as err:
        validate_answers(QUESTIONS, "mentee", answers)
    assert err.value.field == field


def test_number_bounds_and_nan():
    assert validate_answers(QUESTIONS, "mentor", {"hours": 2.5}) == {"hours": 2.5}
    for bad in (11, -1, float("nan")):
        with pytest.raises(Invalid):
            validate_answers(QUESTIONS, "mentor", {"hours": bad})
