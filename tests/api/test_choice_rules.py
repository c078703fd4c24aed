"""Choice mode's refusals: bad decisions, cohorts and requests that are not the
asker's (404), and the mentor pause (shown, refused, left out of runs)."""
from __future__ import annotations

from datetime import timedelta

from functions.db import choices as store, participants
from functions.domain import matching_runs
from functions.vocab.dates import utc_today
from tests.api.choice_helpers import CHOICE, ask, choice, decide, pause, published_choice
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.api.run_helpers import POLICY
from tests.conftest import post

TOMORROW = (utc_today() + timedelta(days=1)).isoformat()


def test_decision_errors(mail_app):
    w = published_choice(mail_app)
    e0 = w["people"]["e0@example.org"]["id"]
    mentee = sign_in(mail_app, "e0@example.org")
    target = choice(mentee).get_json()["suggestions"][0]["mentor"]["id"]
    ask(mentee, target)
    by_id = {p["id"]: e for e, p in w["people"].items()}
    mentor = sign_in(mail_app, by_id[target])
    bad = decide(mentor, e0, "maybe")
    assert bad.status_code == 422 and bad.get_json()["field"] == "decision"
    assert store.get_request("c1", e0)["status"] == "requested"  # nothing changed
    other = next(e for e, p in w["people"].items()
                 if p["role"] == "mentor" and p["id"] != target)
    assert decide(sign_in(mail_app, other), e0, "accept").status_code == 404
    assert decide(mentor, "nobody", "accept").status_code == 404
    assert decide(mentee, e0, "accept").status_code == 404
    assert decide(mentor, e0, "accept").status_code == 200
    again = decide(mentor, e0, "decline")
    assert again.status_code == 409 and again.get_json()["field"] == "request"
    assert store.get_request("c1", e0)["status"] == "accepted"


def test_other_cohorts_unpublished_admin_mode_and_other_peoples_requests_are_404(mail_app):
    world()  # c1 and c2 published in admin mode, Maya in both
    maya = sign_in(mail_app, "maya@example.org")
    for cohort in ("c1", "c2", "nope"):
        assert choice(maya, cohort).status_code == 404, cohort
        assert ask(maya, "x", cohort).status_code == 404
    assert mail_app.test_client().get("/api/cohorts/c1/choice").status_code == 401


def test_a_choice_cohort_in_review_or_of_someone_else_is_404(mail_app):
    w = published_choice(mail_app, publish=False)
    e0 = sign_in(mail_app, "e0@example.org")
    assert choice(e0).status_code == 404            # not published yet
    assert post(w["admin"], "/api/admin/cohorts/c1/publish", {}).status_code == 200
    assert choice(e0).status_code == 200
    make_cohort("enrolling", "c3", "p1", "Other")
    participants.enroll("c3", role="mentee", name="Outsider", email="out@example.org",
                        answers={"wants": ["sql"], "department": "Data"}, capacity=None,
                        self_id=None)
    outsider = sign_in(mail_app, "out@example.org")
    e0_id = w["people"]["e0@example.org"]["id"]
    assert choice(outsider).status_code == 404
    assert ask(outsider, w["people"]["m0@example.org"]["id"]).status_code == 404
    assert decide(outsider, e0_id, "accept").status_code == 404
    # A withdrawn participant is out too.
    programs_admin = w["admin"]
    assert post(programs_admin, f"/api/admin/cohorts/c1/participants/{e0_id}/withdraw",
                {}).status_code == 200
    assert choice(e0).status_code == 404


def test_a_paused_mentor_is_shown_refused_and_left_out_of_runs(mail_app):
    w = published_choice(mail_app)
    mentee = sign_in(mail_app, "e0@example.org")
    target = choice(mentee).get_json()["suggestions"][0]["mentor"]["id"]
    email = next(e for e, p in w["people"].items() if p["id"] == target)
    mentor = sign_in(mail_app, email)
    resp = pause(mentor, TOMORROW)
    assert resp.status_code == 200 and resp.get_json()["paused_until"] == TOMORROW
    assert choice(mentor).get_json()["paused_until"] == TOMORROW
    shown = next(s for s in choice(mentee).get_json()["suggestions"]
                 if s["mentor"]["id"] == target)
    assert shown["paused_until"] == TOMORROW
    refused = ask(mentee, target)
    assert refused.status_code == 422 and refused.get_json()["field"] == "mentor"
    cohort, _ = matching_runs.engine_input("c1", CHOICE)
    assert target not in [m["id"] for m in cohort["mentors"]]
    assert len(cohort["mentors"]) == 3
    assert pause(mentor, None).status_code == 200
    assert ask(mentee, target).status_code == 201


def test_pause_errors(mail_app):
    published_choice(mail_app)
    mentor = sign_in(mail_app, "m0@example.org")
    yesterday = (utc_today() - timedelta(days=1)).isoformat()
    for bad in (yesterday, "2030-02-30", "tomorrow"):
        resp = pause(mentor, bad)
        assert resp.status_code == 422 and resp.get_json()["field"] == "until", bad
    assert participants.list_participants("c1")[0]["paused_until"] is None
    as_mentee = pause(sign_in(mail_app, "e0@example.org"), TOMORROW)
    assert as_mentee.status_code == 422 and as_mentee.get_json()["field"] == "cohort"
    assert pause(mentor, TOMORROW, cohort="c9").status_code == 404
    assert mail_app.test_client().put("/api/me/pause", json={"cohort": "c1", "until": None},
                                      headers={"X-Requested-With": "tandem"}
                                      ).status_code == 401


def test_engine_input_leaves_out_mentors_paused_today_with_their_pairs():
    from functions.domain import policy as rules
    people = [{"id": "m1", "role": "mentor", "capacity": 2, "answers": {},
               "paused_until": "2030-05-10"},
              {"id": "m2", "role": "mentor", "capacity": 1, "answers": {},
               "paused_until": "2030-05-09"},
              {"id": "e1", "role": "mentee", "answers": {}}]
    policy = {"criteria": POLICY["criteria"], "min_score": 0}
    pairs = {"forbid": [("e1", "m1"), ("e1", "m2")], "require": [("e1", "m1")]}
    on_the_10th = rules.engine_input(policy, people, today="2030-05-10", **pairs)
    assert [m["id"] for m in on_the_10th["mentors"]] == ["m2"]  # m2's pause ended the 9th
    assert on_the_10th["forbid"] == [["e1", "m2"]] and on_the_10th["require"] == []
    after = rules.engine_input(policy, people, today="2030-05-11", **pairs)
    assert [m["id"] for m in after["mentors"]] == ["m1", "m2"]
    assert after["require"] == [["e1", "m1"]]
