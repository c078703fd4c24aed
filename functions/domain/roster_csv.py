"""Participants from a spreadsheet: the import's checks of every row (the
file's reading: ``spreadsheet``; its header: ``roster_header``; the columns,
the template and the export: ``roster_columns``; update mode:
``roster_update``).

The format (docs/admin.md): a header ``role,name,email,capacity,job_title,
bio,<question id>…``, one person per row; a multiple-choice answer lists its
options separated by ``;``; ``capacity`` only for mentors; ``job_title`` and
``bio`` (her profile, ``functions.domain.profiles``) are optional columns,
left out when a question of the program has that id (its answers keep the
column); an empty cell is no answer. Export writes the same format, so
export → import into a new cohort gives the same people and answers. Rows
are numbered as Excel numbers them (the header is row 1). Pure: storage
checks (e-mails already in the cohort) are passed in.

A cell that a spreadsheet would run as a formula was written to CSV with a
leading ``'`` (``roster_columns.FORMULA``); it is read back without it, so an
exported file is safe to open and still imports unchanged.
"""
from __future__ import annotations

import csv
import math
from functools import lru_cache

from functions.domain import profiles, roster_header, spreadsheet
from functions.errors import Invalid
from functions.vocab import text as text_rules
from functions.domain.questionnaire import ROLES
from functions.domain.roster_columns import FORMULA, profile_columns

MAX_ROWS = 10_000
#: The template has 4 to 6 base columns and a column per question (at most 60).
MAX_COLUMNS = 200
MIN_CAPACITY, MAX_CAPACITY = 1, 10
LOST = ("holds “\ufffd”, a character lost when the file was saved in another encoding "
        "earlier; correct it in the file (or export it again from its source)")


class CsvRejected(Invalid):
    """The file as a whole or some rows are wrong: ``errors`` lists them all
    (each ``{row, line, field, message}``); nothing is imported. The API
    answers 422 ``invalid_csv`` with ``field: "file"`` and the list."""
    code = "invalid_csv"

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} problems in the file; nothing was imported",
                         field="file")
        self.errors = errors

    def to_dict(self) -> dict:
        return {**super().to_dict(), "errors": self.errors}


def _error(row: int | None, line: int | None, field: str, message: str) -> dict:
    return {"row": row, "line": line, "field": field, "message": message}


@lru_cache(maxsize=1)
def _email_adapter():
    from pydantic import EmailStr, TypeAdapter
    return TypeAdapter(EmailStr)


def _email(value: str) -> str | None:
    from pydantic import ValidationError
    try:
        _email_adapter().validate_python(value)
    except ValidationError:
        return None
    return value.strip().lower()


def _unescape(cell: str, escaped: bool = True) -> str:
    """The cell without the "'" the CSV export puts before a formula-like
    text (an .xlsx keeps such text as text, without it)."""
    if escaped and len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA:
        return cell[1:]
    return cell


def _one_line(value: str) -> bool:
    try:
        text_rules.check(value)
    except ValueError:
        return False
    return True


def _answer(q: dict, cell: str):
    """The CSV cell as the JSON value enrolment would send, or raises ValueError."""
    kind = q["type"]
    if kind == "multi_choice":
        return [part.strip() for part in cell.split(";") if part.strip()]
    if kind == "number":
        value = float(cell)
        if not math.isfinite(value):
            raise ValueError("must be a number")
        return value
    if kind == "scale":
        try:
            return int(cell)
        except ValueError:
            raise ValueError("must be a whole number") from None
    return cell


def read(body: bytes, content_type: str) -> spreadsheet.Sheet:
    """The file's sheet (``spreadsheet.read``), or ``CsvRejected`` saying why
    it cannot be read."""
    try:
        return spreadsheet.read(body, content_type, MAX_COLUMNS)
    except spreadsheet.Unreadable as exc:
        raise CsvRejected([_error(None, None, "file", str(exc))]) from None


def parse(sheet: spreadsheet.Sheet, questions: list[dict], taken: set[str],
          existing: dict[str, dict] | None = None, check=None) -> list[dict]:
    """Every person in the sheet, checked against the questionnaire, or
    ``CsvRejected`` listing every problem (``row`` as Excel numbers it: the
    header is row 1; ``line`` the line in the file; ``field`` the column).
    Each person carries her ``row`` and the ``columns`` the file gave.

    ``taken``: e-mail addresses already in the cohort, refused. ``existing``
    (update mode): e-mail -> the person in the cohort; her row updates her,
    and a column the file leaves out keeps her value. ``check(person)``: more
    problems of a row, as (field, message).
    """
    records = iter(sheet.records)
    number = 1
    try:
        _, _, raw = next(records, (1, 1, []))
    except csv.Error as exc:
        raise CsvRejected([_error(1, 1, "file", _csv_problem("not a CSV file", exc))]) from None
    except spreadsheet.Unreadable as exc:
        raise CsvRejected([_error(None, None, "file", str(exc))]) from None
    while raw and not raw[-1].strip():
        raw = raw[:-1]  # spreadsheets leave empty columns at the end of the header
    if len(raw) > MAX_COLUMNS:
        raise CsvRejected([_too_many_columns()])
    if not any(c.strip() for c in raw):
        raise CsvRejected([_error(1, 1, "file", "the file is empty; the first line must be "
                                  "the header role,name,email,capacity,… (see the template)")])
    columns, problems = roster_header.match(raw, questions, require_questions=existing is None)
    if problems:
        raise CsvRejected([_error(1, 1, f, m) for f, m in problems])
    by_id = {q["id"]: q for q in questions}
    people, errors, seen = [], [], {}
    try:
        for number, line, cells in records:
            if number - 1 > MAX_ROWS:
                raise CsvRejected([_error(number, line, "file",
                                          f"at most {MAX_ROWS:,} people per import")])
            if not any(c.strip() for c in cells):
                continue  # a blank line, as spreadsheets leave at the end
            person, problems = _row(columns, cells, by_id, questions, existing or {},
                                    sheet.escaped)
            email = person.get("email")
            if email and email in seen:
                problems.append(("email", f"{email} is also on row {seen[email]}"))
            elif email and email in taken:
                problems.append(("email", f"{email} is already in this cohort"))
            if email:
                seen.setdefault(email, number)
            if not problems and check:
                problems += check(person)
            errors += [_error(number, line, f, m) for f, m in problems]
            if not problems:
                people.append({**person, "row": number, "columns": columns})
    except csv.Error as exc:
        errors.append(_error(number + 1, None, "file", _csv_problem("not valid CSV", exc)))
    except spreadsheet.Unreadable as exc:
        raise CsvRejected([_error(None, None, "file", str(exc))]) from None
    if errors:
        raise CsvRejected(errors)
    return people


def _too_many_columns() -> dict:
    return _error(1, 1, "file", f"the first line has more than {MAX_COLUMNS} columns; it must "
                  "be the header role,name,email,capacity,… (see the template)")


def _csv_problem(what: str, exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a cell is longer than {csv.field_size_limit():,} characters; no answer "
                "is that long (is a quote mark missing its pair?)")
    return f"{what}: {exc}"


def _row(columns, cells, by_id, questions, existing, escaped):
    """The person on one row and its problems as (field, message). A person
    already in the cohort (``existing``, update mode) keeps what the file has
    no column for."""
    from functions.domain.validation import answer_errors
    if len(cells) > len(columns):
        if any(c.strip() for c in cells[len(columns):]):
            return {}, [("file", f"{len(cells)} cells where the header has {len(columns)}")]
        cells = cells[:len(columns)]
    # Missing cells at the end of a row are empty answers (hand-written files omit them).
    cells = [*cells, *[""] * (len(columns) - len(cells))]
    values = {c: _unescape(v.strip(), escaped) for c, v in zip(columns, cells)}
    problems = [(c, LOST) for c, v in values.items() if "\ufffd" in v]
    email = _email(values.get("email", ""))
    if email is None:
        problems.append(("email", "this is not a valid e-mail address"))
    before = existing.get(email) if email else None
    role = values.get("role", "").lower()
    if role not in ROLES:
        problems.append(("role", "must be mentor or mentee"))
    elif before and role != before["role"]:
        problems.append(("role", f"{before['name']} is a {before['role']} in this cohort; an "
                         "import does not change a role (withdraw her and add her anew)"))
    if before and before.get("status") == "withdrawn":
        problems.append(("email", f"{before['name']} has withdrawn from this cohort; an "
                         "import does not bring her back"))
    name = values.get("name", "")
    if not name:
        problems.append(("name", "this is required"))
    elif len(name) > 120:
        problems.append(("name", "at most 120 characters"))
    elif not _one_line(name):
        problems.append(("name", text_rules.ONE_LINE))
    capacity = None
    cap = values.get("capacity", "")
    if before and "capacity" not in values:
        capacity = before.get("capacity") if role == "mentor" else None
    elif role == "mentor":
        try:
            capacity = int(cap)
            if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
                raise ValueError
        except ValueError:
            problems.append(("capacity", f"mentors give a whole number from {MIN_CAPACITY} "
                             f"to {MAX_CAPACITY}"))
    elif cap:
        problems.append(("capacity", "only mentors have a capacity"))
    profile = {}
    for field in profile_columns(questions):
        if before and field not in values:
            profile[field] = before.get(field)
            continue
        try:
            profile[field] = profiles.clean(field, values.get(field))
        except ValueError as exc:
            problems.append((field, str(exc)))
    answers = {k: v for k, v in (before or {}).get("answers", {}).items() if k not in values}
    for qid, q in by_id.items():
        cell = values.get(qid, "")
        if not cell:
            continue
        if role in ROLES and role not in q.get("roles", ROLES):
            problems.append((qid, f"{role}s are not asked this question; leave it empty"))
            continue
        try:
            answers[qid] = _answer(q, cell)
        except ValueError as exc:
            problems.append((qid, str(exc) if "must" in str(exc) else "must be a number"))
    if role in ROLES:
        clean, bad = answer_errors(questions, role, answers)
        for qid, message in bad:
            if qid not in {p[0] for p in problems}:
                problems.append((qid, message))
        answers = clean
    person = {"role": role, "name": name, "email": email, "capacity": capacity,
              **profile, "answers": answers}
    return person, problems
