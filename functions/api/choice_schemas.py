"""Request bodies of choice mode and the mentor pause (pydantic, strict)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import StringConstraints

from functions.api.schemas import _Strict, text

Id = text(64, 1)


class RequestIn(_Strict):
    mentor: Id


class DecisionIn(_Strict):
    decision: Literal["accept", "decline"]


class PauseIn(_Strict):
    cohort: Id
    #: ISO date (YYYY-MM-DD), today or later; null resumes.
    until: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]]


class RankingIn(_Strict):
    #: Optional when she ranks in one cohort only.
    cohort: Optional[Id] = None
    #: Ids, first choice first: a mentee's suggested mentors (at most the
    #: program's N), or a mentor's mentees among those who ranked her.
    ranked: list[Id]
