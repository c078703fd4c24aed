"""Single sign-on routes (``/api/auth/oidc``): whether it is on, the two legs
of the OpenID Connect flow, and who a participant session of it belongs to.

The flow itself is ``functions.auth.oidc``; who gets in as what is
``functions.auth.oidc_sessions``. Both legs answer with a redirect, never an
error page of the API's: success goes to the page asked for, and every
problem to ``/sign-in-problem.html?problem=…``, which says in words what
happened and what to do next.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, current_app, g, jsonify, redirect, request

from functions.api import PARTICIPANT, documented, signed_in
from functions.api.admin import _secure_cookie
from functions.auth import admin as admin_auth
from functions.auth import oidc, oidc_pending, oidc_sessions
from functions.auth import participant as participant_auth
from functions.errors import Invalid

bp = Blueprint("sso", __name__)
#: Only ``participant`` needs a session (a participant's).
signed_in(bp, PARTICIPANT, {"sso.status", "sso.login", "sso.callback"})
log = logging.getLogger(__name__)

PENDING_COOKIE = "tandem_oidc"
PROBLEM_PAGE = "/sign-in-problem.html"
#: Where each kind of person lands, and the pages a sign-in may return to.
HOME = {"admin": "/admin/", "participant": "/me.html"}
NEXT_PAGES = {"admin": ("/admin/",), "participant": ("/me.html", "/enrol.html")}
_WHO = {"type": "string", "enum": list(oidc.WHO)}


def _settings():
    return current_app.config["TANDEM"]


def _redirect_uri(settings) -> str:
    base = (settings.public_url or request.host_url).rstrip("/")
    return base + "/api/auth/oidc/callback"


def _next_page(who: str, asked: str | None) -> str:
    """``asked`` when it is one of this site's pages for ``who``, else the home page."""
    if asked:
        parts = urlsplit(asked)
        if not (parts.scheme or parts.netloc) and parts.path in NEXT_PAGES[who]:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return HOME[who]


def _problem(problem: str, who: str | None):
    query = {"problem": problem, **({"who": who} if who in oidc.WHO else {})}
    resp = redirect(f"{PROBLEM_PAGE}?{urlencode(query)}", 302)
    _forget_pending(resp)
    return resp


def _forget_pending(resp) -> None:
    resp.delete_cookie(PENDING_COOKIE, path="/api/auth/oidc/", httponly=True,
                       secure=_secure_cookie(), samesite="Lax")


@bp.get("")
@documented(returns={"type": "object", "required": ["enabled", "name", "password_sign_in"],
                     "properties": {"enabled": {"type": "boolean"}, "name": {"type": "string"},
                                    "password_sign_in": {"type": "boolean"}}})
def status():
    """Whether single sign-on is on, the organisation's name for its buttons,
    and whether admins may still sign in with a password."""
    settings = _settings()
    return jsonify(enabled=oidc.enabled(settings), name=settings.oidc_name,
                   password_sign_in=settings.password_sign_in)


@bp.get("/login")
@documented(ok=302, answers="text/html", errors=(422,),
            query={"who": _WHO, "next": {"type": "string"}})
def login():
    """Start signing in: 302 to the provider (state, nonce, PKCE S256)."""
    who = request.args.get("who", "")
    if who not in oidc.WHO:
        raise Invalid("who: admin or participant", field="who")
    settings = _settings()
    if oidc.setup_problem(settings):
        return _problem("setup", who)
    try:
        url, pending = oidc.begin(settings, who, _redirect_uri(settings),
                                  _next_page(who, request.args.get("next")))
    except oidc.SignInProblem as problem:
        oidc_sessions.refused(who, problem, request.remote_addr or "?")
        return _problem(problem.problem, who)
    resp = redirect(url, 302)
    # Lax, not Strict: it must come back with the provider's redirect (a
    # cross-site navigation). Signed and short-lived; holds no token.
    resp.set_cookie(PENDING_COOKIE, oidc_pending.seal(settings, pending),
                    max_age=oidc.PENDING_SECONDS, httponly=True, secure=_secure_cookie(),
                    samesite="Lax", path="/api/auth/oidc/")
    return resp


@bp.get("/callback")
@documented(ok=302, answers="text/html", query={
    name: {"type": "string"} for name in ("state", "code", "iss", "error", "error_description",
                                          "session_state")})
def callback():
    """The provider's answer: a session and 302 to the page, or 302 to a page naming the problem."""
    settings = _settings()
    pending = oidc_pending.unseal(settings, request.cookies.get(PENDING_COOKIE))
    who = pending.who if pending else "unknown"
    try:
        if oidc.setup_problem(settings):
            raise oidc.SignInProblem("setup", oidc.setup_problem(settings))
        person = oidc.finish(settings, pending, request.args.to_dict(), _redirect_uri(settings))
        token, expires = oidc_sessions.sign_in(settings, who, person)
    except oidc.SignInProblem as problem:
        oidc_sessions.refused(who, problem, request.remote_addr or "?")
        return _problem(problem.problem, who)
    except Exception:  # never a 500 page in the middle of a sign-in
        log.exception("single sign-on callback failed")
        return _problem("unexpected", who)
    resp = redirect(pending.next + "#signed-in", 302)
    _forget_pending(resp)
    cookie = admin_auth.COOKIE_NAME if who == "admin" else participant_auth.COOKIE_NAME
    resp.set_cookie(cookie, token, expires=expires, httponly=True, secure=_secure_cookie(),
                    samesite="Strict", path="/api/")
    return resp


@bp.get("/participant")
@documented(returns={"type": "object", "required": ["email"],
                     "properties": {"email": {"type": "string"},
                                    "name": {"type": ["string", "null"]}}})
def participant():
    """The signed-in participant's address and, after single sign-on, the
    name the provider gave (enrolment fills both in)."""
    person = participant_auth.session_person(request.cookies.get(participant_auth.COOKIE_NAME))
    return jsonify(email=g.participant_email, name=person[1] if person else None)
