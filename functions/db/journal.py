"""A match's journal: goals, milestones, meetings, feedback, check-ins and
its closure, one table keyed by (match id, item key), so a match's page is
one Query and nothing here ever Scans.

Item keys: ``goal#G``, ``goal#G#ms#M``, ``meeting#X``, ``feedback#X``,
``checkin#PPPP#PARTICIPANT`` (one per participant per check-in period, so a
second one in a period fails its condition) and ``closure`` (at most one; its
existence is what makes the match read-only). Every write is one transaction
that also checks ``closure`` is absent, so nothing lands after a close, and
every edit is conditional on the version it read, so of two racing edits one
wins and the other gets 409. The ``by-author`` index finds what one person
wrote, in every match, for her export and erasure; the ``by-cohort`` index
finds a cohort's items for the admin's reports and the nudges job.
"""
from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from functions.db import progress
from functions.db.base import Base, iso, new_id, now, transact
from functions.errors import Conflict, Invalid, NotFound

CLOSURE = "closure"
#: Stands in for an erased author where an item must outlive her.
ERASED = "erased"
#: Earlier versions a goal keeps (its history); older ones drop off.
HISTORY = 50


class ByAuthor(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-author"
        projection = KeysOnlyProjection()

    author = UnicodeAttribute(hash_key=True)
    match_id = UnicodeAttribute(range_key=True)


class ByCohort(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-cohort"
        projection = AllProjection()

    cohort_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


def cohort_of(match_id: str) -> str:
    """A match id is ``{cohort}.{key}`` (see ``domain.participant_matches``)."""
    return match_id.rpartition(".")[0]


class JournalItem(Base):
    class Meta(Base.Meta):
        base_name = "journal"

    match_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    author = UnicodeAttribute()  # participant id
    data = JSONAttribute(default=dict)
    version = NumberAttribute(default=1)
    history = JSONAttribute(default=list)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute()
    cohort_id = UnicodeAttribute(null=True)

    by_author = ByAuthor()
    by_cohort = ByCohort()


def view(i: JournalItem) -> dict:
    return {"key": i.sk, "kind": i.kind, "author": i.author, "data": i.data,
            "version": int(i.version), "history": i.history,
            # To the microsecond: the page orders items made within one second by it.
            "created_at": i.created_at.isoformat(timespec="microseconds"),
            "updated_at": iso(i.updated_at),
            "updated_by": i.updated_by}


def _closed() -> Conflict:
    return Conflict("this match is closed: it can be read, not changed", field="match")


def _open_check(tx, match_id: str) -> None:
    tx.condition_check(JournalItem, match_id, CLOSURE, condition=JournalItem.sk.does_not_exist())


def items(match_id: str) -> list[dict]:
    return [view(i) for i in JournalItem.query(match_id, consistent_read=True)]


def add(match_id: str, prefix: str, kind: str, author: str, data: dict, *,
        parent: str | None = None, parent_field: str = "goal", members=None) -> str:
    """Write a new item ``prefix#ID``; returns ID. ``parent``: a key that must
    exist in the same match (a milestone's goal), else 422 on ``parent_field``.
    ``members``: (cohort, e-mail) of the members whose progress a meeting
    changes (``functions.db.progress``), updated in the same transaction:
    required for a meeting (an empty list writes none, as before progress
    was kept)."""
    progress.members_given(kind, members)
    item_id, moment = new_id(), now()
    item = JournalItem(match_id=match_id, sk=f"{prefix}#{item_id}", kind=kind, author=author,
                       data=data, created_at=moment, updated_at=moment, updated_by=author,
                       cohort_id=cohort_of(match_id))

    def write(tx) -> None:
        _open_check(tx, match_id)
        tx.save(item, condition=JournalItem.sk.does_not_exist())
        if parent:
            tx.condition_check(JournalItem, match_id, parent,
                               condition=JournalItem.sk.exists())
        if kind == "meeting":
            progress.in_transaction(tx, progress.meeting_updates(members, match_id, item.sk, data))

    # PynamoDB sends condition checks first, then puts: [open, parent?, item].
    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise _closed()
    if parent and reasons and reasons[1] == "ConditionalCheckFailed":
        raise Invalid(f"{parent_field}: not a {parent_field} of this match", field=parent_field)
    if reasons:
        raise Conflict("that item exists already; try again", field="id")
    return item_id


def put_first(match_id: str, key: str, kind: str, author: str, data: dict) -> None:
    """Write the match's one item ``key`` (its goals' order), which must not
    exist yet; 409 if it does (someone wrote it meanwhile) or the match is closed."""
    moment = now()
    item = JournalItem(match_id=match_id, sk=key, kind=kind, author=author, data=data,
                       created_at=moment, updated_at=moment, updated_by=author,
                       cohort_id=cohort_of(match_id))

    def write(tx) -> None:
        _open_check(tx, match_id)
        tx.save(item, condition=JournalItem.sk.does_not_exist())

    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise _closed()
    if reasons:
        raise Conflict("changed by someone else meanwhile: reload it", field="version")


def edit(match_id: str, key: str, by: str, changes: dict, version: int | None, *,
         keep_history: bool = False, author_only: bool = False, members=None) -> dict:
    """Change fields of ``data``; 409 if ``version`` is not the stored one, or
    if another edit lands between this read and this write. ``members``: as
    for ``add``."""
    try:
        item = JournalItem.get(match_id, key, consistent_read=True)
    except JournalItem.DoesNotExist:
        raise NotFound(f"no {key.split('#')[0]} {key.rsplit('#', 1)[-1]} in this match",
                       field="id") from None
    if author_only and item.author != by:
        raise NotFound(f"no {item.kind} of yours with that id in this match", field="id")
    read = int(item.version)
    if version is not None and version != read:
        raise Conflict(f"changed by someone else meanwhile (now version {read}): reload it",
                       field="version")
    history = item.history
    if keep_history:
        history = (history + [{"version": read, "by": item.updated_by,
                               "at": iso(item.updated_at), "data": item.data}])[-HISTORY:]
    moment = now()
    actions = [JournalItem.data.set({**item.data, **changes}),
               JournalItem.version.set(read + 1), JournalItem.history.set(history),
               JournalItem.updated_at.set(moment), JournalItem.updated_by.set(by)]

    def write(tx) -> None:
        _open_check(tx, match_id)
        tx.update(JournalItem(match_id=match_id, sk=key), actions=actions,
                  condition=JournalItem.version == read)
        if item.kind == "meeting":
            progress.in_transaction(tx, progress.meeting_updates(
                progress.members_given(item.kind, members), match_id, key, {**item.data, **changes}))

    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise _closed()
    if reasons:
        raise Conflict("changed by someone else meanwhile: reload it", field="version")
    return view(JournalItem.get(match_id, key, consistent_read=True))


def get(match_id: str, key: str) -> dict | None:
    try:
        return view(JournalItem.get(match_id, key, consistent_read=True))
    except JournalItem.DoesNotExist:
        return None


def remove(match_id: str, key: str, by: str, members=None) -> dict:
    """Delete an item ``by`` wrote (404 otherwise; 409 once the match is
    closed); returns it as it was. ``members``: as for ``add``."""
    found = get(match_id, key)
    if found is None or found["author"] != by:
        raise NotFound(f"no {key.split('#')[0]} of yours with that id in this match",
                       field="id")

    def write(tx) -> None:
        _open_check(tx, match_id)
        tx.delete(JournalItem(match_id=match_id, sk=key),
                  condition=JournalItem.author == by)
        if found["kind"] == "meeting":
            progress.in_transaction(tx, progress.meeting_updates(
                progress.members_given("meeting", members), match_id, key, None))

    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise _closed()
    if reasons:
        raise NotFound(f"no {key.split('#')[0]} of yours with that id in this match",
                       field="id")
    return found


def check_in(match_id: str, period: int, author: str, data: dict) -> str:
    """The author's check-in for ``period``; a second one is 422 (not due)."""
    moment = now()
    key = f"checkin#{period:04d}#{author}"
    item = JournalItem(match_id=match_id, sk=key, kind="check-in", author=author,
                       data={**data, "period": period}, created_at=moment,
                       updated_at=moment, updated_by=author, cohort_id=cohort_of(match_id))

    def write(tx) -> None:
        _open_check(tx, match_id)
        tx.save(item, condition=JournalItem.sk.does_not_exist())

    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise _closed()
    if reasons:
        raise Invalid("check-in: you have answered this one; the next is not due yet",
                      field="check_in")
    return key


def close(match_id: str, author: str, data: dict, members=None) -> str:
    """Close the match: one conditional put; closing it again is 409.
    ``members``: as for ``add``."""
    progress.members_given("closure", members)
    moment = now()
    item = JournalItem(match_id=match_id, sk=CLOSURE, kind="closure", author=author, data=data,
                       created_at=moment, updated_at=moment, updated_by=author,
                       cohort_id=cohort_of(match_id))
    def write(tx) -> None:
        tx.save(item, condition=JournalItem.sk.does_not_exist())
        progress.in_transaction(tx, progress.closed_updates(members, match_id))

    if transact(write):
        raise _closed()
    return CLOSURE


def cohort_items(cohort_id: str, prefix: str | None = None) -> list[dict]:
    """Every journal item of a cohort's matches (one Query on ``by-cohort``),
    optionally only keys starting with ``prefix`` (``meeting``, ``checkin``,
    ``closure``…); each with its ``match``. The index is eventually consistent:
    fine for reports and the nightly nudges, not for a read-your-write."""
    condition = ByCohort.sk.startswith(prefix) if prefix else None
    return [{"match": i.match_id, **view(i)}
            for i in JournalItem.by_cohort.query(cohort_id, range_key_condition=condition)]


def closures(match_ids: list[str]) -> dict[str, dict]:
    """The closure of each of these matches that has one, read consistently
    (a key lookup per match: a closure made a moment ago counts)."""
    keys = [(m, CLOSURE) for m in match_ids]
    return {i.match_id: {"match": i.match_id, **view(i)}
            for i in JournalItem.batch_get(keys, consistent_read=True)} if keys else {}


def by_author(author: str) -> list[dict]:
    keys = [(k.match_id, k.sk) for k in JournalItem.by_author.query(author)]
    return [{"match": i.match_id, **view(i)} for i in JournalItem.batch_get(keys)] if keys else []


def erase_author(author: str) -> int:
    """Delete everything ``author`` wrote, in every match; returns how many."""
    keys = list(JournalItem.by_author.query(author))
    with JournalItem.batch_write() as batch:
        for k in keys:
            if k.sk != CLOSURE:
                batch.delete(JournalItem(match_id=k.match_id, sk=k.sk))
    for k in keys:
        if k.sk == CLOSURE:
            # A closed match stays closed: its marker stays, without her or her survey.
            JournalItem(match_id=k.match_id, sk=CLOSURE).update(
                actions=[JournalItem.author.set(ERASED), JournalItem.data.set({}),
                         JournalItem.updated_by.set(ERASED)],
                condition=JournalItem.author == author)
    return len(keys)
