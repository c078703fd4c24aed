"""How every failure is answered: JSON ``{error, message, field?}`` with its
status; AWS busy or down (after botocore's retries) as 503 with
``Retry-After``, saying "nothing was saved" only when that is true."""
from __future__ import annotations

import logging

from flask import g, has_request_context, jsonify, request
from pynamodb.signals import post_dynamodb_send, signals_available
from werkzeug.exceptions import HTTPException

from functions.errors import BUSY, TandemError, Unavailable, aws_outage

log = logging.getLogger("tandem")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def error_response(status: int, code: str, message: str, field: str | None = None):
    body = {"error": code, "message": message}
    if field:
        body["field"] = field
    return jsonify(body), status


def tandem_error(exc: TandemError):
    resp = jsonify(exc.to_dict())
    resp.status_code = exc.status
    if getattr(exc, "retry_after", None):
        resp.headers["Retry-After"] = str(exc.retry_after)
    return resp


def http_error(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    if not request.path.startswith("/api/") and exc.code == 404:
        return exc
    resp, status = error_response(exc.code or 500, code, exc.description or exc.name)
    for name, value in exc.get_headers():
        if name.lower() != "content-type":  # e.g. Allow on a 405
            resp.headers[name] = value
    return resp, status


#: DynamoDB calls that change something: one that went through in a request
#: means a later failure in it may leave that change behind.
STORE_WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                          "TransactWriteItems"})
#: Seconds a client is asked to wait when AWS is busy; botocore has already
#: retried for about that long.
RETRY_AFTER = 2


#: Tables whose writes are bookkeeping, not what a request saves: rate-limit
#: counters and sessions' idle clocks.
BOOKKEEPING = ("login-counters", "admin-sessions", "participant-sessions")


def _note_store_write(sender, operation_name=None, table_name=None, **_):
    """PynamoDB's signal after each successful call: remember a write in this request."""
    if operation_name in STORE_WRITES and has_request_context() \
            and not (table_name or "").endswith(BOOKKEEPING):
        g.store_wrote = True


if signals_available:
    post_dynamodb_send.connect(_note_store_write)


def _aws_unavailable(kind: str):
    """503 for AWS being busy or down after botocore's retries: the request
    may be sent again. What it says of saving is what is known: a read saved
    nothing; a write saved nothing if no write of it went through and the
    failing call was refused before it was done."""
    log.warning("AWS unavailable (%s) on %s %s", kind, request.method, request.path,
                exc_info=True)
    if request.method not in UNSAFE_METHODS:
        message = "the service is busy right now; try again in a moment"
    elif kind == BUSY and not g.get("store_wrote"):
        message = "the service is busy right now; nothing was saved: try again in a moment"
    else:
        message = ("the service is busy right now; part of this may or may not have been "
                   "saved: reload to check before trying again")
    return tandem_error(Unavailable(message, retry_after=RETRY_AFTER))


def unexpected_error(exc: Exception):
    kind = aws_outage(exc)
    if kind:
        return _aws_unavailable(kind)
    log.exception("unexpected error on %s %s", request.method, request.path)
    if request.method in UNSAFE_METHODS:
        # It may have failed after a write went through: do not promise either way.
        return error_response(500, "internal", "something went wrong on our side; it may or may not "
                      "have been saved: reload to check before trying again")
    return error_response(500, "internal", "something went wrong on our side; try again")
