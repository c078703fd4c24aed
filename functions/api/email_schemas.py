"""Request body of a program's e-mail template (admin), pydantic, strict."""
from __future__ import annotations

from typing import Annotated, Optional

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from functions.api.schemas import _Strict, text as _text
from functions.domain import email_colour
from functions.domain.program_emails import BODY_MAX, SUBJECT_MAX


def _colour(value: str) -> str:
    try:
        return email_colour.check(value)
    except ValueError as exc:
        raise PydanticCustomError("colour", str(exc)) from None


class EmailTemplateIn(_Strict):
    """A subject (one line) and a body, Jinja2 with the kind's placeholders."""
    subject: _text(SUBJECT_MAX, 1)
    body: _text(BODY_MAX, 1, lines=True)


class ColourIn(_Strict):
    """The colour heading the program's e-mails, ``#rrggbb``, dark enough
    for white text (contrast 4.5:1 or more); null: Tandem's own."""
    colour: Optional[Annotated[str, AfterValidator(_colour)]]
