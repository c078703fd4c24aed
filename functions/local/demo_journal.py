"""A published demo cohort whose pairs keep journals, so the admin's
engagement report and follow-up have something to show on ``make run``.

"Winter 2026" of the engineering program: a few people, matched by the real
engine (``jobs.matching.execute``, as ``tandem serve``'s worker does) and
published, then goals, milestones, meetings over the last three months,
check-ins, feedback and, for half the pairs, a closure, written through the
journal's own operations. Everyone rates her skills at enrolment; the
people whose match closed rate them again, so the Growth chart has more
than ``suppression.THRESHOLD`` people to show, except on the last skill,
which only a few rate again (it shows as withheld). Deterministic
(seeded); local mode only.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from functions.db import journal, participants, program_admin, programs, roster, runs
from functions.db import self_assessment
from functions.domain import matching_runs, participant_matches
from functions.vocab.dates import utc_today
from functions.vocab.lifecycle import ENROLLING, MATCHING
from functions.settings import Settings

COHORT_ID = "demo-2026-winter"
STEPS = ["Agree what good looks like", "Try it once with support", "Do it alone",
         "Teach it to someone"]
#: Pairs (in match id order) close their match until this many people can rate again.
RATED_AGAIN = 12
#: How many of those who rate again also rate the last skill: under the threshold.
FEW = 4
GOALS = ["Run a design review", "Present to leadership", "Own an on-call week",
         "Write a technical proposal", "Lead a hiring loop"]


def load(settings: Settings, program_id: str, people: list[dict]) -> dict:
    """Create, match and publish the cohort, then fill its journals.
    ``people``: demo people (their addresses are made the cohort's own)."""
    from functions.jobs.matching import execute  # numpy/scipy: fine in local mode

    program_admin.create_cohort(program_id, name="Winter 2026", id=COHORT_ID,
                                enrollment_closes="2026-08-15", matching_at="2026-08-16",
                                min_score=20)
    programs.move_status(COHORT_ID, ENROLLING)
    skills = programs.get_cohort(COHORT_ID)["skills"]
    ratings = random.Random(2025)
    before = {}
    for p in people:
        email = f"winter.{p['email']}"
        before[email] = {s: ratings.randint(1, 3) for s in skills}
        participants.enroll(COHORT_ID, self_id=None, self_assessment=before[email],
                            **{**p, "email": email})
    programs.move_status(COHORT_ID, MATCHING)
    run = matching_runs.start_run(COHORT_ID, None, "demo", lambda run_id: None)
    if execute(settings, run["run"])["status"] != runs.COMPLETE:
        raise RuntimeError("the demo's winter cohort could not be matched")
    matching_runs.publish(COHORT_ID)
    _, groups, _ = participant_matches.published(COHORT_ID)
    rng = random.Random(2026)
    today = utc_today()
    closing, closed = set(), []  # a mentor may close two matches: she rates once
    for match_id, g in sorted(groups.items()):
        if len(closed) < RATED_AGAIN:
            closing.add(match_id)
            closed += [p for p in [g["mentor"], *g["mentees"]] if p not in closed]
    emails = {p["id"]: p["email"] for p in roster.everyone(COHORT_ID)}
    for match_id, g in sorted(groups.items()):
        # Written as the pages write it, with each member's progress (functions.db.progress).
        members = [(COHORT_ID, emails[pid]) for pid in (g["mentor"], g["mentees"][0])]
        _journal(rng, today, match_id, g["mentor"], g["mentees"][0], members,
                 closing=match_id in closing)
    for i, pid in enumerate(closed):
        email = emails[pid]
        self_assessment.give(COHORT_ID, email, "after",
                             after_ratings(ratings, before[email], skills, last=i < FEW))
    return {"cohort": COHORT_ID, "matches": len(groups), "rated_again": len(closed)}


def after_ratings(rng: random.Random, before: dict, skills: list[str], last: bool) -> dict:
    """One person's "after" ratings: mostly a point or two above "before"
    (never over 5); the last skill only when ``last``."""
    return {s: min(5, before[s] + rng.choice([0, 1, 1, 2]))
            for s in skills if last or s != skills[-1]}


def _journal(rng: random.Random, today: date, match_id: str, mentor: str, mentee: str,
             members: list[tuple[str, str]], closing: bool) -> None:
    goal = journal.add(match_id, "goal", "goal", mentee,
                       {"title": rng.choice(GOALS), "success": "",
                        "target_date": (today + timedelta(days=120)).isoformat()})
    steps = rng.randint(1, len(STEPS))
    done = rng.randint(0, steps)
    for i, title in enumerate(STEPS[:steps]):
        journal.add(match_id, f"goal#{goal}#ms", "milestone", mentor,
                    {"title": title, "done": i < done}, parent=f"goal#{goal}")
    # Most pairs meet every few weeks; some went quiet after a first meeting.
    quiet = rng.random() < 0.25
    day = today - timedelta(days=rng.randint(70, 90))
    while day < today:
        journal.add(match_id, "meeting", "meeting", rng.choice([mentor, mentee]),
                    {"date": day.isoformat(), "minutes": rng.choice([30, 45, 60]),
                     "topics": [], "notes": "", "shared": False}, members=members)
        day += timedelta(days=90 if quiet else rng.randint(12, 30))
    for author in (mentee, mentor):
        journal.check_in(match_id, 0, author,
                         {"satisfaction": rng.choices([2, 3, 4, 5], [1, 2, 8, 3])[0],
                          "meeting": not quiet, "flag": ""})
    journal.add(match_id, "feedback", "feedback", mentee,
                {"rating": rng.choice([4, 4, 5]), "text": "", "to": [mentor]})
    if closing:
        journal.close(match_id, mentee, {"reason": "Goals met early", "rematch": False,
                                         "survey": {"satisfaction": 5, "goals_met": "yes",
                                                    "comment": ""}}, members=members)
