"""Admin sign-in, sessions and the participant list."""
from datetime import datetime, timedelta, timezone

import pytest

from functions.db import AdminSession
from tests.api.helpers import make_cohort, mentee, mentor
from tests.conftest import ADMIN_EMAIL, post

ADMIN_GETS = ["/api/admin/me", "/api/admin/programs", "/api/admin/cohorts/c1",
              "/api/admin/cohorts/c1/participants"]


@pytest.mark.parametrize("url", ADMIN_GETS)
def test_admin_api_needs_a_session(client, url):
    make_cohort()
    resp = client.get(url)
    assert resp.status_code == 401
    assert resp.get_json()["error"] == "unauthorized"


def test_logout_needs_a_session(client):
    assert post(client, "/api/admin/logout", {}).status_code == 401


def test_login_sets_a_strict_httponly_cookie(client, auth):
    auth.create()
    resp = auth.login()
    assert resp.status_code == 200
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/" in cookie
    assert "Secure" not in cookie  # test client talks to localhost over http


def test_cookie_is_secure_off_localhost(client, auth):
    auth.create()
    resp = post(client, "/api/admin/login", {"email": ADMIN_EMAIL,
                                              "password": "a-long-test-password"},
                headers={"Host": "mentoring.example.org"})
    assert "Secure" in resp.headers["Set-Cookie"]


def test_password_is_stored_as_argon2id(tables, light_argon2, monkeypatch):
    """With the production hasher (tests run a lighter one, see conftest)."""
    from functions.auth import admin as auth
    from functions.db import admins
    monkeypatch.setattr(auth, "_hasher", light_argon2)
    auth.create_admin("x@example.org", "another-long-password")
    stored = admins.get_admin("x@example.org")["password_hash"]
    assert stored.startswith("$argon2id$") and "another-long-password" not in stored
    # Memory-hard at argon2-cffi's RFC 9106 "low memory" profile: 64 MiB, 3 passes.
    assert "$m=65536,t=3,p=4$" in stored
    assert auth.verify_password(stored, "another-long-password")


def test_short_password_is_refused(tables):
    from functions.auth import admin as auth
    from functions.errors import Invalid
    with pytest.raises(Invalid, match="at least 12"):
        auth.create_admin("x@example.org", "short")


@pytest.mark.parametrize("email, password", [
    (ADMIN_EMAIL, "wrong-password-123"),
    ("nobody@example.org", "a-long-test-password"),
])
def test_bad_credentials_are_401(client, auth, email, password):
    auth.create()
    resp = auth.login(email, password)
    assert resp.status_code == 401
    assert resp.get_json()["message"] == "wrong e-mail or password"
    assert "Set-Cookie" not in resp.headers


def test_login_body_is_validated(client, auth):
    resp = post(client, "/api/admin/login", {"email": ADMIN_EMAIL})
    assert resp.status_code == 422 and resp.get_json()["field"] == "password"


def test_admin_sees_participants_and_counts(admin_client):
    make_cohort()
    post(admin_client, "/api/cohorts/c1/enrollments", mentee())
    post(admin_client, "/api/cohorts/c1/enrollments", mentor())
    people = admin_client.get("/api/admin/cohorts/c1/participants").get_json()
    assert [(p["role"], p["email"]) for p in people] == [("mentee", "maya@example.org"),
                                                          ("mentor", "omar@example.org")]
    programs = admin_client.get("/api/admin/programs").get_json()
    assert programs[0]["cohorts"][0]["counts"] == {"mentor": 1, "mentee": 1}
    assert admin_client.get("/api/admin/cohorts/c1").get_json()["counts"] == {
        "mentor": 1, "mentee": 1}
    assert admin_client.get("/api/admin/me").get_json() == {"email": ADMIN_EMAIL}


def test_participants_of_unknown_cohort_is_404(admin_client):
    assert admin_client.get("/api/admin/cohorts/nope/participants").status_code == 404


def test_logout_revokes_the_session_server_side(client, auth):
    auth.create()
    auth.login()
    token = client.get_cookie("tandem_session", path="/api/").value
    assert auth.logout().status_code == 200
    # Replaying the old token after sign-out must fail.
    client.set_cookie("tandem_session", token, path="/api/")
    assert client.get("/api/admin/me").status_code == 401


def test_expired_session_is_refused_even_before_ttl_deletes_it(client, auth):
    auth.create()
    auth.login()
    [session] = list(AdminSession.scan())
    session.expires = datetime.now(timezone.utc) - timedelta(minutes=1)
    session.save()
    assert client.get("/api/admin/me").status_code == 401


def test_sessions_store_only_a_hash_of_the_token(client, auth):
    auth.create()
    auth.login()
    token = client.get_cookie("tandem_session", path="/api/").value
    [session] = list(AdminSession.scan())
    assert session.token_hash != token and len(session.token_hash) == 64
