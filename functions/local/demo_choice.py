"""A published choice-mode demo cohort: mentees pick from their suggestions.

"Pick Your Mentor 2027": a program whose policy is in choice mode, a few
people matched by the real engine (``jobs.matching.execute``, which stores
every mentee's top five suggestions) and published, with one request
already accepted and one waiting, so ``me.html`` shows both sides on
``make run``. Addresses are the demo people's with ``choice.`` in front.
Deterministic; local mode only.
"""
from __future__ import annotations

from functions.db import choices, participants, policies, program_admin, programs, runs, suggestions
from functions.domain import matching_runs
from functions.vocab.lifecycle import ENROLLING, MATCHING
from functions.settings import Settings

PROGRAM_ID = "demo-choice"
COHORT_ID = "demo-choice-2027"


def load(settings: Settings, questions: list[dict], criteria: list[dict],
         people: list[dict]) -> dict:
    """Create, match and publish the cohort; one request accepted, one pending."""
    from functions.jobs.matching import execute  # numpy/scipy: fine in local mode

    programs.create_program(
        "Pick Your Mentor", id=PROGRAM_ID, type="one_to_one",
        description="Mentees choose their mentor from five suggestions, each with why; "
                    "mentors accept or decline.",
        questionnaire={"questions": questions}, criteria=criteria)
    programs.set_matching_mode(PROGRAM_ID, "choice")
    policies.save(PROGRAM_ID, {"criteria": criteria, "min_score": 0, "mode": "choice"},
                  version=1, by="demo", changes=["first saved version"])
    program_admin.create_cohort(PROGRAM_ID, name="2027", id=COHORT_ID,
                                enrollment_closes="2027-02-01", matching_at="2027-02-02")
    programs.move_status(COHORT_ID, ENROLLING)
    for p in people:
        participants.enroll(COHORT_ID, self_id=None, **{**p, "email": f"choice.{p['email']}"})
    programs.move_status(COHORT_ID, MATCHING)
    run = matching_runs.start_run(COHORT_ID, None, "demo", lambda run_id: None)
    if execute(settings, run["run"])["status"] != runs.COMPLETE:
        raise RuntimeError("the demo's choice cohort could not be matched")
    matching_runs.publish(COHORT_ID)
    mentees = sorted((p for p in participants.list_participants(COHORT_ID)
                      if p["role"] == "mentee"), key=lambda p: p["email"])
    made = []
    for mentee in mentees[:2]:
        [first, *_] = suggestions.suggestions_for(run["run"], mentee["id"]) or [None]
        if first:
            made.append(choices.request(COHORT_ID, mentee["id"], first["mentor"],
                                        first["score"], first["reasons"]))
    if made:
        mentor = next(p for p in participants.list_participants(COHORT_ID)
                      if p["id"] == made[0]["mentor"])
        choices.accept(COHORT_ID, made[0]["mentee"], mentor["id"], mentor["capacity"] or 1)
    return {"cohort": COHORT_ID, "requests": len(made)}
