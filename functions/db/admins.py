"""Admin accounts and their server-side sessions: tables and operations."""
from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import (
    NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute,
)
from pynamodb.exceptions import PutError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from functions.db.base import Base, iso, live_session, now, transact
from functions.errors import Conflict, NotFound


class AdminsByKind(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-kind"
        projection = KeysOnlyProjection()

    kind = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)


class Admin(Base):
    class Meta(Base.Meta):
        base_name = "admins"

    email = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="admin")  # "counter" for COUNTER_KEY's item
    #: None on the counter item, and on an admin who signs in only with single sign-on.
    password_hash = UnicodeAttribute(null=True)
    #: Why an admin without an invitation is one: ``"sso-claim"`` for the admin
    #: claim of single sign-on (functions.auth.oidc_sessions), which its loss ends.
    granted_by = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    #: Only on the counter item: how many admins exist.
    count = NumberAttribute(null=True)

    by_kind = AdminsByKind()


class AdminSession(Base):
    """Server-side admin session; the cookie holds a token, the table its hash."""

    class Meta(Base.Meta):
        base_name = "admin-sessions"

    token_hash = UnicodeAttribute(hash_key=True)
    admin_email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    #: The idle clock (None on sessions from before it: ``created_at`` counts).
    last_seen = UTCDateTimeAttribute(null=True)
    #: The absolute end; also the TTL.
    expires = TTLAttribute()


#: The item counting admins, in the admins table; "#" is in no e-mail address
#: anyone can sign in with. The count lets "never remove the last admin" be a
#: condition in the delete's own transaction instead of a check before it.
COUNTER_KEY = "#admin-count"


def ensure_counter() -> None:
    """Create the counter from the admins that exist, if it is missing (a
    store from before it). Every admin write needs the counter to exist, so
    none can slip in between this count and this put."""
    try:
        Admin.get(COUNTER_KEY, consistent_read=True)
        return
    except Admin.DoesNotExist:
        pass
    count = sum(1 for _ in Admin.by_kind.query("admin"))
    try:
        Admin(email=COUNTER_KEY, kind="counter", count=count, created_at=now()).save(
            condition=Admin.email.does_not_exist())
    except PutError as exc:
        # A failed condition: another request made the counter first, which is fine.
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise


def add_admin_in(tx, email: str, password_hash: str | None,
                 granted_by: str | None = None) -> None:
    """Put a new admin and count it, inside the caller's transaction (two items)."""
    tx.save(Admin(email=email, password_hash=password_hash, granted_by=granted_by,
                  created_at=now()),
            condition=Admin.email.does_not_exist())
    tx.update(Admin(email=COUNTER_KEY), actions=[Admin.count.add(1)],
              condition=Admin.email.exists())


def create_admin(email: str, password_hash: str | None, granted_by: str | None = None) -> None:
    ensure_counter()
    reasons = transact(lambda tx: add_admin_in(tx, email, password_hash, granted_by))
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise Conflict(f"admin {email} already exists", field="email")
    if reasons:
        raise Conflict("the admin count changed; try again", field="email")


def get_admin(email: str) -> dict | None:
    try:
        a = Admin.get(email)
    except Admin.DoesNotExist:
        return None
    if a.kind != "admin":
        return None
    return {"email": a.email, "password_hash": a.password_hash, "granted_by": a.granted_by}


def list_admins() -> list[dict]:
    emails = [a.email for a in Admin.by_kind.query("admin")]
    found = {a.email: a for a in Admin.batch_get(emails)} if emails else {}
    return [{"id": e, "email": e, "created_at": iso(found[e].created_at),
             "granted_by": found[e].granted_by} for e in sorted(found)]


def remove_admin(email: str) -> None:
    """Delete an admin, never the last one: the delete and ``count - 1`` are
    one transaction whose condition is ``count > 1``, so two admins removing
    each other at the same moment cannot both succeed."""
    ensure_counter()

    def write(tx) -> None:
        tx.delete(Admin(email=email), condition=Admin.kind == "admin")
        tx.update(Admin(email=COUNTER_KEY), actions=[Admin.count.add(-1)],
                  condition=Admin.count > 1)

    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise NotFound(f"no admin {email}", field="id")
    if reasons:
        raise Conflict("the last admin cannot be removed", field="id")


def any_admin() -> bool:
    return any(True for _ in Admin.by_kind.query("admin", limit=1))


def create_session(token_hash: str, email: str, expires: datetime) -> None:
    moment = now()
    AdminSession(token_hash=token_hash, admin_email=email, created_at=moment,
                 last_seen=moment, expires=expires).save(
        condition=AdminSession.token_hash.does_not_exist())


def get_session_admin(token_hash: str, idle: timedelta, touch_every: timedelta) -> str | None:
    """The admin of a live session (not past its end, used within ``idle``),
    or None; refreshes its idle clock (``base.live_session``)."""
    try:
        s = AdminSession.get(token_hash, consistent_read=True)
    except AdminSession.DoesNotExist:
        return None
    # DynamoDB's TTL deletes lazily: an expired session must not count.
    if not live_session(s, idle, touch_every):
        return None
    # A removed admin's open sessions end with the account.
    if get_admin(s.admin_email) is None:
        return None
    return s.admin_email


def delete_session(token_hash: str) -> None:
    AdminSession(token_hash=token_hash).delete()
