"""Choice mode's loose ends: a seat comes back when an accepted mentee leaves,
the admin's reports read the accepted requests, /api/me marks choice
enrolments, and the admin's view of a choice cohort."""
from __future__ import annotations

import csv
import io
import threading

from functions.db import choices as store
from functions.db.base import transact
from functions.domain import choices, equity
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.api.choice_helpers import ask, decide, published_choice
from tests.conftest import AuthActions, admin_of, post


def withdraw(admin, pid):
    return post(admin, f"/api/admin/cohorts/c1/participants/{pid}/withdraw", {})


def accept_first(app, w, mentee_email) -> dict:
    """The mentee asks her first suggested mentor with a seat left, who accepts."""
    settings = app.config["TANDEM"]
    me = w["people"][mentee_email]
    view = choices.view("c1", mentee_email)
    target = next(s["mentor"]["id"] for s in view["suggestions"] if s["seats_left"] > 0)
    mentor_email = next(e for e, p in w["people"].items() if p["id"] == target)
    choices.request(settings, "c1", mentee_email, target)
    choices.decide(settings, "c1", mentor_email, me["id"], "accept")
    return {"mentee": me["id"], "mentor": target, "mentor_email": mentor_email}


def taken(mentor_id) -> int:
    return store.requests_to("c1", mentor_id)[0]


# -- a seat comes back ------------------------------------------------------------

def test_withdrawing_an_accepted_mentee_gives_her_mentors_seat_back_once(mail_app):
    w = published_choice(mail_app, mentors=1, mentees=3)  # m0 has capacity 1
    m0 = w["people"]["m0@example.org"]["id"]
    e0, e1, e2 = (w["people"][f"e{i}@example.org"]["id"] for i in range(3))
    for i in (0, 1):
        assert ask(sign_in(mail_app, f"e{i}@example.org"), m0).status_code == 201
    mentor = sign_in(mail_app, "m0@example.org")
    assert decide(mentor, e0, "accept").status_code == 200
    assert decide(mentor, e1, "accept").status_code == 409  # full
    stale = store.leaving("c1", e0)  # what a withdrawal read before this one wrote

    resp = withdraw(w["admin"], e0)
    assert resp.status_code == 200 and resp.get_json()["status"] == "withdrawn"
    assert store.get_request("c1", e0)["status"] == "withdrawn"
    assert taken(m0) == 0
    assert mentor.get("/api/me").get_json()["matches"] == []  # her match ended with her
    assert decide(mentor, e0, "accept").status_code == 409
    assert decide(mentor, e1, "accept").status_code == 200  # the seat is hers now
    assert taken(m0) == 1

    again = withdraw(w["admin"], e0)
    assert again.status_code == 409 and again.get_json()["field"] == "participant"
    assert store.leaving("c1", e0) is None
    assert transact(stale)[0] == "ConditionalCheckFailed"  # no longer accepted as read
    assert taken(m0) == 1
    third = ask(sign_in(mail_app, "e2@example.org"), m0)
    assert third.status_code == 422 and third.get_json()["field"] == "mentor"
    assert store.get_request("c1", e2) is None


def test_two_withdrawals_at_once_give_one_seat_back(mail_app):
    w = published_choice(mail_app, mentors=1, mentees=2)
    m0 = w["people"]["m0@example.org"]["id"]
    e0 = accept_first(mail_app, w, "e0@example.org")["mentee"]
    assert taken(m0) == 1
    second = mail_app.test_client()
    assert AuthActions(second).login().status_code == 200
    admins = [w["admin"], second]
    start = threading.Barrier(2)
    answers = [None, None]

    def go(k):
        start.wait()
        answers[k] = withdraw(admins[k], e0).status_code

    threads = [threading.Thread(target=go, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409]
    assert taken(m0) == 0 and store.get_request("c1", e0)["status"] == "withdrawn"


def test_an_accepted_mentee_who_erases_herself_gives_the_seat_back_once(mail_app):
    w = published_choice(mail_app, mentors=1, mentees=2)
    m0 = w["people"]["m0@example.org"]["id"]
    e0 = accept_first(mail_app, w, "e0@example.org")["mentee"]
    stale = store.leaving("c1", e0, erase=True)
    erased = sign_in(mail_app, "e0@example.org").delete(
        "/api/me", json={"confirm": True}, headers={"X-Requested-With": "tandem"})
    assert erased.status_code == 200
    assert store.get_request("c1", e0) is None and taken(m0) == 0
    assert transact(stale)[0] == "ConditionalCheckFailed"  # repeated: nothing more back
    store.forget_mentee("c1", e0)
    assert taken(m0) == 0
    accept_first(mail_app, w, "e1@example.org")
    assert taken(m0) == 1


# -- the admin's reports read the accepted requests ---------------------------------

def test_reports_equity_export_and_filter_show_exactly_the_accepted_requests(mail_app,
                                                                              monkeypatch):
    w = published_choice(mail_app)  # 4 mentors, 9 mentees: the proposal pairs many
    admin = w["admin"]
    proposal = admin.get("/api/admin/cohorts/c1/proposal").get_json()["matches"]
    assert len(proposal) > 2
    pairs = [accept_first(mail_app, w, f"e{i}@example.org") for i in (0, 1)]
    expected = sorted((p["mentee"], p["mentor"]) for p in pairs)
    free = next(s["mentor"]["id"] for s in choices.view("c1", "e2@example.org")["suggestions"]
                if s["seats_left"] > 0)
    assert ask(sign_in(mail_app, "e2@example.org"), free).status_code == 201

    report = admin.get("/api/admin/cohorts/c1/report").get_json()
    assert report["matches"] == 2 and report["unmatched"] == 7
    charts = {c["id"]: c for c in report["charts"]}
    assert sum(n for _, n in charts["scores"]["rows"]) == 2
    assert dict(charts["unmatched"]["rows"]) == {"has not asked a mentor yet": 6,
                                                 "waiting for the mentor's answer": 1}
    program = admin.get("/api/admin/programs/p1/report").get_json()
    assert program["matches"] == 2

    names = {p["id"]: p["name"] for p in w["people"].values()}
    rows = list(csv.reader(io.StringIO(
        admin.get("/api/admin/cohorts/c1/matches.csv").get_data(as_text=True))))[1:]
    assert sorted((r[0], r[2]) for r in rows) == sorted((names[e], names[m])
                                                         for e, m in expected)

    matched = admin.get("/api/admin/cohorts/c1/participants?matched=true").get_json()
    assert sorted(p["id"] for p in matched) == sorted({i for pair in expected for i in pair})

    # Equity's counts under 10 are hidden: watch which matches it tabulates.
    seen = {}
    real_tables = equity.tables

    def tables(mentees, self_ids, scores):
        seen["scores"] = scores
        return real_tables(mentees, self_ids, scores)

    monkeypatch.setattr(equity, "tables", tables)
    audit = admin.get("/api/admin/cohorts/c1/equity")
    assert audit.status_code == 200 and audit.get_json()["run"] == w["run"]
    assert sorted(seen["scores"]) == sorted(e for e, _ in expected)


# -- /api/me says which enrolments have a choice page --------------------------------

def test_me_marks_choice_enrolments(mail_app):
    w = published_choice(mail_app, mentors=1, mentees=2)
    for email in ("e0@example.org", "m0@example.org"):
        [enrolment] = sign_in(mail_app, email).get("/api/me").get_json()["enrolments"]
        assert enrolment["choice"] is True and enrolment["cohort"] == "c1"
    assert withdraw(w["admin"], w["people"]["e1@example.org"]["id"]).status_code == 200
    [gone] = sign_in(mail_app, "e1@example.org").get("/api/me").get_json()["enrolments"]
    assert gone["choice"] is False  # withdrawn: no choice page (it would be 404)


def test_me_marks_admin_mode_enrolments_as_not_choice(mail_app):
    world()  # c1 and c2 published in admin mode, Maya in both
    enrolments = sign_in(mail_app, "maya@example.org").get("/api/me").get_json()["enrolments"]
    assert sorted(e["cohort"] for e in enrolments) == ["c1", "c2"]
    assert [e["choice"] for e in enrolments] == [False, False]


# -- the admin's view of a choice cohort ---------------------------------------------

def test_admin_overview_counts_requests_and_shows_every_mentors_seats(mail_app):
    w = published_choice(mail_app, mentors=2, mentees=4)  # m0 capacity 1, m1 capacity 2
    admin = w["admin"]
    empty = admin.get("/api/admin/cohorts/c1/choices").get_json()
    assert {k: empty[k] for k in ("requested", "accepted", "declined",
                                  "mentees_without_request")} == {
        "requested": 0, "accepted": 0, "declined": 0, "mentees_without_request": 4}
    assert sorted((m["name"], m["capacity"], m["taken"], m["pending"])
                  for m in empty["mentors"]) == [("Mentor 0", 1, 0, 0), ("Mentor 1", 2, 0, 0)]
    ids = {e: p["id"] for e, p in w["people"].items()}
    settings = mail_app.config["TANDEM"]
    accepted = accept_first(mail_app, w, "e0@example.org")
    choices.request(settings, "c1", "e1@example.org", ids["m1@example.org"])
    choices.request(settings, "c1", "e2@example.org", ids["m1@example.org"])
    choices.decide(settings, "c1", "m1@example.org", ids["e2@example.org"], "decline")
    choices.pause("c1", "m1@example.org", "2099-01-01")

    view = admin.get("/api/admin/cohorts/c1/choices").get_json()
    assert (view["requested"], view["accepted"], view["declined"],
            view["mentees_without_request"]) == (1, 1, 1, 1)
    mentors = {m["id"]: m for m in view["mentors"]}
    assert mentors[accepted["mentor"]]["taken"] == 1
    assert mentors[ids["m1@example.org"]]["pending"] == 1
    assert mentors[ids["m1@example.org"]]["paused_until"] == "2099-01-01"
    assert set(mentors[ids["m0@example.org"]]) == {"id", "name", "capacity", "taken",
                                                   "paused_until", "pending"}
    assert "@" not in str(view["mentors"])


def test_admin_overview_is_404_unless_published_in_choice_mode_and_needs_an_admin(mail_app):
    w = published_choice(mail_app, publish=False)
    admin = w["admin"]
    assert admin.get("/api/admin/cohorts/c1/choices").status_code == 404  # in review
    assert admin.get("/api/admin/cohorts/c1/overview").get_json()["choice"] is False
    assert admin.get("/api/admin/cohorts/nope/choices").status_code == 404
    assert mail_app.test_client().get("/api/admin/cohorts/c1/choices").status_code == 401
    assert post(admin, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    assert admin.get("/api/admin/cohorts/c1/choices").status_code == 200
    assert admin.get("/api/admin/cohorts/c1/overview").get_json()["choice"] is True
    assert sign_in(mail_app, "e0@example.org").get(
        "/api/admin/cohorts/c1/choices").status_code == 401  # a participant is no admin


def test_admin_overview_of_an_admin_mode_cohort_is_404(mail_app):
    world()
    admin = admin_of(mail_app)
    resp = admin.get("/api/admin/cohorts/c1/choices")
    assert resp.status_code == 404 and resp.get_json()["field"] == "cohort"
    assert admin.get("/api/admin/cohorts/c1/overview").get_json()["choice"] is False
