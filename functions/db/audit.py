"""The audit log: every state change an admin makes, append-only.

One partition holds the whole log, sorted by a key that starts with the
time, so "newest first, a page at a time" is a single Query walking the
partition backwards; nothing ever Scans it. Entries are only ever put under
``attribute_not_exists``: the code has no update or delete for this table,
and the API's IAM role is granted neither (``infra/roles.yaml``).
"""
from __future__ import annotations

import base64
import json

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError

from functions.db.base import Base, iso, new_id, now

#: The log's one partition key. Admin actions are few (people clicking), far
#: below a partition's 1,000 writes per second.
LOG = "admin"


class AuditEntry(Base):
    class Meta(Base.Meta):
        base_name = "audit"

    log = UnicodeAttribute(hash_key=True)
    #: ISO time to the microsecond, then a random id: sorts by time, never collides.
    sk = UnicodeAttribute(range_key=True)
    at = UTCDateTimeAttribute()
    admin_email = UnicodeAttribute()
    action = UnicodeAttribute()
    object_type = UnicodeAttribute()
    object_id = UnicodeAttribute()
    detail = JSONAttribute(default=dict)


def record(admin_email: str, action: str, object_type: str, object_id: str,
           detail: dict | None = None) -> dict:
    """Append one entry: who (``admin_email``) did what (``action``, e.g.
    ``"program.create"``) to which object, with a small JSON ``detail``."""
    moment = now()
    entry = AuditEntry(log=LOG, sk=f"{moment.isoformat(timespec='microseconds')}#{new_id()}",
                       at=moment, admin_email=admin_email, action=action,
                       object_type=object_type, object_id=str(object_id),
                       detail=detail or {})
    for _ in range(3):
        try:
            entry.save(condition=AuditEntry.sk.does_not_exist())
            break
        except PutError as exc:
            if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
            entry.sk = f"{moment.isoformat(timespec='microseconds')}#{new_id()}"
    return entry_view(entry)


def entry_view(e: AuditEntry) -> dict:
    return {"id": e.sk, "at": iso(e.at), "admin": e.admin_email, "action": e.action,
            "object_type": e.object_type, "object_id": e.object_id, "detail": e.detail}


def _encode(key: dict | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key["sk"]["S"]).encode()).decode()


def _decode(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    try:
        sk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:
        return None
    if not isinstance(sk, str):
        return None
    return {"log": {"S": LOG}, "sk": {"S": sk}}


def page(limit: int = 50, cursor: str | None = None) -> tuple[list[dict], str | None]:
    """One page of the log, newest first, and the cursor of the next (None at the end).

    An unreadable cursor starts from the newest entry again (it is only ever
    produced by this function, so that means someone edited the URL)."""
    result = AuditEntry.query(LOG, scan_index_forward=False, limit=limit,
                              last_evaluated_key=_decode(cursor))
    entries = [entry_view(e) for e in result]
    return entries, _encode(result.last_evaluated_key) if len(entries) == limit else None


def every_entry():
    """The whole log, newest first, for the CSV export (a paged Query)."""
    for e in AuditEntry.query(LOG, scan_index_forward=False):
        yield entry_view(e)
