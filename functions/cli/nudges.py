"""`tandem nudges`: run the daily follow-up job once (check-in reminders and
nudges for quiet pairs), locally or against a deployed stage's tables."""
from __future__ import annotations

import json
from datetime import date

from functions.errors import UsageError


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today: {value!r} is not a date (YYYY-MM-DD)") from None


def cmd_nudges(args) -> int:
    from functions.cli.admin import _check_stage, _settings_for
    from functions.jobs.nudges import run_nudges
    today = _today(args.today)
    if args.stage:
        _check_stage(args.stage)
    settings, local_store = _settings_for(args)
    try:
        summary = run_nudges(settings, today)
    finally:
        if local_store:
            local_store.stop()
    print(json.dumps(summary, sort_keys=True))
    return 0


def register(sub) -> None:
    p = sub.add_parser("nudges", help="send due check-in reminders and nudge quiet pairs "
                       "now (the daily job, once)")
    p.add_argument("--today", default=None,
                   help="act as if today were YYYY-MM-DD (default: today, UTC)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--data", default=None, help="the local store in DIR")
    where.add_argument("--stage", default=None, help="a deployed stage (dev, prod)")
    p.set_defaults(func=cmd_nudges)
