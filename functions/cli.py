"""The `tandem` command.

Each group of subcommands registers itself through ``register(subparsers)``;
a subcommand's handler returns an exit status. Bad input exits with status 2
and one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from functions.errors import TandemError


class UsageError(Exception):
    """Bad input from the command line: printed as one line, exit status 2."""


def _settings_for(args):
    """Settings from the environment, or the embedded store when --data is given."""
    from functions import models
    from functions.settings import Settings
    if getattr(args, "data", None):
        from functions.local.serve import open_local
        settings, db = open_local(args.data)
        return settings, db
    settings = Settings.from_env()
    stage = getattr(args, "stage", None)
    if stage:
        settings = settings.with_(stage=stage, table_prefix=f"tandem-{stage}-")
    models.configure(settings)
    return settings, None


def _check_stage(stage: str) -> None:
    from functions.deploy import package
    known = package.stages()
    if stage not in known:
        raise UsageError(f"unknown stage {stage!r}: choose one of {', '.join(known)}")


def cmd_serve(args) -> int:
    from functions.local import serve
    return serve.run(args.host, args.port, args.data, args.demo, args.site, args.store_port)


def cmd_tables_create(args) -> int:
    from functions import models
    settings, db = _settings_for(args)
    try:
        created = models.create_tables(settings)
    finally:
        if db:
            db.stop()
    print(f"tables ready ({len(created)} created): prefix {settings.table_prefix}")
    return 0


def cmd_admin_create(args) -> int:
    from functions import auth
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
    settings, db = _settings_for(args)
    try:
        auth.create_admin(args.email, password)
    finally:
        if db:
            db.stop()
    print(f"admin {args.email.strip().lower()} created")
    return 0


def cmd_store_install(args) -> int:
    from functions.local import dynamodb_local
    from functions.settings import Settings
    home = Settings.from_env().dynamodb_local_home
    dynamodb_local.java_command()
    engine = dynamodb_local.install(home, out=sys.stdout)
    print(f"Amazon DynamoDB Local is ready in {engine}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from functions import match_cli
    from functions.deploy import cli as deploy_cli

    parser = argparse.ArgumentParser(
        prog="tandem", description="Tandem mentoring-program portal")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("serve", help="run the portal locally on the embedded store")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data", default=".tandem", help="where local data lives (default .tandem/)")
    p.add_argument("--demo", action="store_true", help="load the demo program if missing")
    p.add_argument("--site", default=None, help=argparse.SUPPRESS)
    p.add_argument("--store-port", type=int, default=None,
                   help="port for Amazon DynamoDB Local on 127.0.0.1 (default: a free one)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("store", help="the local store (Amazon DynamoDB Local)")
    ssub = p.add_subparsers(dest="action", metavar="ACTION")
    ssub.required = True
    ssub.add_parser("install", help="install the pinned DynamoDB Local and check Java "
                    "(tandem serve does it too)").set_defaults(func=cmd_store_install)

    p = sub.add_parser("tables", help="manage DynamoDB tables")
    tsub = p.add_subparsers(dest="action", metavar="ACTION")
    tsub.required = True
    t = tsub.add_parser("create", help="create missing tables (idempotent)")
    t.add_argument("--data", default=None, help="use the embedded store in DIR")
    t.set_defaults(func=cmd_tables_create)

    p = sub.add_parser("admin", help="manage admin accounts")
    asub = p.add_subparsers(dest="action", metavar="ACTION")
    asub.required = True
    a = asub.add_parser("create", help="create an admin account")
    a.add_argument("email")
    a.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of stdin")
    where = a.add_mutually_exclusive_group()
    where.add_argument("--data", default=None, help="use the embedded store in DIR")
    where.add_argument("--stage", default=None,
                       help="a deployed stage (dev, prod): its tables, with your AWS credentials")
    a.set_defaults(func=cmd_admin_create)

    match_cli.register(sub)
    deploy_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (UsageError, TandemError) as exc:
        print(f"tandem: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tandem: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
