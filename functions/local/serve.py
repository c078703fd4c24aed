"""`tandem serve`: the whole portal on one machine.

Amazon DynamoDB Local as the store (``dynamodb_local``), the API and the
static site on one origin, first admin and demo data on first start.
"""
from __future__ import annotations

import contextlib

import json
import os
import re
import secrets
import signal
import sys
import threading
from pathlib import Path

from functions import db
from functions.auth import admin as auth
from functions.db import admins, programs
from functions.errors import StoreError
from functions.local import dynamodb_local, http_server, secret_keys, site_files
from functions.settings import Settings

SITE_DIR = Path(__file__).resolve().parents[2] / "site"


class RequestHandler(http_server.LimitedHandler):
    """Werkzeug's handler (with read timeouts), minus what it says about itself.

    The ``Server`` header names no software or version, and the errors the
    HTTP server answers itself, before the app sees the request (a malformed
    request line, an over-long URL or header), are JSON with the app's
    security headers instead of http.server's HTML page.
    """

    server_version = "Tandem"  # replaces Werkzeug's property ("Werkzeug/x.y")
    # http.server assumes HTTP/0.9, which has no status line nor headers, for
    # a request line it cannot read; answer those as HTTP/1.0.
    default_request_version = "HTTP/1.0"

    def version_string(self) -> str:
        return self.server_version  # without " Python/3.x"

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        from functions.app import SECURITY_HEADERS
        short, long = self.responses.get(code, ("Error", "The request could not be handled."))
        # ``message`` may quote the client's bytes; the log keeps it, the answer does not.
        self.log_error("code %d, message %s", code, message or short)
        self.send_response(code, short)
        self.send_header("Connection", "close")
        self.close_connection = True
        body = b""
        if code >= 200 and code not in (204, 205, 304):
            body = json.dumps({"error": re.sub(r"[^a-z0-9]+", "_", short.lower()),
                               "message": explain or long}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)


def ensure_first_admin(settings: Settings, out=sys.stdout) -> None:
    """Create the first admin if there is none: from the settings, else generated."""
    if admins.any_admin():
        return
    email = (settings.admin_email or "admin@example.org").strip().lower()
    password = settings.admin_password
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(12)
    auth.create_admin(email, password)
    if generated:
        print(f"First admin created: {email}  password: {password}\n"
              "  (shown once; set TANDEM_ADMIN_EMAIL/TANDEM_ADMIN_PASSWORD to choose them)",
              file=out, flush=True)
    else:
        print(f"First admin created: {email} (password from TANDEM_ADMIN_PASSWORD)",
              file=out, flush=True)


def open_local(data_dir: str, base: Settings | None = None,
               store_port: int | None = None,
               out=None) -> tuple[Settings, dynamodb_local.LocalStore]:
    """Start DynamoDB Local with its data in ``data_dir`` and create the tables."""
    base = base or Settings.from_env()
    local_store = dynamodb_local.start(data_dir, home=base.dynamodb_local_home, port=store_port, out=out)
    try:
        settings = base.with_(
            stage="local", table_prefix="tandem-local-", dynamodb_endpoint=local_store.endpoint,
            store_key=local_store.access_key, data_dir=str(Path(data_dir).resolve()))
        db.create_tables(settings)
    except BaseException:
        local_store.stop()
        raise
    return settings, local_store


def _say_sso(settings: Settings) -> None:
    """One line on single sign-on when it is asked for: on, or why it is off."""
    from functions.auth import oidc
    if not (settings.oidc_issuer or settings.oidc_client_id):
        if not settings.password_sign_in:
            print("TANDEM_PASSWORD_SIGN_IN is off but single sign-on is not set up: "
                  "no admin can sign in.", flush=True)
        return
    problem = oidc.setup_problem(settings)
    print(f"Single sign-on is on with {settings.oidc_issuer}" if problem is None
          else f"Single sign-on is off: {problem}", flush=True)


def run(host: str, port: int, data_dir: str, demo: bool, site_dir: str | None = None,
        store_port: int | None = None, demo_sso: bool = False) -> int:
    """Serve until SIGTERM or Ctrl+C, then stop in order: stop accepting,
    drain the requests in flight, stop the worker, stop the store last."""
    from functions.app import create_app
    from functions.jobs.dispatch import LocalWorker
    from functions.local import demo as demo_data

    limits = http_server.limits_from_env(os.environ)  # before the store: a bad value stops here
    serving: list[http_server.LimitedServer] = []

    def _stop(signum, frame):
        if not serving:
            raise KeyboardInterrupt  # still starting: unwind, the store stops below
        # shutdown() waits for serve_forever to return, so not from this (its) thread.
        threading.Thread(target=serving[0].shutdown, daemon=True).start()

    # Set before the store starts, so a SIGTERM at any moment still stops it.
    signal.signal(signal.SIGTERM, _stop)
    settings, local_store = open_local(data_dir, store_port=store_port, out=sys.stdout)
    stack = contextlib.ExitStack()  # what stops before the store (the demo provider)
    try:
        settings = settings.with_(site_dir=site_dir or str(SITE_DIR),
                                  public_url=settings.public_url or f"http://{host}:{port}",
                                  secret_key=settings.secret_key or ",".join(
                                      secret_keys.load_or_create(data_dir)))
        ensure_first_admin(settings)
        if not programs.any_program():
            demo = True  # first start on an empty store
        if demo and not programs.get_program_or_none(demo_data.PROGRAM_ID):
            print("Loading demo data…", flush=True)
            summary = demo_data.load(settings=settings)
            print(f"Demo program loaded: {summary['mentors']} mentors, {summary['mentees']} "
                  f"mentees in cohort {summary['cohort']}", flush=True)
        if demo_sso:
            from functions.local import demo_sso as sso
            settings = sso.start(settings, data_dir, stack)
        _say_sso(settings)
        app = create_app(settings)
        site_files.mount(app, settings.site_dir)
        worker = LocalWorker(settings)
        app.config["TANDEM_DISPATCH"] = worker.submit
        try:
            server = http_server.LimitedServer(host, port, app, RequestHandler, **limits)
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        print(f"Tandem is running at http://{host}:{server.server_port}/  "
              f"(admin: http://{host}:{server.server_port}/admin/)\n"
              f"Data lives in {Path(data_dir).resolve()} (Amazon DynamoDB Local on "
              f"{local_store.endpoint}, ready in {local_store.started_in:.1f} s). Stop with Ctrl+C.", flush=True)
        serving.append(server)
        signal.signal(signal.SIGINT, _stop)
        try:
            server.serve_forever()
        finally:
            cut = server.drain(http_server.DRAIN_SECONDS)
            if cut:
                print(f"{cut} request(s) still running after {http_server.DRAIN_SECONDS} s "
                      "were cut off", flush=True)
            worker.stop(http_server.DRAIN_SECONDS)
            server.server_close()
    finally:
        stack.close()
        local_store.stop()
    print("Tandem stopped; data kept.", flush=True)
    return 0
