"""HTTP handlers as Flask blueprints: ``public`` (no sign-in) and ``admin``."""
from flask import request

from functions.errors import TandemError


def json_body() -> dict:
    """The request's JSON object (the write guard already checked it parses)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise TandemError("the request body must be a JSON object")
    return data
