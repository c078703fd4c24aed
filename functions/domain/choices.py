"""Choice mode: a mentee picks one of her suggested mentors, the mentor
accepts or declines; an accepted request is a match.

Only for a cohort published from a run whose policy is in choice mode, and
only for a participant enrolled (and active) in it; anything else is the
same 404. A mentee sees her suggestions and her request; a mentor the
requests made to her. Names and profiles (``profiles.partner_profile``),
never an e-mail address: contact details come with a match
(``participant_matches``), i.e. after acceptance.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from functions.db import choices as store, participant_data, runs
from functions.db import suggestions as suggested
from functions.domain import mail
from functions.domain.profiles import partner_profile
from functions.errors import Conflict, Forbidden, Invalid, NotFound
from functions.settings import Settings
from functions.vocab.dates import utc_today
from functions.vocab.lifecycle import PUBLISHED
from functions.vocab.matching import fit

CHOICE = "choice"


@lru_cache(maxsize=64)
def is_choice_run(run_id: str) -> bool:
    """Whether a run used a choice-mode policy (a run's policy never changes)."""
    try:
        return (runs.policy_of(run_id) or {}).get("mode") == CHOICE
    except NotFound:  # a cohort marked published by hand, without its run
        return False


def in_choice_mode(cohort: dict | None) -> bool:
    """Whether a cohort (as ``participant_data.cohort`` gives it) was published
    in choice mode: its matches are then its accepted requests."""
    return bool(cohort and cohort["published_run"] and is_choice_run(cohort["published_run"]))


def _paused(mentor: dict) -> str | None:
    """Her pause date while it lasts, else None."""
    until = mentor.get("paused_until")
    return until if until and until >= utc_today().isoformat() else None


def _context(cohort_id: str, email: str) -> tuple[dict, dict]:
    """(the cohort, my active record in it), or 404."""
    gone = NotFound(f"no choice of mentors in cohort {cohort_id}", field="cohort")
    cohort = participant_data.cohort(cohort_id)
    if not in_choice_mode(cohort):
        raise gone
    me = next((r for r in participant_data.records(email)
               if r["cohort_id"] == cohort_id and r["status"] == "active"), None)
    if me is None:
        raise gone
    return cohort, me


def _open(cohort: dict) -> None:
    if cohort["status"] != PUBLISHED:
        raise Conflict(f"this cohort is {cohort['status']}: choices are closed", field="cohort")


def view(cohort_id: str, email: str) -> dict:
    cohort, me = _context(cohort_id, email)
    base = {"cohort": {"id": cohort["id"], "name": cohort["name"]},
            "program": cohort["program"], "open": cohort["status"] == PUBLISHED}
    if me["role"] == "mentor":
        return {**base, **_mentor_view(cohort, me)}
    return {**base, **_mentee_view(cohort, me)}


def _mentee_view(cohort: dict, me: dict) -> dict:
    items = suggested.suggestions_for(cohort["published_run"], me["id"])
    mine = store.get_request(cohort["id"], me["id"])
    ids = {s["mentor"] for s in items} | ({mine["mentor"]} if mine else set())
    people = store.mentors(cohort["id"], ids)
    taken = store.seats_taken(cohort["id"], [s["mentor"] for s in items])
    suggestions = []
    for s in items:
        m = people.get(s["mentor"])
        if m is None or m["status"] != "active":
            continue  # withdrawn or erased since the run
        suggestions.append({"mentor": {"id": m["id"], "name": m["name"],
                                       **partner_profile(m, cohort["questions"])},
                            "score": s["score"],
                            "reasons": s["reasons"], "fit": fit(s["reasons"]),
                            "seats_left": max(0, m["capacity"] - taken[m["id"]]),
                            "paused_until": _paused(m)})
    request = None
    if mine:
        m = people.get(mine["mentor"])
        request = {"mentor": {"id": mine["mentor"],
                              "name": m["name"] if m else "a former participant"},
                   "status": mine["status"], "at": mine["at"]}
    return {"role": "mentee", "suggestions": suggestions, "request": request}


def _mentor_view(cohort: dict, me: dict) -> dict:
    cohort_id = cohort["id"]
    mine = store.mentors(cohort_id, {me["id"]})[me["id"]]
    taken, requests = store.requests_to(cohort_id, me["id"])
    names = participant_data.people(cohort_id, {r["mentee"] for r in requests}) \
        if requests else {}
    shown = [{"mentee": {"id": r["mentee"], "name": names[r["mentee"]]["name"],
                         **partner_profile(names[r["mentee"]], cohort["questions"])}
              if r["mentee"] in names else {"id": r["mentee"], "name": "a former participant"},
              "status": r["status"], "at": r["at"], "score": r["score"],
              "reasons": r["reasons"], "fit": fit(r["reasons"])} for r in requests
             if r["status"] != store.CANCELLED]
    return {"role": "mentor", "capacity": mine["capacity"], "taken": taken,
            "paused_until": _paused(mine), "requests": shown}


def request(settings: Settings, cohort_id: str, email: str, mentor_id: str) -> dict:
    """A mentee asks one of her suggested mentors."""
    cohort, me = _context(cohort_id, email)
    if me["role"] != "mentee":
        raise Forbidden("only a mentee asks for a mentor", field="role")
    _open(cohort)
    old = store.get_request(cohort_id, me["id"])
    if old and old["status"] not in store.ASK_AGAIN:
        raise Conflict(f"you already have a request that is {old['status']}", field="mentor")
    mine = {s["mentor"]: s for s in suggested.suggestions_for(cohort["published_run"], me["id"])}
    chosen = mine.get(mentor_id)
    mentor = store.mentors(cohort_id, {mentor_id}).get(mentor_id) if chosen else None
    if chosen is None or mentor is None or mentor["status"] != "active":
        raise Invalid("mentor: choose one of your suggested mentors", field="mentor")
    if _paused(mentor):
        raise Invalid(f"mentor: {mentor['name']} takes no new mentees until "
                      f"{mentor['paused_until']}", field="mentor")
    if store.seats_taken(cohort_id, [mentor_id])[mentor_id] >= mentor["capacity"]:
        raise Invalid(f"mentor: {mentor['name']} has no seat left", field="mentor")
    made = store.request(cohort_id, me["id"], mentor_id, chosen["score"], chosen["reasons"])
    # Stored: a message that does not go is counted for the admin, not an error.
    tally = mail.Tally(settings, cohort_id)
    tally.send(mentor["email"], f"{cohort['program']['name']}: a mentee asks you",
               f"Hello {_first(mentor['name'])},\n\n{me['name']} would like you as their "
               f"mentor in {cohort['program']['name']} ({cohort['name']}).\n\nAccept or "
               f"decline on your page:\n{_link(settings)}\n")
    tally.close()
    return {"mentor": {"id": mentor_id, "name": mentor["name"]}, "status": made["status"],
            "at": made["at"]}


def cancel(settings: Settings, cohort_id: str, email: str) -> dict:
    """A mentee takes back her request while it waits for an answer, so she
    can ask someone else; the mentor is told there is nothing to answer."""
    cohort, me = _context(cohort_id, email)
    if me["role"] != "mentee":
        raise Forbidden("only a mentee has a request to take back", field="role")
    _open(cohort)
    req = store.get_request(cohort_id, me["id"])
    if req and req["status"] == store.ACCEPTED:
        raise Conflict("your request was accepted: you are matched. To end the match, "
                       "close it on its page", field="request")
    done = store.cancel(cohort_id, me["id"])
    if done is None:
        raise NotFound("you have no request waiting for an answer", field="request")
    mentor = store.mentors(cohort_id, {done["mentor"]}).get(done["mentor"])
    if mentor is not None:
        program = cohort["program"]["name"]
        tally = mail.Tally(settings, cohort_id)
        tally.send(mentor["email"], f"{program}: a request was taken back",
                   f"Hello {_first(mentor['name'])},\n\n{me['name']} has taken back "
                   f"their request in {program} ({cohort['name']}), so there is nothing "
                   f"to answer.\n\nYour page:\n{_link(settings)}\n")
        tally.close()
    return {"mentor": {"id": done["mentor"], "name": mentor["name"] if mentor
                       else "a former participant"}, "status": done["status"]}


def decide(settings: Settings, cohort_id: str, email: str, mentee_id: str,
           decision: str) -> dict:
    """The mentor accepts or declines a request made to her."""
    cohort, me = _context(cohort_id, email)
    req = store.get_request(cohort_id, mentee_id) if me["role"] == "mentor" else None
    if req is None or req["mentor"] != me["id"]:
        raise NotFound(f"no request from {mentee_id} to you", field="request")
    _open(cohort)
    if req["status"] != store.REQUESTED:
        raise Conflict(f"this request is already {req['status']}", field="request")
    mentee = participant_data.people(cohort_id, {mentee_id}).get(mentee_id)
    if mentee is None or mentee["status"] != "active":
        raise Conflict("this mentee has left the cohort", field="request")
    if decision == "accept":
        capacity = store.mentors(cohort_id, {me["id"]})[me["id"]]["capacity"]
        done = store.accept(cohort_id, mentee_id, me["id"], capacity)
    else:
        done = store.decline(cohort_id, mentee_id, me["id"])
    program = cohort["program"]["name"]
    said = ("accepted: you are matched" if decision == "accept"
            else "declined: please choose another of your suggested mentors")
    tally = mail.Tally(settings, cohort_id)
    tally.send(mentee["email"], f"{program}: your request was {done['status']}",
               f"Hello {_first(mentee['name'])},\n\n{me['name']} has {said}.\n\n"
               f"See your page:\n{_link(settings)}\n")
    tally.close()
    return {"mentee": {"id": mentee_id, "name": mentee["name"]},
            "status": done["status"], "at": done["at"]}


def pause(cohort_id: str, email: str, until: str | None) -> dict:
    """A mentor stops taking new mentees until ``until`` (inclusive), or resumes (None)."""
    if until is not None:
        try:
            day = date.fromisoformat(until)
        except ValueError:
            raise Invalid("until: a date as YYYY-MM-DD", field="until") from None
        if day < utc_today():
            raise Invalid("until: a date from today on", field="until")
    return {"cohort": cohort_id, "paused_until": store.set_pause(cohort_id, email, until)}


def mine(recs: list[dict]) -> list[dict]:
    """For her data export: the request she made as a mentee in each cohort."""
    found = []
    for r in recs:
        req = store.get_request(r["cohort_id"], r["id"]) if r["role"] == "mentee" else None
        if req:
            found.append({"cohort": r["cohort_id"], "mentor": req["mentor"],
                          "status": req["status"], "at": req["at"],
                          "decided_at": req["decided_at"]})
    return found


def forget(recs: list[dict]) -> None:
    """Erasure: the requests she made as a mentee go with her records."""
    for r in recs:
        if r["role"] == "mentee":
            store.forget_mentee(r["cohort_id"], r["id"])


# -- what publishing and the match pages need -------------------------------

def accepted_pairs(cohort: dict, me: dict | None) -> list[dict]:
    """Accepted requests as matches (``mentee, mentor, score, reasons,
    started_at``): those that involve ``me`` (in a group program, her whole
    group), or all of the cohort's when ``me`` is None."""
    cid = cohort["id"]
    if me is None:
        found = store.accepted_in(cid)
    elif me["role"] == "mentor":
        found = [r for r in store.requests_to(cid, me["id"])[1] if r["status"] == store.ACCEPTED]
    else:
        mine = store.get_request(cid, me["id"])
        if not mine or mine["status"] != store.ACCEPTED:
            return []
        found = ([r for r in store.requests_to(cid, mine["mentor"])[1]
                  if r["status"] == store.ACCEPTED]
                 if cohort["program"]["type"] == "group" else [mine])
    return [{"mentee": r["mentee"], "mentor": r["mentor"], "score": r["score"],
             "reasons": r["reasons"], "started_at": r["decided_at"]} for r in found]


def publish_message(settings: Settings, cohort: dict, person: dict) -> tuple[str, str]:
    """The one message a participant gets when a choice-mode cohort is published."""
    program = (cohort.get("program") or {}).get("name")
    where = f"{program} ({cohort['name']})"
    if person["role"] == "mentee":
        return (f"{program}: your suggestions are ready, choose a mentor",
                f"Hello {_first(person['name'])},\n\nYour suggested mentors in {where} are "
                f"ready, with what you have in common with each. Choose one and send a "
                f"request:\n"
                f"{_link(settings)}\n\nSign in there with this e-mail address.\n")
    return (f"{program}: mentees can now ask you",
            f"Hello {_first(person['name'])},\n\nMentees in {where} can now ask you to be "
            f"their mentor. We will e-mail you when a request arrives; accept or decline it, "
            f"or pause new requests, on your page:\n{_link(settings)}\n")


def _first(name: str) -> str:
    return name.split()[0] if name.strip() else "there"


def _link(settings: Settings) -> str:
    return f"{(settings.public_url or '').rstrip('/')}/me.html"
