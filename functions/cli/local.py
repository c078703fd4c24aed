"""`tandem serve` and `tandem store`: the portal on one machine and its store."""
from __future__ import annotations

import argparse
import logging
import os
import sys


def cmd_serve(args) -> int:
    from functions.local import serve
    status = serve.run(args.host, args.port, args.data, args.demo, args.site, args.store_port,
                       demo_sso=args.demo_sso)
    # Stopped in order: requests drained, jobs finished, store stopped, output
    # written. What remains is the interpreter tearing down the app's objects,
    # seconds of garbage collection that would keep Ctrl+C (or a service
    # manager's SIGTERM) waiting for nothing, so the process ends here.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def cmd_store_install(args) -> int:
    from functions.local import dynamodb_local
    from functions.settings import Settings
    home = Settings.from_env().dynamodb_local_home
    dynamodb_local.java_command()
    engine = dynamodb_local.install(home, out=sys.stdout)
    print(f"Amazon DynamoDB Local is ready in {engine}")
    return 0


def cmd_rotate_keys(args) -> int:
    if args.stage:  # a deployed stage: its keys live in SSM Parameter Store
        from functions.deploy.cli import cmd_rotate_stage_keys
        return cmd_rotate_stage_keys(args)
    from functions.local import secret_keys
    from functions.settings import Settings
    keys = secret_keys.rotate(args.data, keep=args.keep)
    print(f"A new key signs links from the next start of tandem serve on {args.data}; "
          f"{len(keys) - 1} older key(s) kept, so their links still open.")
    if Settings.from_env().secret_key:
        print("Note: TANDEM_SECRET_KEY is set here, and tandem serve uses it instead of "
              "this folder's keys.")
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the portal locally on Amazon DynamoDB Local")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data", default=".tandem", help="where local data lives (default .tandem/)")
    p.add_argument("--demo", action="store_true", help="load the demo program if missing")
    p.add_argument("--demo-sso", action="store_true",
                   help="also start a local OpenID provider with demo people and sign in with it "
                        "(single sign-on; needs `make oidc`)")
    p.add_argument("--site", default=None, help=argparse.SUPPRESS)
    p.add_argument("--store-port", type=int, default=None,
                   help="port for Amazon DynamoDB Local on 127.0.0.1 (default: a free one)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("secret-keys", help="the keys that sign links (tandem serve, or a "
                       "deployed --stage)")
    ksub = p.add_subparsers(dest="action", metavar="ACTION")
    ksub.required = True
    k = ksub.add_parser("rotate", help="add a new signing key to DIR/secret-keys; older "
                        "links keep working (--stage: to the stage's SSM parameter)")
    k.add_argument("--data", default=".tandem", help="the data folder (default .tandem/)")
    k.add_argument("--stage", default=None, help="a deployed stage (dev, prod): rotate its "
                   "keys in SSM Parameter Store instead of DIR/secret-keys")
    k.add_argument("--keep", type=int, default=2,
                   help="how many keys to keep, the new one included (default 2)")
    k.set_defaults(func=cmd_rotate_keys)

    p = sub.add_parser("store", help="the local store (Amazon DynamoDB Local)")
    ssub = p.add_subparsers(dest="action", metavar="ACTION")
    ssub.required = True
    ssub.add_parser("install", help="install the pinned DynamoDB Local and check Java "
                    "(tandem serve does it too)").set_defaults(func=cmd_store_install)
