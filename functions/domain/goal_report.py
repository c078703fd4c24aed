"""A program's goals measured on one cohort's matches (published, else
proposed), for the cohort page. Above ``goals`` and ``matching_runs``, which
it reads: ``matching_runs`` itself hands goals to the engine through ``goals``."""
from __future__ import annotations

from functions.db import goals as stored
from functions.db import participant_data, participants, programs
from functions.domain import choices, goals, matching_runs, participant_matches
from functions.errors import NotFound
from functions.vocab import self_id


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
    measured = wanted
    if any(self_id.is_self_id(g.get("question")) for g in wanted):
        people = _with_self_ids(cohort_id, people)
        measured = [dict(g, group=self_id.group_of(g["question"], g["group"]))
                    if self_id.is_self_id(g.get("question")) and "group" in g else g
                    for g in wanted]
    mentees = [p for p in people if p["role"] == "mentee" and p.get("status") != "withdrawn"]
    answers = {p["id"]: p.get("answers") or {} for p in people}
    questions = goals.questions_of(program_id)
    return [dict(goals.measure(m, mentees, matches, answers), goal=goals.describe(g, questions),
                 kind=g["kind"], binding=g["binding"],
                 target=g["points"] if g["kind"] == "parity" else g["share"])
            for g, m in zip(wanted, measured)]


def _with_self_ids(cohort_id: str, people: list[dict]) -> list[dict]:
    """People with their self-identification given for goals among their
    answers, in memory only: ``measure`` reads them like any answer, and
    only its suppressed figures leave this module."""
    given = stored.goal_self_ids(cohort_id)
    out = []
    for p in people:
        mine = given.get(p["id"], {})
        extra = {qid: self_id.group_of(qid, mine.get(qid.split(".", 1)[1]))
                 for qid in self_id.QUESTIONS}
        out.append(dict(p, answers={**(p.get("answers") or {}),
                                    **{k: v for k, v in extra.items() if v is not None}}))
    return out
