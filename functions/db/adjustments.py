"""An admin's adjustments to a cohort's matching: locked and forbidden pairs.

Each is one item (cohort, "lock#mentee#mentor"), written only if new and
deleted only if there, so two admins adjusting at once never overwrite each
other. A run passes them to the engine as ``require`` and ``forbid``.
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError, PutError

from functions.db.base import Base, iso, now, raise_if_condition
from functions.errors import Conflict, NotFound

KINDS = ("lock", "forbid")


class Adjustment(Base):
    class Meta(Base.Meta):
        base_name = "adjustments"

    cohort_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)  # KIND#MENTEE#MENTOR
    kind = UnicodeAttribute()
    mentee = UnicodeAttribute()
    mentor = UnicodeAttribute()
    made_by = UnicodeAttribute()
    made_at = UTCDateTimeAttribute()


def _key(kind: str, mentee: str, mentor: str) -> str:
    return f"{kind}#{mentee}#{mentor}"


def listed(cohort_id: str) -> list[dict]:
    return [{"kind": a.kind, "mentee": a.mentee, "mentor": a.mentor, "made_by": a.made_by,
             "made_at": iso(a.made_at)}
            for a in Adjustment.query(cohort_id, consistent_read=True)]


def add(cohort_id: str, kind: str, mentee: str, mentor: str, by: str) -> None:
    item = Adjustment(cohort_id=cohort_id, key=_key(kind, mentee, mentor), kind=kind,
                      mentee=mentee, mentor=mentor, made_by=by, made_at=now())
    try:
        item.save(condition=Adjustment.key.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, Conflict(f"that pair is already {kind}ed"
                                         if kind == "lock" else "that pair is already forbidden",
                                         field="mentor"))


def remove(cohort_id: str, kind: str, mentee: str, mentor: str) -> None:
    try:
        Adjustment(cohort_id=cohort_id, key=_key(kind, mentee, mentor)).delete(
            condition=Adjustment.key.exists())
    except DeleteError as exc:
        raise_if_condition(exc, NotFound(f"no {kind} of that pair", field="mentor"))
