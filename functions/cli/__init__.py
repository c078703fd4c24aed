"""The `tandem` command: one module per group of subcommands.

Each module registers its subcommands through ``register(subparsers)``; a
subcommand's handler returns an exit status. Bad input exits with status 2 and
one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import sys

from functions.errors import TandemError


def build_parser() -> argparse.ArgumentParser:
    # Imported here so `tandem match` does not pay for the deploy machinery.
    from functions.cli import admin, cohort, local, match, nudges
    from functions.deploy import cli as deploy_cli

    parser = argparse.ArgumentParser(
        prog="tandem", description="Tandem mentoring-program portal")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in (local, admin, cohort, match, nudges, deploy_cli):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except TandemError as exc:  # UsageError included
        print(f"tandem: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tandem: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
