"""What the admin blueprints share: the audit log's ``record`` of a change by
the signed-in admin, and a CSV download's answer."""
from __future__ import annotations

from flask import Response, g


def record(action: str, object_type: str, object_id: str, detail: dict | None = None,
           who: str | None = None) -> None:
    """Write a change to the audit log, by ``who`` (default: the signed-in admin)."""
    from functions.db import audit
    audit.record(who or g.admin_email, action, object_type, object_id, detail)


def csv_response(text: str, filename: str) -> Response:
    """``text`` as a CSV file to save as ``filename``: UTF-8 with a
    byte-order mark, without which Excel reads a CSV in the computer's
    legacy encoding (Windows-1252 in the west) and garbles every name
    beyond ASCII; the import reads it back (``domain.spreadsheet``)."""
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
