"""The local OpenID provider for the single sign-on tests: its people, its
signing keys (so a test can sign a token with the provider's own key and
check that Tandem still refuses a wrong audience or an expired token), and
a walk through its sign-in page with plain HTTP."""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

CLIENT_ID, CLIENT_SECRET = "tandem-test", "a-client-secret-for-the-tests"
ADMIN_GROUP = "mentoring-admins"
PEOPLE = {
    # In the admin group: an admin by the claim.
    "ada": {"email": "ada@example.org", "email_verified": True, "name": "Ada Lovelace",
            "groups": [ADMIN_GROUP, "staff"]},
    # A participant (Maya of tests.api.participant_helpers.world).
    "maya": {"email": "maya@example.org", "email_verified": True, "name": "Maya Mentee",
             "groups": ["staff"]},
    # An address nobody verified: never signed in.
    "una": {"email": "una@example.org", "email_verified": False, "name": "Una Unverified",
            "groups": [ADMIN_GROUP]},
    # The admin the tests create with a password (tests.conftest.ADMIN_EMAIL).
    "root": {"email": "admin@example.org", "email_verified": True, "name": "First Admin",
             "groups": []},
    "ivy": {"email": "ivy@example.org", "email_verified": True, "name": "Ivy Invited",
            "groups": []},
    # As Microsoft Entra ID vouches: no email_verified, its domain-owner claim instead.
    "eve": {"email": "eve@example.org", "xms_edov": True, "name": "Eve Entra"},
    "ned": {"email": "ned@example.org", "xms_edov": False, "name": "Ned Entra"},
}


def write_people(path: Path, people: dict | None = None) -> Path:
    path.write_text(json.dumps(people or PEOPLE))
    return path


def write_keys(path: Path) -> dict:
    """A private RSA key set for the provider to sign with; returns it."""
    from joserfc.jwk import RSAKey
    key = RSAKey.generate_key(2048, parameters={"kid": "tandem-test-key", "alg": "RS256",
                                                "use": "sig"}, private=True)
    keys = {"keys": [key.as_dict(private=True)]}
    path.write_text(json.dumps(keys))
    return keys


def start_provider(tmp: Path, redirect_uris: list[str], claims_in: str = "id_token"):
    """The provider with ``PEOPLE`` and the test client; (provider, key set)."""
    from functions.local import oidc_provider
    people = write_people(tmp / "people.json")
    keys = write_keys(tmp / "jwks.json")
    provider = oidc_provider.start(people, [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                             "redirect_uris": redirect_uris}],
                                   jwks=tmp / "jwks.json", claims_in=claims_in)
    return provider, keys


def sign_in_at_provider(authorize_url: str, login: str,
                        browser: requests.Session | None = None) -> str:
    """Follow the provider from its authorization URL through its sign-in
    page as ``login``; returns the URL it sends the browser back to (the
    portal's callback with code and state)."""
    browser = browser or requests.Session()
    url = authorize_url
    for _ in range(10):
        resp = browser.get(url, allow_redirects=False, timeout=10)
        if resp.status_code in (302, 303):
            url = urljoin(url, resp.headers["Location"])
            if not url.startswith(authorize_url.split("/auth")[0]):
                return url  # left the provider: the portal's callback
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', resp.text)
        assert form, f"no sign-in form at {url}: {resp.status_code} {resp.text[:300]}"
        action = urljoin(url, unescape(form.group(1)))
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                 resp.text))
        fields.update(login=login, password="any password")
        resp = browser.post(action, data=fields, allow_redirects=False, timeout=10)
        assert resp.status_code in (302, 303), resp.text[:300]
        url = urljoin(action, resp.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
