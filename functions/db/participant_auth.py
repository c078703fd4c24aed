"""Participants' sign-in links and sessions: tables and operations.

Both tables key their items by the SHA-256 of a random token, never the token
itself, so a leaked table cannot be replayed as links or cookies. A link is
used by deleting its item under a condition: DynamoDB applies conditional
writes to one item one at a time, so of any number of concurrent uses
exactly one finds the item there. Both carry a TTL so DynamoDB drops old
ones; reads check the expiry themselves because TTL deletes lazily.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from functions.db.base import Base, iso, live_session, now
from functions.db import login_counters
from functions.db.login_counters import LoginCounter

#: The prefix of a link-request counter's key (the admin password counter of
#: the same address is another item).
LINK_COUNTER = "sign-in-link:"


class _ByEmail(GlobalSecondaryIndex):
    """Every token or session of one address: erasing a person finds them all."""

    class Meta:
        index_name = "by-email"
        projection = KeysOnlyProjection()

    email = UnicodeAttribute(hash_key=True)


class SignInToken(Base):
    class Meta(Base.Meta):
        base_name = "sign-in-tokens"

    token_hash = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()

    by_email = _ByEmail()


class ParticipantSession(Base):
    class Meta(Base.Meta):
        base_name = "participant-sessions"

    token_hash = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    last_seen = UTCDateTimeAttribute()
    #: The absolute end; also the TTL.
    expires = TTLAttribute()
    #: The name the OpenID provider gave, for a session of single sign-on
    #: (enrolment fills it in); None for an e-mailed link's.
    name = UnicodeAttribute(null=True)

    by_email = _ByEmail()


def create_token(token_hash: str, email: str, expires: datetime) -> None:
    SignInToken(token_hash=token_hash, email=email, created_at=now(),
                expires=expires).save(condition=SignInToken.token_hash.does_not_exist())


def consume_token(token_hash: str) -> str | None:
    """The token's address if this call used it up, else None (unknown,
    expired, or used — by this or a concurrent request)."""
    try:
        item = SignInToken.get(token_hash, consistent_read=True)
    except SignInToken.DoesNotExist:
        return None
    try:
        # The condition, not the read above, decides who wins.
        SignInToken(token_hash=token_hash).delete(
            condition=SignInToken.token_hash.exists() & (SignInToken.expires > now()))
    except DeleteError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return None
        raise
    return item.email


def create_session(token_hash: str, email: str, expires: datetime,
                   name: str | None = None) -> None:
    moment = now()
    ParticipantSession(token_hash=token_hash, email=email, created_at=moment,
                       last_seen=moment, expires=expires, name=name).save(
        condition=ParticipantSession.token_hash.does_not_exist())


def session_email(token_hash: str, idle: timedelta, touch_every: timedelta) -> str | None:
    """The address of a live session, or None; refreshes its idle clock.

    The idle clock is written at most every ``touch_every`` so a page's burst
    of reads is one write, not many."""
    try:
        s = ParticipantSession.get(token_hash, consistent_read=True)
    except ParticipantSession.DoesNotExist:
        return None
    return s.email if live_session(s, idle, touch_every) else None


def session_person(token_hash: str, idle: timedelta,
                   touch_every: timedelta) -> tuple[str, str | None] | None:
    """(address, name from single sign-on or None) of a live session, or None."""
    try:
        s = ParticipantSession.get(token_hash, consistent_read=True)
    except ParticipantSession.DoesNotExist:
        return None
    return (s.email, s.name) if live_session(s, idle, touch_every) else None


def delete_session(token_hash: str) -> None:
    ParticipantSession(token_hash=token_hash).delete()


def sessions_of(email: str) -> list[dict]:
    """The address's sessions as an export shows them (no hashes)."""
    keys = [s.token_hash for s in ParticipantSession.by_email.query(email)]
    found = ParticipantSession.batch_get(keys) if keys else []
    return [{"created_at": iso(s.created_at), "last_seen": iso(s.last_seen),
             "expires": iso(s.expires)} for s in found]


def pending_tokens(email: str) -> int:
    return sum(1 for _ in SignInToken.by_email.query(email))


def erase(email: str) -> int:
    """Delete every session and unused link of ``email``; returns how many."""
    items = list(ParticipantSession.by_email.query(email)) + list(SignInToken.by_email.query(email))
    for item in items:
        item.delete()
    # Her link-request counter too (keyed by a hash of her address).
    LoginCounter(email_hash=login_counters.key(LINK_COUNTER + email)).delete()
    return len(items)
