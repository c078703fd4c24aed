"""Admin passwords and sessions.

Passwords are hashed with Argon2id (argon2-cffi: the reference binding, memory
hard, with safe defaults). Sessions live server-side in DynamoDB; the browser
holds only a random token in an HttpOnly, SameSite=Strict cookie and the table
stores its SHA-256, so a leaked table cannot be replayed as cookies. Sign-in
attempts are limited per e-mail address (``functions.db.login_counters``).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from functions.db import login_counters
from functions.db import admins
from functions.errors import Invalid, TooManyRequests, Unauthorized

COOKIE_NAME = "tandem_session"
#: Wrong passwords evaluated per e-mail address and window; once they are
#: used up, every sign-in for that address is refused until the window ends.
ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
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


def create_admin(email: str, password: str) -> None:
    admins.create_admin(email.strip().lower(), hash_password(password))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(email: str, password: str, hours: int) -> tuple[str, datetime]:
    """Check credentials and open a session; returns (token, expiry).

    An attempt is taken from the address's counter before the password is
    checked, for unknown addresses too: known and unknown answer alike, and
    however many requests race, at most ``ATTEMPTS`` wrong passwords are
    evaluated per ``WINDOW``. A right password gives its attempt back.
    """
    email = email.strip().lower()
    key = login_counters.key(email)
    taken, window_ends = login_counters.take(key, ATTEMPTS, WINDOW)
    if not taken:
        seconds = max(1, int((window_ends - datetime.now(timezone.utc)).total_seconds()))
        refused = TooManyRequests("Too many sign-in attempts for this e-mail address: "
                                  f"try again in {-(-seconds // 60)} minutes.")
        refused.retry_after = seconds  # sent as Retry-After
        raise refused
    admin = admins.get_admin(email)
    ok = verify_password(admin["password_hash"] if admin else _dummy_hash(), password)
    if not (admin and ok):
        raise Unauthorized("wrong e-mail or password")
    login_counters.give_back(key, window_ends)
    token = secrets.token_urlsafe(32)
    expires = datetime.now(timezone.utc) + timedelta(hours=hours)
    admins.create_session(_token_hash(token), email, expires)
    return token, expires


def session_admin(token: str | None) -> str | None:
    """The admin e-mail of a live session, or None (past its end, idle for
    ``IDLE``, signed out, or its admin removed)."""
    if not token:
        return None
    return admins.get_session_admin(_token_hash(token), IDLE, TOUCH_EVERY)


def logout(token: str | None) -> None:
    if token:
        admins.delete_session(_token_hash(token))
