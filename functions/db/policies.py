"""A program's matching policy, one item per saved version (append-only).

Every save is a new version (who, when, what changed); a run records the
version it used; restoring an earlier version saves it again as the newest.
Two admins saving at once cannot both become version N: the put is
conditional on the version being new.
"""
from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute,
)
from pynamodb.exceptions import PutError

from functions.db.base import Base, iso, now, raise_if_condition
from functions.errors import Conflict, NotFound


class PolicyVersion(Base):
    class Meta(Base.Meta):
        base_name = "policies"

    program_id = UnicodeAttribute(hash_key=True)
    version = NumberAttribute(range_key=True)
    criteria = JSONAttribute()
    min_score = NumberAttribute(default=0)
    mode = UnicodeAttribute(default="admin")  # admin | choice
    saved_by = UnicodeAttribute()
    saved_at = UTCDateTimeAttribute()
    changes = JSONAttribute(default=list)
    restored_from = NumberAttribute(null=True)
    #: Keys of the flags (``domain.policy.warnings``) the admin kept as they are.
    confirmed = JSONAttribute(null=True)


def view(p: PolicyVersion) -> dict:
    return {"version": int(p.version), "criteria": p.criteria, "min_score": float(p.min_score),
            "mode": p.mode, "saved_by": p.saved_by, "saved_at": iso(p.saved_at),
            "changes": p.changes,
            "restored_from": int(p.restored_from) if p.restored_from is not None else None,
            "confirmed": p.confirmed or []}


def latest(program_id: str) -> dict | None:
    """The newest saved version, or None if the program's policy was never saved."""
    for p in PolicyVersion.query(program_id, scan_index_forward=False, limit=1,
                                 consistent_read=True):
        return view(p)
    return None


def get(program_id: str, version: int) -> dict:
    try:
        return view(PolicyVersion.get(program_id, version, consistent_read=True))
    except PolicyVersion.DoesNotExist:
        raise NotFound(f"program {program_id} has no policy version {version}",
                       field="version") from None


def history(program_id: str) -> list[dict]:
    """Every saved version, newest first."""
    return [view(p) for p in PolicyVersion.query(program_id, scan_index_forward=False)]


def save(program_id: str, policy: dict, *, version: int, by: str, changes: list[str],
         restored_from: int | None = None) -> int:
    """Store ``policy`` as ``version``; 409 if someone saved that version first."""
    item = PolicyVersion(program_id=program_id, version=version, criteria=policy["criteria"],
                         min_score=policy.get("min_score", 0), mode=policy.get("mode", "admin"),
                         saved_by=by, saved_at=now(), changes=changes,
                         restored_from=restored_from, confirmed=policy.get("confirmed") or None)
    try:
        item.save(condition=PolicyVersion.version.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, Conflict(
            f"the policy was changed by someone else (version {version} exists); "
            "reload it and save again", field="version"))
    return version
