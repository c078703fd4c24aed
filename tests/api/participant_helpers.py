"""Builders for the participant API tests: people, a published cohort, sign-in."""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from functions import notify
from functions.db import journal, participants, programs, runs
from functions.domain import matching_runs
from functions.db.programs import Cohort
from tests.api.helpers import make_cohort
from tests.conftest import post

LINK = re.compile(r"/me\.html#t=([A-Za-z0-9_-]+)")


@pytest.fixture
def mail_app(tables, settings, tmp_path):
    """An app whose e-mail lands in a local outbox under tmp_path. Its
    background jobs (publishing's e-mails) end with the test: one still
    running would write, and draw on ``random`` for message ids, during the
    next test in this process (hypothesis reports that as its strategy's)."""
    from functions.app import create_app
    app = create_app(settings.with_(data_dir=str(tmp_path), public_url="http://portal.test"))
    app.config["TESTING"] = True
    yield app
    worker = getattr(app.config.get("TANDEM_DISPATCH"), "__self__", None)
    if worker is not None and hasattr(worker, "stop"):
        worker.stop(timeout=30)


def enrol(cohort_id: str, role: str, name: str, email: str) -> str:
    answers = ({"offers": ["python"], "department": "Data"} if role == "mentor"
               else {"wants": ["python"], "department": "Sales"})
    return participants.enroll(cohort_id, role=role, name=name, email=email, answers=answers,
                               capacity=3 if role == "mentor" else None, self_id=None)


def publish(cohort_id: str, pairs: list[tuple[str, str]], days_ago: float = 0) -> str:
    """Publish ``pairs`` (mentee id, mentor id) as the cohort's matches, as a
    finished run would, ``days_ago`` days ago (check-ins count from then)."""
    # A fresh id each time: a published run never changes, so readers may cache it.
    run = runs.Run(id=f"run-{cohort_id}-{uuid.uuid4().hex[:8]}", cohort_id=cohort_id, kind=runs.PROPOSAL,
                   status=runs.COMPLETE, policy={}, created_by="admin@example.org",
                   created_at=datetime.now(timezone.utc).isoformat(),
                   finished_at=datetime.now(timezone.utc) - timedelta(days=days_ago))
    run.save()
    runs.write_proposal(run.id, [{"mentee": e, "mentor": m, "score": 70.0,
                                  "reasons": ["shares python"]} for e, m in pairs], [])
    programs.move_status(cohort_id, "matching")
    # From here as production goes: the run holds the cohort's slot (as the
    # matcher's claim would), settles into review and is published.
    Cohort(id=cohort_id).update(actions=[Cohort.active_run.set(run.id)],
                                add_version_condition=False)
    runs.settle_cohort(run.id, succeeded=True)
    matching_runs.publish(cohort_id)
    # Matches start when published; a past start stands for one days_ago.
    Cohort(id=cohort_id).update(actions=[Cohort.published_at.set(run.finished_at)],
                                add_version_condition=False)
    return run.id


def world(program_type: str = "one_to_one", days_ago: float = 0) -> dict:
    """Cohort c1: mentor Omar with mentees Maya and Mina; Sam unmatched.
    Cohort c2 (another program): Maya again, as a mentee of Olga."""
    make_cohort(cohort_id="c1", program_id="p1")
    programs.Program(id="p1").update(actions=[programs.Program.type.set(program_type)],
                                     add_version_condition=False)
    ids = {"omar": enrol("c1", "mentor", "Omar Mentor", "omar@example.org"),
           "maya": enrol("c1", "mentee", "Maya Mentee", "maya@example.org"),
           "mina": enrol("c1", "mentee", "Mina Mentee", "mina@example.org"),
           "sam": enrol("c1", "mentee", "Sam Single", "sam@example.org")}
    publish("c1", [(ids["maya"], ids["omar"]), (ids["mina"], ids["omar"])], days_ago)
    make_cohort(cohort_id="c2", program_id="p2", name="Autumn")
    ids["olga"] = enrol("c2", "mentor", "Olga Other", "olga@example.org")
    ids["maya2"] = enrol("c2", "mentee", "Maya Mentee", "maya@example.org")
    publish("c2", [(ids["maya2"], ids["olga"])], days_ago)
    return ids


def links(settings, email: str) -> list[str]:
    found = [LINK.search(m.get_content()) for m in notify.outbox(settings) if m["To"] == email]
    return [f.group(1) for f in found if f]  # other mail (match published) has no link


def sign_in(app, email: str):
    """A test client signed in as ``email`` through a real e-mailed link."""
    client = app.test_client()
    assert post(client, "/api/sign-in", {"email": email}).status_code == 202
    token = links(app.config["TANDEM"], email)[-1]
    resp = post(client, "/api/sign-in/token", {"token": token})
    assert resp.status_code == 200, resp.get_json()
    return client


@pytest.fixture
def pair(mail_app):
    """Maya (mentee) and Omar (mentor) signed in on their one-to-one match."""
    ids = world()
    return (f"/api/matches/c1.{ids['maya']}", sign_in(mail_app, "maya@example.org"),
            sign_in(mail_app, "omar@example.org"), ids)


def published_days_ago(cohort_id: str, days: int) -> None:
    Cohort(id=cohort_id).update(actions=[Cohort.published_at.set(
        datetime.now(timezone.utc) - timedelta(days=days))], add_version_condition=False)


def meeting(match_id: str, author: str, day: date) -> None:
    journal.add(match_id, "meeting", "meeting", author,
                {"date": day.isoformat(), "minutes": 30, "topics": "x", "notes": "",
                 "shared": True}, members=[])  # the admin's views read the journal
