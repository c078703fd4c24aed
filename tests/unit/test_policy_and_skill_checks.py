"""The policy and skill checks as pydantic models keep the editor's words
(``functions.domain.policy_schema``, ``functions.domain.validation``)."""
import pytest

from functions.domain import policy
from functions.domain.validation import check_ratings, check_skill_list
from functions.errors import Invalid

QUESTIONS = [{"id": "offers", "type": "multi_choice", "roles": ["mentor"], "options": ["a"]},
             {"id": "wants", "type": "multi_choice", "roles": ["mentee"], "options": ["a"]},
             {"id": "level", "type": "scale", "min": 1, "max": 6}]
SKILLS = {"name": "Skills", "type": "overlap", "mentee_field": "wants",
          "mentor_field": "offers", "weight": 2, "colour": "red"}
GAP = {"name": "Seniority", "type": "gap", "field": "level", "target": 1}


def refusal(fn, *args):
    with pytest.raises(Invalid) as caught:
        fn(*args)
    return caught.value.status, caught.value.field, caught.value.message


def test_a_valid_policy_keeps_what_was_sent_and_drops_the_rest():
    assert policy.validate({"criteria": [SKILLS, GAP], "confirmed": ["b", "a", "b"]},
                           QUESTIONS) == {
        "criteria": [{k: v for k, v in SKILLS.items() if k != "colour"}, GAP],
        "min_score": 0, "mode": "admin", "confirmed": ["a", "b"]}


@pytest.mark.parametrize("sent, field, message", [
    ("x", "policy", "the policy must be an object"),
    ({}, "criteria", "criteria: give at least one criterion"),
    ({"criteria": [SKILLS, 3]}, "criteria[1]", "criteria[1] must be an object"),
    ({"criteria": [SKILLS, dict(GAP, name="Skills")]}, "criteria[1].name",
     "criteria[1].name: 'Skills' is used twice"),
    ({"criteria": [dict(SKILLS, type="best")]}, "criteria[0].type",
     "criteria[0].type: 'best' is not one of overlap, share, same, differ, gap, near, rank"),
    ({"criteria": [dict(SKILLS, weight=True)]}, "criteria[0].weight",
     "criteria[0].weight: a number 0 or more"),
    ({"criteria": [dict(SKILLS, weight=float("nan"))]}, "criteria[0].weight",
     "criteria[0].weight: a number 0 or more"),
    ({"criteria": [dict(SKILLS, mentor_field="wants")]}, "criteria[0].mentor_field",
     "criteria[0].mentor_field: mentors are not asked 'wants'"),
    ({"criteria": [dict(SKILLS, mentee_field=["wants"])]}, "criteria[0].mentee_field",
     "criteria[0].mentee_field: ['wants'] is not a question of this program's questionnaire"),
    ({"criteria": [dict(GAP, target=0)]}, "criteria[0].target",
     "criteria[0].target: a number other than 0"),
    ({"criteria": [dict(SKILLS, weight=0)]}, "criteria",
     "criteria: at least one criterion needs a weight above 0"),
    ({"criteria": [SKILLS], "min_score": 101}, "min_score",
     "min_score: a number from 0 to 100"),
    ({"criteria": [SKILLS], "mode": "lottery"}, "mode", "mode: one of admin, choice, stable"),
    ({"criteria": [SKILLS], "confirmed": [""]}, "confirmed",
     "confirmed: the keys of the flags to keep as they are (at most 50)"),
])
def test_a_bad_policy_is_refused_in_the_editors_words(sent, field, message):
    assert refusal(policy.validate, sent, QUESTIONS) == (422, field, message)


def test_skill_lists_and_ratings_keep_their_words():
    assert check_skill_list([" Speaking ", "Listening"]) == ["Speaking", "Listening"]
    assert refusal(check_skill_list, [f"s{i}" for i in range(9)]) == (
        422, "skills", "skills: at most 8 skills")
    assert refusal(check_skill_list, ["Speaking", " speaking ", ""]) == (
        422, "skills.1", "skills.1: 'speaking' is listed twice")
    assert refusal(check_skill_list, [3]) == (422, "skills.0", "skills.0: a skill needs a name")
    assert check_ratings(["Confidence"], {"Confidence": 3}) == {"Confidence": 3}
    assert refusal(check_ratings, ["Confidence"], {"Juggling": 3}) == (
        422, "self_assessment.Juggling",
        "self_assessment.Juggling: not a skill of this program (Confidence)")
    assert refusal(check_ratings, ["Confidence"], {"Confidence": 3.0}) == (
        422, "self_assessment.Confidence", "self_assessment.Confidence: a whole number from 1 to 5")
    assert refusal(check_ratings, ["Confidence"], {}) == (
        422, "self_assessment", "self_assessment: rate at least one skill")
