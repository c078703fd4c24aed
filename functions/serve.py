"""`tandem serve`: the whole portal on one machine.

The embedded store (``functions.local``), the API and the static site on one
origin, first admin and demo data on first start.
"""
from __future__ import annotations

import secrets
import signal
import sys
from pathlib import Path

from functions import auth, local, models, store
from functions.settings import Settings

SITE_DIR = Path(__file__).resolve().parent.parent / "site"


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


def open_local(data_dir: str, base: Settings | None = None) -> tuple[Settings, local.EmbeddedStore]:
    """Start the embedded store in ``data_dir`` and create the tables."""
    db = local.start(data_dir)
    settings = (base or Settings.from_env()).with_(
        stage="local", table_prefix="tandem-local-", dynamodb_endpoint=db.endpoint,
        data_dir=str(Path(data_dir).resolve()))
    models.create_tables(settings)
    return settings, db


def run(host: str, port: int, data_dir: str, demo: bool, site_dir: str | None = None) -> int:
    from werkzeug.serving import make_server

    from functions import demo as demo_data
    from functions.app import create_app

    settings, db = open_local(data_dir)
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
    app = create_app(settings)
    server = make_server(host, port, app, threaded=True)

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    print(f"Tandem is running at http://{host}:{server.server_port}/  "
          f"(admin: http://{host}:{server.server_port}/admin/)\n"
          f"Data lives in {Path(data_dir).resolve()} "
          f"({db.replayed} stored writes replayed). Stop with Ctrl+C.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        db.stop()
        print("Tandem stopped; data kept.", flush=True)
    return 0
