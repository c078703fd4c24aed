"""Required training for mentors before matching: done on her enrolment,
shown on My mentoring from enrolment on, and listed by name for the admin."""
from __future__ import annotations

from functions.db import programs
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import enrol, mail_app, publish, sign_in  # noqa: F401
from tests.conftest import post, signed_in_admin

XRW = {"X-Requested-With": "tandem"}
URL = "/api/admin/programs/p1/resources"
TRAINING = "/api/admin/cohorts/c1/training"


def admin(app):
    return signed_in_admin(app.test_client())


def required_training(boss, title="Inclusive mentoring", audience="mentor") -> str:
    made = post(boss, URL, {"title": title, "text": "Read this before you are matched.",
                            "audience": audience, "stage": "first-meeting", "required": True})
    assert made.status_code == 201, made.get_json()
    return made.get_json()["id"]


def test_a_mentor_does_it_before_she_is_matched_and_the_admin_sees_who_has_not(mail_app):
    make_cohort(cohort_id="c1", program_id="p1")
    ids = {"omar": enrol("c1", "mentor", "Omar Mentor", "omar@example.org"),
           "ana": enrol("c1", "mentor", "Ana Able", "ana@example.org"),
           "maya": enrol("c1", "mentee", "Maya Mentee", "maya@example.org")}
    boss = admin(mail_app)
    rid = required_training(boss)
    # Not required: listed for nobody here.
    post(boss, URL, {"title": "Optional", "text": "t", "audience": "mentor", "stage": "first-meeting"})

    omar = sign_in(mail_app, "omar@example.org")
    me = omar.get("/api/me").get_json()
    assert me["matches"] == []
    assert [(t["title"], t["done"], t["cohort"]["name"]) for t in me["training"]] == [
        ("Inclusive mentoring", False, "Spring")]
    maya = sign_in(mail_app, "maya@example.org")
    assert maya.get("/api/me").get_json()["training"] == []  # for mentors only
    assert maya.put(f"/api/me/resources/{rid}", headers=XRW, json={"done": True}).status_code == 404

    before = boss.get(TRAINING).get_json()
    assert before["required"] == [{"id": rid, "title": "Inclusive mentoring"}]
    assert before["mentors"] == 2 and before["done"] == 0
    assert [m["name"] for m in before["not_done"]] == ["Ana Able", "Omar Mentor"]
    assert before["not_done"][0]["missing"] == ["Inclusive mentoring"]

    assert omar.put(f"/api/me/resources/{rid}", headers=XRW, json={"done": True}).status_code == 200
    assert omar.get("/api/me").get_json()["training"][0]["done"] is True
    after = boss.get(TRAINING).get_json()
    assert [m["name"] for m in after["not_done"]] == ["Ana Able"] and after["done"] == 1

    # Matched later, her match shows it done already.
    publish("c1", [(ids["maya"], ids["omar"])])
    me = omar.get("/api/me").get_json()
    assert next(r for r in me["matches"][0]["resources"] if r["id"] == rid)["done"] is True
    assert me["training"] == []  # her match lists it now, with her other resources
    # Her mark is her data: in her export, and gone with her.
    export = omar.get("/api/me/export").get_json()
    assert {"resource": rid} in [i["data"] for i in export["written_by_me"]
                                 if i["kind"] == "resource-done"]
    assert omar.delete("/api/me", headers=XRW, json={"confirm": True}).status_code == 200
    gone = boss.get(TRAINING).get_json()
    assert "Omar Mentor" not in [m["name"] for m in gone["not_done"]] and gone["done"] == 0


def test_without_required_training_nobody_is_listed_and_matching_is_not_held_up(mail_app):
    make_cohort(cohort_id="c1", program_id="p1")
    enrol("c1", "mentor", "Omar Mentor", "omar@example.org")
    boss = admin(mail_app)
    none = boss.get(TRAINING).get_json()
    assert none["required"] == [] and none["not_done"] == [] and none["mentors"] == 1
    required_training(boss, audience="both")
    assert [m["name"] for m in boss.get(TRAINING).get_json()["not_done"]] == ["Omar Mentor"]
    # Matching is not held up: the cohort moves on, the list stays for the admin.
    programs.move_status("c1", "matching")
    assert [m["name"] for m in boss.get(TRAINING).get_json()["not_done"]] == ["Omar Mentor"]
    assert boss.get("/api/admin/cohorts/nope/training").status_code == 404
    assert mail_app.test_client().get(TRAINING).status_code == 401
