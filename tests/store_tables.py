"""Emptying Tandem's tables on the test session's DynamoDB Local between tests.

Every DynamoDB call this process makes, through PynamoDB or a bare botocore
client, is noted before it is sent (so a failed write counts too): the keys
of the items it writes, the tables it writes in ways whose keys are not read
here, and the tables whose schema or settings changed. Before the next test
only those are emptied:

- the items written, by their keys, in batches of 25 across tables (no scan:
  most tests write a few dozen items, so emptying takes a call or two);
- a table written another way, by a scan of its keys and batch deletes;
- a table with many items or a changed schema, by making it again.

DynamoDB Local answers a CreateTable, DeleteTable or DescribeTable in tens of
milliseconds, where a batch takes a few; deleting the 500 people of an import
test one by one took seconds.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

_READS = {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable",
          "ListTables", "DescribeTimeToLive", "DescribeContinuousBackups",
          "ListTagsOfResource"}
#: Calls after which a table is made again rather than emptied of its items.
_SCHEMA = {"CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive"}
#: Above this many items a table is made again.
FEW = 100
_BATCH = 25

_written: dict[str, list[dict]] = {}  # table -> items or keys written since it was emptied
_unsure: set[str] = set()   # tables written in a way whose keys were not noted: scanned
_remake: set[str] = set()   # tables whose schema or settings changed
_unknown_write = [True]     # a write whose tables were not told: empty every table
_emptying = [False]         # our own calls while emptying are not the tests' writes


def _writes(operation: str, kwargs: dict) -> list[tuple[str, dict | None]] | None:
    """(table, item or key) for each item ``operation`` writes; None for a
    key not read here; None overall for a call whose tables are not named."""
    if operation == "PutItem":
        return [(kwargs.get("TableName"), kwargs.get("Item"))]
    if operation in ("UpdateItem", "DeleteItem"):
        return [(kwargs.get("TableName"), kwargs.get("Key"))]
    if operation == "BatchWriteItem":
        return [(table, (r.get("PutRequest") or {}).get("Item")
                 or (r.get("DeleteRequest") or {}).get("Key"))
                for table, requests in (kwargs.get("RequestItems") or {}).items()
                for r in requests]
    if operation == "TransactWriteItems":
        return [(op.get("TableName"), op.get("Item") or op.get("Key"))
                for item in kwargs.get("TransactItems") or ()
                for kind, op in item.items() if kind != "ConditionCheck"]
    return None


def note(operation: str, kwargs: dict) -> None:
    """Note a DynamoDB call about to be sent."""
    if operation in _READS or _emptying[0]:
        return
    if operation in _SCHEMA:
        if kwargs.get("TableName"):
            _remake.add(kwargs["TableName"])
        else:
            _unknown_write[0] = True
        return
    writes = _writes(operation, kwargs)
    if writes is None:  # PartiQL and the like: the tables it names are scanned
        names = {kwargs["TableName"]} if kwargs.get("TableName") else set()
        _unsure.update(names)
        _unknown_write[0] = _unknown_write[0] or not names
        return
    for table, item in writes:
        if not table:
            _unknown_write[0] = True
        elif item is None:
            _unsure.add(table)
        else:
            _written.setdefault(table, []).append(item)


def install(monkeypatch) -> None:
    """Note every DynamoDB call of this process (botocore's one funnel)."""
    from botocore.client import BaseClient
    original = BaseClient._make_api_call

    def make_api_call(self, operation_name, api_params):
        if self.meta.service_model.service_name == "dynamodb":
            note(operation_name, api_params)
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", make_api_call)


def _key_names(model) -> list[str]:
    return [k["AttributeName"] for k in model._get_schema()["key_schema"]]


def _keys(model, items: list[dict]) -> list[dict] | None:
    """The distinct keys of ``items`` (a batch may not name one twice);
    None if one lacks a key attribute (then the table is scanned)."""
    names, keys = _key_names(model), {}
    for item in items:
        if not all(n in item for n in names):
            return None
        key = {n: item[n] for n in names}
        keys[json.dumps(key, sort_keys=True)] = key
    return list(keys.values())


def _scanned_keys(client, model) -> list[dict] | None:
    """The keys of ``model``'s items if it holds ``FEW`` or fewer; None if
    it holds more or is missing (then it is made again)."""
    names = {f"#k{i}": k for i, k in enumerate(_key_names(model))}
    try:
        page = client.scan(TableName=model.Meta.table_name, ConsistentRead=True, Limit=FEW + 1,
                           ProjectionExpression=", ".join(names), ExpressionAttributeNames=names)
    except client.exceptions.ResourceNotFoundException:
        return None
    if len(page["Items"]) > FEW or "LastEvaluatedKey" in page:
        return None
    return page["Items"]


def _delete(client, requests: list[tuple[str, dict]]) -> None:
    """Delete (table, key) pairs, 25 to a batch, tables mixed."""
    for i in range(0, len(requests), _BATCH):
        pending: dict[str, list] = {}
        for table, key in requests[i:i + _BATCH]:
            pending.setdefault(table, []).append({"DeleteRequest": {"Key": key}})
        while pending:
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]


def _make_again(model) -> None:
    if model.exists():
        model.delete_table()
    model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")


def empty_tables(settings, only_written: bool = False) -> None:
    """Empty Tandem's tables under ``settings``. ``only_written``: only those
    this process changed since they were last emptied, for stores no other
    process writes to."""
    from functions import db
    db.configure(settings)
    everything = not only_written or _unknown_write[0]
    changed = set(_written) | _unsure | _remake
    models = [m for m in db.ALL_MODELS if everything or m.Meta.table_name in changed]
    client = db.connection().client

    _emptying[0] = True
    try:
        remake, scan, known = [], [], []
        for model in models:
            name = model.Meta.table_name
            keys = None if everything or name in _unsure else _keys(model, _written.get(name, []))
            if name in _remake or (keys is not None and len(keys) > FEW):
                remake.append(model)
            elif keys is None:
                scan.append(model)
            else:
                known += [(name, key) for key in keys]

        def scan_and_delete(model) -> None:
            keys = _scanned_keys(client, model)
            if keys is None:
                _make_again(model)
            else:
                _delete(client, [(model.Meta.table_name, k) for k in keys])

        batches = [known[i:i + _BATCH] for i in range(0, len(known), _BATCH)]
        with ThreadPoolExecutor(max_workers=8) as pool:  # as db.create_tables: side by side
            jobs = [pool.submit(_make_again, m) for m in remake]
            jobs += [pool.submit(scan_and_delete, m) for m in scan]
            jobs += [pool.submit(_delete, client, batch) for batch in batches]
            for job in jobs:
                job.result()
    finally:
        _emptying[0] = False
    for model in models:
        name = model.Meta.table_name
        _written.pop(name, None)
        _unsure.discard(name)
        _remake.discard(name)
    if everything:
        _unknown_write[0] = False
