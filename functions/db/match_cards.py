"""Match cards: what a participant's pages show about her matches in one
cohort (partners' names, contacts and profiles, the cohort and program),
stored for her so that a page reads her records, her cards and her cohorts'
stamps, and nothing else about the cohort.

Where: an item of the participants table beside her record, keyed
(``card#`` cohort, ``card#`` e-mail). Neither key is a cohort's or a
person's, so a whole cohort's Query, her ``by-email`` Query and the
``by-id`` index (a card has no ``id``) never meet a card: the admin's lists
and the jobs do not pay to read cards, and a page fetches hers by key, in
the same BatchGetItem as her cohorts' stamps.

A card is kept true by a stamp, not by rewriting every card at each change:
it carries the stamp its cohort had when it was built, and a reader uses it
only while the cohort still has that stamp, else builds it again and stores
it. The stamp is the cohort's version and its ``cards_stamp`` together:

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

from functions.db import progress
from functions.db.base import connection
from functions.db.participant_data import record_view
from functions.db.participants import Participant
from functions.db.people_stamp import CARDS_STAMP as STAMP
from functions.db.programs import Cohort

CARD = "card#"
#: Keys per BatchGetItem.
BATCH = 100


def _stamp(item: dict) -> str | None:
    """The cohort's stamp; None while it is not published (nothing to show)."""
    if not item.get("published_run", {}).get("S"):
        return None
    return f"{item.get('version', {}).get('N', '0')}.{item.get(STAMP, {}).get('N', '0')}"


def _card_key(cohort_id: str, email: str) -> dict:
    return {"cohort_id": {"S": CARD + cohort_id}, "email": {"S": CARD + email.lower()}}


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


def _card_of(item: dict) -> tuple[str, dict]:
    return item["cohort_id"]["S"][len(CARD):], json.loads(item["card"]["S"])


def stamps_and_cards(email: str, cohort_ids: set[str]) -> tuple[dict, dict, dict]:
    """({cohort: stamp, None while not published}, {cohort: her stored card},
    {cohort: her progress item, ``functions.db.progress``}) for her records
    in these cohorts: one BatchGetItem for up to 33 cohorts. A cohort gone
    is absent from the first."""
    people, cohorts = Participant.Meta.table_name, Cohort.Meta.table_name
    stamps: dict[str, str | None] = {}
    cards: dict[str, dict] = {}
    kept: dict[str, dict] = {}
    ids = sorted(cohort_ids)
    for start in range(0, len(ids), BATCH // 3):
        part = ids[start:start + BATCH // 3]
        found = _batch_get({people: {"Keys": [k for c in part for k in (
                                         _card_key(c, email), progress.key(c, email))],
                                     # A reader that rebuilds progress conditions on it.
                                     "ConsistentRead": True},
                            cohorts: _cohort_keys(part)})
        stamps.update((i["id"]["S"], _stamp(i)) for i in found.get(cohorts, []))
        for item in found.get(people, []):
            if progress.is_progress(item):
                kept[progress.cohort_of(item)] = item
            else:
                cards.update([_card_of(item)])
    return stamps, cards, kept


def stamp(cohort_id: str) -> str | None:
    """The cohort's stamp (None: gone or not published)."""
    found = _batch_get({Cohort.Meta.table_name: _cohort_keys([cohort_id])})
    return next((_stamp(i) for i in found.get(Cohort.Meta.table_name, [])), None)


def record_stamp_card(cohort_id: str, email: str) -> tuple[dict | None, str | None,
                                                          dict | None]:
    """Her record in one cohort (as ``participant_data.records`` gives it),
    the cohort's stamp (None: gone or not published) and her stored card,
    in one call."""
    people, cohorts = Participant.Meta.table_name, Cohort.Meta.table_name
    found = _batch_get({
        people: {"Keys": [{"cohort_id": {"S": cohort_id}, "email": {"S": email.lower()}},
                          _card_key(cohort_id, email)]},
        cohorts: _cohort_keys([cohort_id])})
    rec = card = None
    for item in found.get(people, []):
        if item["cohort_id"]["S"].startswith(CARD):
            card = _card_of(item)[1]
        else:
            rec = record_view(Participant.from_raw_data(item))
    stamp = next((_stamp(i) for i in found.get(cohorts, [])), None)
    return rec, stamp, card


def _item(cohort_id: str, email: str, card: dict) -> dict:
    return {**_card_key(cohort_id, email),
            "card": {"S": json.dumps(card, separators=(",", ":"))}}


def save(cohort_id: str, email: str, card: dict) -> None:
    """Store her card (a derived copy: writing it over another is harmless)."""
    connection().client.put_item(TableName=Participant.Meta.table_name,
                                 Item=_item(cohort_id, email, card),
                                 ReturnConsumedCapacity="TOTAL")


def _batch_write(requests: list[dict]) -> None:
    client, table = connection().client, Participant.Meta.table_name
    for start in range(0, len(requests), 25):  # BatchWriteItem takes 25
        pending = {table: requests[start:start + 25]}
        while pending:
            resp = client.batch_write_item(RequestItems=pending,
                                           ReturnConsumedCapacity="TOTAL")
            pending = resp.get("UnprocessedItems") or {}


def save_all(cohort_id: str, cards: dict[str, dict]) -> None:
    """Store many people's cards of one cohort (e-mail -> card), 25 a call
    (the publishing job's role may batch-write only card items)."""
    _batch_write([{"PutRequest": {"Item": _item(cohort_id, email, card)}}
                  for email, card in sorted(cards.items())])


def forget(keys: set[tuple[str, str]]) -> None:
    """Delete the cards of these (cohort, e-mail) people: an erased person's
    own, and her name and profile from her partners' cards now, not when
    they next look. One DeleteItem each: a handful, and the API's role may
    delete participants' items but not batch-write them."""
    for cohort_id, email in sorted(keys):
        connection().client.delete_item(TableName=Participant.Meta.table_name,
                                        Key=_card_key(cohort_id, email),
                                        ReturnConsumedCapacity="TOTAL")


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
