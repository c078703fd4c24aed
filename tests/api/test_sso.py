"""Single sign-on against a real OpenID provider (oidc-provider on loopback):
the flow's redirects, and who gets in as what. The ways it fails are in
test_sso_failures.py."""
from __future__ import annotations

from functions.db import admins
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import enrol
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, post
from tests.sso_helpers import CLIENT_ID, PEOPLE, query, sign_in_at_provider, write_people
from tests.api.sso_fixtures import (
    CALLBACK, come_back, last_audit, problem_of, session_cookies, sign_in, start)
from tests.api.sso_fixtures import (  # noqa: F401  (fixtures)
    browser, fresh_people, provider, sso_app)


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
    listed = browser.get("/api/admin/admins").get_json()["admins"]
    assert {a["email"]: a["granted_by"] for a in listed} == {"ada@example.org": "sso-claim"}
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
    assert post(inviter, "/api/admin/login",
                {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status_code == 200
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


def test_an_address_vouched_for_as_entra_id_does_is_taken(browser):
    resp = sign_in(browser, "eve", who="participant")
    assert resp.headers["Location"] == "/me.html#signed-in"
    assert browser.get("/api/me").get_json()["email"] == "eve@example.org"
    assert problem_of(sign_in(browser, "ned", who="participant")) == "unverified"
