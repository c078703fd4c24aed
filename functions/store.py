"""Domain operations on top of the models.

Handlers and jobs call these small functions and get plain dicts back, never
PynamoDB objects. Condition and transaction failures become domain errors here.
Participant-facing reads are key lookups or index queries, never scans.
"""
from __future__ import annotations

import random
import time
import uuid
from datetime import datetime, timezone

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.errors import Conflict, NotFound, Unavailable
from functions.lifecycle import DRAFT, ENROLLING
from functions import models
from functions.models import (
    Admin, AdminSession, Cohort, Participant, Program, SelfIdentification,
)

OPEN = ENROLLING


def _now() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt else None


# -- programs and cohorts ----------------------------------------------------

def program_view(p: Program) -> dict:
    return {"id": p.id, "name": p.name, "type": p.type, "description": p.description}


def cohort_view(c: Cohort, program: Program | None) -> dict:
    return {"id": c.id, "name": c.name, "status": c.status,
            "enrollment_closes": c.enrollment_closes, "matching_at": c.matching_at,
            "program": program_view(program) if program else None}


def create_program(name: str, *, type: str = "one_to_one", description: str = "",
                   questionnaire: dict | None = None, criteria: list | None = None,
                   id: str | None = None) -> str:
    p = Program(id=id or new_id(), name=name, type=type, description=description,
                questionnaire=questionnaire or {"questions": []},
                criteria=criteria or [], created_at=_now())
    try:
        p.save(condition=Program.id.does_not_exist())
    except PutError as exc:
        _raise_if_condition(exc, Conflict(f"program {p.id} exists", field="id"))
    return p.id


def create_cohort(program_id: str, name: str, *, status: str = DRAFT,
                  enrollment_closes: str | None = None, matching_at: str | None = None,
                  min_score: float = 0, id: str | None = None) -> str:
    c = Cohort(id=id or new_id(), program_id=program_id, name=name, status=status,
               enrollment_closes=enrollment_closes, matching_at=matching_at,
               min_score=min_score, created_at=_now())
    try:
        c.save(condition=Cohort.id.does_not_exist())
    except PutError as exc:
        _raise_if_condition(exc, Conflict(f"cohort {c.id} exists", field="id"))
    return c.id


def _programs(ids: set[str]) -> dict[str, Program]:
    return {p.id: p for p in Program.batch_get(list(ids))} if ids else {}


def list_open_cohorts() -> list[dict]:
    cohorts = list(Cohort.by_status.query(OPEN))
    programs = _programs({c.program_id for c in cohorts})
    views = [cohort_view(c, programs.get(c.program_id)) for c in cohorts]
    return sorted(views, key=lambda v: (v["enrollment_closes"] or "9999", v["name"]))


def _get_cohort(cohort_id: str) -> Cohort:
    try:
        return Cohort.get(cohort_id)
    except Cohort.DoesNotExist:
        raise NotFound(f"no cohort {cohort_id}", field="cohort") from None


def get_cohort(cohort_id: str, *, public: bool = False) -> dict:
    """A cohort with its program and the program's questionnaire.

    ``public``: as anyone may see it. A draft is not published yet, so it is
    not found, with the same answer as a cohort that does not exist; later
    states stay visible so an old enrolment link can say enrolment is over.
    """
    c = _get_cohort(cohort_id)
    if public and c.status == DRAFT:
        raise NotFound(f"no cohort {cohort_id}", field="cohort")
    try:
        program = Program.get(c.program_id)
    except Program.DoesNotExist:
        raise NotFound(f"cohort {cohort_id} has no program", field="cohort") from None
    view = cohort_view(c, program)
    view["questionnaire"] = program.questionnaire
    return view


def any_program() -> bool:
    return any(True for _ in Program.by_kind.query("program", limit=1))


def get_program_or_none(program_id: str) -> dict | None:
    try:
        return program_view(Program.get(program_id))
    except Program.DoesNotExist:
        return None


def list_programs_with_cohorts() -> list[dict]:
    """Admin overview: every program, its cohorts and their counts by role."""
    out = []
    for p in Program.by_kind.query("program"):
        view = program_view(p)
        view["cohorts"] = []
        for c in Cohort.by_program.query(p.id):
            cv = cohort_view(c, None)
            del cv["program"]
            cv["counts"] = count_by_role(c.id)
            view["cohorts"].append(cv)
        view["cohorts"].sort(key=lambda v: v["name"])
        out.append(view)
    return out


# -- participants --------------------------------------------------------------

def enroll(cohort_id: str, *, role: str, name: str, email: str, answers: dict,
           capacity: int | None, self_id: dict | None) -> str:
    """Enrol one person, all-or-nothing.

    One transaction checks that the cohort is still open, writes the
    participant only if that (cohort, e-mail) is new, and writes the optional
    self-identification record beside it. The open-cohort condition is the
    only check: callers need not (and should not) read the cohort first.
    """
    now = _now()
    person = Participant(cohort_id=cohort_id, email=email.strip().lower(), id=new_id(),
                         role=role, name=name, capacity=capacity if role == "mentor" else None,
                         answers=answers, consent=True, created_at=now)

    def write(tx: TransactWrite) -> None:
        tx.condition_check(Cohort, cohort_id, condition=Cohort.status == OPEN)
        tx.save(person, condition=Participant.email.does_not_exist())
        if self_id:
            tx.save(SelfIdentification(cohort_id=cohort_id, participant_id=person.id,
                                       data=self_id, consented_at=now))

    reasons = _transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise Conflict(f"cohort {cohort_id} is not open for enrolment", field="cohort")
    if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
        raise Conflict("this e-mail address is already enrolled in this cohort", field="email")
    return person.id


def participant_view(p: Participant) -> dict:
    return {"id": p.id, "role": p.role, "name": p.name, "email": p.email,
            "capacity": int(p.capacity) if p.capacity is not None else None,
            "answers": p.answers, "created_at": _iso(p.created_at)}


def list_participants(cohort_id: str) -> list[dict]:
    _get_cohort(cohort_id)
    people = [participant_view(p) for p in Participant.query(cohort_id)]
    return sorted(people, key=lambda v: (v["role"], v["name"].lower(), v["id"]))


def count_by_role(cohort_id: str) -> dict[str, int]:
    counts = {"mentor": 0, "mentee": 0}
    for p in Participant.query(cohort_id, attributes_to_get=["role"]):
        counts[p.role] = counts.get(p.role, 0) + 1
    return counts


# -- admins and sessions ------------------------------------------------------

def create_admin(email: str, password_hash: str) -> None:
    admin = Admin(email=email, password_hash=password_hash, created_at=_now())
    try:
        admin.save(condition=Admin.email.does_not_exist())
    except PutError as exc:
        _raise_if_condition(exc, Conflict(f"admin {email} already exists", field="email"))


def get_admin(email: str) -> dict | None:
    try:
        a = Admin.get(email)
    except Admin.DoesNotExist:
        return None
    return {"email": a.email, "password_hash": a.password_hash}


def any_admin() -> bool:
    return any(True for _ in Admin.by_kind.query("admin", limit=1))


def create_session(token_hash: str, email: str, expires: datetime) -> None:
    AdminSession(token_hash=token_hash, admin_email=email, created_at=_now(),
                 expires=expires).save(condition=AdminSession.token_hash.does_not_exist())


def get_session_admin(token_hash: str) -> str | None:
    try:
        s = AdminSession.get(token_hash, consistent_read=True)
    except AdminSession.DoesNotExist:
        return None
    # DynamoDB's TTL deletes lazily: an expired session must not count.
    if s.expires is None or s.expires <= _now():
        return None
    return s.admin_email


def delete_session(token_hash: str) -> None:
    AdminSession(token_hash=token_hash).delete()


# -- helpers ------------------------------------------------------------------

#: Attempts of a transaction that collides with another one on the same item.
TRANSACT_ATTEMPTS = 6


def _transact(write, attempts: int = TRANSACT_ATTEMPTS) -> list[str | None]:
    """Run ``write(tx)`` in one transaction; returns the cancellation reasons
    (empty when it committed).

    DynamoDB cancels a transaction that meets another in flight on the same
    item (``TransactionConflict``) without deciding anything: it is tried again
    after a jittered, growing pause. If it still collides, the caller gets 503
    with Retry-After, never a 500.
    """
    for attempt in range(attempts):
        try:
            with TransactWrite(connection=models.connection()) as tx:
                write(tx)
            return []
        except TransactWriteError as exc:
            reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in reasons:
                return reasons
            if "TransactionConflict" not in reasons and \
                    exc.cause_response_code != "TransactionInProgressException":
                raise
        time.sleep(random.uniform(0.5, 1.5) * 0.02 * 2 ** attempt)
    raise Unavailable("the store is busy with the same records; try again in a moment")

def _raise_if_condition(exc: Exception, domain_error: Exception) -> None:
    if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
        raise domain_error from None
    raise exc
