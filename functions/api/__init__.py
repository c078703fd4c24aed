"""HTTP handlers as Flask blueprints: ``public`` (no sign-in) and the admin
ones (``admin`` and one per admin area), every admin route behind a session."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from flask import Blueprint, current_app, g, request

from functions.errors import TandemError, Unauthorized

#: Who may call a blueprint's routes, for the OpenAPI document
#: (``functions.api.openapi``): the session each route checks.
ADMIN, PARTICIPANT = "admin", "participant"


def admin_blueprint(name: str, *, open_endpoints: tuple[str, ...] = (),
                    tag: str | None = None) -> Blueprint:
    """A blueprint whose every route needs a signed-in admin (``g.admin_email``),
    except the endpoints named in ``open_endpoints`` (the sign-in itself).
    ``tag``: the group its routes are in in the OpenAPI document (their tag and
    operationId's first word), when not ``name``."""
    bp = Blueprint(name, __name__)
    bp.tandem_tag = tag or name
    signed_in(bp, ADMIN, open_endpoints)
    return bp


#: Per kind of session: its module in ``functions.auth``, the function that
#: reads a cookie's session, where the handler finds the e-mail, the refusal.
_SESSIONS = {
    ADMIN: ("admin", "session_admin", "admin_email", "sign in as an admin first"),
    PARTICIPANT: ("participant", "session_email", "participant_email",
                  "sign in first: ask for a link on the sign-in page"),
}


def signed_in(bp: Blueprint, who: str, open_endpoints=()) -> None:
    """The one session guard: every route of ``bp`` but ``open_endpoints``
    needs a ``who`` session (401 otherwise) and finds its e-mail in ``g``.
    Recorded on ``bp`` too, so the OpenAPI document says 401 and the cookie
    exactly where the guard asks for them."""
    bp.tandem_auth = who
    bp.tandem_open = frozenset(open_endpoints)
    module, read, name, refusal = _SESSIONS[who]

    @bp.before_request
    def require_session():
        if request.endpoint in bp.tandem_open:
            return
        auth = importlib.import_module(f"functions.auth.{module}")
        email = getattr(auth, read)(request.cookies.get(auth.COOKIE_NAME))
        if not email:
            raise Unauthorized(refusal)
        setattr(g, name, email)


@dataclass(frozen=True)
class Doc:
    """What the OpenAPI document says of one handler, beyond what the URL map
    and its blueprint tell (method, path, session)."""
    #: ``"module.Class"`` of a pydantic model in ``functions.api``: a name, not
    #: the class, so importing a handler module does not import pydantic.
    body: str | None = None
    #: A JSON schema for a body a handler checks by hand (no model).
    body_schema: dict | None = None
    media: str = "application/json"
    ok: tuple[int, ...] = (200,)
    #: Statuses beyond those the document gives every route of its kind.
    errors: tuple[int, ...] = ()
    #: The success answer's type: "text/csv" for a download.
    answers: str = "application/json"
    #: The path parameter a new object's ``id`` (in the answer) fills: the
    #: document links this operation to every one that takes it (OpenAPI
    #: links, which schemathesis's stateful phase follows).
    creates: str | None = None
    returns: dict | None = None
    query: dict[str, dict] = field(default_factory=dict)
    summary: str | None = None

    def model(self):
        module, name = self.body.rsplit(".", 1)
        return getattr(importlib.import_module(f"functions.api.{module}"), name)


def documented(body: str | None = None, *, ok: int | tuple[int, ...] = 200, **kw):
    """Declare a handler's request body model and answers for the OpenAPI
    document. A handler that declares ``body`` reads it with ``parsed_body()``,
    so the model documented is the model that checks the request."""
    def mark(view):
        view.tandem_doc = Doc(body=body, ok=ok if isinstance(ok, tuple) else (ok,),
                              **{k: tuple(v) if k == "errors" else v for k, v in kw.items()})
        return view
    return mark


def parsed_body():
    """The request's JSON object checked against the model this handler
    declared with ``@documented(body=...)``; 422 naming the first bad field."""
    from functions.api import schemas  # pydantic loads with the first write
    doc = getattr(current_app.view_functions[request.endpoint], "tandem_doc", None)
    if doc is None or doc.body is None:
        raise RuntimeError(f"{request.endpoint} declares no body model (@documented)")
    return schemas.parse(doc.model(), json_body())


def json_body() -> dict:
    """The request's JSON object, as the write guard (``functions.api.body_guard``) parsed it."""
    data = g.get("json_body")
    if not isinstance(data, dict):
        raise TandemError("the request body must be a JSON object")
    return data
