"""Publishing a proposal: all or nothing, only with a proposal, and everyone
told once, each seeing only her own match."""
from __future__ import annotations

import time

from functions.db import participants, programs
from tests.api.run_helpers import POLICY, mail_client, match_now, populate, put_policy  # noqa: F401
from tests.conftest import post


def test_publish_is_all_or_nothing(admin_client, monkeypatch):
    from functions.db.programs import Cohort
    populate()
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    real = Cohort.update

    def failing(self, *a, **kw):
        raise RuntimeError("the store went away")
    monkeypatch.setattr(Cohort, "update", failing)
    assert post(admin_client, "/api/admin/cohorts/c1/publish", {}).status_code == 500
    monkeypatch.setattr(Cohort, "update", real)
    assert programs.get_cohort("c1")["status"] == "review"
    assert programs.run_pointers("c1")["published"] is None
    assert post(admin_client, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    assert programs.get_cohort("c1")["status"] == "published"
    # A repeat (double click, retry) is the same success, not a failure.
    again = post(admin_client, "/api/admin/cohorts/c1/publish", {})
    assert again.status_code == 200 and again.get_json()["status"] == "published"


def test_publish_without_a_proposal_is_409(admin_client):
    populate()
    assert post(admin_client, "/api/admin/cohorts/c1/publish", {}).status_code == 409


def test_publishing_tells_everyone_once_and_each_sees_only_her_match(mail_client):
    from functions import notify
    client, settings = mail_client
    populate()
    put_policy(client, POLICY)
    match_now(client)
    assert post(client, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    people = participants.list_participants("c1")
    deadline = time.monotonic() + 30
    while len(notify.outbox(settings)) < len(people) and time.monotonic() < deadline:
        time.sleep(0.1)
    mail = notify.outbox(settings)
    assert sorted(m["To"] for m in mail) == sorted(p["email"] for p in people)
    proposal = client.get("/api/admin/cohorts/c1/proposal").get_json()
    pair = proposal["matches"][0]
    mentee = next(p for p in people if p["id"] == pair["mentee"])
    [message] = [m for m in mail if m["To"] == mentee["email"]]
    text = message.get_content()
    assert "http://portal.test/match.html#t=" in text
    token = text.split("#t=")[1].split()[0]
    anonymous = client.application.test_client()
    seen = post(anonymous, "/api/my-match", {"token": token}).get_json()
    assert seen["me"]["email"] == mentee["email"]
    [match] = seen["matches"]
    mentor = next(p for p in people if p["id"] == pair["mentor"])
    # Her partner's card: contact and profile (none given here), nothing more.
    assert match["partner"] == {"name": mentor["name"], "email": mentor["email"],
                                "role": "mentor", "job_title": None, "bio": None,
                                "answers": []}
    assert match["score"] == pair["score"] and match["reasons"] == pair["reasons"]
    # Nothing about anyone else, nothing from self-identification.
    others = {p["email"] for p in people} - {mentee["email"], mentor["email"]}
    assert not any(email in str(seen) for email in others)
    assert "gender" not in str(seen)
    # One whole character of the signature changed (the last one carries
    # padding bits, and "xx" could be what was there: a flake once in ~1,000).
    flipped = "A" if token[-5] != "A" else "B"
    tampered = post(anonymous, "/api/my-match", {"token": token[:-5] + flipped + token[-4:]})
    assert tampered.status_code == 401 and tampered.get_json()["field"] == "token"
