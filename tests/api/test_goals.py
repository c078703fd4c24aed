"""A program's goals: saved with a version, checked against the
questionnaire and policy, kept by the matcher when binding, and measured on
each cohort with figures from fewer than 10 people withheld."""
from __future__ import annotations

import pytest

from functions.db import participants, programs
from functions.domain import matching_runs
from functions.matching import match_cohort
from tests.api.helpers import make_cohort
from tests.api.run_helpers import match_now, put_policy

H = {"X-Requested-With": "tandem"}
POLICY = {"criteria": [
    {"name": "level", "type": "gap", "field": "level", "target": 4, "weight": 1},
    {"name": "other department", "type": "differ", "field": "department", "weight": 0},
], "min_score": 0, "mode": "admin"}
PARITY = {"kind": "parity", "question": "department", "points": 20, "binding": True}
REACH = {"kind": "reach", "question": "department", "group": "Sales", "share": 40}


def put_goals(client, body, program="p1"):
    return client.put(f"/api/admin/programs/{program}/goals", json=body, headers=H)


def skewed(cohort_id="c1", per_group=12):
    """Mentors at level 5; Data mentees at level 1 score 100 with any of
    them, Sales mentees at level 4 score 25: the unconstrained optimum seats
    Data first and leaves Sales out."""
    make_cohort(cohort_id=cohort_id)
    for i in range(per_group):
        participants.enroll(cohort_id, role="mentor", name=f"Mentor {i}",
                            email=f"m{i}@example.org", capacity=1, self_id=None,
                            answers={"offers": ["sql"], "department": "Data", "level": 5})
    for group, level in (("Data", 1), ("Sales", 4)):
        for i in range(per_group):
            participants.enroll(cohort_id, role="mentee", name=f"{group} {i}",
                                email=f"{group.lower()}{i}@example.org", capacity=None,
                                self_id=None, answers={"wants": ["sql"], "level": level,
                                                       "department": group})
    programs.move_status(cohort_id, "matching")


def test_goals_need_an_admin(client):
    make_cohort()
    assert put_goals(client, [PARITY]).status_code == 401
    assert client.get("/api/admin/programs/p1/goals").status_code == 401
    assert client.get("/api/admin/cohorts/c1/goals").status_code == 401


def test_goals_are_saved_with_a_version_and_said_in_words(admin_client):
    make_cohort()
    assert put_policy(admin_client, POLICY).status_code == 200
    mix = {"kind": "mix", "criterion": "other department", "share": 50, "binding": False}
    resp = put_goals(admin_client, [PARITY, REACH, mix])
    assert resp.status_code == 200, resp.get_json()
    saved = admin_client.get("/api/admin/programs/p1/goals").get_json()
    assert saved["version"] == 1
    assert [g["goal"] for g in saved["goals"]] == [
        "Every group by “Department” matched within 20 points of the whole cohort",
        "At least 40% of mentees answer “Department” with “Sales”",
        "At least 50% of pairs get full points on “other department”"]
    again = put_goals(admin_client, {"goals": [REACH], "version": 1})
    assert again.status_code == 200 and again.get_json()["version"] == 2
    stale = put_goals(admin_client, {"goals": [], "version": 1})
    assert stale.status_code == 409 and stale.get_json()["field"] == "version"
    assert len(admin_client.get("/api/admin/programs/p1/goals").get_json()["goals"]) == 1


@pytest.mark.parametrize("goal, field", [
    ({"kind": "parity", "question": "nope", "points": 5}, "goals.0.question"),
    ({"kind": "parity", "question": "wants", "points": 5}, "goals.0.question"),
    ({"kind": "parity", "question": "department"}, "goals.0.points"),
    ({"kind": "parity", "question": "department", "points": 101}, "goals.0.points"),
    ({"kind": "reach", "question": "department", "group": "Legal", "share": 5},
     "goals.0.group"),
    ({"kind": "reach", "question": "department", "group": "Data", "share": -1},
     "goals.0.share"),
    ({"kind": "reach", "question": "department", "group": "Data", "share": 5,
      "binding": True}, "goals.0.binding"),
    ({"kind": "mix", "criterion": "seniority", "share": 5}, "goals.0.criterion"),
    ({"kind": "fair", "question": "department"}, "goals.0.kind"),
    ({"kind": "parity", "question": "department", "points": 5, "colour": 1}, "goals.0.colour"),
])
def test_a_bad_goal_is_refused_naming_its_field(admin_client, goal, field):
    make_cohort()
    put_policy(admin_client, POLICY)
    resp = put_goals(admin_client, [goal])
    assert resp.status_code == 422
    assert resp.get_json()["field"] == field
    assert admin_client.get("/api/admin/programs/p1/goals").get_json()["version"] == 0


def test_a_binding_parity_goal_is_met_at_the_least_price(admin_client):
    skewed()
    put_policy(admin_client, POLICY)
    free = match_now(admin_client)
    assert free["stats"]["matched"] == 12 and "price" not in free["stats"]
    assert put_goals(admin_client, [PARITY, REACH]).status_code == 200
    run = match_now(admin_client)
    assert run["status"] == "complete", run
    stats = run["stats"]
    # Within 20 points of a 50% cohort rate: at most 8 of the 12 Data
    # mentees, so 4 Sales mentees at 25 points instead of 100.
    assert stats["matched"] == 12
    assert stats["price"]["matched"] == 0
    assert stats["price"]["total_score"] == pytest.approx(4 * 75)
    assert stats["price"]["optimality_gap"] == 0
    cohort, _ = matching_runs.engine_input("c1", goals=True)
    kept = match_cohort(cohort)
    unconstrained = match_cohort(dict(cohort, goals=[]))
    assert stats["price"]["total_score"] == pytest.approx(
        unconstrained.total_score - kept.total_score, abs=0.01)
    assert [(g["kind"], g["met"]) for g in stats["goals"]] == [("parity", True),
                                                                ("reach", True)]
    tracked = admin_client.get("/api/admin/cohorts/c1/goals").get_json()
    parity, reach = tracked
    assert parity["met"] is True and parity["value"] == pytest.approx(16.7)
    assert parity["target"] == 20 and parity["suppressed"] is False
    assert reach == dict(reach, value=50.0, target=40, met=True, suppressed=False)


def test_figures_from_fewer_than_ten_people_are_withheld(admin_client):
    skewed(per_group=4)
    put_policy(admin_client, POLICY)
    put_goals(admin_client, [PARITY, REACH])
    assert match_now(admin_client)["status"] == "complete"
    for goal in admin_client.get("/api/admin/cohorts/c1/goals").get_json():
        assert goal["suppressed"] is True and goal["value"] is None and goal["met"] is None


def test_impossible_binding_goals_fail_the_run_saying_why(admin_client):
    skewed(per_group=3)
    put_policy(admin_client, POLICY)
    for i in range(3):       # every Data mentee locked to a mentor
        mentee = [p for p in participants.list_participants("c1")
                  if p["answers"].get("department") == "Data" and p["role"] == "mentee"][i]
        mentor = [p for p in participants.list_participants("c1") if p["role"] == "mentor"][i]
        admin_client.post("/api/admin/cohorts/c1/adjustments", headers=H,
                          json={"kind": "lock", "mentee": mentee["id"], "mentor": mentor["id"]})
    put_goals(admin_client, [dict(PARITY, points=10)])
    run = match_now(admin_client)
    assert run["status"] == "failed"
    assert "cannot all be met" in run["error"] and "Unlock pairs" in run["error"]


def test_a_binding_mix_goal_compares_a_question_and_is_met(admin_client):
    skewed()
    put_policy(admin_client, POLICY)
    mix = {"kind": "mix", "criterion": "differ", "question": "department", "share": 50,
           "binding": True}
    saved = put_goals(admin_client, [mix])
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["goals"][0]["goal"] == (
        "At least 50% of pairs where mentor and mentee answer “Department” differently")
    assert put_goals(admin_client, {"goals": [dict(mix, question=None)], "version": 1}) \
        .get_json()["field"] == "goals.0.question"
    stats = match_now(admin_client)["stats"]
    # Every mentor is in Data: half the 12 seats go to Sales mentees (25
    # points each instead of 100) to make half the pairs cross departments.
    assert stats["goals"][0] == dict(stats["goals"][0], met=True, value=50.0)
    assert stats["price"] == {"matched": 0, "total_score": 6 * 75.0, "optimality_gap": 0.0}
    tracked = admin_client.get("/api/admin/cohorts/c1/goals").get_json()
    assert tracked[0] == dict(tracked[0], value=50.0, target=50, met=True, suppressed=False)


def test_the_engine_input_carries_the_goals_and_reproduces_the_proposal(admin_client):
    skewed()
    put_policy(admin_client, POLICY)
    put_goals(admin_client, [PARITY])
    match_now(admin_client)
    served = admin_client.get("/api/admin/cohorts/c1/engine-input").get_json()
    assert [g["kind"] for g in served["goals"]] == ["parity"]
    proposal = admin_client.get("/api/admin/cohorts/c1/proposal").get_json()
    again = match_cohort(served).to_dict(timing=False)
    assert {(m["mentee"], m["mentor"]) for m in proposal["matches"]} == \
        {(m["mentee"], m["mentor"]) for m in again["matches"]}
