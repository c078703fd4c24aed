"""Admin API, continued: admins (invite, accept, remove) and the audit log.

Every route needs a session but accepting an invitation.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote, urlencode

from flask import current_app, g, jsonify, request

from functions.api import admin_blueprint, documented, parsed_body
from functions.api.admin_common import csv_response, record
from functions.db import admins, audit, invitations
from functions.errors import Conflict, Invalid
from functions.vocab.digest import digest

INVITATION_HOURS = 72
AUDIT_PAGE = 50

#: Documented as part of ``manage`` (its routes were added to that blueprint).
bp = admin_blueprint("manage_admins", open_endpoints=("manage_admins.accept_invitation",),
                     tag="manage")


@bp.get("/admins")
def list_admins():
    return jsonify(admins=admins.list_admins(), invitations=invitations.pending())


@bp.post("/admins")
@documented(body="manage_schemas.EmailIn", ok=201, errors=(409,))
def invite_admin():
    from functions.notify import send
    body = parsed_body()
    email = body.email.lower()
    if "@" not in email or email.startswith("#"):
        raise Invalid("email: this is not a valid e-mail address", field="email")
    if admins.get_admin(email):
        raise Conflict(f"{email} is an admin already", field="email")
    token = secrets.token_urlsafe(32)
    expires = datetime.now(timezone.utc) + timedelta(hours=INVITATION_HOURS)
    invitations.create(digest(token), email, g.admin_email, expires)
    settings = current_app.config["TANDEM"]
    base = (settings.public_url or "").rstrip("/")
    # In the fragment: browsers never send it to a server or in a Referer.
    link = f"{base}/admin/#invitation={token}"
    answer = {"email": email, "invited": True, "expires": expires.isoformat(),
              "sent": True}
    try:
        send(settings, email, "You are invited to run mentoring programs on Tandem",
             f"{g.admin_email} invited you to be an admin of Tandem.\n\n"
             f"Choose your password here within {INVITATION_HOURS} hours:\n{link}\n\n"
             "The link works once. If you did not expect this, ignore this message.\n")
    except RuntimeError:
        # No e-mail set up (neither SES nor a local outbox): the inviting
        # admin, who may add admins anyway, gets the link to pass on.
        answer.update(sent=False, link=link)
    record("admin.invite", "admin", email,
           {"expires": expires.isoformat(), "sent": answer["sent"]})
    return jsonify(answer), 201


@bp.post("/invitations/accept")
@documented(body="manage_schemas.AcceptIn", ok=201, errors=(404, 409))
def accept_invitation():
    from functions.auth import admin as auth
    body = parsed_body()
    email = invitations.accept(digest(body.token), auth.hash_password(body.password))
    record("admin.accept", "admin", email, None, who=email)
    return jsonify(email=email), 201


@bp.delete("/admins/<path:admin_id>")
@documented(errors=(409, 422))
def remove_admin(admin_id: str):
    email = unquote(admin_id).strip().lower()
    if not 3 <= len(email) <= 254 or "@" not in email:
        # Nothing to look up: "" or an over-long key is no DynamoDB key at all.
        raise Invalid("id: an admin's e-mail address", field="id")
    if email == g.admin_email:
        raise Conflict("you cannot remove yourself while signed in; ask another admin",
                       field="id")
    admins.remove_admin(email)
    record("admin.remove", "admin", email)
    return jsonify(removed=email)


@bp.get("/audit")
@documented(errors=(422,), query={"limit": {"type": "integer", "minimum": 1, "maximum": 500},
                                  "cursor": {"type": "string"}})
def audit_log():
    try:
        limit = int(request.args.get("limit", AUDIT_PAGE))
    except ValueError:
        raise Invalid("limit: a whole number", field="limit") from None
    if not 1 <= limit <= 500:
        raise Invalid("limit: from 1 to 500", field="limit")
    entries, cursor = audit.page(limit, request.args.get("cursor"))
    nxt = f"{request.path}?{urlencode({'limit': limit, 'cursor': cursor})}" if cursor else None
    return jsonify(entries=entries, next=nxt)


@bp.get("/audit.csv")
@documented(answers="text/csv")
def audit_csv():
    import json

    from functions.domain.roster_columns import write_rows
    rows = [[e["at"], e["admin"], e["action"], e["object_type"], e["object_id"],
             json.dumps(e["detail"], sort_keys=True)] for e in audit.every_entry()]
    return csv_response(write_rows(["at", "admin", "action", "object_type", "object_id",
                                    "detail"], rows), "audit-log.csv")
