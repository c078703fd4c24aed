"""`tandem tables create` and `tandem admin create` against the endpoint the
environment names (here DynamoDB Local, as a deployed stage would be DynamoDB)."""
import io
import os
import uuid

import pytest

from functions import db
from functions.cli import main
from functions.settings import Settings


@pytest.fixture
def endpoint_env(monkeypatch, dynamodb_local):
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynamodb_local.endpoint)
    monkeypatch.setenv("TANDEM_STORE_KEY", dynamodb_local.access_key)
    return dynamodb_local.endpoint


def test_tables_create_twice(endpoint_env, monkeypatch, capsys):
    prefix = f"t{uuid.uuid4().hex[:10]}-"
    monkeypatch.setenv("TANDEM_TABLE_PREFIX", prefix)
    settings = Settings.from_env()
    try:
        assert main(["tables", "create"]) == 0
        assert f"({len(db.ALL_MODELS)} created)" in capsys.readouterr().out
        assert main(["tables", "create"]) == 0
        assert "(0 created)" in capsys.readouterr().out
        names = db.connection().list_tables()["TableNames"]
        assert {prefix + m.Meta.base_name for m in db.ALL_MODELS} <= set(names)
    finally:
        db.delete_tables(settings)


def test_admin_create_for_a_deployed_stage_writes_to_that_stages_tables(endpoint_env,
                                                                       monkeypatch):
    dev = Settings(stage="dev", table_prefix="tandem-dev-", dynamodb_endpoint=endpoint_env,
                   store_key=os.environ["TANDEM_STORE_KEY"])
    db.create_tables(dev)
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
        assert main(["admin", "create", "Ops@Example.org", "--stage", "dev",
                     "--password-stdin"]) == 0
        assert db.Admin.Meta.table_name == "tandem-dev-admins"
        assert db.Admin.get("ops@example.org").password_hash.startswith("$argon2id$")
    finally:
        db.delete_tables(dev)


def test_admin_create_for_an_unknown_stage_exits_2_before_asking(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", None)  # reading a password would fail loudly
    assert main(["admin", "create", "ops@example.org", "--stage", "staging",
                 "--password-stdin"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["tandem: error: unknown stage 'staging': choose one of dev, prod"]


OLD_JOURNAL = {  # the journal table as the previous version made it
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"}
                             for n in ("match_id", "sk")],
    "KeySchema": [{"AttributeName": "match_id", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}],
}


@pytest.fixture
def old_store(endpoint_env):
    """Settings for a store whose journal table lacks the by-cohort index."""
    prefix = f"t{uuid.uuid4().hex[:10]}-"
    settings = Settings(stage="local", table_prefix=prefix, dynamodb_endpoint=endpoint_env,
                        store_key=os.environ["TANDEM_STORE_KEY"])
    db.configure(settings)
    yield settings, db.connection().client, prefix + "journal"
    db.delete_tables(settings)
    client = db.connection().client
    for name in client.list_tables()["TableNames"]:
        if name.startswith(prefix):
            client.delete_table(TableName=name)


def test_tables_create_adds_an_index_a_newer_version_defines(old_store):
    """A data folder made before the journal's by-cohort index keeps working:
    `tables create` (and `tandem serve`, which calls the same) rebuilds the
    table with the index and every item it held."""
    from functions.db import journal
    settings, client, table = old_store
    author = {"AttributeName": "author", "AttributeType": "S"}
    client.create_table(TableName=table, **{
        **OLD_JOURNAL, "AttributeDefinitions": OLD_JOURNAL["AttributeDefinitions"] + [author]},
        GlobalSecondaryIndexes=[{
        "IndexName": "by-author", "Projection": {"ProjectionType": "KEYS_ONLY"},
        "KeySchema": [{"AttributeName": "author", "KeyType": "HASH"},
                      {"AttributeName": "match_id", "KeyType": "RANGE"}]}])
    meetings = [journal.add(f"c1.e{i}", "meeting", "meeting", f"e{i}", {"minutes": i},
                            members=[])
                for i in range(30)]  # more than one batch of 25
    created = db.create_tables(settings)
    assert f"{table} index by-cohort" in created
    indexes = client.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]
    assert {i["IndexName"] for i in indexes} == {"by-author", "by-cohort"}
    found = journal.cohort_items("c1", "meeting")
    assert sorted(i["key"] for i in found) == sorted(f"meeting#{m}" for m in meetings)
    assert journal.cohort_items("c2") == []
    assert [i["data"] for i in journal.items("c1.e7")] == [{"minutes": 7}]
    assert table + ".rebuild" not in client.list_tables()["TableNames"]
    assert not [c for c in db.create_tables(settings) if "journal" in c]


def test_a_rebuild_cut_short_is_finished_from_its_copy_on_the_next_start(old_store):
    """Killed after the old table was dropped and before every item was back:
    the `.rebuild` copy is still there, and the next start restores from it."""
    from functions.db import journal
    settings, client, table = old_store
    backup = table + ".rebuild"
    client.create_table(TableName=backup, **OLD_JOURNAL)
    client.put_item(TableName=backup, Item={
        "match_id": {"S": "c1.e1"}, "sk": {"S": "meeting#m1"}, "kind": {"S": "meeting"},
        "author": {"S": "e1"}, "data": {"S": "{\"minutes\": 45}"}, "version": {"N": "1"},
        "history": {"S": "[]"}, "created_at": {"S": "2026-11-01T10:00:00.000000+0000"},
        "updated_at": {"S": "2026-11-01T10:00:00.000000+0000"}, "updated_by": {"S": "e1"},
        "cohort_id": {"S": "c1"}})
    client.create_table(TableName=table, **OLD_JOURNAL)  # the half-restored table
    assert f"{table} restored from {backup}" in db.create_tables(settings)
    assert [(i["key"], i["data"]) for i in journal.cohort_items("c1")] == [
        ("meeting#m1", {"minutes": 45})]
    assert backup not in client.list_tables()["TableNames"]
