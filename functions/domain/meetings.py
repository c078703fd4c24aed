"""Planned meetings: a pair puts a meeting in both calendars, moves it or
cancels it, and once its time has passed it is the journal's log entry.

A planned meeting is a journal ``meeting`` item whose data carries
``planned: true``, its ``start`` (UTC, ISO 8601), ``time_zone`` (the one it
was planned in, for the e-mail's wording), ``place`` and ``sequence`` (raised
by every change of time, length or place). Its ``date`` is the start's day
in that time zone, so the follow-up's rules (a meeting dated in the future
is a planned one; the pair is not quiet) and the page's order hold as for a
logged meeting. Every change e-mails each member a calendar part
(``meeting_invites``) under one UID.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from functions import notify
from functions.db import journal as store
from functions.domain import meeting_invites as ics
from functions.domain import participant_matches
from functions.domain.journal import check_in_state, edit_meeting, is_ahead
from functions.errors import Conflict, Invalid, NotFound
from functions.settings import Settings

#: How far ahead a meeting may be planned.
HORIZON = timedelta(days=2 * 366)
#: A change that only touches these fields sends no new invitation.
SCHEDULE = ("start", "minutes", "place")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _zone(name: str | None, field: str = "time_zone"):
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"{field}: not a time zone name (like Europe/Paris)", field=field) from None


def _start(value: str, zone) -> datetime:
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid("start: not a date and time (like 2027-01-04T09:30:00+01:00)",
                      field="start") from None
    if start.tzinfo is None:
        raise Invalid("start: give its offset from UTC (like +01:00 or Z)", field="start")
    if start <= _now():
        raise Invalid("start: must be in the future; log a past meeting instead",
                      field="start")
    if start > _now() + HORIZON:
        raise Invalid("start: at most two years ahead", field="start")
    return start


def _local(start: datetime, zone) -> datetime:
    return start.astimezone(zone) if zone else start


def _people(m: dict) -> list[dict]:
    """Every member with an address, her own record first."""
    me = {"id": m["me"]["id"], "name": m["me"]["name"], "email": m["me"]["email"]}
    return [me] + [{"id": p["id"], "name": p["name"], "email": p["email"]}
                   for p in m["partners"] if p.get("email")]


def when(data: dict) -> str:
    """"Mon 4 Jan 2027, 09:30 (Europe/Paris)": the time as it was planned."""
    zone = _zone(data.get("time_zone"))
    start = datetime.fromisoformat(data["start"])
    local = _local(start, zone) if zone else start
    label = data.get("time_zone") or f"UTC{local.strftime('%z')[:3]}:{local.strftime('%z')[3:]}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %Y, %H:%M')} ({label})"


def _send(settings: Settings, m: dict, meeting_id: str, data: dict, method: str,
          planner: dict) -> int:
    """E-mail every member the invitation (or its update, or its cancellation);
    returns how many went. The meeting stands whether or not a message goes."""
    people = _people(m)
    program = m["program"]["name"]
    link = f"{(settings.public_url or '').rstrip('/')}/me.html"
    summary = f"Mentoring: {' and '.join(p['name'] for p in people)}"
    start = datetime.fromisoformat(data["start"])
    place = data.get("place") or ""
    body_ics = ics.meeting(
        method, uid=ics.uid(meeting_id, settings.public_url), sequence=data["sequence"],
        start=start, minutes=data["minutes"], summary=summary, place=place,
        description=f"{program} ({m['cohort']['name']}). Plan, move or cancel it on "
                    f"My mentoring: {link}",
        organizer=planner, attendees=people)
    sent = 0
    for person in people:
        others = ", ".join(p["name"] for p in people if p["id"] != person["id"]) or "your group"
        first = person["name"].split()[0] if person["name"].strip() else "there"
        if method == ics.CANCEL:
            subject = f"{program}: cancelled: meeting with {others} on {when(data)}"
            said = f"{planner['name']} cancelled your meeting with {others} on {when(data)}."
        else:
            changed = data["sequence"] > 0
            subject = (f"{program}: {'moved' if changed else 'invitation'}: meeting with "
                       f"{others} on {when(data)}")
            said = (f"{planner['name']} {'changed' if changed else 'planned'} a meeting of "
                    f"your mentoring in {program} with {others}.\n\nWhen: {when(data)}\n"
                    f"How long: {data['minutes']} minutes\n"
                    f"Where: {place or 'to be agreed'}\n\nThe invitation is attached: open "
                    "it to put the meeting in your calendar.")
        text = (f"Hello {first},\n\n{said}\n\nPlan, move or cancel meetings, and note what "
                f"you talked about afterwards, on My mentoring:\n{link}\n")
        sent += notify.deliver(settings, person["email"], subject, text,
                               calendar=(method, body_ics))
    return sent


def plan(settings: Settings, match_id: str, email: str, body) -> tuple[str, int]:
    """Store a planned meeting and invite every member; (its id, invitations sent)."""
    m = participant_matches.load(match_id, email)
    zone = _zone(body.time_zone)
    start = _start(body.start or "", zone) if body.start else None
    if start is None:
        raise Invalid("start: required for a planned meeting", field="start")
    data = {"planned": True, "start": start.astimezone(timezone.utc).isoformat(),
            "time_zone": body.time_zone, "date": _local(start, zone).date().isoformat(),
            "minutes": body.minutes, "place": body.place, "sequence": 0,
            "topics": body.topics, "notes": body.notes, "shared": body.shared}
    meeting_id = store.add(match_id, "meeting", "meeting", m["me"]["id"], data,
                           members=participant_matches.progress_keys(m))
    return meeting_id, _send(settings, m, meeting_id, data, ics.REQUEST, m["me"])


def edit(settings: Settings, match_id: str, email: str, meeting_id: str, body) -> dict:
    """Change a meeting (its author only: the notes may be private). A new
    time, length or place of a meeting still to come sends everyone an update."""
    m = participant_matches.load(match_id, email)
    me = m["me"]["id"]
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    current = store.get(match_id, f"meeting#{meeting_id}")
    if current is None or current["author"] != me:
        raise NotFound("no meeting of yours with that id in this match", field="id")
    planned = bool(current["data"].get("planned"))
    if not planned:
        if "start" in changes or "time_zone" in changes:
            raise Invalid("start: only a planned meeting has a start time; change its date",
                          field="start")
        return edit_meeting(match_id, email, meeting_id, body)
    if "date" in changes:
        raise Invalid("date: a planned meeting moves by its start", field="date")
    if body.version != current["version"]:
        raise Conflict(f"changed meanwhile (now version {current['version']}): reload it",
                       field="version")
    if "start" in changes or "time_zone" in changes:
        zone = _zone(changes.get("time_zone", current["data"].get("time_zone")))
        start = (_start(changes["start"], zone) if "start" in changes
                 else datetime.fromisoformat(current["data"]["start"]))
        changes["start"] = start.astimezone(timezone.utc).isoformat()
        changes["date"] = _local(start, zone).date().isoformat()
    resend = any(k in changes and changes[k] != current["data"].get(k) for k in SCHEDULE)
    if resend:
        if not is_ahead(current["data"]):
            raise Conflict("this meeting has happened: note what you talked about instead",
                           field="start")
        changes["sequence"] = int(current["data"].get("sequence", 0)) + 1
    done = store.edit(match_id, f"meeting#{meeting_id}", me, changes, body.version,
                      author_only=True, members=participant_matches.progress_keys(m))
    if resend:
        done["invitations_sent"] = _send(settings, m, meeting_id, done["data"], ics.REQUEST,
                                         m["me"])
    return done


def cancel(settings: Settings, match_id: str, email: str, meeting_id: str) -> dict:
    """Remove a meeting its author made; one still to come is cancelled in
    every member's calendar (same UID, ``METHOD:CANCEL``)."""
    m = participant_matches.load(match_id, email)
    removed = store.remove(match_id, f"meeting#{meeting_id}", m["me"]["id"],
                           members=participant_matches.progress_keys(m))
    data = removed["data"]
    sent = 0
    if is_ahead(data):
        data = {**data, "sequence": int(data.get("sequence", 0)) + 1}
        sent = _send(settings, m, meeting_id, data, ics.CANCEL, m["me"])
    return {"status": "cancelled" if sent else "removed", "invitations_sent": sent}


def check_in_calendar(settings: Settings, match_id: str, email: str) -> str:
    """The next check-in's due date as an all-day event to import."""
    m = participant_matches.load(match_id, email)
    state = check_in_state(m["started_at"], set())
    due = datetime.fromisoformat(state["next_due"]).date() if state["next_due"] else None
    if due is None:
        raise Conflict("this match has not started: no check-in is due yet", field="match")
    link = f"{(settings.public_url or '').rstrip('/')}/me.html"
    return ics.all_day(uid=f"check-in-{due.isoformat()}-{m['id']}@{ics.host(settings.public_url)}",
                       day=due, summary=f"{m['program']['name']}: check-in due",
                       description=f"Three short questions about your mentoring, on My "
                                   f"mentoring: {link}")
