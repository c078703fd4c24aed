"""The tests' own footing: every test starts on tables as empty as a new
store's, whichever way the test before wrote (tests/store_tables.py)."""
from __future__ import annotations

from functions import db
from functions.db.admins import AdminSession
from functions.db.journal import JournalItem
from functions.db.programs import Program
from tests.api.helpers import make_cohort
from tests.store_tables import FEW, empty_tables


def _count(model) -> int:
    return db.connection().client.scan(TableName=model.Meta.table_name, Select="COUNT",
                                       ConsistentRead=True)["Count"]


def test_items_written_any_way_are_gone_and_a_table_whose_settings_changed_is_made_again(tables):
    make_cohort()  # through PynamoDB: a program and its cohort
    client = db.connection().client
    # Past the few a batch deletes: the journal is made again.
    for i in range(FEW + 5):
        client.put_item(TableName=JournalItem.Meta.table_name,
                        Item={"match_id": {"S": f"m{i}"}, "sk": {"S": "meeting"}})
    assert _count(Program) == 1 and _count(JournalItem) == FEW + 5

    empty_tables(tables, only_written=True)
    assert _count(Program) == 0 and _count(JournalItem) == 0

    # A bare botocore write is noted as well as PynamoDB's.
    client.put_item(TableName=Program.Meta.table_name,
                    Item={"id": {"S": "raw"}, "kind": {"S": "program"}, "name": {"S": "Raw"}})
    # A table whose time-to-live was switched off comes back as the model makes it.
    sessions = AdminSession.Meta.table_name
    client.update_time_to_live(TableName=sessions, TimeToLiveSpecification={
        "Enabled": False, "AttributeName": "expires"})
    empty_tables(tables, only_written=True)
    assert _count(Program) == 0
    ttl = client.describe_time_to_live(TableName=sessions)
    assert ttl["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"


def test_items_written_by_key_are_deleted_by_key_and_no_table_is_scanned(tables, monkeypatch):
    from tests import store_tables
    scanned = []
    monkeypatch.setattr(store_tables, "_scanned_keys", lambda client, model: scanned.append(model))
    make_cohort()  # PynamoDB's puts, updates and transactions
    client, programs, journal = (db.connection().client, Program.Meta.table_name,
                                 JournalItem.Meta.table_name)
    client.update_item(TableName=programs, Key={"id": {"S": "made-by-update"}},
                       UpdateExpression="SET #n = :n", ExpressionAttributeNames={"#n": "name"},
                       ExpressionAttributeValues={":n": {"S": "Upserted"}})
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": journal, "Item": {"match_id": {"S": "t1"}, "sk": {"S": "a"}}}},
        {"Update": {"TableName": journal, "Key": {"match_id": {"S": "t1"}, "sk": {"S": "b"}},
                    "UpdateExpression": "SET x = :x", "ExpressionAttributeValues": {":x": {"N": "1"}}}},
    ])
    client.batch_write_item(RequestItems={journal: [
        {"PutRequest": {"Item": {"match_id": {"S": f"b{i}"}, "sk": {"S": "s"}}}} for i in range(25)]})
    # The same key twice, and one deleted that never was: each deleted once, no error.
    client.put_item(TableName=journal, Item={"match_id": {"S": "t1"}, "sk": {"S": "a"}, "v": {"N": "2"}})
    client.delete_item(TableName=journal, Key={"match_id": {"S": "never"}, "sk": {"S": "s"}})
    assert _count(Program) == 2 and _count(JournalItem) == 27

    empty_tables(tables, only_written=True)
    assert (_count(Program), _count(JournalItem), scanned) == (0, 0, [])


def test_a_write_whose_table_is_not_named_empties_every_table_by_a_scan(tables):
    client = db.connection().client
    make_cohort()
    client.execute_statement(  # PartiQL names its table in the statement only
        Statement=f'INSERT INTO "{JournalItem.Meta.table_name}" VALUE {{\'match_id\': \'p\', \'sk\': \'q\'}}')
    assert _count(JournalItem) == 1
    empty_tables(tables, only_written=True)
    assert _count(Program) == 0 and _count(JournalItem) == 0
