"""The daily follow-up job: check-in reminders and nudges for quiet pairs.

Zappa calls ``scheduled_nudges(event, context)`` on its schedule; the work is
``run_nudges(settings, today)``. For every published cohort, for every open
match (no closure):

- a member whose check-in for the current period is due, and who was not
  reminded for that period, gets one e-mail linking to ``/me.html``;
- a pair with no meeting logged for ``followup.QUIET_DAYS`` days (counting
  from publishing when none was ever logged) gets one e-mail per member,
  unless that member was nudged in the last ``QUIET_DAYS`` days.

Each message is claimed first by a conditional put in the follow-up table
(``functions.db.followup`` explains the keys), so running the job twice a
day, or two runs at once, sends it once. A message that cannot be sent is
logged, its claim given back for the next run, and the others go on.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

from functions import db, notify
from functions.db import followup as store, program_mail
from functions.domain import followup, program_emails
from functions.settings import Settings

log = logging.getLogger("tandem.jobs")


def scheduled_nudges(event=None, context=None) -> dict:
    """Zappa entry point (daily): returns the summary, which lands in the log."""
    from functions.jobs.schedule import run_entry_point
    return run_entry_point("scheduled_nudges", run_nudges)


def run_nudges(settings: Settings, today: date | None = None) -> dict:
    """One run; ``today`` (default the UTC date) is taken at the current time of day.

    Returns ``{today, cohorts, matches, check_in_reminders, quiet_nudges,
    failed, cohorts_failed}``: messages sent by this run (a message another
    run sent is not counted), messages that could not be sent, and the ids
    of cohorts that could not be read.
    """
    db.configure(settings)
    moment = datetime.now(timezone.utc)
    if today is not None:
        moment = datetime.combine(today, moment.timetz())
    summary = {"today": moment.date().isoformat(), "cohorts": 0, "matches": 0,
               "check_in_reminders": 0, "quiet_nudges": 0, "failed": 0, "cohorts_failed": []}
    for cohort_id in store.published_cohorts():
        summary["cohorts"] += 1
        try:
            matches = followup.open_matches(cohort_id, moment)
        except Exception:  # one unreadable cohort must not stop the others
            log.exception("cohort %s not followed up", cohort_id)
            summary["cohorts_failed"].append(cohort_id)
            continue
        for match in matches:
            summary["matches"] += 1
            _check_ins(settings, match, summary)
            if followup.is_quiet(match):
                _quiet(settings, match, moment, summary)
    return summary


def _send(settings: Settings, match: dict, key: str, kind: str, person: dict,
          message: tuple, summary: dict, counter: str) -> None:
    """``message``: (subject, text) or (subject, text, HTML)."""
    if not store.claim(match["match"], key, match["cohort"]["id"], kind, person["id"]):
        return  # sent already, or another run is sending it
    try:
        subject, text, *html = message
        notify.send(settings, person["email"], subject, text,
                    **({"html": html[0]} if html and html[0] else {}))
    except Exception:  # one bad address or a throttled SES must not stop the others
        log.exception("nudge %s of match %s to %s not sent", key, match["match"], person["id"])
        store.release(match["match"], key)
        summary["failed"] += 1
        return
    summary[counter] += 1


def _check_ins(settings: Settings, match: dict, summary: dict) -> None:
    for person in match["members"]:
        state = person["check_in"]
        if person["email"] and state["due"]:
            key = f"checkin#{state['period']:04d}#{person['id']}"
            templates = program_mail.email_templates(match["cohort"]["program"]["id"])
            _send(settings, match, key, "check-in", person,
                  check_in_message(settings, match, person, templates), summary,
                  "check_in_reminders")


def _quiet(settings: Settings, match: dict, moment: datetime, summary: dict) -> None:
    stretch = match["days_quiet"] // followup.QUIET_DAYS
    recent = store.last_quiet(match["match"])
    for person in match["members"]:
        last = recent.get(person["id"])
        if not person["email"] or (last and moment - last < timedelta(days=followup.QUIET_DAYS)):
            continue
        key = f"quiet#{match['since']}#{stretch:03d}#{person['id']}"
        _send(settings, match, key, "quiet", person, quiet_message(settings, match, person),
              summary, "quiet_nudges")


def _hello(person: dict) -> str:
    first = person["name"].split()[0] if person["name"].strip() else "there"
    return f"Hello {first},"


def _where(settings: Settings, match: dict, person: dict) -> tuple[str, str, str]:
    cohort = match["cohort"]
    others = ", ".join(p["name"] for p in match["members"] if p["id"] != person["id"])
    link = f"{(settings.public_url or '').rstrip('/')}/me.html"
    return f"{cohort['program']['name']} ({cohort['name']})", others or "your group", link


def check_in_message(settings: Settings, match: dict, person: dict,
                     templates: dict | None = None) -> tuple[str, str, str]:
    """The reminder, in the program's own words if it has them."""
    _, others, link = _where(settings, match, person)
    cohort = match["cohort"]
    return program_emails.compose(templates, "reminder", {
        "name": person["name"], "first_name": _hello(person)[6:-1], "partners": others,
        "program": cohort["program"]["name"], "cohort": cohort["name"],
        "my_mentoring_link": link})


def quiet_message(settings: Settings, match: dict, person: dict) -> tuple[str, str]:
    where, others, link = _where(settings, match, person)
    subject = f"{match['cohort']['program']['name']}: time for your next meeting?"
    logged = (f"since your last logged meeting on {match['last_meeting']}"
              if match["last_meeting"] and match["last_meeting"] == match["since"]
              else "since your match began")
    body = (f"{_hello(person)}\n\nIt has been {match['days_quiet']} days {logged} with "
            f"{others} in {where}.\n\nLog your last meeting or plan the next one on "
            f"My mentoring:\n{link}\n")
    return subject, body
