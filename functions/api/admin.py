"""Admin API: sign-in, programs, cohorts, participants. All but login need a session."""
from __future__ import annotations

from flask import g, jsonify, request

from functions.auth import admin as auth
from functions.api import admin_blueprint, documented, json_body
from functions.db import participants as db_participants
from functions.db import programs as db_programs
from functions.domain import programs as domain_programs

bp = admin_blueprint("admin", open_endpoints=("admin.login",))
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _secure_cookie() -> bool:
    # Browsers keep Secure cookies only over HTTPS; plain http is used on loopback only.
    return request.host.rsplit(":", 1)[0] not in _LOOPBACK


@bp.post("/login")
@documented(body="schemas.LoginIn", errors=(401, 429))
def login():
    # pydantic loads with the first write, so cold starts that only read
    # (the landing page, health checks) do not pay ~0.1 s for it.
    from functions.api import schemas
    from flask import current_app
    body = schemas.parse(schemas.LoginIn, json_body())
    settings = current_app.config["TANDEM"]
    if not settings.password_sign_in:
        from functions.errors import Forbidden
        raise Forbidden("Password sign-in is turned off on this portal: use the "
                        "single sign-on button instead.")
    token, expires = auth.login(body.email, body.password, settings.session_hours,
                                request.remote_addr or "?")
    resp = jsonify(email=body.email.strip().lower())
    resp.set_cookie(auth.COOKIE_NAME, token, expires=expires, httponly=True,
                    secure=_secure_cookie(), samesite="Strict", path="/api/")
    return resp


@bp.post("/logout")
@documented(body_schema={"type": "object"})
def logout():
    auth.logout(request.cookies.get(auth.COOKIE_NAME))
    resp = jsonify(status="signed out")
    resp.delete_cookie(auth.COOKIE_NAME, path="/api/", httponly=True,
                       secure=_secure_cookie(), samesite="Strict")
    return resp


@bp.get("/me")
def me():
    return jsonify(email=g.admin_email)


@bp.get("/programs")
def programs():
    return jsonify(domain_programs.overview())


@bp.get("/cohorts/<cohort_id>")
def cohort(cohort_id: str):
    view = db_programs.get_cohort(cohort_id)
    view["counts"] = db_participants.count_by_role(cohort_id)
    return jsonify(view)


@bp.get("/cohorts/<cohort_id>/participants")
@documented(errors=(422,), query={k: {"type": "string"} for k in (
    "role", "status", "q", "matched", "mark_matched", "cursor", "limit")})
def participants(cohort_id: str):
    """Filtered by ``role``, ``status``, ``q``, ``matched``; the plain list while
    it fits one page, else ``{participants, next}`` (functions.domain.roster).
    ``mark_matched``: each row also says whether its person is matched."""
    from functions.db import roster as db_roster
    from functions.domain import participant_matches, roster
    mark = roster.marks_matched(request.args)
    people = db_roster.everyone(cohort_id)
    matched = None
    if request.args.get("matched") or mark:
        matched = participant_matches.matched_ids(cohort_id)
    return jsonify(roster.page(roster.select(people, request.args, matched),
                               request.args, request.path, matched if mark else None))
