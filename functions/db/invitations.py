"""Invitations to become an admin: one-time tokens, stored only as hashes.

The e-mail carries a random token; the table keeps its SHA-256, the address
invited, and an expiry (also the item's TTL). Accepting is one transaction:
delete the invitation on the condition that it is still there and not
expired, and create the admin, so a token works once even if two requests
race with it.
"""
from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from functions.db import admins
from functions.db.base import Base, iso, now, transact
from functions.errors import Conflict, Invalid


class InvitationsByKind(GlobalSecondaryIndex):
    """Every invitation under one key: the pending list is a Query."""

    class Meta:
        index_name = "by-kind"
        projection = KeysOnlyProjection()

    kind = UnicodeAttribute(hash_key=True)
    token_hash = UnicodeAttribute(range_key=True)


class Invitation(Base):
    class Meta(Base.Meta):
        base_name = "admin-invitations"

    token_hash = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="invitation")
    email = UnicodeAttribute()
    invited_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()

    by_kind = InvitationsByKind()


def create(token_hash: str, email: str, invited_by: str, expires: datetime) -> None:
    Invitation(token_hash=token_hash, email=email, invited_by=invited_by, created_at=now(),
               expires=expires).save(condition=Invitation.token_hash.does_not_exist())


def pending() -> list[dict]:
    """Invitations not yet accepted nor expired, by address."""
    keys = [i.token_hash for i in Invitation.by_kind.query("invitation")]
    moment = now()
    live = [i for i in Invitation.batch_get(keys) if i.expires and i.expires > moment] if keys else []
    return sorted(({"email": i.email, "invited_by": i.invited_by,
                    "expires": iso(i.expires)} for i in live), key=lambda v: v["email"])


def accept(token_hash: str, password_hash: str) -> str:
    """Use the invitation once and create its admin; returns the admin's e-mail."""
    try:
        invitation = Invitation.get(token_hash, consistent_read=True)
    except Invitation.DoesNotExist:
        invitation = None
    if invitation is None or invitation.expires is None or invitation.expires <= now():
        raise Invalid("this invitation link is unknown, used or expired; ask for a new one",
                      field="token")
    email = invitation.email

    def write(tx) -> None:
        tx.delete(Invitation(token_hash=token_hash),
                  condition=Invitation.token_hash.exists() & (Invitation.expires > now()))
        admins.add_admin_in(tx, email, password_hash)

    admins.ensure_counter()
    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise Invalid("this invitation link was used already", field="token")
    if reasons:
        raise Conflict(f"{email} is an admin already", field="token")
    return email


def accept_for(email: str, granted_by: str) -> bool:
    """Use a live invitation of ``email`` without its link: the person proved
    the address by signing in with single sign-on. Creates the admin (no
    password) in the same transaction that deletes the invitation; False when
    no live invitation names the address."""
    keys = [i.token_hash for i in Invitation.by_kind.query("invitation")]
    moment = now()
    live = [i for i in (Invitation.batch_get(keys) if keys else [])
            if i.email == email and i.expires and i.expires > moment]
    if not live:
        return False

    def write(tx) -> None:
        tx.delete(Invitation(token_hash=live[0].token_hash),
                  condition=Invitation.token_hash.exists() & (Invitation.expires > now()))
        admins.add_admin_in(tx, email, None, granted_by)

    admins.ensure_counter()
    return not transact(write)
