"""Admin passwords and sessions.

Passwords are hashed with Argon2id (argon2-cffi: the reference binding, memory
hard, with safe defaults). Sessions live server-side in DynamoDB; the browser
holds only a random token in an HttpOnly, SameSite=Strict cookie and the table
stores its SHA-256, so a leaked table cannot be replayed as cookies. Sign-in
attempts are limited per client and per e-mail address (``login``,
``functions.db.login_counters``).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from functions.db import login_counters
from functions.db import admins
from functions.errors import Invalid, TooManyRequests, Unauthorized
from functions.vocab.digest import digest

COOKIE_NAME = "tandem_session"
#: Wrong passwords evaluated per e-mail address and window from any client.
ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
#: Wrong passwords per client (IP) and window, across addresses.
CLIENT_ATTEMPTS = 20
#: Wrong passwords per address and window from clients with no failure of
#: their own, once ``ATTEMPTS`` are used up (see ``login``).
LOCKED_ATTEMPTS = 50
CLIENT_COUNTER, LOCKED_COUNTER = "admin-client:", "admin-locked:"
#: A session ends after this long without a request, or at its absolute end
#: (``Settings.session_hours``), whichever comes first.
IDLE = timedelta(hours=1)
#: The idle clock is written at most this often.
TOUCH_EVERY = timedelta(minutes=5)
_hasher = PasswordHasher()
MIN_PASSWORD = 12


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both paths cost the same.
    Made on first use, not at import: it would add ~0.1 s to every cold start."""
    return _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"password: must be at least {MIN_PASSWORD} characters", field="password")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_admin(email: str, password: str | None = None, *, password_hash: str | None = None) -> None:
    """An admin with ``password``, or with the hash of one made beforehand
    (``hash_password`` refuses a short password before any store is opened)."""
    admins.create_admin(email.strip().lower(), password_hash or hash_password(password))


def login(email: str, password: str, hours: int, client: str = "?") -> tuple[str, datetime]:
    """Check credentials and open a session; returns (token, expiry).

    Attempts are taken from counters before the password is checked, for
    unknown addresses too, so known and unknown answer alike; a right
    password gives its attempts back, so only wrong ones use up a limit.

    - Per client (IP): ``CLIENT_ATTEMPTS`` wrong passwords per ``WINDOW``,
      whichever addresses they were for.
    - Per address: ``ATTEMPTS`` wrong passwords per ``WINDOW`` from anyone.
      Past that the address is locked only for clients that have failed
      themselves: a client with no wrong password in its window may still
      try, so five guesses from a stranger do not lock the admin out. Those
      tries are capped too (``LOCKED_ATTEMPTS``), so guessing from many
      addresses at once stays bounded per window; only such a crowd can lock
      an admin out.
    """
    email = email.strip().lower()
    by_client = login_counters.take_or_refuse(
        CLIENT_COUNTER + client, CLIENT_ATTEMPTS, WINDOW,
        "Too many failed sign-ins from your network: try again in {minutes} minutes.")
    taken = [(login_counters.key(CLIENT_COUNTER + client), by_client.window_ends)]
    by_address = login_counters.take(login_counters.key(email), ATTEMPTS, WINDOW)
    if by_address.taken:
        taken.append((login_counters.key(email), by_address.window_ends))
    else:
        # Read now, not from the take: a try of the same client that was in
        # flight then may have failed since. 1 is this attempt alone.
        if login_counters.attempts(CLIENT_COUNTER + client) > 1:
            login_counters.give_back(*taken[0])  # nothing was evaluated
            raise _locked(by_address.window_ends)
        try:
            locked = login_counters.take_or_refuse(
                LOCKED_COUNTER + email, LOCKED_ATTEMPTS, WINDOW, LOCKED_MESSAGE)
        except TooManyRequests:
            login_counters.give_back(*taken[0])
            raise
        taken.append((login_counters.key(LOCKED_COUNTER + email), locked.window_ends))
    admin = admins.get_admin(email)
    # An admin of single sign-on only has no password: checked against the dummy, refused.
    stored = admin["password_hash"] if admin else None
    ok = verify_password(stored or _dummy_hash(), password)
    if not (stored and ok):
        raise Unauthorized("wrong e-mail or password")
    for counter, window_ends in taken:
        login_counters.give_back(counter, window_ends)
    return open_session(email, hours)


def open_session(email: str, hours: int) -> tuple[str, datetime]:
    """A new server-side session for admin ``email``: (cookie token, its end)."""
    token = secrets.token_urlsafe(32)
    expires = datetime.now(timezone.utc) + timedelta(hours=hours)
    admins.create_session(digest(token), email, expires)
    return token, expires


LOCKED_MESSAGE = ("Too many sign-in attempts for this e-mail address: "
                  "try again in {minutes} minutes.")


def _locked(window_ends: datetime) -> TooManyRequests:
    seconds = max(1, int((window_ends - datetime.now(timezone.utc)).total_seconds()))
    refused = TooManyRequests(LOCKED_MESSAGE.format(minutes=-(-seconds // 60)))
    refused.retry_after = seconds
    return refused


def session_admin(token: str | None) -> str | None:
    """The admin e-mail of a live session, or None (past its end, idle for
    ``IDLE``, signed out, or its admin removed)."""
    if not token:
        return None
    return admins.get_session_admin(digest(token), IDLE, TOUCH_EVERY)


def logout(token: str | None) -> None:
    if token:
        admins.delete_session(digest(token))
