"""`tandem serve`: the whole portal on one machine.

Amazon DynamoDB Local as the store (``dynamodb_local``), the API and the
static site on one origin, first admin and demo data on first start.
"""
from __future__ import annotations

import secrets
import signal
import sys
from pathlib import Path

from functions import auth, models, store
from functions.errors import StoreError
from functions.local import dynamodb_local
from functions.settings import Settings

SITE_DIR = Path(__file__).resolve().parents[2] / "site"


def ensure_first_admin(settings: Settings, out=sys.stdout) -> None:
    """Create the first admin if there is none: from the settings, else generated."""
    if store.any_admin():
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
    db = dynamodb_local.start(data_dir, home=base.dynamodb_local_home, port=store_port, out=out)
    try:
        settings = base.with_(
            stage="local", table_prefix="tandem-local-", dynamodb_endpoint=db.endpoint,
            data_dir=str(Path(data_dir).resolve()))
        models.create_tables(settings)
    except BaseException:
        db.stop()
        raise
    return settings, db


def run(host: str, port: int, data_dir: str, demo: bool, site_dir: str | None = None,
        store_port: int | None = None) -> int:
    from werkzeug.serving import make_server

    from functions.app import create_app
    from functions.local import demo as demo_data

    def _stop(signum, frame):
        raise KeyboardInterrupt

    # Set before the store starts, so a SIGTERM at any moment still stops it.
    signal.signal(signal.SIGTERM, _stop)
    settings, db = open_local(data_dir, store_port=store_port, out=sys.stdout)
    try:
        settings = settings.with_(site_dir=site_dir or str(SITE_DIR),
                                  secret_key=settings.secret_key or secrets.token_hex(32))
        ensure_first_admin(settings)
        if not store.any_program():
            demo = True  # first start on an empty store
        if demo and not store.get_program_or_none(demo_data.PROGRAM_ID):
            print("Loading demo data…", flush=True)
            summary = demo_data.load()
            print(f"Demo program loaded: {summary['mentors']} mentors, {summary['mentees']} "
                  f"mentees in cohort {summary['cohort']}", flush=True)
        try:
            server = make_server(host, port, create_app(settings), threaded=True)
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        print(f"Tandem is running at http://{host}:{server.server_port}/  "
              f"(admin: http://{host}:{server.server_port}/admin/)\n"
              f"Data lives in {Path(data_dir).resolve()} (Amazon DynamoDB Local on "
              f"{db.endpoint}, ready in {db.started_in:.1f} s). Stop with Ctrl+C.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        db.stop()
    print("Tandem stopped; data kept.", flush=True)
    return 0
