"""The mentor readiness check: asked at enrolment with guidance, kept for the
mentor alone (her export has it; the admin's lists do not), counted for the
admin once ten mentors have answered."""
from __future__ import annotations

import pytest

from tests.api.helpers import make_cohort, mentee, mentor
from tests.api.participant_helpers import mail_app, sign_in  # noqa: F401 (fixture)
from tests.conftest import admin_of, post

URL = "/api/cohorts/c1/enrollments"
READY = {"time": "two_hours", "expect": "guide", "listening": "solve", "feedback": "avoid"}


def test_the_form_gets_the_check_with_guidance_for_every_answer(client):
    make_cohort()
    questions = client.get("/api/cohorts/c1").get_json()["readiness"]
    assert [q["id"] for q in questions] == ["time", "expect", "listening", "feedback"]
    for q in questions:
        assert q["text"].endswith("?") and len(q["options"]) >= 3
        assert all(o["label"] and len(o["guidance"]) > 40 for o in q["options"])


def test_her_answers_are_hers_and_the_admin_sees_only_counts(mail_app):  # noqa: F811
    make_cohort()
    public = mail_app.test_client()
    admin = admin_of(mail_app)
    assert post(public, URL, mentor(readiness=READY)).status_code == 202
    assert post(public, URL, mentor(email="ivan@example.org", name="Ivan Mentor")).status_code == 202
    assert post(public, URL, mentee()).status_code == 202
    # One mentor's counts would be her answers: withheld under ten.
    few = admin.get("/api/admin/cohorts/c1/readiness").get_json()
    assert (few["mentors"], few["answered"], few["suppressed"]) == (2, 1, True)
    assert {o["count"] for q in few["questions"] for o in q["options"]} == {None}
    for i in range(9):
        assert post(public, URL, mentor(email=f"m{i}@example.org", name=f"Mentor {i}",
                                        readiness={"time": "two_hours"})).status_code == 202

    counts = admin.get("/api/admin/cohorts/c1/readiness").get_json()
    assert (counts["mentors"], counts["answered"], counts["suppressed"]) == (11, 10, False)
    by_q = {q["id"]: {o["id"]: o["count"] for o in q["options"]} for q in counts["questions"]}
    assert by_q["time"] == {"two_hours": 10, "one_hour": 0, "unsure": 0}
    assert by_q["feedback"] == {"easy": 0, "sometimes": 0, "avoid": 1}
    # Who answered what is nowhere in the admin's view of the people.
    listed = admin.get("/api/admin/cohorts/c1/participants").get_json()
    assert "avoid" not in str(listed) and "readiness" not in str(listed)
    # She has them in her own data.
    omar = sign_in(mail_app, "omar@example.org")
    [record] = omar.get("/api/me/export").get_json()["enrolments"]
    assert record["readiness"] == READY


@pytest.mark.parametrize("given,field", [
    ({"time": "all_week"}, "readiness.time"),
    ({"mood": "good"}, "readiness.mood"),
    ({"time": 2}, "readiness.time"),
    ("two_hours", "readiness"),
])
def test_a_bad_answer_is_422_naming_it_and_nobody_is_enrolled(client, given, field):
    make_cohort()
    resp = post(client, URL, mentor(readiness=given))
    assert resp.status_code == 422 and resp.get_json()["field"] == field, resp.get_json()
    assert client.get("/api/cohorts/c1").status_code == 200
    from functions.db import Participant
    assert list(Participant.query("c1")) == []


def test_only_mentors_take_it(client):
    make_cohort()
    resp = post(client, URL, mentee(readiness={"time": "one_hour"}))
    assert resp.status_code == 422 and resp.get_json()["field"] == "readiness"


def test_counts_of_a_cohort_that_is_not_there_are_404(admin_client):
    assert admin_client.get("/api/admin/cohorts/nope/readiness").status_code == 404

