"""DynamoDB calls on the typical request paths, counted with the botocore hook
of ``functions.local.call_counts`` (the one the load benchmark uses).

A Scan reads a whole table and is billed for every item it reads, so none
may sit on a request path: it would grow with the program, for every click.
A participant's pages are the most frequent reads, so they have a budget of
three calls (the session, her records, one more).
"""
from __future__ import annotations

import pytest

from functions.db.programs import Cohort
from functions.domain import participant_matches, resources
from functions.local import call_counts
from tests.api.helpers import make_cohort, mentee, mentor
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401 (fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, post

PARTICIPANT_READS = ("GET /api/me", "GET /api/matches/<match_id>")
BUDGET = 3


@pytest.fixture
def counted(mail_app, auth):  # noqa: F811 (the fixture imported above)
    """A world with published matches and an admin; counting on from here."""
    ids = world()
    # The admin's review reads the cohort's proposal run: the published one here.
    c1 = Cohort.get("c1")
    c1.update(actions=[Cohort.proposal_run.set(c1.published_run)], add_version_condition=False)
    make_cohort(cohort_id="c3", program_id="p1", name="Open")
    for program in ("p1", "p2"):  # as publishing does (functions.domain.matching_runs)
        resources.of_program(program)
    for cohort in ("c1", "c2"):  # as publishing's e-mail job does before telling anyone
        participant_matches.write_cohort(cohort)
    auth.create()
    call_counts.enable()
    call_counts.reset()
    try:
        yield mail_app, ids
    finally:
        call_counts.disable()
        call_counts.reset()


def ok(resp, status=200):
    allowed = status if isinstance(status, tuple) else (status,)
    assert resp.status_code in allowed, resp.get_json()
    return resp


#: An enrolment answers 201, or 202 where a confirmation e-mail tells its owner.
ENROLLED = (201, 202)


def drive(app, ids) -> dict[str, dict]:
    """Every typical path once, a participant's reads twice (cold, then warm
    per-process caches); returns the counts by endpoint."""
    public = app.test_client()
    ok(public.get("/api/cohorts"))
    ok(public.get("/api/cohorts/c3"))
    ok(post(public, "/api/cohorts/c3/enrollments", mentee()), ENROLLED)
    ok(post(public, "/api/cohorts/c3/enrollments", mentor()), ENROLLED)

    maya = sign_in(app, "maya@example.org")  # sign-in and token
    match = f"/api/matches/c1.{ids['maya']}"
    for _ in range(2):
        ok(maya.get("/api/me"))
        ok(maya.get(match))
    ok(post(maya, f"{match}/meetings", {"date": "2026-03-02", "minutes": 45,
                                        "topics": ["reviews"]}), 201)

    admin = app.test_client()
    ok(post(admin, "/api/admin/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
    for url in ("/api/admin/programs", "/api/admin/cohorts/c1", "/api/admin/cohorts/c1/overview",
                "/api/admin/cohorts/c1/proposal", "/api/admin/cohorts/c1/participants"):
        ok(admin.get(url))
    return call_counts.snapshot()


def test_no_scan_on_any_request_path(counted):
    counts = drive(*counted)
    expected = {"GET /api/cohorts", "GET /api/cohorts/<cohort_id>",
                "POST /api/cohorts/<cohort_id>/enrollments", "POST /api/sign-in",
                "POST /api/sign-in/token", *PARTICIPANT_READS,
                "POST /api/matches/<match_id>/meetings", "POST /api/admin/login",
                "GET /api/admin/programs", "GET /api/admin/cohorts/<cohort_id>",
                "GET /api/admin/cohorts/<cohort_id>/overview",
                "GET /api/admin/cohorts/<cohort_id>/proposal",
                "GET /api/admin/cohorts/<cohort_id>/participants"}
    assert expected <= set(counts), sorted(set(counts))  # the hook saw every path
    for endpoint in expected:
        assert counts[endpoint]["calls"], f"{endpoint}: no DynamoDB call counted"
    scans = {e: c["tables"] for e, c in counts.items()
             if e != call_counts.OUTSIDE and "Scan" in c["calls"]}
    assert not scans


def over_budget(counts: dict, endpoints) -> dict:
    return {e: (counts[e]["per_request"], counts[e]["tables"]) for e in endpoints
            if counts[e]["max_calls"] > BUDGET}


def test_a_match_page_and_a_meeting_within_budget(counted):
    """The session, her record in the match's cohort with the cohort's stamp
    (one BatchGetItem: her match card, ``functions.db.match_cards``), and the
    journal (read for the page, written for the meeting)."""
    counts = drive(*counted)
    assert not over_budget(counts, ("GET /api/matches/<match_id>",
                                    "POST /api/matches/<match_id>/meetings"))


def test_my_mentoring_within_budget(counted):
    assert not over_budget(drive(*counted), ("GET /api/me",))


def test_counting_is_off_unless_enabled(mail_app):  # noqa: F811
    """Normal running registers nothing: no count without ``enable()``."""
    call_counts.reset()
    ok(mail_app.test_client().get("/api/cohorts"))
    assert call_counts.snapshot() == {}
