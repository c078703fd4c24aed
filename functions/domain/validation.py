"""Validation with pydantic, shared by the API's request bodies and the
domain's own checks (questionnaires, answers, the participant import): typed
text, strict models, and refusals in the words of the form.

Chosen because it gives typed, declarative checks with precise error locations
(which become the ``field`` of a 422) and builds validators for questionnaires
defined at run time (``create_model``), so no check here is hand-written.
Imported when a check runs, not at start: cold starts that only read skip
pydantic.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter,
    ValidationError, ValidationInfo, create_model,
)
from pydantic_core import PydanticCustomError

from functions.errors import Invalid
from functions.vocab import skills, text as text_rules


def _text_rule(lines: bool) -> AfterValidator:
    def check(value: str) -> str:
        try:
            return text_rules.check(value, lines=lines)
        except ValueError as exc:
            raise PydanticCustomError("control_character", str(exc)) from None
    return AfterValidator(check)


_ONE_LINE, _LINES = _text_rule(False), _text_rule(True)


def text(max_length: int, min_length: int = 0, *, lines: bool = False):
    """Typed text, stripped: one line (a name, a title, a label) unless
    ``lines`` (a description, notes); never other control characters
    (``functions.vocab.text``)."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length,
                                            max_length=max_length),
                     _LINES if lines else _ONE_LINE]


Name = text(120, 1)
ShortText = text(120)


#: Unknown fields are refused, and so is any value of the wrong JSON type
#: (``"yes"`` or ``1`` for a boolean, ``true`` or ``"2"`` for a number):
#: pydantic's lax mode would coerce them and a typo would pass as consent.
STRICT = ConfigDict(extra="forbid", strict=True)


class _Strict(BaseModel):
    model_config = STRICT


def parse(model: type[BaseModel], data: Any, prefix: str = "") -> BaseModel:
    """Validate ``data`` against ``model``; raise Invalid naming the first bad field."""
    if not isinstance(data, dict):
        raise Invalid("the request body must be a JSON object", field=prefix.rstrip(".") or None)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        # Without the tag of a union's branch ("list[constrained-str]"): no field has one.
        field = prefix + ".".join(str(p) for p in err["loc"]
                                  if not (isinstance(p, str) and p.endswith("]") and "[" in p))
        raise Invalid(f"{field}: {plain(err)}", field=field) from None


_TYPE_WORDS = {"bool_type": "must be true or false", "int_type": "must be a whole number",
               "float_type": "must be a number", "string_type": "must be text",
               "list_type": "must be a list", "dict_type": "must be an object"}


def plain(err: dict) -> str:
    """pydantic's message in words meant for the person filling in the form."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing":
        return "this is required"
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    if kind == "extra_forbidden":
        return "this is not a question of this form"
    if kind == "literal_error":
        return f"choose one of the options offered ({ctx.get('expected', '')})"
    if kind == "string_too_short":
        return "this is required" if ctx.get("min_length") == 1 else err["msg"]
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "choose at least one"
    if kind == "value_error" and "email" in err["msg"]:
        return "this is not a valid e-mail address"
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind.startswith('greater') else 'at most'} {limit}"
    return err["msg"]


def _answer_type(q: dict):
    kind = q.get("type")
    required = bool(q.get("required"))
    if kind in ("text", "long_text"):
        return text(500 if kind == "text" else 5000, 1 if required else 0,
                    lines=kind == "long_text")
    if kind == "choice":
        return Literal[tuple(q["options"])]
    if kind == "multi_choice":
        return Annotated[list[Literal[tuple(q["options"])]],
                         Field(min_length=1 if required else 0, max_length=len(q["options"]))]
    if kind == "number":
        return Annotated[float, Field(ge=q.get("min"), le=q.get("max"), allow_inf_nan=False)]
    if kind == "scale":
        return Annotated[int, Field(ge=q.get("min", 1), le=q.get("max", 5))]
    raise ValueError(f"unknown question type {kind!r}")


@lru_cache(maxsize=64)
def _answers_model(questions_key: str, role: str) -> type[BaseModel]:
    questions = [q for q in json.loads(questions_key) if role in q.get("roles", ["mentor", "mentee"])]
    fields = {}
    for i, q in enumerate(questions):
        tp = _answer_type(q)
        if q.get("required"):
            fields[f"q{i}"] = (tp, Field(alias=q["id"]))
        else:
            fields[f"q{i}"] = (Optional[tp], Field(default=None, alias=q["id"]))
    return create_model(f"Answers_{role}", __config__=STRICT, **fields)


def answer_errors(questions: list[dict], role: str, answers: dict) -> tuple[dict, list]:
    """Like ``validate_answers`` but every problem at once: (clean answers,
    [(question id, message)]); the clean answers are empty when any is bad."""
    model = _answers_model(json.dumps(questions, sort_keys=True), role)
    try:
        clean = model.model_validate(answers)
    except ValidationError as exc:
        # By question (a CSV column), not by item: "wants", not "wants.1".
        return {}, [(str(e["loc"][0]), plain(e)) for e in exc.errors()]
    return {k: v for k, v in clean.model_dump(by_alias=True).items() if v is not None}, []


def validate_answers(questions: list[dict], role: str, answers: dict) -> dict:
    """Check answers against the questionnaire for a role; return the clean ones."""
    model = _answers_model(json.dumps(questions, sort_keys=True), role)
    clean = parse(model, answers, prefix="answers.")
    return {k: v for k, v in clean.model_dump(by_alias=True).items() if v is not None}


# -- a program's skills and the ratings on them (``functions.vocab.skills``) -----------

def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("refused", "{message}", {"message": message})


def _skill_label(label: str, info: ValidationInfo) -> str:
    """A label to rate: named, one line, at most MAX_LABEL characters once
    trimmed, and not one listed before it (compared without regard to case)."""
    label = label.strip()
    if not label:
        raise _refuse("a skill needs a name")
    try:
        text_rules.check(label)
    except ValueError as exc:
        raise _refuse(str(exc)) from None
    if len(label) > skills.MAX_LABEL:
        raise _refuse(f"at most {skills.MAX_LABEL} characters")
    seen = info.context["seen"]  # the labels before this one
    if label.casefold() in seen:
        raise _refuse(f"{label!r} is listed twice")
    seen.add(label.casefold())
    return label


#: 1 to MAX_SKILLS labels; the count is checked before any label.
SkillList = Annotated[list[Any], Field(min_length=1, max_length=skills.MAX_SKILLS),
                      AfterValidator(lambda labels, info: _SKILL_LABELS.validate_python(
                          labels, strict=True, context=info.context))]
_SKILL_LABELS = TypeAdapter(list[Annotated[str, AfterValidator(_skill_label)]])
_SKILL_LIST = TypeAdapter(SkillList)


def check_skill_list(labels: Any, field: str = "skills") -> list[str]:
    """1 to 8 unique, non-empty labels of at most 60 characters (compared
    without regard to case or surrounding spaces); returns them trimmed, or
    ``Invalid`` naming ``field`` or ``field.<i>``."""
    try:
        return _SKILL_LIST.validate_python(labels, strict=True, context={"seen": set()})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in (field, *err["loc"]))
        if err["type"] == "refused":
            said = err["ctx"]["message"]
        elif err["loc"]:
            said = "a skill needs a name"  # not text
        elif err["type"] == "too_long":
            said = f"at most {skills.MAX_SKILLS} skills"
        else:
            said = "give at least one skill to rate"
        raise Invalid(f"{where}: {said}", field=where) from None


def _known_skill(skill: str, info: ValidationInfo) -> str:
    known = info.context["skills"]
    if skill not in known:
        raise _refuse(f"not a skill of this program ({', '.join(known)})")
    return skill


#: ``{skill: 1..5}``, at least one; ``1`` and not ``true``, ``"3"`` nor ``3.0``.
_RATINGS = TypeAdapter(Annotated[
    dict[Annotated[str, AfterValidator(_known_skill)],
         Annotated[int, Field(ge=skills.LOW, le=skills.HIGH)]],
    Field(min_length=1)])


def check_ratings(known: list[str], ratings: Any, field: str = "self_assessment") -> dict[str, int]:
    """``{skill: 1..5}`` for skills of the program (at least one); ``Invalid``
    naming ``field.<skill>`` for an unknown skill or a value that is not 1–5."""
    try:
        return _RATINGS.validate_python(ratings, strict=True, context={"skills": known})
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err["loc"]:
            said = ("rate at least one skill" if err["type"] == "too_short"
                    else "must be an object of skill: rating")
            raise Invalid(f"{field}: {said}", field=field) from None
        where = f"{field}.{err['loc'][0]}"  # the skill, as a key ("[key]") or for its value
        said = (err["ctx"]["message"] if err["type"] == "refused"
                else f"a whole number from {skills.LOW} to {skills.HIGH}")
        raise Invalid(f"{where}: {said}", field=where) from None
