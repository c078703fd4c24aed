"""Planned meetings land in both people's calendars: every invitation is
read back from the local outbox with the ``icalendar`` parser."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import icalendar

from functions import notify
from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, pair, sign_in, world  # noqa: F401
from tests.conftest import post

XRW = {"X-Requested-With": "tandem"}
SOON = (utc_today() + timedelta(days=9)).isoformat()


def invitations(app, since: int = 0) -> list[tuple[str, icalendar.Calendar, object]]:
    """(to, calendar, message) of every message with a text/calendar part."""
    found = []
    for msg in notify.outbox(app.config["TANDEM"])[since:]:
        parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
        if parts:
            assert len(parts) == 1
            found.append((msg["To"], icalendar.Calendar.from_ical(parts[0].get_content()), msg))
    return found


def event(cal):
    [ev] = cal.walk("VEVENT")
    return ev


def plan(client, url, start=f"{SOON}T10:30:00+01:00", **extra):
    return post(client, f"{url}/meetings", {"planned": True, "start": start, "minutes": 45,
                                            "place": "https://meet.example/maya-omar", **extra})


def test_a_planned_meeting_invites_both_then_moves_and_is_cancelled_under_one_uid(mail_app, pair):
    url, maya, omar, _ = pair
    before = len(notify.outbox(mail_app.config["TANDEM"]))
    made = plan(maya, url, time_zone="Europe/Paris")
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["invitations_sent"] == 2
    sent = invitations(mail_app, before)
    assert sorted(to for to, _, _ in sent) == ["maya@example.org", "omar@example.org"]
    uids = {str(event(cal)["UID"]) for _, cal, _ in sent}
    assert len(uids) == 1
    uid = uids.pop()
    for to, cal, msg in sent:
        ev = event(cal)
        assert str(cal["METHOD"]) == "REQUEST"
        assert ev.decoded("DTSTART") == datetime.fromisoformat(f"{SOON}T09:30:00+00:00")
        assert ev["DTSTART"].to_ical().endswith(b"Z")  # written in UTC
        assert ev.decoded("DTEND") - ev.decoded("DTSTART") == timedelta(minutes=45)
        assert int(ev["SEQUENCE"]) == 0
        assert str(ev["ORGANIZER"]) == "mailto:maya@example.org"
        assert sorted(str(a) for a in ev["ATTENDEE"]) == ["mailto:maya@example.org",
                                                          "mailto:omar@example.org"]
        assert str(ev["LOCATION"]) == "https://meet.example/maya-omar"
        # The text names the partner and the time as planned, and links My mentoring.
        text = msg.get_body(("plain",)).get_content()
        assert "10:30 (Europe/Paris)" in text and "http://portal.test/me.html" in text
        other = "Omar Mentor" if to.startswith("maya") else "Maya Mentee"
        assert other in msg["Subject"]
        assert any(p.get_filename() == "invite.ics" for p in msg.iter_attachments())

    # Both see it as planned, not (yet) as a meeting held.
    page = omar.get(url).get_json()
    assert page["meeting_count"] == 0 and [p["id"] for p in page["planned"]] == [made.get_json()["id"]]
    meeting = page["planned"][0]
    assert meeting["date"] == SOON and meeting["version"] == 1

    # Moved: everyone gets the update, same UID, a higher SEQUENCE.
    before = len(notify.outbox(mail_app.config["TANDEM"]))
    moved = maya.patch(f"{url}/meetings/{meeting['id']}", headers=XRW,
                       json={"version": 1, "start": f"{SOON}T15:00:00Z"})
    assert moved.status_code == 200, moved.get_json()
    sent = invitations(mail_app, before)
    assert len(sent) == 2
    for _, cal, _ in sent:
        ev = event(cal)
        assert str(cal["METHOD"]) == "REQUEST" and str(ev["UID"]) == uid
        assert int(ev["SEQUENCE"]) == 1
        assert ev.decoded("DTSTART") == datetime.fromisoformat(f"{SOON}T15:00:00+00:00")
    # A stale version is 409 and sends nothing.
    before = len(notify.outbox(mail_app.config["TANDEM"]))
    stale = maya.patch(f"{url}/meetings/{meeting['id']}", headers=XRW,
                       json={"version": 1, "start": f"{SOON}T16:00:00Z"})
    assert stale.status_code == 409 and stale.get_json()["field"] == "version"
    assert invitations(mail_app, before) == []

    # Cancelled: METHOD:CANCEL under the same UID, and it is gone from the page.
    cancelled = maya.delete(f"{url}/meetings/{meeting['id']}", headers=XRW)
    assert cancelled.status_code == 200, cancelled.get_json()
    sent = invitations(mail_app, before)
    assert sorted(to for to, _, _ in sent) == ["maya@example.org", "omar@example.org"]
    for _, cal, _ in sent:
        ev = event(cal)
        assert str(cal["METHOD"]) == "CANCEL" and str(ev["UID"]) == uid
        assert int(ev["SEQUENCE"]) == 2 and str(ev["STATUS"]) == "CANCELLED"
    assert omar.get(url).get_json()["planned"] == []


def test_only_the_planner_moves_or_cancels_and_bad_input_names_its_field(mail_app, pair):
    url, maya, omar, _ = pair
    meeting = plan(maya, url).get_json()["id"]
    assert omar.delete(f"{url}/meetings/{meeting}", headers=XRW).status_code == 404
    assert omar.patch(f"{url}/meetings/{meeting}", headers=XRW,
                      json={"version": 1, "start": f"{SOON}T15:00:00Z"}).status_code == 404
    for body, field in [
        ({"start": "2020-01-01T10:00:00+00:00"}, "start"),      # in the past
        ({"start": f"{SOON}T10:00:00"}, "start"),               # no offset
        ({"start": "next tuesday, 10 o'clock"}, "start"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"minutes": 0}, "minutes"),
    ]:
        resp = plan(maya, url, **body)
        assert resp.status_code == 422, (body, resp.get_json())
        assert resp.get_json()["field"] == field
    assert post(maya, f"{url}/meetings", {"planned": True, "minutes": 30}).get_json()["field"] == "start"
    assert len(maya.get(url).get_json()["planned"]) == 1


def test_a_planned_meeting_is_the_log_entry_once_it_has_happened(mail_app, pair, monkeypatch):
    url, maya, omar, _ = pair
    plan(maya, url)
    from functions.domain import journal, meetings
    later = datetime.now(timezone.utc) + timedelta(days=10)
    monkeypatch.setattr(meetings, "_now", lambda: later)
    monkeypatch.setattr(journal, "_now", lambda: later)
    page = omar.get(url).get_json()
    assert page["planned"] == [] and page["meeting_count"] == 1 and page["meeting_minutes"] == 45
    [held] = page["meetings"]
    assert held["date"] == SOON and held["place"] == "https://meet.example/maya-omar"
    # Held: it can no longer be moved, only noted.
    moved = maya.patch(f"{url}/meetings/{held['id']}", headers=XRW,
                       json={"version": 1, "start": (later + timedelta(days=1)).isoformat()})
    assert moved.status_code == 409
    noted = maya.patch(f"{url}/meetings/{held['id']}", headers=XRW,
                       json={"version": 1, "notes": "Talked about reviews", "shared": True})
    assert noted.status_code == 200
    assert omar.get(url).get_json()["meetings"][0]["notes"] == "Talked about reviews"


def test_a_check_in_due_date_downloads_as_a_calendar_file(mail_app):
    world(days_ago=40)
    maya = sign_in(mail_app, "maya@example.org")
    mine = maya.get("/api/me").get_json()["matches"]
    match = next(m for m in mine if m["cohort"]["id"] == "c1")
    resp = maya.get(f"/api/matches/{match['id']}/check-in.ics")
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(resp.data)
    ev = event(cal)
    due = maya.get(f"/api/matches/{match['id']}").get_json()["check_in"]["next_due"]
    assert ev.decoded("DTSTART") == date.fromisoformat(due)
    assert "check-in" in str(ev["SUMMARY"])
    assert mail_app.test_client().get(f"/api/matches/{match['id']}/check-in.ics").status_code == 401
