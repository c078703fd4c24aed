"""Enrolment by anyone with the link, answered so it tells nobody who is enrolled.

The page's answer is the same whether the address was new or already in the
cohort (as sign-in's is): what happened goes by e-mail to the address, which
only its owner reads. A new enrolment's message confirms it and points to My
mentoring; a repeat says nothing changed. Requests are limited per client
(``Settings.enrol_per_client`` per ``WINDOW``) and per address (``PER_ADDRESS``
per ``ADDRESS_WINDOW``, any cohort), so the form cannot be used to fill a
cohort with made-up people or to flood someone's inbox.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from functions import notify
from functions.db import login_counters, participants, program_mail, programs
from functions.domain import program_emails
from functions.errors import AlreadyEnrolled
from functions.settings import Settings

log = logging.getLogger("tandem.enrolment")

WINDOW = timedelta(minutes=10)
PER_ADDRESS = 5
ADDRESS_WINDOW = timedelta(hours=1)
_REFUSAL = "Too many enrolments sent {what}: try again in {{minutes}} minutes."


def answer(email: str, cohort: dict) -> dict:
    """What the page is told, whichever way it went."""
    return {"status": "check_email",
            "message": f"We have sent a message to {email} about your enrolment in "
                       f"{cohort['name']}."}


def enrol(settings: Settings, cohort: dict, client: str, *, email: str, role: str,
          **fields) -> dict:
    """Enrol ``email`` in ``cohort`` (checked open by the caller and again by
    the write) and e-mail the outcome; returns the page's answer."""
    email = email.strip().lower()
    login_counters.take_or_refuse("enrol-client:" + client, settings.enrol_per_client,
                                  WINDOW, _REFUSAL.format(what="from your network"))
    login_counters.take_or_refuse("enrol-address:" + email, PER_ADDRESS, ADDRESS_WINDOW,
                                  _REFUSAL.format(what="for this e-mail address"),
                                  likely_new=True)  # an address enrols once, mostly
    html = None
    try:
        participants.enroll(cohort["id"], email=email, role=role, **fields)
        subject, text, html = _enrolled(settings, cohort, role, fields.get("name") or "")
    except AlreadyEnrolled:
        subject, text = _again(settings, cohort, participants.role_of(cohort["id"], email), role)
    # The enrolment stands whether or not the message goes; a failure is logged.
    notify.deliver(settings, email, subject, text, **({"html": html} if html else {}))
    return answer(email, cohort)


def _where(cohort: dict) -> str:
    program = (cohort.get("program") or {}).get("name")
    return f"{cohort['name']} ({program})" if program else cohort["name"]


def _me(settings: Settings) -> str:
    return f"{(settings.public_url or '').rstrip('/')}/me.html"


def _enrolled(settings: Settings, cohort: dict, role: str,
              name: str) -> tuple[str, str, str]:
    """The welcome, in the program's own words if it has them."""
    program = cohort.get("program") or {}
    return program_emails.compose(
        program_mail.email_templates(program["id"]) if program.get("id") else None, "welcome",
        {"name": name, "first_name": name.split()[0] if name.strip() else "there",
         "program": program.get("name") or "", "cohort": cohort["name"], "role": role,
         "my_mentoring_link": _me(settings)})


def _again(settings: Settings, cohort: dict, stored: str | None,
           asked: str) -> tuple[str, str]:
    as_what = f" as a {stored}" if stored else ""
    changed = (f" The new request, as a {asked}, was not made: to change your role, "
               "write to the program team." if stored and stored != asked else "")
    return (f"You are already enrolled in {cohort['name']}",
            f"Hello,\n\nSomeone, perhaps you, asked to enrol this address in "
            f"{_where(cohort)}. It is already enrolled{as_what}, so nothing was "
            f"changed.{changed}\n\nMy mentoring shows your enrolments:\n{_me(settings)}\n\n"
            "If it was not you, you can ignore this message.\n")
