"""PynamoDB models: the only module that knows DynamoDB.

Table names come from ``Settings.table_prefix`` and the endpoint from
``Settings.dynamodb_endpoint``; ``configure(settings)`` must run before first
use (PynamoDB caches a connection per model class, so it is reset there too).
"""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute, JSONAttribute, NumberAttribute, TTLAttribute,
    UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute,
)
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


ALL_MODELS: tuple[type[Model], ...] = (
    Program, Cohort, Participant, SelfIdentification, Admin, AdminSession,
)


def configure(settings: Settings) -> None:
    """Point every model at the tables and endpoint the settings name."""
    for model in ALL_MODELS:
        model.Meta.table_name = settings.table_prefix + model.Meta.base_name
        where = (settings.region, settings.dynamodb_endpoint)
        if (getattr(model.Meta, "region", None), getattr(model.Meta, "host", None)) != where:
            model.Meta.region, model.Meta.host = where
            # PynamoDB caches a client per class; it must follow the new endpoint.
            # (A new table name alone is picked up by PynamoDB itself.)
            model._connection = None


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

