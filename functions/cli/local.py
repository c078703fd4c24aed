"""`tandem serve` and `tandem store`: the portal on one machine and its store."""
from __future__ import annotations

import argparse
import sys


def cmd_serve(args) -> int:
    from functions.local import serve
    return serve.run(args.host, args.port, args.data, args.demo, args.site, args.store_port)


def cmd_store_install(args) -> int:
    from functions.local import dynamodb_local
    from functions.settings import Settings
    home = Settings.from_env().dynamodb_local_home
    dynamodb_local.java_command()
    engine = dynamodb_local.install(home, out=sys.stdout)
    print(f"Amazon DynamoDB Local is ready in {engine}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the portal locally on Amazon DynamoDB Local")
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
