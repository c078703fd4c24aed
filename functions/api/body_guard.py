"""The rules every state-changing API call meets before its handler: CSRF
(a custom header and a JSON body a cross-site form cannot send), body size,
nesting and text that has no UTF-8 form. The body is parsed here, once;
handlers read it with ``api.json_body()``."""
from __future__ import annotations

import json
import re

from flask import g, request

from functions.api.failures import UNSAFE_METHODS, error_response
from functions.errors import Forbidden

MAX_BODY = 64 * 1024
#: The one route that takes a file: a participant import (5,000 rows fit in ~2 MB).
CSV_IMPORT = re.compile(r"/api/admin/cohorts/[^/]+/participants/import")
MAX_CSV_BODY = 5 * 1024 * 1024
#: Nesting allowed in a request body; the deepest real one (answers) has 3.
MAX_DEPTH = 16

def guard_api_writes():
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
        return too_large()
    if request.headers.get("X-Requested-With") != "tandem":
        raise Forbidden("missing X-Requested-With: tandem header")
    if request.method == "DELETE" and not request.content_length \
            and not request.get_data(cache=True):
        return None  # a DELETE names its object in the URL; no body to check
    if not _is_plain_json():
        raise Forbidden("the request body must be JSON (Content-Type: application/json)")
    body = request.get_data(cache=True)
    if len(body) > MAX_BODY:
        return too_large()
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        # RecursionError: nesting deeper than the parser's stack allows.
        return error_response(400, "malformed_json", "the request body is not valid JSON")
    if _nested_deeper(data, MAX_DEPTH):
        # Refused whatever the stack depth, so what a handler meets is shallow.
        return error_response(400, "malformed_json",
                      f"the request body nests deeper than {MAX_DEPTH} levels")
    where = _lone_surrogate(data)
    if where is not None:
        return error_response(400, "malformed_json", f"{where or 'the body'}: the text holds half of "
                      "a character (a lone surrogate such as \\ud800)", field=where or None)
    g.json_body = data
    return None


#: What an import may be sent as: CSV (Windows labels a .csv file with
#: Excel's old type, UTF-16 "Unicode Text" is tab separated), bytes of no
#: stated kind (told by their first bytes), or an .xlsx workbook. A
#: cross-site form can send none of them.
IMPORT_TYPES = ("text/csv", "text/tab-separated-values", "application/vnd.ms-excel",
                "application/octet-stream",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _guard_csv():
    """The import route: a spreadsheet file up to MAX_CSV_BODY, same CSRF header.

    A cross-site form can send text/plain but not these types, and never the
    custom header; the handler reads the bytes (``request.get_data``) and
    tells their encoding itself (``domain.spreadsheet``), so a charset the
    Content-Type may name is not needed."""
    request.max_content_length = MAX_CSV_BODY + 1
    if request.content_length is not None and request.content_length > MAX_CSV_BODY:
        return too_large(MAX_CSV_BODY)
    if request.headers.get("X-Requested-With") != "tandem":
        raise Forbidden("missing X-Requested-With: tandem header")
    if request.mimetype not in IMPORT_TYPES:
        raise Forbidden("the request body must be a CSV file (Content-Type: text/csv) or an "
                        f"Excel workbook (Content-Type: {IMPORT_TYPES[-1]})")
    if len(request.get_data(cache=True)) > MAX_CSV_BODY:
        return too_large(MAX_CSV_BODY)
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


def too_large(limit: int = MAX_BODY):
    return error_response(413, "too_large", f"the request body is over {limit // 1024} KB")


def too_large_answer(exc):
    """Werkzeug's own 413 (a body over MAX_CONTENT_LENGTH), in the same words."""
    return too_large(MAX_CSV_BODY if CSV_IMPORT.fullmatch(request.path) else MAX_BODY)
