"""CSRF rules, body limits, error shape and security headers."""
import pytest

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
    assert resp.is_json


def test_wrong_method_is_json_405(client):
    resp = client.get(URL)
    assert resp.status_code == 405
    assert resp.is_json


def test_security_headers_on_every_response(client):
    for resp in (client.get("/api/health"), client.get("/api/nothing")):
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "same-origin"


def test_unexpected_error_is_a_json_500_without_traceback(app, client, monkeypatch):
    from functions import store

    def boom():
        raise RuntimeError("secret internals")
    monkeypatch.setattr(store, "list_open_cohorts", boom)
    resp = client.get("/api/cohorts")
    assert resp.status_code == 500
    assert "secret internals" not in resp.get_data(as_text=True)
    assert resp.get_json()["error"] == "internal"
