"""What a probe of a live server sent (issue 19, findings 2, 4, 7, 8): each
answers a 4xx JSON error naming the field, quickly, and stores nothing."""
from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from functions.api import schemas
from functions.db import invitations, programs
from functions.errors import Invalid
from tests.api.helpers import make_cohort, mentee
from tests.api.manage_helpers import csv_text, import_csv, new_cohort, new_program, person
from tests.conftest import post

H = {"X-Requested-With": "tandem"}


class TookTooLong(BaseException):
    """Not an Exception: the app's error handler must not turn it into a 500."""


@contextmanager
def within(seconds: float):
    """Fail, instead of hanging, when the block runs longer than ``seconds``."""
    def stop(signum, frame):
        raise TookTooLong(f"still running after {seconds} s")
    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def cohort(admin_client):
    return new_cohort(admin_client, new_program(admin_client))


def raw_post(client, url, body: bytes):
    return client.post(url, data=body, headers={**H, "Content-Type": "application/json"})


# -- finding 2: the CSV import's parser has a budget --------------------------------

def test_a_5_mb_single_line_csv_is_refused_at_once_as_too_many_columns(admin_client, cohort):
    body = "role,name,email," + "x," * 2_500_000  # 5 MB, inside the import's limit
    with within(10):
        resp = import_csv(admin_client, cohort, body, dry_run=True)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert error["field"] == "file" and "more than 200 columns" in error["message"]


def test_a_header_of_a_thousand_columns_is_one_problem_not_a_thousand(admin_client, cohort):
    body = ",".join(["role", "name", "email", *(f"q{i}" for i in range(1000))]) + "\n"
    resp = import_csv(admin_client, cohort, body, dry_run=True)
    [error] = resp.get_json()["errors"]
    assert resp.status_code == 422 and error["field"] == "file"
    assert "more than 200 columns" in error["message"]


def test_a_row_of_millions_of_cells_is_refused_fast(admin_client, cohort):
    body = csv_text([person(1)]) + "mentee," + "x," * 2_400_000 + "\n"
    with within(10):
        resp = import_csv(admin_client, cohort, body, dry_run=True)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert error["row"] == 3 and error["field"] == "file"


def test_a_giant_cell_is_refused_in_words(admin_client, cohort):
    body = csv_text([person(1, name="x" * 200_000)])
    resp = import_csv(admin_client, cohort, body, dry_run=True)
    [error] = resp.get_json()["errors"]
    assert resp.status_code == 422 and error["field"] == "file"
    assert error["message"].startswith("a cell is longer than")


def test_a_name_with_a_line_break_is_refused_by_the_import(admin_client, cohort):
    resp = import_csv(admin_client, cohort, csv_text([person(1, name="Ann\r\nBcc: x")]))
    [error] = resp.get_json()["errors"]
    assert resp.status_code == 422 and error["field"] == "name" and error["row"] == 2
    assert "one line" in error["message"]


# -- finding 4: one line means one line ---------------------------------------------

@pytest.mark.parametrize("value", ["Spring\r\nBcc: victim@example.org", "Spring\nfair",
                                   "Spring\tfair", "Spring\x00", "Spring\u2028fair",
                                   "Spring\x85fair"])
def test_a_program_name_with_a_control_character_is_422_and_not_stored(admin_client, value):
    resp = post(admin_client, "/api/admin/programs", {"name": value, "type": "one_to_one"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "name"
    assert "one line" in resp.get_json()["message"]
    assert programs.list_programs() == []


def test_a_description_may_have_line_breaks_but_no_other_control_character(admin_client):
    made = post(admin_client, "/api/admin/programs",
                {"name": "Data", "description": "First line.\r\nSecond line."})
    assert made.status_code == 201, made.get_json()
    assert admin_client.get(f"/api/admin/programs/{made.get_json()['id']}").get_json()[
        "description"] == "First line.\nSecond line."
    bad = post(admin_client, "/api/admin/programs", {"name": "Data", "description": "a\x1bb"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "description"


def test_names_and_labels_everywhere_are_one_line(admin_client, cohort):
    program = new_program(admin_client)
    cohort_name = post(admin_client, f"/api/admin/programs/{program}/cohorts",
                       {"name": "Autumn\r\n2030"})
    assert cohort_name.status_code == 422 and cohort_name.get_json()["field"] == "name"
    label = post(admin_client, "/api/admin/programs", {"name": "Data", "questionnaire": {
        "questions": [{"id": "team", "label": "Team\nname", "type": "text"}]}})
    assert label.status_code == 422
    assert label.get_json()["field"] == "questionnaire.questions[0].label"
    option = post(admin_client, "/api/admin/programs", {"name": "Data", "questionnaire": {
        "questions": [{"id": "team", "label": "Team", "type": "choice",
                       "options": ["Data", "Sa\rles"]}]}})
    assert option.status_code == 422
    assert option.get_json()["field"] == "questionnaire.questions[0].options.1"
    skills = post(admin_client, "/api/admin/programs", {"name": "Data", "skills": ["a\nb"]})
    assert skills.status_code == 422 and skills.get_json()["field"] == "skills.0"


def test_an_enrolment_name_with_a_line_break_is_422_and_not_stored(client):
    make_cohort()
    resp = post(client, "/api/cohorts/c1/enrollments", mentee(name="Maya\r\nBcc: x@y.org"))
    assert resp.status_code == 422 and resp.get_json()["field"] == "name"
    from functions.db import participants
    assert participants.list_participants("c1") == []


@pytest.mark.parametrize("model, body, field", [
    ("participant_schemas.GoalIn", {"title": "Grow\nfast", "target_date": "2030-01-01"},
     "title"),
    ("participant_schemas.MilestoneIn", {"title": "a\x07"}, "title"),
    ("participant_schemas.MeetingIn", {"date": "2030-01-01", "minutes": 30,
                                       "topics": ["sq\r\nl"]}, "topics.0"),
    ("participant_schemas.FeedbackIn", {"rating": 3, "to": "x\ny"}, "to"),
    ("participant_schemas.MeetingIn", {"date": "2030-01-01", "minutes": 30,
                                       "notes": "fine\nbut\ttab"}, "notes"),
    ("choice_schemas.RequestIn", {"mentor": "m\n1"}, "mentor"),
    ("followup_schemas.FollowUpAction", {"action": "rematch", "cohort": "c\r2"}, "cohort"),
    ("manage_schemas.ParticipantEdit", {"name": "Omar\u2029Mentor"}, "name"),
    ("schemas.SelfIdIn", {"consent": True, "gender": "x\x00"}, "gender"),
])
def test_every_request_model_refuses_control_characters_in_one_line_text(model, body, field):
    import importlib
    module, name = model.split(".")
    cls = getattr(importlib.import_module(f"functions.api.{module}"), name)
    with pytest.raises(Invalid) as refused:
        schemas.parse(cls, body)
    assert refused.value.field == field


def test_long_text_keeps_its_line_breaks():
    from functions.api.participant_schemas import MeetingIn
    meeting = schemas.parse(MeetingIn, {"date": "2030-01-01", "minutes": 30,
                                        "notes": "one\r\ntwo\rthree\nfour"})
    assert meeting.notes == "one\ntwo\nthree\nfour"


# -- finding 7: an invitation goes to one address -----------------------------------

@pytest.mark.parametrize("email", [
    "bea@example.org, victim@example.org",
    "bea@example.org\r\nBcc: victim@example.org",
    "bea@example.org\nvictim@example.org",
    "bea@example.org;victim@example.org",
])
def test_an_invitation_to_anything_but_one_address_is_422_and_not_stored(admin_client, email):
    resp = post(admin_client, "/api/admin/admins", {"email": email})
    assert resp.status_code == 422 and resp.get_json()["field"] == "email"
    assert invitations.pending() == []


# -- finding 8: what fuzzing found --------------------------------------------------

def test_a_lone_surrogate_in_the_match_token_is_400_naming_it(client):
    resp = raw_post(client, "/api/my-match", b'{"token": "\\ud800"}')
    assert resp.status_code == 400 and resp.get_json()["field"] == "token"


@pytest.mark.parametrize("body, field", [
    (b'{"role": "mentee", "name": "Ma\\udfffya"}', "name"),
    (b'{"answers": {"wants": ["py", "\\ud83d"]}}', "answers.wants.1"),
    (b'{"\\ud800": 1}', None),
])
def test_a_lone_surrogate_anywhere_in_a_body_is_400_naming_where(client, body, field):
    make_cohort()
    resp = raw_post(client, "/api/cohorts/c1/enrollments", body)
    assert resp.status_code == 400 and resp.get_json().get("field") == field


def test_a_pair_of_surrogates_is_a_character_and_welcome(client):
    make_cohort()
    body = b'{"role": "mentee", "name": "Maya \\ud83d\\ude00", "email": "maya@example.org",' \
           b' "consent": true, "answers": {"wants": ["python"], "department": "Sales"}}'
    resp = raw_post(client, "/api/cohorts/c1/enrollments", body)
    assert resp.status_code == 202, resp.get_json()


@pytest.mark.parametrize("change, field", [
    ({"mentee": ["e1"]}, "mentee"), ({"mentee": {"id": "e1"}}, "mentee"),
    ({"mentor": 7}, "mentor"), ({"kind": ["lock"]}, "kind"), ({"remove": "yes"}, "remove"),
    ({"mentee": "e1\n"}, "mentee"),
])
def test_an_adjustment_of_the_wrong_shape_is_422_naming_the_field(admin_client, change, field):
    make_cohort()
    body = {"kind": "lock", "mentee": "e1", "mentor": "m1", **change}
    resp = post(admin_client, "/api/admin/cohorts/c1/adjustments", body)
    assert resp.status_code == 422 and resp.get_json()["field"] == field


@pytest.mark.parametrize("admin_id", ["%20", "", "%09", "x" * 3000 + "@example.org"])
def test_removing_an_admin_by_no_address_is_4xx_naming_the_id(admin_client, admin_id):
    resp = admin_client.delete(f"/api/admin/admins/{admin_id}", headers=H)
    assert 400 <= resp.status_code < 500 and resp.is_json
    if resp.status_code != 404:  # "" does not reach the route
        assert resp.get_json()["field"] == "id"
