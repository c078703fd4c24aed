"""After publishing: every participant is told, and sees her own match and why.

The e-mail links to ``/match.html#t=TOKEN``: the token sits in the URL's
fragment, which browsers never send to a server nor in a Referer, and is
signed and expiring (itsdangerous, Flask's own signing library), good for that
one participant's page only.
"""
from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from functions.db import participants, programs, runs
from functions.domain import mail
from functions.domain.profiles import partner_profile
from functions.errors import NotFound, Unauthorized
from functions.settings import Settings

SALT = "tandem-match-view"
#: How long the link in the e-mail works (until participant sign-in replaces it).
LINK_DAYS = 30


def _signer(settings: Settings) -> URLSafeTimedSerializer:
    """Signs with the newest key; verifies with any (a link outlives a rotation)."""
    if not settings.secret_keys:
        raise RuntimeError("TANDEM_SECRET_KEY is needed to sign match links")
    return URLSafeTimedSerializer(list(settings.secret_keys), salt=SALT)


def link_token(settings: Settings, cohort_id: str, participant_id: str) -> str:
    return _signer(settings).dumps({"c": cohort_id, "p": participant_id})


def read_token(settings: Settings, token: str) -> tuple[str, str]:
    try:
        data = _signer(settings).loads(token, max_age=LINK_DAYS * 86400)
    except SignatureExpired:
        raise Unauthorized("this link has expired; ask your program manager for a new one",
                           field="token") from None
    except BadSignature:
        raise Unauthorized("this link is not valid", field="token") from None
    return data["c"], data["p"]


def _published(cohort_id: str) -> tuple[dict, dict, dict]:
    """(cohort, matches indexed by mentee and by mentor plus why-nots, people by id)."""
    from functions.domain import participant_matches
    if not programs.run_pointers(cohort_id)["published"]:
        raise NotFound("no published matches", field="cohort")
    matches, unmatched = participant_matches.published_pairs(cohort_id)
    index = {"mentee": {}, "mentor": {}, "why_not": {u["mentee"]: u["reason"] for u in unmatched}}
    for m in matches:
        index["mentee"].setdefault(m["mentee"], []).append(m)
        index["mentor"].setdefault(m["mentor"], []).append(m)
    people = {p["id"]: p for p in participants.list_participants(cohort_id)}
    return programs.get_cohort(cohort_id), index, people


def _card(person: dict) -> dict:
    return {"name": person["name"], "email": person["email"], "role": person["role"]}


def _partner(person: dict, questions: list[dict]) -> dict:
    """A partner's card: name and contact, and her profile as a partner sees it."""
    return {**_card(person), **partner_profile(person, questions)}


def match_view(cohort: dict, index: dict, people: dict, participant_id: str) -> dict:
    """What one participant may see: her partner(s), how to reach them, their
    profiles (job title, bio, answers to the questions shown to partners), the
    score and why — nothing about anyone else, no self-identification."""
    me = people.get(participant_id)
    if me is None:
        raise NotFound("no such participant", field="token")
    program = cohort["program"] or {}
    reverse = program.get("type") == "reverse"
    view = {"cohort": cohort["name"], "program": program.get("name"),
            "program_type": program.get("type"), "me": _card(me), "matches": []}
    role = me["role"]
    other = "mentor" if role == "mentee" else "mentee"
    label = ("reverse mentor" if reverse else "mentor") if role == "mentee" else "mentee"
    questions = (cohort.get("questionnaire") or {}).get("questions", [])
    for m in index[role].get(participant_id, []):
        view["matches"].append({"partner": _partner(people[m[other]], questions),
                                "partner_is": label,
                                "score": m["score"], "reasons": m["reasons"]})
    if role == "mentee":
        view["why_not"] = index["why_not"].get(participant_id)
    view["group"] = _group(index, people, me, participant_id) \
        if program.get("type") == "group" else None
    return view


def _group(index: dict, people: dict, me: dict, participant_id: str) -> dict | None:
    """A group program's shared page: the mentor and every mentee of the one
    group she is in (names and contacts only; her own card marked ``you``).
    The scores and reasons she may see stay in ``matches``: her own pairs."""
    mine = index[me["role"]].get(participant_id, [])
    if not mine:
        return None
    mentor_id = mine[0]["mentor"]

    def card(person_id: str) -> dict | None:
        person = people.get(person_id)
        if person is None:  # erased since publishing: nothing left to show
            return None
        return dict(_card(person), **({"you": True} if person_id == participant_id else {}))
    members = [card(m["mentee"]) for m in index["mentor"].get(mentor_id, [])]
    members = sorted((c for c in members if c), key=lambda c: (c["name"].casefold(), c["email"]))
    return {"mentor": card(mentor_id), "mentees": members, "size": len(members)}


def my_match(settings: Settings, token: str) -> dict:
    cohort_id, participant_id = read_token(settings, token)
    return match_view(*_published(cohort_id), participant_id)


def _message(settings: Settings, view: dict, token: str) -> tuple[str, str]:
    base = (settings.public_url or "").rstrip("/")
    link = f"{base}/match.html#t={token}"
    first = view["me"]["name"].split()[0] if view["me"]["name"].strip() else "there"
    if view["matches"]:
        names = ", ".join(m["partner"]["name"] for m in view["matches"])
        fellows = [c["name"] for c in (view.get("group") or {}).get("mentees", [])
                   if not c.get("you")]
        if view["me"]["role"] == "mentee" and fellows:  # a group: say who shares it
            names += f", with {', '.join(fellows)} in your group"
        subject = f"{view['program']}: your match is ready"
        body = (f"Hello {first},\n\nYour match in {view['program']} ({view['cohort']}) is "
                f"ready: {names}.\n\nSee who they are, how to reach them and why we matched "
                f"you:\n{link}\n\nThe link is yours alone; please do not forward it.\n")
    else:
        subject = f"{view['program']}: you are on the waiting list"
        why = f" ({view['why_not']})" if view.get("why_not") else ""
        body = (f"Hello {first},\n\nMatching for {view['program']} ({view['cohort']}) is "
                f"done, and this time we could not find you a partner{why}.\n\nYou are on "
                "the waiting list: when a mentor's seat frees up or new mentors join, your "
                "program manager matches the waiting list again, and we e-mail you as soon "
                f"as you have a partner. You need not do anything.\n\nMore:\n{link}\n")
    return subject, body


def notify_waiting(settings: Settings, run_id: str) -> int:
    """After a waiting-list run is published: one message to each person in
    its new pairs (no one else); returns the count."""
    run = runs.get_run(run_id)
    cohort, index, people = _published(run["cohort"])
    new, _ = runs.complete_proposal(run_id)
    tally = mail.Tally(settings, run["cohort"])
    for person_id in sorted({pid for m in new for pid in (m["mentee"], m["mentor"])}):
        if person_id not in people:  # erased since the run
            continue
        view = match_view(cohort, index, people, person_id)
        subject, body = _message(settings, view, link_token(settings, run["cohort"], person_id))
        tally.send(people[person_id]["email"], subject, body)
    return tally.close()


def notify_published(settings: Settings, cohort_id: str) -> int:
    """One message to every participant of the published cohort; returns the
    count sent (sent and failed are counted on the cohort, ``mail.Tally``)."""
    cohort, index, people = _published(cohort_id)
    from functions.domain import choices
    choice = choices.is_choice_run(programs.run_pointers(cohort_id)["published"])
    tally = mail.Tally(settings, cohort_id)
    for person_id in sorted(people):
        if choice:  # no matches yet: mentees choose, mentors accept
            if people[person_id].get("status") == "withdrawn":
                continue
            subject, body = choices.publish_message(settings, cohort, people[person_id])
            tally.send(people[person_id]["email"], subject, body)
            continue
        view = match_view(cohort, index, people, person_id)
        subject, body = _message(settings, view, link_token(settings, cohort_id, person_id))
        tally.send(people[person_id]["email"], subject, body)
    return tally.close()
