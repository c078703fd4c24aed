"""HTTP handlers as Flask blueprints: ``public`` (no sign-in) and the admin
ones (``admin`` and one per admin area), every admin route behind a session."""
from flask import Blueprint, g, request

from functions.errors import TandemError, Unauthorized


def admin_blueprint(name: str, *, open_endpoints: tuple[str, ...] = ()) -> Blueprint:
    """A blueprint whose every route needs a signed-in admin (``g.admin_email``),
    except the endpoints named in ``open_endpoints`` (the sign-in itself)."""
    bp = Blueprint(name, __name__)

    @bp.before_request
    def require_admin():
        if request.endpoint in open_endpoints:
            return
        from functions.auth import admin as auth
        email = auth.session_admin(request.cookies.get(auth.COOKIE_NAME))
        if not email:
            raise Unauthorized("sign in as an admin first")
        g.admin_email = email

    return bp


def json_body() -> dict:
    """The request's JSON object, as the write guard in ``functions.app`` parsed it."""
    data = g.get("json_body")
    if not isinstance(data, dict):
        raise TandemError("the request body must be a JSON object")
    return data
