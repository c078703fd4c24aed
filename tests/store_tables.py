"""Emptying Tandem's tables on the test session's DynamoDB Local between tests.

Every DynamoDB call this process makes, through PynamoDB or a bare botocore
client, is noted before it is sent (so a failed write counts too): the tables
an item was written to, and those whose schema or settings changed. Before
the next test only those are emptied: a table with few items by deleting
them (a scan of keys and a batch or two), one with many or a changed
schema by making it again. DynamoDB Local answers a CreateTable, DeleteTable
or DescribeTable in tens of milliseconds, where a small scan and batch take a
few; deleting the 500 people of an import test took seconds.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

_READS = {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable",
          "ListTables", "DescribeTimeToLive", "DescribeContinuousBackups",
          "ListTagsOfResource"}
#: Calls after which a table is made again rather than emptied of its items.
_SCHEMA = {"CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive"}
#: Above this many items a table is made again.
FEW = 100
_BATCH = 25

_written: set[str] = set()  # tables an item was written to since they were emptied
_remake: set[str] = set()   # tables whose schema or settings changed
_unknown_write = [True]     # a write whose tables were not told: empty every table
_emptying = [False]         # our own calls while emptying are not the tests' writes


def tables_named(kwargs: dict) -> set[str]:
    names = {kwargs["TableName"]} if kwargs.get("TableName") else set()
    names.update(kwargs.get("RequestItems") or {})  # BatchWriteItem
    for item in kwargs.get("TransactItems") or ():  # {"Put" | "Update" | …: {"TableName": …}}
        names.update(op["TableName"] for op in item.values() if "TableName" in op)
    return names


def note(operation: str, kwargs: dict) -> None:
    """Note a DynamoDB call about to be sent."""
    if operation in _READS or _emptying[0]:
        return
    names = tables_named(kwargs)
    (_remake if operation in _SCHEMA else _written).update(names)
    if not names:
        _unknown_write[0] = True


def install(monkeypatch) -> None:
    """Note every DynamoDB call of this process (botocore's one funnel)."""
    from botocore.client import BaseClient
    original = BaseClient._make_api_call

    def make_api_call(self, operation_name, api_params):
        if self.meta.service_model.service_name == "dynamodb":
            note(operation_name, api_params)
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", make_api_call)


def _deleted_items(client, model) -> bool:
    """Delete the items of ``model``'s table if it holds ``FEW`` or fewer;
    False if it holds more or is missing (then it is made again)."""
    keys = [k["AttributeName"] for k in model._get_schema()["key_schema"]]
    names = {f"#k{i}": k for i, k in enumerate(keys)}
    try:
        page = client.scan(TableName=model.Meta.table_name, ConsistentRead=True, Limit=FEW + 1,
                           ProjectionExpression=", ".join(names), ExpressionAttributeNames=names)
    except client.exceptions.ResourceNotFoundException:
        return False
    items = page["Items"]
    if len(items) > FEW or "LastEvaluatedKey" in page:
        return False
    for i in range(0, len(items), _BATCH):
        pending = {model.Meta.table_name: [{"DeleteRequest": {"Key": item}}
                                           for item in items[i:i + _BATCH]]}
        while pending:
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
    return True


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
    changed = _written | _remake
    models = [m for m in db.ALL_MODELS if everything or m.Meta.table_name in changed]
    client = db.connection().client

    def empty(model) -> None:
        if model.Meta.table_name in _remake or not _deleted_items(client, model):
            _make_again(model)

    _emptying[0] = True
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:  # as db.create_tables: side by side
            list(pool.map(empty, models))
    finally:
        _emptying[0] = False
    done = {m.Meta.table_name for m in models}
    _written.difference_update(done)
    _remake.difference_update(done)
    if everything:
        _unknown_write[0] = False
