"""Her progress in each of her matches, as My mentoring needs it: whether a
meeting has been held, whether the match is closed, and which resources she
marked done; so that the page reads it with her match cards, in the same
BatchGetItem, instead of a journal Query per match.

Where: an item of the participants table beside her card, keyed
(``progress#`` cohort, ``progress#`` e-mail), out of every index as a card
is (``functions.db.match_cards``). Attributes, per match ``M`` of hers (and
``M = training`` for the required training done on her enrolment):

- ``n|M``: how many writes touched ``M`` here (every writer adds one);
- ``b|M``: true once a reader rebuilt ``M``'s entries from the journal,
  false where they must be rebuilt (an erased partner's meetings went);
- ``t|M|KEY``: each meeting ``KEY`` of the match, ``""`` once logged, else
  the planned start (UTC ISO): held once that time has passed;
- ``c|M``: the match is closed;
- ``d|M``: the resources she marked done there (a string set).

The journal stays the record; this is a copy its writers keep in the same
transaction (``functions.db.journal``), for every member a meeting or a
closure concerns. The entries of a match are complete when its run kept
progress from the start (``runs.Run.keeps_progress``: her card says
``tracked``) and ``b|M`` is not false, or when ``b|M`` is true. Otherwise a
reader rebuilds them from the journal and stores them only if ``n|M`` is
still what it read before reading the journal, so a write that landed
meanwhile is never lost.
"""
from __future__ import annotations

from functools import lru_cache

from botocore.exceptions import ClientError

from functions.db.base import connection
from functions.db.participants import Participant
from functions.db.runs import Run

PREFIX = "progress#"
TRAINING = "training"


def key(cohort_id: str, email: str) -> dict:
    return {"cohort_id": {"S": PREFIX + cohort_id}, "email": {"S": PREFIX + email.lower()}}


def kept_from_start(run_ids) -> bool:
    """Whether every one of these runs keeps its matches' progress from their
    start (``Run.keeps_progress``): her card's ``tracked``."""
    return all(_run_keeps(r) for r in run_ids)


@lru_cache(maxsize=1024)
def _run_keeps(run_id: str) -> bool:
    # Kept per process: a run's flag is set when it is made and never changes,
    # and publishing's job builds a card per person of the cohort.
    return bool(Run.get(run_id, consistent_read=True).keeps_progress)


def is_progress(item: dict) -> bool:
    return item["cohort_id"]["S"].startswith(PREFIX)


def cohort_of(item: dict) -> str:
    return item["cohort_id"]["S"][len(PREFIX):]


def facts(item: dict | None, match_id: str, tracked: bool = False) -> dict | None:
    """``{"meetings": {key: "" | start}, "closed", "done": set}`` of one
    match in her progress item; None while it is not complete (rebuild it).
    ``tracked``: kept from the match's start (see the module's doc)."""
    item = item or {}
    built = item.get(f"b|{match_id}", {}).get("BOOL")
    if not (built or (tracked and built is None)):
        return None
    return _entries(item, match_id)


def writes(item: dict | None, match_id: str) -> int:
    return int((item or {}).get(f"n|{match_id}", {}).get("N", "0"))


def _entries(item: dict, match_id: str) -> dict:
    meetings = f"t|{match_id}|"
    return {"meetings": {k[len(meetings):]: v["S"] for k, v in item.items()
                         if k.startswith(meetings)},
            "closed": bool(item.get(f"c|{match_id}", {}).get("BOOL")),
            "done": set(item.get(f"d|{match_id}", {}).get("SS", []))}


def _update(cohort_id: str, email: str, match_id: str, action: str, names: dict,
            values: dict) -> dict:
    # One ADD section per expression: hers joins the count's.
    added = f"ADD #n :one, {action[4:]}" if action.startswith("ADD ") else f"ADD #n :one {action}"
    return {"TableName": Participant.Meta.table_name, "Key": key(cohort_id, email),
            "UpdateExpression": added,
            "ExpressionAttributeNames": {"#n": f"n|{match_id}", **names},
            "ExpressionAttributeValues": {":one": {"N": "1"}, **values}}


def members_given(kind: str, members):
    """A meeting or a closure changes its members' progress: its writer
    (``functions.db.journal``) must say whose, so that none is forgotten."""
    if kind in ("meeting", "closure") and members is None:
        raise TypeError(f"a {kind} is written with members=[(cohort, e-mail), ...]")
    return members or ()


def meeting_updates(members, match_id: str, meeting_key: str, data: dict | None) -> list[dict]:
    """The updates that keep meeting ``meeting_key`` (its data, None once
    removed) on each member's progress: ``members`` are (cohort, e-mail)."""
    names = {"#t": f"t|{match_id}|{meeting_key}"}
    if data is None:
        return [_update(c, e, match_id, "REMOVE #t", names, {}) for c, e in members]
    held = data["start"] if data.get("planned") else ""
    return [_update(c, e, match_id, "SET #t = :t", names, {":t": {"S": held}})
            for c, e in members]


def closed_updates(members, match_id: str) -> list[dict]:
    return [_update(c, e, match_id, "SET #c = :c", {"#c": f"c|{match_id}"},
                    {":c": {"BOOL": True}}) for c, e in members]


def in_transaction(tx, updates: list[dict]) -> None:
    """Add these updates to PynamoDB transaction ``tx`` as plain operations
    (as ``match_cards.touch`` does): they land with the journal's write or
    not at all."""
    tx._update_items.extend(updates)


def done_update(cohort_id: str, email: str, match_id: str, rid: str, done: bool) -> dict:
    """The update of her "done" on resource ``rid`` in ``match_id`` (or ``TRAINING``)."""
    return _update(cohort_id, email, match_id, f"{'ADD' if done else 'DELETE'} #d :r",
                   {"#d": f"d|{match_id}"}, {":r": {"SS": [rid]}})


def store_rebuilt(cohort_id: str, email: str, match_id: str, read: dict | None,
                  built: dict) -> bool:
    """Store ``match_id``'s entries rebuilt from the journal in place of
    those in ``read`` (her item as read before the journal), unless a writer
    touched them since: whether stored."""
    names = {"#b": f"b|{match_id}", "#c": f"c|{match_id}", "#n": f"n|{match_id}"}
    values = {":b": {"BOOL": True}, ":c": {"BOOL": built["closed"]}}
    sets, gone = ["#b = :b", "#c = :c"], []
    for i, (k, held) in enumerate(sorted(built["meetings"].items())):
        names[f"#t{i}"], values[f":t{i}"] = f"t|{match_id}|{k}", {"S": held}
        sets.append(f"#t{i} = :t{i}")
    was = _entries(read or {}, match_id)
    for i, k in enumerate(sorted(set(was["meetings"]) - set(built["meetings"]))):
        names[f"#g{i}"] = f"t|{match_id}|{k}"
        gone.append(f"#g{i}")
    names["#d"] = f"d|{match_id}"
    if built["done"]:
        values[":d"] = {"SS": sorted(built["done"])}
        sets.append("#d = :d")
    else:
        gone.append("#d")
    seen = writes(read, match_id)
    condition = "attribute_not_exists(#n)"
    if seen:
        condition, values[":seen"] = "#n = :seen", {"N": str(seen)}
    try:
        connection().client.update_item(
            TableName=Participant.Meta.table_name, Key=key(cohort_id, email),
            UpdateExpression="SET " + ", ".join(sets) + (" REMOVE " + ", ".join(gone)
                                                          if gone else ""),
            ConditionExpression=condition, ExpressionAttributeNames=names,
            ExpressionAttributeValues=values, ReturnConsumedCapacity="TOTAL")
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        return False
    return True


def stale(keys, match_ids) -> None:
    """Mark these matches' entries for a rebuild on the progress of these
    (cohort, e-mail) people: an erased partner's meetings left the journal."""
    if not match_ids:
        return
    ids = sorted(match_ids)
    names = {"#key": "cohort_id"}
    for i, m in enumerate(ids):
        names[f"#b{i}"], names[f"#n{i}"] = f"b|{m}", f"n|{m}"
    for cohort_id, email in sorted(keys):
        try:
            connection().client.update_item(
                TableName=Participant.Meta.table_name, Key=key(cohort_id, email),
                UpdateExpression="SET " + ", ".join(f"#b{i} = :f" for i in range(len(ids)))
                                 + " ADD " + ", ".join(f"#n{i} :one" for i in range(len(ids))),
                ConditionExpression="attribute_exists(#key)", ExpressionAttributeNames=names,
                ExpressionAttributeValues={":f": {"BOOL": False}, ":one": {"N": "1"}},
                ReturnConsumedCapacity="TOTAL")
        except ClientError as exc:  # none kept for her: nothing of the erased one's in it
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise


def forget(keys) -> None:
    """Delete the progress of these (cohort, e-mail) people (her erasure)."""
    for cohort_id, email in sorted(keys):
        connection().client.delete_item(TableName=Participant.Meta.table_name,
                                        Key=key(cohort_id, email),
                                        ReturnConsumedCapacity="TOTAL")
