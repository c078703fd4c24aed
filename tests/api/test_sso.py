"""Single sign-on against a real OpenID provider (oidc-provider on loopback):
the flow's redirects, who gets in as what, and every way it can fail, each
ending on the problem page with no session and a line in the audit log."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from functions.auth import oidc
from functions.db import admins, audit
from functions.local import free_port
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import enrol
from tests.conftest import ADMIN_EMAIL, post
from tests.sso_helpers import (ADMIN_GROUP, CLIENT_ID, CLIENT_SECRET, PEOPLE, query,
                               sign_in_at_provider, start_provider, write_people)

PORTAL = "http://localhost"
CALLBACK = PORTAL + "/api/auth/oidc/callback"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oidc")
    running, keys = start_provider(tmp, [CALLBACK])
    running.people = tmp / "people.json"
    running.keys = keys
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def fresh_people(provider):
    write_people(provider.people)
    oidc._CACHE.clear()
    yield
    write_people(provider.people)


def sso_settings(settings, issuer, **over):
    return settings.with_(oidc_issuer=issuer, oidc_client_id=CLIENT_ID,
                          oidc_client_secret=CLIENT_SECRET, public_url=PORTAL,
                          oidc_admin_claim=f"groups={ADMIN_GROUP}", oidc_name="Example Corp",
                          **over)


@pytest.fixture
def sso_app(tables, settings, provider):
    from functions.app import create_app
    app = create_app(sso_settings(settings, provider.issuer))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def browser(sso_app):
    return sso_app.test_client()


def start(client, who="admin", **extra):
    resp = client.get("/api/auth/oidc/login", query_string={"who": who, **extra})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return resp.headers["Location"]


def come_back(client, url):
    """Open the provider's redirect back to the portal in the test client."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == PORTAL
    return client.get(parts.path, query_string=parts.query)


def sign_in(client, login, who="admin", **extra):
    return come_back(client, sign_in_at_provider(start(client, who, **extra), login))


def problem_of(resp) -> str | None:
    assert resp.status_code == 302
    where = urlsplit(resp.headers["Location"])
    return query(resp.headers["Location"]).get("problem") if where.path == \
        "/sign-in-problem.html" else None


def session_cookies(resp) -> list[str]:
    return [c for c in resp.headers.getlist("Set-Cookie")
            if c.startswith(("tandem_session=", "tandem_participant=")) and "Expires=Thu, 01 Jan 1970" not in c]


def last_audit(action: str) -> dict:
    entries, _ = audit.page(50)
    return next(e for e in entries if e["action"] == action)


# -- the flow --------------------------------------------------------------------

def test_status_says_whether_sso_is_on_and_its_name(browser, client):
    assert browser.get("/api/auth/oidc").get_json() == {
        "enabled": True, "name": "Example Corp", "password_sign_in": True}
    assert client.get("/api/auth/oidc").get_json()["enabled"] is False


def test_login_redirects_to_the_provider_with_state_nonce_and_pkce(browser, provider):
    resp = browser.get("/api/auth/oidc/login?who=admin")
    assert resp.status_code == 302
    url = resp.headers["Location"]
    assert url.startswith(provider.issuer + "/auth?")
    q = query(url)
    assert q["client_id"] == CLIENT_ID and q["redirect_uri"] == CALLBACK
    assert q["response_type"] == "code" and set(q["scope"].split()) == {"openid", "email",
                                                                         "profile"}
    assert len(q["state"]) >= 32 and len(q["nonce"]) >= 32
    assert q["code_challenge_method"] == "S256" and len(q["code_challenge"]) == 43
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("tandem_oidc="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/api/auth/oidc/" in cookie
    # Neither the state's secrets nor any token are readable in it.
    assert q["nonce"] not in cookie


def test_login_refuses_an_unknown_kind_of_person(browser):
    resp = browser.get("/api/auth/oidc/login?who=root")
    assert resp.status_code == 422 and resp.get_json()["field"] == "who"


def test_an_admin_by_the_group_claim_reaches_the_admin_page(browser):
    resp = sign_in(browser, "ada")
    assert resp.headers["Location"] == "/admin/#signed-in"
    assert len(session_cookies(resp)) == 1
    assert browser.get("/api/admin/me").get_json() == {"email": "ada@example.org"}
    assert admins.get_admin("ada@example.org")["granted_by"] == "sso-claim"
    assert last_audit("sign_in.sso")["object_id"] == "ada@example.org"
    # No password of hers exists to sign in with.
    assert post(browser, "/api/admin/login", {"email": "ada@example.org",
                                              "password": "x" * 20}).status_code == 401


def test_losing_the_claim_removes_admin_at_the_next_sign_in(browser, sso_app, provider, auth):
    auth.create()  # another admin: the last one is never removed
    assert sign_in(browser, "ada").headers["Location"] == "/admin/#signed-in"
    people = {**PEOPLE, "ada": {**PEOPLE["ada"], "groups": ["staff"]}}
    write_people(provider.people, people)
    other = sso_app.test_client()
    resp = sign_in(other, "ada")
    assert problem_of(resp) == "not_admin" and not session_cookies(resp)
    assert admins.get_admin("ada@example.org") is None
    # Her session from before ends with the admin rights.
    assert browser.get("/api/admin/me").status_code == 401
    assert last_audit("admin.claim_lost")["object_id"] == "ada@example.org"


def test_an_admin_made_by_invitation_keeps_admin_without_the_claim(browser, auth):
    auth.create()  # admin@example.org, with a password, in no group
    resp = sign_in(browser, "root")
    assert resp.headers["Location"] == "/admin/#signed-in"
    assert browser.get("/api/admin/me").get_json() == {"email": ADMIN_EMAIL}


def test_a_pending_invitation_is_accepted_by_signing_in_with_its_address(browser, sso_app,
                                                                         auth):
    auth.create()
    inviter = sso_app.test_client()
    assert post(inviter, "/api/admin/login", {"email": ADMIN_EMAIL,
                                              "password": "a-long-test-password"}).status_code == 200
    assert post(inviter, "/api/admin/admins", {"email": "ivy@example.org"}).status_code == 201
    resp = sign_in(browser, "ivy")
    assert resp.headers["Location"] == "/admin/#signed-in"
    assert browser.get("/api/admin/me").get_json() == {"email": "ivy@example.org"}
    listed = inviter.get("/api/admin/admins").get_json()
    assert "ivy@example.org" in [a["email"] for a in listed["admins"]]
    assert listed["invitations"] == []


def test_someone_who_is_no_admin_is_refused_without_a_session(browser):
    resp = sign_in(browser, "maya")
    assert problem_of(resp) == "not_admin" and not session_cookies(resp)
    assert query(resp.headers["Location"])["who"] == "admin"
    assert browser.get("/api/admin/me").status_code == 401
    refused = last_audit("sign_in.sso_refused")
    assert refused["object_id"] == "maya@example.org"
    assert refused["detail"]["problem"] == "not_admin"


def test_a_participant_signs_in_and_sees_her_enrolments(browser):
    make_cohort()
    enrol("c1", "mentee", "Maya Mentee", "maya@example.org")
    resp = sign_in(browser, "maya", who="participant")
    assert resp.headers["Location"] == "/me.html#signed-in"
    me = browser.get("/api/me").get_json()
    assert me["email"] == "maya@example.org" and me["enrolments"][0]["cohort"] == "c1"
    assert browser.get("/api/auth/oidc/participant").get_json() == {
        "email": "maya@example.org", "name": "Maya Mentee"}
    assert browser.get("/api/admin/me").status_code == 401  # a participant, not an admin


def test_enrolment_gets_the_sign_in_back_to_its_cohort(browser):
    resp = sign_in(browser, "maya", who="participant", next="/enrol.html?cohort=c1")
    assert resp.headers["Location"] == "/enrol.html?cohort=c1#signed-in"
    # Another site is never a place to return to.
    url = start(browser, "participant", next="https://evil.example/enrol.html")
    resp = come_back(browser, sign_in_at_provider(url, "maya"))
    assert resp.headers["Location"] == "/me.html#signed-in"


def test_an_unverified_address_is_refused(browser):
    resp = sign_in(browser, "una", who="participant")
    assert problem_of(resp) == "unverified" and not session_cookies(resp)
    assert browser.get("/api/me").status_code == 401
    assert last_audit("sign_in.sso_refused")["detail"]["problem"] == "unverified"


# -- state, code, token -------------------------------------------------------------

def test_an_answer_for_another_browser_is_refused(browser, sso_app):
    back = sign_in_at_provider(start(browser), "ada")
    stranger = sso_app.test_client()  # holds no pending sign-in
    resp = come_back(stranger, back)
    assert problem_of(resp) == "state" and not session_cookies(resp)
    assert last_audit("sign_in.sso_refused")["detail"]["problem"] == "state"


def test_a_changed_state_is_refused(browser):
    back = sign_in_at_provider(start(browser), "ada")
    resp = come_back(browser, back.replace("state=", "state=x"))
    assert problem_of(resp) == "state" and not session_cookies(resp)
    assert browser.get("/api/admin/me").status_code == 401


def test_a_replayed_code_is_refused(browser, sso_app):
    url = start(browser)
    pending = browser.get_cookie("tandem_oidc", path="/api/auth/oidc/").value
    back = sign_in_at_provider(url, "ada")
    assert come_back(browser, back).headers["Location"] == "/admin/#signed-in"
    # The same answer again, with the same pending cookie (as an attacker who copied both).
    replay = sso_app.test_client()
    replay.set_cookie("tandem_oidc", pending, domain="localhost", path="/api/auth/oidc/")
    resp = come_back(replay, back)
    assert problem_of(resp) == "code" and not session_cookies(resp)
    assert "invalid_grant" in last_audit("sign_in.sso_refused")["detail"]["detail"]


def test_the_provider_saying_no_is_a_problem_page(browser):
    url = start(browser)
    state = query(url)["state"]
    resp = browser.get("/api/auth/oidc/callback", query_string={
        "state": state, "error": "access_denied", "error_description": "End-User aborted"})
    assert problem_of(resp) == "denied"


def forge(monkeypatch, change):
    """Let the real exchange happen, then hand Tandem a changed ID token."""
    real = oidc._exchange

    def exchanged(*args, **kwargs):
        token = real(*args, **kwargs)
        token["id_token"] = change(token["id_token"])
        return token
    monkeypatch.setattr(oidc, "_exchange", exchanged)


def resign(provider, **claims):
    """Re-sign an ID token with the provider's own key after changing claims."""
    keys = KeySet.import_key_set(provider.keys)

    def change(id_token):
        old = jwt.decode(id_token, keys)
        return jwt.encode({"alg": "RS256", "kid": "tandem-test-key"},
                          {**old.claims, **claims}, keys)
    return change


def test_a_tampered_token_is_refused(browser, monkeypatch):
    def tamper(id_token):
        head, body, sig = id_token.split(".")
        return ".".join([head, body, ("A" if sig[0] != "A" else "B") + sig[1:]])
    forge(monkeypatch, tamper)
    resp = sign_in(browser, "ada")
    assert problem_of(resp) == "signature" and not session_cookies(resp)


def test_a_token_signed_by_another_key_is_refused(browser, monkeypatch, tmp_path):
    from tests.sso_helpers import write_keys
    stranger = write_keys(tmp_path / "other.json")
    # The provider's key id, another key: only the signature can tell.
    forge(monkeypatch, lambda t: jwt.encode({"alg": "RS256", "kid": "tandem-test-key"},
                                            _claims(t), KeySet.import_key_set(stranger)))
    resp = sign_in(browser, "ada")
    assert problem_of(resp) == "signature"


def _claims(id_token: str) -> dict:
    import base64
    import json
    body = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_a_token_for_another_audience_is_refused(browser, monkeypatch, provider):
    forge(monkeypatch, resign(provider, aud="another-application"))
    resp = sign_in(browser, "ada")
    assert problem_of(resp) == "audience" and not session_cookies(resp)
    assert admins.get_admin("ada@example.org") is None


def test_a_token_for_another_audience_but_naming_us_as_its_party_is_refused(
        browser, monkeypatch, provider):
    forge(monkeypatch, resign(provider, aud=["another-application"], azp=CLIENT_ID))
    resp = sign_in(browser, "ada")
    assert problem_of(resp) == "audience" and not session_cookies(resp)


def test_an_expired_token_is_refused(browser, monkeypatch, provider):
    now = int(time.time())
    forge(monkeypatch, resign(provider, iat=now - 7200, exp=now - 3600))
    resp = sign_in(browser, "ada")
    assert problem_of(resp) == "expired" and not session_cookies(resp)


def test_a_token_with_another_nonce_is_refused(browser, monkeypatch, provider):
    forge(monkeypatch, resign(provider, nonce="not-the-one-sent"))
    assert problem_of(sign_in(browser, "ada")) == "token"


def test_a_token_from_another_issuer_is_refused(browser, monkeypatch, provider):
    forge(monkeypatch, resign(provider, iss="https://elsewhere.example"))
    assert problem_of(sign_in(browser, "ada")) == "token"


# -- the provider down, SSO off, passwords off -----------------------------------------

def test_a_provider_that_does_not_answer_is_a_problem_page(tables, settings):
    from functions.app import create_app
    app = create_app(sso_settings(settings, f"http://127.0.0.1:{free_port()}"))
    resp = app.test_client().get("/api/auth/oidc/login?who=participant")
    assert problem_of(resp) == "provider"
    assert last_audit("sign_in.sso_refused")["detail"]["problem"] == "provider"


def test_a_provider_gone_between_the_two_legs_is_a_problem_page(tables, settings, tmp_path):
    from functions.app import create_app
    running, _ = start_provider(tmp_path, [CALLBACK])
    try:
        client = create_app(sso_settings(settings, running.issuer)).test_client()
        back = sign_in_at_provider(start(client), "ada")
    finally:
        running.stop()
    resp = come_back(client, back)
    assert problem_of(resp) == "provider" and not session_cookies(resp)


def test_claims_only_in_userinfo_are_read_from_there(tables, settings, tmp_path):
    from functions.app import create_app
    running, _ = start_provider(tmp_path, [CALLBACK], claims_in="userinfo")
    try:
        client = create_app(sso_settings(settings, running.issuer)).test_client()
        resp = sign_in(client, "ada")
    finally:
        running.stop()
    assert resp.headers["Location"] == "/admin/#signed-in"
    assert client.get("/api/admin/me").get_json() == {"email": "ada@example.org"}


def test_without_settings_sso_is_off(client):
    resp = client.get("/api/auth/oidc/login?who=admin")
    assert problem_of(resp) == "setup"
    assert problem_of(client.get("/api/auth/oidc/callback?state=a&code=b")) == "setup"


def test_plain_http_is_refused_for_an_issuer_off_loopback(settings):
    assert "https" in oidc.setup_problem(sso_settings(settings, "http://idp.example"))
    assert oidc.setup_problem(sso_settings(settings, "https://idp.example")) is None


def test_password_sign_in_can_be_turned_off(tables, settings, provider, auth):
    from functions.app import create_app
    app = create_app(sso_settings(settings, provider.issuer, password_sign_in=False))
    auth.create()
    client = app.test_client()
    resp = post(client, "/api/admin/login", {"email": ADMIN_EMAIL,
                                            "password": "a-long-test-password"})
    assert resp.status_code == 403 and "single sign-on" in resp.get_json()["message"]
    assert not session_cookies(resp)
    assert client.get("/api/auth/oidc").get_json()["password_sign_in"] is False
    assert sign_in(client, "root").headers["Location"] == "/admin/#signed-in"
