"""Self-assessment: a participant rates her skills 1–5 when she enrols
("before") and when a match of hers closes ("after"); her page shows the
growth, the admin sees only means per skill.

Rules: each stage once per enrolment (a second time 409); "before" at
enrolment or later on her page (for people enrolled without it, e.g. by
CSV), but not once "after" is given; "after" only once a match of hers in
that cohort is closed, or the cohort itself is. The ratings are hers, not
the pair's: they live on her participant record, so her export carries them
and her erasure removes them.
"""
from __future__ import annotations

from functions.db import programs, self_assessment as store
from functions.domain import participant_matches, suppression
from functions.vocab.lifecycle import CLOSED
from functions.errors import Conflict, Invalid, NotFound


def _after_open(cohort: dict, match_ids: list[str]) -> bool:
    return cohort["status"] == CLOSED or store.any_closed(match_ids)


def overview(email: str) -> list[dict]:
    """Per active enrolment: its skills, her two stages and which she may give now."""
    _, matches = participant_matches.my_matches(email)
    out = []
    for rec in store.mine(email):
        if rec["status"] != "active":
            continue
        cohort = programs.get_cohort(rec["cohort_id"])
        ids = [m["id"] for m in matches if m["cohort"]["id"] == rec["cohort_id"]]
        after_open = rec["after"] is None and _after_open(cohort, ids)
        out.append({"cohort": {"id": cohort["id"], "name": cohort["name"]},
                    "program": {"id": cohort["program"]["id"],
                                "name": cohort["program"]["name"]},
                    "skills": cohort["skills"], "before": rec["before"], "after": rec["after"],
                    "matches": ids,
                    "can_give": {"before": rec["before"] is None and rec["after"] is None,
                                 "after": after_open}})
    return out


def give(email: str, cohort_id: str, stage: str, ratings: dict) -> dict:
    """Store one stage of her self-assessment in ``cohort_id``; returns it."""
    rec = next((r for r in store.mine(email)
                if r["cohort_id"] == cohort_id and r["status"] == "active"), None)
    if rec is None:
        raise NotFound(f"you are not enrolled in cohort {cohort_id}", field="cohort")
    cohort = programs.get_cohort(cohort_id)
    from functions.domain.validation import check_ratings  # pydantic: loaded when used
    clean = check_ratings(cohort["skills"], ratings, field="ratings")
    if stage == "after" and rec["after"] is None:
        _, matches = participant_matches.my_matches(email)
        ids = [m["id"] for m in matches if m["cohort"]["id"] == cohort_id]
        if not _after_open(cohort, ids):
            raise Conflict("the 'after' ratings are given when your match closes",
                           field="stage")
    return store.give(cohort_id, email, stage, clean)


def check_skill_change(program_id: str, skills: list[str]) -> None:
    """A skill someone has rated stays: without it her growth could not be shown."""
    gone = sorted(store.rated_skills(program_id) - set(skills))
    if gone:
        raise Invalid(f"skills: {', '.join(gone)} has been rated already; keep it "
                      "(you may rename others or add new ones)", field="skills")


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def growth(cohort_id: str) -> dict:
    """Per skill of the cohort's program: how many gave each stage, and the
    mean before and after over the people who gave both (``pairs_n``), so the
    growth compares the same people. No names, no single ratings.

    A rating is one person's private answer, and a mean over a few people
    gives it away (over one it *is* her rating; over two, either partner
    reads the other's off it). So, as the engagement report does for mean
    ratings, the means of a skill rated both times by fewer than
    ``suppression.THRESHOLD`` people are withheld (None, ``suppressed``).
    The counts stay: they say who answered, not what."""
    cohort = programs.get_cohort(cohort_id)
    rows = store.cohort_ratings(cohort_id)
    skills = []
    for skill in cohort["skills"]:
        pairs = [(b[skill], a[skill]) for b, a in rows if skill in b and skill in a]
        shown = len(pairs) >= suppression.THRESHOLD
        skills.append({"skill": skill,
                       "before_mean": _mean([b for b, _ in pairs]) if shown else None,
                       "after_mean": _mean([a for _, a in pairs]) if shown else None,
                       "suppressed": bool(pairs) and not shown,
                       "before_n": sum(1 for b, _ in rows if skill in b),
                       "after_n": sum(1 for _, a in rows if skill in a),
                       "pairs_n": len(pairs)})
    return {"cohort": cohort_id, "skills": skills,
            "suppression_threshold": suppression.THRESHOLD}
