"""A match's shared work: goals with milestones, meetings, feedback,
check-ins and closure — the rules; ``functions.db.journal`` stores them.

Who sees what: goals and meetings are the match's; a meeting's notes only
when shared or one's own; feedback by its author and its recipients;
check-ins and closure surveys by their author (and the admin's reports).
"""
from __future__ import annotations

from functions.domain import participant_matches


def page(match_id: str, email: str) -> dict:
    m = participant_matches.load(match_id, email)
    me = m.pop("me")
    m.pop("members")
    return {**m, "me": {"id": me["id"], "name": me["name"], "role": me["role"]}}
