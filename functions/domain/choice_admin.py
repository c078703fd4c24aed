"""Choice mode as an admin sees it: where a published choice cohort stands.

The counts of requests by status, the active mentees who have not asked
anyone yet, and every active mentor's seats (capacity, taken, pause, requests
waiting for her answer); and, for the reports, the mentees not matched yet
with where their request stands. Reads are one Query on the cohort's
``choices`` partition and one on its participants.
"""
from __future__ import annotations

from functions.db import choices as store, participant_data, participants
from functions.domain import choices
from functions.errors import NotFound
from functions.vocab.dates import utc_today

#: Why an active mentee of a choice cohort is not matched, by her request's status.
WAITING = {None: "has not asked a mentor yet",
           store.REQUESTED: "waiting for the mentor's answer",
           store.DECLINED: "declined: may ask another suggested mentor"}


def _active(cohort_id: str, role: str) -> list[dict]:
    return [p for p in participants.list_participants(cohort_id)
            if p["role"] == role and p["status"] == "active"]


def unmatched(cohort_id: str, matched: set[str]) -> list[dict]:
    """Active mentees without an accepted request, ``{mentee, reason}`` each."""
    requests, _ = store.in_cohort(cohort_id)
    status = {r["mentee"]: r["status"] for r in requests}
    return [{"mentee": p["id"], "reason": WAITING.get(status.get(p["id"]), WAITING[None])}
            for p in _active(cohort_id, "mentee") if p["id"] not in matched]


def in_choice_mode(cohort_id: str) -> bool:
    """Whether the cohort was published in choice mode (the admin's cohort
    page shows its choices then)."""
    return choices.in_choice_mode(participant_data.cohort(cohort_id))


def overview(cohort_id: str) -> dict:
    """``{requested, accepted, declined, mentees_without_request, mentors}``
    of a cohort published in choice mode; any other cohort is 404."""
    if not in_choice_mode(cohort_id):
        raise NotFound(f"cohort {cohort_id} is not published in choice mode", field="cohort")
    requests, seats = store.in_cohort(cohort_id)
    people = participants.list_participants(cohort_id)
    active = {p["id"] for p in people if p["status"] == "active"}
    # A withdrawn mentee's request is marked withdrawn; one from before that
    # rule still counts only while she is active.
    live = [r for r in requests if r["mentee"] in active]
    count = {s: sum(r["status"] == s for r in live)
             for s in (store.REQUESTED, store.ACCEPTED, store.DECLINED)}
    asked = {r["mentee"] for r in live}
    pending: dict[str, int] = {}
    for r in live:
        if r["status"] == store.REQUESTED:
            pending[r["mentor"]] = pending.get(r["mentor"], 0) + 1
    today = utc_today().isoformat()
    mentors = [{"id": p["id"], "name": p["name"], "capacity": int(p["capacity"] or 1),
                "taken": seats.get(p["id"], 0),
                "paused_until": p["paused_until"] if (p["paused_until"] or "") >= today
                else None,
                "pending": pending.get(p["id"], 0)}
               for p in people if p["role"] == "mentor" and p["status"] == "active"]
    return {"cohort": cohort_id, **count,
            "mentees_without_request": sum(p["role"] == "mentee" and p["id"] in active
                                           and p["id"] not in asked for p in people),
            "mentors": mentors}
