"""A match's journal: goals, milestones, meetings, feedback, check-ins, closure."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from functions.db import journal
from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, pair, sign_in, world  # noqa: F401
from tests.conftest import post

TOMORROW = (utc_today() + timedelta(days=1)).isoformat()
YESTERDAY = (utc_today() - timedelta(days=1)).isoformat()


def patch(client, url, body):
    return client.patch(url, json=body, headers={"X-Requested-With": "tandem"})


def test_goals_with_milestones_set_together_with_progress_and_history(pair):
    url, maya, omar, _ = pair
    resp = post(maya, f"{url}/goals", {"title": "Lead a design review",
                                       "success": "I run one alone", "target_date": TOMORROW})
    assert resp.status_code == 201
    goal = resp.get_json()["id"]
    ms = [post(omar, f"{url}/goals/{goal}/milestones", {"title": t}).get_json()["id"]
          for t in ("Shadow one", "Co-run one", "Run one")]
    assert patch(maya, f"{url}/goals/{goal}/milestones/{ms[0]}", {"done": True}).status_code == 200
    # Both sides edit the goal; the earlier text is kept.
    assert patch(omar, f"{url}/goals/{goal}", {"version": 1,
                                               "title": "Lead two design reviews"}).status_code == 200
    page = maya.get(url).get_json()
    [g] = page["goals"]
    assert g["title"] == "Lead two design reviews" and g["version"] == 2
    assert g["history"][0]["data"]["title"] == "Lead a design review"
    assert g["progress"] == {"done": 1, "total": 3, "percent": 33}
    assert [m["title"] for m in g["milestones"]] == ["Shadow one", "Co-run one", "Run one"]
    assert omar.get(url).get_json()["goals"] == page["goals"]
    # null in a PATCH leaves a field as it is; a stale milestone version is 409.
    assert patch(maya, f"{url}/goals/{goal}", {"version": 2, "success": None}).status_code == 200
    assert maya.get(url).get_json()["goals"][0]["success"] == "I run one alone"
    stale = patch(omar, f"{url}/goals/{goal}/milestones/{ms[0]}", {"done": False, "version": 1})
    assert stale.status_code == 409 and stale.get_json()["field"] == "version"


@pytest.mark.parametrize("path, body, field", [
    ("goals", {"title": "", "target_date": TOMORROW}, "title"),
    ("goals", {"title": "x", "target_date": YESTERDAY}, "target_date"),
    ("goals", {"title": "x", "target_date": "2030-02-30"}, "target_date"),
    ("goals", {"title": "x" * 201, "target_date": TOMORROW}, "title"),
    ("meetings", {"date": "2026-01-01", "minutes": 30, "notes": "n" * 5001}, "notes"),
    ("meetings", {"date": "2026-01-01", "minutes": "30"}, "minutes"),
    ("feedback", {"rating": 6, "text": "great"}, "rating"),
    ("feedback", {"rating": 0}, "rating"),
    ("feedback", {"rating": 4, "text": "t" * 2001}, "text"),
    ("feedback", {"rating": 4, "to": "someone-else"}, "to"),
    ("check-ins", {"satisfaction": 9, "meeting": True}, "satisfaction"),
    ("closure", {"reason": "", "survey": {"satisfaction": 3}}, "reason"),
])
def test_bad_input_is_422_naming_the_field_and_writes_nothing(pair, path, body, field):
    url, maya, _, _ = pair
    resp = post(maya, f"{url}/{path}", body)
    assert resp.status_code == 422 and resp.get_json()["field"] == field, resp.get_json()
    assert journal.items(url.rsplit("/", 1)[1]) == []


def test_a_milestone_on_a_goal_of_another_match_is_422_and_writes_nothing(pair, mail_app):
    url, maya, _, ids = pair
    other = f"/api/matches/c2.{ids['maya2']}"  # Maya's other match
    goal = post(maya, f"{other}/goals", {"title": "x", "target_date": TOMORROW}).get_json()["id"]
    resp = post(maya, f"{url}/goals/{goal}/milestones", {"title": "sneaky"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "goal"
    assert journal.items(f"c1.{ids['maya']}") == []


def test_racing_edits_of_a_goal_one_wins_the_other_gets_409(pair):
    url, maya, omar, _ = pair
    goal = post(maya, f"{url}/goals", {"title": "x", "target_date": TOMORROW}).get_json()["id"]
    start, codes = threading.Barrier(2), []

    def edit(client, title):
        start.wait()
        codes.append(patch(client, f"{url}/goals/{goal}", {"version": 1, "title": title}
                           ).status_code)

    threads = [threading.Thread(target=edit, args=a) for a in ((maya, "A"), (omar, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 409]
    stale = patch(maya, f"{url}/goals/{goal}", {"version": 1, "title": "C"})
    assert stale.status_code == 409 and stale.get_json()["field"] == "version"
    assert maya.get(url).get_json()["goals"][0]["version"] == 2


def test_a_private_note_is_never_shown_to_the_partner(pair):
    url, maya, omar, _ = pair
    post(maya, f"{url}/meetings", {"date": "2026-03-02", "minutes": 45, "topics": ["reviews"],
                                   "notes": "my private worry", "shared": False})
    post(maya, f"{url}/meetings", {"date": "2026-03-01", "minutes": 30, "topics": "kick-off",
                                   "notes": "agreed goals", "shared": True})
    seen = omar.get(url).get_json()
    assert seen["meeting_count"] == 2 and seen["meeting_minutes"] == 75
    assert [m["date"] for m in seen["meetings"]] == ["2026-03-01", "2026-03-02"]
    assert "notes" not in seen["meetings"][1] and "my private worry" not in str(seen)
    assert seen["meetings"][0]["notes"] == "agreed goals"
    assert maya.get(url).get_json()["meetings"][1]["notes"] == "my private worry"
    # Only its author changes a meeting: the partner cannot reach its notes that way.
    mid = seen["meetings"][1]["id"]
    assert patch(omar, f"{url}/meetings/{mid}", {"version": 1, "shared": True}).status_code == 404
    assert patch(maya, f"{url}/meetings/{mid}", {"version": 1, "minutes": 50}).status_code == 200


def test_feedback_goes_both_ways_and_only_to_its_recipients(pair):
    url, maya, omar, _ = pair
    assert post(maya, f"{url}/feedback", {"rating": 5, "text": "clear advice"}).status_code == 201
    assert post(omar, f"{url}/feedback", {"rating": 4, "text": "well prepared"}).status_code == 201
    fb = maya.get(url).get_json()["feedback"]
    assert [f["text"] for f in fb["given"]] == ["clear advice"]
    assert [f["text"] for f in fb["received"]] == ["well prepared"]


def test_a_check_in_is_due_30_days_after_publishing_then_every_60(mail_app):
    ids = world(days_ago=10)
    maya = sign_in(mail_app, "maya@example.org")
    url = f"/api/matches/c1.{ids['maya']}"
    state = maya.get(url).get_json()["check_in"]
    assert state["due"] is False
    early = post(maya, f"{url}/check-ins", {"satisfaction": 4, "meeting": True})
    assert early.status_code == 422 and early.get_json()["field"] == "check_in"


def test_a_due_check_in_is_taken_once_per_period(mail_app):
    ids = world(days_ago=31)
    maya = sign_in(mail_app, "maya@example.org")
    url = f"/api/matches/c1.{ids['maya']}"
    assert maya.get(url).get_json()["check_in"]["due"] is True
    body = {"satisfaction": 4, "meeting": True, "flag": ""}
    assert post(maya, f"{url}/check-ins", body).status_code == 201
    again = post(maya, f"{url}/check-ins", body)
    assert again.status_code == 422 and again.get_json()["field"] == "check_in"
    state = maya.get(url).get_json()["check_in"]
    assert state["due"] is False and state["period"] == 0
    assert state["next_due"] == (utc_today() - timedelta(days=31) + timedelta(days=90)
                                 ).isoformat()
    # Omar's check-in is his own, and Maya's answers are not shown to him.
    omar = sign_in(mail_app, "omar@example.org")
    assert omar.get(url).get_json()["check_in"]["due"] is True
    assert omar.get(url).get_json()["check_ins"] == []


def test_a_closed_match_is_read_only(pair):
    url, maya, omar, _ = pair
    goal = post(maya, f"{url}/goals", {"title": "x", "target_date": TOMORROW}).get_json()["id"]
    closure = {"reason": "we reached our goals", "survey": {"satisfaction": 5,
                                                            "goals_met": "yes"}}
    assert post(omar, f"{url}/closure", closure).status_code == 201
    assert post(maya, f"{url}/closure", closure).status_code == 409
    page = maya.get(url).get_json()
    assert page["status"] == "closed" and "reason" not in page["closure"]
    for path, body in [("goals", {"title": "y", "target_date": TOMORROW}),
                       (f"goals/{goal}/milestones", {"title": "m"}),
                       ("meetings", {"date": "2026-01-01", "minutes": 5}),
                       ("feedback", {"rating": 3})]:
        resp = post(maya, f"{url}/{path}", body)
        assert resp.status_code == 409 and resp.get_json()["field"] == "match", path
    assert patch(maya, f"{url}/goals/{goal}", {"version": 1, "title": "z"}).status_code == 409
    assert len(maya.get(url).get_json()["goals"]) == 1
