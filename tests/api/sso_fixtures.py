"""Fixtures of the single sign-on API tests: a real OpenID provider
(oidc-provider on loopback, one per test module), an app configured for it,
and a browser's walk through both legs with the Flask test client."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from functions.auth import oidc
from functions.db import audit
from tests.sso_helpers import (ADMIN_GROUP, CLIENT_ID, CLIENT_SECRET, query,
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
            if c.startswith(("tandem_session=", "tandem_participant="))
            and "Expires=Thu, 01 Jan 1970" not in c]


def last_audit(action: str) -> dict:
    entries, _ = audit.page(50)
    return next(e for e in entries if e["action"] == action)
