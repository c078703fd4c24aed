"""`tandem match` and `tandem suggest`: the matching engine on files.

Input is a JSON cohort, or a CSV people file plus ``--criteria criteria.json``
(see docs/matching.md). Everything is read and validated before anything is
written; the output file appears whole (written beside it, then renamed) or not
at all. numpy and the matcher are imported inside the handlers so that
``import functions.cli`` stays light.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time

from functions.errors import UsageError
from functions.cli.match_csv import POLICY_KEYS, csv_text, read_people_csv, read_text

PROGRESS_AFTER = 2.0
REASON_KEYS = ("criterion", "similarity", "points", "detail")


def register(sub) -> None:
    """Add the ``match`` and ``suggest`` subcommands to ``sub``."""
    p = sub.add_parser(
        "match", help="match a cohort file (JSON, or CSV with --criteria)",
        description="Match mentees to mentors: most mentees matched, then the "
                    "largest total score. Output is JSON, or CSV when OUT ends in .csv.")
    p.add_argument("file", help="cohort .json, or people .csv")
    p.add_argument("--criteria", metavar="F",
                   help="criteria.json (criteria, min_score, forbid, require); required for CSV")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("--no-timing", action="store_true",
                   help="report stats.seconds as 0, so the same input gives byte-identical output")
    p.add_argument("--method", choices=("fast", "baseline"), default="fast",
                   help="solver: the certified fast one (default) or the plain "
                        "replicated-seat assignment, to cross-check; both are exact")
    p.set_defaults(func=run_match)

    s = sub.add_parser("suggest", help="the best free mentors for one mentee",
                       description="Print the top allowed mentors with a free seat, as JSON.")
    s.add_argument("file", help="cohort .json, or people .csv")
    s.add_argument("--criteria", metavar="F", help="criteria.json; required for CSV")
    s.add_argument("--mentee", required=True, metavar="ID", help="the mentee's id")
    s.add_argument("-n", type=int, default=5, help="how many mentors (default 5)")
    s.set_defaults(func=run_suggest)


def _read_json(path: str, what: str = "JSON") -> dict:
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not valid {what} (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not valid {what} (expected an object)")
    return data


def load_cohort(path: str, criteria_path: str | None) -> dict:
    """Read FILE (and --criteria) into a cohort dict; UsageError when unreadable."""
    policy = _read_json(criteria_path) if criteria_path else None
    if path.lower().endswith(".csv"):
        if policy is None:
            raise UsageError(f"{path}: a CSV people file needs --criteria criteria.json")
        return read_people_csv(path, policy)
    cohort = _read_json(path)
    if policy:
        cohort.update({k: policy[k] for k in POLICY_KEYS if k in policy})
    return cohort


def json_text(data: dict) -> str:
    """The result as JSON, one match or unmatched mentee per line.

    Valid JSON that diffs and greps well, written with the C encoder (an
    indented dump is five times slower on large cohorts). A cohort repeats the
    same reasons many times ("same department", 10 points), so each distinct
    reason is encoded once and reused: the text is what ``json.dumps`` of
    each row gives, in a third of the time.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode    # one encoder for all rows
    memo: dict = {}

    def reason(x):
        if tuple(x) != REASON_KEYS or type(x["similarity"]) is not float \
                or type(x["points"]) is not float:
            return encode(x)
        key = (x["criterion"], x["similarity"], x["points"], x["detail"])
        text = memo.get(key)
        if text is None:
            text = memo[key] = encode(x)
        return text

    def match(x):
        if list(x) != ["mentee", "mentor", "score", "reasons"]:
            return encode(x)
        return (f'{{"mentee": {encode(x["mentee"])}, "mentor": {encode(x["mentor"])}, '
                f'"score": {encode(x["score"])}, "reasons": '
                f'[{", ".join(map(reason, x["reasons"]))}]}}')

    def items(rows):
        return "[\n  " + ",\n  ".join(rows) + "\n ]" if rows else "[]"
    return (f'{{"matches": {items([match(x) for x in data["matches"]])},\n'
            f' "unmatched": {items([encode(x) for x in data["unmatched"]])},\n'
            f' "stats": {json.dumps(data["stats"])}}}\n')


def _write(path: str | None, text: str) -> None:
    if path is None:
        sys.stdout.write(text)
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tandem-", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:              # a full disk, OUT an existing folder, ...
        _discard(tmp)
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    if os.path.exists(tmp):
        os.unlink(tmp)


class _Progress:
    """Stage names and elapsed time on stderr, once a run passes two seconds."""

    def __init__(self):
        self.stage = "starting"
        self.start = time.perf_counter()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __call__(self, stage: str) -> None:
        self.stage = stage

    def _run(self):
        wait = PROGRESS_AFTER
        while not self._done.wait(wait):
            elapsed = time.perf_counter() - self.start
            print(f"tandem: {self.stage} ... {elapsed:.0f} s", file=sys.stderr, flush=True)
            wait = 2.0

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


def run_match(args) -> int:
    """Handler of ``tandem match``."""
    from functions.matching import CohortError, match_cohort
    start = time.perf_counter()
    cohort = load_cohort(args.file, args.criteria)
    try:
        with _Progress() as progress:
            result = match_cohort(cohort, method=args.method, progress=progress)
    except CohortError as exc:
        raise UsageError(str(exc)) from None
    data = result.to_dict(timing=not args.no_timing)
    if args.output and args.output.lower().endswith(".csv"):
        text = csv_text(data, [p.get("id") for p in cohort.get("mentees", [])])
    else:
        text = json_text(data)
    _write(args.output, text)
    s = result.stats
    print(f"tandem: matched {s['matched']} of {s['mentees']} mentees, {s['unmatched']} "
          f"unmatched, mean score {s['mean_score']:.2f}, "
          f"{time.perf_counter() - start:.2f} s", file=sys.stderr)
    return 0


def run_suggest(args) -> int:
    """Handler of ``tandem suggest``."""
    from functions.matching import CohortError, suggest
    cohort = load_cohort(args.file, args.criteria)
    try:
        found = suggest(cohort, args.mentee, args.n)
    except CohortError as exc:
        raise UsageError(str(exc)) from None
    _write(None, json.dumps(found, indent=1, ensure_ascii=False) + "\n")
    return 0
