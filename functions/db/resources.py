"""A program's resources and training, and who has marked which done.

They live in the journal table (``functions.db.journal``), which already has
per-item versions, conditional writes and the ``by-author`` index that a
participant's export and erasure follow:

- a program's resources under the key ``program#PROGRAM``: ``resource#ID``
  items, and ``seeded`` once the starter set was written, so resources an
  admin deleted never come back;
- a participant's "done" under her match: ``done#RESOURCE#PARTICIPANT``
  (author: her), so it goes with her data and shows in the cohort's items.

A program's resources are one Query; nothing here Scans.
"""
from __future__ import annotations

from pynamodb.exceptions import DeleteError

from functions.db import progress
from functions.db.base import new_id, now, raise_if_condition, transact
from functions.db.journal import JournalItem, cohort_of, view
from functions.errors import Conflict, NotFound

SEEDED = "seeded"


def _key(program_id: str) -> str:
    return f"program#{program_id}"


def _item(program_id: str, sk: str, kind: str, by: str, data: dict) -> JournalItem:
    moment = now()
    # No cohort: a program's resources stay out of the cohort reports' index.
    return JournalItem(match_id=_key(program_id), sk=sk, kind=kind, author=by, data=data,
                       created_at=moment, updated_at=moment, updated_by=by, cohort_id=None)


def _out(item: dict) -> dict:
    return {"id": item["key"].split("#", 1)[1], "version": item["version"], **item["data"],
            "updated_at": item["updated_at"]}


def listed(program_id: str) -> tuple[list[dict], bool]:
    """(the program's resources, whether its starter set was written)."""
    items = [view(i) for i in JournalItem.query(_key(program_id), consistent_read=True)]
    return ([_out(i) for i in items if i["kind"] == "resource"],
            any(i["key"] == SEEDED for i in items))


def seed(program_id: str, starter: list[dict], by: str) -> None:
    """Write the starter set once: with the ``seeded`` marker, in one
    transaction conditional on the marker's absence (two first readers at
    once write it once)."""
    def write(tx) -> None:
        tx.save(_item(program_id, SEEDED, "resources-seeded", by, {}),
                condition=JournalItem.sk.does_not_exist())
        for r in starter:
            data = {k: v for k, v in r.items() if k != "key"}
            # An id of this program's own: "done" is marked by id, across her programs.
            tx.save(_item(program_id, f"resource#starter-{r['key']}-{program_id}", "resource",
                          by, data))
    transact(write)  # refused: another reader seeded it first, which is as good


def add(program_id: str, data: dict, by: str) -> str:
    rid = new_id()
    _item(program_id, f"resource#{rid}", "resource", by, data).save(
        condition=JournalItem.sk.does_not_exist())
    return rid


def edit(program_id: str, rid: str, changes: dict, version: int | None, by: str) -> dict:
    try:
        item = JournalItem.get(_key(program_id), f"resource#{rid}", consistent_read=True)
    except JournalItem.DoesNotExist:
        raise NotFound(f"no resource {rid} in this program", field="id") from None
    read = int(item.version)
    if version is not None and version != read:
        raise Conflict(f"changed by someone else meanwhile (now version {read}): reload it",
                       field="version")
    reasons = transact(lambda tx: tx.update(
        JournalItem(match_id=_key(program_id), sk=f"resource#{rid}"),
        actions=[JournalItem.data.set({**item.data, **changes}),
                 JournalItem.version.set(read + 1), JournalItem.updated_at.set(now()),
                 JournalItem.updated_by.set(by)],
        condition=JournalItem.version == read))
    if reasons:
        raise Conflict("changed by someone else meanwhile: reload it", field="version")
    return _out(view(JournalItem.get(_key(program_id), f"resource#{rid}", consistent_read=True)))


def remove(program_id: str, rid: str) -> None:
    try:
        JournalItem(match_id=_key(program_id), sk=f"resource#{rid}").delete(
            condition=JournalItem.sk.exists())
    except DeleteError as exc:
        raise_if_condition(exc, NotFound(f"no resource {rid} in this program", field="id"))


def done_in(match_id: str) -> dict[str, set[str]]:
    """{participant id: ids of the resources she marked done} in one match."""
    out: dict[str, set[str]] = {}
    for i in JournalItem.query(match_id, JournalItem.sk.startswith("done#")):
        _, rid, who = i.sk.split("#", 2)
        out.setdefault(who, set()).add(rid)
    return out


def mark(match_id: str, rid: str, participant: str, done: bool, also=()) -> None:
    """Her "done" on a resource, in one match; idempotent both ways. A closed
    match keeps taking it: "closing well" is read at the end. ``also``: the
    updates of her progress (``functions.db.progress``) that land with it."""
    sk = f"done#{rid}#{participant}"

    def write(tx) -> None:
        if done:
            moment = now()
            tx.save(JournalItem(match_id=match_id, sk=sk, kind="resource-done",
                                author=participant, data={"resource": rid}, created_at=moment,
                                updated_at=moment, updated_by=participant,
                                cohort_id=cohort_of(match_id)))
        else:
            tx.delete(JournalItem(match_id=match_id, sk=sk))
        progress.in_transaction(tx, list(also))
    transact(write)


def enrolment_key(cohort_id: str, participant: str) -> str:
    """Where her required training's "done" lives before (and after) she is
    matched: a key of her enrolment, in the cohort, so it is hers (author),
    goes with her export and erasure, and counts in the cohort's items."""
    return f"{cohort_id}.training#{participant}"


def done_on_enrolment(cohort_id: str, participant: str) -> set[str]:
    return {i.sk.split("#")[1] for i in JournalItem.query(
        enrolment_key(cohort_id, participant), JournalItem.sk.startswith("done#"),
        consistent_read=True)}
