"""The skills a program's participants rate themselves on, 1 to 5, when they
enrol ("before") and when their match closes ("after"). Pure rules, no
storage: ``functions.db.programs`` keeps a program's list (None: the default
below) and ``functions.domain.self_assessment`` the ratings.
"""
from __future__ import annotations

from functions.vocab import text
from functions.errors import Invalid

DEFAULT_SKILLS = ("Confidence", "Communication", "Leadership", "Networking",
                  "Career planning", "Technical depth")
MAX_SKILLS, MAX_LABEL = 8, 60
LOW, HIGH = 1, 5
STAGES = ("before", "after")


def skills_of(stored: list | None) -> list[str]:
    """A program's skills: its own list, else the default one."""
    return list(stored) if stored else list(DEFAULT_SKILLS)


def check_skill_list(labels: list[str], field: str = "skills") -> list[str]:
    """1 to 8 unique, non-empty labels of at most 60 characters (compared
    without regard to case or surrounding spaces); returns them trimmed."""
    if not isinstance(labels, list) or not labels:
        raise Invalid(f"{field}: give at least one skill to rate", field=field)
    if len(labels) > MAX_SKILLS:
        raise Invalid(f"{field}: at most {MAX_SKILLS} skills", field=field)
    clean, seen = [], set()
    for i, label in enumerate(labels):
        where = f"{field}.{i}"
        if not isinstance(label, str) or not label.strip():
            raise Invalid(f"{where}: a skill needs a name", field=where)
        label = label.strip()
        try:
            text.check(label)
        except ValueError as exc:
            raise Invalid(f"{where}: {exc}", field=where) from None
        if len(label) > MAX_LABEL:
            raise Invalid(f"{where}: at most {MAX_LABEL} characters", field=where)
        if label.casefold() in seen:
            raise Invalid(f"{where}: {label!r} is listed twice", field=where)
        seen.add(label.casefold())
        clean.append(label)
    return clean


def check_ratings(skills: list[str], ratings, field: str = "self_assessment") -> dict[str, int]:
    """``{skill: 1..5}`` for skills of the program (at least one); 422 naming
    ``field.<skill>`` for an unknown skill or a value that is not 1–5."""
    if not isinstance(ratings, dict):
        raise Invalid(f"{field}: must be an object of skill: rating", field=field)
    if not ratings:
        raise Invalid(f"{field}: rate at least one skill", field=field)
    known = set(skills)
    for skill, value in ratings.items():
        where = f"{field}.{skill}"
        if skill not in known:
            raise Invalid(f"{where}: not a skill of this program ({', '.join(skills)})",
                          field=where)
        # bool is an int in Python; true is not a rating.
        if isinstance(value, bool) or not isinstance(value, int) or not LOW <= value <= HIGH:
            raise Invalid(f"{where}: a whole number from {LOW} to {HIGH}", field=where)
    return dict(ratings)
