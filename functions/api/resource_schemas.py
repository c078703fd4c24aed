"""Request bodies of a program's resources (admin), pydantic, strict."""
from __future__ import annotations

from typing import Literal, Optional

from functions.api.schemas import _Strict, text as _text

Stage = Literal["first-meeting", "first-month", "mid-point", "closing"]
Audience = Literal["mentor", "mentee", "both"]


class ResourceIn(_Strict):
    """A link (``url``) or a short text (``text``), one of the two."""
    title: _text(200, 1)
    url: Optional[_text(2000, 1)] = None
    text: Optional[_text(4000, 1, lines=True)] = None
    audience: Audience = "both"
    stage: Stage
    #: Training mentors are asked to finish before matching.
    required: bool = False


class ResourcePatch(_Strict):
    #: Optional: given, a stale one is 409.
    version: Optional[int] = None
    title: Optional[_text(200, 1)] = None
    url: Optional[_text(2000, 1)] = None
    text: Optional[_text(4000, 1, lines=True)] = None
    audience: Optional[Audience] = None
    stage: Optional[Stage] = None
    required: Optional[bool] = None
