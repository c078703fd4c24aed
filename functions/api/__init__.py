"""HTTP handlers as Flask blueprints: ``public`` (no sign-in) and ``admin``."""
from flask import g

from functions.errors import TandemError


def json_body() -> dict:
    """The request's JSON object, as the write guard in ``functions.app`` parsed it."""
    data = g.get("json_body")
    if not isinstance(data, dict):
        raise TandemError("the request body must be a JSON object")
    return data
