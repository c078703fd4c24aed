"""CSRF rules, body limits, error shape and security headers."""
import io

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.api.helpers import make_cohort, mentee

URL = "/api/cohorts/c1/enrollments"


def test_write_without_the_tandem_header_is_403(client):
    make_cohort()
    resp = client.post(URL, json=mentee())
    assert resp.status_code == 403
    assert "X-Requested-With" in resp.get_json()["message"]


def test_form_encoded_write_is_403(client):
    make_cohort()
    resp = client.post(URL, data={"role": "mentee"}, headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 403


def test_malformed_json_is_400(client):
    make_cohort()
    resp = client.post(URL, data="{not json", content_type="application/json",
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "malformed_json"


@pytest.mark.parametrize("body", ["[]", "42", '"text"'])
def test_json_that_is_not_an_object_is_rejected(client, body):
    make_cohort()
    resp = client.post(URL, data=body, content_type="application/json",
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 400
    assert resp.get_json()["message"] == "the request body must be a JSON object"


def test_body_over_64kb_is_413(client):
    make_cohort()
    big = mentee(answers={"bio": "x" * 70_000})
    resp = client.post(URL, json=big, headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 413
    assert resp.get_json()["error"] == "too_large"


def test_unknown_api_route_is_json_404(client):
    resp = client.get("/api/nothing-here")
    assert resp.status_code == 404
    body = resp.get_json()
    assert body["error"] == "not_found" and body["message"]
    assert set(body) <= {"error", "message", "field"}


def test_wrong_method_is_json_405_naming_the_allowed_ones(client):
    resp = client.get(URL)
    assert resp.status_code == 405
    assert resp.get_json()["error"] == "method_not_allowed"
    assert "POST" in resp.headers["Allow"]


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("path", [URL, "/api/admin/login", "/api/no-such-thing"])
@pytest.mark.parametrize("depth", [17, 990, 30_000])
def test_deeply_nested_json_is_400_on_any_path(client, path, depth):
    make_cohort()
    resp = client.post(path, data=nested(depth), content_type="application/json",
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "malformed_json"


def test_nesting_within_the_limit_reaches_the_handler(client):
    make_cohort()
    bio = "deep"
    for _ in range(14):  # the body and "answers" are two levels: 16 in all
        bio = [bio]
    body = mentee(answers={"wants": ["python"], "department": "Sales", "bio": bio})
    resp = client.post(URL, json=body, headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 422
    assert resp.get_json()["field"] == "answers.bio"


@pytest.mark.parametrize("content_type", [
    "application/evil+json", "text/json", "application/json-patch+json",
    "application/json; charset=latin-1", "text/plain",
])
def test_only_application_json_counts_as_json(client, content_type):
    make_cohort()
    resp = client.post(URL, data='{"role": "mentee"}', content_type=content_type,
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 403
    assert "Content-Type: application/json" in resp.get_json()["message"]


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=UTF-8"])
def test_application_json_with_or_without_utf8_charset_is_accepted(client, content_type):
    import json
    make_cohort()
    resp = client.post(URL, data=json.dumps(mentee()), content_type=content_type,
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 202


def chunked(app, size: int):
    """POST a body with no Content-Length, as a chunked request reaches the app."""
    env = EnvironBuilder(path=URL, method="POST", content_type="application/json",
                         headers={"X-Requested-With": "tandem"}).get_environ()
    env.pop("CONTENT_LENGTH", None)
    env["wsgi.input_terminated"] = True  # what Werkzeug's server sets for chunked bodies
    env["wsgi.input"] = io.BytesIO(b'{"x": "' + b"x" * (size - 9) + b'"}')
    chunks, status, _ = run_wsgi_app(app, env, buffered=True)
    return int(status.split()[0]), b"".join(chunks)


def test_chunked_body_over_64kb_is_413(app, client):
    make_cohort()
    status, body = chunked(app, 64 * 1024 + 1)
    assert status == 413 and b'"too_large"' in body


def test_chunked_body_of_exactly_64kb_is_read(app, client):
    make_cohort()
    status, body = chunked(app, 64 * 1024)
    assert status == 422 and b'"error":"invalid"' in body  # parsed, then validated


def test_security_headers_on_every_response(client):
    for resp in (client.get("/api/health"), client.get("/api/nothing")):
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "same-origin"


def test_unexpected_error_is_a_json_500_without_traceback(app, client, monkeypatch):
    from functions.db import programs

    def boom():
        raise RuntimeError("secret internals")
    monkeypatch.setattr(programs, "list_open_cohorts", boom)
    resp = client.get("/api/cohorts")
    assert resp.status_code == 500
    assert "secret internals" not in resp.get_data(as_text=True)
    assert resp.get_json()["error"] == "internal"


def test_an_unexpected_error_on_a_write_never_claims_nothing_was_changed(app, client,
                                                                         monkeypatch):
    """A failure after the write may have gone through (the store's answer lost,
    a later step failing): the answer must not promise it did not happen."""
    from functions.db import programs

    def boom(*args, **kwargs):
        raise RuntimeError("connection refused after the commit")
    monkeypatch.setattr(programs, "get_cohort", boom)
    resp = client.post("/api/cohorts/c1/enrollments", json=mentee(),
                       headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 500
    message = resp.get_json()["message"]
    assert "nothing was changed" not in message
    assert "may or may not have been saved" in message and "reload" in message
