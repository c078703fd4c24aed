"""The admin's pages of a cohort keep its people under the cohort's people
stamp (``functions.db.people_stamp``): every way a participant's record is
written must move the stamp, so that the next page shows the change. Each
write below goes through the API as a person would make it; after each, the
pages are checked against the store read a second way, in full."""
from __future__ import annotations

import pytest

from functions.db import participants, people_stamp
from functions.db.programs import Cohort
from functions.domain import participant_matches
from tests.api.helpers import make_cohort, mentee, mentor
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401 (fixture)
from tests.conftest import admin_of, post

XRW = {"X-Requested-With": "tandem"}


@pytest.fixture
def kept_always(monkeypatch):
    """Keep every cohort, however small (the rule is for large ones)."""
    monkeypatch.setattr(people_stamp, "CACHE_FROM", 1)


def pages(admin, cohort: str) -> tuple[list, dict, dict]:
    listed = admin.get(f"/api/admin/cohorts/{cohort}/participants").get_json()
    overview = admin.get(f"/api/admin/cohorts/{cohort}/overview").get_json()
    counts = admin.get(f"/api/admin/cohorts/{cohort}").get_json()["counts"]
    return sorted(listed, key=lambda p: p["id"]), overview, counts


def assert_pages_true(admin, cohort: str) -> list:
    """The three pages against a full, strongly consistent read of the store."""
    stored = sorted(participants.views(cohort, consistent_read=True), key=lambda p: p["id"])
    listed, overview, counts = pages(admin, cohort)
    assert listed == stored
    active = [p for p in stored if p.get("status", "active") == "active"]
    assert overview["counts"] == {r: sum(p["role"] == r for p in active)
                                  for r in ("mentor", "mentee")}
    assert overview["seats"] == sum(p["capacity"] or 0 for p in active if p["role"] == "mentor")
    assert counts == {r: sum(p["role"] == r for p in stored) for r in ("mentor", "mentee")}
    readiness = admin.get(f"/api/admin/cohorts/{cohort}/readiness").get_json()
    assert readiness["mentors"] == overview["counts"]["mentor"]
    matches, _ = participant_matches.published_pairs(cohort)  # built now, from the store
    matched = admin.get(f"/api/admin/cohorts/{cohort}/participants?matched=1").get_json()
    in_pairs = {m[r] for m in matches for r in ("mentee", "mentor")}  # erased people too
    assert {p["id"] for p in matched} == in_pairs & {p["id"] for p in stored}
    return listed


def test_every_write_of_a_person_shows_on_the_next_page(mail_app, kept_always):  # noqa: F811
    ids = world()
    admin = admin_of(mail_app)
    before = assert_pages_true(admin, "c1")
    assert pages(admin, "c1")[0] == before  # read twice, kept: the same

    def by_id(pid):
        return next(p for p in pages(admin, "c1")[0] if p["id"] == pid)

    edited = admin.put(f"/api/admin/cohorts/c1/participants/{ids['omar']}",
                       json={"capacity": 4, "job_title": "Staff engineer"}, headers=XRW)
    assert edited.status_code == 200, edited.get_json()
    assert by_id(ids["omar"])["capacity"] == 4
    assert_pages_true(admin, "c1")

    left = post(admin, f"/api/admin/cohorts/c1/participants/{ids['sam']}/withdraw", {})
    assert left.status_code == 200, left.get_json()
    assert by_id(ids["sam"])["status"] == "withdrawn"
    assert_pages_true(admin, "c1")
    matched = {p["id"] for p in admin.get("/api/admin/cohorts/c1/participants?matched=1").get_json()}
    assert ids["mina"] in matched
    left = post(admin, f"/api/admin/cohorts/c1/participants/{ids['mina']}/withdraw", {})
    assert left.status_code == 200, left.get_json()
    assert_pages_true(admin, "c1")  # her match ended: the filter says so

    omar = sign_in(mail_app, "omar@example.org")
    paused = omar.put("/api/me/pause", json={"cohort": "c1", "until": "2031-01-31"}, headers=XRW)
    assert paused.status_code == 200, paused.get_json()
    assert by_id(ids["omar"])["paused_until"] == "2031-01-31"

    maya = sign_in(mail_app, "maya@example.org")
    rated = maya.put("/api/me/self-assessment", headers=XRW,
                     json={"cohort": "c1", "stage": "before", "ratings": {"Confidence": 3}})
    assert rated.status_code == 200, rated.get_json()
    assert_pages_true(admin, "c1")

    erased = maya.delete("/api/me", headers=XRW, json={"confirm": True})
    assert erased.status_code == 200, erased.get_json()
    assert ids["maya"] not in {p["id"] for p in pages(admin, "c1")[0]}
    assert_pages_true(admin, "c1")


def test_an_enrolment_shows_on_the_next_page(mail_app, kept_always):  # noqa: F811
    make_cohort(cohort_id="c3", program_id="p3", name="Open")
    admin = admin_of(mail_app)
    for email, body in (("first@example.org", mentor), ("second@example.org", mentee),
                        ("third@example.org", mentor)):
        resp = post(mail_app.test_client(), "/api/cohorts/c3/enrollments", body(email=email))
        assert resp.status_code in (201, 202), resp.get_json()
        listed = assert_pages_true(admin, "c3")  # kept after the first, read again after the second
    assert sorted(p["email"] for p in listed) == [
        "first@example.org", "second@example.org", "third@example.org"]


def tables_asked(monkeypatch, method: str) -> list[str]:
    """The tables each later ``method`` call of the shared client names (counted at the client)."""
    asked: list[str] = []
    client = participants.connection().client
    real = getattr(client, method)

    def counted(**kwargs):
        asked.append(kwargs["TableName"])
        return real(**kwargs)

    monkeypatch.setattr(client, method, counted)
    return asked


def test_an_unchanged_large_cohort_is_read_once(mail_app, monkeypatch):  # noqa: F811
    """What the stamp is for: the second look at a cohort reads one item of
    the cohorts table, not its people (counted at the client)."""
    world()
    monkeypatch.setattr(people_stamp, "CACHE_FROM", 4)  # c1 holds 4 people: "large" here
    admin = admin_of(mail_app)
    queries = tables_asked(monkeypatch, "query")
    assert_pages_true(admin, "c1")  # reads c1's people (and once more to check)
    queries.clear()
    pages(admin, "c1")
    people = participants.Participant.Meta.table_name
    assert people not in queries
    sam = next(p for p in pages(admin, "c1")[0] if p["name"] == "Sam Single")
    assert post(admin, f"/api/admin/cohorts/c1/participants/{sam['id']}/withdraw",
                {}).status_code == 200
    queries.clear()
    after, overview, _ = pages(admin, "c1")  # the stamp moved: read again, once per kind
    assert queries.count(people) == 2 and overview["counts"]["mentee"] == 2
    queries.clear()
    assert pages(admin, "c1")[0] == after and people not in queries


def test_a_small_cohorts_list_skips_the_stamp_after_the_first_look(mail_app, monkeypatch):  # noqa: F811
    """Below the size kept, the list is read every time: the stamp's GetItem
    before it would only add a call, so after one look it is not asked."""
    world()
    admin = admin_of(mail_app)
    url = "/api/admin/cohorts/c1/participants"
    first = admin.get(url).get_json()
    gets = tables_asked(monkeypatch, "get_item")
    assert admin.get(url).get_json() == first
    assert Cohort.Meta.table_name not in gets
