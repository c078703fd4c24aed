"""A program's e-mail look: its own templates and the colour heading them.

Kept apart from ``functions.db.programs`` (the models and the cohorts' life
cycle); both read and write the same ``Program`` item.
"""
from __future__ import annotations

from pynamodb.exceptions import PutError

from functions.db.base import raise_if_condition
from functions.db.programs import Program
from functions.errors import Conflict, NotFound


class Templates(dict):
    """A program's own e-mail templates ({kind: {subject, body}}) with its
    e-mail ``colour``: every message composed from them is drawn in it
    (``functions.domain.program_emails.compose``), and the callers that pass
    templates along need not know."""
    colour: str | None = None


def email_templates(program_id: str) -> Templates:
    """A program's own e-mail templates, empty when it has none (or is gone),
    with its colour."""
    found = Templates()
    try:
        p = Program.get(program_id, attributes_to_get=["emails", "colour"])
    except Program.DoesNotExist:
        return found
    found.update(p.emails or {})
    found.colour = p.colour
    return found


def save_colour(program_id: str, colour: str | None) -> None:
    """Set (or with None, remove) the program's e-mail colour, checked by the
    caller; conditional on the program's version as read."""
    try:
        p = Program.get(program_id, consistent_read=True)
    except Program.DoesNotExist:
        raise NotFound(f"no program {program_id}", field="program") from None
    p.colour = colour
    try:
        p.save()
    except PutError as exc:
        raise_if_condition(exc, Conflict("the program changed meanwhile; reload it",
                                         field="version"))
