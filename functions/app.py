"""The Flask application: ``create_app(settings)``; module-level ``app`` for Zappa."""
from __future__ import annotations

import json
import logging
import re

from flask import Flask, g, has_request_context, jsonify, request
from pynamodb.signals import post_dynamodb_send, signals_available
from werkzeug.exceptions import HTTPException

from functions import db
from functions.errors import BUSY, Forbidden, TandemError, Unavailable, aws_outage
from functions.settings import Settings, resolve_secret_keys

log = logging.getLogger("tandem")

MAX_BODY = 64 * 1024
#: The one route that takes text/csv: a participant import (5,000 rows fit in ~2 MB).
CSV_IMPORT = re.compile(r"/api/admin/cohorts/[^/]+/participants/import")
MAX_CSV_BODY = 5 * 1024 * 1024
#: Nesting allowed in a request body; the deepest real one (answers) has 3.
MAX_DEPTH = 16
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
       "form-action 'self'")
#: On every response, including the local server's own errors (functions.local.serve).
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def create_app(settings: Settings | None = None) -> Flask:
    # In the cloud the signing keys come from SSM, once per container.
    settings = resolve_secret_keys(settings or Settings.from_env())
    db.configure(settings)
    app = Flask(__name__, static_folder=None)
    # One byte over the limit: Werkzeug stops reading a body without
    # Content-Length (chunked) there, so the guard can tell "over" from "exactly".
    keys = settings.secret_keys  # oldest first; Flask wants the newest apart
    app.config.update(TANDEM=settings, MAX_CONTENT_LENGTH=MAX_BODY + 1,
                      SECRET_KEY=keys[-1] if keys else "", SECRET_KEY_FALLBACKS=list(keys[:-1]))

    from functions.api import admin, manage, matching, public
    app.register_blueprint(public.bp, url_prefix="/api")
    app.register_blueprint(admin.bp, url_prefix="/api/admin")
    app.register_blueprint(manage.bp, url_prefix="/api/admin")
    from functions.api import manage_admins, manage_reports
    app.register_blueprint(manage_admins.bp, url_prefix="/api/admin")
    app.register_blueprint(manage_reports.bp, url_prefix="/api/admin")
    app.register_blueprint(matching.bp, url_prefix="/api/admin")
    from functions.api import manage_engagement
    app.register_blueprint(manage_engagement.bp, url_prefix="/api/admin")
    from functions.api import manage_growth
    app.register_blueprint(manage_growth.bp, url_prefix="/api/admin")
    from functions.api import manage_followup
    app.register_blueprint(manage_followup.bp, url_prefix="/api/admin")
    from functions.api import participant
    app.register_blueprint(participant.bp, url_prefix="/api")
    from functions.api import choices
    app.register_blueprint(choices.bp, url_prefix="/api")
    from functions.api import manage_choices
    app.register_blueprint(manage_choices.bp, url_prefix="/api/admin")
    from functions.api import openapi  # its document is built (with pydantic) when asked for
    app.register_blueprint(openapi.bp, url_prefix="/api")

    app.before_request(_guard_api_writes)
    app.after_request(_security_headers)
    app.register_error_handler(TandemError, _tandem_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)

    return app


def _guard_api_writes():
    """CSRF defence and body rules for every state-changing API call.

    A cross-site form cannot set a custom header nor send application/json
    without a CORS preflight, which this API never grants; the session
    cookie is SameSite=Strict besides. The body is parsed here, once, for
    known and unknown paths alike; handlers read it with ``api.json_body()``.
    """
    if not request.path.startswith("/api/") or request.method not in UNSAFE_METHODS:
        return None
    if request.method == "POST" and CSV_IMPORT.fullmatch(request.path):
        return _guard_csv()
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _too_large()
    if request.headers.get("X-Requested-With") != "tandem":
        raise Forbidden("missing X-Requested-With: tandem header")
    if request.method == "DELETE" and not request.content_length \
            and not request.get_data(cache=True):
        return None  # a DELETE names its object in the URL; no body to check
    if not _is_plain_json():
        raise Forbidden("the request body must be JSON (Content-Type: application/json)")
    body = request.get_data(cache=True)
    if len(body) > MAX_BODY:
        return _too_large()
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        # RecursionError: nesting deeper than the parser's stack allows.
        return _error(400, "malformed_json", "the request body is not valid JSON")
    if _nested_deeper(data, MAX_DEPTH):
        # Refused whatever the stack depth, so what a handler meets is shallow.
        return _error(400, "malformed_json",
                      f"the request body nests deeper than {MAX_DEPTH} levels")
    where = _lone_surrogate(data)
    if where is not None:
        return _error(400, "malformed_json", f"{where or 'the body'}: the text holds half of "
                      "a character (a lone surrogate such as \\ud800)", field=where or None)
    g.json_body = data
    return None


def _guard_csv():
    """The import route: text/csv (UTF-8) up to MAX_CSV_BODY, same CSRF header.

    A cross-site form can send text/plain but not text/csv, and never the
    custom header; the handler reads the bytes (``request.get_data``)."""
    request.max_content_length = MAX_CSV_BODY + 1
    if request.content_length is not None and request.content_length > MAX_CSV_BODY:
        return _too_large(MAX_CSV_BODY)
    if request.headers.get("X-Requested-With") != "tandem":
        raise Forbidden("missing X-Requested-With: tandem header")
    params = {k.lower(): v.lower() for k, v in request.mimetype_params.items()}
    if request.mimetype != "text/csv" or params not in ({}, {"charset": "utf-8"}):
        raise Forbidden("the request body must be CSV (Content-Type: text/csv; charset=utf-8)")
    if len(request.get_data(cache=True)) > MAX_CSV_BODY:
        return _too_large(MAX_CSV_BODY)
    return None


def _nested_deeper(value, limit: int) -> bool:
    """Whether objects and arrays nest more than ``limit`` levels (without recursion)."""
    todo = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        todo.extend((child, depth + 1) for child in item)
    return False


def _lone_surrogate(value) -> str | None:
    """The path of a string (or key) holding a lone UTF-16 surrogate, "" for
    the body itself, None if there is none.

    JSON may escape one (``"\\ud800"``) but it is no character and has no
    UTF-8 form, so signing (itsdangerous), e-mail and DynamoDB would all fail
    on it: refused here, once, for every route."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    todo = [(value, "")]
    while todo:
        item, path = todo.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if not _encodable(key):
                    return path
                todo.append((child, f"{path}.{key}" if path else key))
        elif isinstance(item, list):
            todo.extend((child, f"{path}.{i}" if path else str(i))
                        for i, child in enumerate(item))
        elif isinstance(item, str) and not _encodable(item):
            return path
    return ""


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_plain_json() -> bool:
    """application/json, with no parameter but charset=utf-8. Not any
    ``+json`` type: only the one a cross-site form cannot send."""
    params = {k.lower(): v.lower() for k, v in request.mimetype_params.items()}
    return (request.mimetype == "application/json"
            and params in ({}, {"charset": "utf-8"}))


def _too_large(limit: int = MAX_BODY):
    return _error(413, "too_large", f"the request body is over {limit // 1024} KB")


def _security_headers(resp):
    h = resp.headers
    for name, value in SECURITY_HEADERS.items():
        if name == "Content-Security-Policy":
            h.setdefault(name, value)  # a response may carry a stricter policy of its own
        else:
            h[name] = value
    if request.path.startswith("/api/"):
        h["Cache-Control"] = "no-store"
    return resp


def _error(status: int, code: str, message: str, field: str | None = None):
    body = {"error": code, "message": message}
    if field:
        body["field"] = field
    return jsonify(body), status


def _tandem_error(exc: TandemError):
    resp = jsonify(exc.to_dict())
    resp.status_code = exc.status
    if getattr(exc, "retry_after", None):
        resp.headers["Retry-After"] = str(exc.retry_after)
    return resp


def _http_error(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    if exc.code == 413:
        return _too_large(MAX_CSV_BODY if CSV_IMPORT.fullmatch(request.path) else MAX_BODY)
    if not request.path.startswith("/api/") and exc.code == 404:
        return exc
    resp, status = _error(exc.code or 500, code, exc.description or exc.name)
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
    return _tandem_error(Unavailable(message, retry_after=RETRY_AFTER))


def _unexpected_error(exc: Exception):
    kind = aws_outage(exc)
    if kind:
        return _aws_unavailable(kind)
    log.exception("unexpected error on %s %s", request.method, request.path)
    if request.method in UNSAFE_METHODS:
        # It may have failed after a write went through: do not promise either way.
        return _error(500, "internal", "something went wrong on our side; it may or may not "
                      "have been saved: reload to check before trying again")
    return _error(500, "internal", "something went wrong on our side; try again")


def _lazy_app():
    # Zappa imports ``functions.app.app``; build it from the environment then.
    return create_app(Settings.from_env())


def __getattr__(name: str):
    if name == "app":
        global app
        app = _lazy_app()
        return app
    raise AttributeError(name)
