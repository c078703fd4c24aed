"""The matching policy's shape as pydantic models, run by ``policy.validate``.

Imported when a policy is checked (``policy.validate`` imports it), not at
start: cold paths that only read a policy skip pydantic. Every refusal keeps
the editor's words: a field's type and range errors are said once per field
(``WORDS``), and the checks that need the program's questionnaire or the
other criteria (a question's roles, a name used twice) run with it as the
validation context and raise their own words.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError,
    ValidationInfo, field_validator, model_validator,
)
from pydantic_core import PydanticCustomError

from functions.errors import Invalid
from functions.vocab import text
from functions.vocab.matching import CRITERION_TYPES as TYPES, MODES, PARAMS

#: A policy's fields and a criterion's, in words for any error of their type or range.
WORDS = {
    "criteria": "give at least one criterion",
    "name": "give the criterion a name",
    "weight": "a number 0 or more",
    "required": "true or false",
    "min_score": "a number from 0 to 100",
    "mode": f"one of {', '.join(MODES)}",
    "confirmed": "the keys of the flags to keep as they are (at most 50)",
}
#: What a criterion keeps; anything else sent with it is dropped.
KEPT = ("name", "type", "field", "mentee_field", "mentor_field", "weight", "required",
        "target", "scale")
#: Unknown keys are dropped, not refused (the editor sends its own); values
#: are not coerced: ``"2"`` is not a weight nor ``1`` a ``required``.
_CONFIG = ConfigDict(strict=True, extra="ignore")


def _refuse(message: str, field: str | None = None) -> PydanticCustomError:
    """An error in the editor's words; ``field``: a criterion's field it is about
    (raised by the criterion as a whole, whose location lacks it)."""
    return PydanticCustomError("policy", "{message}", {"message": message, "field": field})


def _name(name: str, info: ValidationInfo) -> str:
    if not name.strip():
        raise _refuse(WORDS["name"])
    try:
        text.check(name)
    except ValueError as exc:
        raise _refuse(str(exc)) from None
    seen = info.context["names"]  # the criteria before this one
    if name in seen:
        raise _refuse(f"{name!r} is used twice")
    seen.add(name)
    return name


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Criterion(BaseModel):
    model_config = _CONFIG

    name: Annotated[str, AfterValidator(_name)]
    type: Literal[tuple(TYPES)] = Field(None, validate_default=True)
    weight: float = Field(1, ge=0, allow_inf_nan=False)
    required: bool = False
    field: Any = None
    mentee_field: Any = None
    mentor_field: Any = None
    target: Any = None
    scale: Any = None

    @model_validator(mode="after")
    def _fits_the_questionnaire(self, info: ValidationInfo) -> "Criterion":
        answered = info.context["answered"]
        sides = {"mentee": self.mentee_field if "mentee_field" in self.model_fields_set
                 else self.field,
                 "mentor": self.mentor_field if "mentor_field" in self.model_fields_set
                 else self.field}
        if TYPES[self.type] == "mentee":
            sides = {"mentee": sides["mentee"]}
        for role, question in sides.items():
            key = f"{role}_field" if f"{role}_field" in self.model_fields_set else "field"
            if not isinstance(question, str) or question not in answered:
                raise _refuse(f"{question!r} is not a question of this program's "
                              "questionnaire", key)
            if role not in answered[question]:
                raise _refuse(f"{role}s are not asked {question!r}", key)
        param = PARAMS.get(self.type)
        value = getattr(self, param) if param else None
        if param and (not _number(value) or value == 0 or (self.type == "near" and value < 0)):
            raise _refuse("a number other than 0" + (" and above 0" if self.type == "near"
                                                      else ""), param)
        return self


class Policy(BaseModel):
    model_config = _CONFIG

    criteria: Annotated[list[Criterion], Field(min_length=1)]
    min_score: float = Field(0, ge=0, le=100, allow_inf_nan=False)
    mode: Literal[MODES] = "admin"
    confirmed: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=300)]],
                         Field(max_length=50)] = []

    @field_validator("criteria")
    @classmethod
    def _one_counts(cls, criteria: list[Criterion]) -> list[Criterion]:
        if not any(c.weight > 0 for c in criteria):
            raise _refuse("at least one criterion needs a weight above 0")
        return criteria


def _where(loc: tuple) -> str:
    """``("criteria", 2, "weight")`` as the editor names it: ``criteria[2].weight``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _refusal(err: dict) -> Invalid:
    loc, ctx = tuple(err["loc"]), err.get("ctx") or {}
    if loc[:1] == ("confirmed",):
        loc = loc[:1]  # the list as a whole, not the key
    if err["type"] == "policy":
        where = _where(loc + ((ctx["field"],) if ctx.get("field") else ()))
        return Invalid(f"{where}: {ctx['message']}", field=where)
    where = _where(loc)
    if len(loc) == 2:  # a criterion that is not an object
        return Invalid(f"{where} must be an object", field=where)
    if loc[-1] == "type":
        return Invalid(f"{where}: {err['input']!r} is not one of {', '.join(TYPES)}",
                       field=where)
    return Invalid(f"{where}: {WORDS[loc[-1]]}", field=where)


def check(policy: dict, answered: dict[str, set[str]]) -> Policy:
    """The policy as a model, or ``Invalid`` naming its first bad field.
    ``answered``: the questionnaire's ids and the roles asked each."""
    try:
        return Policy.model_validate(policy, context={"answered": answered, "names": set()})
    except ValidationError as exc:
        raise _refusal(exc.errors()[0]) from None
