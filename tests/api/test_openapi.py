"""``GET /api/openapi.json``: a valid OpenAPI 3.1 document of every API route,
made from the handlers' own declarations, and the app answers as it says
(schemathesis, a short run per role; benchmarks/fuzz_api.py is the long one)."""
from __future__ import annotations

import inspect
import re
import sys

import pytest
from openapi_spec_validator import validate

from functions.api.openapi import CSRF_HEADER
from tests.api import fuzzing
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401  (fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, post

UNSAFE = {"post", "put", "patch", "delete"}


def routes(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every rule under /api/."""
    return {(re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower())
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def undocumented(app, doc: dict) -> list[str]:
    """What the document misses or gets wrong of the app's routes, as lines."""
    problems = []
    ops = {(path, method): op for path, item in doc["paths"].items()
           for method, op in item.items()}
    problems += [f"{m.upper()} {p}: not in the document" for p, m in sorted(routes(app) - set(ops))]
    problems += [f"{m.upper()} {p}: not a route" for p, m in sorted(set(ops) - routes(app))]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        source = inspect.getsource(view)
        doc_of = getattr(view, "tandem_doc", None)
        reads_body = re.search(r"json_body\(\)|parsed_body\(\)|g\.get\(\"json_body\"\)|get_data\(",
                               source)
        for method in rule.methods & {"POST", "PUT", "PATCH"}:
            # The write guard refuses a POST, PUT or PATCH without a body.
            if doc_of is None or (doc_of.body is None and doc_of.body_schema is None):
                problems.append(f"{method} {rule.rule}: declares no request body")
        if reads_body and (doc_of is None or (doc_of.body is None and doc_of.body_schema is None)):
            problems.append(f"{rule.endpoint}: reads a body it does not declare")
        if doc_of is not None and doc_of.body is not None:
            # The model documented must be the one that checks: parsed_body()
            # reads it from the declaration; a handler parsing by hand names it.
            model = doc_of.body.rsplit(".", 1)[1]
            if "parsed_body()" not in source and not re.search(rf"\b{model}\b", source.split(
                    "\n", 2)[-1]):
                problems.append(f"{rule.endpoint}: declares {model} but parses something else")
        if "request.args" in source and not (doc_of and doc_of.query):
            problems.append(f"{rule.endpoint}: reads query parameters it does not declare")
    return problems


@pytest.fixture
def doc(client):
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    return resp.get_json()


def test_the_document_is_valid_openapi_3_1(doc):
    validate(doc)  # openapi-spec-validator: raises on any error
    assert doc["openapi"].startswith("3.1.")
    assert {"adminSession", "participantSession", "csrfHeader"} <= set(
        doc["components"]["securitySchemes"])


def test_every_api_route_is_documented_with_its_body_and_query(app, doc):
    assert len(routes(app)) > 70
    assert undocumented(app, doc) == []


def test_the_coverage_check_fails_on_an_undeclared_route(settings):
    from functions.api import openapi
    from functions.app import create_app
    app = create_app(settings)  # its own: a route is added, which the shared app must not get
    doc = openapi.build(app)  # before the route is added, as a stale document would be

    def sneaky():
        return json_body()  # noqa: F821  (never called: only its source is read)
    app.add_url_rule("/api/sneaky", "sneaky", sneaky, methods=["POST"])
    found = undocumented(app, doc)
    assert "POST /api/sneaky: not in the document" in found
    assert "POST /api/sneaky: declares no request body" in found
    assert "sneaky: reads a body it does not declare" in found


def test_operations_say_who_may_call_them(doc):
    paths = doc["paths"]
    assert paths["/api/health"]["get"]["security"] == []
    assert paths["/api/admin/programs"]["get"]["security"] == [{"adminSession": []}]
    assert paths["/api/admin/login"]["post"]["security"] == [{"csrfHeader": []}]
    assert paths["/api/matches/{match_id}/goals"]["post"]["security"] == [
        {"participantSession": [], "csrfHeader": []}]
    assert paths["/api/admin/invitations/accept"]["post"]["security"] == [{"csrfHeader": []}]
    assert "401" in paths["/api/me"]["get"]["responses"]
    assert "401" not in paths["/api/cohorts"]["get"]["responses"]


def test_request_bodies_are_the_handlers_pydantic_models(doc):
    from functions.api import schemas
    enrol = doc["paths"]["/api/cohorts/{cohort_id}/enrollments"]["post"]
    ref = enrol["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/EnrollmentIn"
    model = doc["components"]["schemas"]["EnrollmentIn"]
    assert set(model["required"]) == {"role", "name", "email", "consent"}
    assert model["additionalProperties"] is False  # strict models refuse unknown fields
    # Nested models are hoisted into components, referenced from where they are used.
    assert "SelfIdIn" in doc["components"]["schemas"]
    assert set(schemas.EnrollmentIn.model_fields) == set(model["properties"])
    csv = doc["paths"]["/api/admin/cohorts/{cohort_id}/participants/import"]["post"]
    assert list(csv["requestBody"]["content"]) == ["text/csv"]
    assert csv["responses"]["200"]["content"].keys() == {"application/json"}
    assert doc["paths"]["/api/admin/audit.csv"]["get"]["responses"]["200"]["content"].keys() \
        == {"text/csv"}


def test_the_document_is_built_once_per_app(app, client):
    first = client.get("/api/openapi.json").data
    assert app.extensions["tandem_openapi"] == first.decode()
    app.extensions["tandem_openapi"] = '{"cached": true}'
    assert client.get("/api/openapi.json").get_json() == {"cached": True}


def test_reading_the_api_does_not_load_pydantic(app, client):
    # Cold starts that only read stay without pydantic (see functions.api.admin.login);
    # run in a fresh interpreter, since this one has loaded it long ago.
    import subprocess
    code = ("import sys; from functions.app import create_app; from functions.settings import "
            "Settings; app = create_app(Settings(stage='t', table_prefix='t-', "
            "dynamodb_endpoint='http://127.0.0.1:9', secret_key='s')); "
            "app.test_client().get('/api/health'); print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- schemathesis: the app answers as the document says ------------------------------

EXAMPLES = 4  # per operation and role: the benchmark runs thousands


def _report(tally: fuzzing.Tally) -> str:
    return "\n\n".join(tally.failures.values())


@pytest.fixture
def world_app(mail_app):
    """Two published cohorts with matches, an admin and two signed-in people."""
    ids = world()
    from functions.auth import admin as admin_auth
    admin_auth.create_admin(ADMIN_EMAIL, ADMIN_PASSWORD)
    admin = mail_app.test_client()
    assert post(admin, "/api/admin/login", {"email": ADMIN_EMAIL,
                                            "password": ADMIN_PASSWORD}).status_code == 200
    maya = sign_in(mail_app, "maya@example.org")
    return mail_app, ids, admin, maya


def cookie(client, name: str) -> dict:
    return {name: client.get_cookie(name, path="/api/").value}


def test_schemathesis_finds_no_fault_as_anyone(world_app):
    app, ids, admin, maya = world_app
    from functions.auth import admin as admin_auth, participant as participant_auth
    schema = fuzzing.load(app)
    ops = fuzzing.operations(schema)
    assert len(ops) > 70
    known = {"cohort_id": "c1", "program_id": "p1", "match_id": f"c1.{ids['maya']}",
             "participant_id": ids["maya"], "mentee_id": ids["maya"]}
    roles = {"anonymous": None, "participant": cookie(maya, participant_auth.COOKIE_NAME),
             "admin": cookie(admin, admin_auth.COOKIE_NAME)}
    tallies = {}
    for role, cookies in roles.items():
        tally = tallies[role] = fuzzing.Tally()
        for i, op in enumerate(ops):
            fuzzing.fuzz_operation(op, tally, cookies=cookies, examples=EXAMPLES, seed=i,
                                   known=known if i % 2 == 0 else None)
    for role, tally in tallies.items():
        assert tally.requests >= len(ops), role
        assert (tally.server_errors, tally.violations) == (0, 0), f"{role}:\n{_report(tally)}"
    # Signed in, the run reached past the session check: not everything was 401.
    assert sum(n for s, n in tallies["admin"].statuses.items() if s < 400) > 20
    assert sum(n for s, n in tallies["participant"].statuses.items() if s < 400) > 5


def test_creating_operations_link_to_those_that_take_the_new_id(app):
    doc = app.test_client().get("/api/openapi.json").get_json()
    links = doc["paths"]["/api/admin/programs"]["post"]["responses"]["201"]["links"]
    by_id = {op["operationId"]: (path, method) for path, ops in doc["paths"].items()
             for method, op in ops.items()}
    assert by_id[links["manage_get_program"]["operationId"]] == (
        "/api/admin/programs/{program_id}", "get")
    assert links["manage_get_program"]["parameters"] == {"program_id": "$response.body#/id"}
    # A cohort made in a program: its pages take the new id, nothing else unknown.
    cohort = doc["paths"]["/api/admin/programs/{program_id}/cohorts"]["post"]
    targets = {by_id[name][0] for name in cohort["responses"]["201"]["links"]}
    assert "/api/admin/cohorts/{cohort_id}" in targets
    assert all("{cohort_id}" in t for t in targets)


def test_linked_sequences_find_no_fault(world_app):
    """Schemathesis's stateful phase: calls chained along the links (a program
    made, then opened, edited, given cohorts), as the admin."""
    app, _, admin, _ = world_app
    from functions.auth import admin as admin_auth
    tally = fuzzing.Tally()
    fuzzing.fuzz_stateful(fuzzing.load(app), tally,
                          cookies=cookie(admin, admin_auth.COOKIE_NAME), scenarios=12)
    assert tally.linked > 5, tally.statuses  # ids from earlier answers were used
    assert (tally.server_errors, tally.violations) == (0, 0), _report(tally)
    assert tally.statuses[201] > 0


def test_the_fuzz_checks_catch_an_undocumented_answer(settings):
    """The checks can fail: an answer the document does not allow is counted."""
    from functions.app import create_app
    app = create_app(settings)  # its own: a route is added, which the shared app must not get
    @app.get("/api/teapot")
    def teapot():
        return {"error": "teapot", "message": "short and stout"}, 418
    from functions.api import documented
    documented()(teapot)
    tally = fuzzing.Tally()
    op = next(o for o in fuzzing.operations(fuzzing.load(app)) if o.path == "/api/teapot")
    fuzzing.fuzz_operation(op, tally, cookies=None, examples=2)
    assert tally.violations >= 1 and "Undocumented" in _report(tally)


def test_a_write_without_the_csrf_header_is_the_documented_403(client, doc):
    resp = client.post("/api/sign-in", json={"email": "a@example.org"})
    assert resp.status_code == 403
    assert "403" in doc["paths"]["/api/sign-in"]["post"]["responses"]
    assert CSRF_HEADER in resp.get_json()["message"]


def test_matches_csv_takes_reasons_kept_as_plain_text(world_app):
    # Found by the fuzz run: a published pair whose reasons are plain text
    # (as participant_helpers.publish writes them, and the match pages show
    # them) made the export a 500.
    app, ids, admin, maya = world_app
    resp = admin.get("/api/admin/cohorts/c1/matches.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "shares python" in resp.get_data(as_text=True)


def test_a_cohort_name_cannot_be_cleared_with_null(world_app):
    # Found by the fuzz run: {"name": null} removed the cohort's name, and the
    # program view and report (sorted by name) were 500 from then on.
    app, ids, admin, maya = world_app
    resp = admin.put("/api/admin/cohorts/c1/details", json={"name": None},
                     headers={CSRF_HEADER: "tandem"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "name"
    assert admin.get("/api/admin/programs/p1").get_json()["cohorts"][0]["name"] == "Spring"
    assert admin.get("/api/admin/programs/p1/report").status_code == 200
    # A date may still be cleared with null.
    resp = admin.put("/api/admin/cohorts/c1/details", json={"enrolment_opens": None},
                     headers={CSRF_HEADER: "tandem"})
    assert resp.status_code == 200, resp.get_json()
