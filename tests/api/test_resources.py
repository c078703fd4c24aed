"""A program's resources and training: the admin curates them (a starter
set first), each person sees hers for her role and stage and marks them done."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from functions.domain import resources
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.conftest import post, signed_in_admin

XRW = {"X-Requested-With": "tandem"}
URL = "/api/admin/programs/p1/resources"
STARTER = {"A first-meeting agenda", "Active listening", "Giving and receiving feedback",
           "Setting goals that can be measured", "Unconscious bias and inclusion", "Closing well"}


def admin(app):
    return signed_in_admin(app.test_client())


def resources_of(client, cohort="c1"):
    me = client.get("/api/me").get_json()
    match = next(m for m in me["matches"] if m["cohort"]["id"] == cohort)
    return match["stage"], match["resources"]


def test_a_new_program_starts_with_the_starter_set_and_the_admin_curates_it(mail_app):
    make_cohort()
    boss = admin(mail_app)
    listed = boss.get(URL).get_json()
    assert {r["title"] for r in listed["resources"]} == STARTER
    assert listed["stages"] == ["first-meeting", "first-month", "mid-point", "closing"]
    assert all(r.get("text") and r["audience"] == "both" for r in listed["resources"])

    made = post(boss, URL, {"title": "Our mentoring handbook", "url": "https://intranet.example/handbook",
                            "audience": "mentor", "stage": "first-meeting", "required": True})
    assert made.status_code == 201, made.get_json()
    rid = made.get_json()["id"]
    assert made.get_json()["title"] == "Our mentoring handbook"
    edited = boss.patch(f"{URL}/{rid}", headers=XRW, json={"title": "The handbook", "version": 1})
    assert edited.status_code == 200 and edited.get_json()["title"] == "The handbook"
    stale = boss.patch(f"{URL}/{rid}", headers=XRW, json={"title": "Again", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["field"] == "version"
    # A starter resource deleted stays deleted.
    closing = next(r["id"] for r in listed["resources"] if r["title"] == "Closing well")
    assert boss.delete(f"{URL}/{closing}", headers=XRW).status_code == 200
    titles = [r["title"] for r in boss.get(URL).get_json()["resources"]]
    assert "Closing well" not in titles and "The handbook" in titles and len(titles) == 6
    assert boss.delete(f"{URL}/{closing}", headers=XRW).status_code == 404
    # The audit log names each change.
    actions = [e["action"] for e in boss.get("/api/admin/audit").get_json()["entries"]]
    assert {"resource.create", "resource.edit", "resource.delete"} <= set(actions)


@pytest.mark.parametrize("body, field", [
    ({"title": "Both", "url": "https://x.example", "text": "and text"}, "text"),
    ({"title": "Neither"}, "url"),
    ({"title": "Not a link", "url": "javascript:alert(1)"}, "url"),
    ({"title": "Bad stage", "text": "t", "stage": "forever"}, "stage"),
    ({"title": "Bad audience", "text": "t", "audience": "everyone"}, "audience"),
    ({"title": "", "text": "t"}, "title"),
])
def test_bad_resources_are_422_naming_the_field_and_nothing_is_written(mail_app, body, field):
    make_cohort()
    boss = admin(mail_app)
    before = boss.get(URL).get_json()["resources"]
    resp = post(boss, URL, {"stage": "first-month", **body})
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["field"] == field
    assert boss.get(URL).get_json()["resources"] == before


def test_resources_need_an_admin_and_an_existing_program(mail_app):
    make_cohort()
    assert mail_app.test_client().get(URL).status_code == 401
    boss = admin(mail_app)
    assert boss.get("/api/admin/programs/nope/resources").status_code == 404


def test_each_person_sees_hers_for_her_role_and_stage_and_marks_them_done(mail_app):
    world()
    boss = admin(mail_app)
    for title, audience, stage in [("For mentors", "mentor", "first-meeting"),
                                   ("For mentees", "mentee", "first-meeting"),
                                   ("Later", "both", "mid-point")]:
        assert post(boss, URL, {"title": title, "text": "…", "audience": audience,
                                "stage": stage}).status_code == 201
    maya, omar = sign_in(mail_app, "maya@example.org"), sign_in(mail_app, "omar@example.org")
    stage, mine = resources_of(maya)
    assert stage == "first-meeting"  # a new match
    assert {r["title"] for r in mine} == {"A first-meeting agenda", "Setting goals that can be measured",
                                          "For mentees"}
    assert all(set(r) >= {"id", "title", "stage", "done"} and r["done"] is False for r in mine)
    assert "For mentors" in {r["title"] for r in resources_of(omar)[1]}

    agenda = next(r["id"] for r in mine if r["title"] == "A first-meeting agenda")
    done = maya.put(f"/api/me/resources/{agenda}", headers=XRW, json={"done": True})
    assert done.status_code == 200, done.get_json()
    assert next(r for r in resources_of(maya)[1] if r["id"] == agenda)["done"] is True
    assert next(r for r in resources_of(omar)[1] if r["id"] == agenda)["done"] is False
    # Undone again; one not hers (a later stage) is 404.
    assert maya.put(f"/api/me/resources/{agenda}", headers=XRW, json={"done": False}).status_code == 200
    assert next(r for r in resources_of(maya)[1] if r["id"] == agenda)["done"] is False
    later = next(r["id"] for r in boss.get(URL).get_json()["resources"] if r["title"] == "Later")
    assert maya.put(f"/api/me/resources/{later}", headers=XRW, json={"done": True}).status_code == 404
    assert maya.put(f"/api/me/resources/{agenda}", headers=XRW, json={"done": "yes"}).status_code == 422
    # Her "done" is her data: in her export, and gone with her.
    assert maya.put(f"/api/me/resources/{agenda}", headers=XRW, json={"done": True}).status_code == 200
    export = maya.get("/api/me/export").get_json()
    assert [i["data"] for i in export["written_by_me"] if i["kind"] == "resource-done"] == [
        {"resource": agenda}]


def test_a_match_moves_through_the_stages_and_keeps_the_earlier_ones(mail_app):
    world(days_ago=100)
    maya = sign_in(mail_app, "maya@example.org")
    stage, mine = resources_of(maya)
    assert stage == "mid-point"
    assert {r["stage"] for r in mine} == {"first-meeting", "first-month", "mid-point"}


def test_stages_follow_the_match_start_its_meetings_and_its_closure():
    start = datetime(2027, 1, 1, tzinfo=timezone.utc)
    at = lambda days: start + timedelta(days=days)  # noqa: E731
    iso = start.isoformat()
    assert resources.stage(iso, met=False, closed=False, at=at(0)) == "first-meeting"
    assert resources.stage(iso, met=True, closed=False, at=at(1)) == "first-month"
    assert resources.stage(iso, met=False, closed=False, at=at(13)) == "first-meeting"
    assert resources.stage(iso, met=False, closed=False, at=at(14)) == "first-month"
    assert resources.stage(iso, met=True, closed=False, at=at(90)) == "mid-point"
    assert resources.stage(iso, met=True, closed=False, at=at(150)) == "closing"
    assert resources.stage(iso, met=False, closed=True, at=at(2)) == "closing"
