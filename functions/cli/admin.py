"""`tandem admin` and `tandem tables`: accounts and tables, locally or on a stage."""
from __future__ import annotations

import getpass
import sys

from functions.errors import UsageError


def _settings_for(args):
    """Settings from the environment, or the embedded store when --data is given."""
    from functions import db
    from functions.settings import Settings
    if getattr(args, "data", None):
        from functions.local.serve import open_local
        return open_local(args.data)
    settings = Settings.from_env()
    stage = getattr(args, "stage", None)
    if stage:
        settings = settings.with_(stage=stage, table_prefix=f"tandem-{stage}-")
    db.configure(settings)
    return settings, None


def _check_stage(stage: str) -> None:
    from functions.deploy import package
    known = package.stages()
    if stage not in known:
        raise UsageError(f"unknown stage {stage!r}: choose one of {', '.join(known)}")


def cmd_tables_create(args) -> int:
    from functions import db
    settings, local_store = _settings_for(args)
    try:
        created = db.create_tables(settings)
    finally:
        if local_store:
            local_store.stop()
    print(f"tables ready ({len(created)} created): prefix {settings.table_prefix}")
    return 0


def cmd_admin_create(args) -> int:
    from functions.auth import admin as auth
    if args.stage:
        _check_stage(args.stage)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password for %s: " % args.email)
        if getpass.getpass("Again: ") != password:
            raise UsageError("the two passwords differ")
    if "@" not in args.email:
        raise UsageError(f"{args.email!r} is not an e-mail address")
    password_hash = auth.hash_password(password)  # a short one is refused before the store starts
    settings, local_store = _settings_for(args)
    try:
        auth.create_admin(args.email, password_hash=password_hash)
    finally:
        if local_store:
            local_store.stop()
    print(f"admin {args.email.strip().lower()} created")
    return 0


def register(sub) -> None:
    p = sub.add_parser("tables", help="manage DynamoDB tables")
    tsub = p.add_subparsers(dest="action", metavar="ACTION")
    tsub.required = True
    t = tsub.add_parser("create", help="create missing tables (idempotent)")
    t.add_argument("--data", default=None, help="use the local store in DIR")
    t.set_defaults(func=cmd_tables_create)

    p = sub.add_parser("admin", help="manage admin accounts")
    asub = p.add_subparsers(dest="action", metavar="ACTION")
    asub.required = True
    a = asub.add_parser("create", help="create an admin account")
    a.add_argument("email")
    a.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of stdin")
    where = a.add_mutually_exclusive_group()
    where.add_argument("--data", default=None, help="use the local store in DIR")
    where.add_argument("--stage", default=None,
                       help="a deployed stage (dev, prod): its tables, with your AWS credentials")
    a.set_defaults(func=cmd_admin_create)
