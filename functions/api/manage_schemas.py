"""Request bodies of the program-management API (pydantic, loaded with the first write)."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import AliasChoices, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from functions.api.schemas import Bio, JobTitle, text
from functions.vocab.lifecycle import PROGRAM_TYPES
from functions.vocab.matching import MODES

Text = text(120, 1)
Long = text(2000, lines=True)
Id = text(64, 1)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ProgramIn(_In):
    name: Text
    type: Literal[tuple(PROGRAM_TYPES)] = "one_to_one"  # type: ignore[valid-type]
    description: Long = ""
    matching_mode: Literal[MODES] = "admin"  # type: ignore[valid-type]
    #: Stable mode: how many of her suggestions a mentee ranks (default 5).
    stable_choices: Optional[int] = Field(default=None, ge=1, le=20)
    #: Goals may be set on self-identification groups; enrolment's consent says so.
    self_id_goals: bool = False
    questionnaire: Optional[dict[str, Any]] = None
    #: Labels to self-assess (checked by ``domain.validation.check_skill_list``).
    skills: Optional[list[Any]] = None


class ProgramEdit(_In):
    name: Optional[Text] = None
    type: Optional[Literal[tuple(PROGRAM_TYPES)]] = None  # type: ignore[valid-type]
    description: Optional[Long] = None
    matching_mode: Optional[Literal[MODES]] = None  # type: ignore[valid-type]
    stable_choices: Optional[int] = Field(default=None, ge=1, le=20)
    #: Goals may be set on self-identification groups; enrolment's consent says so.
    self_id_goals: Optional[bool] = None
    questionnaire: Optional[dict[str, Any]] = None
    skills: Optional[list[Any]] = None
    version: Optional[int] = None


def _date_field(*names: str):
    return Field(default=None, validation_alias=AliasChoices(*names))


class CohortIn(_In):
    name: Text
    enrolment_opens: Optional[str] = _date_field("enrolment_opens", "enrollment_opens")
    enrolment_closes: Optional[str] = _date_field("enrolment_closes", "enrollment_closes")
    matching_at: Optional[str] = None
    min_score: Optional[float] = Field(default=None, ge=0, le=100)


class CohortEdit(CohortIn):
    name: Optional[Text] = None


class ParticipantEdit(_In):
    name: Optional[Text] = None
    capacity: Optional[int] = Field(default=None, ge=1, le=10)
    answers: Optional[dict[str, Any]] = None
    #: null or "" clears it.
    job_title: JobTitle = None
    bio: Bio = None


class EmailIn(_In):
    #: One address: a list ("a@x, b@y") or a line break would reach two people
    #: or break the message's headers.
    email: EmailStr


class AcceptIn(_In):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class AdjustmentIn(_In):
    kind: Literal["lock", "forbid"]
    mentee: Id
    mentor: Id
    #: Undo the lock or forbid of this pair.
    remove: bool = False
