"""The pure logic modules, run as ES modules inside the real browser.

They hold no DOM or network code, so each case is a call and a result.
"""
import pytest

pytestmark = pytest.mark.browser

QUESTIONS = [
    {"id": "skills", "type": "multi_choice", "options": ["a", "b"], "required": True, "roles": ["mentor", "mentee"]},
    {"id": "goals", "type": "long_text", "required": False, "roles": ["mentee"]},
    {"id": "level", "type": "scale", "min": 1, "max": 6, "required": True, "roles": ["mentor", "mentee"]},
    {"id": "tz", "type": "number", "required": True, "roles": ["mentor"]},
    {"id": "dept", "type": "choice", "options": ["x", "y"], "required": True, "roles": ["mentor", "mentee"]},
]


def test_questions_for_role(call):
    assert [q["id"] for q in call("questionnaire.js", "questionsForRole", QUESTIONS, "mentee")] == [
        "skills", "goals", "level", "dept"]
    assert [q["id"] for q in call("questionnaire.js", "questionsForRole", QUESTIONS, "mentor")] == [
        "skills", "level", "tz", "dept"]
    assert call("questionnaire.js", "questionsForRole", QUESTIONS, None) == []


def test_collect_answers_converts_types_and_skips_blanks(call):
    values = {"q:skills": ["a", "b"], "q:goals": ["  grow  "], "q:level": ["4"], "q:tz": ["-5"],
              "q:dept": []}
    assert call("questionnaire.js", "collectAnswers", QUESTIONS, "mentee", values) == {
        "skills": ["a", "b"], "goals": "grow", "level": 4}
    assert call("questionnaire.js", "collectAnswers", QUESTIONS, "mentor", values) == {
        "skills": ["a", "b"], "level": 4, "tz": -5}
    assert call("questionnaire.js", "collectAnswers", QUESTIONS, "mentee", {"q:goals": ["   "], "q:level": [""]}) == {}


def test_build_enrollment_for_a_mentor_with_self_identification(call):
    values = {"role": ["mentor"], "name": [" Ada "], "email": ["ada@example.org "], "capacity": ["3"],
              "consent": ["yes"], "q:skills": ["a"], "self_id.consent": ["yes"],
              "self_id.gender": ["woman"], "self_id.age_range": [""], "self_id.ethnicity": ["  "]}
    assert call("enrolment.js", "buildEnrollment", QUESTIONS, values) == {
        "role": "mentor", "name": "Ada", "email": "ada@example.org", "answers": {"skills": ["a"]},
        "consent": True, "capacity": 3, "self_id": {"consent": True, "gender": "woman"}}


def test_build_enrollment_leaves_out_what_does_not_apply(call):
    values = {"role": ["mentee"], "name": ["Bo"], "email": ["bo@example.org"], "capacity": ["2"],
              "self_id.gender": ["man"], "self_id.age_range": ["55+"]}
    body = call("enrolment.js", "buildEnrollment", QUESTIONS, values)
    assert body["consent"] is False
    assert "capacity" not in body
    assert "self_id" not in body


def test_resolve_field_and_message(call):
    known = ["email", "answers.skills", "self_id", "self_id.consent"]
    assert call("api-errors.js", "resolveField", "answers.skills.1", known) == "answers.skills"
    assert call("api-errors.js", "resolveField", "self_id.consent", known) == "self_id.consent"
    assert call("api-errors.js", "resolveField", "self_id.gender", known) == "self_id"
    assert call("api-errors.js", "resolveField", "emailish", known) is None
    assert call("api-errors.js", "resolveField", None, known) is None
    assert call("api-errors.js", "fieldMessage", "answers.wants",
                "answers.wants: this is required") == "This is required."
    assert call("api-errors.js", "fieldMessage", "consent",
                "consent: you must agree to take part to enrol") == "You must agree to take part to enrol."
    assert call("api-errors.js", "fieldMessage", None, "") == "Please check this."


def test_formatting_and_counts(call):
    assert call("format.js", "formatDate", "2027-03-01") == "1 Mar 2027"
    assert call("format.js", "formatDate", None) == ""
    assert call("format.js", "closesText", None) == "No closing date set"
    people = [{"role": "mentor"}, {"role": "mentee"}, {"role": "mentee"}, {"role": "other"}]
    assert call("format.js", "countsByRole", people) == {"mentor": 1, "mentee": 2}
    assert call("format.js", "describeCounts", {"mentor": 1, "mentee": 2}) == "1 mentor, 2 mentees"
    assert call("format.js", "describeCounts", {"mentor": 4500, "mentee": 10000}) \
        == "4,500 mentors, 10,000 mentees"
    # A participant reads a criterion's name in words.
    assert call("format.js", "criterionLabel", "time_zone") == "Time zone"
    assert call("format.js", "criterionLabel", "skills") == "Skills"


def test_labels_come_from_the_lifecycle_and_fall_back_to_the_id(call):
    # Before the labels arrive the raw id shows (this module instance has none yet).
    assert call("format.js", "statusLabel", "review") == "review"
    assert call("format.js", "programTypeLabel", "reverse") == "reverse"
    call("format.js", "setLifecycle", {
        "states": [{"id": "review", "label": "In review"}],
        "program_types": [{"id": "reverse", "label": "Reverse mentoring"}]})
    assert call("format.js", "statusLabel", "review") == "In review"
    assert call("format.js", "programTypeLabel", "reverse") == "Reverse mentoring"
    assert call("format.js", "statusLabel", "unknown_state") == "unknown_state"
    assert call("format.js", "statusLabel", None) == ""


def test_enrolment_problems_lists_every_one_in_form_order(call):
    questions = QUESTIONS + [{"id": "years", "label": "Years", "type": "number", "min": 0, "max": 60,
                              "required": False, "roles": ["mentor"]}]
    body = {"role": "mentor", "name": "", "email": "ada.example.org", "capacity": 11,
            "answers": {"level": 9, "years": 70}, "consent": False}
    problems = call("enrol-checks.js", "enrolmentProblems", questions, body)
    assert [p["field"] for p in problems] == [
        "name", "email", "capacity", "answers.skills", "answers.level", "answers.tz", "answers.dept",
        "answers.years", "consent"]
    messages = {p["field"]: p["message"] for p in problems}
    assert messages["answers.level"] == "“level” must be between 1 and 6."
    assert messages["answers.years"] == "“Years” must be between 0 and 60."
    assert messages["answers.skills"] == "Choose at least one option for “skills”."


def test_enrolment_problems_none_for_a_complete_mentee_and_role_first(call):
    body = {"role": "mentee", "name": "Bo", "email": "bo@example.org", "consent": True,
            "answers": {"skills": ["a"], "level": 3, "dept": "x"}}
    assert call("enrol-checks.js", "enrolmentProblems", QUESTIONS, body) == []
    no_role = call("enrol-checks.js", "enrolmentProblems", QUESTIONS, dict(body, role=None))
    assert [p["field"] for p in no_role] == ["role"]
