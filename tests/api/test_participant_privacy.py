"""Own data: export, erase, withdraw self-identification; and the
authorisation walk: another participant's ids are 404 on every endpoint."""
from __future__ import annotations

import json
from datetime import timedelta

from functions import db
from functions.db import journal, participant_auth, participant_data
from functions.db.base import connection
from functions.db.participants import SelfIdentification
from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.conftest import post

TOMORROW = (utc_today() + timedelta(days=1)).isoformat()


def delete(client, url, body=None):
    return client.delete(url, json=body, headers={"X-Requested-With": "tandem"})


def patch(client, url, body):
    return client.patch(url, json=body, headers={"X-Requested-With": "tandem"})


def _maya_writes(maya, omar, url):
    goal = post(maya, f"{url}/goals", {"title": "Speak up", "target_date": TOMORROW}
                ).get_json()["id"]
    ms = post(maya, f"{url}/goals/{goal}/milestones", {"title": "One meeting"}).get_json()["id"]
    meeting = post(maya, f"{url}/meetings", {"date": "2026-03-01", "minutes": 30,
                                             "notes": "Maya's secret", "shared": False}
                   ).get_json()["id"]
    post(maya, f"{url}/feedback", {"rating": 5, "text": "Maya thanks Omar"})
    post(omar, f"{url}/goals", {"title": "Omar's goal", "target_date": TOMORROW})
    post(omar, f"{url}/feedback", {"rating": 4, "text": "Omar to Maya"})
    return goal, ms, meeting


def test_another_participants_ids_are_404_on_every_endpoint(mail_app):
    ids = world(days_ago=31)  # check-ins due, so only the ownership check refuses
    maya, omar = sign_in(mail_app, "maya@example.org"), sign_in(mail_app, "omar@example.org")
    url = f"/api/matches/c1.{ids['maya']}"
    goal, ms, meeting = _maya_writes(maya, omar, url)
    before = journal.items(f"c1.{ids['maya']}")
    mina = sign_in(mail_app, "mina@example.org")  # same mentor, other match
    for match in (url, f"/api/matches/c2.{ids['maya2']}"):
        calls = [
            ("GET", match, None),
            ("POST", f"{match}/goals", {"title": "x", "target_date": TOMORROW}),
            ("PATCH", f"{match}/goals/{goal}", {"version": 1, "title": "x"}),
            ("POST", f"{match}/goals/{goal}/milestones", {"title": "x"}),
            ("PATCH", f"{match}/goals/{goal}/milestones/{ms}", {"done": True}),
            ("POST", f"{match}/meetings", {"date": "2026-03-01", "minutes": 5}),
            ("PATCH", f"{match}/meetings/{meeting}", {"version": 1, "shared": True}),
            ("POST", f"{match}/feedback", {"rating": 1}),
            ("POST", f"{match}/check-ins", {"satisfaction": 1, "meeting": False}),
            ("POST", f"{match}/closure", {"reason": "x", "survey": {"satisfaction": 1}}),
        ]
        for method, path, body in calls:
            resp = mina.open(path, method=method, json=body,
                             headers={"X-Requested-With": "tandem"})
            assert resp.status_code == 404, (method, path, resp.get_json())
            assert "Maya" not in resp.get_data(as_text=True)
    assert journal.items(f"c1.{ids['maya']}") == before
    # Nor does her own export or page carry anything of Maya's.
    assert "Maya" not in mina.get("/api/me/export").get_data(as_text=True)
    # Without a session, every participant endpoint is 401.
    anon = mail_app.test_client()
    assert anon.get(url).status_code == 401 and anon.get("/api/me/export").status_code == 401
    assert delete(anon, "/api/me", {"confirm": True}).status_code == 401


def test_export_is_everything_about_me_in_one_json_file(mail_app):
    ids = world()
    maya, omar = sign_in(mail_app, "maya@example.org"), sign_in(mail_app, "omar@example.org")
    url = f"/api/matches/c1.{ids['maya']}"
    _maya_writes(maya, omar, url)
    resp = maya.get("/api/me/export")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    data = json.loads(resp.get_data())
    assert data["email"] == "maya@example.org"
    assert sorted(e["cohort_id"] for e in data["enrolments"]) == ["c1", "c2"]
    assert data["enrolments"][0]["answers"]["wants"] == ["python"]
    assert len(data["sessions"]) == 1 and "token_hash" not in str(data)
    assert sorted(m["id"] for m in data["matches"]) == sorted(
        [f"c1.{ids['maya']}", f"c2.{ids['maya2']}"])
    written = {i["kind"] for i in data["written_by_me"]}
    assert written == {"goal", "milestone", "meeting", "feedback"}
    assert "Maya's secret" in resp.get_data(as_text=True)
    assert "Omar to Maya" in resp.get_data(as_text=True)  # feedback she received


def _everything() -> str:
    """Every item of every table, as text, every attribute as stored (a
    model would leave out attributes it does not name, as cards' and
    progress items' are)."""
    client, out = connection().client, []
    for model in db.ALL_MODELS:
        pages = client.get_paginator("scan").paginate(TableName=model.Meta.table_name)
        out += [json.dumps(item) for page in pages for item in page["Items"]]
    return "\n".join(out)


def test_delete_me_erases_me_everywhere_and_keeps_what_my_partner_wrote(mail_app):
    ids = world()
    SelfIdentification(cohort_id="c1", participant_id=ids["maya"], data={"gender": "f"},
                       consented_at=participant_auth.now()).save()
    maya, omar = sign_in(mail_app, "maya@example.org"), sign_in(mail_app, "omar@example.org")
    url = f"/api/matches/c1.{ids['maya']}"
    _maya_writes(maya, omar, url)
    post(mail_app.test_client(), "/api/sign-in", {"email": "maya@example.org"})  # a live link
    unconfirmed = delete(maya, "/api/me", {})
    assert unconfirmed.status_code == 422 and unconfirmed.get_json()["field"] == "confirm"
    assert delete(maya, "/api/me").status_code == 422
    assert participant_data.records("maya@example.org")
    resp = delete(maya, "/api/me", {"confirm": True})
    assert resp.status_code == 200
    assert resp.get_json()["erased"]["enrolments"] == 2
    assert maya.get("/api/me").status_code == 401
    everything = _everything()
    assert "maya@example.org" not in everything and "Maya Mentee" not in everything
    assert "Maya's secret" not in everything and "Maya thanks Omar" not in everything
    assert journal.by_author(ids["maya"]) == [] and journal.by_author(ids["maya2"]) == []
    assert participant_data.records("maya@example.org") == []
    # Omar's page: his goal and feedback stay; Maya is no longer named.
    page = omar.get(url).get_json()
    assert [g["title"] for g in page["goals"]] == ["Omar's goal"]
    assert page["partners"][0]["name"] == "a former participant"
    assert page["partners"][0]["email"] is None
    assert [f["text"] for f in page["feedback"]["given"]] == ["Omar to Maya"]
    # A new link for her address is not sent: she is not enrolled any more.
    post(mail_app.test_client(), "/api/sign-in", {"email": "maya@example.org"})
    assert participant_auth.pending_tokens("maya@example.org") == 0


def test_withdrawing_self_identification_deletes_it_at_once(mail_app):
    ids = world()
    SelfIdentification(cohort_id="c1", participant_id=ids["maya"], data={"gender": "f"},
                       consented_at=participant_auth.now()).save()
    maya = sign_in(mail_app, "maya@example.org")
    assert maya.get("/api/me/export").get_json()["self_identification"][0]["data"] == {
        "gender": "f"}
    assert delete(maya, "/api/me/self-identification").status_code == 200
    assert SelfIdentification.count("c1") == 0
    assert maya.get("/api/me/export").get_json()["self_identification"] == []


# -- the follow-up that names her: reminders, her requests and their handling ---------

def _followed_up(mail_app) -> dict:
    """31 days after publishing the daily job has reminded everyone (a check-in
    and a quiet nudge each); Maya closed c1 asking for a new partner and was
    enrolled in c3 with a note; Olga closed c2 (Maya's other match) and was
    acknowledged with a note of her own."""
    from functions.domain import followup
    from functions.jobs.nudges import run_nudges
    from tests.api.helpers import make_cohort
    ids = world(days_ago=31)
    summary = run_nudges(mail_app.config["TANDEM"])
    assert (summary["check_in_reminders"], summary["quiet_nudges"]) == (6, 6)
    maya = sign_in(mail_app, "maya@example.org")
    assert post(maya, f"/api/matches/c1.{ids['maya']}/closure",
                {"reason": "no time", "rematch": True, "survey": {"satisfaction": 2}}
                ).status_code == 201
    journal.close(f"c2.{ids['maya2']}", ids["olga"], {"reason": "moved", "rematch": False},
                  members=[])
    make_cohort(cohort_id="c3", program_id="p1", name="Summer")
    ids["maya3"] = followup.act("c1", f"c1.{ids['maya']}", "rematch", "Prefers evenings",
                                "c3", "admin@example.org")["participant"]
    followup.act("c2", f"c2.{ids['maya2']}", "acknowledge", "Olga moved to Lyon", None,
                 "admin@example.org")
    return ids


def test_my_export_carries_the_reminders_sent_to_me_and_my_handled_request(mail_app):
    ids = _followed_up(mail_app)
    data = sign_in(mail_app, "maya@example.org").get("/api/me/export").get_json()
    reminders = data["follow_up"]["reminders"]
    assert sorted((r["match"], r["kind"]) for r in reminders) == sorted(
        (m, kind) for m in (f"c1.{ids['maya']}", f"c2.{ids['maya2']}")
        for kind in ("check-in", "quiet"))
    check_in = next(r for r in reminders if r["kind"] == "check-in")
    quiet = next(r for r in reminders if r["kind"] == "quiet")
    assert check_in["period"] == 0 and check_in["sent_at"][:10] == utc_today().isoformat()
    assert quiet["quiet_since"] == (utc_today() - timedelta(days=31)).isoformat()
    # Her own request with its handling and the note about her; Olga's is not hers.
    [request] = data["follow_up"]["requests"]
    assert request["match"] == f"c1.{ids['maya']}" and request["status"] == "handled"
    assert request["rematch"] is True
    assert request["handled"] | {"at": None} == {
        "at": None, "action": "rematch", "note": "Prefers evenings",
        "cohort": {"id": "c3", "name": "Summer"}, "participant": ids["maya3"]}
    text = json.dumps(data["follow_up"])
    assert "Olga moved" not in text and "admin@example.org" not in text
    assert ids["omar"] not in text and ids["olga"] not in text


def test_erasure_removes_the_follow_up_that_names_me_and_keeps_my_partners(mail_app):
    from functions.db import followup as store
    from functions.db.followup import FollowUp
    ids = _followed_up(mail_app)
    mine = (f"c1.{ids['maya']}", f"c2.{ids['maya2']}")
    before = store.of_matches(list(mine))
    partners = [i for i in before if i["person"] in (ids["omar"], ids["olga"])]
    assert len(partners) == 4
    resp = delete(sign_in(mail_app, "maya@example.org"), "/api/me", {"confirm": True})
    assert resp.status_code == 200 and resp.get_json()["erased"]["follow_up_items"] == 5
    after = store.of_matches(list(mine))
    # Her reminders are gone, her partners' are as they were.
    assert [i for i in after if i["kind"] != store.HANDLED] == partners
    # Her request stays handled (when, how, by whom), without what pointed to her.
    handled = {i["match"]: i for i in after if i["kind"] == store.HANDLED}
    assert handled[mine[0]]["data"] == {"by": "admin@example.org", "action": "rematch",
                                        "cohort": "c3"}
    assert handled[mine[1]]["data"]["note"] == "Olga moved to Lyon"  # Olga's request
    # No follow-up item anywhere holds her ids, but for the match ids that
    # key her partners' items (made from the published run, which keeps them).
    hers = (ids["maya"], ids["maya2"], ids["maya3"])
    for item in FollowUp.scan():
        text = json.dumps({k: v for k, v in item.serialize().items() if k != "match_id"},
                          default=str)
        assert not any(pid in text for pid in hers), text
        assert "Prefers evenings" not in text
    # The admin's follow-up still lists the request as handled, by a former participant.
    from functions.domain import followup
    [req] = followup.requests("c1")
    assert req["status"] == "handled" and req["by"]["name"] == "a former participant"
