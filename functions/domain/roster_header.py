"""Which column of a participant file is which.

A header cell names a column of the template (``roster_columns.header``):
role, name, email, capacity, job_title, bio or a question's id, or the
question's text as the enrolment form shows it. Case, spaces, ``_`` and
``-`` do not count ("E-mail", "Job title", "YOUR DEPARTMENT" all match), so
a header typed by hand or exported from an HR system is read as meant; a
near miss is answered with the closest column ("did you mean 'email'?",
``difflib``, the standard library's fuzzy matcher). Pure.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter

from functions.domain.roster_columns import header

_IGNORED = re.compile(r"[\s_\-]+")


def normal(name: str) -> str:
    return _IGNORED.sub("", name).casefold()


def _names(questions: list[dict]) -> dict[str, tuple[str, str]]:
    """Normalised header text -> (the column it names, the text as written).
    Ids win over texts, and a text two questions share names neither."""
    by_normal: dict[str, tuple[str, str]] = {}
    for column in header(questions):
        by_normal.setdefault(normal(column), (column, column))
    labels = Counter(normal(q.get("label", "")) for q in questions)
    for q in questions:
        key = normal(q.get("label", ""))
        if key and labels[key] == 1:
            by_normal.setdefault(key, (q["id"], q["label"]))
    return by_normal


def _near(key: str, by_normal: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The column closest to ``key`` and its text: a near spelling ("emial"),
    else one whose name it holds ("Full name", "Email address")."""
    close = difflib.get_close_matches(key, list(by_normal), n=1, cutoff=0.75)
    if not close:
        close = sorted((k for k in by_normal if len(k) >= 4 and k in key), key=len)[-1:]
    return by_normal[close[0]] if close else None


def match(columns: list[str], questions: list[dict], *,
          require_questions: bool = True) -> tuple[list[str], list[tuple[str, str]]]:
    """The column each header cell names (as the template spells it) and
    every problem of the header as (field, message). Linear in its columns
    but for the near-miss search, which only unknown columns need."""
    by_normal = _names(questions)
    named, problems, meant = [], [], set()
    for raw in columns:
        column = by_normal.get(normal(raw), (None, None))[0]
        named.append(column or raw.strip())
        if column:
            continue
        if not raw.strip():
            problems.append(("file", "a column has no name in the header; name it, or "
                             "delete the column"))
            continue
        near = _near(normal(raw), by_normal)
        hint = f"did you mean {near[1]!r}? " if near else ""
        meant.add(near[0] if near else None)
        problems.append((raw.strip(), f"unknown column {raw.strip()!r}: {hint}A column is role, "
                         "name, email, capacity, job_title, bio, or a question of this "
                         "program by its id or its text (see the template)"))
    given = Counter(named)
    # A column a near miss already pointed to is not reported missing as well.
    for column in ("role", "name", "email"):
        if column not in given and column not in meant:
            problems.append((column, f"the header has no {column} column"))
    for column in (c for c, n in given.items() if n > 1 and c):
        problems.append((column, f"column {column!r} appears twice"))
    if require_questions:
        for q in questions:
            if q.get("required") and q["id"] not in given and q["id"] not in meant:
                problems.append((q["id"], f"the header has no column for the required question "
                                 f"“{q.get('label', q['id'])}” (its column: {q['id']})"))
    return named, problems
