"""Participants sign in with a link e-mailed to them; no passwords.

- A link carries a token of 256 random bits (``secrets.token_urlsafe(32)``),
  good for ``LINK_MINUTES`` and for one use: the table keeps its SHA-256 and
  using it is a conditional delete (``functions.db.participant_auth``).
- The token sits in the link's fragment (``/me.html#t=…``), which browsers
  never send to a server nor put in a Referer; the page posts it to
  ``/api/sign-in/token`` at once and gets a session cookie for it. Nothing
  here logs a token.
- Sessions are server-side, end after ``IDLE`` without a request or
  ``ABSOLUTE`` after sign-in, whichever comes first, and sign-out deletes them.
- Link requests are limited per address and per client (IP) with counters in
  DynamoDB: a Lambda's memory is not shared between requests. Known and
  unknown addresses take from the counters and answer alike.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from functions import notify
from functions.db import login_counters, participant_auth, participant_data
from functions.errors import Unauthorized
from functions.vocab.digest import digest
from functions.settings import Settings

COOKIE_NAME = "tandem_participant"
LINK_MINUTES = 15
IDLE = timedelta(hours=2)
ABSOLUTE = timedelta(hours=24)
#: The idle clock is written at most this often.
TOUCH_EVERY = timedelta(minutes=5)
#: Link requests per window: per address, and per client address.
PER_ADDRESS, PER_CLIENT = 5, 30
WINDOW = timedelta(hours=1)


def _take(name: str, limit: int) -> None:
    # Prefixed: the admin password counter of the same address is another item.
    login_counters.take_or_refuse(name, limit, WINDOW, "Too many sign-in links asked for: "
                                  "try again in {minutes} minutes.")


def request_link(settings: Settings, email: str, client: str) -> None:
    """E-mail a sign-in link if ``email`` belongs to a participant; the caller
    answers the same either way."""
    email = email.strip().lower()
    _take("sign-in-client:" + client, PER_CLIENT)
    _take(participant_auth.LINK_COUNTER + email, PER_ADDRESS)
    if not participant_data.records(email):
        return
    token = secrets.token_urlsafe(32)
    expires = datetime.now(timezone.utc) + timedelta(minutes=LINK_MINUTES)
    participant_auth.create_token(digest(token), email, expires)
    base = (settings.public_url or "").rstrip("/")
    notify.send(settings, email, "Your Tandem sign-in link",
                f"Hello,\n\nSign in to Tandem with this link:\n{base}/me.html#t={token}\n\n"
                f"It works once, for {LINK_MINUTES} minutes. If you did not ask for it, "
                "ignore this message.\n")


def sign_in(token: str) -> tuple[str, datetime]:
    """Use a link's token up; returns (session token, session's absolute end)."""
    email = participant_auth.consume_token(digest(token))
    if email is None:
        raise Unauthorized("this sign-in link is used, expired or not valid: ask for a new one",
                           field="token")
    return open_session(email)


def open_session(email: str, name: str | None = None) -> tuple[str, datetime]:
    """A new participant session for ``email`` (an e-mailed link's, or single
    sign-on's with the provider's ``name``): (cookie token, its absolute end)."""
    session = secrets.token_urlsafe(32)
    expires = datetime.now(timezone.utc) + ABSOLUTE
    participant_auth.create_session(digest(session), email, expires, name)
    return session, expires


def session_email(token: str | None) -> str | None:
    if not token:
        return None
    return participant_auth.session_email(digest(token), IDLE, TOUCH_EVERY)


def session_person(token: str | None) -> tuple[str, str | None] | None:
    """(address, name from single sign-on or None) of a live session, or None."""
    if not token:
        return None
    return participant_auth.session_person(digest(token), IDLE, TOUCH_EVERY)


def sign_out(token: str | None) -> None:
    if token:
        participant_auth.delete_session(digest(token))
