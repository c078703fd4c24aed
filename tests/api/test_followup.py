"""The admin's follow-up view after publishing, with its closure and rematch
requests, and what the asker sees of hers."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from functions.db import journal, roster
from functions.db.programs import Cohort
from functions.vocab.dates import utc_today
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import (  # noqa: F401
    enrol, mail_app, meeting, published_days_ago, sign_in, world)
from tests.conftest import post, signed_in_admin


# -- the admin's follow-up -----------------------------------------------------------------

@pytest.fixture
def admin(mail_app):
    return signed_in_admin(mail_app.test_client())


@pytest.fixture
def requested(mail_app, admin):
    """c1 published 40 days ago: Maya's pair is quiet; Mina closed hers and
    asked for a rematch. c3 (same program) is open for enrolment."""
    ids = world()
    published_days_ago("c1", 40)
    mina = sign_in(mail_app, "mina@example.org")
    resp = post(mina, f"/api/matches/c1.{ids['mina']}/closure",
                {"reason": "We never found a time", "rematch": True,
                 "survey": {"satisfaction": 2}})
    assert resp.status_code == 201, resp.get_json()
    make_cohort(cohort_id="c3", program_id="p1", name="Summer")
    make_cohort(cohort_id="c4", program_id="p1", name="Draft one", status="draft")
    return ids


def follow_up(admin, cohort="c1"):
    resp = admin.get(f"/api/admin/cohorts/{cohort}/follow-up")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def follow_up_audit(admin) -> list[dict]:
    entries = admin.get("/api/admin/audit").get_json()["entries"]
    return [e for e in entries if e["action"].startswith("follow-up.")]


def test_the_follow_up_needs_an_admin(client, tables):
    world()
    assert client.get("/api/admin/cohorts/c1/follow-up").status_code == 401
    resp = post(client, "/api/admin/cohorts/c1/follow-up/c1.x", {"action": "acknowledge"})
    assert resp.status_code == 401


def test_the_admin_sees_quiet_pairs_and_open_requests(admin, requested):
    ids = requested
    view = follow_up(admin)
    assert view["quiet"] == [{"match": f"c1.{ids['maya']}", "last_meeting": None,
                              "days_quiet": 40,
                              "members": [{"id": ids["omar"], "name": "Omar Mentor"},
                                          {"id": ids["maya"], "name": "Maya Mentee"}]}]
    [req] = view["requests"]
    assert req["match"] == f"c1.{ids['mina']}" and req["status"] == "open"
    assert req["by"] == {"id": ids["mina"], "name": "Mina Mentee"}
    assert (req["reason"], req["rematch"], req["kind"], req["handled"]) == (
        "We never found a time", True, "rematch", None)
    assert req["at"][:10] == utc_today().isoformat()
    assert view["targets"] == [{"id": "c3", "name": "Summer", "status": "enrolling"}]
    # A closed cohort is no longer followed up; its requests stay listed.
    Cohort(id="c1").update(actions=[Cohort.status.set("closed")], add_version_condition=False)
    closed = follow_up(admin)
    assert closed["quiet"] == [] and len(closed["requests"]) == 1
    Cohort(id="c1").update(actions=[Cohort.status.set("published")], add_version_condition=False)
    # A meeting logged three days ago: no longer quiet.
    meeting(f"c1.{ids['maya']}", ids["maya"], utc_today() - timedelta(days=3))
    assert follow_up(admin)["quiet"] == []
    assert admin.get("/api/admin/cohorts/nope/follow-up").status_code == 404


@pytest.mark.parametrize("match, body, status, field", [
    ("mina", {"action": "delete"}, 422, "action"),
    ("mina", {"action": "acknowledge", "note": "n" * 1001}, 422, "note"),
    ("mina", {"action": "rematch"}, 422, "cohort"),
    ("mina", {"action": "rematch", "cohort": "nope"}, 422, "cohort"),
    ("mina", {"action": "rematch", "cohort": "c1"}, 422, "cohort"),
    ("mina", {"action": "rematch", "cohort": "c2"}, 422, "cohort"),  # another program
    ("mina", {"action": "rematch", "cohort": "c4"}, 422, "cohort"),  # a draft
    ("mina", {"action": "rematch", "cohort": 3}, 422, "cohort"),
    ("maya", {"action": "acknowledge"}, 404, "match"),  # no request
    ("maya2", {"action": "acknowledge"}, 404, "match"),  # a match of another cohort
])
def test_bad_actions_are_4xx_naming_the_field_and_change_nothing(admin, requested, match,
                                                                   body, status, field):
    resp = post(admin, f"/api/admin/cohorts/c1/follow-up/c1.{requested[match]}", body)
    assert resp.status_code == status and resp.get_json()["field"] == field, resp.get_json()
    assert follow_up(admin)["requests"][0]["status"] == "open"
    assert follow_up_audit(admin) == []
    assert "mina@example.org" not in roster.emails("c3")


def test_rematch_enrols_the_asker_in_another_cohort_with_her_answers(admin, requested):
    ids = requested
    url = f"/api/admin/cohorts/c1/follow-up/c1.{ids['mina']}"
    resp = post(admin, url, {"action": "rematch", "cohort": "c3", "note": "Summer suits her"})
    assert resp.status_code == 200, resp.get_json()
    [again] = [p for p in roster.everyone("c3") if p["email"] == "mina@example.org"]
    before = roster.get("c1", ids["mina"])
    assert (again["role"], again["name"], again["answers"]) == (
        "mentee", "Mina Mentee", before["answers"])
    [req] = follow_up(admin)["requests"]
    assert req["status"] == "handled"
    assert req["handled"] | {"at": None} == {
        "by": "admin@example.org", "at": None, "action": "rematch", "note": "Summer suits her",
        "cohort": "c3", "participant": again["id"]}
    [entry] = follow_up_audit(admin)
    assert (entry["action"], entry["object_id"], entry["detail"]["into"]) == (
        "follow-up.rematch", f"c1.{ids['mina']}", "c3")
    # Handled once: a second action is 409 and changes nothing.
    assert post(admin, url, {"action": "acknowledge"}).status_code == 409
    assert len(follow_up_audit(admin)) == 1


def test_rematch_into_a_cohort_she_is_in_already_is_409_and_changes_nothing(admin, requested):
    ids = requested
    enrol("c3", "mentee", "Mina Mentee", "mina@example.org")
    resp = post(admin, f"/api/admin/cohorts/c1/follow-up/c1.{ids['mina']}",
                {"action": "rematch", "cohort": "c3"})
    assert resp.status_code == 409 and resp.get_json()["field"] == "cohort"
    assert follow_up(admin)["requests"][0]["status"] == "open"
    assert follow_up_audit(admin) == []


def test_acknowledge_marks_a_closure_handled_and_rematch_needs_one_asked(admin, requested):
    ids = requested
    journal.close(f"c1.{ids['maya']}", ids["omar"], {"reason": "done", "rematch": False},
                  members=[])
    url = f"/api/admin/cohorts/c1/follow-up/c1.{ids['maya']}"
    refused = post(admin, url, {"action": "rematch", "cohort": "c3"})
    assert refused.status_code == 422 and refused.get_json()["field"] == "action"
    assert post(admin, url, {"action": "acknowledge", "note": "fine"}).status_code == 200
    requests = {r["match"]: r for r in follow_up(admin)["requests"]}
    assert requests[f"c1.{ids['maya']}"]["status"] == "handled"
    assert requests[f"c1.{ids['maya']}"]["handled"]["action"] == "acknowledge"
    assert requests[f"c1.{ids['mina']}"]["status"] == "open"
    assert [e["action"] for e in follow_up_audit(admin)] == ["follow-up.acknowledge"]
    assert post(admin, url, {"action": "acknowledge"}).status_code == 409


# -- what she sees of her own request ------------------------------------------------------

def test_she_sees_what_became_of_her_request_and_her_partner_never_does(mail_app, admin,
                                                                         requested):
    ids = requested
    mina, omar = sign_in(mail_app, "mina@example.org"), sign_in(mail_app, "omar@example.org")
    url = f"/api/matches/c1.{ids['mina']}"
    request = mina.get(url).get_json()["request"]
    assert request | {"asked_at": None} == {"asked_at": None, "rematch": True,
                                            "status": "open", "handled": None}
    assert request["asked_at"][:10] == utc_today().isoformat()
    assert omar.get(url).get_json()["request"] is None  # Mina's request is hers
    resp = post(admin, f"/api/admin/cohorts/c1/follow-up/c1.{ids['mina']}",
                {"action": "rematch", "cohort": "c3", "note": "Summer suits her"})
    assert resp.status_code == 200, resp.get_json()
    handled = mina.get(url).get_json()["request"]
    assert handled["status"] == "handled"
    assert handled["handled"] | {"at": None} == {
        "at": None, "action": "rematch", "note": "Summer suits her",
        "cohort": {"id": "c3", "name": "Summer"}, "participant": resp.get_json()["handled"][
            "participant"]}
    assert "admin@example.org" not in json.dumps(handled)  # who handled it is not hers
    partner = omar.get(url)
    assert partner.get_json()["request"] is None
    assert "Summer suits her" not in partner.get_data(as_text=True)
    # Omar's own request, in his match with Maya: his to see, not Maya's.
    assert post(omar, f"/api/matches/c1.{ids['maya']}/closure",
                {"reason": "I am moving", "rematch": False, "survey": {"satisfaction": 3}}
                ).status_code == 201
    assert post(admin, f"/api/admin/cohorts/c1/follow-up/c1.{ids['maya']}",
                {"action": "acknowledge"}).status_code == 200
    mine = omar.get(f"/api/matches/c1.{ids['maya']}").get_json()["request"]
    assert (mine["status"], mine["rematch"], mine["handled"]["action"],
            mine["handled"]["cohort"], mine["handled"]["note"]) == (
        "handled", False, "acknowledge", None, None)
    maya = sign_in(mail_app, "maya@example.org")
    assert maya.get(f"/api/matches/c1.{ids['maya']}").get_json()["request"] is None


def test_a_rematch_cannot_enrol_someone_who_erased_herself_meanwhile(admin, requested):
    from functions.db import followup as store
    from functions.errors import Conflict
    ids = requested
    match = f"c1.{ids['mina']}"
    mina = roster.get("c1", ids["mina"])  # what the admin's action read
    # Her erasure signs the closure "erased" before deleting her records.
    journal.JournalItem(match_id=match, sk=journal.CLOSURE).update(
        actions=[journal.JournalItem.author.set(journal.ERASED)])
    with pytest.raises(Conflict) as refused:
        store.rematch(match, "c1", {"by": "admin@example.org", "note": ""}, mina, "c3",
                      ("enrolling", "matching"))
    assert refused.value.field == "match"
    assert "mina@example.org" not in roster.emails("c3")
    assert store.handled([match]) == {}


def test_a_rematch_made_while_she_erases_herself_is_erased_with_her(mail_app, requested,
                                                                     monkeypatch):
    from functions.db import followup as store
    from functions.domain import followup, privacy
    ids = requested
    match = f"c1.{ids['mina']}"
    real = privacy.store.erase_author

    def admin_acts_first(author):
        # The admin's rematch lands after her records were read, before the
        # journal forgets her.
        if author == ids["mina"]:
            followup.act("c1", match, "rematch", "Summer suits her", "c3", "admin@example.org")
        return real(author)

    monkeypatch.setattr(privacy.store, "erase_author", admin_acts_first)
    done = privacy.erase("mina@example.org", True)
    assert done["enrolments"] == 2
    assert "mina@example.org" not in roster.emails("c3")
    assert store.handled([match])[match] | {"at": None} == {
        "by": "admin@example.org", "at": None, "action": "rematch", "note": None,
        "cohort": "c3", "participant": None}
