"""Request body of a program's e-mail template (admin), pydantic, strict."""
from __future__ import annotations

from functions.api.schemas import _Strict, text as _text
from functions.domain.program_emails import BODY_MAX, SUBJECT_MAX


class EmailTemplateIn(_Strict):
    """A subject (one line) and a body, Jinja2 with the kind's placeholders."""
    subject: _text(SUBJECT_MAX, 1)
    body: _text(BODY_MAX, 1, lines=True)
