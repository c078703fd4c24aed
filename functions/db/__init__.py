"""DynamoDB through PynamoDB: the only package that knows DynamoDB.

One module per area holds its models and the operations on them; callers get
plain dicts back, never PynamoDB objects, and condition failures come back as
domain errors. Table names come from ``Settings.table_prefix`` and the
endpoint from ``Settings.dynamodb_endpoint``; ``configure(settings)`` must run
before first use.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pynamodb.models import Model

from functions.db import base, people_stamp, upgrade
from functions.db.adjustments import Adjustment
from functions.db.admins import Admin, AdminSession
from functions.db.audit import AuditEntry
from functions.db.base import connection
from functions.db.choices import Choice
from functions.db.suggestions import Suggestion
from functions.db.followup import FollowUp
from functions.db.invitations import Invitation
from functions.db.login_counters import LoginCounter
from functions.db.journal import JournalItem
from functions.db.participant_auth import ParticipantSession, SignInToken
from functions.db.participants import Participant, SelfIdentification
from functions.db.policies import PolicyVersion
from functions.db.programs import Cohort, Program
from functions.db.rankings import Ranking
from functions.db.runs import ProposalChunk, Run
from functions.settings import Settings

__all__ = ["ALL_MODELS", "configure", "connection", "create_tables", "delete_tables"]

# Every transaction that writes a participant raises her cohort's people stamp.
base.on_commit(lambda items: people_stamp.stamp(items, Participant.Meta.table_name))

ALL_MODELS: tuple[type[Model], ...] = (
    Program, Cohort, Participant, SelfIdentification, Admin, AdminSession, LoginCounter,
    PolicyVersion, Run, ProposalChunk, Adjustment, AuditEntry, Invitation,
    SignInToken, ParticipantSession, JournalItem, Choice, Suggestion, FollowUp, Ranking,
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
    """Create the tables that do not exist yet (idempotent). Returns their names,
    and, on DynamoDB Local, the indexes a table made by an earlier version
    lacked (see ``functions.db.upgrade``; in the cloud CloudFormation adds them)."""
    configure(settings)
    local = base.is_loopback(settings.dynamodb_endpoint)
    # Locally, one ListTables answers every "does it exist?" (a cold engine
    # takes tens of milliseconds a DescribeTable); the cloud's role may not list.
    existing = upgrade.table_names(connection().client) if local else None

    def create(model) -> list[str]:
        made = upgrade.rebuild(connection().client, model, existing) if local else []
        if made or (model.Meta.table_name in existing if local else model.exists()):
            return made
        # PynamoDB also turns on TTL for a model with a TTLAttribute.
        model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
        return [model.Meta.table_name]

    # Each table is independent and the store creates several at once: on
    # DynamoDB Local twenty tables take half the time side by side.
    with ThreadPoolExecutor(max_workers=8) as pool:
        return [name for made in pool.map(create, ALL_MODELS) for name in made]


def delete_tables(settings: Settings) -> None:
    """Delete the tables the settings name (tests drop their own tables)."""
    configure(settings)
    for model in ALL_MODELS:
        if model.exists():
            model.delete_table()
