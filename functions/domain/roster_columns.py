"""The participant CSV's columns and the CSV Tandem writes: the import
template, a cohort's people in the import format, and any table (reports,
matches, the audit log). A cell that a spreadsheet would run as a formula is
written with a leading apostrophe, which the import takes off again
(``roster_csv``)."""
from __future__ import annotations

import csv
import io

from functions.domain import profiles

BASE_COLUMNS = ("role", "name", "email", "capacity")
#: What starts a formula in Excel, LibreOffice and Google Sheets.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def profile_columns(questions: list[dict]) -> list[str]:
    """The profile's columns, but for any a question of the program already
    uses as its id (programs made before profiles existed may ask one)."""
    ids = {q["id"] for q in questions}
    return [c for c in profiles.FIELDS if c not in ids]


def header(questions: list[dict]) -> list[str]:
    return [*BASE_COLUMNS, *profile_columns(questions), *(q["id"] for q in questions)]


def template(questions: list[dict]) -> str:
    """The header row alone, for people to fill in."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(header(questions))
    return out.getvalue()


def _escape(text: str) -> str:
    return "'" + text if text.startswith(FORMULA) else text


def _value(q: dict, value):
    """An answer as its cell: a number stays a number, choices join with ";"."""
    if value is None:
        return None
    if q["type"] == "multi_choice":
        return ";".join(value)
    if q["type"] in ("number", "scale"):
        return int(value) if float(value).is_integer() else float(value)
    return str(value)


def table(questions: list[dict], people: list[dict]) -> list[list]:
    """People as rows of the import format (``header``), cells unescaped:
    text, numbers, or None for an empty cell."""
    return [[p["role"], p["name"], p["email"],
             p["capacity"] if p["role"] == "mentor" and p["capacity"] else None,
             *(p.get(c) or None for c in profile_columns(questions)),
             *(_value(q, p["answers"].get(q["id"])) for q in questions)] for p in people]


def export(questions: list[dict], people: list[dict]) -> str:
    """People in the import format (role, name, e-mail order), as CSV."""
    return write_rows(header(questions), table(questions, people))


def write_rows(columns: list[str], rows: list[list]) -> str:
    """Any table as CSV (reports, matches, the audit log), formula cells escaped."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_escape(v) if isinstance(v, str) else ("" if v is None else v) for v in r])
    return out.getvalue()
