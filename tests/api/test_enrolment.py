"""Public enrolment: the happy path and every kind of bad input."""
import pytest

from functions.db import Participant, SelfIdentification
from tests.api.helpers import enrolled_id, make_cohort, mentee, mentor
from tests.api.participant_helpers import mail_app  # noqa: F401  (a fixture)
from tests.conftest import client_at, post

URL = "/api/cohorts/c1/enrollments"


def participants():
    return list(Participant.query("c1"))


def test_health(client):
    assert client.get("/api/health").get_json() == {"status": "ok"}


def test_open_cohorts_lists_only_enrolling(client):
    make_cohort()
    make_cohort(status="draft", cohort_id="c2")
    body = client.get("/api/cohorts").get_json()
    assert [c["id"] for c in body] == ["c1"]
    assert body[0]["program"]["name"] == "Test program"
    assert body[0]["enrollment_closes"] == "2030-01-01"


def test_open_cohorts_empty(client):
    assert client.get("/api/cohorts").get_json() == []


def test_cohort_has_questionnaire(client):
    make_cohort()
    body = client.get("/api/cohorts/c1").get_json()
    assert [q["id"] for q in body["questionnaire"]["questions"]][:2] == ["wants", "offers"]


def test_unknown_cohort_is_404(client):
    resp = client.get("/api/cohorts/nope")
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"


def test_mentee_enrols(client):
    make_cohort()
    resp = post(client, URL, mentee(email="Maya@Example.org"))
    assert resp.status_code == 202
    assert resp.get_json() == {"status": "check_email", "message": "We have sent a message to "
                               "maya@example.org about your enrolment in Spring."}
    [p] = participants()
    assert (p.role, p.email, p.capacity) == ("mentee", "maya@example.org", None)
    assert p.answers == {"wants": ["python"], "department": "Sales"}


def test_mentor_enrols_with_capacity(client):
    make_cohort()
    assert post(client, URL, mentor()).status_code == 202
    [p] = participants()
    assert (p.role, p.capacity, p.answers["level"]) == ("mentor", 2, 4)


def test_same_email_twice_answers_alike_and_tells_only_the_address(mail_app):
    """Finding 6: the page must not reveal who is enrolled; the second try
    changes nothing and the address's owner is told by e-mail."""
    from functions.notify import outbox as read_outbox
    make_cohort()
    client = mail_app.test_client()

    def outbox():
        return read_outbox(mail_app.config["TANDEM"])
    first = post(client, URL, mentee())
    again = post(client, URL, mentor(email="MAYA@example.org"))
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.get_json() == first.get_json()
    [p] = participants()
    assert (p.role, p.name) == ("mentee", "Maya Mentee")
    subjects = [m["Subject"] for m in outbox() if m["To"] == "maya@example.org"]
    assert subjects == ["You are enrolled in Spring", "You are already enrolled in Spring"]
    [told] = [m for m in outbox() if m["Subject"].startswith("You are already")]
    assert "already enrolled as a mentee" in told.get_content()
    assert "as a mentor, was not made" in told.get_content()


def test_enrolments_are_limited_per_client_and_per_address(app, client, settings):
    """Finding 6: one client cannot fill a cohort, nor one address be flooded."""
    make_cohort()
    app.config["TANDEM"] = settings.with_(enrol_per_client=4)
    answers = [post(client, URL, mentee(email=f"p{n}@example.org")).status_code
               for n in range(5)]
    assert answers == [202] * 4 + [429]
    refused = post(client, URL, mentee(email="fresh@example.org"))
    assert refused.status_code == 429 and "from your network" in refused.get_json()["message"]
    assert int(refused.headers["Retry-After"]) > 500
    assert len(participants()) == 4
    # Per address, from clients that have not hit their own limit.
    other = [post(client_at(app, f"203.0.113.{n}"), URL, mentee(email="same@example.org"))
             .status_code for n in range(7)]
    assert other == [202] * 5 + [429] * 2
    assert len(participants()) == 5


def test_closed_cohort_is_409(client):
    make_cohort(status="matching")
    resp = post(client, URL, mentee())
    assert resp.status_code == 409
    assert participants() == []


def test_unknown_cohort_enrolment_is_404(client):
    assert post(client, "/api/cohorts/zzz/enrollments", mentee()).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"email": "not-an-email"}, "email"),
    ({"name": "   "}, "name"),
    ({"role": "boss"}, "role"),
    ({"consent": False}, "consent"),
    ({"answers": {"department": "Sales"}}, "answers.wants"),
    ({"answers": {"wants": ["cooking"], "department": "Sales"}}, "answers.wants.0"),
    ({"answers": {"wants": ["python"], "department": "Marketing"}}, "answers.department"),
    ({"answers": {"wants": ["python"], "department": "Sales", "level": 9}}, "answers.level"),
    ({"answers": {"wants": ["python"], "department": "Sales", "years": "many"}}, "answers.years"),
    ({"answers": {"wants": ["python"], "department": "Sales", "offers": ["sql"]}}, "answers.offers"),
    ({"answers": {"wants": ["python"], "department": "Sales", "bio": "x" * 6000}}, "answers.bio"),
    ({"capacity": 2}, "capacity"),
    ({"unexpected": 1}, "unexpected"),
    ({"self_id": {"consent": False, "gender": "woman"}}, "self_id.consent"),
    ({"self_id": {"consent": True, "age_range": "ancient"}}, "self_id.age_range"),
])
def test_bad_mentee_input_is_422_naming_the_field(client, change, field):
    make_cohort()
    resp = post(client, URL, mentee(**change))
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert body["field"] == field
    assert body["error"] == "invalid" and field in body["message"]
    assert participants() == []


@pytest.mark.parametrize("capacity", [0, 11, None, "two"])
def test_mentor_capacity_outside_1_to_10_is_422(client, capacity):
    make_cohort()
    resp = post(client, URL, mentor(capacity=capacity))
    assert resp.status_code == 422
    assert resp.get_json()["field"] == "capacity"
    assert participants() == []


def test_self_identification_is_kept_apart_and_only_with_consent(client):
    make_cohort()
    resp = post(client, URL, mentee(self_id={"consent": True, "gender": "woman",
                                             "age_range": "25–34"}))
    assert resp.status_code == 202
    pid = enrolled_id("maya@example.org")
    [record] = list(SelfIdentification.query("c1"))
    assert (record.participant_id, record.data) == (pid, {"gender": "woman", "age_range": "25–34"})
    # The profile itself carries none of it.
    [p] = participants()
    assert "gender" not in str(p.answers)


def test_no_self_identification_without_the_section(client):
    make_cohort()
    assert post(client, URL, mentee()).status_code == 202
    assert list(SelfIdentification.query("c1")) == []


def test_a_cohort_closed_after_the_page_loaded_refuses_in_the_transaction(client):
    """db.participants.enroll does not read the cohort first: its transaction condition
    alone refuses a cohort that is no longer open, and writes nothing."""
    from functions.db import participants as stored
    from functions.errors import Conflict
    make_cohort(status="review")
    with pytest.raises(Conflict, match="not open"):
        stored.enroll("c1", role="mentee", name="Late", email="late@example.org",
                      answers={}, capacity=None, self_id={"gender": "x"})
    assert participants() == []
    assert list(SelfIdentification.query("c1")) == []


@pytest.mark.parametrize("change, field", [
    ({"consent": "yes"}, "consent"),
    ({"consent": "on"}, "consent"),
    ({"consent": 1}, "consent"),
    ({"consent": "true"}, "consent"),
    ({"self_id": {"consent": "yes", "gender": "woman"}}, "self_id.consent"),
    ({"answers": {"wants": ["python"], "department": "Sales", "level": True}}, "answers.level"),
    ({"answers": {"wants": ["python"], "department": "Sales", "level": "3"}}, "answers.level"),
    ({"answers": {"wants": ["python"], "department": "Sales", "years": "3"}}, "answers.years"),
    ({"answers": {"wants": ["python"], "department": "Sales", "years": False}}, "answers.years"),
])
def test_values_of_the_wrong_json_type_are_422_not_coerced(client, change, field):
    make_cohort()
    resp = post(client, URL, mentee(**change))
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["field"] == field
    assert participants() == []


@pytest.mark.parametrize("capacity", [True, "2", 2.0])
def test_mentor_capacity_must_be_a_json_integer(client, capacity):
    make_cohort()
    resp = post(client, URL, mentor(capacity=capacity))
    assert resp.status_code == 422
    assert resp.get_json() == {"error": "invalid", "field": "capacity",
                               "message": "capacity: must be a whole number"}
    assert participants() == []


def test_a_number_answer_may_be_a_json_integer(client):
    make_cohort()
    body = mentee(answers={"wants": ["python"], "department": "Sales", "years": 3})
    assert post(client, URL, body).status_code == 202
    assert participants()[0].answers["years"] == 3


def test_a_draft_cohort_is_not_found_like_an_unknown_one(client):
    make_cohort(status="draft", cohort_id="c2")
    draft, unknown = client.get("/api/cohorts/c2"), client.get("/api/cohorts/zz")
    assert (draft.status_code, unknown.status_code) == (404, 404)
    assert draft.get_json()["error"] == unknown.get_json()["error"] == "not_found"
    assert "questionnaire" not in draft.get_data(as_text=True)
    resp = post(client, "/api/cohorts/c2/enrollments", mentee())
    assert resp.status_code == 404
    assert list(Participant.query("c2")) == []


def test_a_cohort_past_enrolment_still_shows_its_status(client):
    # An old enrolment link then says enrolment is over instead of "not found".
    make_cohort(status="matching")
    resp = client.get("/api/cohorts/c1")
    assert resp.status_code == 200 and resp.get_json()["status"] == "matching"
