"""Self-assessment: skills rated 1–5 at enrolment ("before") and when a match
closes ("after"); the participant sees her growth (the admin's side:
test_self_assessment_admin.py)."""
from __future__ import annotations

import json
import threading

import pytest

from functions.db import participant_data, programs, self_assessment as store
from functions.db.participants import Participant
from functions.vocab.skills import DEFAULT_SKILLS
from tests.api.helpers import make_cohort, mentee
from tests.api.participant_helpers import mail_app, pair, sign_in  # noqa: F401
from tests.conftest import post

ME = "/api/me/self-assessment"
CLOSE = {"reason": "we reached our goals", "survey": {"satisfaction": 5}}


def put(client, body):
    return client.put(ME, json=body, headers={"X-Requested-With": "tandem"})


def stored(cohort_id: str, email: str) -> tuple:
    p = Participant.get(cohort_id, email)
    return p.assessment_before, p.assessment_after


# -- at enrolment ---------------------------------------------------------------

def test_the_public_cohort_names_the_skills_and_enrolment_stores_the_before_ratings(
        client, mail_app):
    make_cohort()
    assert client.get("/api/cohorts/c1").get_json()["skills"] == list(DEFAULT_SKILLS)
    ratings = {"Confidence": 2, "Leadership": 4}
    resp = post(client, "/api/cohorts/c1/enrollments", mentee(self_assessment=ratings))
    assert resp.status_code == 202, resp.get_json()
    before, after = stored("c1", "maya@example.org")
    assert before["ratings"] == ratings and before["at"] and after is None
    maya = sign_in(mail_app, "maya@example.org")
    [mine] = maya.get(ME).get_json()["assessments"]
    assert mine["cohort"]["id"] == "c1" and mine["skills"] == list(DEFAULT_SKILLS)
    assert mine["before"]["ratings"] == ratings
    # Given once at enrolment: not again; "after" waits for a closed match.
    assert mine["can_give"] == {"before": False, "after": False}
    again = put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Confidence": 3}})
    assert again.status_code == 409 and again.get_json()["field"] == "stage"
    assert stored("c1", "maya@example.org")[0]["ratings"] == ratings


def test_enrolment_without_a_self_assessment_stores_none(client):
    make_cohort()
    assert post(client, "/api/cohorts/c1/enrollments", mentee()).status_code == 202
    assert post(client, "/api/cohorts/c1/enrollments",
                mentee(email="mo@example.org", self_assessment={})).status_code == 202
    assert stored("c1", "maya@example.org") == (None, None)
    assert stored("c1", "mo@example.org") == (None, None)


@pytest.mark.parametrize("ratings, field", [
    ({"Juggling": 3}, "self_assessment.Juggling"),
    ({"Confidence": 6}, "self_assessment.Confidence"),
    ({"Confidence": 0}, "self_assessment.Confidence"),
    ({"Confidence": "3"}, "self_assessment.Confidence"),
    ({"Confidence": True}, "self_assessment.Confidence"),
    ({"Confidence": 2.5}, "self_assessment.Confidence"),
    ([3, 4], "self_assessment"),
    ("high", "self_assessment"),
])
def test_a_bad_self_assessment_at_enrolment_is_422_naming_it_and_enrols_nobody(
        client, ratings, field):
    make_cohort()
    resp = post(client, "/api/cohorts/c1/enrollments", mentee(self_assessment=ratings))
    assert resp.status_code == 422 and resp.get_json()["field"] == field, resp.get_json()
    assert list(Participant.query("c1")) == []


# -- on my page: before once, after once a match is closed ---------------------------

def test_someone_enrolled_without_it_gives_before_once_then_after_when_the_match_closes(pair):
    url, maya, omar, _ = pair
    [c1] = [a for a in maya.get(ME).get_json()["assessments"] if a["cohort"]["id"] == "c1"]
    assert c1["before"] is None and c1["can_give"] == {"before": True, "after": False}
    assert c1["matches"] == [url.rsplit("/", 1)[1]]
    resp = put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Confidence": 2}})
    assert resp.status_code == 200 and resp.get_json()["ratings"] == {"Confidence": 2}
    second = put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Confidence": 5}})
    assert second.status_code == 409 and second.get_json()["field"] == "stage"

    early = put(maya, {"cohort": "c1", "stage": "after", "ratings": {"Confidence": 4}})
    assert early.status_code == 409 and early.get_json()["field"] == "stage"
    assert stored("c1", "maya@example.org")[1] is None

    assert post(omar, f"{url}/closure", CLOSE).status_code == 201  # either side closes it
    [c1] = [a for a in maya.get(ME).get_json()["assessments"] if a["cohort"]["id"] == "c1"]
    assert c1["can_give"] == {"before": False, "after": True}
    assert put(maya, {"cohort": "c1", "stage": "after",
                      "ratings": {"Confidence": 4}}).status_code == 200
    twice = put(maya, {"cohort": "c1", "stage": "after", "ratings": {"Confidence": 5}})
    assert twice.status_code == 409
    before, after = stored("c1", "maya@example.org")
    assert before["ratings"] == {"Confidence": 2} and after["ratings"] == {"Confidence": 4}
    # Her other cohort (another program, its match open) is untouched.
    assert stored("c2", "maya@example.org") == (None, None)


def test_before_is_refused_once_after_is_given(pair):
    url, maya, omar, _ = pair
    post(maya, f"{url}/closure", CLOSE)
    assert put(maya, {"cohort": "c1", "stage": "after",
                      "ratings": {"Leadership": 4}}).status_code == 200
    late = put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Leadership": 1}})
    assert late.status_code == 409
    assert stored("c1", "maya@example.org")[0] is None


def test_the_partners_self_assessment_is_hers_alone(pair):
    url, maya, omar, _ = pair
    put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Confidence": 1}})
    assert all(a["before"] is None for a in omar.get(ME).get_json()["assessments"])
    assert "Confidence" not in omar.get(url).get_data(as_text=True)


@pytest.mark.parametrize("body, status, field", [
    ({"cohort": "c1", "stage": "before", "ratings": {"Juggling": 3}}, 422, "ratings.Juggling"),
    ({"cohort": "c1", "stage": "before", "ratings": {"Confidence": 9}}, 422, "ratings.Confidence"),
    ({"cohort": "c1", "stage": "before", "ratings": {"Confidence": False}}, 422,
     "ratings.Confidence"),
    ({"cohort": "c1", "stage": "before", "ratings": {}}, 422, "ratings"),
    ({"cohort": "c1", "stage": "before", "ratings": [1]}, 422, "ratings"),
    ({"cohort": "c1", "stage": "during", "ratings": {"Confidence": 3}}, 422, "stage"),
    ({"cohort": "c1", "ratings": {"Confidence": 3}}, 422, "stage"),
    ({"cohort": "", "stage": "before", "ratings": {"Confidence": 3}}, 422, "cohort"),
    ({"cohort": "c9", "stage": "before", "ratings": {"Confidence": 3}}, 404, "cohort"),
    ({"cohort": "c1", "stage": "before", "ratings": {"Confidence": 3}, "x": 1}, 422, "x"),
])
def test_bad_input_on_my_page_names_the_field_and_writes_nothing(pair, body, status, field):
    _, maya, _, _ = pair
    resp = put(maya, body)
    assert resp.status_code == status and resp.get_json()["field"] == field, resp.get_json()
    assert stored("c1", "maya@example.org") == (None, None)


def test_another_persons_cohort_is_404_and_signed_out_is_401(pair, mail_app):
    _, maya, _, _ = pair
    make_cohort(cohort_id="c3", program_id="p3", name="Not hers")
    resp = put(maya, {"cohort": "c3", "stage": "before", "ratings": {"Confidence": 3}})
    assert resp.status_code == 404
    anon = mail_app.test_client()
    assert anon.get(ME).status_code == 401
    assert put(anon, {"cohort": "c1", "stage": "before",
                      "ratings": {"Confidence": 3}}).status_code == 401


# -- privacy ------------------------------------------------------------------------------

def test_my_export_carries_my_self_assessment_and_erasure_removes_it(pair):
    url, maya, _, _ = pair
    put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Networking": 2}})
    data = json.loads(maya.get("/api/me/export").get_data())
    [c1] = [e for e in data["enrolments"] if e["cohort_id"] == "c1"]
    assert c1["self_assessment"]["before"]["ratings"] == {"Networking": 2}
    assert c1["self_assessment"]["after"] is None
    resp = maya.delete("/api/me", json={"confirm": True}, headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200
    assert participant_data.records("maya@example.org") == []
    assert store.cohort_ratings("c1") == []


def test_of_racing_before_ratings_exactly_one_is_stored(pair, mail_app):
    _, maya, _, _ = pair
    # Four sessions of hers (the sign-in limit allows five links an hour).
    clients = [maya] + [sign_in(mail_app, "maya@example.org") for _ in range(3)]
    answers, barrier = [], threading.Barrier(len(clients))

    def send(client, n):
        barrier.wait()
        answers.append(put(client, {"cohort": "c1", "stage": "before",
                                    "ratings": {"Confidence": n}}).status_code)

    threads = [threading.Thread(target=send, args=(c, n)) for n, c in enumerate(clients, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200] + [409] * 3
    assert stored("c1", "maya@example.org")[0]["ratings"]["Confidence"] in range(1, 5)


def test_after_is_open_once_the_cohort_is_closed(pair):
    _, maya, _, _ = pair
    programs.move_status("c1", "closed")
    [c1] = [a for a in maya.get(ME).get_json()["assessments"] if a["cohort"]["id"] == "c1"]
    assert c1["can_give"]["after"] is True
    assert put(maya, {"cohort": "c1", "stage": "after",
                      "ratings": {"Networking": 5}}).status_code == 200


def test_a_rating_moves_her_records_version_on_by_one(pair):
    _, maya, _, _ = pair
    Participant.get("c1", "maya@example.org").update(actions=[Participant.name.set("Maya M")])
    assert Participant.get("c1", "maya@example.org").version == 2
    put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Confidence": 3}})
    assert Participant.get("c1", "maya@example.org").version == 3


def test_a_skill_someone_rated_cannot_be_removed_from_the_program(admin_client, pair):
    _, maya, _, _ = pair
    put(maya, {"cohort": "c1", "stage": "before", "ratings": {"Networking": 2}})
    url = "/api/admin/programs/p1"
    headers = {"X-Requested-With": "tandem"}
    resp = admin_client.put(url, json={"skills": ["Confidence", "Leadership"]}, headers=headers)
    assert resp.status_code == 422 and resp.get_json()["field"] == "skills"
    assert "Networking" in resp.get_json()["message"]
    assert admin_client.get(url).get_json()["skills"] == list(DEFAULT_SKILLS)
    # Kept, with others dropped or added: fine.
    ok = admin_client.put(url, json={"skills": ["Networking", "Mentoring others"]},
                          headers=headers)
    assert ok.status_code == 200 and ok.get_json()["skills"] == ["Networking",
                                                                 "Mentoring others"]
