"""The admin's counts over a whole cohort (the cohort page, its overview and
the programs list) read only the attributes they count; each must give what
the full roster gives, counted here a second way from ``roster.everyone``."""
from __future__ import annotations

from datetime import datetime, timezone

from functions.db import participants, roster
from functions.db.participants import Participant
from tests.api.participant_helpers import mail_app, world  # noqa: F401 (fixture)
from tests.conftest import admin_of, post


def joined(role: str, name: str, email: str) -> str:
    """Someone added to the published cohort c1 (as an import would)."""
    p = Participant(cohort_id="c1", email=email, id=f"id-{email[:3]}", role=role, name=name,
                    capacity=3 if role == "mentor" else None, answers={}, consent=True,
                    created_at=datetime.now(timezone.utc))
    p.save()
    return p.id


def test_counts_seats_and_waiting_are_those_of_the_full_roster(mail_app):  # noqa: F811
    ids = world()
    extra = joined("mentor", "Uma Unmatched", "uma@example.org")  # capacity 3
    joined("mentee", "Wes Waiting", "wes@example.org")
    admin = admin_of(mail_app)
    for pid in (ids["mina"], extra):  # a matched mentee and a mentor leave
        resp = post(admin, f"/api/admin/cohorts/c1/participants/{pid}/withdraw", {})
        assert resp.status_code == 200, resp.get_json()

    everyone = roster.everyone("c1")
    active = [p for p in everyone if p["status"] == "active"]
    matched = {ids["maya"], ids["mina"]}
    overview = admin.get("/api/admin/cohorts/c1/overview").get_json()
    assert overview["counts"] == {r: sum(p["role"] == r for p in active)
                                  for r in ("mentor", "mentee")} == {"mentor": 1, "mentee": 3}
    assert overview["seats"] == sum(p["capacity"] for p in active if p["role"] == "mentor") == 3
    assert overview["waiting"] == sum(1 for p in active if p["role"] == "mentee"
                                      and p["id"] not in matched) == 2  # Sam and Wes

    by_role = {r: sum(p["role"] == r for p in everyone) for r in ("mentor", "mentee")}
    assert admin.get("/api/admin/cohorts/c1").get_json()["counts"] == by_role
    listed = {c["id"]: c["counts"] for p in admin.get("/api/admin/programs").get_json()
              for c in p["cohorts"]}
    assert listed["c1"] == by_role == {"mentor": 2, "mentee": 4}
    assert participants.tally_rows("c2") and participants.count_by_role("nowhere") == {
        "mentor": 0, "mentee": 0}


def test_a_cohorts_list_is_each_persons_view_as_her_model_gives_it(mail_app):  # noqa: F811
    """``participants.views`` parses DynamoDB's answer without a model per
    person: the same dicts as ``participant_view`` of each model, for people
    with and without every optional field."""
    ids = world()
    admin = admin_of(mail_app)
    resp = admin.put(f"/api/admin/cohorts/c1/participants/{ids['omar']}",
                     json={"job_title": "Staff engineer", "bio": "Line one.\nLine two ✓",
                           "capacity": 5}, headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200, resp.get_json()
    assert post(admin, f"/api/admin/cohorts/c1/participants/{ids['sam']}/withdraw",
                {}).status_code == 200
    Participant(cohort_id="c1", email="bare@example.org", id="bare", role="mentee",
                name="Bare", consent=True, created_at=datetime.now(timezone.utc),
                paused_until="2027-01-31").save()
    by_model = sorted((participants.participant_view(p) for p in Participant.query("c1")),
                      key=lambda v: v["id"])
    fast = sorted(participants.views("c1"), key=lambda v: v["id"])
    assert fast == by_model
    assert {v["status"] for v in fast} == {"active", "withdrawn"}
    assert next(v for v in fast if v["id"] == ids["omar"])["capacity"] == 5
    assert roster.everyone("c1") and participants.list_participants("c1") == sorted(
        by_model, key=lambda v: (v["role"], v["name"].lower(), v["id"]))
