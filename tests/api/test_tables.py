"""`tandem tables create` and `tandem admin create` against the endpoint the
environment names (here DynamoDB Local, as a deployed stage would be DynamoDB)."""
import io
import uuid

import pytest

from functions import db
from functions.cli import main
from functions.settings import Settings


@pytest.fixture
def endpoint_env(monkeypatch, dynamodb_local):
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynamodb_local.endpoint)
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
    dev = Settings(stage="dev", table_prefix="tandem-dev-", dynamodb_endpoint=endpoint_env)
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


def test_tables_create_adds_an_index_a_newer_version_defines(endpoint_env, monkeypatch):
    """A data folder made before the journal's by-cohort index keeps working:
    `tables create` (and `tandem serve`, which calls the same) adds the index,
    and DynamoDB fills it from the items already stored."""
    from functions.db import journal
    prefix = f"t{uuid.uuid4().hex[:10]}-"
    settings = Settings(stage="local", table_prefix=prefix, dynamodb_endpoint=endpoint_env)
    db.configure(settings)
    client = db.connection().client
    table = prefix + "journal"
    try:
        client.create_table(  # the journal table as the previous version made it
            TableName=table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"}
                                  for n in ("match_id", "sk", "author")],
            KeySchema=[{"AttributeName": "match_id", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "by-author", "Projection": {"ProjectionType": "KEYS_ONLY"},
                "KeySchema": [{"AttributeName": "author", "KeyType": "HASH"},
                              {"AttributeName": "match_id", "KeyType": "RANGE"}]}])
        meeting = journal.add("c1.e1", "meeting", "meeting", "e1", {"minutes": 30})
        created = db.create_tables(settings)
        assert f"{table} index by-cohort" in created
        indexes = client.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]
        assert {i["IndexName"] for i in indexes} == {"by-author", "by-cohort"}
        found = journal.cohort_items("c1", "meeting")
        assert [(i["match"], i["key"]) for i in found] == [("c1.e1", f"meeting#{meeting}")]
        assert journal.cohort_items("c2") == []
        assert f"{table} index by-cohort" not in db.create_tables(settings)
    finally:
        db.delete_tables(settings)
