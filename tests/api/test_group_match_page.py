"""A group program's shared match page: each member sees her whole group and
nobody else; a one-to-one mentee still sees only her mentor."""
from __future__ import annotations

import time

import pytest

from functions.db import participants, programs
from functions.domain import publishing
from tests.api.helpers import QUESTIONS, make_cohort
from tests.api.run_helpers import POLICY, match_now, populate, put_policy
from tests.api.run_helpers import mail_client  # noqa: F401 (a fixture)
from tests.conftest import post

# Skills required: the python mentees can only join the python mentor's group.
GROUP_POLICY = {**POLICY, "criteria": [dict(POLICY["criteria"][0], required=True)]
                + POLICY["criteria"][1:]}


def group_cohort(*, unmatched=False):
    programs.create_program("Circles", id="pg", type="group",
                            questionnaire={"questions": QUESTIONS})
    make_cohort("enrolling", "cg", "pg", "Spring")
    for i, skill in enumerate(["python", "sql"]):
        participants.enroll("cg", role="mentor", name=f"Leader {skill}", capacity=3,
                            email=f"lead-{skill}@example.org", self_id={"gender": "x"},
                            answers={"offers": [skill], "department": "Data", "level": 5})
        for k in range(3):
            participants.enroll("cg", role="mentee", name=f"Member {skill} {k}",
                                email=f"{skill}{k}@example.org", capacity=None,
                                self_id={"gender": "x"},
                                answers={"wants": [skill], "department": "Sales",
                                         "level": 1 + k})
    if unmatched:  # wants what no leader offers, and skills are required
        participants.enroll("cg", role="mentee", name="Member go", email="go@example.org",
                            capacity=None, self_id=None,
                            answers={"wants": ["leadership"], "department": "Sales"})
    programs.move_status("cg", "matching")


def publish(client, cohort, program):
    put_policy(client, GROUP_POLICY, program=program)
    match_now(client, cohort=cohort)
    assert post(client, f"/api/admin/cohorts/{cohort}/publish", {}).status_code == 200
    return client.get(f"/api/admin/cohorts/{cohort}/proposal").get_json()


@pytest.fixture
def seen(admin_client):
    """seen(cohort, email) -> what that participant's e-mailed link shows."""
    settings = admin_client.application.config["TANDEM"]
    anonymous = admin_client.application.test_client()

    def view(cohort, email):
        person = next(p for p in participants.list_participants(cohort) if p["email"] == email)
        token = publishing.link_token(settings, cohort, person["id"])
        resp = post(anonymous, "/api/my-match", {"token": token})
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()
    return view


def test_a_group_mentee_sees_her_mentor_and_fellow_mentees_and_nobody_else(admin_client, seen):
    group_cohort()
    proposal = publish(admin_client, "cg", "pg")
    people = {p["id"]: p for p in participants.list_participants("cg")}
    groups = {}
    for m in proposal["matches"]:
        groups.setdefault(people[m["mentor"]]["email"], []).append(m)
    assert sorted(len(g) for g in groups.values()) == [3, 3]

    view = seen("cg", "python1@example.org")
    group = view["group"]
    assert group["mentor"] == {"name": "Leader python", "email": "lead-python@example.org",
                               "role": "mentor"}
    assert [(c["name"], c["email"], c.get("you", False)) for c in group["mentees"]] == [
        ("Member python 0", "python0@example.org", False),
        ("Member python 1", "python1@example.org", True),
        ("Member python 2", "python2@example.org", False)]
    assert group["size"] == 3
    # Scores and reasons: only her own pair, the one with her mentor.
    [mine] = view["matches"]
    pair = next(m for m in groups["lead-python@example.org"]
                if people[m["mentee"]]["email"] == "python1@example.org")
    assert mine["partner"]["email"] == "lead-python@example.org"
    assert (mine["score"], mine["reasons"]) == (pair["score"], pair["reasons"])
    # The other group never appears; nothing from self-identification.
    text = str(view)
    assert not any(f"sql{k}@example.org" in text or f"Member sql {k}" in text for k in range(3))
    assert "lead-sql" not in text and "gender" not in text


def test_the_groups_mentor_sees_every_mentee_with_each_score(admin_client, seen):
    group_cohort()
    proposal = publish(admin_client, "cg", "pg")
    view = seen("cg", "lead-sql@example.org")
    assert view["group"]["mentor"] == {"name": "Leader sql", "email": "lead-sql@example.org",
                                       "role": "mentor", "you": True}
    assert [c["email"] for c in view["group"]["mentees"]] == [
        f"sql{k}@example.org" for k in range(3)]
    assert sorted(m["partner"]["email"] for m in view["matches"]) == [
        f"sql{k}@example.org" for k in range(3)]
    scores = sorted(m["score"] for m in proposal["matches"]
                    if m["mentor"] == next(p["id"] for p in participants.list_participants("cg")
                                           if p["email"] == "lead-sql@example.org"))
    assert sorted(m["score"] for m in view["matches"]) == scores
    assert "python" not in str(view["group"]) and "gender" not in str(view)


def test_a_one_to_one_mentee_sees_only_her_mentor_and_no_group(admin_client, seen):
    populate()
    proposal = publish(admin_client, "c1", "p1")
    people = {p["id"]: p for p in participants.list_participants("c1")}
    pair = proposal["matches"][0]
    view = seen("c1", people[pair["mentee"]]["email"])
    assert view["group"] is None
    [match] = view["matches"]
    assert match["partner"]["email"] == people[pair["mentor"]]["email"]
    # Another mentee of the same mentor (capacity 2) is not shown to her.
    others = [people[m["mentee"]]["email"] for m in proposal["matches"]
              if m["mentor"] == pair["mentor"] and m["mentee"] != pair["mentee"]]
    assert not any(email in str(view) for email in others)


def test_an_unmatched_group_mentee_has_no_group_and_says_why(admin_client, seen):
    group_cohort(unmatched=True)
    publish(admin_client, "cg", "pg")
    view = seen("cg", "go@example.org")
    assert view["group"] is None and view["matches"] == [] and view["why_not"]


def test_a_group_mentees_email_names_her_group(mail_client):
    from functions import notify
    client, settings = mail_client
    group_cohort()
    publish(client, "cg", "pg")
    people = participants.list_participants("cg")
    for _ in range(300):
        mail = {m["To"]: m.get_content() for m in notify.outbox(settings)}
        if len(mail) == len(people):
            break
        time.sleep(0.1)
    assert ("ready: Leader python, with Member python 0, Member python 2 in your group."
            in mail["python1@example.org"])
    assert "Member sql" not in mail["python1@example.org"]
    ready = mail["lead-sql@example.org"].split("ready: ")[1].split(".\n")[0]
    assert sorted(ready.split(", ")) == [f"Member sql {k}" for k in range(3)]
