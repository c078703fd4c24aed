"""A program's goals (``functions.domain.goals``), kept on its program item
with their own version: a save names the version it started from, and one
made on top of a newer save is refused (409) rather than overwriting it."""
from __future__ import annotations

from pynamodb.exceptions import UpdateError

from functions.db.base import raise_if_condition
from functions.db.programs import Program
from functions.errors import Conflict, NotFound


def get(program_id: str) -> dict:
    """``{"goals": [...], "version": n}`` (version 0: never saved)."""
    try:
        p = Program.get(program_id, consistent_read=True)
    except Program.DoesNotExist:
        raise NotFound(f"no program {program_id}", field="program") from None
    return {"goals": p.goals or [], "version": int(p.goals_version or 0)}


def save(program_id: str, goals: list[dict], started: int) -> int:
    """Store ``goals`` as version ``started + 1``, only if the stored version
    is still ``started``; returns the new version."""
    condition = Program.id.exists() & (
        Program.goals_version.does_not_exist() if started == 0
        else Program.goals_version == started)
    try:
        Program(id=program_id, version=0).update(
            actions=[Program.goals.set(goals), Program.goals_version.set(started + 1)],
            condition=condition, add_version_condition=False)
    except UpdateError as exc:
        if get(program_id)["version"] == started:   # no such program: get raised
            raise
        raise_if_condition(exc, Conflict(
            "the goals were changed by someone else; reload them and save again",
            field="version"))
    return started + 1


def goal_self_ids(cohort_id: str) -> dict[str, dict]:
    """Participant id -> self-identification answers given with consent to
    their use for the program's goals; for the suppressed goal figures and
    the matcher's binding goals only, never for an answer that lists people."""
    from functions.db.participants import SelfIdentification
    return {s.participant_id: s.data for s in SelfIdentification.query(cohort_id)
            if s.for_goals}
