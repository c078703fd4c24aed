"""Self-assessment as the admin meets it: the program's own skills (checked,
and offered at enrolment) and the view of means per skill, none from fewer
than ten people."""
from __future__ import annotations

import pytest

from functions.db import self_assessment as store
from functions.vocab.skills import DEFAULT_SKILLS
from tests.api.helpers import make_cohort, mentee
from tests.api.manage_helpers import new_program
from tests.api.participant_helpers import mail_app, pair, sign_in, world  # noqa: F401
from tests.conftest import post


# -- program skills, set by the admin ----------------------------------------------

@pytest.mark.parametrize("skills, field", [
    ([], "skills"),
    ([f"s{i}" for i in range(9)], "skills"),
    (["Speaking", " speaking "], "skills.1"),
    (["Speaking", ""], "skills.1"),
    (["x" * 61], "skills.0"),
    ([3], "skills.0"),
    ("Speaking", "skills"),
])
def test_program_skills_are_checked_naming_the_field(admin_client, skills, field):
    resp = post(admin_client, "/api/admin/programs", {"name": "P", "skills": skills})
    assert resp.status_code == 422 and resp.get_json()["field"] == field, resp.get_json()
    assert admin_client.get("/api/admin/programs").get_json() == []
    program = new_program(admin_client)
    edit = admin_client.put(f"/api/admin/programs/{program}", json={"skills": skills},
                            headers={"X-Requested-With": "tandem"})
    assert edit.status_code == 422 and edit.get_json()["field"] == field
    assert admin_client.get(f"/api/admin/programs/{program}").get_json()["skills"] == list(
        DEFAULT_SKILLS)


def test_a_programs_own_skills_reach_enrolment(admin_client, client):
    program = new_program(admin_client, skills=[" Public speaking ", "Delegation"])
    assert admin_client.get(f"/api/admin/programs/{program}").get_json()["skills"] == [
        "Public speaking", "Delegation"]
    resp = admin_client.put(f"/api/admin/programs/{program}", json={"skills": ["Delegation"]},
                            headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200 and resp.get_json()["skills"] == ["Delegation"]
    cohort = post(admin_client, f"/api/admin/programs/{program}/cohorts",
                  {"name": "Autumn"}).get_json()["id"]
    assert admin_client.patch(f"/api/admin/cohorts/{cohort}", json={"status": "enrolling"},
                              headers={"X-Requested-With": "tandem"}).status_code == 200
    assert client.get(f"/api/cohorts/{cohort}").get_json()["skills"] == ["Delegation"]
    old = post(client, f"/api/cohorts/{cohort}/enrollments",
               mentee(self_assessment={"Confidence": 3}))
    assert old.status_code == 422 and old.get_json()["field"] == "self_assessment.Confidence"
    ok = post(client, f"/api/cohorts/{cohort}/enrollments",
              mentee(self_assessment={"Delegation": 3}))
    assert ok.status_code == 202


# -- the admin's view: means only -----------------------------------------------------

def test_the_admin_sees_counts_but_no_mean_over_fewer_than_ten(admin_client, mail_app):
    world()
    store.give("c1", "maya@example.org", "before", {"Confidence": 2, "Leadership": 3})
    store.give("c1", "maya@example.org", "after", {"Confidence": 4})
    store.give("c1", "mina@example.org", "before", {"Confidence": 3})
    store.give("c1", "mina@example.org", "after", {"Confidence": 5, "Leadership": 4})
    store.give("c1", "sam@example.org", "before", {"Confidence": 1})
    store.give("c2", "maya@example.org", "before", {"Confidence": 5})  # another cohort
    resp = admin_client.get("/api/admin/cohorts/c1/self-assessment")
    assert resp.status_code == 200
    body = resp.get_json()
    assert sorted(body) == ["skills", "suppression_threshold"]
    assert body["suppression_threshold"] == 10
    by_skill = {s["skill"]: s for s in body["skills"]}
    assert list(by_skill) == list(DEFAULT_SKILLS)
    # Two people rated Confidence both times: a mean of two gives either one's
    # rating away to the other, so it is withheld; the counts stay.
    assert by_skill["Confidence"] == {"skill": "Confidence", "before_mean": None,
                                      "after_mean": None, "suppressed": True,
                                      "before_n": 3, "after_n": 2, "pairs_n": 2}
    assert by_skill["Leadership"] == {"skill": "Leadership", "before_mean": None,
                                      "after_mean": None, "suppressed": False,
                                      "before_n": 1, "after_n": 1, "pairs_n": 0}
    assert by_skill["Networking"]["before_n"] == 0
    text = resp.get_data(as_text=True)
    assert "maya" not in text.lower() and "Mina" not in text
    assert admin_client.get("/api/admin/cohorts/nope/self-assessment").status_code == 404


def test_the_admin_sees_means_per_skill_from_ten_people_who_gave_both(admin_client, tables):
    from tests.api.participant_helpers import enrol
    make_cohort()
    enrol("c1", "mentee", "Maya Mentee", "maya@example.org")
    for n in range(10):
        email = f"p{n}@example.org"
        enrol("c1", "mentee", f"Person {n}", email)
        store.give("c1", email, "before", {"Confidence": 2 + n % 2, "Leadership": 3})
        # The tenth gives no "after" Leadership: nine pairs for it.
        store.give("c1", email, "after", {"Confidence": 4, **({"Leadership": 5} if n else {})})
    store.give("c1", "maya@example.org", "before", {"Confidence": 1})  # no "after": not counted
    by_skill = {s["skill"]: s for s in admin_client.get(
        "/api/admin/cohorts/c1/self-assessment").get_json()["skills"]}
    assert by_skill["Confidence"] == {"skill": "Confidence", "before_mean": 2.5,
                                      "after_mean": 4.0, "suppressed": False,
                                      "before_n": 11, "after_n": 10, "pairs_n": 10}
    assert by_skill["Leadership"] | {"before_n": None} == {
        "skill": "Leadership", "before_mean": None, "after_mean": None, "suppressed": True,
        "before_n": None, "after_n": 9, "pairs_n": 9}


def test_the_admin_view_needs_an_admin(client, mail_app):
    world()
    assert client.get("/api/admin/cohorts/c1/self-assessment").status_code == 401
    maya = sign_in(mail_app, "maya@example.org")
    assert maya.get("/api/admin/cohorts/c1/self-assessment").status_code == 401
