"""Builders for the choice-mode API tests: a published choice-mode cohort and
the calls a mentee and a mentor make."""
from __future__ import annotations

from functions import notify
from functions.db import participants
from tests.api.run_helpers import POLICY, match_now, populate, put_policy
from tests.conftest import admin_of, post

CHOICE = {**POLICY, "mode": "choice"}


def people(cohort_id="c1") -> dict[str, dict]:
    """Participants by e-mail."""
    return {p["email"]: p for p in participants.list_participants(cohort_id)}


def published_choice(app, mentors=4, mentees=9, publish=True) -> dict:
    """Cohort c1 (populate's people: mentors m0.. with capacity 1 or 2, mentees
    e0..) matched under a choice-mode policy by the real worker, published."""
    admin = admin_of(app)
    populate(mentors=mentors, mentees=mentees)
    assert put_policy(admin, CHOICE).status_code == 200
    run = match_now(admin)
    assert run["status"] == "complete", run
    if publish:
        assert post(admin, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    return {"admin": admin, "run": run["run"], "people": people()}


def choice(client, cohort="c1"):
    return client.get(f"/api/cohorts/{cohort}/choice")


def ask(client, mentor, cohort="c1"):
    return post(client, f"/api/cohorts/{cohort}/choice/requests", {"mentor": mentor})


def decide(client, mentee, decision, cohort="c1"):
    return post(client, f"/api/cohorts/{cohort}/choice/requests/{mentee}",
                {"decision": decision})


def pause(client, until, cohort="c1"):
    return client.put("/api/me/pause", json={"cohort": cohort, "until": until},
                      headers={"X-Requested-With": "tandem"})


def mail_to(app, email):
    return [m for m in notify.outbox(app.config["TANDEM"]) if m["To"] == email]
