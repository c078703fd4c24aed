"""A program's goals measured on one cohort's matches (published, else
proposed), for the cohort page. Above ``goals`` and ``matching_runs``, which
it reads: ``matching_runs`` itself hands goals to the engine through ``goals``."""
from __future__ import annotations

from functions.db import goals as stored
from functions.db import participant_data, participants, programs
from functions.domain import choices, goals, matching_runs, participant_matches
from functions.errors import NotFound


def cohort_goals(cohort_id: str) -> list[dict]:
    """Each goal on the cohort's published (else proposed) matches:
    ``{goal, kind, value, target, met, suppressed}``; a figure from fewer
    than 10 people is withheld (value and met None, suppressed true)."""
    program_id = programs.get_cohort(cohort_id)["program"]["id"]
    wanted = stored.get(program_id)["goals"]
    if not wanted:
        return []
    cohort = participant_data.cohort(cohort_id)
    if cohort and cohort["published_run"] and not choices.in_choice_mode(cohort):
        matches = matching_runs.proposal(cohort_id, published=True)["matches"]
    elif choices.in_choice_mode(cohort):
        matches, _ = participant_matches.published_pairs(cohort_id)
    else:
        try:
            matches = matching_runs.proposal(cohort_id)["matches"]
        except NotFound:
            matches = None
    people = participants.list_participants(cohort_id)
    mentees = [p for p in people if p["role"] == "mentee" and p.get("status") != "withdrawn"]
    answers = {p["id"]: p.get("answers") or {} for p in people}
    questions = goals.questions_of(program_id)
    return [dict(goals.measure(g, mentees, matches, answers), goal=goals.describe(g, questions),
                 kind=g["kind"], binding=g["binding"],
                 target=g["points"] if g["kind"] == "parity" else g["share"])
            for g in wanted]
