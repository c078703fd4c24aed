"""After publishing: every participant is told, and sees her own match and why.

The e-mail links to ``/match.html#t=TOKEN``: the token sits in the URL's
fragment, which browsers never send to a server nor in a Referer, and is
signed and expiring (itsdangerous, Flask's own signing library), good for that
one participant's page only.
"""
from __future__ import annotations

import logging

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from functions.db import followup as told, participants, program_mail, programs, runs
from functions.domain import mail, program_emails
from functions.domain.profiles import partner_profile
from functions.errors import NotFound, Unauthorized
from functions.settings import Settings

log = logging.getLogger("tandem.notify")
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


def _message(settings: Settings, view: dict, token: str,
             templates: dict) -> tuple[str, str, str | None]:
    """(subject, text, HTML or None): the match in the program's own words
    (``program_emails``); the waiting list's message in Tandem's."""
    base = (settings.public_url or "").rstrip("/")
    link = f"{base}/match.html#t={token}"
    first = view["me"]["name"].split()[0] if view["me"]["name"].strip() else "there"
    if view["matches"]:
        names = ", ".join(m["partner"]["name"] for m in view["matches"])
        fellows = [c["name"] for c in (view.get("group") or {}).get("mentees", [])
                   if not c.get("you")]
        if view["me"]["role"] == "mentee" and fellows:  # a group: say who shares it
            names += f", with {', '.join(fellows)} in your group"
        return program_emails.compose(templates, "match", {
            "name": view["me"]["name"], "first_name": first, "program": view["program"],
            "cohort": view["cohort"], "partners": names, "match_link": link,
            "my_mentoring_link": f"{base}/me.html"})
    else:
        subject = f"{view['program']}: you are on the waiting list"
        why = f" ({view['why_not']})" if view.get("why_not") else ""
        body = (f"Hello {first},\n\nMatching for {view['program']} ({view['cohort']}) is "
                f"done, and this time we could not find you a partner{why}.\n\nYou are on "
                "the waiting list: when a mentor's seat frees up or new mentors join, your "
                "program manager matches the waiting list again, and we e-mail you as soon "
                f"as you have a partner. You need not do anything.\n\nMore:\n{link}\n\n"
                f"My mentoring shows where you are:\n{base}/me.html\n")
    return subject, body, None


def _write_cards(cohort_id: str) -> None:
    """Everyone's match card, before anyone is told: the first page after the
    e-mail reads her records only. A failure costs speed, not truth: a page
    without its card builds it (``participant_matches``)."""
    from functions.domain import participant_matches
    try:
        participant_matches.write_cohort(cohort_id)
    except Exception:
        log.exception("cohort %s: match cards not written", cohort_id)


def notify_waiting(settings: Settings, run_id: str) -> int:
    """After a waiting-list run is published: one message to each person in
    its new pairs (no one else); returns the count."""
    run = runs.get_run(run_id)
    _write_cards(run["cohort"])
    cohort, index, people = _published(run["cohort"])
    new, _ = runs.complete_proposal(run_id)
    tally = mail.Tally(settings, run["cohort"])
    templates = program_mail.email_templates(cohort["program"]["id"])
    for person_id in sorted({pid for m in new for pid in (m["mentee"], m["mentor"])}):
        if person_id not in people:  # erased since the run
            continue
        view = match_view(cohort, index, people, person_id)
        subject, body, html = _message(settings, view,
                                       link_token(settings, run["cohort"], person_id), templates)
        tally.send(people[person_id]["email"], subject, body, html=html)
    return tally.close()


def _recipients(cohort_id: str) -> tuple[dict, dict, dict, str, bool, list[str]]:
    """(cohort, index, people, published run, whether a choice run, the ids
    of the people its publication is told to)."""
    from functions.domain import choices
    cohort, index, people = _published(cohort_id)
    run_id = programs.run_pointers(cohort_id)["published"]
    choice = choices.is_choice_run(run_id)
    ids = [pid for pid in sorted(people)  # choice: mentees choose, mentors accept
           if not (choice and people[pid].get("status") == "withdrawn")]
    return cohort, index, people, run_id, choice, ids


def untold(cohort_id: str) -> int:
    """How many people of the published cohort were not told yet (no record,
    or every try failed); 0 if it is not published. A cohort counted mail
    before these records were kept is taken as told: sending again would
    e-mail everyone twice."""
    if not programs.run_pointers(cohort_id)["published"]:
        return 0
    _, _, _, run_id, _, ids = _recipients(cohort_id)
    state = told.telling(cohort_id, run_id)
    if not state and any(programs.mail_counts(cohort_id).values()):
        return 0
    return sum(state.get(pid) != told.TOLD for pid in ids)


def notify_published(settings: Settings, cohort_id: str) -> int:
    """One message to every participant of the published cohort not told
    yet; returns the count sent (sent and failed are counted on the cohort,
    ``mail.Tally``). Each message is claimed first (``db.followup``): a job
    run again, or two at once, send each person one; one whose every try
    failed is marked so, and the next job sends it."""
    from functions.domain import choices
    _write_cards(cohort_id)
    cohort, index, people, run_id, choice, ids = _recipients(cohort_id)
    tally = mail.Tally(settings, cohort_id)
    templates = program_mail.email_templates(cohort["program"]["id"])
    for person_id in ids:
        person = people[person_id]
        html = None
        if choice:
            subject, body = choices.publish_message(settings, cohort, person)
        else:
            view = match_view(cohort, index, people, person_id)
            subject, body, html = _message(settings, view,
                                           link_token(settings, cohort_id, person_id), templates)
        try:
            claim = told.claim_telling(cohort_id, run_id, person_id)
        except Exception:  # the store refused: she stays untold, for the next job
            log.exception("cohort %s: telling %s not claimed", cohort_id, person_id)
            continue
        if claim is None:  # told already, or another job is telling her
            continue
        if not tally.send(person["email"], subject, body, again=claim == "again", html=html):
            try:
                told.not_told(cohort_id, run_id, person_id)
            except Exception:  # she stays "told": logged, the others go on
                log.exception("cohort %s: %s not marked untold", cohort_id, person_id)
    return tally.close()
