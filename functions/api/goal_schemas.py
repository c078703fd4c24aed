"""Request body of a program's goals (pydantic, strict; loaded with the
first write, like ``manage_schemas``)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from functions.api.schemas import _Strict, text


class ProgramGoalIn(_Strict):
    kind: Literal["reach", "parity", "mix"]
    #: A single-choice question's id (reach, parity).
    question: Optional[text(64, 1)] = None
    #: One of the question's options (reach).
    group: Optional[text(200, 1)] = None
    #: At least this % (reach: of the mentees; mix: of the pairs).
    share: Optional[float] = Field(default=None, ge=0, le=100)
    #: Every group's matched rate within this many points of the cohort's (parity).
    points: Optional[float] = Field(default=None, ge=0, le=100)
    #: The name of a criterion of the program's policy (mix).
    criterion: Optional[text(120, 1)] = None
    #: The proposal must meet it (parity, mix).
    binding: bool = False


class GoalsIn(_Strict):
    """The whole list (a bare list is read as ``{"goals": list}``), and the
    version the editor started from (a save on top of a newer one is 409)."""
    goals: list[ProgramGoalIn] = Field(max_length=20)
    version: Optional[int] = Field(default=None, ge=0)
