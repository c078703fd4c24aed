"""DynamoDB through PynamoDB: the only package that knows DynamoDB.

One module per area holds its models and the operations on them; callers get
plain dicts back, never PynamoDB objects, and condition failures come back as
domain errors. Table names come from ``Settings.table_prefix`` and the
endpoint from ``Settings.dynamodb_endpoint``; ``configure(settings)`` must run
before first use.
"""
from __future__ import annotations

import time

from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from functions.db import base
from functions.db.adjustments import Adjustment
from functions.db.admins import Admin, AdminSession
from functions.db.audit import AuditEntry
from functions.db.base import connection
from functions.db.choices import Choice, Suggestion
from functions.db.followup import FollowUp
from functions.db.invitations import Invitation
from functions.db.login_counters import LoginCounter
from functions.db.journal import JournalItem
from functions.db.participant_auth import ParticipantSession, SignInToken
from functions.db.participants import Participant, SelfIdentification
from functions.db.policies import PolicyVersion
from functions.db.programs import Cohort, Program
from functions.db.runs import ProposalChunk, Run
from functions.settings import Settings

__all__ = ["ALL_MODELS", "configure", "connection", "create_tables", "delete_tables"]

ALL_MODELS: tuple[type[Model], ...] = (
    Program, Cohort, Participant, SelfIdentification, Admin, AdminSession, LoginCounter,
    PolicyVersion, Run, ProposalChunk, Adjustment, AuditEntry, Invitation,
    SignInToken, ParticipantSession, JournalItem, Choice, Suggestion, FollowUp,
)


def configure(settings: Settings) -> None:
    """Point every model at the tables and endpoint the settings name."""
    key, secret = base.credentials(settings)
    for model in ALL_MODELS:
        meta = model.Meta
        meta.table_name = settings.table_prefix + meta.base_name
        # Sixteen concurrent requests must not queue for botocore's default ten.
        meta.max_pool_connections = 32
        where = (settings.region, settings.dynamodb_endpoint, key)
        if (getattr(meta, "region", None), getattr(meta, "host", None),
                getattr(meta, "aws_access_key_id", None)) != where:
            meta.region, meta.host = settings.region, settings.dynamodb_endpoint
            meta.aws_access_key_id, meta.aws_secret_access_key = key, secret
            # PynamoDB caches a client per class and rebuilds it only for a new
            # table name; a new endpoint must drop it too.
            model._connection = None
    base.set_connection(settings)


def create_tables(settings: Settings) -> list[str]:
    """Create the tables that do not exist yet (idempotent). Returns their names."""
    configure(settings)
    created = []
    for model in ALL_MODELS:
        if not model.exists():
            # PynamoDB also turns on TTL for a model with a TTLAttribute.
            model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
            created.append(model.Meta.table_name)
        else:
            created += _add_missing_indexes(model)
    return created


def _add_missing_indexes(model: type[Model]) -> list[str]:
    """Add a model's new global secondary indexes to its existing table, so a
    local data folder made by an earlier version keeps working (in the cloud
    CloudFormation does this from infra/tables.yaml). DynamoDB adds one index
    per UpdateTable call and fills it from the items already stored."""
    client = connection().client
    table = model.Meta.table_name
    have = {i["IndexName"] for i in
            client.describe_table(TableName=table)["Table"].get("GlobalSecondaryIndexes", [])}
    added = []
    for index in vars(model).values():
        if not isinstance(index, GlobalSecondaryIndex) or index.Meta.index_name in have:
            continue
        keys = sorted(index.Meta.attributes.values(), key=lambda a: not a.is_hash_key)
        projection = {"ProjectionType": index.Meta.projection.projection_type}
        if index.Meta.projection.non_key_attributes:
            projection["NonKeyAttributes"] = index.Meta.projection.non_key_attributes
        client.update_table(
            TableName=table,
            AttributeDefinitions=[{"AttributeName": a.attr_name, "AttributeType": a.attr_type}
                                  for a in keys],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": index.Meta.index_name, "Projection": projection,
                "KeySchema": [{"AttributeName": a.attr_name,
                               "KeyType": "HASH" if a.is_hash_key else "RANGE"} for a in keys]}}])
        _wait_active(client, table, index.Meta.index_name)
        added.append(f"{table} index {index.Meta.index_name}")
    return added


def _wait_active(client, table: str, index_name: str, timeout: float = 300) -> None:
    """An index answers queries once it is ACTIVE (filled from the stored items)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        indexes = client.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]
        if all(i.get("IndexStatus", "ACTIVE") == "ACTIVE" for i in indexes
               if i["IndexName"] == index_name):
            return
        time.sleep(0.5)
    raise RuntimeError(f"index {index_name} of {table} did not become active in {timeout} s")


def delete_tables(settings: Settings) -> None:
    """Delete the tables the settings name (tests drop their own tables)."""
    configure(settings)
    for model in ALL_MODELS:
        if model.exists():
            model.delete_table()
