"""A match's shared work: goals with milestones, meetings, feedback,
check-ins and closure — the rules; ``functions.db.journal`` stores them.

Who sees what: goals and meetings belong to the match; a meeting's notes
only when shared or one's own; feedback its author and its recipients;
check-ins and the closure survey their author (and, later, the admin's
reports). Every write goes through ``participant_matches.load`` first, so a
match that is not one's own is 404 before anything is read or written.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from functions.db import followup, participant_data
from functions.db import journal as store
from functions.domain import goal_talk, participant_matches
from functions.errors import Invalid
from functions.vocab.dates import utc_today

#: A check-in falls due this many days after publishing, then every PERIOD days.
FIRST_CHECK_IN, PERIOD = 30, 60


def _future_date(value: str, field: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{field}: not a date (YYYY-MM-DD)", field=field) from None
    if day < utc_today():
        raise Invalid(f"{field}: must be today or later", field=field)
    return value


def _a_date(value: str, field: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{field}: not a date (YYYY-MM-DD)", field=field) from None
    return value


def check_in_state(started_at: str | None, mine: set[int],
                   at: datetime | None = None) -> dict:
    """Which check-in period is current at ``at`` (default now), whether mine
    is due, and when the next one is."""
    if not started_at:
        return {"due": False, "period": None, "next_due": None}
    start = datetime.fromisoformat(started_at)
    days = ((at or datetime.now(timezone.utc)) - start).days
    period = (days - FIRST_CHECK_IN) // PERIOD if days >= FIRST_CHECK_IN else None
    upcoming = 0 if period is None else period + 1
    next_due = (start.date().toordinal() + FIRST_CHECK_IN + upcoming * PERIOD)
    return {"due": period is not None and period not in mine, "period": period,
            "next_due": date.fromordinal(next_due).isoformat()}


def request_status(closure: dict, handled: dict | None) -> dict:
    """What became of a closure as a request to the admin, as the person who
    made it sees it: open, or handled (when, how, into which cohort, and the
    admin's note, which is about her: ``followup.about`` says why she sees it).
    Who handled it is left out: an admin's address is not hers to know."""
    out = {"asked_at": closure["created_at"], "rematch": bool(closure["data"].get("rematch")),
           "status": "handled" if handled else "open", "handled": None}
    if handled:
        target = handled.get("cohort")
        found = participant_data.cohort(target) if target else None
        out["handled"] = {
            "at": handled["at"], "action": handled["action"], "note": handled.get("note") or None,
            "cohort": {"id": target, "name": found["name"] if found else target} if target else None,
            "participant": handled.get("participant")}
    return out


def is_ahead(data: dict, at: datetime | None = None) -> bool:
    """Whether a meeting is still to come: a planned one before its start. A
    logged one, or a planned one whose time has come, is the journal's record
    of a meeting held (``functions.domain.meetings`` plans them)."""
    return bool(data.get("planned")) and datetime.fromisoformat(data["start"]) > (at or _now())


def _now() -> datetime:
    return datetime.now(timezone.utc)


def page(match_id: str, email: str) -> dict:
    m = participant_matches.load(match_id, email)
    me = m["me"]["id"]
    goals, milestones, meetings, feedback, check_ins, closure = {}, [], [], [], [], None
    planned: list[dict] = []
    comments: list[tuple[str, dict]] = []
    order_item = None
    request = None
    for item in store.items(match_id):
        kind, data = item["kind"], item["data"]
        base = {"id": item["key"].rsplit("#", 1)[-1], "version": item["version"],
                "author": item["author"], "created_at": item["created_at"],
                "updated_at": item["updated_at"], "updated_by": item["updated_by"]}
        if kind == "goal":
            goals[item["key"]] = {**base, **data, "history": item["history"], "milestones": []}
        elif kind == "milestone":
            milestones.append((item["key"].split("#ms#")[0], {**base, **data}))
        elif kind == "comment":
            comments.append((item["key"].split("#c#")[0], {**base, **data}))
        elif kind == "goal-order":
            order_item = item
        elif kind == "meeting":
            shown = {**base, **data}
            if not data.get("shared") and item["author"] != me:
                shown.pop("notes", None)  # a private note is never shown to the partner
            # A planned meeting is the log entry once its time has come.
            (planned if is_ahead(data) else meetings).append(shown)
        elif kind == "feedback" and (item["author"] == me or me in data.get("to", [])):
            feedback.append({**base, **data})
        elif kind == "check-in" and item["author"] == me:
            check_ins.append({**base, **data})
        elif kind == "closure":
            closure = {"closed_at": item["created_at"], "by": item["author"],
                       **({"reason": data.get("reason"), "rematch": data.get("rematch")}
                          if item["author"] == me else {})}
            if item["author"] == me:  # her own request only, never her partner's
                request = request_status(item, followup.handled([match_id]).get(match_id))
    for goal_key, ms in sorted(milestones, key=lambda x: x[1]["created_at"]):
        if goal_key in goals:
            goals[goal_key]["milestones"].append(ms)
    for g in goals.values():
        done = sum(1 for ms in g["milestones"] if ms.get("done"))
        g["progress"] = {"done": done, "total": len(g["milestones"]),
                         "percent": round(100 * done / len(g["milestones"]))
                         if g["milestones"] else 0}
    meetings.sort(key=lambda x: (x["date"], x["created_at"]))
    planned.sort(key=lambda x: x["start"])
    periods = {c["period"] for c in check_ins}
    names = {m["me"]["id"]: m["me"]["name"], **{p["id"]: p["name"] for p in m["partners"]}}
    ordered, order_version = goal_talk.arrange(goals, comments, order_item, names)
    return {k: v for k, v in m.items() if k not in ("me", "members")} | {
        "me": {"id": me, "name": m["me"]["name"], "role": m["me"]["role"]},
        "status": "closed" if closure else "open", "closure": closure, "request": request,
        "goals": ordered, "goal_order_version": order_version,
        "meetings": meetings, "meeting_count": len(meetings), "planned": planned,
        "meeting_minutes": sum(x["minutes"] for x in meetings),
        "feedback": {"given": [f for f in feedback if f["author"] == me],
                     "received": [f for f in feedback if f["author"] != me]},
        "check_ins": check_ins, "check_in": check_in_state(m["started_at"], periods)}


def add_goal(match_id: str, email: str, body) -> str:
    me = participant_matches.load(match_id, email)["me"]["id"]
    data = {"title": body.title, "success": body.success,
            "target_date": _future_date(body.target_date, "target_date")}
    return store.add(match_id, "goal", "goal", me, data)


def edit_goal(match_id: str, email: str, goal_id: str, body) -> dict:
    me = participant_matches.load(match_id, email)["me"]["id"]
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    if "target_date" in changes:
        _future_date(changes["target_date"], "target_date")
    return store.edit(match_id, f"goal#{goal_id}", me, changes, body.version, keep_history=True)


def add_milestone(match_id: str, email: str, goal_id: str, body) -> str:
    me = participant_matches.load(match_id, email)["me"]["id"]
    if "#" in goal_id:
        raise Invalid("goal: not a goal of this match", field="goal")
    return store.add(match_id, f"goal#{goal_id}#ms", "milestone", me,
                     {"title": body.title, "done": False}, parent=f"goal#{goal_id}")


def edit_milestone(match_id: str, email: str, goal_id: str, ms_id: str, body) -> dict:
    me = participant_matches.load(match_id, email)["me"]["id"]
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    return store.edit(match_id, f"goal#{goal_id}#ms#{ms_id}", me, changes, body.version)


def _meeting_data(body, partial: bool) -> dict:
    """A logged meeting's fields (a planned one is ``domain.meetings``')."""
    data = body.model_dump(exclude_unset=partial, exclude_none=True,
                           exclude={"version", "planned", "start", "time_zone"})
    if not partial and not data.get("date"):
        raise Invalid("date: the day you met (YYYY-MM-DD), or plan one with a start",
                      field="date")
    if "date" in data:
        _a_date(data["date"], "date")
    return data


def add_meeting(match_id: str, email: str, body) -> str:
    m = participant_matches.load(match_id, email)
    return store.add(match_id, "meeting", "meeting", m["me"]["id"], _meeting_data(body, False),
                     members=participant_matches.progress_keys(m))


def edit_meeting(match_id: str, email: str, meeting_id: str, body) -> dict:
    m = participant_matches.load(match_id, email)
    # Only its author: the notes may be private to her.
    return store.edit(match_id, f"meeting#{meeting_id}", m["me"]["id"],
                      _meeting_data(body, True), body.version, author_only=True,
                      members=participant_matches.progress_keys(m))


def add_feedback(match_id: str, email: str, body) -> str:
    m = participant_matches.load(match_id, email)
    me = m["me"]["id"]
    partners = [p for p in m["members"] if p != me]
    if body.to is not None and body.to not in partners:
        raise Invalid("to: not a partner of yours in this match", field="to")
    to = [body.to] if body.to else partners
    return store.add(match_id, "feedback", "feedback", me,
                     {"rating": body.rating, "text": body.text, "to": to})


def add_check_in(match_id: str, email: str, body) -> str:
    m = participant_matches.load(match_id, email)
    state = check_in_state(m["started_at"], set())
    if state["period"] is None:
        raise Invalid(f"check-in: the first one is due on {state['next_due']}",
                      field="check_in")
    key = store.check_in(match_id, state["period"], m["me"]["id"],
                         {"satisfaction": body.satisfaction, "meeting": body.meeting,
                          "flag": body.flag})
    return key.split("#", 1)[1]


def close(match_id: str, email: str, body) -> str:
    m = participant_matches.load(match_id, email)
    return store.close(match_id, m["me"]["id"],
                       {"reason": body.reason, "rematch": body.rematch,
                        "survey": body.survey.model_dump()},
                       members=participant_matches.progress_keys(m))
