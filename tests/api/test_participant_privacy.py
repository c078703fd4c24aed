"""Own data: export, erase, withdraw self-identification; and the
authorisation walk: another participant's ids are 404 on every endpoint."""
from __future__ import annotations

import json
from datetime import date, timedelta

from functions import db
from functions.db import journal, participant_auth, participant_data
from functions.db.participants import SelfIdentification
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.conftest import post

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


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
    """Every item of every table, as text (a test may look at whole tables)."""
    out = []
    for model in db.ALL_MODELS:
        out += [json.dumps(item.serialize(), default=str) for item in model.scan()]
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
