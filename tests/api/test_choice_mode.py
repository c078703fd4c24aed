"""Choice mode: mentees request one of their suggested mentors, mentors accept
or decline, seats are taken by a transaction (refusals and the mentor pause:
test_choice_rules.py)."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from functions import notify
from functions.db import choices as store, participants, programs
from functions.db import suggestions as suggested
from functions.domain import matching_runs
from functions.vocab.dates import utc_today
from tests.api.choice_helpers import CHOICE, ask, choice, decide, mail_to, published_choice
from tests.api.participant_helpers import mail_app, sign_in  # noqa: F401
from tests.api.run_helpers import POLICY, match_now, populate, put_policy
from tests.conftest import post

TOMORROW = (utc_today() + timedelta(days=1)).isoformat()


def test_a_choice_mode_run_stores_every_mentees_suggestions_as_suggest_gives_them(mail_app):
    from functions.matching import suggest
    w = published_choice(mail_app, publish=False)
    stored = suggested.all_suggestions(w["run"])
    cohort, _ = matching_runs.engine_input("c1", CHOICE)
    assert sorted(stored) == sorted(p["id"] for p in cohort["mentees"])
    for mentee in cohort["mentees"]:
        assert stored[mentee["id"]] == suggest(cohort, mentee["id"], 5)
    assert all(1 <= len(v) <= 5 for v in stored.values())
    # The proposal is still there for the admin, unchanged in shape.
    proposal = w["admin"].get("/api/admin/cohorts/c1/proposal").get_json()
    assert proposal["matches"] and set(proposal["matches"][0]) == {
        "mentee", "mentor", "score", "reasons", "locked", "forbidden"}


def test_an_admin_mode_run_stores_no_suggestions(admin_client):
    populate()
    put_policy(admin_client, POLICY)
    run = match_now(admin_client)
    assert suggested.all_suggestions(run["run"]) == {}


def test_publishing_tells_mentees_to_choose_and_mentors_to_expect_requests(mail_app):
    w = published_choice(mail_app)
    deadline = time.monotonic() + 30
    while len(notify.outbox(mail_app.config["TANDEM"])) < len(w["people"]):
        assert time.monotonic() < deadline, "publishing's e-mail did not arrive"
        time.sleep(0.1)
    for email, p in w["people"].items():
        [msg] = mail_to(mail_app, email)
        text = msg.get_content()
        assert "http://portal.test/me.html" in text and "match.html" not in text
        if p["role"] == "mentee":
            assert "choose a mentor" in msg["Subject"]
        else:
            assert "can now ask you" in msg["Subject"]


def test_a_mentee_sees_her_suggestions_with_reasons_and_seats_but_no_addresses(mail_app):
    w = published_choice(mail_app)
    e0 = w["people"]["e0@example.org"]
    view = choice(sign_in(mail_app, "e0@example.org")).get_json()
    assert view["role"] == "mentee" and view["request"] is None
    stored = suggested.suggestions_for(w["run"], e0["id"])
    assert [s["mentor"]["id"] for s in view["suggestions"]] == [s["mentor"] for s in stored]
    names = {p["id"]: p["name"] for p in w["people"].values()}
    for shown, kept in zip(view["suggestions"], stored):
        assert shown["mentor"]["name"] == names[kept["mentor"]]
        assert shown["score"] == kept["score"] and shown["reasons"] == kept["reasons"]
        assert shown["seats_left"] >= 1 and shown["paused_until"] is None
    assert "@" not in str(view)


def test_a_request_an_acceptance_and_the_match_with_its_journal(mail_app):
    w = published_choice(mail_app)
    e0 = w["people"]["e0@example.org"]
    mentee = sign_in(mail_app, "e0@example.org")
    first = choice(mentee).get_json()["suggestions"][0]["mentor"]
    mentor_email = next(e for e, p in w["people"].items() if p["id"] == first["id"])
    made = ask(mentee, first["id"])
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["status"] == "requested"
    assert choice(mentee).get_json()["request"]["status"] == "requested"
    assert any("asks you" in m["Subject"] for m in mail_to(mail_app, mentor_email))

    mentor = sign_in(mail_app, mentor_email)
    seen = choice(mentor).get_json()
    assert seen["role"] == "mentor" and seen["taken"] == 0
    [req] = seen["requests"]
    # Her name and profile (none given here), no e-mail address.
    assert req["mentee"] == {"id": e0["id"], "name": e0["name"], "job_title": None,
                             "bio": None, "answers": []} and req["status"] == "requested"
    assert req["reasons"] and "@" not in str(seen)
    # Before acceptance: no match for either.
    assert mentee.get("/api/me").get_json()["matches"] == []
    answer = decide(mentor, e0["id"], "accept")
    assert answer.status_code == 200 and answer.get_json()["status"] == "accepted"
    assert choice(mentor).get_json()["taken"] == 1
    assert any("accepted" in m["Subject"] for m in mail_to(mail_app, "e0@example.org"))

    [match] = mentee.get("/api/me").get_json()["matches"]
    assert match["id"] == f"c1.{e0['id']}"
    [partner] = match["partners"]
    assert partner["email"] == mentor_email and partner["why"][0]["reasons"] == req["reasons"]
    assert match["id"] in [m["id"] for m in mentor.get("/api/me").get_json()["matches"]]
    page = mentee.get(f"/api/matches/{match['id']}")
    assert page.status_code == 200
    goal = post(mentee, f"/api/matches/{match['id']}/goals",
                {"title": "Learn SQL", "target_date": TOMORROW})
    assert goal.status_code == 201, goal.get_json()
    # The proposal's pairs are not matches in a choice-mode cohort.
    other = sign_in(mail_app, "e1@example.org")
    assert other.get("/api/me").get_json()["matches"] == []


def test_request_rules_suggestions_only_one_open_request(mail_app):
    w = published_choice(mail_app)
    mentee = sign_in(mail_app, "e0@example.org")
    e1 = w["people"]["e1@example.org"]["id"]
    for bad in ("nobody", e1):
        resp = ask(mentee, bad)
        assert resp.status_code == 422 and resp.get_json()["field"] == "mentor", bad
    wrong_type = post(mentee, "/api/cohorts/c1/choice/requests", {"mentor": 7})
    assert wrong_type.status_code == 422 and wrong_type.get_json()["field"] == "mentor"
    mentors = [s["mentor"]["id"] for s in choice(mentee).get_json()["suggestions"]]
    assert ask(mentee, mentors[0]).status_code == 201
    again = ask(mentee, mentors[1])
    assert again.status_code == 409 and again.get_json()["field"] == "mentor"
    assert choice(mentee).get_json()["request"]["mentor"]["id"] == mentors[0]
    # A mentor cannot request.
    assert ask(sign_in(mail_app, "m0@example.org"), mentors[0]).status_code == 403


def test_a_declined_mentee_chooses_again_but_not_the_one_who_declined(mail_app):
    w = published_choice(mail_app)
    e0 = w["people"]["e0@example.org"]["id"]
    mentee = sign_in(mail_app, "e0@example.org")
    first, second = [s["mentor"]["id"] for s in choice(mentee).get_json()["suggestions"][:2]]
    by_id = {p["id"]: e for e, p in w["people"].items()}
    ask(mentee, first)
    mentor = sign_in(mail_app, by_id[first])
    resp = decide(mentor, e0, "decline")
    assert resp.status_code == 200 and resp.get_json()["status"] == "declined"
    assert choice(mentee).get_json()["request"]["status"] == "declined"
    assert any("declined" in m["Subject"] for m in mail_to(mail_app, "e0@example.org"))
    assert decide(mentor, e0, "accept").status_code == 409  # decided already
    same = ask(mentee, first)
    assert same.status_code == 422 and same.get_json()["field"] == "mentor"
    assert ask(mentee, second).status_code == 201
    assert choice(mentor).get_json()["requests"] == []


def test_a_full_mentor_refuses_new_requests_and_further_acceptances(mail_app):
    w = published_choice(mail_app, mentors=1, mentees=3)  # m0 has capacity 1
    m0 = w["people"]["m0@example.org"]
    clients = {e: sign_in(mail_app, e) for e in ("e0@example.org", "e1@example.org",
                                                  "e2@example.org")}
    assert ask(clients["e0@example.org"], m0["id"]).status_code == 201
    assert ask(clients["e1@example.org"], m0["id"]).status_code == 201
    mentor = sign_in(mail_app, "m0@example.org")
    ids = {e: w["people"][e]["id"] for e in clients}
    assert decide(mentor, ids["e0@example.org"], "accept").status_code == 200
    full = decide(mentor, ids["e1@example.org"], "accept")
    assert full.status_code == 409 and full.get_json()["field"] == "seats"
    assert store.get_request("c1", ids["e1@example.org"])["status"] == "requested"
    [s] = choice(clients["e2@example.org"]).get_json()["suggestions"]
    assert s["seats_left"] == 0
    refused = ask(clients["e2@example.org"], m0["id"])
    assert refused.status_code == 422 and refused.get_json()["field"] == "mentor"
    assert store.requests_to("c1", m0["id"])[0] == 1


def test_twenty_concurrent_acceptances_never_overfill_a_mentor(mail_app):
    """A mentor of capacity 3 with 20 pending requests accepts them all at once."""
    from functions.domain import choices
    w = published_choice(mail_app, mentors=1, mentees=20, publish=False)
    star = w["people"]["m0@example.org"]
    participants.Participant(cohort_id="c1", email="m0@example.org").update(
        actions=[participants.Participant.capacity.set(3)], add_version_condition=False)
    assert post(w["admin"], "/api/admin/cohorts/c1/publish", {}).status_code == 200
    settings = mail_app.config["TANDEM"]
    mentees = [p for p in w["people"].values() if p["role"] == "mentee"]
    assert len(mentees) == 20
    for p in mentees:
        choices.request(settings, "c1", p["email"], star["id"])
    cookie = sign_in(mail_app, "m0@example.org").get_cookie("tandem_participant",
                                                             path="/api/")
    clients = []
    for _ in mentees:
        c = mail_app.test_client()
        c.set_cookie("tandem_participant", cookie.value, path="/api/")
        clients.append(c)
    start = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def accept(k):
        start.wait()
        answers[k] = decide(clients[k], mentees[k]["id"], "accept").status_code

    threads = [threading.Thread(target=accept, args=(k,)) for k in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200] * 3 + [409] * 17
    taken, requests = store.requests_to("c1", star["id"])
    assert taken == 3
    assert sorted(r["status"] for r in requests) == ["accepted"] * 3 + ["requested"] * 17
    accepted = {r["mentee"] for r in requests if r["status"] == "accepted"}
    assert accepted == {mentees[k]["id"] for k in range(20) if answers[k] == 200}


@pytest.mark.parametrize("program_type", ["group"])
def test_a_group_programs_accepted_mentees_share_one_match(mail_app, program_type):
    w = published_choice(mail_app, mentors=1, mentees=3)
    programs.Program(id="p1").update(actions=[programs.Program.type.set(program_type)],
                                     add_version_condition=False)
    participants.Participant(cohort_id="c1", email="m0@example.org").update(
        actions=[participants.Participant.capacity.set(3)], add_version_condition=False)
    m0 = w["people"]["m0@example.org"]["id"]
    for e in ("e0@example.org", "e1@example.org"):
        assert ask(sign_in(mail_app, e), m0).status_code == 201
    mentor = sign_in(mail_app, "m0@example.org")
    for e in ("e0@example.org", "e1@example.org"):
        assert decide(mentor, w["people"][e]["id"], "accept").status_code == 200
    [group] = mentor.get("/api/me").get_json()["matches"]
    assert group["id"] == f"c1.{m0}"
    assert sorted(p["name"] for p in group["partners"]) == ["Mentee 0", "Mentee 1"]
    [same] = sign_in(mail_app, "e1@example.org").get("/api/me").get_json()["matches"]
    assert same["id"] == group["id"]


def test_a_withdrawn_mentee_cannot_be_accepted_and_an_erased_one_leaves_no_request(mail_app):
    w = published_choice(mail_app, mentors=1, mentees=2)
    m0 = w["people"]["m0@example.org"]["id"]
    e0, e1 = (w["people"][f"e{i}@example.org"]["id"] for i in (0, 1))
    for i in (0, 1):
        assert ask(sign_in(mail_app, f"e{i}@example.org"), m0).status_code == 201
    assert post(w["admin"], f"/api/admin/cohorts/c1/participants/{e0}/withdraw",
                {}).status_code == 200
    mentor = sign_in(mail_app, "m0@example.org")
    left = decide(mentor, e0, "accept")
    assert left.status_code == 409 and left.get_json()["field"] == "request"
    assert store.requests_to("c1", m0)[0] == 0
    e1_client = sign_in(mail_app, "e1@example.org")
    [mine] = e1_client.get("/api/me/export").get_json()["mentor_requests"]
    assert mine["mentor"] == m0 and mine["status"] == "requested" and mine["cohort"] == "c1"
    erased = e1_client.delete(
        "/api/me", json={"confirm": True}, headers={"X-Requested-With": "tandem"})
    assert erased.status_code == 200
    assert store.get_request("c1", e1) is None
    assert [r["mentee"]["id"] for r in choice(mentor).get_json()["requests"]] == [e0]


