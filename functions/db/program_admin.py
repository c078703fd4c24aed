"""Programs and cohorts as admins create and edit them.

The models live in ``functions.db.programs``; this module holds the admin's
writes: a program with its questionnaire and criteria, edits guarded by the
program's version (two admins saving at once: the second gets 409, not a
silent overwrite), and new cohorts, always ``draft``.
"""
from __future__ import annotations

from pynamodb.exceptions import PutError, UpdateError

from functions.db import match_cards
from functions.db.base import iso, new_id, now, raise_if_condition
from functions.db.participants import Participant
from functions.db.programs import Cohort, Program, cohort_view
from functions.vocab.lifecycle import DRAFT
from functions.vocab.matching import STABLE_CHOICES
from functions.vocab.skills import skills_of
from functions.errors import Conflict, NotFound


def program_full(p: Program) -> dict:
    return {"id": p.id, "name": p.name, "type": p.type, "description": p.description,
            "matching_mode": p.matching_mode or "admin", "questionnaire": p.questionnaire,
            "criteria": p.criteria, "version": p.version, "created_at": iso(p.created_at),
            "skills": skills_of(p.skills),
            "stable_choices": int(p.stable_choices or STABLE_CHOICES),
            "self_id_goals": bool(p.self_id_goals)}


def load_program(program_id: str) -> Program:
    try:
        return Program.get(program_id, consistent_read=True)
    except Program.DoesNotExist:
        raise NotFound(f"no program {program_id}", field="program") from None


def get_program(program_id: str) -> dict:
    p = load_program(program_id)
    view = program_full(p)
    view["cohorts"] = sorted((cohort_view(c, None) for c in Cohort.by_program.query(p.id)),
                             key=lambda v: v["name"])
    for c in view["cohorts"]:
        del c["program"]
    return view


def create_program(*, name: str, type: str, description: str, matching_mode: str,
                   questionnaire: dict, criteria: list, skills: list | None = None,
                   stable_choices: int | None = None, self_id_goals: bool | None = None) -> str:
    p = Program(id=new_id(), name=name, type=type, description=description,
                matching_mode=matching_mode, questionnaire=questionnaire,
                criteria=criteria, skills=skills, stable_choices=stable_choices,
                self_id_goals=self_id_goals, created_at=now())
    try:
        p.save(condition=Program.id.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, Conflict("a program with this id exists; try again",
                                         field="id"))
    return p.id


def save_email(program_id: str, kind: str, template: dict | None) -> dict:
    """Set (or with None, remove) one of a program's own e-mail templates;
    conditional on the program's version as read, so two admins saving at
    once do not lose one another's edits. Returns the program's templates."""
    p = load_program(program_id)
    emails = dict(p.emails or {})
    if template is None:
        emails.pop(kind, None)
    else:
        emails[kind] = template
    p.emails = emails or None
    try:
        p.save()
    except PutError as exc:
        raise_if_condition(exc, Conflict("the program changed meanwhile; reload it",
                                         field="version"))
    return emails


def update_program(program_id: str, version: int | None, changes: dict) -> dict:
    """Apply ``changes`` (name, type, description, matching_mode,
    questionnaire) if the program is still at ``version`` (None: whatever it
    is now, for callers that read it in the same request)."""
    p = load_program(program_id)
    if version is not None and version != p.version:
        raise Conflict("someone else changed this program meanwhile; reload it",
                       field="version")
    for key, value in changes.items():
        setattr(p, key, value)
    try:
        p.save()  # VersionAttribute: conditional on the version read above
    except PutError as exc:
        raise_if_condition(exc, Conflict("someone else changed this program meanwhile; "
                                         "reload it", field="version"))
    # Its name, type and questions are on its participants' match pages.
    match_cards.touch_now(c.id for c in Cohort.by_program.query(program_id,
                                                               attributes_to_get=["id"]))
    return program_full(p)


def answered_values(program_id: str) -> dict[str, set]:
    """What participants of every cohort of the program answered: question
    id -> the values given (each option for choice questions)."""
    used: dict[str, set] = {}
    for c in Cohort.by_program.query(program_id, attributes_to_get=["id"]):
        for person in Participant.query(c.id, attributes_to_get=["answers"]):
            for qid, value in (person.answers or {}).items():
                values = value if isinstance(value, list) else [value]
                used.setdefault(qid, set()).update(
                    v for v in values if isinstance(v, (str, int, float)))
    return used


def create_cohort(program_id: str, *, name: str, enrollment_opens: str | None = None,
                  enrollment_closes: str | None = None, matching_at: str | None = None,
                  min_score: float = 0, id: str | None = None) -> str:
    """The one way a cohort is made (the admin's page, the demo and the tests
    alike): a draft of an existing program. It moves on only along the life
    cycle (``programs.move_status`` and the runs' own steps), never by a
    status written at creation, so no cohort exists in a state the life cycle
    could not have reached. ``id`` is for the demo's and the tests' fixed ids."""
    load_program(program_id)
    c = Cohort(id=id or new_id(), program_id=program_id, name=name, status=DRAFT,
               enrollment_opens=enrollment_opens, enrollment_closes=enrollment_closes,
               matching_at=matching_at, min_score=min_score, created_at=now())
    try:
        c.save(condition=Cohort.id.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, Conflict("a cohort with this id exists; try again",
                                         field="id"))
    return c.id


def update_cohort_details(cohort_id: str, changes: dict) -> None:
    """Name and dates; the status moves only through the life cycle (not here)."""
    actions = [getattr(Cohort, key).set(value) if value is not None
               else getattr(Cohort, key).remove() for key, value in changes.items()]
    if not actions:
        return
    try:
        Cohort.get(cohort_id).update(actions=actions)  # conditional on its version
    except Cohort.DoesNotExist:
        raise NotFound(f"no cohort {cohort_id}", field="cohort") from None
    except UpdateError as exc:
        raise_if_condition(exc, Conflict("the cohort changed meanwhile; reload it",
                                         field="cohort"))
