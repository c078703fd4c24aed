"""After publishing: check-ins count from publishing, and the nudges job
(check-in reminders, quiet pairs), each message once."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from functions import notify
from functions.db import journal, programs, runs
from functions.db.programs import Cohort
from functions.domain import matching_runs
from functions.jobs.nudges import run_nudges
from functions.vocab.dates import utc_today
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import (  # noqa: F401
    enrol, mail_app, meeting, published_days_ago, sign_in, world)


@pytest.fixture
def mail(tables, settings, tmp_path):
    """Settings whose e-mail lands in a local outbox under tmp_path."""
    return settings.with_(data_dir=str(tmp_path), public_url="http://portal.test")


def sent(settings, subject_part: str = "") -> list[tuple[str, str]]:
    return sorted((m["To"], m["Subject"]) for m in notify.outbox(settings)
                  if subject_part in m["Subject"])


# -- check-ins count from publishing ---------------------------------------------------

def test_check_ins_count_from_publishing_not_from_the_run(mail_app):
    programs.create_program("P", id="p1")
    make_cohort("enrolling", "c1", "p1", "Spring")
    omar, maya = (enrol("c1", "mentor", "Omar Mentor", "omar@example.org"),
                  enrol("c1", "mentee", "Maya Mentee", "maya@example.org"))
    # The run finished 100 days ago; the admin publishes it today.
    run = runs.Run(id=f"run-{uuid.uuid4().hex[:8]}", cohort_id="c1", kind=runs.PROPOSAL,
                   status=runs.COMPLETE, policy={}, created_by="a@example.org",
                   created_at=datetime.now(timezone.utc).isoformat(),
                   finished_at=datetime.now(timezone.utc) - timedelta(days=100))
    run.save()
    runs.write_proposal(run.id, [{"mentee": maya, "mentor": omar, "score": 50,
                                  "reasons": []}], [])
    Cohort(id="c1").update(actions=[Cohort.status.set("review"),
                                    Cohort.proposal_run.set(run.id)],
                           add_version_condition=False)
    matching_runs.publish("c1")
    assert programs.load_cohort("c1").published_at is not None
    page = sign_in(mail_app, "maya@example.org").get(f"/api/matches/c1.{maya}").get_json()
    assert page["check_in"] == {"due": False, "period": None,
                                "next_due": (utc_today() + timedelta(days=30)).isoformat()}


def test_a_cohort_published_before_publishing_was_recorded_counts_from_the_run(mail_app):
    ids = world(days_ago=100)  # published without published_at
    page = sign_in(mail_app, "maya@example.org").get(f"/api/matches/c1.{ids['maya']}")
    assert page.get_json()["check_in"]["period"] == 1 and page.get_json()["check_in"]["due"]


# -- the job -----------------------------------------------------------------------------

def test_a_due_check_in_reminds_each_member_once(mail):
    ids = world()
    for cohort in ("c1", "c2"):
        published_days_ago(cohort, 31)
    for match, author in ((f"c1.{ids['maya']}", ids["maya"]), (f"c1.{ids['mina']}", ids["mina"]),
                          (f"c2.{ids['maya2']}", ids["olga"])):
        meeting(match, author, utc_today() - timedelta(days=3))  # none of them is quiet
    # Mina has answered hers already.
    journal.check_in(f"c1.{ids['mina']}", 0, ids["mina"], {"satisfaction": 4, "meeting": True})
    summary = run_nudges(mail)
    assert summary | {"today": None} == {"today": None, "cohorts": 2, "matches": 3,
                                         "check_in_reminders": 5, "quiet_nudges": 0,
                                         "failed": 0, "cohorts_failed": []}
    due = "your check-in is due"
    assert sent(mail, due) == sorted([("maya@example.org", f"Test program: {due}")] * 2
                                     + [("omar@example.org", f"Test program: {due}")] * 2
                                     + [("olga@example.org", f"Test program: {due}")])
    body = next(m for m in notify.outbox(mail) if m["To"] == "olga@example.org").get_content()
    assert "http://portal.test/me.html" in body and "Maya Mentee" in body
    again = run_nudges(mail)
    assert (again["check_in_reminders"], again["quiet_nudges"]) == (0, 0)
    assert len(notify.outbox(mail)) == 5


def test_in_a_group_every_member_is_reminded_once_for_the_group(mail):
    world("group")  # c1: Omar's group with Maya and Mina; c2 stays one-to-one
    published_days_ago("c1", 31)
    summary = run_nudges(mail)
    assert summary["matches"] == 2 and summary["check_in_reminders"] == 3
    due = "your check-in is due"
    assert [to for to, _ in sent(mail, due)] == ["maya@example.org", "mina@example.org",
                                                 "omar@example.org"]
    body = next(m for m in notify.outbox(mail) if m["To"] == "omar@example.org").get_content()
    assert "Maya Mentee, Mina Mentee" in body
    assert run_nudges(mail)["check_in_reminders"] == 0


def test_quiet_pairs_are_nudged_once_per_stretch_recent_and_closed_ones_never(mail):
    ids = world()  # published today; the job runs as if 40 days later
    later = utc_today() + timedelta(days=40)
    meeting(f"c1.{ids['maya']}", ids["omar"], later - timedelta(days=5))
    # A meeting dated before the match began does not count against it.
    meeting(f"c1.{ids['mina']}", ids["mina"], utc_today() - timedelta(days=100))
    journal.close(f"c2.{ids['maya2']}", ids["olga"], {"reason": "moved", "rematch": False},
                  members=[])
    summary = run_nudges(mail, later)
    assert (summary["matches"], summary["quiet_nudges"]) == (2, 2)
    quiet = "time for your next meeting"
    assert [to for to, _ in sent(mail, quiet)] == ["mina@example.org", "omar@example.org"]
    body = next(m for m in notify.outbox(mail)
                if m["To"] == "mina@example.org" and quiet in m["Subject"]).get_content()
    assert "40 days since your match began" in body and "Omar Mentor" in body
    # Twice the same day, and ten days on: nothing new. At 71 days Mina's pair is
    # quiet a second stretch; Maya's met again at 60.
    assert run_nudges(mail, later)["quiet_nudges"] == 0
    assert run_nudges(mail, later + timedelta(days=10))["quiet_nudges"] == 0
    meeting(f"c1.{ids['maya']}", ids["maya"], later + timedelta(days=20))
    assert run_nudges(mail, later + timedelta(days=31))["quiet_nudges"] == 2
    assert len(sent(mail, quiet)) == 4
    # Nothing ever went to the closed match's Olga.
    assert not [m for m in notify.outbox(mail) if m["To"] == "olga@example.org"]


def test_two_runs_at_once_send_each_message_once(mail):
    world()
    later = utc_today() + timedelta(days=40)  # every match: check-in due and quiet
    start, summaries = threading.Barrier(2), []

    def job():
        start.wait()
        summaries.append(run_nudges(mail, later))

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 3 matches × 2 members: 6 reminders and 6 nudges, split between the two runs.
    assert sum(s["check_in_reminders"] for s in summaries) == 6
    assert sum(s["quiet_nudges"] for s in summaries) == 6
    # One of each per match: Maya and Omar are in two matches, Mina and Olga in one.
    count = Counter(to for to, _ in sent(mail))
    assert count == {"maya@example.org": 4, "omar@example.org": 4, "mina@example.org": 2,
                     "olga@example.org": 2}


def test_a_failing_e_mail_does_not_stop_the_others_and_is_retried(mail, monkeypatch):
    world()
    later = utc_today() + timedelta(days=40)
    real = notify.send

    def flaky(settings, to, subject, text, **parts):
        if to == "mina@example.org":
            raise RuntimeError("SES said no")
        return real(settings, to, subject, text, **parts)

    monkeypatch.setattr(notify, "send", flaky)
    first = run_nudges(mail, later)
    assert first["failed"] == 2 and first["check_in_reminders"] + first["quiet_nudges"] == 10
    assert not [m for m in notify.outbox(mail) if m["To"] == "mina@example.org"]
    monkeypatch.setattr(notify, "send", real)
    second = run_nudges(mail, later)
    assert (second["check_in_reminders"], second["quiet_nudges"], second["failed"]) == (1, 1, 0)
    assert len([m for m in notify.outbox(mail) if m["To"] == "mina@example.org"]) == 2


def test_a_cohort_that_cannot_be_read_does_not_stop_the_others(mail, monkeypatch):
    from functions.domain import followup
    world()
    real = followup.open_matches

    def broken(cohort_id, at):
        if cohort_id == "c1":
            raise RuntimeError("a proposal chunk is missing")
        return real(cohort_id, at)

    monkeypatch.setattr(followup, "open_matches", broken)
    summary = run_nudges(mail, utc_today() + timedelta(days=40))
    assert summary["cohorts_failed"] == ["c1"] and summary["matches"] == 1
    assert sorted(m["To"] for m in notify.outbox(mail)) == ["maya@example.org"] * 2 + [
        "olga@example.org"] * 2


def test_the_cli_runs_the_job_once_and_refuses_a_bad_date(mail, monkeypatch, dynamodb_local,
                                                          capsys):
    from functions.cli import main
    world()
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynamodb_local.endpoint)
    monkeypatch.setenv("TANDEM_STORE_KEY", dynamodb_local.access_key)
    monkeypatch.setenv("TANDEM_TABLE_PREFIX", mail.table_prefix)
    monkeypatch.setenv("TANDEM_DATA_DIR", mail.data_dir)
    later = (utc_today() + timedelta(days=40)).isoformat()
    assert main(["nudges", "--today", later]) == 0
    out = capsys.readouterr().out
    assert f'"today": "{later}"' in out and '"quiet_nudges": 6' in out
    assert len(notify.outbox(mail)) == 12
    assert main(["nudges", "--today", "2026-02-30"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["tandem: error: --today: '2026-02-30' is not a date (YYYY-MM-DD)"]
    assert len(notify.outbox(mail)) == 12
