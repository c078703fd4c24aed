"""Request bodies of the admin's follow-up API (pydantic, strict; loaded with
the first write, like ``manage_schemas``)."""
from __future__ import annotations

from typing import Literal, Optional

from functions.api.schemas import _Strict, text


class FollowUpAction(_Strict):
    action: Literal["acknowledge", "rematch"]
    note: text(1000, lines=True) = ""
    #: The cohort to enrol the asker in (``rematch`` only).
    cohort: Optional[text(64, 1)] = None
