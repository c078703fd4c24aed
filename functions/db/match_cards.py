"""Match cards: what a participant's pages show about her matches in one
cohort (partners' names, contacts and profiles, the cohort and program),
stored on her own participant record so that a page reads her records and
nothing else about the cohort.

A card is kept true by a stamp, not by rewriting every card at each change:
it carries the stamp its cohort had when it was built, and a reader uses it
only while the cohort still has that stamp (read in the same call as her
record, ``record_and_stamps``), else builds it again and stores it.

The stamp is the cohort's version and its ``cards_stamp`` together:

- anything written on the cohort itself (publishing, a waiting-list
  publication, a rename, a status move, a lock or forbid) raises its version;
- a change to what a card shows that is written elsewhere (a partner's
  profile, a withdrawal, a choice accepted or ended, the program's name or
  questions, an erasure) raises ``cards_stamp`` with ``touch``, in the same
  transaction where the writer has one. ``cards_stamp`` is its own counter,
  not the version, so it never makes an admin's edit of the cohort look stale.

A reader reads the stamp *before* what the card is built from, so a card
built while a writer was at work carries the old stamp and is not used once
the writer has touched the cohort.
"""
from __future__ import annotations

import json

from botocore.exceptions import ClientError

from functions.db.base import connection
from functions.db.participant_data import view_with_card
from functions.db.participants import Participant
from functions.db.programs import Cohort

STAMP = "cards_stamp"


def _stamp(item: dict) -> str | None:
    """The cohort's stamp; None while it is not published (nothing to show)."""
    if not item.get("published_run", {}).get("S"):
        return None
    return f"{item.get('version', {}).get('N', '0')}.{item.get(STAMP, {}).get('N', '0')}"


def _batch_get(request: dict) -> dict[str, list[dict]]:
    """One BatchGetItem (more only for keys DynamoDB left unprocessed)."""
    client, found = connection().client, {}
    while request:
        resp = client.batch_get_item(RequestItems=request, ReturnConsumedCapacity="TOTAL")
        for table, items in resp.get("Responses", {}).items():
            found.setdefault(table, []).extend(items)
        request = resp.get("UnprocessedKeys") or {}
    return found


def _cohort_keys(cohort_ids) -> dict:
    return {"Keys": [{"id": {"S": c}} for c in sorted(cohort_ids)],
            "ProjectionExpression": "id, version, published_run, #s",
            "ExpressionAttributeNames": {"#s": STAMP}}


def stamps(cohort_ids: set[str]) -> dict[str, str | None]:
    """Each existing cohort's stamp (None: not published), in one call; a
    cohort gone is absent."""
    if not cohort_ids:
        return {}
    table = Cohort.Meta.table_name
    out: dict[str, str] = {}
    ids = sorted(cohort_ids)
    for start in range(0, len(ids), 100):  # BatchGetItem takes 100 keys
        found = _batch_get({table: _cohort_keys(ids[start:start + 100])})
        out.update((i["id"]["S"], _stamp(i)) for i in found.get(table, []))
    return out


def record_and_stamp(cohort_id: str, email: str) -> tuple[dict | None, str | None]:
    """Her record in one cohort (as ``participant_data.records_with_cards``
    gives it) and the cohort's stamp (None: gone or not published), in one call."""
    people, cohorts = Participant.Meta.table_name, Cohort.Meta.table_name
    found = _batch_get({
        people: {"Keys": [{"cohort_id": {"S": cohort_id}, "email": {"S": email.lower()}}]},
        cohorts: _cohort_keys([cohort_id])})
    rec = next((view_with_card(Participant.from_raw_data(i)) for i in found.get(people, [])),
               None)
    stamp = next((_stamp(i) for i in found.get(cohorts, [])), None)
    return rec, stamp


def save(cohort_id: str, email: str, card: dict) -> None:
    """Store her card. Her record's version stays: a card is derived, and
    storing it must not make an admin's edit of her look stale. A record
    erased meanwhile is not brought back."""
    try:
        connection().client.update_item(
            TableName=Participant.Meta.table_name,
            Key={"cohort_id": {"S": cohort_id}, "email": {"S": email}},
            UpdateExpression="SET cards = :c", ConditionExpression="attribute_exists(email)",
            ReturnConsumedCapacity="TOTAL",
            ExpressionAttributeValues={":c": {"S": json.dumps(card, separators=(",", ":"))}})
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


def forget(keys: set[tuple[str, str]]) -> None:
    """Remove the cards of these (cohort, e-mail) records: an erased person's
    name and profile must not stay in her partners' records until they next
    look."""
    for cohort_id, email in sorted(keys):
        try:
            connection().client.update_item(
                TableName=Participant.Meta.table_name,
                Key={"cohort_id": {"S": cohort_id}, "email": {"S": email}},
                UpdateExpression="REMOVE cards", ConditionExpression="attribute_exists(email)",
                ReturnConsumedCapacity="TOTAL")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise


def _touch_kwargs(cohort_id: str) -> dict:
    return {"TableName": Cohort.Meta.table_name, "Key": {"id": {"S": cohort_id}},
            "UpdateExpression": "ADD #s :one", "ConditionExpression": "attribute_exists(id)",
            "ExpressionAttributeNames": {"#s": STAMP},
            "ExpressionAttributeValues": {":one": {"N": "1"}}}


def touch(tx, cohort_id: str) -> None:
    """In transaction ``tx``: every card of the cohort is out of date once it
    commits. Added as its plain operation: PynamoDB's ``TransactWrite.update``
    always raises a model's version, and this must not."""
    tx._update_items.append(_touch_kwargs(cohort_id))


def touch_now(cohort_ids) -> None:
    """As ``touch``, each cohort on its own (for writers without a transaction)."""
    for cohort_id in sorted(set(cohort_ids)):
        try:
            connection().client.update_item(**_touch_kwargs(cohort_id),
                                            ReturnConsumedCapacity="TOTAL")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
