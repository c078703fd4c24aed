"""What a signed-in participant's pages read about people and published
matches, and the erasure of her own records. Key lookups and index queries
only, never a Scan: a person is found across cohorts through the
participants' ``by-email`` index, a partner through ``by-id``.
"""
from __future__ import annotations

from functools import lru_cache

from functions.db import people_stamp, runs
from functions.db.base import iso
from functions.db.participants import Participant, SelfIdentification
from functions.db.programs import Cohort, Program


def _view(p: Participant) -> dict:
    return {"cohort_id": p.cohort_id, "id": p.id, "role": p.role, "name": p.name,
            "email": p.email, "status": p.status or "active",
            "created_at": iso(p.created_at)}


def records(email: str) -> list[dict]:
    """Every enrolment of ``email``, in any cohort."""
    return [_view(p) for p in Participant.by_email.query(email)]


def record_view(p: Participant) -> dict:
    """One record as ``records`` gives it."""
    return _view(p)


def full_records(email: str) -> list[dict]:
    """As ``records`` with answers and capacity, for an export."""
    out = []
    for p in Participant.by_email.query(email):
        out.append({**_view(p), "answers": p.answers, "job_title": p.job_title,
                    "bio": p.bio, "consent": p.consent,
                    "capacity": int(p.capacity) if p.capacity is not None else None,
                    "self_assessment": {"before": p.assessment_before,
                                        "after": p.assessment_after},
                    "readiness": p.readiness})
    return out


def people(cohort_id: str, ids: set[str]) -> dict[str, dict]:
    """Participants of one cohort by id (an erased or unknown id is absent),
    with the answers and profile her partners' pages pick from
    (``functions.domain.profiles.partner_profile``)."""
    keys = set()
    for ref in ids:
        for k in Participant.by_id.query(ref):
            if k.cohort_id == cohort_id:
                keys.add((k.cohort_id, k.email))
    return {p.id: {**_view(p), "answers": p.answers, "job_title": p.job_title, "bio": p.bio}
            for p in Participant.batch_get(list(keys))} if keys else {}


def cohort_people(cohort_id: str) -> dict[str, dict]:
    """Everyone of one cohort by id, as ``people`` gives them (one Query)."""
    return {p.id: {**_view(p), "answers": p.answers, "job_title": p.job_title, "bio": p.bio}
            for p in Participant.query(cohort_id)}


def cohort(cohort_id: str) -> dict | None:
    """A cohort's name, program, published run and when it was published, and
    its program's questions (for what a partner is shown), or None."""
    try:
        c = Cohort.get(cohort_id)
    except Cohort.DoesNotExist:
        return None
    try:
        p = Program.get(c.program_id)
    except Program.DoesNotExist:
        return None
    return {"id": c.id, "name": c.name, "status": c.status, "published_run": c.published_run,
            "waiting_runs": list(c.waiting_runs or []),
            "published_at": iso(c.published_at),
            "program": {"id": p.id, "name": p.name, "type": p.type},
            "questions": (p.questionnaire or {}).get("questions", [])}


@lru_cache(maxsize=64)
def finished_at(run_id: str) -> str | None:
    """When a published run finished (a complete run never changes): the
    start of its matches for a cohort published before ``published_at`` was kept."""
    return runs.get_run(run_id)["finished_at"]


def self_ids(recs: list[dict]) -> list[dict]:
    out = []
    for r in recs:
        try:
            s = SelfIdentification.get(r["cohort_id"], r["id"])
        except SelfIdentification.DoesNotExist:
            continue
        out.append({"cohort_id": r["cohort_id"], "data": s.data,
                    "consented_at": iso(s.consented_at)})
    return out


def delete_self_ids(recs: list[dict]) -> None:
    for r in recs:
        SelfIdentification(cohort_id=r["cohort_id"], participant_id=r["id"]).delete()


def erase_records(recs: list[dict]) -> None:
    """Delete the participant records themselves and their self-identification."""
    delete_self_ids(recs)
    for r in recs:
        Participant(cohort_id=r["cohort_id"], email=r["email"]).delete(add_version_condition=False)
    people_stamp.bump_now(r["cohort_id"] for r in recs)
