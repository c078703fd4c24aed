"""A participant's matches, resolved from each cohort's published run.

A published match gets a stable id derived from the run's proposal, so no
match table is needed and nothing has to be written at publishing:

- one-to-one and reverse programs: ``{cohort}.{mentee id}`` (a mentee has one
  mentor; a mentor with several mentees has one match per mentee);
- group programs: ``{cohort}.{mentor id}``, the mentor with all her mentees.

A participant is a member of a match when her record in that cohort (found
by the key cohort + e-mail) carries one of its ids. Anything else — another
person's match, a malformed id, an unpublished cohort — is the same 404.

What her pages show of her matches in a cohort (partners, the cohort and
its program) is her match card, stored for her (``functions.db.match_cards``):
written for everyone by the publishing job, built here again when the
cohort's stamp says it is out of date. So My mentoring reads her records,
then her cards with her cohorts' stamps; a match page her record, her card
and its cohort's stamp in one call; never the cohort's runs or her partners'
records while the card holds.
"""
from __future__ import annotations

from functions.db import match_cards as cards
from functions.db import participant_data, people_stamp, progress, runs
from functions.domain import choice_admin, choices
from functions.domain.profiles import partner_profile
from functions.errors import NotFound

GROUP = "group"
#: Cards in another shape than this are built again (those before
#: ``tracked`` and ``cohort`` joined them).
CARD_FORMAT = 2


def _gone(match_id: str) -> NotFound:
    return NotFound(f"no match {match_id}", field="match")


def _groups(cohort: dict, matches) -> dict[str, dict]:
    """Published matches of a cohort by match id: {id: {mentor, mentees, pairs}}."""
    group = cohort["program"]["type"] == GROUP
    out: dict[str, dict] = {}
    for m in matches:
        key = m["mentor"] if group else m["mentee"]
        g = out.setdefault(f"{cohort['id']}.{key}",
                           {"mentor": m["mentor"], "mentees": [], "pairs": []})
        g["mentees"].append(m["mentee"])
        g["pairs"].append(m)
        if m.get("started_at"):  # a choice: the match starts when it was accepted
            g["started_at"] = min(g.get("started_at") or m["started_at"], m["started_at"])
    return out


def _pairs(cohort: dict, me: dict | None = None) -> list | tuple:
    """A published cohort's pairs: its published run's and those of every
    waiting-list run published after it. A choice-mode cohort's matches are
    its accepted requests (those of ``me`` and her group, or all of them
    without ``me``), not the proposal."""
    if choices.in_choice_mode(cohort):
        return choices.accepted_pairs(cohort, me)
    later = cohort.get("waiting_runs") or []
    if not later:
        return runs.complete_proposal(cohort["published_run"])[0]
    return [m for run_id in [cohort["published_run"], *later]
            for m in runs.complete_proposal(run_id)[0]]


def _unmatched(cohort: dict, matched: set[str]) -> list[dict]:
    """Mentees left unmatched, each with the newest reason a run gave."""
    why: dict[str, dict] = {}
    for run_id in [cohort["published_run"], *(cohort.get("waiting_runs") or [])]:
        why.update((u["mentee"], u) for u in runs.complete_proposal(run_id)[1])
    return [u for mentee, u in sorted(why.items()) if mentee not in matched]


def _published(cohort_id: str, me: dict | None = None) -> tuple[dict, dict, str | None] | None:
    cohort = participant_data.cohort(cohort_id)
    if not cohort or not cohort["published_run"]:
        return None
    # Matches start when the admin published them; cohorts published before
    # that was kept fall back to the run's finish.
    started = cohort["published_at"] or participant_data.finished_at(cohort["published_run"])
    return cohort, _groups(cohort, _pairs(cohort, me)), started


def published(cohort_id: str) -> tuple[dict, dict, str | None] | None:
    """(cohort, {match id: {mentor, mentees, pairs}}, started at) of a
    published cohort, or None: every match of it, for the admin's follow-up
    and the nudges job (not for a participant: see ``load``)."""
    return _published(cohort_id)


def published_pairs(cohort_id: str) -> tuple[list[dict], list[dict]]:
    """(matches, unmatched mentees) of a cohort as published, for the admin's
    reports, equity audit, matches export and "matched" filter: the
    published proposal's, or in choice mode the accepted requests and every
    other active mentee with where her request stands. Empty before publishing."""
    cohort = participant_data.cohort(cohort_id)
    if not cohort or not cohort["published_run"]:
        return [], []
    matches = list(_pairs(cohort))
    if choices.in_choice_mode(cohort):
        return matches, choice_admin.unmatched(cohort_id, {m["mentee"] for m in matches})
    return matches, _unmatched(cohort, {m["mentee"] for m in matches})


def matched_ids(cohort_id: str) -> frozenset[str]:
    """Everyone in one of the cohort's published matches (the admin's
    "matched" filter), kept per process under the cohort's stamp, which
    publishing, waiting-list runs, choices, withdrawals and erasures move
    (``functions.db.people_stamp``): the filter pages through thousands."""
    def read() -> frozenset[str]:
        matches, _ = published_pairs(cohort_id)
        return frozenset({m["mentee"] for m in matches} | {m["mentor"] for m in matches})
    return people_stamp.kept(cohort_id, "matched", read)


def _summary(match_id: str, cohort: dict, g: dict, me: dict, people: dict) -> dict:
    members = [g["mentor"], *g["mentees"]]
    partners = [_card(people, pid, g, cohort["questions"]) for pid in members
                if pid != me["id"]]
    return {"id": match_id, "cohort": {"id": cohort["id"], "name": cohort["name"]},
            "program": cohort["program"], "my_role": me["role"], "partners": partners}


def _card(people: dict, pid: str, g: dict, questions: list[dict]) -> dict:
    """A partner as a member sees her: name, contact, role, her profile (job
    title, bio, answers to the questions shown to partners), and why we matched."""
    p = people.get(pid)
    role = "mentor" if pid == g["mentor"] else "mentee"
    why = [{"score": m["score"], "reasons": m["reasons"]} for m in g["pairs"]
           if pid in (m["mentor"], m["mentee"])]
    if p is None:  # erased: what others wrote stays, without naming her
        return {"id": pid, "name": "a former participant", "email": None, "role": role,
                "why": why}
    return {"id": pid, "name": p["name"], "email": p["email"], "role": role,
            **partner_profile(p, questions), "why": why}


def _build(me: dict, stamp: str, found=None) -> dict:
    """Her card in her cohort (``functions.db.match_cards``), built from the
    cohort, its program, its published runs and her partners' records:
    ``{"stamp", "format", "choice", "tracked", "cohort", "matches": [summary
    with my_id, members, started_at]}``. ``tracked``: her matches' progress
    was kept from their start (``functions.db.progress``). ``found`` is the
    cohort already read as ``_published`` gives it (``write_cohort``), else
    it is read here."""
    card = {"stamp": stamp, "format": CARD_FORMAT, "choice": False, "tracked": False,
            "matches": []}
    published = found or _published(me["cohort_id"], me)
    if not published:
        return card
    cohort, groups, started = published[:3]
    choice = choices.in_choice_mode(cohort)
    card.update(choice=choice, tracked=not choice and progress.kept_from_start(
                    [cohort["published_run"], *(cohort.get("waiting_runs") or [])]),
                cohort={"id": cohort["id"], "name": cohort["name"], "status": cohort["status"],
                        "program": {k: cohort["program"][k] for k in ("id", "name")}})
    mine = {mid: g for mid, g in groups.items()
            if me["id"] == g["mentor"] or me["id"] in g["mentees"]}
    ids = {pid for g in mine.values() for pid in [g["mentor"], *g["mentees"]]}
    people = (found[3] if found and len(found) > 3 else
              participant_data.people(cohort["id"], ids) if ids else {})
    card["matches"] = [{**_summary(mid, cohort, g, me, people), "my_id": me["id"],
                        "members": [g["mentor"], *g["mentees"]],
                        "started_at": g.get("started_at") or started}
                       for mid, g in sorted(mine.items())]
    return card


def _current_card(me: dict, stamp: str, card: dict | None) -> dict:
    """Her stored card while its stamp is the cohort's, else one built now
    (and stored for her next page)."""
    if card and card.get("stamp") == stamp and card.get("format") == CARD_FORMAT:
        return card
    card = _build(me, stamp)
    cards.save(me["cohort_id"], me["email"], card)
    return card


def write_cohort(cohort_id: str) -> int:
    """Build and store the card of every active person of a published cohort
    (after publishing, before anyone is told), so that each first page after
    publishing is as quick as the next; returns how many were written."""
    stamp = cards.stamp(cohort_id)  # read first: see functions.db.match_cards
    cohort = participant_data.cohort(cohort_id) if stamp else None
    if not cohort:
        return 0
    started = cohort["published_at"] or participant_data.finished_at(cohort["published_run"])
    everyone = participant_data.cohort_people(cohort_id)
    known = (cohort, _groups(cohort, _pairs(cohort)), started, everyone)
    built = {me["email"]: _build(me, stamp, known) for me in everyone.values()
             if me["status"] == "active"}
    cards.save_all(cohort_id, built)
    return len(built)


def _public(match: dict) -> dict:
    return {k: v for k, v in match.items() if k != "members"}


def my_matches(email: str, kept: dict | None = None) -> tuple[list[dict], list[dict]]:
    """(my enrolments, each with ``choice``: whether it is active in a cohort
    published in choice mode; my published matches across cohorts). Her
    records are one call; her cards, her progress and her cohorts' stamps
    another. ``kept``, when given, gets per cohort of hers with a card what
    My mentoring reads from it: ``{"card", "progress", "email"}``."""
    recs = participant_data.records(email)
    stamps, stored, items = cards.stamps_and_cards(
        email, {r["cohort_id"] for r in recs if r["status"] == "active"})
    found = []
    for me in recs:
        me["choice"] = False  # whether she has a choice page there (functions.api.choices)
        stamp = stamps.get(me["cohort_id"])
        if me["status"] != "active" or not stamp:
            continue  # withdrawn, or the cohort is not published (or gone)
        card = _current_card(me, stamp, stored.get(me["cohort_id"]))
        me["choice"] = card["choice"]
        found += [_public(m) for m in card["matches"]]
        if kept is not None:
            kept[me["cohort_id"]] = {"card": card, "email": me["email"],
                                     "progress": items.get(me["cohort_id"])}
    return recs, found


def progress_keys(m: dict) -> list[tuple[str, str]]:
    """(cohort, e-mail) of the members of match ``m`` (as ``load`` gives it)
    whose progress a meeting or a closure changes; an erased one has none."""
    cohort_id = m["cohort"]["id"]
    return [(cohort_id, m["me"]["email"])] + [
        (cohort_id, p["email"]) for p in m["partners"] if p.get("email")]


def match_ids(recs: list[dict]) -> list[str]:
    """Ids of every published match these records are members of, whatever
    their status now: a reminder may have reached her before she withdrew,
    so her export and erasure look at these, not only at ``my_matches``."""
    out = []
    for me in recs:
        published = _published(me["cohort_id"], me)
        if published:
            out += [mid for mid, g in published[1].items()
                    if me["id"] == g["mentor"] or me["id"] in g["mentees"]]
    return sorted(out)


def partner_records(recs: list[dict]) -> set[tuple[str, str]]:
    """(cohort, e-mail) of everyone whose match pages show one of these
    records as a partner: where an erasure must take her off the cards."""
    return {(me["cohort_id"], p["email"]) for me in recs
            for m in _build(me, "")["matches"] for p in m["partners"] if p.get("email")}


def load(match_id: str, email: str) -> dict:
    """One of my matches with its members; 404 unless I am one of them. Her
    record in the match's cohort, her card there and its stamp are one call."""
    cohort_id, _, key = match_id.rpartition(".")
    if not cohort_id or not key:
        raise _gone(match_id)
    me, stamp, stored = cards.record_stamp_card(cohort_id, email)
    if not me or me["status"] != "active" or not stamp:
        raise _gone(match_id)
    card = _current_card(me, stamp, stored)
    m = next((m for m in card["matches"] if m["id"] == match_id), None)
    if m is None:
        raise _gone(match_id)
    return {k: v for k, v in m.items() if k != "my_id"} | {"me": me}
