"""Builders for API tests: a program with a questionnaire and an open cohort."""
from functions.db import program_admin, programs
from functions.vocab import lifecycle
from functions.vocab.lifecycle import DRAFT

QUESTIONS = [
    {"id": "wants", "label": "Grow in", "type": "multi_choice",
     "options": ["python", "sql", "leadership"], "required": True, "roles": ["mentee"]},
    {"id": "offers", "label": "Help with", "type": "multi_choice",
     "options": ["python", "sql", "leadership"], "required": True, "roles": ["mentor"]},
    {"id": "department", "label": "Department", "type": "choice",
     "options": ["Data", "Sales"], "required": True, "roles": ["mentor", "mentee"]},
    {"id": "level", "label": "Level", "type": "scale", "min": 1, "max": 5,
     "required": False, "roles": ["mentor", "mentee"]},
    {"id": "years", "label": "Years", "type": "number", "min": 0, "max": 60,
     "required": False, "roles": ["mentor", "mentee"]},
    {"id": "bio", "label": "Bio", "type": "long_text", "required": False,
     "roles": ["mentor", "mentee"]},
]


def make_cohort(status="enrolling", cohort_id="c1", program_id="p1", name="Spring"):
    if not programs.get_program_or_none(program_id):
        programs.create_program("Test program", id=program_id,
                             questionnaire={"questions": QUESTIONS})
    program_admin.create_cohort(program_id, name=name, id=cohort_id,
                                enrollment_closes="2030-01-01")
    walk_to(cohort_id, status)
    return cohort_id


def walk_to(cohort_id: str, status: str) -> None:
    """Move a new (draft) cohort to ``status`` along the life cycle's shortest
    path, through the same status mover the admin's page uses."""
    for step in lifecycle.path(DRAFT, status)[1:]:
        programs.move_status(cohort_id, step)


def mentee(**over):
    body = {"role": "mentee", "name": "Maya Mentee", "email": "maya@example.org",
            "consent": True, "answers": {"wants": ["python"], "department": "Sales"}}
    body.update(over)
    return body


def mentor(**over):
    body = {"role": "mentor", "name": "Omar Mentor", "email": "omar@example.org",
            "consent": True, "capacity": 2,
            "answers": {"offers": ["python", "sql"], "department": "Data", "level": 4}}
    body.update(over)
    return body


def enrolled_id(email: str, cohort_id: str = "c1") -> str:
    """The id a public enrolment stored (its answer names nobody: 202 alike)."""
    from functions.db.participants import Participant
    return Participant.get(cohort_id, email.strip().lower()).id


def engine_matches(matches) -> list[dict]:
    """A proposal's matches as the engine wrote them: without the page's
    ``locked`` and ``forbidden`` marks."""
    return [{k: v for k, v in m.items() if k not in ("locked", "forbidden")} for m in matches]
