"""Programs, questionnaires and cohorts made on the admin page."""
import pytest

from tests.api.helpers import QUESTIONS
from tests.api.manage_helpers import new_cohort, new_program
from tests.conftest import post


def test_a_program_is_created_with_its_questionnaire_and_served_to_enrolment(admin_client):
    program = new_program(admin_client)
    view = admin_client.get(f"/api/admin/programs/{program}").get_json()
    assert view["name"] == "Data mentoring" and view["type"] == "one_to_one"
    assert [q["id"] for q in view["questionnaire"]["questions"]] == [q["id"] for q in QUESTIONS]
    # The criteria that fit the questionnaire: wants/offers overlap (no languages, no level gap
    # because "level" here... is a scale answered by both roles).
    assert [c["name"] for c in view["criteria"]] == ["skills", "level"]
    cohort = new_cohort(admin_client, program)
    assert admin_client.get(f"/api/admin/cohorts/{cohort}").get_json()["status"] == "draft"
    # A draft is not public yet.
    assert admin_client.get(f"/api/cohorts/{cohort}").status_code == 404


@pytest.mark.parametrize("kind, target", [("one_to_one", 2), ("group", 2), ("reverse", -2)])
def test_a_new_program_without_questionnaire_gets_working_defaults(admin_client, kind, target):
    resp = post(admin_client, "/api/admin/programs", {"name": "P", "type": kind})
    view = admin_client.get(f"/api/admin/programs/{resp.get_json()['id']}").get_json()
    ids = [q["id"] for q in view["questionnaire"]["questions"]]
    assert ids == ["offers", "wants", "languages", "level"]
    criteria = {c["name"]: c for c in view["criteria"]}
    assert criteria["skills"]["type"] == "overlap"
    assert criteria["language"] == {"name": "language", "type": "share", "field": "languages",
                                    "weight": 20, "required": True}
    assert criteria["level"]["target"] == target


def test_program_creation_is_in_the_audit_log(admin_client):
    program = new_program(admin_client)
    [entry] = admin_client.get("/api/admin/audit").get_json()["entries"]
    assert entry["action"] == "program.create" and entry["object_id"] == program
    assert entry["admin"] == "admin@example.org" and entry["at"]


def _q(**over):
    q = {"id": "colour", "label": "Colour", "type": "choice", "options": ["red", "blue"],
         "required": True, "roles": ["mentor", "mentee"]}
    q.update(over)
    return q


@pytest.mark.parametrize("questions, field", [
    ([_q(options=["red", "Red"])], "questionnaire.questions[0].options[1]"),
    ([_q(options=[])], "questionnaire.questions[0].options"),
    ([_q(), _q(label="again")], "questionnaire.questions[1].id"),
    ([_q(type="colourful")], "questionnaire.questions[0].type"),
    ([_q(id="Email")], "questionnaire.questions[0].id"),
    ([_q(id="email")], "questionnaire.questions[0].id"),
    ([_q(roles=[])], "questionnaire.questions[0].roles"),
    ([_q(type="multi_choice", options=["a;b"])], "questionnaire.questions[0].options[0]"),
    ([_q(type="number", options=None, min=5, max=1)], "questionnaire.questions[0].max"),
    ([_q(type="text")], "questionnaire.questions[0].options"),
    ([_q(required="yes")], "questionnaire.questions[0].required"),
])
def test_a_bad_questionnaire_is_422_naming_the_field(admin_client, questions, field):
    resp = post(admin_client, "/api/admin/programs",
                {"name": "P", "type": "group", "questionnaire": {"questions": questions}})
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["field"] == field
    assert admin_client.get("/api/admin/programs").get_json() == []


@pytest.mark.parametrize("body, field", [
    ({"name": "", "type": "group"}, "name"),
    ({"name": "P", "type": "pairs"}, "type"),
    ({"name": "P", "matching_mode": "random"}, "matching_mode"),
    ({"name": "P", "colour": "red"}, "colour"),
])
def test_bad_program_fields_are_422(admin_client, body, field):
    resp = post(admin_client, "/api/admin/programs", body)
    assert resp.status_code == 422 and resp.get_json()["field"] == field


@pytest.mark.parametrize("dates, field", [
    ({"enrolment_opens": "2030-02-01", "enrolment_closes": "2030-01-01"}, "enrolment_closes"),
    ({"enrolment_closes": "2030-01-10", "matching_at": "2030-01-09"}, "matching_at"),
    ({"enrolment_closes": "10/01/2030"}, "enrolment_closes"),
    ({"matching_at": "soon"}, "matching_at"),
])
def test_cohort_dates_that_end_before_they_start_are_422(admin_client, dates, field):
    program = new_program(admin_client)
    resp = post(admin_client, f"/api/admin/programs/{program}/cohorts", {"name": "C", **dates})
    assert resp.status_code == 422 and resp.get_json()["field"] == field


def test_a_cohort_of_an_unknown_program_is_404(admin_client):
    resp = post(admin_client, "/api/admin/programs/nope/cohorts", {"name": "C"})
    assert resp.status_code == 404


def test_cohort_overview_has_dates_counts_seats_and_a_public_link(admin_client):
    program = new_program(admin_client)
    cohort = new_cohort(admin_client, program, enrolment_opens="2030-01-01")
    view = admin_client.get(f"/api/admin/cohorts/{cohort}/overview").get_json()
    assert view["enrollment_opens"] == "2030-01-01" and view["matching_at"] == "2030-01-12"
    assert view["counts"] == {"mentor": 0, "mentee": 0} and view["seats"] == 0
    assert view["public_link"] == f"/enrol.html?cohort={cohort}"
    resp = admin_client.put(f"/api/admin/cohorts/{cohort}/details",
                            json={"matching_at": "2029-12-01"},
                            headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "matching_at"
    resp = admin_client.put(f"/api/admin/cohorts/{cohort}/details",
                            json={"name": "Winter", "matching_at": "2030-02-01"},
                            headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200 and resp.get_json()["name"] == "Winter"


def _put(client, url, body):
    return client.put(url, json=body, headers={"X-Requested-With": "tandem"})


def test_editing_a_questionnaire_never_orphans_stored_answers(admin_client):
    program = new_program(admin_client)
    cohort = new_cohort(admin_client, program)
    from functions.db import programs
    from functions.db.programs import Cohort
    Cohort.get(cohort).update(actions=[Cohort.status.set("enrolling")])
    assert post(admin_client, f"/api/cohorts/{cohort}/enrollments", {
        "role": "mentee", "name": "Maya", "email": "maya@example.org", "consent": True,
        "answers": {"wants": ["python"], "department": "Sales", "bio": "hi"}}).status_code == 202
    url = f"/api/admin/programs/{program}"
    questions = [dict(q) for q in QUESTIONS]

    without_bio = [q for q in questions if q["id"] != "bio"]
    resp = _put(admin_client, url, {"questionnaire": {"questions": without_bio}})
    assert resp.status_code == 422 and "bio" in resp.get_json()["message"]

    changed = [dict(q, type="text") if q["id"] == "bio" else q for q in questions]
    resp = _put(admin_client, url, {"questionnaire": {"questions": changed}})
    assert resp.status_code == 422 and resp.get_json()["field"].endswith("[5].type")

    fewer = [dict(q, options=["sql", "leadership"]) if q["id"] == "wants" else q
             for q in questions]
    resp = _put(admin_client, url, {"questionnaire": {"questions": fewer}})
    assert resp.status_code == 422 and "'python'" in resp.get_json()["message"]

    # Unanswered questions and options change freely; labels, order and new options too.
    edited = [dict(q, label=q["label"] + "!") for q in reversed(questions)
              if q["id"] != "years"]
    edited = [dict(q, options=[*q["options"], "design"]) if q["id"] == "wants" else q
              for q in edited]
    resp = _put(admin_client, url, {"questionnaire": {"questions": edited}})
    assert resp.status_code == 200, resp.get_json()
    served = admin_client.get(f"/api/cohorts/{cohort}").get_json()["questionnaire"]
    assert [q["id"] for q in served["questions"]][0] == "bio"
    assert programs.get_cohort(cohort)["questionnaire"]["questions"][0]["label"] == "Bio!"


def test_a_stale_program_version_is_409(admin_client):
    program = new_program(admin_client)
    version = admin_client.get(f"/api/admin/programs/{program}").get_json()["version"]
    url = f"/api/admin/programs/{program}"
    assert _put(admin_client, url, {"name": "A", "version": version}).status_code == 200
    resp = _put(admin_client, url, {"name": "B", "version": version})
    assert resp.status_code == 409


@pytest.mark.parametrize("method, url", [
    ("post", "/api/admin/programs"), ("get", "/api/admin/programs/p1"),
    ("put", "/api/admin/programs/p1"), ("post", "/api/admin/programs/p1/cohorts"),
    ("post", "/api/admin/cohorts/c1/participants/import"),
    ("get", "/api/admin/cohorts/c1/participants.csv"),
    ("get", "/api/admin/cohorts/c1/matches.csv"), ("get", "/api/admin/cohorts/c1/report"),
    ("get", "/api/admin/programs/p1/report"), ("get", "/api/admin/audit"),
    ("get", "/api/admin/audit.csv"), ("get", "/api/admin/admins"),
    ("post", "/api/admin/admins"), ("delete", "/api/admin/admins/a%40example.org"),
    ("get", "/api/admin/cohorts/c1/participants/x"),
    ("post", "/api/admin/cohorts/c1/participants/x/withdraw"),
])
def test_only_admins_reach_any_of_it(client, method, url):
    headers = {"X-Requested-With": "tandem"}
    if url.endswith("/import"):
        resp = client.post(url, data=b"role,name,email\n",
                           headers={**headers, "Content-Type": "text/csv"})
    elif method in ("post", "put"):
        resp = getattr(client, method)(url, json={}, headers=headers)
    else:
        resp = getattr(client, method)(url, headers=headers)
    assert resp.status_code == 401
