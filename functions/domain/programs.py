"""Programs as the admin page shows them: with cohorts and head counts."""
from __future__ import annotations

from functions.db import participants, programs


def overview() -> list[dict]:
    """Every program, its cohorts and their counts by role."""
    out = []
    for program, cohorts in programs.list_programs():
        for cohort in cohorts:
            cohort["counts"] = participants.count_by_role(cohort["id"])
        out.append({**program, "cohorts": cohorts})
    return out
