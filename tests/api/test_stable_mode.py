"""Stable mode as a program mode: mentees rank their suggestions until the
matching date, the run makes a proposal by deferred acceptance, the admin
publishes it as any proposal, and everyone reads why she got whom."""
from __future__ import annotations

import time
from datetime import timedelta

from functions.db import participants, programs, rankings
from functions.db import suggestions as suggested
from functions.db.programs import Cohort
from functions.vocab.dates import utc_today
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import mail_app, sign_in  # noqa: F401
from tests.api.run_helpers import POLICY, put_policy, wait_for
from tests.conftest import admin_of, post

HEADERS = {"X-Requested-With": "tandem"}

STABLE = {**POLICY, "mode": "stable"}
NEXT_WEEK = (utc_today() + timedelta(days=7)).isoformat()  # a week on: true all run


def enrol(role: str, name: str, email: str, capacity: int = 1, level: int = 5) -> str:
    answers = ({"offers": ["python"], "department": "Data", "level": level} if role == "mentor"
               else {"wants": ["python"], "department": "Sales", "level": level})
    return participants.enroll("c1", role=role, name=name, email=email, answers=answers,
                               capacity=capacity if role == "mentor" else None, self_id=None)


def set_deadline(day: str | None, cohort_id: str = "c1") -> None:
    action = Cohort.matching_at.set(day) if day else Cohort.matching_at.remove()
    Cohort(id=cohort_id).update(actions=[action], add_version_condition=False)


def ranking_world(app, mentors=((1, 5), (1, 5)), mentees=3, status="enrolling"):
    """Cohort c1 of a stable-mode program: Mentor 0.. (capacity, level),
    Mentee 0..; enrolment is closed on the admin's page, which makes the
    suggestions mentees rank (waited for)."""
    admin = admin_of(app)
    make_cohort(status=status)
    ids = {}
    for i, (capacity, level) in enumerate(mentors):
        ids[f"m{i}"] = enrol("mentor", f"Mentor {i}", f"m{i}@example.org", capacity, level)
    for i in range(mentees):
        ids[f"e{i}"] = enrol("mentee", f"Mentee {i}", f"e{i}@example.org", level=1)
    assert put_policy(admin, STABLE).status_code == 200
    set_deadline(NEXT_WEEK)
    resp = admin.patch("/api/admin/cohorts/c1", json={"status": "matching"},
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200, resp.get_json()
    deadline = time.monotonic() + 30
    while rankings.suggest_run("c1") is None:
        assert time.monotonic() < deadline, "the suggestions run did not finish"
        time.sleep(0.05)
    return admin, ids


def rank(client, ranked, cohort="c1"):
    return client.put("/api/me/choices", json={"cohort": cohort, "ranked": ranked},
                      headers={"X-Requested-With": "tandem"})


def section(client, cohort="c1"):
    return next(s for s in client.get("/api/me/choices").get_json()["cohorts"]
                if s["cohort"]["id"] == cohort)


def match_and_publish(admin):
    resp = post(admin, "/api/admin/cohorts/c1/runs", {})
    assert resp.status_code == 202, resp.get_json()
    run = wait_for(admin, resp.get_json()["run"])
    assert run["status"] == "complete", run
    assert post(admin, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    return run


def test_closing_enrolment_makes_suggestions_a_mentee_ranks_and_changes(mail_app):
    admin, ids = ranking_world(mail_app, mentors=[(1, 5)] * 6, mentees=2)
    e0 = sign_in(mail_app, "e0@example.org")
    view = section(e0)
    assert view["role"] == "mentee" and view["open"] and view["n"] == 5
    assert view["deadline"] == NEXT_WEEK and view["ranked"] == [] and view["outcome"] is None
    shown = [s["mentor"]["id"] for s in view["suggestions"]]
    assert sorted(shown) == sorted(ids[f"m{i}"] for i in range(6))  # all six, up to ten
    assert all("email" not in s["mentor"] for s in view["suggestions"])
    assert rank(e0, shown[:3]).status_code == 200
    assert section(e0)["ranked"] == shown[:3]
    assert rank(e0, [shown[4], shown[0]]).get_json()["ranked"] == [shown[4], shown[0]]
    assert section(e0)["ranked"] == [shown[4], shown[0]]
    counts = admin.get("/api/admin/cohorts/c1/ranking").get_json()
    assert counts["mentees_ranked"] == 1 and counts["mentees"] == 2 and counts["open"]


def test_a_ranking_is_checked_field_by_field(mail_app):
    admin, ids = ranking_world(mail_app, mentors=[(1, 5)] * 6, mentees=2)
    e0 = sign_in(mail_app, "e0@example.org")
    shown = [s["mentor"]["id"] for s in section(e0)["suggestions"]]
    too_many = rank(e0, shown[:6])
    assert too_many.status_code == 422 and too_many.get_json()["field"] == "ranked"
    assert "at most 5" in too_many.get_json()["message"]
    twice = rank(e0, [shown[0], shown[0]])
    assert twice.status_code == 422 and twice.get_json()["field"] == "ranked"
    stranger = rank(e0, [ids["e1"]])
    assert stranger.status_code == 422 and stranger.get_json()["field"] == "ranked"
    not_a_list = e0.put("/api/me/choices", json={"cohort": "c1", "ranked": "m0"},
                        headers={"X-Requested-With": "tandem"})
    assert not_a_list.status_code == 422 and not_a_list.get_json()["field"] == "ranked"
    assert rank(e0, [shown[0]], cohort="nope").status_code == 404
    assert rankings.get("c1", ids["e0"]) is None  # nothing half-written
    # Fewer suggestions than N elsewhere: only her own suggestions count.
    programs.Program(id="p1").update(actions=[programs.Program.stable_choices.set(2)],
                                     add_version_condition=False)
    assert rank(e0, shown[:3]).get_json()["field"] == "ranked"
    assert rank(e0, shown[:2]).status_code == 200


def test_rankings_close_on_the_matching_date_and_once_matched(mail_app):
    admin, ids = ranking_world(mail_app)
    e0 = sign_in(mail_app, "e0@example.org")
    shown = [s["mentor"]["id"] for s in section(e0)["suggestions"]]
    assert rank(e0, shown).status_code == 200
    set_deadline(utc_today().isoformat())
    late = rank(e0, shown[:1])
    assert late.status_code == 409 and late.get_json()["field"] == "cohort"
    assert "closed when matching began" in late.get_json()["message"]
    assert section(e0)["open"] is False and section(e0)["ranked"] == shown
    set_deadline(NEXT_WEEK)
    resp = post(admin, "/api/admin/cohorts/c1/runs", {})
    assert wait_for(admin, resp.get_json()["run"])["status"] == "complete"
    after = rank(e0, shown[:1])
    assert after.status_code == 409 and "has been matched" in after.get_json()["message"]


def test_a_mentor_ranks_only_the_mentees_who_ranked_her(mail_app):
    admin, ids = ranking_world(mail_app)
    m0 = sign_in(mail_app, "m0@example.org")
    assert section(m0)["asked_by"] == []
    assert rank(m0, [ids["e0"]]).get_json()["field"] == "ranked"
    e0 = sign_in(mail_app, "e0@example.org")
    assert rank(e0, [ids["m1"], ids["m0"]]).status_code == 200
    asked = section(m0)["asked_by"]
    assert [(a["mentee"]["name"], a["choice"]) for a in asked] == [("Mentee 0", 2)]
    assert rank(m0, [ids["e0"]]).status_code == 200
    assert rank(m0, [ids["e0"], ids["e1"]]).get_json()["field"] == "ranked"


def test_matching_needs_the_suggestions_out_first(mail_app):
    admin = admin_of(mail_app)
    make_cohort()
    enrol("mentor", "Mentor 0", "m0@example.org")
    enrol("mentee", "Mentee 0", "e0@example.org")
    programs.move_status("c1", "matching")  # as an import would: no suggestions made
    assert put_policy(admin, STABLE).status_code == 200
    resp = post(admin, "/api/admin/cohorts/c1/runs", {})
    assert resp.status_code == 409 and "no suggestions to rank" in resp.get_json()["message"]
    assert post(admin, "/api/admin/cohorts/c1/runs", {"suggest": True}).status_code == 202


def blocking_pairs(proposal, given, mentor_own, scores, capacity):
    """Brute force: every (mentee, mentor) pair that would both rather be together."""
    mentor_of = {m["mentee"]: m["mentor"] for m in proposal["matches"]}
    held: dict[str, list[str]] = {}
    for e, m in mentor_of.items():
        held.setdefault(m, []).append(e)

    def key(m, e):  # lower is better for mentor m
        own = mentor_own.get(m, [])
        return (own.index(e) if e in own else len(own), -scores[(e, m)], e)

    found = []
    for e, ranked in given.items():
        mine = mentor_of.get(e)
        better = ranked[:ranked.index(mine)] if mine in ranked else ranked
        for m in better:
            takes = held.get(m, [])
            if len(takes) < capacity[m] or any(key(m, e) < key(m, x) for x in takes):
                found.append((e, m))
    return found


def test_the_run_makes_a_stable_proposal_that_publishing_turns_into_matches(mail_app):
    levels = [(1 + i % 2, 3 + i % 4) for i in range(5)]
    admin, ids = ranking_world(mail_app, mentors=levels, mentees=9)
    source = rankings.suggest_run("c1")
    given = {}
    for i in range(9):
        client = sign_in(mail_app, f"e{i}@example.org")
        shown = [s["mentor"]["id"] for s in section(client)["suggestions"]]
        mine = [shown[(i + k) % len(shown)] for k in range(1 + i % 4)]  # 1 to 4 choices
        assert rank(client, mine).status_code == 200
        given[ids[f"e{i}"]] = mine
    m0 = sign_in(mail_app, "m0@example.org")
    asked = [a["mentee"]["id"] for a in section(m0)["asked_by"]]
    own = {ids["m0"]: list(reversed(asked))}
    assert rank(m0, own[ids["m0"]]).status_code == 200
    run = match_and_publish(admin)
    assert run["stats"]["stable"]["mentees_ranked"] == 9
    proposal = admin.get("/api/admin/cohorts/c1/proposal").get_json()
    assert proposal["published"] and proposal["run"] == run["run"]
    scores = {(e, s["mentor"]): s["score"]
              for e, items in suggested.all_suggestions(source).items() for s in items}
    capacity = {p["id"]: p["capacity"] for p in participants.list_participants("c1")
                if p["role"] == "mentor"}
    assert blocking_pairs(proposal, given, own, scores, capacity) == []
    for m in proposal["matches"]:
        assert m["choice"] == given[m["mentee"]].index(m["mentor"]) + 1
    matched = {m["mentee"] for m in proposal["matches"]}
    assert matched | {u["mentee"] for u in proposal["unmatched"]} == set(given)
    # Published: the cohort's matches are the proposal's pairs.
    from functions.domain import participant_matches
    published, waiting = participant_matches.published_pairs("c1")
    assert {(m["mentee"], m["mentor"]) for m in published} == \
        {(m["mentee"], m["mentor"]) for m in proposal["matches"]}
    assert {u["mentee"] for u in waiting} == set(given) - matched

def test_everyone_reads_why_she_got_whom(mail_app):
    admin, ids = ranking_world(mail_app, mentors=[(1, 5), (1, 5)], mentees=3)
    clients = {k: sign_in(mail_app, f"{k}@example.org") for k in ("e0", "e1", "e2", "m0")}
    assert rank(clients["e0"], [ids["m0"]]).status_code == 200
    assert rank(clients["e1"], [ids["m0"], ids["m1"]]).status_code == 200
    # e2 ranks nobody.
    assert rank(clients["m0"], [ids["e0"], ids["e1"]]).status_code == 200
    assert section(clients["e1"])["outcome"] is None
    match_and_publish(admin)
    e0, e1, e2 = (section(clients[k])["outcome"] for k in ("e0", "e1", "e2"))
    assert e0 == {"choice": 1, "lines": ["Mentor 0: your 1st choice."]}
    assert e1["choice"] == 2 and e1["lines"] == [
        "Mentor 1: your 2nd choice; your 1st choice, Mentor 0, gave every seat to people "
        "they ranked higher."]
    assert e2["choice"] is None and "ranked no mentors" in e2["lines"][0]
    assert "waiting list" in e2["lines"][0]
    [said] = section(clients["m0"])["outcome"]["lines"]
    assert said == ("Mentee 0 ranked you 1st; you rank them 1st of the 2 who ranked you, "
                    "by your own ranking.")
    proposal = admin.get("/api/admin/cohorts/c1/proposal").get_json()
    [lost] = proposal["unmatched"]
    assert lost["mentee"] == ids["e2"] and lost["kind"] == "not_ranked"


def test_a_mentee_whose_choices_are_full_is_told_she_waits(mail_app):
    admin, ids = ranking_world(mail_app, mentors=[(1, 5)], mentees=2)
    e0, e1 = (sign_in(mail_app, f"e{i}@example.org") for i in range(2))
    assert rank(e0, [ids["m0"]]).status_code == 200
    assert rank(e1, [ids["m0"]]).status_code == 200
    match_and_publish(admin)
    outcomes = [section(c)["outcome"] for c in (e0, e1)]
    waiting = next(o for o in outcomes if o["choice"] is None)
    assert waiting["lines"][0].startswith(
        "None of your choices had a seat left for you; you are on the waiting list")


def test_on_the_matching_date_the_schedule_makes_the_stable_proposal(mail_app):
    from functions.jobs import schedule
    admin, ids = ranking_world(mail_app, mentors=[(1, 5), (1, 5)], mentees=2)
    e0 = sign_in(mail_app, "e0@example.org")
    assert rank(e0, [ids["m1"], ids["m0"]]).status_code == 200
    set_deadline(utc_today().isoformat())
    summary = schedule.run_scheduled_match(mail_app.config["TANDEM"], today=utc_today())
    assert summary["cohort_ids"] == ["c1"] and summary["proposals"] == 1
    proposal = admin.get("/api/admin/cohorts/c1/proposal").get_json()
    assert proposal["stats"]["stable"]["mentees_ranked"] == 1
    assert [(m["mentee"], m["mentor"], m["choice"]) for m in proposal["matches"]] == \
        [(ids["e0"], ids["m1"], 1)]
    [waiting] = proposal["unmatched"]
    assert waiting["mentee"] == ids["e1"] and waiting["kind"] == "not_ranked"


def test_everyone_is_told_by_e_mail_that_ranking_is_open(mail_app):
    from functions import notify
    ranking_world(mail_app, mentors=[(1, 5)], mentees=2)
    deadline = time.monotonic() + 10
    while True:
        sent = {m["To"]: m for m in notify.outbox(mail_app.config["TANDEM"])}
        if len(sent) >= 3 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    mentee = sent["e0@example.org"]
    assert mentee["Subject"] == "Test program: rank your suggested mentors"
    text = mentee.get_content()
    assert "Rank up to 5 of them" in text and f"matching starts on {NEXT_WEEK}" in text
    assert "http://portal.test/me.html" in text
    assert sent["m0@example.org"]["Subject"] == "Test program: mentees are ranking their mentors"


def test_a_ranking_may_leave_out_the_cohort_when_she_ranks_in_one(mail_app):
    admin, ids = ranking_world(mail_app)
    e0 = sign_in(mail_app, "e0@example.org")
    resp = e0.put("/api/me/choices", json={"ranked": [ids["m1"]]}, headers=HEADERS)
    assert resp.status_code == 200 and resp.get_json()["cohort"] == "c1"
    assert section(e0)["ranked"] == [ids["m1"]]
    set_deadline(utc_today().isoformat())
    closed = e0.put("/api/me/choices", json={"ranked": [ids["m0"]]}, headers=HEADERS)
    assert closed.status_code == 409 and closed.get_json()["field"] == "cohort"


def test_another_mode_s_cohort_page_learns_only_that(admin_client):
    make_cohort()
    assert admin_client.get("/api/admin/cohorts/c1/ranking").get_json() == {"stable": False}
