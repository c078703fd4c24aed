"""`tandem cohort export`: a cohort as the engine sees it, to reproduce a run offline."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def cmd_cohort_export(args) -> int:
    from functions.cli.admin import _check_stage, _settings_for
    from functions.domain import matching_runs
    if args.stage:
        _check_stage(args.stage)
    settings, local_store = _settings_for(args)
    try:
        cohort, used = matching_runs.engine_input(args.cohort)
    finally:
        if local_store:
            local_store.stop()
    text = json.dumps(cohort, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"cohort {args.cohort}: {len(cohort['mentees'])} mentees, "
              f"{len(cohort['mentors'])} mentors, policy version {used.get('version', 0)} "
              f"-> {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def register(sub) -> None:
    p = sub.add_parser("cohort", help="work with a stored cohort")
    csub = p.add_subparsers(dest="action", metavar="ACTION")
    csub.required = True
    e = csub.add_parser("export", help="the cohort in `tandem match` JSON format "
                        "(the admin page's engine input), to reproduce a run offline")
    e.add_argument("cohort", help="the cohort's id")
    e.add_argument("-o", "--output", help="write to this file (default: stdout)")
    where = e.add_mutually_exclusive_group()
    where.add_argument("--data", default=None, help="the local store in DIR")
    where.add_argument("--stage", default=None, help="a deployed stage (dev, prod)")
    e.set_defaults(func=cmd_cohort_export)
