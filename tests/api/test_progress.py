"""Her progress in each match (``functions.db.progress``): kept by the
journal's writers for every member, so My mentoring reads it with her cards;
rebuilt from the journal where it is not complete, without losing a write
that lands meanwhile. Checked against the journal itself, read the long way."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from functions.db import journal, match_cards, progress, runs
from functions.db.programs import Cohort
from functions.domain import resources
from functions.domain.journal import is_ahead
from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, pair, sign_in, world  # noqa: F401
from tests.conftest import post

XRW = {"X-Requested-With": "tandem"}
SOON = (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0).isoformat()


def from_journal(match_id: str, my_id: str, started_at: str) -> dict:
    """Her stage and done resources in the match, from every journal item."""
    items = journal.items(match_id)
    met = any(i["kind"] == "meeting" and not is_ahead(i["data"]) for i in items)
    closed = any(i["kind"] == "closure" for i in items)
    done = {i["key"].split("#")[1] for i in items
            if i["kind"] == "resource-done" and i["author"] == my_id}
    return {"stage": resources.stage(started_at, met, closed), "done": done}


def shown(client, match_id: str) -> dict:
    m = next(m for m in client.get("/api/me").get_json()["matches"] if m["id"] == match_id)
    return {"stage": m["stage"], "done": {r["id"] for r in m["resources"] if r["done"]},
            "my_id": m["my_id"], "started_at": m["started_at"]}


def agrees(client, match_id: str) -> dict:
    seen = shown(client, match_id)
    truth = from_journal(match_id, seen["my_id"], seen["started_at"])
    assert {"stage": seen["stage"], "done": seen["done"]} == truth
    return seen


def test_each_members_page_follows_every_write_in_the_match(mail_app, pair):  # noqa: F811
    url, maya, omar, ids = pair
    match_id = url.rsplit("/", 1)[1]
    assert agrees(maya, match_id)["stage"] == agrees(omar, match_id)["stage"] == "first-meeting"

    planned = post(maya, f"{url}/meetings", {"planned": True, "start": SOON, "minutes": 30})
    assert planned.status_code == 201, planned.get_json()
    assert agrees(omar, match_id)["stage"] == "first-meeting"  # still to come: not held

    logged = post(omar, f"{url}/meetings", {"date": utc_today().isoformat(), "minutes": 45})
    assert logged.status_code == 201, logged.get_json()
    assert agrees(maya, match_id)["stage"] == "first-month"  # his write, her page
    assert omar.delete(f"{url}/meetings/{logged.get_json()['id']}", headers=XRW).status_code == 200
    assert agrees(maya, match_id)["stage"] == "first-meeting"  # gone again

    agenda = next(r["id"] for r in maya.get("/api/me").get_json()["matches"][0]["resources"])
    assert maya.put(f"/api/me/resources/{agenda}", headers=XRW,
                    json={"done": True}).status_code == 200
    assert agrees(maya, match_id)["done"] == {agenda}
    assert agrees(omar, match_id)["done"] == set()  # hers, not his

    closed = post(maya, f"{url}/closure", {"reason": "Goals met", "rematch": False,
                                         "survey": {"satisfaction": 5, "goals_met": "yes"}})
    assert closed.status_code in (200, 201), closed.get_json()
    assert agrees(omar, match_id)["stage"] == agrees(maya, match_id)["stage"] == "closing"
    # And a planned meeting counts once its time has come.
    item = progress_item("omar@example.org", match_id)
    facts = progress.facts(item, match_id, tracked=True)
    assert resources._held(facts["meetings"]) is False
    assert resources._held(facts["meetings"], datetime.now(timezone.utc) + timedelta(days=4))


def progress_item(email: str, match_id: str) -> dict | None:
    """Her progress item in the match's cohort, as My mentoring reads it."""
    kept = match_cards.stamps_and_cards(email, {match_id.split(".")[0]})[2]
    return kept.get(match_id.split(".")[0])


def test_a_journal_written_before_progress_was_kept_is_read_once_and_then_kept(mail_app):  # noqa: F811
    """Matches of a run from before progress was kept, whose journal has
    what no progress item saw: the first page reads the journal, stores
    what it found, and the next page uses it."""
    ids = world()
    match_id = f"c1.{ids['maya']}"
    runs.Run(id=Cohort.get("c1").published_run).update(actions=[runs.Run.keeps_progress.remove()])
    journal.add(match_id, "meeting", "meeting", ids["omar"],
                {"date": utc_today().isoformat(), "minutes": 30}, members=[])  # none kept
    maya = sign_in(mail_app, "maya@example.org")
    assert progress_item("maya@example.org", match_id) is None
    assert agrees(maya, match_id)["stage"] == "first-month"
    stored = progress.facts(progress_item("maya@example.org", match_id), match_id)
    assert stored is not None and resources._held(stored["meetings"])


def test_a_write_landing_during_a_rebuild_is_not_lost(mail_app, pair):  # noqa: F811
    url, maya, omar, ids = pair
    match_id = url.rsplit("/", 1)[1]
    email = "maya@example.org"
    assert post(maya, f"{url}/meetings", {"planned": True, "start": SOON,
                                          "minutes": 30}).status_code == 201
    progress.stale({("c1", email)}, [match_id])  # as after a partner's erasure
    before = progress_item(email, match_id)
    assert progress.facts(before, match_id, tracked=True) is None
    rebuilt = {"meetings": {}, "closed": False, "done": set()}  # read from the journal now
    # Meanwhile her partner logs a meeting.
    assert post(omar, f"{url}/meetings", {"date": utc_today().isoformat(),
                                          "minutes": 30}).status_code == 201
    assert progress.store_rebuilt("c1", email, match_id, before, rebuilt) is False
    assert progress.facts(progress_item(email, match_id), match_id, tracked=True) is None
    assert agrees(maya, match_id)["stage"] == "first-month"  # the next page reads it again
    assert progress.facts(progress_item(email, match_id), match_id, tracked=True) is not None


def test_her_erasure_takes_her_progress_and_her_partners_with_it(mail_app, pair):  # noqa: F811
    url, maya, omar, ids = pair
    match_id = url.rsplit("/", 1)[1]
    assert post(maya, f"{url}/meetings", {"date": utc_today().isoformat(),
                                          "minutes": 30}).status_code == 201
    assert progress_item("omar@example.org", match_id) is not None
    erased = maya.delete("/api/me", headers=XRW, json={"confirm": True})
    assert erased.status_code == 200, erased.get_json()
    assert match_cards.stamps_and_cards("maya@example.org", {"c1"})[2] == {}
    # His page rebuilds from what is left in the journal.
    assert progress.facts(progress_item("omar@example.org", match_id), match_id,
                          tracked=True) is None
    assert agrees(omar, match_id)["stage"] == "first-meeting"  # her meeting went with her
