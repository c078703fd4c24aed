"""Bring a local data folder made by an earlier version up to the models.

A model that gained a global secondary index needs it on its existing table.
In the cloud CloudFormation adds it from ``infra/tables.yaml``. Locally,
DynamoDB Local's ``UpdateTable`` can leave a new index in ``CREATING`` for
minutes (seen when the engine had been busy), so the local table is rebuilt
instead: its items are copied to a ``NAME.rebuild`` table, the table is made
again from the model (indexes ready at creation) and the items copied back.

The copy survives a crash at any step: the ``.rebuild`` table is deleted
only after every item is back, and a start that finds it restores from it
again before anything else reads the table.
"""
from __future__ import annotations

from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

SUFFIX = ".rebuild"
#: BatchWriteItem takes at most 25 puts.
BATCH = 25


def table_names(client) -> set[str]:
    """Every table of the store, in one request a page (a hundred names)."""
    return {name for page in client.get_paginator("list_tables").paginate()
            for name in page["TableNames"]}


def missing_indexes(client, model: type[Model], table: dict | None = None) -> list[str]:
    table = table or client.describe_table(TableName=model.Meta.table_name)["Table"]
    have = {i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])}
    return sorted(i.Meta.index_name for i in vars(model).values()
                  if isinstance(i, GlobalSecondaryIndex) and i.Meta.index_name not in have)


def _exists(client, name: str) -> bool:
    try:
        client.describe_table(TableName=name)
        return True
    except client.exceptions.ResourceNotFoundException:
        return False


def _copy(client, source: str, target: str) -> int:
    copied = 0
    for page in client.get_paginator("scan").paginate(TableName=source, ConsistentRead=True):
        items = page["Items"]
        for i in range(0, len(items), BATCH):
            pending = {target: [{"PutRequest": {"Item": it}} for it in items[i:i + BATCH]]}
            while pending:
                pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
        copied += len(items)
    return copied


def _drop(client, name: str) -> None:
    client.delete_table(TableName=name)
    client.get_waiter("table_not_exists").wait(TableName=name)


def _restore(client, model: type[Model], backup: str) -> None:
    """Make the table again from the model and fill it from ``backup``."""
    table = model.Meta.table_name
    if _exists(client, table):
        _drop(client, table)  # a partial restore from a run that died
    model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
    _copy(client, backup, table)
    _drop(client, backup)


def rebuild(client, model: type[Model], existing: set[str]) -> list[str]:
    """Finish an interrupted rebuild, or rebuild a table missing an index
    (``existing``: the store's tables, ``table_names``). Returns what was
    done, for ``tandem tables create`` to print."""
    table = model.Meta.table_name
    backup = table + SUFFIX
    if backup in existing:
        _restore(client, model, backup)
        return [f"{table} restored from {backup}"]
    if table not in existing:
        return []
    old = client.describe_table(TableName=table)["Table"]
    wanted = missing_indexes(client, model, old)
    if not wanted:
        return []
    keys = {k["AttributeName"] for k in old["KeySchema"]}
    client.create_table(TableName=backup, BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[a for a in old["AttributeDefinitions"]
                                              if a["AttributeName"] in keys],
                        KeySchema=old["KeySchema"])
    client.get_waiter("table_exists").wait(TableName=backup)
    _copy(client, table, backup)
    _restore(client, model, backup)
    return [f"{table} index {name}" for name in wanted]
