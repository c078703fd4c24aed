"""A mentee's choice, said honestly and reversible while it waits: each card
says what the pair has in common and where it differs, and a request not yet
answered can be taken back (the mentor is told) so she can ask someone else."""
from __future__ import annotations

from functions.db import choices as store
from tests.api.participant_helpers import mail_app, sign_in  # noqa: F401 (fixture)
from tests.api.choice_helpers import ask, choice, decide, mail_to, published_choice


def take_back(client, cohort="c1"):
    return client.delete(f"/api/cohorts/{cohort}/choice/requests/mine", json={},
                         headers={"X-Requested-With": "tandem"})


def test_a_waiting_request_is_taken_back_the_mentor_told_and_another_asked(mail_app):  # noqa: F811
    w = published_choice(mail_app)
    by_id = {p["id"]: e for e, p in w["people"].items()}
    e0 = w["people"]["e0@example.org"]["id"]
    mentee = sign_in(mail_app, "e0@example.org")
    first, second = [s["mentor"]["id"] for s in choice(mentee).get_json()["suggestions"][:2]]
    assert ask(mentee, first).status_code == 201
    mentor = sign_in(mail_app, by_id[first])
    assert [r["mentee"]["id"] for r in choice(mentor).get_json()["requests"]] == [e0]

    resp = take_back(mentee)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {"mentor": {"id": first, "name": w["people"][by_id[first]]["name"]},
                               "status": "cancelled"}
    assert choice(mentee).get_json()["request"]["status"] == "cancelled"
    assert choice(mentor).get_json()["requests"] == []  # nothing left to answer
    told = [m for m in mail_to(mail_app, by_id[first]) if "taken back" in m["Subject"]]
    assert len(told) == 1
    # Nothing waits now: a second take-back is 404, an answer to the old one 409.
    again = take_back(mentee)
    assert again.status_code == 404 and again.get_json()["field"] == "request"
    assert decide(mentor, e0, "accept").status_code == 409
    # She may ask anyone again, the same mentor included (nobody declined her).
    assert ask(mentee, second).status_code == 201
    assert store.get_request("c1", e0)["mentor"] == second


def test_an_accepted_request_stays_and_only_a_mentee_takes_back(mail_app):  # noqa: F811
    w = published_choice(mail_app)
    by_id = {p["id"]: e for e, p in w["people"].items()}
    e0 = w["people"]["e0@example.org"]["id"]
    mentee = sign_in(mail_app, "e0@example.org")
    target = choice(mentee).get_json()["suggestions"][0]["mentor"]["id"]
    ask(mentee, target)
    mentor = sign_in(mail_app, by_id[target])
    assert decide(mentor, e0, "accept").status_code == 200
    resp = take_back(mentee)
    assert resp.status_code == 409 and "close it on its page" in resp.get_json()["message"]
    assert store.get_request("c1", e0)["status"] == "accepted"
    assert take_back(mentor).status_code == 403
    assert mail_app.test_client().delete(  # signed out
        "/api/cohorts/c1/choice/requests/mine", json={},
        headers={"X-Requested-With": "tandem"}).status_code == 401


def test_each_card_says_what_the_pair_shares_and_where_it_differs(mail_app):  # noqa: F811
    published_choice(mail_app)
    mentee = sign_in(mail_app, "e0@example.org")
    cards = choice(mentee).get_json()["suggestions"]
    assert cards
    for card in cards:
        details = [r["detail"] for r in card["reasons"]]
        fit = card["fit"]
        # Every reason once, under one heading, none lost or repeated.
        assert sorted(fit["common"] + fit["different"] + fit["unknown"]) == sorted(details)
        assert all(d.startswith(("shares ", "same ")) for d in fit["common"])
        assert not any(d.startswith(("shares ", "same ")) for d in fit["different"])
