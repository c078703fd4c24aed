"""Match cards (``functions.db.match_cards``): a participant's pages read her
stored card, so every path that changes what a card shows must make the card
out of date. Each test warms the cards first (a page read stores them), makes
one change through the API, and checks the partner's page shows the new value
and equals the page built from scratch (every card removed)."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from functions.db import match_cards, participant_data, runs
from functions.db.programs import Cohort
from functions.domain import matching_runs, participant_matches, publishing
from functions.local import call_counts
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401 (fixture)
from tests.conftest import admin_of, post


def put(client, url, body):
    return client.put(url, json=body, headers={"X-Requested-With": "tandem"})


def stored_cards(email: str) -> dict[str, dict | None]:
    """Her stored card in each cohort she is in (None: none stored)."""
    cohorts = {r["cohort_id"] for r in participant_data.records(email)}
    stored = match_cards.stamps_and_cards(email, cohorts)[1]
    return {c: stored.get(c) for c in cohorts}


def from_scratch(client, email: str) -> dict:
    """Her ``/api/me`` with every card of hers removed: built from the cohort,
    its program, its runs and her partners' records."""
    match_cards.forget({(c, email) for c in stored_cards(email)})
    return client.get("/api/me").get_json()


@pytest.fixture
def w(mail_app):  # noqa: F811
    ids = world()
    maya, omar = sign_in(mail_app, "maya@example.org"), sign_in(mail_app, "omar@example.org")
    before = maya.get("/api/me").get_json()  # stores her cards
    assert all(stored_cards("maya@example.org").values())
    return {"app": mail_app, "ids": ids, "maya": maya, "omar": omar, "before": before,
            "admin": admin_of(mail_app), "match": f"/api/matches/c1.{ids['maya']}"}


def omar_on_mayas_page(me: dict) -> dict:
    match = next(m for m in me["matches"] if m["cohort"]["id"] == "c1")
    return next(p for p in match["partners"] if p["role"] == "mentor")


def test_a_stored_card_gives_the_same_page_as_one_built_from_scratch(w):
    again = w["maya"].get("/api/me").get_json()
    assert again == w["before"]
    assert from_scratch(w["maya"], "maya@example.org") == w["before"]
    assert w["maya"].get(w["match"]).status_code == 200


def test_an_admins_edit_of_her_partners_profile_shows_on_her_pages(w):
    resp = put(w["admin"], f"/api/admin/cohorts/c1/participants/{w['ids']['omar']}",
               {"name": "Omar Renamed", "job_title": "Staff engineer", "bio": "Climbs."})
    assert resp.status_code == 200, resp.get_json()
    me = w["maya"].get("/api/me").get_json()
    omar = omar_on_mayas_page(me)
    assert (omar["name"], omar["job_title"], omar["bio"]) == (
        "Omar Renamed", "Staff engineer", "Climbs.")
    page = w["maya"].get(w["match"]).get_json()
    assert [p["name"] for p in page["partners"]] == ["Omar Renamed"]
    assert from_scratch(w["maya"], "maya@example.org") == me


def test_an_import_that_updates_her_partners_profile_shows_on_her_page(w):
    body = "role,name,email,job_title\nmentor,Omar Imported,omar@example.org,Architect\n"
    resp = w["admin"].post("/api/admin/cohorts/c1/participants/import?mode=update",
                           data=body.encode(), headers={"X-Requested-With": "tandem",
                                                        "Content-Type": "text/csv"})
    assert resp.status_code == 200, resp.get_json()
    omar = omar_on_mayas_page(w["maya"].get("/api/me").get_json())
    assert (omar["name"], omar["job_title"]) == ("Omar Imported", "Architect")


def test_renaming_the_cohort_or_the_program_shows_on_her_page(w):
    resp = put(w["admin"], "/api/admin/cohorts/c1/details", {"name": "Spring renamed"})
    assert resp.status_code == 200, resp.get_json()
    me = w["maya"].get("/api/me").get_json()
    assert {m["cohort"]["name"] for m in me["matches"]} == {"Spring renamed", "Autumn"}
    program = w["admin"].get("/api/admin/programs/p1").get_json()
    resp = put(w["admin"], "/api/admin/programs/p1",
               {"name": "Mentoring renamed", "version": program["version"]})
    assert resp.status_code == 200, resp.get_json()
    me = w["maya"].get("/api/me").get_json()
    assert [m["program"]["name"] for m in me["matches"] if m["cohort"]["id"] == "c1"] == [
        "Mentoring renamed"]
    page = w["maya"].get(w["match"]).get_json()
    assert (page["cohort"]["name"], page["program"]["name"]) == (
        "Spring renamed", "Mentoring renamed")
    assert from_scratch(w["maya"], "maya@example.org") == me


def test_a_waiting_list_publication_shows_the_new_pair_on_both_pages(w):
    sam = sign_in(w["app"], "sam@example.org")
    assert sam.get("/api/me").get_json()["matches"] == []  # his card: no match
    omar_before = w["omar"].get("/api/me").get_json()["matches"]
    run = runs.Run(id=f"run-wait-{uuid.uuid4().hex[:8]}", cohort_id="c1", kind=runs.WAITING,
                   status=runs.COMPLETE, policy={}, created_by="admin@example.org",
                   created_at=datetime.now(timezone.utc).isoformat(),
                   finished_at=datetime.now(timezone.utc))
    run.save()
    runs.write_proposal(run.id, [{"mentee": w["ids"]["sam"], "mentor": w["ids"]["omar"],
                                  "score": 60.0, "reasons": ["shares python"]}], [])
    Cohort(id="c1").update(actions=[Cohort.active_run.set(run.id)],
                           add_version_condition=False)
    runs.settle_cohort(run.id, succeeded=True)
    assert matching_runs.publish("c1") == (run.id, True)

    [match] = sam.get("/api/me").get_json()["matches"]
    assert match["id"] == f"c1.{w['ids']['sam']}"
    assert [p["name"] for p in match["partners"]] == ["Omar Mentor"]
    omar_after = w["omar"].get("/api/me").get_json()["matches"]
    assert len(omar_after) == len(omar_before) + 1
    assert sam.get(f"/api/matches/{match['id']}").status_code == 200


def test_her_withdrawal_takes_the_match_off_her_page(w):
    resp = post(w["admin"], f"/api/admin/cohorts/c1/participants/{w['ids']['maya']}/withdraw",
                {})
    assert resp.status_code == 200, resp.get_json()
    me = w["maya"].get("/api/me").get_json()
    assert [m["cohort"]["id"] for m in me["matches"]] == ["c2"]
    assert w["maya"].get(w["match"]).status_code == 404


def test_her_partners_erasure_leaves_no_trace_of_him_in_her_card(w):
    resp = w["omar"].delete("/api/me", json={"confirm": True},
                            headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200, resp.get_json()
    # Taken off her stored card at once, not when she next looks.
    assert "Omar" not in str(stored_cards("maya@example.org"))
    omar = omar_on_mayas_page(w["maya"].get("/api/me").get_json())
    assert (omar["name"], omar["email"]) == ("a former participant", None)
    assert "Omar" not in str(stored_cards("maya@example.org"))


def test_a_card_written_at_publishing_is_used_and_one_gone_stale_is_not(w):
    """The publishing job writes every card; a cohort changed afterwards
    (here its stamp raised as a writer does) makes pages build them again."""
    assert participant_matches.write_cohort("c1") == 4
    card = stored_cards("mina@example.org")["c1"]
    assert [p["name"] for m in card["matches"] for p in m["partners"]] == ["Omar Mentor"]
    match_cards.touch_now(["c1"])
    mina = sign_in(w["app"], "mina@example.org")
    mina.get("/api/me")
    assert stored_cards("mina@example.org")["c1"]["stamp"] != card["stamp"]


def test_publishings_e_mail_job_writes_every_card_before_anyone_reads(mail_app):  # noqa: F811
    """The job that tells a published cohort writes everyone's card first, so
    the first page after the e-mail is within the budget of three calls."""
    world()
    for cohort in ("c1", "c2"):
        publishing.notify_published(mail_app.config["TANDEM"], cohort)
    assert all(stored_cards(e)[c] for e, c in [
        ("maya@example.org", "c1"), ("maya@example.org", "c2"), ("mina@example.org", "c1"),
        ("omar@example.org", "c1"), ("sam@example.org", "c1"), ("olga@example.org", "c2")])
    mina = sign_in(mail_app, "mina@example.org")
    call_counts.enable()
    call_counts.reset()
    try:
        [match] = mina.get("/api/me").get_json()["matches"]
        assert mina.get(f"/api/matches/{match['id']}").status_code == 200
        counts = call_counts.snapshot()
    finally:
        call_counts.disable()
        call_counts.reset()
    assert counts["GET /api/matches/<match_id>"]["max_calls"] == 3
    assert "UpdateItem" not in counts["GET /api/me"]["calls"]  # no card built, none stored
    assert "PutItem" not in counts["GET /api/me"]["calls"]


def test_a_choice_accepted_then_withdrawn_comes_and_goes_on_her_mentors_page(mail_app):  # noqa: F811
    from tests.api.choice_helpers import ask, decide, published_choice
    w = published_choice(mail_app, mentors=1, mentees=1)
    m0, e0 = w["people"]["m0@example.org"]["id"], w["people"]["e0@example.org"]["id"]
    mentor = sign_in(mail_app, "m0@example.org")
    assert mentor.get("/api/me").get_json()["matches"] == []  # her card: no match yet
    assert ask(sign_in(mail_app, "e0@example.org"), m0).status_code == 201
    assert decide(mentor, e0, "accept").status_code == 200
    [match] = mentor.get("/api/me").get_json()["matches"]
    assert [p["id"] for p in match["partners"]] == [e0]
    assert post(w["admin"], f"/api/admin/cohorts/c1/participants/{e0}/withdraw",
                {}).status_code == 200
    assert mentor.get("/api/me").get_json()["matches"] == []
    assert mentor.get(f"/api/matches/{match['id']}").status_code == 404
