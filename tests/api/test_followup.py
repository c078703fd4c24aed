"""Follow-up after publishing: check-ins count from publishing, the nudges job
(check-in reminders, quiet pairs, once each), and the admin's follow-up view
with its closure and rematch requests."""
from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest

from functions import notify
from functions.db import journal, programs, roster, runs
from functions.db.programs import Cohort
from functions.domain import matching_runs
from functions.jobs.nudges import run_nudges
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import enrol, mail_app, sign_in, world  # noqa: F401
from tests.conftest import post

TODAY = date.today()


@pytest.fixture
def mail(tables, settings, tmp_path):
    """Settings whose e-mail lands in a local outbox under tmp_path."""
    return settings.with_(data_dir=str(tmp_path), public_url="http://portal.test")


def published_days_ago(cohort_id: str, days: int) -> None:
    Cohort(id=cohort_id).update(actions=[Cohort.published_at.set(
        datetime.now(timezone.utc) - timedelta(days=days))], add_version_condition=False)


def meeting(match_id: str, author: str, day: date) -> None:
    journal.add(match_id, "meeting", "meeting", author,
                {"date": day.isoformat(), "minutes": 30, "topics": "x", "notes": "",
                 "shared": True}, members=[])  # the admin's views read the journal


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
                                "next_due": (TODAY + timedelta(days=30)).isoformat()}


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
        meeting(match, author, TODAY - timedelta(days=3))  # none of them is quiet
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
    later = TODAY + timedelta(days=40)
    meeting(f"c1.{ids['maya']}", ids["omar"], later - timedelta(days=5))
    # A meeting dated before the match began does not count against it.
    meeting(f"c1.{ids['mina']}", ids["mina"], TODAY - timedelta(days=100))
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
    later = TODAY + timedelta(days=40)  # every match: check-in due and quiet
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
    later = TODAY + timedelta(days=40)
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
    summary = run_nudges(mail, TODAY + timedelta(days=40))
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
    later = (TODAY + timedelta(days=40)).isoformat()
    assert main(["nudges", "--today", later]) == 0
    out = capsys.readouterr().out
    assert f'"today": "{later}"' in out and '"quiet_nudges": 6' in out
    assert len(notify.outbox(mail)) == 12
    assert main(["nudges", "--today", "2026-02-30"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["tandem: error: --today: '2026-02-30' is not a date (YYYY-MM-DD)"]
    assert len(notify.outbox(mail)) == 12


# -- the admin's follow-up -----------------------------------------------------------------

@pytest.fixture
def admin(mail_app):
    from tests.conftest import AuthActions
    client = mail_app.test_client()
    AuthActions(client).create()
    assert AuthActions(client).login().status_code == 200
    return client


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
    assert req["at"][:10] == TODAY.isoformat()
    assert view["targets"] == [{"id": "c3", "name": "Summer", "status": "enrolling"}]
    # A closed cohort is no longer followed up; its requests stay listed.
    Cohort(id="c1").update(actions=[Cohort.status.set("closed")], add_version_condition=False)
    closed = follow_up(admin)
    assert closed["quiet"] == [] and len(closed["requests"]) == 1
    Cohort(id="c1").update(actions=[Cohort.status.set("published")], add_version_condition=False)
    # A meeting logged three days ago: no longer quiet.
    meeting(f"c1.{ids['maya']}", ids["maya"], TODAY - timedelta(days=3))
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
    assert request["asked_at"][:10] == TODAY.isoformat()
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
