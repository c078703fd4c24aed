"""Participant sign-in: e-mailed one-time links, server-side sessions, limits."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone

from functions.auth import participant as auth
from functions.db import participant_auth
from tests.api.participant_helpers import enrol, links, mail_app, sign_in  # noqa: F401
from tests.api.helpers import make_cohort
from tests.conftest import post


def _people():
    make_cohort()
    enrol("c1", "mentee", "Maya Mentee", "maya@example.org")


def test_a_link_signs_in_once_and_the_answer_is_the_same_for_any_address(mail_app, caplog):
    caplog.set_level(logging.DEBUG)
    _people()
    client = mail_app.test_client()
    known = post(client, "/api/sign-in", {"email": "Maya@Example.org"})
    unknown = post(client, "/api/sign-in", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    settings = mail_app.config["TANDEM"]
    [token] = links(settings, "maya@example.org")
    assert links(settings, "nobody@example.org") == []
    assert len(token) >= 22  # 32 random bytes, base64url: 256 bits (at least 128 required)
    assert client.get("/api/me").status_code == 401
    resp = post(client, "/api/sign-in/token", {"token": token})
    assert resp.status_code == 200
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/" in cookie
    me = client.get("/api/me").get_json()
    assert me["email"] == "maya@example.org" and me["name"] == "Maya Mentee"
    assert me["role"] == "mentee" and me["matches"] == []
    # Used once: a second use, from anyone, is refused.
    again = post(mail_app.test_client(), "/api/sign-in/token", {"token": token})
    assert again.status_code == 401 and again.get_json()["field"] == "token"
    # The token never reaches a log line.
    assert token not in caplog.text
    # The table holds only its hash.
    assert participant_auth.SignInToken.count() == 0


def test_twenty_concurrent_uses_of_one_link_sign_in_exactly_once(mail_app):
    _people()
    post(mail_app.test_client(), "/api/sign-in", {"email": "maya@example.org"})
    [token] = links(mail_app.config["TANDEM"], "maya@example.org")
    start = threading.Barrier(20)
    codes = []

    def use():
        client = mail_app.test_client()
        start.wait()
        codes.append(post(client, "/api/sign-in/token", {"token": token}).status_code)

    threads = [threading.Thread(target=use) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200] + [401] * 19
    assert participant_auth.ParticipantSession.count() == 1


def test_an_expired_or_made_up_token_is_401(mail_app):
    _people()
    client = mail_app.test_client()
    post(client, "/api/sign-in", {"email": "maya@example.org"})
    [token] = links(mail_app.config["TANDEM"], "maya@example.org")
    item = next(participant_auth.SignInToken.scan())  # a test may look at the whole table
    item.update(actions=[participant_auth.SignInToken.expires.set(
        datetime.now(timezone.utc) - timedelta(seconds=1))])
    assert post(client, "/api/sign-in/token", {"token": token}).status_code == 401
    assert post(client, "/api/sign-in/token", {"token": "x" * 43}).status_code == 401
    bad = post(client, "/api/sign-in/token", {"token": 12})
    assert bad.status_code == 422 and bad.get_json()["field"] == "token"
    bad = post(client, "/api/sign-in", {"email": "not-an-address"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "email"


def test_sign_out_revokes_the_session_on_the_server(mail_app):
    _people()
    client = sign_in(mail_app, "maya@example.org")
    stolen = client.get_cookie(auth.COOKIE_NAME, path="/api/").value
    assert client.get("/api/me").status_code == 200
    assert post(client, "/api/sign-out", {}).status_code == 200
    assert client.get("/api/me").status_code == 401
    # The old cookie value, replayed, is dead too: the session is gone server-side.
    other = mail_app.test_client()
    other.set_cookie(auth.COOKIE_NAME, stolen, path="/api/")
    assert other.get("/api/me").status_code == 401


def test_a_session_ends_after_its_idle_time_and_its_absolute_time(mail_app):
    _people()
    client = sign_in(mail_app, "maya@example.org")
    [session] = list(participant_auth.ParticipantSession.scan())
    moment = datetime.now(timezone.utc)
    session.update(actions=[participant_auth.ParticipantSession.last_seen.set(
        moment - auth.IDLE - timedelta(seconds=1))])
    assert client.get("/api/me").status_code == 401
    client = sign_in(mail_app, "maya@example.org")
    fresh = [s for s in participant_auth.ParticipantSession.scan() if s.last_seen > moment]
    fresh[0].update(actions=[participant_auth.ParticipantSession.expires.set(
        moment - timedelta(seconds=1))])
    assert client.get("/api/me").status_code == 401


def test_link_requests_are_limited_per_address_and_per_client(mail_app):
    _people()
    client = mail_app.test_client()
    for _ in range(auth.PER_ADDRESS):
        assert post(client, "/api/sign-in", {"email": "maya@example.org"}).status_code == 202
    refused = post(client, "/api/sign-in", {"email": "maya@example.org"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # Unknown addresses are counted alike, so a 429 says nothing about enrolment.
    for _ in range(auth.PER_ADDRESS):
        post(client, "/api/sign-in", {"email": "nobody@example.org"})
    assert post(client, "/api/sign-in", {"email": "nobody@example.org"}).status_code == 429
    assert len(links(mail_app.config["TANDEM"], "maya@example.org")) == auth.PER_ADDRESS
    # One client walking through many addresses runs out too.
    other = mail_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    codes = [post(other, "/api/sign-in", {"email": f"x{i}@example.org"}).status_code
             for i in range(auth.PER_CLIENT + 1)]
    assert codes == [202] * auth.PER_CLIENT + [429]
