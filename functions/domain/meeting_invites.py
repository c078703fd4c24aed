"""Calendar files people's calendars accept (RFC 5545), through the
``icalendar`` library: it folds long lines, escapes text and writes UTC
DATE-TIMEs the way Outlook, Google Calendar and Apple Calendar read them,
which hand-written iCalendar text tends to get subtly wrong.

A planned meeting keeps one ``UID`` for its whole life; every change raises
its ``SEQUENCE``, so a calendar replaces the event instead of adding a second
one, and a cancellation (``METHOD:CANCEL``) removes it.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Tandem//Mentoring meetings//EN"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def host(public_url: str | None) -> str:
    return urlsplit(public_url or "").hostname or "tandem.invalid"


def uid(meeting_id: str, public_url: str | None) -> str:
    """The meeting's stable UID: its id at the portal's host name."""
    return f"meeting-{meeting_id}@{host(public_url)}"


def _address(person: dict, role: str | None = None) -> vCalAddress:
    who = vCalAddress(f"mailto:{person['email']}")
    who.params["CN"] = vText(person["name"])
    if role:
        who.params["ROLE"] = vText(role)
        who.params["PARTSTAT"] = vText("NEEDS-ACTION")
        who.params["RSVP"] = vText("FALSE")
    return who


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def meeting(method: str, *, uid: str, sequence: int, start: datetime, minutes: int,
            summary: str, place: str, description: str, organizer: dict,
            attendees: list[dict]) -> str:
    """One meeting as an iCalendar object with one VEVENT: its start in UTC,
    ``organizer`` and ``attendees`` ({name, email}) named."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(timezone.utc))
    begin = start.astimezone(timezone.utc)
    event.add("dtstart", begin)
    event.add("dtend", begin + timedelta(minutes=minutes))
    event.add("summary", summary)
    if place:
        event.add("location", place)
    event.add("description", description)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _address(organizer))
    for person in attendees:
        event.add("attendee", _address(person, "REQ-PARTICIPANT"), encode=0)
    cal = _calendar(method)
    cal.add_component(event)
    return cal.to_ical().decode()


def all_day(*, uid: str, day: date, summary: str, description: str) -> str:
    """A day to remember (a check-in falling due) as a file to import: METHOD:PUBLISH."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    cal = _calendar(PUBLISH)
    cal.add_component(event)
    return cal.to_ical().decode()
