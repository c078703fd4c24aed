"""Request bodies of the admin's follow-up API (pydantic, strict; loaded with
the first write, like ``manage_schemas``)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import StringConstraints

from functions.api.schemas import _Strict, parse  # noqa: F401  (parse is re-exported)


class FollowUpAction(_Strict):
    action: Literal["acknowledge", "rematch"]
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] = ""
    #: The cohort to enrol the asker in (``rematch`` only).
    cohort: Optional[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                      max_length=64)]] = None
