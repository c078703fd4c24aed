"""Request bodies of the participant API (pydantic, strict: a value of the
wrong JSON type is 422, never coerced). Limits are in characters."""
from __future__ import annotations

from typing import Annotated, Any, Optional, Union

from pydantic import EmailStr, Field, StringConstraints

from functions.api.schemas import _Strict, text as _text


Title = _text(200, 1)
Rating = Annotated[int, Field(ge=1, le=5)]


class SignInIn(_Strict):
    email: EmailStr


class TokenIn(_Strict):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class GoalIn(_Strict):
    title: Title
    success: _text(2000, lines=True) = ""
    #: ISO date (YYYY-MM-DD); checked to be today or later by the domain.
    target_date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class GoalPatch(_Strict):
    version: int
    title: Optional[Title] = None
    success: Optional[_text(2000, lines=True)] = None
    target_date: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]] = None
    #: Opt-in: the program team may see this goal once it is reached.
    shared: Optional[bool] = None


class CommentIn(_Strict):
    text: _text(2000, 1, lines=True)


class GoalOrderIn(_Strict):
    """Every goal id of the match once, most important first; the order's
    ``version`` as read (None before one was saved)."""
    order: Annotated[list[_text(40, 1)], Field(max_length=100)]
    version: Optional[int] = None


class MilestoneIn(_Strict):
    title: Title


class MilestonePatch(_Strict):
    done: Optional[bool] = None
    title: Optional[Title] = None
    #: Optional: ticking a box twice is harmless; given, a stale one is 409.
    version: Optional[int] = None


#: ISO 8601 with its offset from UTC ("2027-01-04T09:30:00+01:00", or "…Z").
Start = Annotated[str, StringConstraints(min_length=16, max_length=40)]
#: An IANA time zone name ("Europe/Paris"), checked by the domain.
TimeZone = _text(64, 1)
Place = _text(500)


class MeetingIn(_Strict):
    """A meeting held (``date``), or one to plan (``planned``, ``start``):
    a planned one sends both people a calendar invitation."""
    planned: bool = False
    #: The day it was held; not for a planned meeting.
    date: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]] = None
    start: Optional[Start] = None
    time_zone: Optional[TimeZone] = None
    place: Place = ""
    minutes: Annotated[int, Field(ge=1, le=1440)]
    topics: Union[Annotated[list[_text(120, 1)], Field(max_length=20)], _text(500)] = ""
    notes: _text(5000, lines=True) = ""
    shared: bool = False


class MeetingPatch(_Strict):
    version: int
    date: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]] = None
    #: A planned meeting moves by its start (everyone gets the update).
    start: Optional[Start] = None
    time_zone: Optional[TimeZone] = None
    place: Optional[Place] = None
    minutes: Optional[Annotated[int, Field(ge=1, le=1440)]] = None
    topics: Optional[Union[Annotated[list[_text(120, 1)], Field(max_length=20)],
                           _text(500)]] = None
    notes: Optional[_text(5000, lines=True)] = None
    shared: Optional[bool] = None


class FeedbackIn(_Strict):
    rating: Rating
    text: _text(2000, lines=True) = ""
    #: In a group, the member it is for; absent: every partner.
    to: Optional[_text(64, 1)] = None


class CheckInIn(_Strict):
    satisfaction: Rating
    meeting: bool
    flag: _text(1000, lines=True) = ""


class ClosureSurvey(_Strict):
    satisfaction: Rating
    goals_met: Optional[Annotated[str, StringConstraints(pattern=r"^(yes|partly|no)$")]] = None
    comment: _text(2000, lines=True) = ""


class ClosureIn(_Strict):
    reason: _text(500, 1, lines=True)
    survey: ClosureSurvey
    #: Asks the admin for a new partner as well.
    rematch: bool = False


class SelfAssessmentIn(_Strict):
    cohort: _text(64, 1)
    stage: Annotated[str, StringConstraints(pattern=r"^(before|after)$")]
    #: ``{skill: 1..5}``, checked against the program's skills by the domain.
    ratings: dict[str, Any]


class ResourceDoneIn(_Strict):
    done: bool


class EraseIn(_Strict):
    confirm: bool

