"""The Flask application: ``create_app(settings)``; module-level ``app`` for Zappa."""
from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from functions import db
from functions.api.body_guard import MAX_BODY
from functions.errors import TandemError
from functions.settings import Settings, resolve_oidc_secret, resolve_secret_keys


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
    settings = resolve_oidc_secret(resolve_secret_keys(settings or Settings.from_env()))
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
    from functions.api import manage_import
    app.register_blueprint(manage_import.bp, url_prefix="/api/admin")
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
    from functions.api import manage_goals
    app.register_blueprint(manage_goals.bp, url_prefix="/api/admin")
    from functions.api import manage_resources
    app.register_blueprint(manage_resources.bp, url_prefix="/api/admin")
    from functions.api import manage_emails
    app.register_blueprint(manage_emails.bp, url_prefix="/api/admin")
    from functions.api import participant
    app.register_blueprint(participant.bp, url_prefix="/api")
    from functions.api import choices
    app.register_blueprint(choices.bp, url_prefix="/api")
    from functions.api import rankings
    app.register_blueprint(rankings.bp, url_prefix="/api")
    from functions.api import manage_choices
    app.register_blueprint(manage_choices.bp, url_prefix="/api/admin")
    from functions.api import sso
    app.register_blueprint(sso.bp, url_prefix="/api/auth/oidc")
    from functions.api import openapi  # its document is built (with pydantic) when asked for
    app.register_blueprint(openapi.bp, url_prefix="/api")

    from functions.api import body_guard, failures
    app.before_request(body_guard.guard_api_writes)
    app.after_request(_security_headers)
    app.register_error_handler(TandemError, failures.tandem_error)
    app.register_error_handler(413, body_guard.too_large_answer)
    app.register_error_handler(HTTPException, failures.http_error)
    app.register_error_handler(Exception, failures.unexpected_error)

    return app


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


def _lazy_app():
    # Zappa imports ``functions.app.app``; build it from the environment then.
    return create_app(Settings.from_env())


def __getattr__(name: str):
    if name == "app":
        global app
        app = _lazy_app()
        return app
    raise AttributeError(name)
