"""A milestone done is told to the partner by e-mail, and a goal reached
when it was the last one; unticking tells nobody."""
from __future__ import annotations

from datetime import timedelta

from functions import notify
from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, pair  # noqa: F401
from tests.conftest import post

XRW = {"X-Requested-With": "tandem"}
LATER = (utc_today() + timedelta(days=30)).isoformat()


def told(app, since: int) -> list[tuple[str, str, str]]:
    return [(m["To"], m["Subject"], m.get_content())
            for m in notify.outbox(app.config["TANDEM"])[since:]]


def test_the_partner_hears_of_a_milestone_done_and_of_the_goal_reached(mail_app, pair):
    url, maya, omar, _ = pair
    goal = post(maya, f"{url}/goals", {"title": "Lead a review", "target_date": LATER}).get_json()["id"]
    first, last = (post(maya, f"{url}/goals/{goal}/milestones", {"title": t}).get_json()["id"]
                   for t in ("Shadow one", "Run one"))
    tick = lambda ms, done: maya.patch(f"{url}/goals/{goal}/milestones/{ms}", headers=XRW,  # noqa: E731
                                       json={"done": done})
    start = len(notify.outbox(mail_app.config["TANDEM"]))
    resp = tick(first, True)
    assert resp.status_code == 200 and resp.get_json()["celebrated"] == 1
    [(to, subject, text)] = told(mail_app, start)
    assert to == "omar@example.org" and subject == "Test program: a milestone done: Shadow one"
    assert "Maya Mentee ticked off “Shadow one” on your goal “Lead a review”" in text
    assert "http://portal.test/me.html" in text

    # Ticking it again, or unticking it, tells nobody.
    start = len(notify.outbox(mail_app.config["TANDEM"]))
    assert tick(first, True).status_code == 200
    assert tick(first, False).status_code == 200
    assert told(mail_app, start) == []

    assert tick(first, True).status_code == 200
    start = len(notify.outbox(mail_app.config["TANDEM"]))
    assert tick(last, True).get_json()["celebrated"] == 1
    [(to, subject, text)] = told(mail_app, start)
    assert to == "omar@example.org" and subject == "Test program: goal reached: Lead a review"
    assert "the goal is reached" in text
    assert omar.get(url).get_json()["goals"][0]["progress"]["percent"] == 100
