"""The Flask application: ``create_app(settings)``; module-level ``app`` for Zappa."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, NotFound as HTTPNotFound

from functions import models
from functions.errors import Forbidden, TandemError
from functions.settings import Settings

log = logging.getLogger("tandem")

MAX_BODY = 64 * 1024
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
       "form-action 'self'")


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    models.configure(settings)
    app = Flask(__name__, static_folder=None)
    app.config.update(TANDEM=settings, MAX_CONTENT_LENGTH=MAX_BODY, SECRET_KEY=settings.secret_key)

    from functions.api import admin, public
    app.register_blueprint(public.bp, url_prefix="/api")
    app.register_blueprint(admin.bp, url_prefix="/api/admin")

    app.before_request(_guard_api_writes)
    app.after_request(_security_headers)
    app.register_error_handler(TandemError, _tandem_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)

    if settings.site_dir:
        _serve_site(app, settings.site_dir)
    return app


def _guard_api_writes():
    """CSRF defence and body rules for every state-changing API call.

    A cross-site form cannot set a custom header nor send application/json
    without a CORS preflight, which this API never grants; the session
    cookie is SameSite=Strict besides.
    """
    if not request.path.startswith("/api/") or request.method not in UNSAFE_METHODS:
        return None
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _error(413, "too_large", f"the request body is over {MAX_BODY // 1024} KB")
    if request.headers.get("X-Requested-With") != "tandem":
        raise Forbidden("missing X-Requested-With: tandem header")
    if not request.is_json:
        raise Forbidden("the request body must be JSON (Content-Type: application/json)")
    if request.get_json(silent=True) is None:
        return _error(400, "malformed_json", "the request body is not valid JSON")
    return None


def _security_headers(resp):
    h = resp.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    h["X-Frame-Options"] = "DENY"
    h["Referrer-Policy"] = "same-origin"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.path.startswith("/api/"):
        h["Cache-Control"] = "no-store"
    return resp


def _error(status: int, code: str, message: str, field: str | None = None):
    body = {"error": code, "message": message}
    if field:
        body["field"] = field
    return jsonify(body), status


def _tandem_error(exc: TandemError):
    return jsonify(exc.to_dict()), exc.status


def _http_error(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    if exc.code == 413:
        return _error(413, "too_large", f"the request body is over {MAX_BODY // 1024} KB")
    if not request.path.startswith("/api/") and exc.code == 404:
        return exc
    return _error(exc.code or 500, code, exc.description or exc.name)


def _unexpected_error(exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _error(500, "internal", "something went wrong on our side; nothing was changed")


def _serve_site(app: Flask, site_dir: str) -> None:
    # Versioned asset URLs, caching and gzip live in functions.site_files.
    from pathlib import Path

    from functions import site_files
    root = Path(site_dir).resolve()

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def site(path: str):
        if path.startswith("api/"):
            raise HTTPNotFound()
        return site_files.respond(root, path, request)


def _lazy_app():
    # Zappa imports ``functions.app.app``; build it from the environment then.
    return create_app(Settings.from_env())


def __getattr__(name: str):
    if name == "app":
        global app
        app = _lazy_app()
        return app
    raise AttributeError(name)
