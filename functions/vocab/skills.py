"""The skills a program's participants rate themselves on, 1 to 5, when they
enrol ("before") and when their match closes ("after"). Pure rules, no
storage: ``functions.db.programs`` keeps a program's list (None: the default
below) and ``functions.domain.self_assessment`` the ratings; the checks
of a list and of ratings are ``functions.domain.validation.check_skill_list``
and ``check_ratings``.
"""
from __future__ import annotations

DEFAULT_SKILLS = ("Confidence", "Communication", "Leadership", "Networking",
                  "Career planning", "Technical depth")
MAX_SKILLS, MAX_LABEL = 8, 60
LOW, HIGH = 1, 5
STAGES = ("before", "after")


def skills_of(stored: list | None) -> list[str]:
    """A program's skills: its own list, else the default one."""
    return list(stored) if stored else list(DEFAULT_SKILLS)
