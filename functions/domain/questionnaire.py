"""Questionnaires: what a program asks, checked when an admin saves it.

A questionnaire is ``{"questions": [...]}`` in the shape ``GET
/api/cohorts/{id}`` serves. This module checks one an admin wrote, gives a
new program a working default (with criteria that use it), and refuses an
edit that would orphan stored answers. Pure: no storage.

The edit rule: a change that would orphan answers people already gave is
**refused with the reason** (422 naming the question): removing a question
somebody answered, removing an option somebody chose, changing the type of
an answered question. Everything else is allowed: labels, order, required,
roles, new questions, new options, wider number ranges, and whether the
answer is shown to the partner after matching (``shown_to_partner``, which
``functions.domain.profiles`` reads).
"""
from __future__ import annotations

import re
from functools import cache

from functions.errors import Invalid

TYPES = ("text", "long_text", "choice", "multi_choice", "number", "scale")
CHOICE_TYPES = ("choice", "multi_choice")
ROLES = ("mentor", "mentee")
#: Question ids are CSV column names and answer keys: short, plain, not a base column.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED_IDS = {"role", "name", "email", "capacity"}
MAX_QUESTIONS = 60
MAX_OPTIONS = 100


@cache
def _question_model():
    """The pydantic model of one question, built on first use: pydantic loads
    with the first write, not with every cold start."""
    from typing import Literal, Optional

    from pydantic import BaseModel, ConfigDict, Field

    from functions.domain.validation import text  # one line, as every name and label
    Label, Option = text(300, 1), text(120, 1)

    class QuestionIn(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)

        id: str
        label: Label
        type: Literal[TYPES]  # type: ignore[valid-type]
        required: bool = False
        roles: list[Literal[ROLES]] = Field(  # type: ignore[valid-type]
            default_factory=lambda: list(ROLES))
        options: Optional[list[Option]] = None
        min: Optional[float] = None
        max: Optional[float] = None
        help: Optional[text(500, lines=True)] = None
        shown_to_partner: bool = False

    return QuestionIn


def _fail(field: str, message: str):
    raise Invalid(f"{field}: {message}", field=field)


def validate(questionnaire: object, prefix: str = "questionnaire") -> dict:
    """The questionnaire in canonical form, or ``Invalid`` naming the bad field
    (``questionnaire.questions[2].options``)."""
    from pydantic import ValidationError

    from functions.domain.validation import plain  # the same words as every other 422
    if not isinstance(questionnaire, dict) or set(questionnaire) - {"questions"}:
        _fail(prefix, "must be an object with a list of questions")
    raw = questionnaire.get("questions", [])
    if not isinstance(raw, list):
        _fail(f"{prefix}.questions", "must be a list")
    if len(raw) > MAX_QUESTIONS:
        _fail(f"{prefix}.questions", f"at most {MAX_QUESTIONS} questions")
    out, seen = [], set()
    for i, item in enumerate(raw):
        where = f"{prefix}.questions[{i}]"
        if not isinstance(item, dict):
            _fail(where, "must be an object")
        try:
            q = _question_model().model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            _fail(".".join([where, *map(str, err["loc"])]), plain(err))
        if not ID_PATTERN.match(q.id) or q.id in RESERVED_IDS:
            _fail(f"{where}.id", "lower-case letters, digits and _ (starting with a letter), "
                  "not role, name, email or capacity")
        if q.id in seen:
            _fail(f"{where}.id", f"{q.id!r} is used by another question")
        seen.add(q.id)
        if not q.roles:
            _fail(f"{where}.roles", "at least one role answers each question")
        clean = {"id": q.id, "label": q.label, "type": q.type, "required": q.required,
                 "roles": [r for r in ROLES if r in q.roles]}
        if q.help:
            clean["help"] = q.help
        if q.shown_to_partner:
            clean["shown_to_partner"] = True
        if q.type in CHOICE_TYPES:
            clean["options"] = _options(q.options, f"{where}.options", q.type)
        elif q.options is not None:
            _fail(f"{where}.options", "only choice questions have options")
        if q.type in ("number", "scale"):
            clean.update(_range(q, where))
        elif q.min is not None or q.max is not None:
            _fail(f"{where}.min", "only number and scale questions have a range")
        out.append(clean)
    return {"questions": out}


def _options(options: list[str] | None, field: str, kind: str) -> list[str]:
    if not options:
        _fail(field, "give at least one option")
    if len(options) > MAX_OPTIONS:
        _fail(field, f"at most {MAX_OPTIONS} options")
    seen = set()
    for j, option in enumerate(options):
        if option.casefold() in seen:
            _fail(f"{field}[{j}]", f"{option!r} is listed twice")
        seen.add(option.casefold())
        if kind == "multi_choice" and ";" in option:
            # ";" separates the choices of a multiple-choice answer in CSV files.
            _fail(f"{field}[{j}]", "an option of a multiple-choice question cannot contain ;")
    return list(options)


def _range(q, where: str) -> dict:
    low, high = q.min, q.max
    if q.type == "scale":
        low = 1 if low is None else low
        high = 5 if high is None else high
        if low != int(low) or high != int(high):
            _fail(f"{where}.min", "a scale runs between whole numbers")
        low, high = int(low), int(high)
    if low is not None and high is not None and low >= high:
        _fail(f"{where}.max", "must be more than min")
    # 0.0 -> 0: the questionnaire reads as it was typed.
    return {k: int(v) if float(v).is_integer() else v
            for k, v in (("min", low), ("max", high)) if v is not None}


def orphans(old: list[dict], new: list[dict], answered: dict[str, set]) -> None:
    """Refuse an edit from ``old`` to ``new`` questions that would orphan answers.

    ``answered`` maps a question id to the values people gave (for choice
    questions, the options chosen; for others, any marker): a question
    missing from it has no answers yet and may change freely.
    """
    by_id = {q["id"]: (i, q) for i, q in enumerate(new)}
    for q in old:
        used = answered.get(q["id"])
        if not used:
            continue
        if q["id"] not in by_id:
            _fail("questionnaire.questions", f"question {q['id']!r} has answers and cannot be "
                  "removed; stored answers would be lost")
        i, after = by_id[q["id"]]
        if after["type"] != q["type"]:
            _fail(f"questionnaire.questions[{i}].type", f"question {q['id']!r} has answers "
                  f"as {q['type']}; its type cannot change")
        if q["type"] in CHOICE_TYPES:
            gone = sorted(v for v in used if v not in set(after.get("options", ())))
            if gone:
                _fail(f"questionnaire.questions[{i}].options", f"option {gone[0]!r} of "
                      f"{q['id']!r} was chosen by participants and cannot be removed")


SKILLS = ["communication", "leadership", "career growth", "project management",
          "technical skills", "public speaking", "negotiation", "writing"]
LANGUAGES = ["English", "French", "German", "Spanish", "Portuguese", "Chinese", "Hindi",
             "Arabic"]


def default_questionnaire() -> dict:
    """What a new program asks unless told otherwise: skills offered and
    wanted, languages, and level, which the default criteria use."""
    return {"questions": [
        {"id": "offers", "label": "What can you help with?", "type": "multi_choice",
         "options": list(SKILLS), "required": True, "roles": ["mentor"]},
        {"id": "wants", "label": "What would you like to grow in?", "type": "multi_choice",
         "options": list(SKILLS), "required": True, "roles": ["mentee"]},
        {"id": "languages", "label": "Languages you can mentor or be mentored in",
         "type": "multi_choice", "options": list(LANGUAGES), "required": True,
         "roles": ["mentor", "mentee"]},
        {"id": "level", "label": "Your level (1 = new starter, 6 = executive)", "type": "scale",
         "min": 1, "max": 6, "required": True, "roles": ["mentor", "mentee"]},
    ]}


def default_criteria(questions: list[dict], program_type: str) -> list[dict]:
    """Criteria that work with ``questions``: skills overlap, a shared language
    (required), and a level gap of 2 (-2 in reverse mentoring, where the
    mentor is the junior). A criterion whose questions are missing is left out."""
    by_id = {q["id"]: q for q in questions}

    def asks(qid: str, kinds: tuple[str, ...], role: str) -> bool:
        q = by_id.get(qid)
        return bool(q) and q["type"] in kinds and role in q.get("roles", ROLES)

    out = []
    if asks("wants", CHOICE_TYPES, "mentee") and asks("offers", CHOICE_TYPES, "mentor"):
        out.append({"name": "skills", "type": "overlap", "mentee_field": "wants",
                    "mentor_field": "offers", "weight": 50})
    if asks("languages", CHOICE_TYPES, "mentee") and asks("languages", CHOICE_TYPES, "mentor"):
        out.append({"name": "language", "type": "share", "field": "languages", "weight": 20,
                    "required": True})
    if asks("level", ("scale", "number"), "mentee") and asks("level", ("scale", "number"),
                                                             "mentor"):
        out.append({"name": "level", "type": "gap", "field": "level",
                    "target": -2 if program_type == "reverse" else 2, "weight": 30})
    return out


def check_can_open(questionnaire: dict | None) -> None:
    """Refuse to open enrolment on a questionnaire that asks nobody anything,
    or leaves a role with no question (422 naming ``questionnaire``)."""
    questions = (questionnaire or {}).get("questions") or []
    if not questions:
        _fail("questionnaire", "the program's questionnaire is empty; add questions "
              "before opening enrolment")
    for role in ROLES:
        if not any(role in q.get("roles", ROLES) for q in questions):
            _fail("questionnaire", f"no question is asked of {role}s; add one before "
                  "opening enrolment")
