"""The API's OpenAPI 3.1 document, ``GET /api/openapi.json``.

Made from the running app, never kept by hand: every rule of the URL map
under ``/api/``, the session its blueprint asks for (``api.signed_in``), and
what its handler declares with ``@documented`` — the very pydantic model the
handler validates its body with (``api.parsed_body``). Built once per app, on
the first request for it; pydantic is imported then, not with this module.
"""
from __future__ import annotations

import json
import re

from flask import Blueprint, Flask, Response, current_app

from functions.api import ADMIN, PARTICIPANT, Doc, documented

bp = Blueprint("openapi", __name__)

UNSAFE = ("post", "put", "patch", "delete")
CSRF_HEADER, CSRF_VALUE = "X-Requested-With", "tandem"

ERROR = {
    "type": "object",
    "description": "Every error answer: a code, a message for people and, when one "
                   "input is to blame, its path (``answers.wants``, ``capacity``).",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                   "field": {"type": "string"}},
}

WHY = {
    400: "The body is not JSON, nests too deep, holds a lone surrogate or is not an object.",
    401: "No session, or it expired: sign in first (or a link or password was refused).",
    403: f"A write without the `{CSRF_HEADER}: {CSRF_VALUE}` header or with another "
         "Content-Type than the one this operation takes.",
    404: "No such object, or not one this session may see.",
    409: "The object's state or version refuses this change (reload and try again).",
    413: "The body is over the size limit (64 KB; 5 MB for a CSV import).",
    422: "A field is missing or wrong; `field` names it.",
    429: "Too many attempts: wait for the time in `Retry-After`.",
    503: "The store is busy with the same records; try again shortly.",
}
ERROR_NAMES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
               409: "Conflict", 413: "TooLarge", 422: "Invalid", 429: "TooManyRequests",
               503: "Unavailable"}
OK_WHY = {200: "Done.", 201: "Created.", 202: "Accepted: it goes on in the background."}

#: Names of the security schemes below, by the session a blueprint needs.
SCHEMES = {ADMIN: "adminSession", PARTICIPANT: "participantSession"}


@bp.get("/openapi.json")
@documented(summary="This document (OpenAPI 3.1)",
            returns={"type": "object", "required": ["openapi", "paths"]})
def openapi_json():
    cached = current_app.extensions.get("tandem_openapi")
    if cached is None:
        cached = current_app.extensions["tandem_openapi"] = json.dumps(build(current_app))
    return Response(cached, mimetype="application/json")


def build(app: Flask) -> dict:
    from functions.auth import admin as admin_auth, participant as participant_auth
    components: dict[str, dict] = {"Error": ERROR}
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method] = _operation(app, rule, method, components)
    _link(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tandem API",
            "version": "1",
            "description": (
                "The mentoring portal's HTTP API, generated from the running app. "
                "Every answer is JSON (but the CSV downloads); every error is the "
                "`Error` object. A write (POST, PUT, PATCH, DELETE) needs the header "
                f"`{CSRF_HEADER}: {CSRF_VALUE}` and `Content-Type: application/json` "
                "(`text/csv` for a participant import): a cross-site form can send "
                "neither."),
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "responses": {ERROR_NAMES[status]: {
                "description": why,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            } for status, why in WHY.items()},
            "securitySchemes": {
                "adminSession": {
                    "type": "apiKey", "in": "cookie", "name": admin_auth.COOKIE_NAME,
                    "description": "Set by `POST /api/admin/login`."},
                "participantSession": {
                    "type": "apiKey", "in": "cookie", "name": participant_auth.COOKIE_NAME,
                    "description": "Set by `POST /api/sign-in/token` (the e-mailed link)."},
                "csrfHeader": {
                    "type": "apiKey", "in": "header", "name": CSRF_HEADER,
                    "description": f"Always `{CSRF_VALUE}`: the CSRF guard of every write."},
            },
        },
    }


def _link(paths: dict[str, dict]) -> None:
    """OpenAPI links from each operation that creates an object (``Doc.creates``)
    to every operation that takes its id, the other path parameters carried
    over from the creating request: how a client (and schemathesis's stateful
    phase) goes from "made a cohort" to "open that cohort"."""
    def names(path: str) -> set[str]:
        return set(re.findall(r"{([^}]+)}", path))
    for path, ops in paths.items():
        for op in ops.values():
            made = op.pop("x-creates", None)
            if made is None:
                continue
            links = {}
            for other, other_ops in paths.items():
                needed = names(other)
                if made not in needed or not needed - {made} <= names(path):
                    continue
                for target in other_ops.values():
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": {n: "$response.body#/id" if n == made
                                       else f"$request.path.{n}" for n in sorted(needed)}}
            ok = next(s for s in op["responses"] if s.startswith("2"))
            op["responses"][ok]["links"] = links


def _who(app: Flask, endpoint: str) -> str | None:
    """The session a route needs, as its blueprint's ``before_request`` checks it."""
    blueprint = app.blueprints.get(endpoint.rpartition(".")[0])
    if blueprint is None or endpoint in getattr(blueprint, "tandem_open", ()):
        return None
    return getattr(blueprint, "tandem_auth", None)


def _tag(app: Flask, endpoint: str) -> str:
    """The group of a route: its blueprint's ``tandem_tag`` (``api.admin_blueprint``),
    else the blueprint's name."""
    name = endpoint.rpartition(".")[0]
    return getattr(app.blueprints.get(name), "tandem_tag", name)


def _operation(app: Flask, rule, method: str, components: dict) -> dict:
    view = app.view_functions[rule.endpoint]
    doc: Doc = getattr(view, "tandem_doc", None) or Doc()
    who = _who(app, rule.endpoint)
    unsafe = method in UNSAFE
    summary = doc.summary or ((view.__doc__ or "").strip().split("\n")[0].rstrip(".")
                              or rule.endpoint.rpartition(".")[2].replace("_", " "))
    tag = _tag(app, rule.endpoint)
    op: dict = {"operationId": f"{tag}_{rule.endpoint.rpartition('.')[2]}" + (
                    f"_{method}" if len(rule.methods - {"HEAD", "OPTIONS"}) > 1 else ""),
                "summary": summary, "tags": [tag]}

    params = [{"name": name, "in": "path", "required": True,
               # Flask's default converter stops at "/": such a value is another URL.
               "schema": {"type": "string", "minLength": 1,
                          **({} if _converter(rule, name) == "path" else {"pattern": "^[^/]+$"})}}
              for name in re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule.rule)]
    params += [{"name": name, "in": "query", "required": False, "schema": schema}
               for name, schema in doc.query.items()]
    if params:
        op["parameters"] = params

    errors = set(doc.errors)
    if who:
        errors.add(401)
    if re.search(r"<", rule.rule):
        errors.add(404)
    if unsafe:
        errors |= {403, 413, 503}
        if doc.media == "application/json":
            errors.add(400)

    body = _body_schema(doc, components)
    if body is not None:
        op["requestBody"] = {"required": method != "delete",
                             "content": {doc.media: {"schema": body}}}
        if doc.body:
            errors.add(422)

    success = doc.returns or ({"type": ["object", "array"]} if doc.answers == "application/json"
                              else {"type": "string"})
    responses = {str(s): {"description": OK_WHY.get(s, "Done."),
                          "content": {doc.answers: {"schema": success}}} for s in doc.ok}
    for status in sorted(errors):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_NAMES[status]}"}
    op["responses"] = responses
    if doc.creates:
        op["x-creates"] = doc.creates  # turned into links once every path is known

    scheme = [SCHEMES[who]] if who else []
    if unsafe:
        scheme.append("csrfHeader")
    op["security"] = [{name: [] for name in scheme}] if scheme else []
    return op


def _converter(rule, name: str) -> str | None:
    m = re.search(r"<(?:([^:<>]+):)?%s>" % re.escape(name), rule.rule)
    return m.group(1) if m else None


def _body_schema(doc: Doc, components: dict) -> dict | None:
    if doc.body_schema is not None:
        return doc.body_schema
    if doc.body is None:
        return None
    model = doc.model()
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in schema.pop("$defs", {}).items():
        _add(components, name, sub)
    _add(components, model.__name__, schema)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _add(components: dict, name: str, schema: dict) -> None:
    # Two models of one name in two modules would silently share a schema.
    if components.get(name, schema) != schema:
        raise ValueError(f"two request models are named {name}: rename one")
    components[name] = schema
