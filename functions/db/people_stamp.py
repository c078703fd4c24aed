"""A cohort's people stamp, and what the admin's pages keep under it.

The admin's pages of a cohort (its counts, its overview, its participants
list) are made from everyone in it. At 14,500 people that read is 0.5–2 s of
the store and of the server's interpreter, on every page, while the people
rarely change between two looks. So each server process keeps the rows it
read for a cohort, with the cohort's *people stamp* at the time, and reads
them again only when the stamp has moved: a page of an unchanged cohort then
costs one small GetItem.

The stamp is kept true where the writes are, not by each writer remembering:

- every transaction (``functions.db.base.transact``) that puts, updates or
  deletes a participant's record raises her cohort's ``people_stamp`` in the
  same transaction (``stamp``, which ``functions.db`` hands to
  ``base.on_commit``): the change and the new stamp commit together;
- the few writers of a participant's record outside a transaction (a mentor
  pausing, a self-assessment, an erasure) call ``bump_now`` after writing.

A reader reads the stamp *before* the rows, so rows read while a writer was
at work are kept under the old stamp and not used once it has moved. The
stamp includes the cohort's creation time (a cohort deleted and made again
with the same id, as tests do, starts a new series) and its match cards'
stamp (``functions.db.match_cards``: publishing, waiting-list runs, choices
accepted or ended move it), so who is matched may be kept under it too. Small cohorts are read each
time (``CACHE_FROM`` people): reading them costs less than being wrong.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from botocore.exceptions import ClientError

from functions.db.base import connection
from functions.db.programs import Cohort

STAMP = "people_stamp"
#: The match cards' counter on the cohort (``functions.db.match_cards``).
CARDS_STAMP = "cards_stamp"
#: Items of the participants table that are not people (match cards, progress).
NOT_PEOPLE = ("card#", "progress#")
#: Cohorts at least this large are kept; smaller ones are read every time.
CACHE_FROM = 1000
#: Cohorts kept per process (each ~a few MB at 14,500 people, in four kinds:
#: views, tally rows, readiness answers, who is matched).
KEPT = 4
#: Small cohorts remembered as small (a few bytes each).
SMALL = 10_000

_NAME, _ONE = "#tandem_people", ":tandem_one"
_kept: OrderedDict[tuple, tuple[str, object]] = OrderedDict()
#: The size last read of a cohort too small to keep: it is read again
#: directly, without the stamp's GetItem first, until it is large.
_small: OrderedDict[tuple, int] = OrderedDict()
_lock = threading.Lock()


def _people_cohort(op: dict, people_table: str) -> str | None:
    """The cohort whose people op ``op`` (a TransactItems entry's body) writes, or None."""
    if op.get("TableName") != people_table:
        return None
    key = op.get("Key") or op.get("Item") or {}
    cohort = key.get("cohort_id", {}).get("S")
    if not cohort or cohort.startswith(NOT_PEOPLE):
        return None
    return cohort


def _add_stamp(op: dict) -> None:
    """Make Update body ``op`` also add one to the people stamp (one ADD clause)."""
    expression = op.get("UpdateExpression", "")
    action = f"{_NAME} {_ONE}"
    if "ADD " in expression:
        op["UpdateExpression"] = expression.replace("ADD ", f"ADD {action}, ", 1)
    else:
        op["UpdateExpression"] = f"{expression} ADD {action}".strip()
    op.setdefault("ExpressionAttributeNames", {})[_NAME] = STAMP
    op.setdefault("ExpressionAttributeValues", {})[_ONE] = {"N": "1"}


def stamp(items: list[dict], people_table: str) -> list[dict]:
    """``items`` (TransactWriteItems' list) with the people stamp raised of each
    cohort whose people (table ``people_table``) it writes, every entry keeping
    its place (callers read cancellation reasons by position). A transaction
    may hold one operation per item, so an existing check or update of the
    cohort carries the raise; otherwise an update of it is added at the end.
    Wired into every transaction by ``functions.db`` (``base.on_commit``)."""
    cohorts_table = Cohort.Meta.table_name
    cohorts = {c for entry in items for kind, op in entry.items()
               if kind != "ConditionCheck" and (c := _people_cohort(op, people_table))}
    if not cohorts:
        return items
    out = []
    for entry in items:
        (kind, op), = entry.items()
        cohort = op.get("Key", {}).get("id", {}).get("S") \
            if op.get("TableName") == cohorts_table else None
        if cohort in cohorts and kind in ("ConditionCheck", "Update"):
            op = {k: (dict(v) if isinstance(v, dict) else v) for k, v in op.items()}
            _add_stamp(op)
            cohorts.discard(cohort)
            entry = {"Update": op}
        elif cohort in cohorts:  # the cohort itself put or deleted: nothing kept to age
            cohorts.discard(cohort)
        out.append(entry)
    out += [{"Update": _bump_kwargs(c)} for c in sorted(cohorts)]
    return out


def _bump_kwargs(cohort_id: str) -> dict:
    op = {"TableName": Cohort.Meta.table_name, "Key": {"id": {"S": cohort_id}},
          "ConditionExpression": "attribute_exists(id)"}
    _add_stamp(op)
    return op


def bump_now(cohort_ids) -> None:
    """For a writer without a transaction, after its write: what was kept of
    each cohort's people is read again next time."""
    for cohort_id in sorted(set(cohort_ids)):
        try:
            connection().client.update_item(**_bump_kwargs(cohort_id),
                                            ReturnConsumedCapacity="TOTAL")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise


def _current(cohort_id: str) -> str | None:
    """The cohort's stamp now (a strongly consistent read), None if there is no
    cohort: its creation, its people stamp, and its match cards' stamp (its
    version and ``cards_stamp``: publishing, waiting-list runs, choices
    accepted or ended), so what is kept may also name who is matched."""
    names = {"#p": STAMP, "#c": CARDS_STAMP, "#v": "version", "#t": "created_at"}
    item = connection().client.get_item(
        TableName=Cohort.Meta.table_name, Key={"id": {"S": cohort_id}}, ConsistentRead=True,
        ProjectionExpression=", ".join(names), ExpressionAttributeNames=names,
        ReturnConsumedCapacity="TOTAL").get("Item")
    if item is None:
        return None
    return "/".join(item.get(names[k], {}).get("S" if k == "#t" else "N", "")
                    for k in ("#t", "#p", "#v", "#c"))


def kept(cohort_id: str, kind: str, read, size=len):
    """``read()``'s value for the cohort, from this process's copy while the
    cohort's people stamp has not moved. ``kind`` names what ``read`` gives
    (several readers share a cohort's stamp); ``size(value)``: its people, to
    keep only large cohorts."""
    where = (connection().host, Cohort.Meta.table_name, cohort_id, kind)
    if _small.get(where, CACHE_FROM) < CACHE_FROM:
        value = read()
        if size(value) < CACHE_FROM:
            return value
        with _lock:  # large now: the next look reads the stamp first and keeps it
            _small.pop(where, None)
        return value
    now = _current(cohort_id)
    with _lock:
        hit = _kept.get(where)
        if hit and now is not None and hit[0] == now:
            _kept.move_to_end(where)
            return hit[1]
    value = read()
    people = size(value)
    if now is not None and people >= CACHE_FROM:
        with _lock:
            _kept[where] = (now, value)
            _kept.move_to_end(where)
            while len(_kept) > KEPT * 4:  # four kinds per cohort
                _kept.popitem(last=False)
    elif people < CACHE_FROM:
        with _lock:
            _small[where] = people
            while len(_small) > SMALL:
                _small.popitem(last=False)
    return value
