"""PynamoDB models: the only module that knows DynamoDB.

Table names come from ``Settings.table_prefix`` and the endpoint from
``Settings.dynamodb_endpoint``; ``configure(settings)`` must run before first
use (PynamoDB caches a connection per model class, so it is reset there too).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from pynamodb.attributes import (
    BooleanAttribute, JSONAttribute, NumberAttribute, TTLAttribute,
    UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute,
)
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from functions.lifecycle import DRAFT
from functions.settings import Settings


class _Base(Model):
    """Common Meta; every table is on-demand."""

    class Meta:
        abstract = True
        billing_mode = "PAY_PER_REQUEST"


class ProgramsByKind(GlobalSecondaryIndex):
    """Every program under one key, sorted by name: the admin list is a Query."""

    class Meta:
        index_name = "by-kind"
        projection = AllProjection()

    kind = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(range_key=True)


class Program(_Base):
    class Meta(_Base.Meta):
        base_name = "programs"

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="program")
    name = UnicodeAttribute()
    type = UnicodeAttribute(default="one_to_one")  # one_to_one | group | reverse
    description = UnicodeAttribute(default="")
    questionnaire = JSONAttribute(default=lambda: {"questions": []})
    criteria = JSONAttribute(default=list)
    created_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_kind = ProgramsByKind()


class CohortsByStatus(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class CohortsByProgram(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-program"
        projection = AllProjection()

    program_id = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class Cohort(_Base):
    class Meta(_Base.Meta):
        base_name = "cohorts"

    id = UnicodeAttribute(hash_key=True)
    program_id = UnicodeAttribute()
    name = UnicodeAttribute()
    status = UnicodeAttribute(default=DRAFT)  # one of functions.lifecycle.STATES
    enrollment_closes = UnicodeAttribute(null=True)  # ISO date
    matching_at = UnicodeAttribute(null=True)  # ISO date
    min_score = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_status = CohortsByStatus()
    by_program = CohortsByProgram()


class ParticipantsByEmail(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)
    cohort_id = UnicodeAttribute(range_key=True)


class ParticipantsById(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-id"
        projection = KeysOnlyProjection()

    id = UnicodeAttribute(hash_key=True)


class Participant(_Base):
    """One person in one cohort. The key (cohort, email) makes a second
    enrolment with the same address fail its condition, race-free."""

    class Meta(_Base.Meta):
        base_name = "participants"

    cohort_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)  # normalised: lower case
    id = UnicodeAttribute()
    role = UnicodeAttribute()  # mentor | mentee
    name = UnicodeAttribute()
    capacity = NumberAttribute(null=True)
    answers = JSONAttribute(default=dict)
    consent = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_email = ParticipantsByEmail()
    by_id = ParticipantsById()


class SelfIdentification(_Base):
    """Optional demographic answers, kept apart from profiles and reported
    only in aggregate. Stored only with its own explicit consent."""

    class Meta(_Base.Meta):
        base_name = "self-id"

    cohort_id = UnicodeAttribute(hash_key=True)
    participant_id = UnicodeAttribute(range_key=True)
    data = JSONAttribute(default=dict)
    consented_at = UTCDateTimeAttribute()


class AdminsByKind(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-kind"
        projection = KeysOnlyProjection()

    kind = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)


class Admin(_Base):
    class Meta(_Base.Meta):
        base_name = "admins"

    email = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="admin")
    password_hash = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    # Consecutive failed sign-ins, and until when sign-in is refused.
    failed_logins = NumberAttribute(default=0)
    locked_until = UTCDateTimeAttribute(null=True)

    by_kind = AdminsByKind()


class AdminSession(_Base):
    """Server-side admin session; the cookie holds a token, the table its hash."""

    class Meta(_Base.Meta):
        base_name = "admin-sessions"

    token_hash = UnicodeAttribute(hash_key=True)
    admin_email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()


class LoginCounter(_Base):
    """Sign-in attempts for one e-mail address in the current window.

    One item per normalised e-mail, known to be an admin or not, so both
    answer alike. The key is the address's SHA-256: whatever people type is
    not kept. ``window_ends`` is also the TTL, so DynamoDB drops old counters.
    """

    class Meta(_Base.Meta):
        base_name = "login-counters"

    email_hash = UnicodeAttribute(hash_key=True)
    attempts = NumberAttribute(default=0)
    window_ends = TTLAttribute()


ALL_MODELS: tuple[type[Model], ...] = (
    Program, Cohort, Participant, SelfIdentification, Admin, AdminSession, LoginCounter,
)


#: DynamoDB Local checks no credentials; botocore still needs some to sign with.
LOCAL_CREDENTIALS = ("local", "local")
_connection: Connection | None = None


def _is_loopback(endpoint: str | None) -> bool:
    host = urlsplit(endpoint).hostname if endpoint else None
    return host in ("127.0.0.1", "localhost", "::1")


def configure(settings: Settings) -> None:
    """Point every model at the tables and endpoint the settings name."""
    global _connection
    key, secret = (LOCAL_CREDENTIALS if _is_loopback(settings.dynamodb_endpoint)
                   else (None, None))
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
    _connection = Connection(region=settings.region, host=settings.dynamodb_endpoint,
                             max_pool_connections=32, aws_access_key_id=key,
                             aws_secret_access_key=secret)


def connection() -> Connection:
    """The connection for transactions across tables (``TransactWrite``)."""
    if _connection is None:
        raise RuntimeError("functions.models.configure(settings) was not called")
    return _connection


def create_tables(settings: Settings) -> list[str]:
    """Create the tables that do not exist yet (idempotent). Returns their names."""
    configure(settings)
    created = []
    for model in ALL_MODELS:
        if not model.exists():
            # PynamoDB also turns on TTL for a model with a TTLAttribute.
            model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
            created.append(model.Meta.table_name)
    return created



def delete_tables(settings: Settings) -> None:
    """Delete the tables the settings name (tests drop their own tables)."""
    configure(settings)
    for model in ALL_MODELS:
        if model.exists():
            model.delete_table()
