"""The pair's pages for ``lighthouse.py``: My mentoring signed in, and the
match page, for a demo mentee whose journal has some length.

Against a ``tandem serve --demo`` whose data folder is given (``--data``):

- she signs in as a person does, by the link e-mailed to her (read from the
  folder's outbox); Lighthouse then sends her session cookie
  (``--extra-headers``) and opens ``/me.html#signed-in``, the address single
  sign-on comes back to, which tells the page a session is there;
- her match page is opened by the link her match e-mail carries, signed with
  the server's own key (``DIR/secret-keys``), as publishing signs it;
- her session is kept in ``DIR/benchmark-pair-session.json`` and used again
  while it lasts: sign-in links are limited to 5 an hour per address;
- her journal is first filled up, through the API as she would, to
  ``MEETINGS`` logged meetings with notes and ``GOALS`` goals of
  ``MILESTONES`` milestones each (only what is missing is added, so a rerun
  adds nothing).
"""
from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MEETINGS, GOALS, MILESTONES = 24, 5, 3
SESSION = "benchmark-pair-session.json"
XRW = {"X-Requested-With": "tandem", "Content-Type": "application/json"}
LINK = re.compile(r"/me\.html#t=([A-Za-z0-9_-]+)")
NOTES = ("We went through the week: what went well, what was hard, and one thing to "
         "try before we meet again. Next time: the draft of the talk.\n")


class Client:
    """A browser's worth of HTTP: cookies kept, the site's CSRF header sent."""

    def __init__(self, base: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=XRW)
        with self.opener.open(req, timeout=30) as resp:
            return json.loads(resp.read() or b"{}")

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def _link(data: Path, email: str, after: float) -> str:
    """The token of the newest sign-in link to ``email`` written after ``after``."""
    from email import policy
    from email.parser import BytesParser
    for _ in range(100):
        for path in sorted((data / "outbox").glob("*.eml"), key=lambda p: p.stat().st_mtime,
                           reverse=True):
            if path.stat().st_mtime < after:
                break
            msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            found = LINK.search(msg.get_body(("plain",)).get_content())
            if msg["To"] == email and found:
                return found.group(1)
        time.sleep(0.2)
    sys.exit(f"no sign-in link for {email} in {data}/outbox: is --data the server's folder?")


def sign_in(base: str, data: Path, email: str) -> Client:
    client = Client(base)
    asked = time.time() - 1
    client.call("POST", "/api/sign-in", {"email": email})
    client.call("POST", "/api/sign-in/token", {"token": _link(data, email, asked)})
    return client


def _kept(base: str, data: Path) -> tuple[Client, dict] | None:
    """The session and match of an earlier run, if the session still works."""
    path = data / SESSION
    if not path.exists():
        return None
    kept = json.loads(path.read_text())
    client = Client(base)
    for name, value in kept["cookies"].items():
        client.jar.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, urllib.parse.urlsplit(base).hostname, False, False,
            "/api/", True, False, None, False, None, None, {}))
    try:
        matches = client.call("GET", "/api/me")["matches"]
    except urllib.error.HTTPError:
        return None
    found = next((m for m in matches if m["id"] == kept["match"]), None)
    return (client, found) if found else None


def _keep(data: Path, client: Client, match: dict) -> None:
    (data / SESSION).write_text(json.dumps(
        {"cookies": {c.name: c.value for c in client.jar}, "match": match["id"]}))


def _open_match(base: str, data: Path) -> tuple[Client, dict]:
    """A demo winter mentee with an open match (the demo closes some)."""
    kept = _kept(base, data)
    if kept:
        return kept
    from functions.local import demo, demo_journal
    for person in demo.people(6, 14, seed=2026):  # demo_journal's people
        if person["role"] != "mentee":
            continue
        client = sign_in(base, data, f"winter.{person['email']}")
        for m in client.call("GET", "/api/me")["matches"]:
            if m["cohort"]["id"] == demo_journal.COHORT_ID:
                page = client.call("GET", f"/api/matches/{m['id']}")
                if page["status"] == "open":
                    _keep(data, client, m)
                    return client, m
    sys.exit("no open demo match: start the server with --demo")


def fill_journal(client: Client, match_id: str) -> dict:
    """Add what is missing of the journal's length; returns its counts."""
    page = client.call("GET", f"/api/matches/{match_id}")
    today = date.today()
    for i in range(len(page["meetings"]), MEETINGS):
        client.call("POST", f"/api/matches/{match_id}/meetings", {
            "date": (today - timedelta(days=7 * (i + 1))).isoformat(), "minutes": 45,
            "topics": ["goals", "feedback"], "notes": NOTES * 3, "shared": i % 2 == 0})
    for i in range(len(page["goals"]), GOALS):
        goal = client.call("POST", f"/api/matches/{match_id}/goals", {
            "title": f"Goal {i + 1}: lead a project review", "success": "Held, with feedback",
            "target_date": (today + timedelta(days=30 * (i + 1))).isoformat()})
        gid = goal.get("id") or goal.get("goal_id")
        for k in range(MILESTONES):
            client.call("POST", f"/api/matches/{match_id}/goals/{gid}/milestones",
                        {"title": f"Step {k + 1}"})
    page = client.call("GET", f"/api/matches/{match_id}")
    return {"meetings": len(page["meetings"]), "goals": len(page["goals"])}


def match_link(base: str, data: Path, cohort_id: str, participant_id: str) -> str:
    """The link her match e-mail carries, signed with the server's key."""
    from functions.domain.publishing import link_token
    from functions.local import secret_keys
    from functions.settings import Settings
    settings = Settings(secret_key=",".join(secret_keys.load_or_create(data)))
    return f"{base}/match.html#t={link_token(settings, cohort_id, participant_id)}"


def pages(base: str, data: Path) -> dict[str, tuple[str, dict | None]]:
    """{name: (url, extra headers)} of the pair's pages, her journal filled first."""
    client, match = _open_match(base, data)
    counts = fill_journal(client, match["id"])
    print(f"pair pages: {match['id']} with {counts['meetings']} meetings and "
          f"{counts['goals']} goals", flush=True)
    return {"my mentoring": (f"{base}/me.html#signed-in", {"Cookie": client.cookie()}),
            "match page": (match_link(base, data, match["cohort"]["id"], match["my_id"]), None)}
