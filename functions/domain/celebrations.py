"""Achievements told to the partner: a milestone ticked off, and a goal
reached when that was its last open milestone. The page shows them to both
(``site/js/next-steps.js``); this e-mails each partner once per tick (a box
unticked and ticked again is a new achievement, and is told again)."""
from __future__ import annotations

from functions import notify
from functions.db import journal as store, program_mail
from functions.domain import journal, participant_matches, program_emails
from functions.settings import Settings


def tick(settings: Settings, match_id: str, email: str, goal_id: str, ms_id: str,
         body) -> dict:
    """``journal.edit_milestone``, then, when it went from open to done, the
    partners are told; the answer says how many (``celebrated``)."""
    before = store.get(match_id, f"goal#{goal_id}#ms#{ms_id}")
    done = journal.edit_milestone(match_id, email, goal_id, ms_id, body)
    if before and not before["data"].get("done") and done["data"].get("done"):
        done["celebrated"] = _tell(settings, match_id, email, goal_id, done["data"]["title"])
    return done


def _tell(settings: Settings, match_id: str, email: str, goal_id: str, milestone: str) -> int:
    m = participant_matches.load(match_id, email)
    items = store.items(match_id)
    goal = next((i["data"] for i in items if i["key"] == f"goal#{goal_id}"), {})
    steps = [i["data"] for i in items if i["key"].startswith(f"goal#{goal_id}#ms#")]
    reached = bool(steps) and all(s.get("done") for s in steps)
    link = f"{(settings.public_url or '').rstrip('/')}/me.html"
    # In the program's own words if it has them (functions.domain.program_emails).
    templates = program_mail.email_templates(m["program"]["id"])
    sent = 0
    for p in m["partners"]:
        if not p.get("email"):
            continue
        first = p["name"].split()[0] if p["name"].strip() else "there"
        subject, text, html = program_emails.compose(templates, "celebration", {
            "name": p["name"], "first_name": first, "program": m["program"]["name"],
            "partner": m["me"]["name"], "milestone": milestone,
            "goal": goal.get("title", "your goal"), "reached": reached,
            "my_mentoring_link": link})
        sent += notify.deliver(settings, p["email"], subject, text, html=html)
    return sent
