"""Deterministic demo data: one program, one open cohort, 40 mentors, 120 mentees."""
from __future__ import annotations

import random
import unicodedata

from functions.db import participants, program_admin, programs
from functions.vocab.lifecycle import ENROLLING, MATCHING

SKILLS = ["python", "sql", "data analysis", "machine learning", "system design",
          "frontend", "cloud infrastructure", "security", "product thinking",
          "public speaking", "leadership", "career growth", "negotiation",
          "writing", "people management", "testing"]
LANGUAGES = ["English", "German", "French", "Spanish", "Portuguese", "Hindi", "Japanese"]
DEPARTMENTS = ["Engineering", "Data", "Product", "Design", "Sales", "Marketing",
               "Finance", "People", "Operations", "Support", "Legal", "Research"]
OFFICES = ["Berlin", "Lisbon", "London", "New York", "Bangalore", "Tokyo", "Remote"]
OFFICE_UTC = {"Berlin": 1, "Lisbon": 0, "London": 0, "New York": -5, "Bangalore": 5.5,
              "Tokyo": 9, "Remote": 0}
FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Farah", "Gustavo", "Hana", "Ines",
         "Jonas", "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin",
         "Rosa", "Sami", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë",
         "Aiko", "Bruno", "Carmen", "Dmitri", "Emeka", "Freya", "Goran", "Hugo"]
LAST = ["Almeida", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
        "Iyer", "Jansen", "Kowalski", "López", "Müller", "Nakamura", "Okafor", "Petrov",
        "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Williams", "Yilmaz"]

QUESTIONS = [
    {"id": "wants", "label": "What would you like to grow in?", "type": "multi_choice",
     "options": SKILLS, "required": True, "roles": ["mentee"]},
    {"id": "offers", "label": "What can you help with?", "type": "multi_choice",
     "options": SKILLS, "required": True, "roles": ["mentor"]},
    {"id": "languages", "label": "Languages you are comfortable mentoring in",
     "type": "multi_choice", "options": LANGUAGES, "required": True,
     "roles": ["mentor", "mentee"]},
    {"id": "department", "label": "Your department", "type": "choice",
     "options": DEPARTMENTS, "required": True, "roles": ["mentor", "mentee"]},
    {"id": "seniority", "label": "Your level (1 = new starter, 6 = executive)",
     "type": "scale", "min": 1, "max": 6, "required": True, "roles": ["mentor", "mentee"]},
    {"id": "utc_offset", "label": "Your time zone as hours from UTC", "type": "number",
     "min": -12, "max": 14, "required": True, "roles": ["mentor", "mentee"]},
    {"id": "office", "label": "Your office", "type": "choice", "options": OFFICES,
     "required": False, "roles": ["mentor", "mentee"]},
    {"id": "goals", "label": "What do you hope to get from the program?",
     "type": "long_text", "required": False, "roles": ["mentee"]},
]

CRITERIA = [
    {"name": "skills", "type": "overlap", "mentee_field": "wants",
     "mentor_field": "offers", "weight": 40},
    {"name": "language", "type": "share", "field": "languages", "weight": 10, "required": True},
    {"name": "department", "type": "differ", "field": "department", "weight": 10},
    {"name": "level", "type": "gap", "field": "seniority", "target": 2, "weight": 20},
    {"name": "time zone", "type": "near", "field": "utc_offset", "scale": 6, "weight": 15},
    {"name": "office", "type": "same", "field": "office", "weight": 5},
]

GOALS = ["Get ready for a team-lead role.", "Learn to give better code reviews.",
         "Move from support into engineering.", "Build confidence presenting to executives.",
         "Understand how our products make money.", "", ""]

PROGRAM_ID = "demo-engineering"
COHORT_ID = "demo-2027-spring"


def _ascii(text: str) -> str:
    """"chloé" -> "chloe": demo addresses stay plain ASCII."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _person(rng: random.Random, role: str, n: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    office = rng.choice(OFFICES)
    langs = ["English"] if rng.random() < 0.85 else []
    langs += rng.sample([lang for lang in LANGUAGES if lang != "English"], rng.choice([0, 1, 1, 2]))
    if not langs:
        langs = [rng.choice(LANGUAGES)]
    # Skewed popularity: earlier skills are asked for more often.
    weights = [1 / (i + 1) ** 0.8 for i in range(len(SKILLS))]
    skills = sorted(set(rng.choices(SKILLS, weights=weights, k=rng.randint(2, 4))),
                    key=SKILLS.index)
    answers = {
        "languages": langs,
        "department": rng.choice(DEPARTMENTS),
        "seniority": rng.randint(3, 6) if role == "mentor" else rng.randint(1, 4),
        "utc_offset": OFFICE_UTC[office] if office != "Remote" else rng.choice([-8, -3, 0, 2, 8]),
        "office": office,
    }
    if role == "mentor":
        answers["offers"] = skills
    else:
        answers["wants"] = skills
        goal = rng.choice(GOALS)
        if goal:
            answers["goals"] = goal
    return {"role": role, "name": f"{first} {last}",
            "email": _ascii(f"{first}.{last}.{n}@example.org".lower()),
            "answers": answers, "capacity": rng.choice([1, 2, 2, 3, 4]) if role == "mentor" else None}


def people(mentors: int = 40, mentees: int = 120, seed: int = 2027) -> list[dict]:
    rng = random.Random(seed)
    return ([_person(rng, "mentor", i) for i in range(mentors)] +
            [_person(rng, "mentee", mentors + i) for i in range(mentees)])


def load(mentors: int = 40, mentees: int = 120, settings=None) -> dict:
    """Create the demo program and cohort and enrol everyone. Run on an empty store.
    With ``settings`` (``tandem serve``'s), also a published cohort whose pairs
    keep journals (``demo_journal``), matched by the real engine."""
    programs.create_program(
        "Engineering Mentoring", id=PROGRAM_ID, type="one_to_one",
        description="Pairs people across departments with someone two levels more "
                    "senior who has the skills they want to grow.",
        questionnaire={"questions": QUESTIONS}, criteria=CRITERIA)
    program_admin.create_cohort(PROGRAM_ID, name="Spring 2027", id=COHORT_ID,
                                enrollment_closes="2027-03-01", matching_at="2027-03-02",
                                min_score=30)
    programs.move_status(COHORT_ID, ENROLLING)
    for p in people(mentors, mentees):
        participants.enroll(COHORT_ID, self_id=None, **p)
    for program in OTHER_PROGRAMS:
        _load_small(program)
    if settings is not None:
        from functions.local import demo_journal
        demo_journal.load(settings, PROGRAM_ID, people(6, 14, seed=2026))
        from functions.local import demo_choice
        demo_choice.load(settings, QUESTIONS, CRITERIA, people(5, 12, seed=2028))
    return {"program": PROGRAM_ID, "cohort": COHORT_ID, "mentors": mentors, "mentees": mentees}


#: One program of each other type, with a small cohort whose enrolment has
#: closed, ready for "Match now" on the admin's matching page.
OTHER_PROGRAMS = [
    {"id": "demo-circles", "name": "Leadership Circles", "type": "group",
     "description": "A senior leader guides a small group of people growing into leadership.",
     "criteria": [c for c in CRITERIA if c["name"] != "office"], "capacity": (3, 5)},
    {"id": "demo-reverse", "name": "Reverse Mentoring: Tools and Trends", "type": "reverse",
     "description": "Newer colleagues mentor executives on the tools and trends they know best.",
     "criteria": [dict(c, target=-2) if c["type"] == "gap" else c for c in CRITERIA],
     "capacity": (1, 2)},
]


def _load_small(program: dict, mentors: int = 8, mentees: int = 24) -> None:
    cohort_id = f"{program['id']}-2027"
    programs.create_program(program["name"], id=program["id"], type=program["type"],
                            description=program["description"],
                            questionnaire={"questions": QUESTIONS}, criteria=program["criteria"])
    program_admin.create_cohort(program["id"], name="2027", id=cohort_id,
                                enrollment_closes="2027-01-15", matching_at="2027-01-16")
    programs.move_status(cohort_id, ENROLLING)
    rng = random.Random(program["id"])
    low, high = program["capacity"]
    reverse = program["type"] == "reverse"
    for p in people(mentors, mentees, seed=len(program["id"])):
        if p["role"] == "mentor":
            p["capacity"] = rng.randint(low, high)
        if reverse:  # juniors mentor seniors
            p["answers"]["seniority"] = 7 - p["answers"]["seniority"]
        participants.enroll(cohort_id, self_id=None, **p)
    programs.move_status(cohort_id, MATCHING)
