"""What every table shares: the base model, ids and clocks, the connection for
transactions, and turning DynamoDB's condition failures into domain errors."""
from __future__ import annotations

import random
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from pynamodb.connection import Connection
from pynamodb.connection.base import BOTOCORE_EXCEPTIONS
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from functions.errors import BUSY_REASONS, Unavailable
from functions.settings import Settings


class Base(Model):
    """Common Meta; every table is on-demand."""

    class Meta:
        abstract = True
        billing_mode = "PAY_PER_REQUEST"

    @classmethod
    def _get_connection(cls):
        """PynamoDB's per-table connection, on the one botocore client of
        ``set_connection`` when it names the same store. PynamoDB makes a
        client per model, each from a new botocore session that parses the
        service's JSON models again: twenty of them cost a cold start (a
        Lambda's, a local server's) seconds of CPU where one costs 0.15 s."""
        table = super()._get_connection()
        shared, meta = _connection, cls.Meta
        if (shared is not None and table.connection is not shared and _connection_to[:3]
                == (getattr(meta, "region", None), getattr(meta, "host", None),
                    getattr(meta, "aws_access_key_id", None))):
            try:
                shared.add_meta_table(table.connection.get_meta_table(meta.table_name))
            except ValueError:
                pass  # a model made again for the same store: its schema is already there
            table.connection = shared
        return table


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt else None


#: The secret half for DynamoDB Local: its guard checks the access key id only.
LOCAL_SECRET = "local"

_connection: Connection | None = None
_connection_to: tuple | None = None  # (region, endpoint, key, secret) it was made for


def is_loopback(endpoint: str | None) -> bool:
    host = urlsplit(endpoint).hostname if endpoint else None
    return host in ("127.0.0.1", "localhost", "::1")


def credentials(settings: Settings) -> tuple[str | None, str | None]:
    """The data folder's key for DynamoDB Local (a loopback endpoint), else the AWS chain."""
    if is_loopback(settings.dynamodb_endpoint):
        return settings.store_key or "local", LOCAL_SECRET
    return None, None


def set_connection(settings: Settings) -> None:
    """Point transactions at the settings' store. The connection (and the
    botocore client it makes: tens of milliseconds and thousands of objects)
    is kept while the store stays the same."""
    global _connection, _connection_to
    key, secret = credentials(settings)
    where = (settings.region, settings.dynamodb_endpoint, key, secret)
    if _connection is None or _connection_to != where:
        _connection = Connection(region=settings.region, host=settings.dynamodb_endpoint,
                                 max_pool_connections=32, aws_access_key_id=key,
                                 aws_secret_access_key=secret)
        _connection_to = where


def connection() -> Connection:
    """The connection for transactions across tables (``TransactWrite``)."""
    if _connection is None:
        raise RuntimeError("functions.db.configure(settings) was not called")
    return _connection


#: Attempts of a transaction that collides with another one on the same item.
TRANSACT_ATTEMPTS = 6


#: What every transaction passes its operations through before it commits
#: (``on_commit``).
_commit_hooks: list = []


def on_commit(hook) -> None:
    """Have every transaction's operations (TransactWriteItems' list) go
    through ``hook(items) -> items`` before committing: ``functions.db``
    wires ``people_stamp.stamp`` in, so that a write of a participant raises
    her cohort's people stamp in the same transaction."""
    if hook not in _commit_hooks:
        _commit_hooks.append(hook)


class _Write(TransactWrite):
    """PynamoDB's transaction, its operations passed through the ``on_commit``
    hooks. They keep PynamoDB's order (checks, deletes, puts, updates), which
    callers read cancellation reasons by."""

    def _commit(self):
        items = ([{"ConditionCheck": i} for i in self._condition_check_items]
                 + [{"Delete": i} for i in self._delete_items]
                 + [{"Put": i} for i in self._put_items]
                 + [{"Update": i} for i in self._update_items])
        kwargs = self._connection._get_transact_operation_kwargs(
            client_request_token=self._client_request_token,
            return_consumed_capacity=self._return_consumed_capacity,
            return_item_collection_metrics=self._return_item_collection_metrics)
        for hook in _commit_hooks:
            items = hook(items)
        kwargs["TransactItems"] = items
        try:
            response = self._connection.dispatch("TransactWriteItems", kwargs)
        except BOTOCORE_EXCEPTIONS as exc:
            raise TransactWriteError("Failed to write transaction items", exc) from exc
        for model in self._models_for_version_attribute_update:
            model.update_local_version_attribute()
        return response


def transact(write, attempts: int = TRANSACT_ATTEMPTS) -> list[str | None]:
    """Run ``write(tx)`` in one transaction; returns the cancellation reasons
    (empty when it committed).

    DynamoDB cancels a transaction that meets another in flight on the same
    item (``TransactionConflict``), or one of whose items is throttled
    (``ThrottlingError``, ``ProvisionedThroughputExceeded``), without doing
    any of it; botocore does not retry a cancellation, so it is tried again
    here after a jittered, growing pause. If it is still cancelled, the caller
    gets 503 with Retry-After, never a 500; nothing of it was written.
    """
    for attempt in range(attempts):
        try:
            with _Write(connection=connection()) as tx:
                write(tx)
            return []
        except TransactWriteError as exc:
            reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in reasons:
                return reasons
            busy = {r for r in reasons if r}
            if not (busy and busy <= BUSY_REASONS) and \
                    exc.cause_response_code != "TransactionInProgressException":
                raise
        time.sleep(random.uniform(0.5, 1.5) * 0.02 * 2 ** attempt)
    raise Unavailable("the store is too busy with these records right now; nothing was "
                      "saved: try again in a moment", retry_after=2)


def raise_if_condition(exc: Exception, domain_error: Exception) -> None:
    """Raise ``domain_error`` if ``exc`` is a failed condition, else ``exc`` itself."""
    if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
        raise domain_error from None
    raise exc


def live_session(s: Model, idle: timedelta, touch_every: timedelta) -> bool:
    """Whether session item ``s`` (keyed by ``token_hash``; ``expires``,
    ``last_seen``, ``created_at``) is live: before its absolute end and used
    within ``idle``. Refreshes its idle clock, at most every ``touch_every``
    so a page's burst of reads is one write, not many, and only while it
    still exists, so a sign-out in between stays signed out."""
    moment = now()
    seen = s.last_seen or s.created_at
    if s.expires is None or s.expires <= moment or seen + idle <= moment:
        return False
    if moment - seen >= touch_every:
        model = type(s)
        try:
            s.update(actions=[model.last_seen.set(moment)],
                     condition=model.token_hash.exists())
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise
    return True
