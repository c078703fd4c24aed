"""Following up published matches: quiet pairs, due check-ins, and the
closure and rematch requests an admin acts on.

A match is *open* until one side closes it (the journal's ``closure``
item); only open matches of published (not closed) cohorts are followed.
A pair is *quiet* when the later of its last logged meeting (by the
meeting's date) and the match's start (publishing; in a choice-mode cohort
the request's acceptance) is ``QUIET_DAYS`` or more days ago. Every closure is a request
for the admin, ``open`` until an admin acknowledges it or, when a rematch
was asked, enrols the asker again in another cohort of the same program.

The journal's by-cohort index is eventually consistent: a meeting logged a
moment ago may be missed by this run and seen by the next, which is fine
for a daily job and an admin's overview.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from functions.db import followup as store, journal, program_admin, programs, roster
from functions.domain import participant_matches
from functions.domain.journal import check_in_state, request_status
from functions.vocab.lifecycle import ENROLLING, MATCHING, PUBLISHED
from functions.errors import Invalid, NotFound

QUIET_DAYS = 30
#: Where an asker may be enrolled again: cohorts that still take people.
REMATCH_INTO = (ENROLLING, MATCHING)
FORMER = "a former participant"


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def quiet_since(meeting_dates: list[str], started_at: str | None,
                today: date) -> tuple[str | None, date | None, int]:
    """(last meeting date or None, the day the quiet counts from, days quiet).
    The quiet counts from the last meeting or the match's start, whichever
    is later (a meeting dated before the match does not make it quiet); a
    meeting dated in the future is a planned one: the pair is not quiet."""
    dates = [d for d in (_day(x) for x in meeting_dates) if d]
    last = max(dates) if dates else None
    start = _day(started_at)
    since = max(d for d in (last, start) if d) if (last or start) else None
    if since is None:
        return None, None, 0
    return (last.isoformat() if last else None), since, (today - since).days


def _read(cohort_id: str) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """(the cohort's journal items by kind — ``closure``, ``meeting``,
    ``checkin``… — and its people by id): one journal Query and one roster
    read, shared by everything the follow-up view and the nudges job derive."""
    items: dict[str, list[dict]] = defaultdict(list)
    for i in journal.cohort_items(cohort_id):
        items[i["key"].split("#", 1)[0]].append(i)
    return items, {p["id"]: p for p in roster.everyone(cohort_id)}


def open_matches(cohort_id: str, at: datetime, read=None) -> list[dict]:
    """Every open match of a published cohort at ``at``: its members (name;
    e-mail only while active), last meeting, days quiet and each member's
    check-in state. Empty for a cohort that is not published. ``read``: what
    ``_read`` gave, when the caller has it already."""
    published = participant_matches.published(cohort_id)
    if not published:
        return []
    cohort, groups, started = published
    items, people = read or _read(cohort_id)
    closed = {i["match"] for i in items["closure"]}
    meetings: dict[str, list[str]] = defaultdict(list)
    for i in items["meeting"]:
        meetings[i["match"]].append(i["data"].get("date"))
    answered: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i in items["checkin"]:
        answered[(i["match"], i["author"])].add(int(i["key"].split("#")[1]))
    today = at.date()
    out = []
    for match_id, g in sorted(groups.items()):
        if match_id in closed:
            continue
        # A match chosen in a choice-mode cohort starts when it was accepted.
        start = g.get("started_at") or started
        last, since, days = quiet_since(meetings[match_id], start, today)
        members = []
        for pid in [g["mentor"], *g["mentees"]]:
            p = people.get(pid)
            members.append({
                "id": pid, "name": p["name"] if p else FORMER,
                "email": p["email"] if p and p["status"] == "active" else None,
                "check_in": check_in_state(start, answered[(match_id, pid)], at)})
        out.append({"match": match_id, "cohort": cohort, "members": members,
                    "last_meeting": last, "since": since.isoformat() if since else None,
                    "days_quiet": days})
    return out


def is_quiet(match: dict) -> bool:
    return match["since"] is not None and match["days_quiet"] >= QUIET_DAYS


def quiet_pairs(cohort_id: str, at: datetime, read=None) -> list[dict]:
    """The admin's list: open matches quiet for QUIET_DAYS or more, quietest first."""
    quiet = [{"match": m["match"],
              "members": [{"id": p["id"], "name": p["name"]} for p in m["members"]],
              "last_meeting": m["last_meeting"], "days_quiet": m["days_quiet"]}
             for m in open_matches(cohort_id, at, read) if is_quiet(m)]
    return sorted(quiet, key=lambda q: (-q["days_quiet"], q["match"]))


def requests(cohort_id: str, read=None) -> list[dict]:
    """Every closure of the cohort's matches as a request: open ones first."""
    items, people = read or _read(cohort_id)
    closures = items["closure"]
    done = store.handled([c["match"] for c in closures])
    names = {pid: p["name"] for pid, p in people.items()}
    out = []
    for c in closures:
        data, author = c["data"], c["author"]
        out.append({"match": c["match"], "kind": "rematch" if data.get("rematch") else "closure",
                    "by": {"id": author, "name": names.get(author, FORMER)},
                    "at": c["created_at"],
                    "reason": data.get("reason"), "rematch": bool(data.get("rematch")),
                    "status": "handled" if c["match"] in done else "open",
                    "handled": done.get(c["match"])})
    return sorted(out, key=lambda r: (r["status"] != "open", r["at"] or "", r["match"]))


def overview(cohort_id: str, at: datetime) -> dict:
    """Quiet pairs (while the cohort is published: a closed cohort is no
    longer followed) and every request, handled ones included."""
    followed = programs.get_cohort(cohort_id)["status"] == PUBLISHED  # 404 if none
    read = _read(cohort_id)
    return {"cohort": cohort_id, "quiet_days": QUIET_DAYS,
            "quiet": quiet_pairs(cohort_id, at, read) if followed else [],
            "requests": requests(cohort_id, read)}


def _closure(cohort_id: str, match_id: str) -> dict:
    if journal.cohort_of(match_id) != cohort_id:
        raise NotFound(f"no match {match_id} in cohort {cohort_id}", field="match")
    found = next((i for i in journal.items(match_id) if i["key"] == journal.CLOSURE), None)
    if found is None:
        raise NotFound(f"match {match_id} has no closure or rematch request", field="match")
    return found


def act(cohort_id: str, match_id: str, action: str, note: str, target: str | None,
        admin: str) -> dict:
    """Handle the request of ``match_id``; returns how it was handled.

    ``acknowledge`` marks it handled. ``rematch`` (only when a rematch was
    asked) enrols the asker, with her answers, in ``target``: another cohort
    of the same program that is open for enrolment or matching."""
    closure = _closure(cohort_id, match_id)
    data = {"by": admin, "note": note}
    if action == "acknowledge":
        return store.acknowledge(match_id, cohort_id, data)
    if not closure["data"].get("rematch"):
        raise Invalid("action: no rematch was asked in this request; acknowledge it",
                      field="action")
    if closure["author"] == journal.ERASED:
        raise Invalid("action: the person who asked has erased her data; acknowledge it",
                      field="action")
    if not target:
        raise Invalid("cohort: choose the cohort to enrol her in", field="cohort")
    here = programs.get_cohort(cohort_id)
    try:
        there = programs.get_cohort(target)
    except NotFound:
        raise Invalid(f"cohort: no cohort {target}", field="cohort") from None
    if target == cohort_id or there["program"]["id"] != here["program"]["id"]:
        raise Invalid("cohort: choose another cohort of the same program", field="cohort")
    if there["status"] not in REMATCH_INTO:
        raise Invalid(f"cohort: {there['name']} is {there['status']}; choose one open for "
                      "enrolment or matching", field="cohort")
    person = roster.get(cohort_id, closure["author"])
    return store.rematch(match_id, cohort_id, data, person, target, REMATCH_INTO)


def rematch_targets(cohort_id: str) -> list[dict]:
    """The cohorts of the same program that a rematch may enrol into."""
    program_id = programs.get_cohort(cohort_id)["program"]["id"]
    return [{"id": c["id"], "name": c["name"], "status": c["status"]}
            for c in program_admin.get_program(program_id)["cohorts"]
            if c["id"] != cohort_id and c["status"] in REMATCH_INTO]


# -- her own data: export and erasure ---------------------------------------------

def _asked(recs: list[dict], match_ids: list[str]) -> dict[str, dict]:
    """The closures (requests) she made in these matches, by match id."""
    people = {r["id"] for r in recs}
    return {m: c for m, c in journal.closures(match_ids).items() if c["author"] in people}


def _reminder(item: dict) -> dict:
    # Keys: checkin#PPPP#PERSON and quiet#LAST#N#PERSON (functions.db.followup).
    parts = item["key"].split("#")
    what = ({"period": int(parts[1])} if item["kind"] == "check-in"
            else {"quiet_since": parts[1]})
    return {"match": item["match"], "kind": item["kind"], **what, "sent_at": item["at"]}


def about(recs: list[dict], match_ids: list[str]) -> dict:
    """For her export: the reminders sent to her, and each request she made
    with what became of it. The admin's note on a request is included: it is
    written about her, so it is her personal data, hers to see (her match
    page shows it too, and the admin's form says so). Which admin handled it
    is not: that is the admin's data, not hers."""
    people = {r["id"] for r in recs}
    items = store.of_matches(match_ids)
    done = {i["match"]: {**i["data"], "at": i["at"]} for i in items
            if i["kind"] == store.HANDLED}
    return {"reminders": [_reminder(i) for i in items
                          if i["kind"] != store.HANDLED and i["person"] in people],
            "requests": [{"match": m, **request_status(c, done.get(m))}
                         for m, c in sorted(_asked(recs, match_ids).items())]}


def asked_by(recs: list[dict], match_ids: list[str]) -> set[str]:
    """The matches among these whose closure (request) she made. Needs her
    closures still signed with her id: call it before the journal forgets her."""
    return set(_asked(recs, match_ids))


def enrolled_again(asked: set[str], email: str, recs: list[dict]) -> list[dict]:
    """Her enrolments that an admin's rematch made after ``recs`` was read
    (their handled record still names them), as records for her erasure.
    Call it once her closures are signed "erased": no rematch lands after."""
    known = {r["cohort_id"] for r in recs}
    return [{"cohort_id": i["data"]["cohort"], "id": i["data"]["participant"], "email": email}
            for i in store.of_matches(sorted(asked))
            if i["kind"] == store.HANDLED and i["data"].get("participant")
            and i["data"].get("cohort") not in known]


def forget(recs: list[dict], match_ids: list[str], asked: set[str]) -> int:
    """Erasure: the reminders sent to her go, and each request of hers
    (``asked``) that was handled keeps that it was (and when, how, by whom)
    but no longer what points to her. Returns how many items changed."""
    return store.forget(match_ids, {r["id"] for r in recs}, asked)
