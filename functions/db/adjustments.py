"""An admin's adjustments to a cohort's matching: locked and forbidden pairs.

Each is one item (cohort, "lock#mentee#mentor"), written only if new and
deleted only if there, so two admins adjusting at once never overwrite each
other. A run passes them to the engine as ``require`` and ``forbid``.

Every add and removal raises the cohort's ``inputs_version`` in the same
transaction: a proposal made before it is stale and cannot be published, so a
forbidden pair is never published and a locked one always is.
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from functions.db.base import Base, iso, now, transact
from functions.db.programs import Cohort
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


def _bumped(tx, cohort_id: str) -> None:
    """Raise the cohort's inputs version (any cohort version: this only counts)."""
    tx.update(Cohort(id=cohort_id, version=0), actions=[Cohort.inputs_version.add(1)],
              condition=Cohort.id.exists(), add_version_condition=False)


def add(cohort_id: str, kind: str, mentee: str, mentor: str, by: str) -> None:
    item = Adjustment(cohort_id=cohort_id, key=_key(kind, mentee, mentor), kind=kind,
                      mentee=mentee, mentor=mentor, made_by=by, made_at=now())

    def write(tx) -> None:
        tx.save(item, condition=Adjustment.key.does_not_exist())
        _bumped(tx, cohort_id)
    if transact(write):
        raise Conflict("that pair is already locked" if kind == "lock"
                       else "that pair is already forbidden", field="mentor")


def remove(cohort_id: str, kind: str, mentee: str, mentor: str) -> None:
    def write(tx) -> None:
        tx.delete(Adjustment(cohort_id=cohort_id, key=_key(kind, mentee, mentor)),
                  condition=Adjustment.key.exists())
        _bumped(tx, cohort_id)
    if transact(write):
        raise NotFound(f"no {kind} of that pair", field="mentor")
