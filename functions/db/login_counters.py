"""How many sign-in attempts an e-mail address has left, kept in DynamoDB.

A Lambda has no memory shared between requests, so the count lives in the
``login-counters`` table: one item per address (its SHA-256), holding the
attempts taken in the current window and when the window ends (also the
item's TTL). Every change is one conditional update, so however many
requests race, no more than the limit are taken in a window.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError

from functions.db.base import Base, now
from functions.errors import TooManyRequests
from functions.vocab.digest import digest


class LoginCounter(Base):
    """Sign-in attempts for one e-mail address in the current window.

    One item per normalised e-mail, known to be an admin or not, so both
    answer alike. The key is the address's SHA-256: whatever people type is
    not kept. ``window_ends`` is also the TTL, so DynamoDB drops old counters.
    """

    class Meta(Base.Meta):
        base_name = "login-counters"

    email_hash = UnicodeAttribute(hash_key=True)
    attempts = NumberAttribute(default=0)
    window_ends = TTLAttribute()


def key(email: str) -> str:
    """The counter's key: what people type is not kept."""
    return digest(email)


def _condition_failed(exc: UpdateError) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


class Taken(NamedTuple):
    taken: bool
    window_ends: datetime
    #: Attempts counted in the window after this one (the limit when refused).
    attempts: int


def take(email_hash: str, limit: int, window: timedelta, *, likely_new: bool = False) -> Taken:
    """Take one of the ``limit`` attempts of the current window.

    Returns (taken, window end, attempts now counted). Add one to a live
    window with room, or start a new window if the last one is over (or there
    is none): the two conditions never hold together, so the order only
    decides how many calls it takes. ``likely_new``: the counter is usually
    new (an address enrolling once), so starting a window is tried first,
    one call instead of two. If both conditions fail the window is live and
    full, unless a new window started between the two updates, which a
    consistent read tells apart.
    """
    counter = LoginCounter(email_hash=email_hash)
    for _ in range(3):
        moment = now()
        tries = (_start, _add) if likely_new else (_add, _start)
        for attempt in tries:
            got = attempt(counter, moment, limit, window)
            if got:
                return got
        try:
            current = LoginCounter.get(email_hash, consistent_read=True)
        except LoginCounter.DoesNotExist:
            continue
        if current.attempts >= limit and current.window_ends > now():
            return Taken(False, current.window_ends, int(current.attempts))
    # Still racing after three rounds: refusing is the safe answer.
    return Taken(False, now() + window, limit)


def _add(counter: LoginCounter, moment: datetime, limit: int, window: timedelta) -> Taken | None:
    """One more in a live window with room, or None."""
    try:
        counter.update(actions=[LoginCounter.attempts.add(1)],
                       condition=(LoginCounter.window_ends > moment)
                       & (LoginCounter.attempts < limit))
        return Taken(True, counter.window_ends, int(counter.attempts))
    except UpdateError as exc:
        if not _condition_failed(exc):
            raise
    return None


def _start(counter: LoginCounter, moment: datetime, limit: int,
           window: timedelta) -> Taken | None:
    """A new window with this one attempt, if the last one is over (or none), or None."""
    try:
        counter.update(actions=[LoginCounter.attempts.set(1),
                                LoginCounter.window_ends.set(moment + window)],
                       condition=LoginCounter.window_ends.does_not_exist()
                       | (LoginCounter.window_ends <= moment))
        return Taken(True, counter.window_ends, 1)
    except UpdateError as exc:
        if not _condition_failed(exc):
            raise
    return None


def attempts(name: str) -> int:
    """Attempts counted now in the live window of the counter called ``name``."""
    try:
        current = LoginCounter.get(key(name), consistent_read=True)
    except LoginCounter.DoesNotExist:
        return 0
    return int(current.attempts) if current.window_ends > now() else 0


def take_or_refuse(name: str, limit: int, window: timedelta, refusal: str, *,
                   likely_new: bool = False) -> Taken:
    """``take`` from the counter called ``name`` (hashed: the table never
    holds an address or an IP), or raise 429 with ``Retry-After``;
    ``refusal`` is the message, ``{minutes}`` standing for the wait."""
    got = take(key(name), limit, window, likely_new=likely_new)
    if not got.taken:
        seconds = max(1, int((got.window_ends - now()).total_seconds()))
        refused = TooManyRequests(refusal.format(minutes=-(-seconds // 60)))
        refused.retry_after = seconds  # sent as Retry-After
        raise refused
    return got


def give_back(email_hash: str, window_ends: datetime) -> None:
    """Return an attempt taken in the window ending at ``window_ends`` (it
    was a right password), so only wrong ones use up the limit."""
    try:
        LoginCounter(email_hash=email_hash).update(
            actions=[LoginCounter.attempts.add(-1)],
            condition=(LoginCounter.window_ends == window_ends) & (LoginCounter.attempts > 0))
    except UpdateError as exc:
        # A failed condition: a new window has started, none of this one is left to return.
        if not _condition_failed(exc):
            raise
