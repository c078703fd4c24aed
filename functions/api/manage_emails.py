"""Admin API: a program's e-mails in its manager's words
(``functions.domain.program_emails``): list, save, reset, preview; and the
program's colour that heads them (``functions.domain.email_colour``)."""
from __future__ import annotations

from flask import jsonify

from functions.api import admin_blueprint, documented, parsed_body
from functions.api.admin_common import record

bp = admin_blueprint("manage_emails")


def _program(program_id: str):
    from functions.db import program_admin
    return program_admin.load_program(program_id)  # 404 naming the program


@bp.get("/programs/<program_id>/emails")
def list_emails(program_id: str):
    from functions.domain import email_colour, program_emails
    p = _program(program_id)
    return jsonify(program=p.name, colour=p.colour, default_colour=email_colour.DEFAULT,
                   emails=program_emails.listing(p.emails))


@bp.put("/programs/<program_id>/emails/<kind>")
@documented(body="email_schemas.EmailTemplateIn", errors=(409,))
def save_email(program_id: str, kind: str):
    from functions.db import program_admin
    from functions.domain import program_emails
    body = parsed_body()
    _program(program_id)
    saved = program_emails.check(kind, body.subject, body.body)
    program_admin.save_email(program_id, kind, saved)
    record("program.email", "program", program_id, {"kind": kind})
    return jsonify(kind=kind, custom=True, **saved)


@bp.delete("/programs/<program_id>/emails/<kind>")
@documented(errors=(409,))
def reset_email(program_id: str, kind: str):
    """Back to Tandem's words for this kind."""
    from functions.db import program_admin
    from functions.domain import program_emails
    base = program_emails.kind_of(kind)
    _program(program_id)
    program_admin.save_email(program_id, kind, None)
    record("program.email_reset", "program", program_id, {"kind": kind})
    return jsonify(kind=kind, custom=False, subject=base["subject"], body=base["body"])


@bp.post("/programs/<program_id>/emails/<kind>/preview")
@documented(body="email_schemas.EmailTemplateIn")
def preview_email(program_id: str, kind: str):
    """The message with sample values, nothing saved; a template error is 422."""
    from functions.domain import program_emails
    body = parsed_body()
    p = _program(program_id)
    return jsonify(program_emails.preview(kind, body.subject, body.body, p.name, p.colour))


@bp.put("/programs/<program_id>/colour")
@documented(body="email_schemas.ColourIn", errors=(409,))
def save_colour(program_id: str):
    """The colour of the band heading the program's e-mails (null: Tandem's)."""
    from functions.db import program_mail
    from functions.domain import email_colour
    body = parsed_body()
    program_mail.save_colour(program_id, body.colour)
    record("program.colour", "program", program_id, {"colour": body.colour})
    return jsonify(colour=body.colour, shown=email_colour.usable(body.colour))
