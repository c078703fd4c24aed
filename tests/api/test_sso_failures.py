"""Single sign-on's failures against a real OpenID provider: each one ends
on the problem page with no session and a line in the audit log. Tokens a
provider would never send are made by signing with the provider's own key
after the real exchange, so only Tandem's checks can tell them apart."""
from __future__ import annotations

import time

from joserfc import jwt
from joserfc.jwk import KeySet

from functions.auth import oidc
from functions.db import admins, audit
from functions.local import free_port
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, post
from tests.sso_helpers import CLIENT_ID, query, sign_in_at_provider, start_provider
from tests.api.sso_fixtures import (
    CALLBACK, come_back, last_audit, problem_of, session_cookies, sign_in, sso_settings, start)
from tests.api.sso_fixtures import (  # noqa: F401  (fixtures)
    browser, fresh_people, provider, sso_app)


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
    resp = post(client, "/api/admin/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert resp.status_code == 403 and "single sign-on" in resp.get_json()["message"]
    assert not session_cookies(resp)
    assert client.get("/api/auth/oidc").get_json()["password_sign_in"] is False
    assert sign_in(client, "root").headers["Location"] == "/admin/#signed-in"


def test_a_forged_or_stale_pending_cookie_is_refused(browser, sso_app, monkeypatch):
    url = start(browser)
    pending = browser.get_cookie("tandem_oidc", path="/api/auth/oidc/").value
    back = sign_in_at_provider(url, "ada")
    forged = sso_app.test_client()
    forged.set_cookie("tandem_oidc", pending[:-2] + ("AA" if pending[-2:] != "AA" else "BB"),
                      domain="localhost", path="/api/auth/oidc/")
    assert problem_of(come_back(forged, back)) == "state"
    # Eleven minutes later the same cookie is too old.
    from functions.auth import oidc_pending
    real = time.time()
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: real + 660)
    assert oidc_pending.unseal(sso_app.config["TANDEM"], pending) is None
    resp = come_back(browser, back)
    assert problem_of(resp) == "state" and not session_cookies(resp)


def test_refusals_past_a_bound_per_client_are_counted_not_logged(browser, monkeypatch):
    from functions.auth import oidc_sessions
    monkeypatch.setattr(oidc_sessions, "LOGGED_REFUSALS", 2)
    for _ in range(4):  # answers no browser asked for, replayed
        assert problem_of(browser.get("/api/auth/oidc/callback?state=x&code=y")) == "state"
    entries, _ = audit.page(50)
    actions = [e["action"] for e in entries]
    assert actions.count("sign_in.sso_refused") == 2
    assert actions.count("sign_in.sso_refusals_not_logged") == 1
