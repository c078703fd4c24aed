"""Participants from CSV: the import's parsing and checks (the columns, the
template and the export: ``roster_columns``).

The format (docs/admin.md): a header ``role,name,email,capacity,job_title,
bio,<question id>…``, one person per row; a multiple-choice answer lists its
options separated by ``;``; ``capacity`` only for mentors; ``job_title`` and
``bio`` (her profile, ``functions.domain.profiles``) are optional columns,
left out when a question of the program has that id (its answers keep the
column); an empty cell is no answer. Export writes the same format, so export → import into a new cohort
gives the same people and answers. Pure: storage checks (e-mails already in
the cohort) are passed in.

A cell that a spreadsheet would run as a formula was written with a leading
``'`` (``roster_columns.FORMULA``); it is read back without it, so an
exported file is safe to open and still imports unchanged.
"""
from __future__ import annotations

import csv
import io
import math
from collections import Counter
from functools import lru_cache

from functions.domain import profiles
from functions.errors import Invalid
from functions.vocab import text as text_rules
from functions.domain.questionnaire import ROLES
from functions.domain.roster_columns import FORMULA, header, profile_columns

MAX_ROWS = 10_000
#: The template has 4 to 6 base columns and a column per question (at most 60).
MAX_COLUMNS = 200
MIN_CAPACITY, MAX_CAPACITY = 1, 10


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


def _error(row: int, line: int, field: str, message: str) -> dict:
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


def _unescape(cell: str) -> str:
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA else cell


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


def parse(body: bytes, questions: list[dict], taken: set[str]) -> list[dict]:
    """Every person in the file, checked against the questionnaire, or
    ``CsvRejected`` listing every problem (``row`` 1 is the first person,
    ``line`` the line in the file, ``field`` the column).

    ``taken``: e-mail addresses already in the cohort.
    """
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvRejected([_error(0, 0, "file", f"the file is not UTF-8 text (byte "
                                  f"{exc.start + 1}); save it as CSV UTF-8")]) from None
    if _first_line(text).count(",") >= MAX_COLUMNS:
        # Refused before it is split: a 5 MB line would be millions of columns.
        raise CsvRejected([_too_many_columns()])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = [c.strip() for c in next(reader, [])]
    except csv.Error as exc:
        raise CsvRejected([_error(0, 1, "file", _csv_problem("not a CSV file", exc))]) from None
    if len(columns) > MAX_COLUMNS:
        raise CsvRejected([_too_many_columns()])
    _check_header(columns, questions)
    by_id = {q["id"]: q for q in questions}
    people, errors, seen = [], [], {}
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise CsvRejected([_error(number, reader.line_num, "file",
                                          f"at most {MAX_ROWS:,} people per import")])
            if not any(c.strip() for c in cells):
                continue  # a blank line, as spreadsheets leave at the end
            person, problems = _row(columns, cells, by_id, questions)
            email = person.get("email")
            if email and email in seen:
                problems.append(("email", f"{email} is also on row {seen[email]}"))
            elif email and email in taken:
                problems.append(("email", f"{email} is already in this cohort"))
            if email:
                seen.setdefault(email, number)
            errors += [_error(number, reader.line_num, f, m) for f, m in problems]
            if not problems:
                people.append(person)
    except csv.Error as exc:
        errors.append(_error(len(people) + 1, reader.line_num, "file",
                             _csv_problem("not valid CSV", exc)))
    if errors:
        raise CsvRejected(errors)
    return people


def _first_line(text: str) -> str:
    end = len(text)
    for brk in ("\n", "\r"):
        at = text.find(brk, 0, end)
        end = at if at >= 0 else end
    return text[:end]


def _too_many_columns() -> dict:
    return _error(0, 1, "file", f"the first line has more than {MAX_COLUMNS} columns; it must "
                  "be the header role,name,email,capacity,… (see the template)")


def _csv_problem(what: str, exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a cell is longer than {csv.field_size_limit():,} characters; no answer "
                "is that long (is a quote mark missing its pair?)")
    return f"{what}: {exc}"


def _check_header(columns: list[str], questions: list[dict]) -> None:
    """Every problem of the header at once. Linear in its columns."""
    known = set(header(questions))
    given = Counter(columns)
    problems = []
    if not any(columns):
        raise CsvRejected([_error(0, 1, "file", "the file is empty; the first line must be "
                                  "the header role,name,email,capacity,… (see the template)")])
    for c in ("role", "name", "email"):
        if c not in given:
            problems.append(_error(0, 1, c, f"the header has no {c} column"))
    for c in columns:
        if c not in known:
            problems.append(_error(0, 1, c or "file", f"unknown column {c!r}: not role, name, "
                                   "email, capacity, job_title, bio or a question id of "
                                   "this program"))
    for c in (c for c, n in given.items() if n > 1):
        problems.append(_error(0, 1, c, f"column {c!r} appears twice"))
    missing = [q["id"] for q in questions if q.get("required") and q["id"] not in given]
    for qid in missing:
        problems.append(_error(0, 1, qid, f"the header has no column for the required "
                               f"question {qid!r}"))
    if problems:
        raise CsvRejected(problems)


def _row(columns, cells, by_id, questions) -> tuple[dict, list[tuple[str, str]]]:
    from functions.domain.validation import answer_errors
    if len(cells) > len(columns):
        return {}, [("file", f"{len(cells)} cells where the header has {len(columns)}")]
    # Missing cells at the end of a row are empty answers (hand-written files omit them).
    cells = [*cells, *[""] * (len(columns) - len(cells))]
    values = {c: _unescape(v.strip()) for c, v in zip(columns, cells)}
    problems = []
    role = values.get("role", "").lower()
    if role not in ROLES:
        problems.append(("role", "must be mentor or mentee"))
    name = values.get("name", "")
    if not name:
        problems.append(("name", "this is required"))
    elif len(name) > 120:
        problems.append(("name", "at most 120 characters"))
    elif not _one_line(name):
        problems.append(("name", text_rules.ONE_LINE))
    email = _email(values.get("email", ""))
    if email is None:
        problems.append(("email", "this is not a valid e-mail address"))
    capacity = None
    cap = values.get("capacity", "")
    if role == "mentor":
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
        try:
            profile[field] = profiles.clean(field, values.get(field))
        except ValueError as exc:
            problems.append((field, str(exc)))
    answers = {}
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
