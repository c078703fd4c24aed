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


def _cell(q: dict, value) -> str:
    if value is None:
        return ""
    if q["type"] == "multi_choice":
        return _escape(";".join(value))
    if q["type"] in ("number", "scale"):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return _escape(str(value))


def export(questions: list[dict], people: list[dict]) -> str:
    """People in the import format (role, name, e-mail order)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header(questions))
    for p in people:
        w.writerow([p["role"], _escape(p["name"]), p["email"],
                    p["capacity"] if p["role"] == "mentor" and p["capacity"] else "",
                    *(_escape(p.get(c) or "") for c in profile_columns(questions)),
                    *(_cell(q, p["answers"].get(q["id"])) for q in questions)])
    return out.getvalue()


def write_rows(columns: list[str], rows: list[list]) -> str:
    """Any table as CSV (reports, matches, the audit log), formula cells escaped."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_escape(v) if isinstance(v, str) else ("" if v is None else v) for v in r])
    return out.getvalue()
