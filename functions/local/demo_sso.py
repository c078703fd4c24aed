"""``tandem serve --demo-sso``: single sign-on to try on one machine.

Starts the local OpenID provider (``oidc_provider``) with demo people and
points the portal's settings at it, as ``TANDEM_OIDC_*`` would. The people:
``ada`` (in the group ``mentoring-admins``: an admin by the claim), a mentee
of the demo's published cohort (so My mentoring has a match to show), and
``una`` (an unverified address: refused). The provider's sign-in page takes
any password.
"""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

from functions.local import oidc_provider
from functions.settings import Settings

ADMIN_GROUP = "mentoring-admins"


def _people(data_dir: str) -> Path:
    """The demo people, with a real mentee of the published demo cohort."""
    from functions.db import roster
    from functions.local import demo_journal
    people = json.loads(oidc_provider.DEMO_USERS.read_text())
    try:
        mentee = next(p for p in roster.everyone(demo_journal.COHORT_ID)
                      if p["role"] == "mentee")
        people["maya"] = {"email": mentee["email"], "email_verified": True,
                          "name": mentee["name"], "groups": ["staff"]}
    except Exception:  # no demo cohort in this folder: the file's own Maya signs in
        pass
    path = Path(data_dir).resolve() / "demo-sso-people.json"
    path.write_text(json.dumps(people, indent=1))
    return path


def start(settings: Settings, data_dir: str, stack: contextlib.ExitStack) -> Settings:
    """Start the provider (stopped by ``stack``); the settings that use it."""
    people = _people(data_dir)
    provider = oidc_provider.start(people, [{
        "client_id": oidc_provider.DEMO_CLIENT_ID,
        "client_secret": oidc_provider.DEMO_CLIENT_SECRET,
        "redirect_uris": [settings.public_url.rstrip("/") + "/api/auth/oidc/callback"]}])
    stack.callback(provider.stop)
    logins = ", ".join(f"{login} ({p['email']})" for login, p in json.loads(
        people.read_text()).items())
    print(f"Single sign-on: a local OpenID provider at {provider.issuer} (any password). "
          f"Sign in as {logins}; ada is an admin by the group {ADMIN_GROUP}.", flush=True)
    return settings.with_(oidc_issuer=provider.issuer,
                          oidc_client_id=oidc_provider.DEMO_CLIENT_ID,
                          oidc_client_secret=oidc_provider.DEMO_CLIENT_SECRET,
                          oidc_admin_claim=f"groups={ADMIN_GROUP}",
                          oidc_name="Demo Company")
