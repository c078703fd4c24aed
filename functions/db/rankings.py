"""Stable mode's rankings: one item per (cohort, participant) holding her
ranked list (a mentee's mentors, or a mentor's mentees) and, once a stable
run has matched the cohort, what that run did for her (``outcome``, tagged
with the run, so a later run's outcome replaces it and an old one is never
shown for a newer proposal)."""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from functions.db.base import Base, now
from functions.db.runs import COMPLETE, QUEUED, RUNNING, Run

#: The run kind that stores a stable-mode cohort's suggestions to rank.
SUGGEST = "suggest"


class Ranking(Base):
    class Meta(Base.Meta):
        base_name = "rankings"

    cohort_id = UnicodeAttribute(hash_key=True)
    person = UnicodeAttribute(range_key=True)  # participant id
    role = UnicodeAttribute()
    ranked = JSONAttribute(default=list)  # ids, first choice first
    at = UnicodeAttribute(null=True)  # ISO time of her last change
    outcome = JSONAttribute(null=True)  # {"run", ...}: functions.domain.ranking_outcome


def _view(r: Ranking) -> dict:
    return {"person": r.person, "role": r.role, "ranked": list(r.ranked or []), "at": r.at,
            "outcome": r.outcome}


def get(cohort_id: str, person: str) -> dict | None:
    try:
        return _view(Ranking.get(cohort_id, person, consistent_read=True))
    except Ranking.DoesNotExist:
        return None


def save(cohort_id: str, person: str, role: str, ranked: list[str]) -> dict:
    """Her ranking as given (a whole new list each time; an outcome stays)."""
    at = now().isoformat(timespec="seconds")
    try:
        item = Ranking.get(cohort_id, person, consistent_read=True)
        item.update(actions=[Ranking.ranked.set(ranked), Ranking.at.set(at),
                             Ranking.role.set(role)])
    except Ranking.DoesNotExist:
        item = Ranking(cohort_id=cohort_id, person=person, role=role, ranked=ranked, at=at)
        item.save()
    return _view(item)


def of_cohort(cohort_id: str) -> list[dict]:
    return [_view(r) for r in Ranking.query(cohort_id)]


def count_ranked(cohort_id: str) -> dict[str, int]:
    """How many mentees and mentors have ranked anyone so far."""
    counts = {"mentee": 0, "mentor": 0}
    for r in Ranking.query(cohort_id, attributes_to_get=["role", "ranked"]):
        if r.ranked:
            counts[r.role] = counts.get(r.role, 0) + 1
    return counts


def write_outcomes(cohort_id: str, items: list[dict], outcomes: dict[str, dict]) -> None:
    """Store each person's outcome beside her ranking (``items``: the cohort's
    rankings as read; a person with no ranking gets an item with an empty
    list). Deterministic: writing the same run's outcomes again writes the same."""
    known = {i["person"]: i for i in items}
    with Ranking.batch_write() as batch:
        for person, outcome in outcomes.items():
            was = known.get(person) or {"role": outcome["role"], "ranked": [], "at": None}
            batch.save(Ranking(cohort_id=cohort_id, person=person, role=was["role"],
                               ranked=was["ranked"], at=was["at"], outcome=outcome))


def forget(cohort_id: str, person: str) -> None:
    """Erasure: her ranking goes with her records."""
    Ranking(cohort_id=cohort_id, person=person).delete()


def suggest_run(cohort_id: str) -> str | None:
    """The cohort's newest complete suggestions run (what mentees rank), or None."""
    return suggest_runs(cohort_id)[0]


def suggest_runs(cohort_id: str) -> tuple[str | None, bool]:
    """(the newest complete suggestions run or None, whether a newer one is
    still queued or running)."""
    running = False
    for r in Run.by_cohort.query(cohort_id, scan_index_forward=False,
                                 filter_condition=Run.kind == SUGGEST):
        if r.status == COMPLETE:
            return r.id, running
        running = running or r.status in (QUEUED, RUNNING)
    return None, running
