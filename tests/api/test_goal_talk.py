"""Goals refined together: the mentor comments on the mentee's goals (and
she answers), and the mentee puts her goals in order of priority."""
from __future__ import annotations

from datetime import timedelta

import pytest

from functions.db import journal
from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, pair, sign_in, world  # noqa: F401
from tests.conftest import post

TOMORROW = (utc_today() + timedelta(days=1)).isoformat()


def put(client, url, body):
    return client.put(url, json=body, headers={"X-Requested-With": "tandem"})


def goals_of(client, match):
    return client.get(match).get_json()["goals"]


def add_goals(match, client, *titles):
    return [post(client, f"{match}/goals", {"title": t, "target_date": TOMORROW}).get_json()["id"]
            for t in titles]


def test_the_mentor_comments_and_both_read_it_under_the_goal(pair):  # noqa: F811
    match, maya, omar, _ = pair
    [goal] = add_goals(match, maya, "Run a sprint review")
    said = post(omar, f"{match}/goals/{goal}/comments",
                {"text": "Try asking the team what they want to see first."})
    assert said.status_code == 201, said.get_json()
    assert post(maya, f"{match}/goals/{goal}/comments", {"text": "Good idea, will do."}).status_code == 201
    for reader in (maya, omar):
        [shown] = goals_of(reader, match)
        assert [(c["by"], c["text"]) for c in shown["comments"]] == [
            ("Omar Mentor", "Try asking the team what they want to see first."),
            ("Maya Mentee", "Good idea, will do.")]


@pytest.mark.parametrize("goal,body,status,field", [
    ("nope", {"text": "Hi"}, 422, "goal"),
    ("GOAL", {"text": ""}, 422, "text"),
    ("GOAL", {"text": 7}, 422, "text"),
    ("GOAL", {}, 422, "text"),
])
def test_a_bad_comment_is_422_naming_the_field_and_writes_nothing(pair, goal, body, status, field):  # noqa: F811
    match, maya, omar, _ = pair
    [real] = add_goals(match, maya, "Lead a retro")
    resp = post(omar, f"{match}/goals/{real if goal == 'GOAL' else goal}/comments", body)
    assert resp.status_code == status and resp.get_json()["field"] == field, resp.get_json()
    assert not [i for i in journal.items(match.rsplit("/", 1)[1]) if i["kind"] == "comment"]


def test_the_mentee_orders_her_goals_and_both_see_that_order(pair):  # noqa: F811
    match, maya, omar, _ = pair
    a, b, c = add_goals(match, maya, "Speak at a meetup", "Mentor an intern", "Learn SQL")
    assert [g["title"] for g in goals_of(maya, match)] == [
        "Speak at a meetup", "Mentor an intern", "Learn SQL"]  # oldest first, until ordered
    first = put(maya, f"{match}/goals/order", {"order": [c, a, b]})
    assert first.status_code == 200, first.get_json()
    for reader in (maya, omar):
        assert [(g["priority"], g["title"]) for g in goals_of(reader, match)] == [
            (1, "Learn SQL"), (2, "Speak at a meetup"), (3, "Mentor an intern")]
    version = maya.get(match).get_json()["goal_order_version"]
    # A goal added later goes last until she places it.
    [d] = add_goals(match, maya, "Give a talk")
    assert goals_of(maya, match)[-1]["title"] == "Give a talk"
    again = put(maya, f"{match}/goals/order", {"order": [d, c, a, b], "version": version})
    assert again.status_code == 200
    assert goals_of(omar, match)[0]["title"] == "Give a talk"
    # Saved from a stale page: 409, the newer order stays.
    stale = put(maya, f"{match}/goals/order", {"order": [a, b, c, d], "version": version})
    assert stale.status_code == 409
    assert goals_of(maya, match)[0]["title"] == "Give a talk"


@pytest.mark.parametrize("order,field", [
    (["x"], "order"),            # not the match's goals
    ("ALL-BUT-ONE", "order"),    # one left out
    ("TWICE", "order"),          # one twice
    ("abc", "order"),            # not a list
])
def test_an_order_that_is_not_every_goal_once_is_422(pair, order, field):  # noqa: F811
    match, maya, _, _ = pair
    ids = add_goals(match, maya, "One", "Two")
    if isinstance(order, str) and order.isupper():
        order = {"ALL-BUT-ONE": ids[:1], "TWICE": [ids[0], ids[0], ids[1]]}[order]
    resp = put(maya, f"{match}/goals/order", {"order": order})
    assert resp.status_code == 422 and resp.get_json()["field"] == field, resp.get_json()
    assert maya.get(match).get_json()["goal_order_version"] is None


def test_only_the_mentee_orders(pair):  # noqa: F811
    match, maya, omar, _ = pair
    ids = add_goals(match, maya, "One", "Two")
    resp = put(omar, f"{match}/goals/order", {"order": list(reversed(ids))})
    assert resp.status_code == 403 and resp.get_json()["field"] == "order"


def patch(client, url, body):
    return client.patch(url, json=body, headers={"X-Requested-With": "tandem"})


def test_the_program_sees_a_reached_goal_only_when_the_pair_shared_it(pair, mail_app):  # noqa: F811
    from tests.conftest import AuthActions
    match, maya, omar, _ = pair
    shared, private, unfinished = add_goals(match, maya, "Chair a meeting", "Ask for a raise",
                                            "Write a blog post")
    for goal in (shared, private, unfinished):
        post(maya, f"{match}/goals/{goal}/milestones", {"title": "First step"})
    by_title = {g["title"]: g for g in goals_of(maya, match)}
    for title in ("Chair a meeting", "Ask for a raise"):
        ms = by_title[title]["milestones"][0]
        done = patch(omar, f"{match}/goals/{by_title[title]['id']}/milestones/{ms['id']}",
                     {"done": True, "version": ms["version"]})
        assert done.status_code == 200, done.get_json()
    for title in ("Chair a meeting", "Write a blog post"):
        g = next(x for x in goals_of(maya, match) if x["title"] == title)
        assert patch(maya, f"{match}/goals/{g['id']}", {"shared": True, "version": g["version"]}).status_code == 200

    admin = mail_app.test_client()
    AuthActions(admin).create()
    assert AuthActions(admin).login().status_code == 200
    seen = admin.get("/api/admin/programs/p1/achievements").get_json()["achievements"]
    assert [(a["goal"], a["by"], a["cohort"]) for a in seen] == [
        ("Chair a meeting", "Maya Mentee", "Spring")]
    assert admin.get("/api/admin/programs/nope/achievements").status_code == 404
    assert maya.get("/api/admin/programs/p1/achievements").status_code == 401
