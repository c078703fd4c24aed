"""The API's request bodies as pydantic models; the shared pieces (typed text,
strict models, ``parse``, questionnaire answers) are ``functions.domain.validation``.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, EmailStr, Field, StringConstraints
from pydantic_core import PydanticCustomError

from functions.domain import profiles
from functions.vocab.self_id import AGE_RANGES  # one list for the form and for goals
from functions.domain.validation import (  # noqa: F401  (parse, STRICT, validate_answers: used through this module)
    STRICT, Name, ShortText, _Strict, parse, text, validate_answers,
)


def _profile(field: str):
    """A profile field (``profiles.clean``): stripped, empty is None, its
    refusal in the form's words."""
    def check(value: str | None) -> str | None:
        try:
            return profiles.clean(field, value)
        except ValueError as exc:
            raise PydanticCustomError("profile", str(exc)) from None
    return Annotated[Optional[str], AfterValidator(check)]


JobTitle = _profile("job_title")
Bio = _profile("bio")



class SelfIdIn(_Strict):
    consent: bool
    #: The consent wording she saw said the program's goals use the answers
    #: (the page shows it when the program has turned that on).
    for_goals: Optional[bool] = None
    gender: Optional[ShortText] = None
    age_range: Optional[Literal[AGE_RANGES]] = None  # type: ignore[valid-type]
    ethnicity: Optional[ShortText] = None


class EnrollmentIn(_Strict):
    role: Literal["mentor", "mentee"]
    name: Name
    email: EmailStr
    answers: dict[str, Any] = Field(default_factory=dict)
    consent: bool
    capacity: Optional[int] = Field(default=None, ge=1, le=10)
    self_id: Optional[SelfIdIn] = None
    job_title: JobTitle = None
    bio: Bio = None
    #: Optional ``{skill: 1..5}``, checked against the program's skills.
    self_assessment: Optional[dict[str, Any]] = None
    #: A mentor's optional readiness check, ``{question: answer}`` (functions.vocab.readiness).
    readiness: Optional[dict[str, text(40, 1)]] = None


class LoginIn(_Strict):
    email: text(254, 1)
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


