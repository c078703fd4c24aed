"""Admin accounts and their server-side sessions: tables and operations."""
from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from functions.db.base import Base, now, raise_if_condition
from functions.errors import Conflict


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
    kind = UnicodeAttribute(default="admin")
    password_hash = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()

    by_kind = AdminsByKind()


class AdminSession(Base):
    """Server-side admin session; the cookie holds a token, the table its hash."""

    class Meta(Base.Meta):
        base_name = "admin-sessions"

    token_hash = UnicodeAttribute(hash_key=True)
    admin_email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()


def create_admin(email: str, password_hash: str) -> None:
    admin = Admin(email=email, password_hash=password_hash, created_at=now())
    try:
        admin.save(condition=Admin.email.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, Conflict(f"admin {email} already exists", field="email"))


def get_admin(email: str) -> dict | None:
    try:
        a = Admin.get(email)
    except Admin.DoesNotExist:
        return None
    return {"email": a.email, "password_hash": a.password_hash}


def any_admin() -> bool:
    return any(True for _ in Admin.by_kind.query("admin", limit=1))


def create_session(token_hash: str, email: str, expires: datetime) -> None:
    AdminSession(token_hash=token_hash, admin_email=email, created_at=now(),
                 expires=expires).save(condition=AdminSession.token_hash.does_not_exist())


def get_session_admin(token_hash: str) -> str | None:
    try:
        s = AdminSession.get(token_hash, consistent_read=True)
    except AdminSession.DoesNotExist:
        return None
    # DynamoDB's TTL deletes lazily: an expired session must not count.
    if s.expires is None or s.expires <= now():
        return None
    return s.admin_email


def delete_session(token_hash: str) -> None:
    AdminSession(token_hash=token_hash).delete()
