"""Self-assessments: a participant's own 1–5 ratings of her skills, kept on
her participant record (one per cohort), "before" and "after".

Each stage is written at most once, by a conditional update (the attribute
must not exist yet), so two tabs sending the same stage at once store one
and the other gets 409. The rules of when a stage may be given are in
``functions.domain.self_assessment``.
"""
from __future__ import annotations

from pynamodb.exceptions import UpdateError

from functions.db import people_stamp
from functions.db.base import iso, now, raise_if_condition
from functions.db.journal import CLOSURE, JournalItem
from functions.db.participants import Participant
from functions.db.programs import Cohort
from functions.errors import Conflict, NotFound

ATTRIBUTES = {"before": Participant.assessment_before, "after": Participant.assessment_after}


def mine(email: str) -> list[dict]:
    """Every enrolment of ``email`` with its two stages (None when not given)."""
    return [{"cohort_id": p.cohort_id, "id": p.id, "role": p.role,
             "status": p.status or "active",
             "before": p.assessment_before, "after": p.assessment_after}
            for p in Participant.by_email.query(email)]


def give(cohort_id: str, email: str, stage: str, ratings: dict) -> dict:
    """Store ``stage`` once; 409 if it is there already (or, for "before",
    once "after" is: a rating given after the match is not a starting point)."""
    attr = ATTRIBUTES[stage]
    value = {"ratings": ratings, "at": iso(now())}
    condition = Participant.email.exists() & attr.does_not_exist()
    if stage == "before":
        condition &= Participant.assessment_after.does_not_exist()
    try:
        person = Participant.get(cohort_id, email, consistent_read=True)
    except Participant.DoesNotExist:
        raise NotFound(f"you are not enrolled in cohort {cohort_id}", field="cohort") from None
    try:
        # Not conditional on the version read: an admin's edit of her profile
        # meanwhile touches other attributes. The version still goes up by one
        # (an update from a record without it would set it back to 1).
        person.update(actions=[attr.set(value)], condition=condition,
                      add_version_condition=False)
    except UpdateError as exc:
        said = (f"you have given your '{stage}' ratings for this cohort already"
                if stage == "after" else
                "your 'before' ratings can be given once, and not after the 'after' ones")
        raise_if_condition(exc, Conflict(said, field="stage"))
    people_stamp.bump_now([cohort_id])
    return value


def any_closed(match_ids: list[str]) -> bool:
    """Whether one of these matches has its closure marker."""
    keys = [(m, CLOSURE) for m in match_ids]
    return any(True for _ in JournalItem.batch_get(keys, attributes_to_get=["sk"])) \
        if keys else False


def rated_skills(program_id: str) -> set[str]:
    """Every skill someone in a cohort of the program has rated, at either stage."""
    rated: set[str] = set()
    for c in Cohort.by_program.query(program_id, attributes_to_get=["id"]):
        for before, after in cohort_ratings(c.id):
            rated.update(before, after)
    return rated


def cohort_ratings(cohort_id: str) -> list[tuple[dict, dict]]:
    """(before ratings, after ratings) of each participant of the cohort who
    gave either ({} for a stage not given). No names or ids leave here."""
    out = []
    for p in Participant.query(cohort_id, attributes_to_get=[
            "assessment_before", "assessment_after", "status"]):
        before = (p.assessment_before or {}).get("ratings") or {}
        after = (p.assessment_after or {}).get("ratings") or {}
        if (before or after) and p.status != "withdrawn":
            out.append((before, after))
    return out
