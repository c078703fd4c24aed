"""CSV files for `tandem match`: a people file in, one row per mentee out.

The formats are docs/matching.md's: a people CSV has ``id`` and ``role`` columns
plus one column per field; list fields are ``;``-separated. Read with the
standard library's ``csv`` module (quoting, embedded newlines and commas are
its job, not ours).
"""
from __future__ import annotations

import csv
import io

from functions.errors import UsageError

CSV_LIST_TYPES = {"overlap", "share", "rank"}
CSV_NUMBER_TYPES = {"gap", "near"}
POLICY_KEYS = ("criteria", "min_score", "forbid", "require")


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not valid UTF-8 text") from None


def _field_types(criteria) -> dict[str, dict[str, str]]:
    """role -> field -> criterion type, to know how to read each CSV column."""
    out: dict[str, dict[str, str]] = {"mentee": {}, "mentor": {}}
    for c in criteria if isinstance(criteria, list) else []:
        if not isinstance(c, dict):
            continue
        ctype = c.get("type")
        mentee = c.get("mentee_field", c.get("field"))
        mentor = c.get("mentor_field", c.get("field")) if ctype != "rank" else None
        for role, field in (("mentee", mentee), ("mentor", mentor)):
            if isinstance(field, str):
                out[role].setdefault(field, ctype)
    return out


def _cell(path, line, column, ctype, text):
    text = text.strip()
    if ctype in CSV_LIST_TYPES:
        return [x.strip() for x in text.split(";") if x.strip()]
    if text == "":
        return None
    if ctype in CSV_NUMBER_TYPES:
        try:
            return float(text)
        except ValueError:
            raise UsageError(f"{path} line {line}: {column} must be a number, "
                             f"got {text!r}") from None
    return text


def read_people_csv(path: str, policy: dict) -> dict:
    """A cohort dict from a CSV people file and the policy of criteria.json."""
    text = read_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise UsageError(f"{path}: not valid CSV ({exc})") from None
    if not rows or not any(h.strip() for h in rows[0]):
        raise UsageError(f"{path}: not valid CSV (no header row)")
    header = [h.strip() for h in rows[0]]
    for column in ("id", "role"):
        if column not in header:
            raise UsageError(f'{path}: missing column "{column}"')
    types = _field_types(policy.get("criteria"))
    cohort = {k: policy[k] for k in POLICY_KEYS if k in policy}
    cohort["mentors"], cohort["mentees"] = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in row):
            continue
        if len(row) != len(header):
            raise UsageError(f"{path} line {line}: expected {len(header)} fields, got {len(row)}")
        record = dict(zip(header, row))
        role = record["role"].strip()
        if role not in ("mentor", "mentee"):
            raise UsageError(f'{path} line {line}: role must be "mentor" or "mentee", got {role!r}')
        person = {"id": record["id"].strip()}
        for column, text in record.items():
            if column in ("id", "role"):
                continue
            if column == "capacity":
                if role == "mentor" and text.strip():
                    try:
                        person["capacity"] = int(text.strip())
                    except ValueError:
                        raise UsageError(f"{path} line {line}: capacity must be a whole number, "
                                         f"got {text.strip()!r}") from None
                continue
            value = _cell(path, line, column, types[role].get(column), text)
            if value not in (None, []):
                person[column] = value
        cohort[role + "s"].append(person)
    return cohort


def csv_text(result: dict, mentee_order: list) -> str:
    """One row per mentee, in the cohort's order: mentor, score and reason."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["mentee", "mentor", "score", "reason"])
    rows = [(m["mentee"], m["mentor"], f'{m["score"]:.2f}',
             "; ".join(f'{r["criterion"]}: {r["detail"]}' for r in m["reasons"]))
            for m in result["matches"]]
    rows += [(u["mentee"], "", "", u["reason"]) for u in result["unmatched"]]
    order = {mentee: i for i, mentee in enumerate(mentee_order)}
    rows.sort(key=lambda r: order.get(r[0], 0))
    writer.writerows(rows)
    return buf.getvalue()
