"""Stable mode, as participants and admins use it: while the cohort is
matching and before its matching date, each mentee ranks up to N of her
suggested mentors and a mentor may rank the mentees who ranked her; the
matching run then makes a proposal by deferred acceptance
(``functions.domain.stable_runs``), and once it is published each person
reads why she got whom (``functions.domain.ranking_outcome``).

A participant sees names and profiles (``profiles.partner_profile``), never
an e-mail address. A cohort that is not hers, or not in stable mode, is 404.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

from functions.db import choices as people_store, participant_data, programs, rankings, runs
from functions.db import suggestions as suggested
from functions.domain import ranking_outcome as words
from functions.domain.profiles import partner_profile
from functions.domain.program_policy import current_policy
from functions.errors import Conflict, Forbidden, Invalid, NotFound
from functions.vocab.dates import utc_today
from functions.vocab.lifecycle import MATCHING, PUBLISHED
from functions.vocab.matching import STABLE_CHOICES, fit

STABLE = "stable"


def choices_allowed(program_id: str) -> int:
    """N: how many suggestions a mentee of the program ranks at most."""
    from functions.db.program_admin import load_program
    return int(load_program(program_id).stable_choices or STABLE_CHOICES)


def is_stable(program_id: str) -> bool:
    """The program's mode is kept on the program (``program_policy``); one
    stored before modes were kept is in admin or choice mode, never stable."""
    return programs.program_policy_base(program_id)["matching_mode"] == STABLE


@lru_cache(maxsize=256)
def _stable_run(run_id: str) -> bool:
    """Whether a run matched by ranked choices (a run's policy never changes)."""
    return (runs.policy_of(run_id) or {}).get("mode") == STABLE


def is_open(cohort: dict) -> bool:
    """Rankings are taken while the cohort is matching, its suggestions are
    out, no run is matching it, and its matching date has not come."""
    due = cohort.get("matching_at")
    return (cohort["status"] == MATCHING and not cohort.get("active_run")
            and (not due or utc_today().isoformat() < due))


def _refusal(cohort: dict) -> str:
    due = cohort.get("matching_at")
    if cohort["status"] == MATCHING and due and utc_today().isoformat() >= due:
        return (f"rankings for {cohort['name']} closed when matching began on {due}; "
                "your program manager is matching the cohort now")
    if cohort["status"] == MATCHING:
        return (f"{cohort['name']} is being matched right now, so rankings are closed; "
                "your page shows the result once it is published")
    return f"rankings for {cohort['name']} are closed: the cohort has been matched"


def _cohort(cohort_id: str) -> dict:
    c = programs.load_cohort(cohort_id)
    p = participant_data.cohort(cohort_id) or {}
    return {"id": c.id, "name": c.name, "status": c.status, "matching_at": c.matching_at,
            "active_run": c.active_run, "proposal_run": c.proposal_run,
            "published_run": c.published_run, "program_id": c.program_id,
            "program": p.get("program"), "questions": p.get("questions", [])}


def _stable_cohort(cohort) -> bool:
    """Published: whether its run was stable; otherwise: the program's mode now.
    ``cohort``: as ``_cohort`` gives it, or the stored cohort."""
    get = cohort.get if isinstance(cohort, dict) else lambda k: getattr(cohort, k)
    if get("published_run"):
        return _stable_run(get("published_run"))
    return is_stable(get("program_id"))


def _mine(email: str, cohort_id: str | None = None) -> list[dict]:
    return [r for r in participant_data.records(email)
            if r["status"] == "active" and (cohort_id is None or r["cohort_id"] == cohort_id)]


def my_rankings(email: str) -> list[dict]:
    """Her page's stable-mode sections: one per active enrolment in a cohort
    whose suggestions are out (or which a stable run has matched)."""
    out = []
    for me in _mine(email):
        # The stored cohort first: most enrolments are in no stable cohort,
        # and this page is read on every visit to "My mentoring".
        stored = programs.load_cohort(me["cohort_id"])
        if stored.status not in (MATCHING, "review", PUBLISHED) or not _stable_cohort(stored):
            continue
        cohort = _cohort(me["cohort_id"])
        source = rankings.suggest_run(cohort["id"])
        if source is None:
            continue
        out.append(_section(cohort, me, source))
    return out


def _section(cohort: dict, me: dict, source: str) -> dict:
    mine = rankings.get(cohort["id"], me["id"]) or {"ranked": [], "outcome": None}
    base = {"cohort": {"id": cohort["id"], "name": cohort["name"]},
            "program": cohort["program"], "role": me["role"], "open": is_open(cohort),
            "deadline": cohort["matching_at"], "n": choices_allowed(cohort["program_id"]),
            "ranked": mine["ranked"], "outcome": None}
    shown = mine.get("outcome")
    if shown and shown.get("run") == cohort["published_run"]:
        base["outcome"] = _outcome_words(cohort["id"], shown)
    if me["role"] == "mentee":
        items = suggested.suggestions_for(source, me["id"])
        people = people_store.mentors(cohort["id"], {s["mentor"] for s in items})
        base["suggestions"] = [
            {"mentor": {"id": s["mentor"], "name": people[s["mentor"]]["name"],
                        **partner_profile(people[s["mentor"]], cohort["questions"])},
             "score": s["score"], "reasons": s["reasons"], "fit": fit(s["reasons"])}
            for s in items if s["mentor"] in people and people[s["mentor"]]["status"] == "active"]
        return base
    asked = _asked_by(cohort["id"], me["id"])
    names = participant_data.people(cohort["id"], set(asked)) if asked else {}
    base["asked_by"] = [{"mentee": {"id": e, "name": names[e]["name"],
                                    **partner_profile(names[e], cohort["questions"])},
                         "choice": k} for e, k in asked.items() if e in names]
    return base


def _asked_by(cohort_id: str, mentor_id: str) -> dict[str, int]:
    """The mentees who rank her, with the place they give her."""
    return {r["person"]: r["ranked"].index(mentor_id) + 1 for r in rankings.of_cohort(cohort_id)
            if r["role"] == "mentee" and mentor_id in r["ranked"]}


def _outcome_words(cohort_id: str, outcome: dict) -> dict:
    if outcome["role"] == "mentee":
        ids = {p["mentor"] for p in outcome["passed"]} | {outcome["mentor"]} - {None}
        names = {k: v["name"] for k, v in participant_data.people(cohort_id, ids).items()}
        return {"lines": [words.mentee_words(outcome, names)], "choice": outcome["choice"]}
    ids = {m["mentee"] for m in outcome["mentees"]}
    names = ({k: v["name"] for k, v in participant_data.people(cohort_id, ids).items()}
             if ids else {})
    return {"lines": words.mentor_words(outcome, names), "choice": None}


def _only_cohort(email: str) -> str:
    """The one cohort where she ranks, when a ranking names none."""
    sections = my_rankings(email)
    still = [s for s in sections if s["open"]]
    where = [s["cohort"]["id"] for s in (still if len(still) == 1 else sections)]
    if len(where) != 1:
        raise Invalid("cohort: say which cohort this ranking is for" if where else
                      "cohort: you rank in no cohort", field="cohort")
    return where[0]


def set_ranking(cohort_id: str | None, email: str, ranked: list[str]) -> dict:
    """Her whole ranking, first choice first: a mentee's from her own
    suggestions (at most N), a mentor's from the mentees who ranked her."""
    cohort_id = cohort_id or _only_cohort(email)
    me = next(iter(_mine(email, cohort_id)), None)
    cohort = _cohort(cohort_id) if me else None
    if cohort is None or cohort["published_run"] or not is_stable(cohort["program_id"]):
        raise NotFound(f"no ranking in cohort {cohort_id}", field="cohort")
    source = rankings.suggest_run(cohort_id)
    if source is None:
        raise NotFound(f"no ranking in cohort {cohort_id} yet: its suggestions are not out",
                       field="cohort")
    if not is_open(cohort):
        raise Conflict(_refusal(cohort), field="cohort")
    if len(set(ranked)) != len(ranked):
        raise Invalid("ranked: each person once", field="ranked")
    if me["role"] == "mentee":
        n = choices_allowed(cohort["program_id"])
        if len(ranked) > n:
            raise Invalid(f"ranked: at most {n} of your suggested mentors", field="ranked")
        allowed = {s["mentor"] for s in suggested.suggestions_for(source, me["id"])}
        bad = [x for x in ranked if x not in allowed]
        if bad:
            raise Invalid("ranked: choose only among your suggested mentors", field="ranked")
    elif me["role"] == "mentor":
        allowed = set(_asked_by(cohort_id, me["id"]))
        if any(x not in allowed for x in ranked):
            raise Invalid("ranked: rank only the mentees who ranked you", field="ranked")
    else:
        raise Forbidden("only mentees and mentors rank", field="role")
    saved = rankings.save(cohort_id, me["id"], me["role"], ranked)
    return {"cohort": cohort_id, "ranked": saved["ranked"], "at": saved["at"]}


# -- the admin's side -------------------------------------------------------------

def overview(cohort_id: str) -> dict:
    """Where a stable-mode cohort's ranking stands, for its admin page."""
    cohort = _cohort(cohort_id)
    if not _stable_cohort(cohort):      # every cohort page asks: the rest is for stable ones
        return {"stable": False}
    from functions.db import participants
    people = [p for p in participants.list_participants(cohort_id)
              if p.get("status") != "withdrawn"]
    counts = rankings.count_ranked(cohort_id)
    ready, running = rankings.suggest_runs(cohort_id)
    return {"stable": True, "open": is_open(cohort),
            "deadline": cohort["matching_at"], "n": choices_allowed(cohort["program_id"]),
            "suggestions": ready is not None, "suggestions_running": running,
            "mentees": sum(1 for p in people if p["role"] == "mentee"),
            "mentees_ranked": counts.get("mentee", 0),
            "mentors_ranked": counts.get("mentor", 0)}


def start_suggestions(cohort_id: str, by: str, dispatch: Callable[[str], None]) -> dict:
    """Queue the run that makes every mentee's suggestions to rank."""
    cohort = _cohort(cohort_id)
    if cohort["status"] != MATCHING:
        raise Conflict(f"{cohort['name']} is not matching: suggestions to rank are made "
                       "once enrolment is closed", field="status")
    policy = current_policy(cohort["program_id"])
    if policy["mode"] != STABLE:
        raise Conflict(f"{cohort['name']}'s program does not match by ranked choices; "
                       "choose that way of matching on the program page first", field="mode")
    used = {k: policy[k] for k in ("criteria", "min_score", "mode")}
    run, should = runs.start_run(cohort_id, rankings.SUGGEST, used, policy["version"], by)
    if should:
        dispatch(run["run"])
    return run


def tell_ranking_open(settings, cohort_id: str, source: str) -> int:
    """E-mail each active mentee with suggestions in run ``source`` that she
    can rank them now (and until when), and each mentor that mentees are
    ranking; returns how many messages went. A message that does not go is
    logged by ``notify``, never raised: the suggestions stand."""
    from functions import notify
    from functions.db import participants
    from functions.domain.choices import _first, _link
    cohort = _cohort(cohort_id)
    program = (cohort["program"] or {}).get("name", "Your program")
    where, n = f"{program} ({cohort['name']})", choices_allowed(cohort["program_id"])
    until = (f"until the day before matching starts on {cohort['matching_at']}"
             if cohort["matching_at"] else "until your program manager starts matching")
    has = set(suggested.all_suggestions(source))
    sent = 0
    for p in participants.list_participants(cohort_id):
        if p.get("status") == "withdrawn" or (p["role"] == "mentee" and p["id"] not in has):
            continue
        if p["role"] == "mentee":
            subject = f"{program}: rank your suggested mentors"
            text = (f"Hello {_first(p['name'])},\n\nYour suggested mentors in {where} are "
                    f"ready. Rank up to {n} of them, first choice first, on your page; you "
                    f"can change your ranking {until}:\n{_link(settings)}\n\nSign in there "
                    "with this e-mail address.\n")
        else:
            subject = f"{program}: mentees are ranking their mentors"
            text = (f"Hello {_first(p['name'])},\n\nMentees in {where} are ranking their "
                    f"suggested mentors {until}. If you like, put the mentees who ranked you "
                    f"in your own order on your page; otherwise matching goes by how well "
                    f"you fit:\n{_link(settings)}\n")
        sent += notify.deliver(settings, p["email"], subject, text)
    return sent


def check_can_match(cohort_id: str) -> None:
    """A stable run needs the suggestions out first, or nobody could rank."""
    if rankings.suggest_run(cohort_id) is None:
        name = programs.load_cohort(cohort_id).name
        raise Conflict(f"{name}'s mentees have no suggestions to rank yet: make them "
                       "(“Make suggestions”), let mentees rank until the matching date, "
                       "then match", field="cohort")


def mine(recs: list[dict]) -> list[dict]:
    """For her data export: her ranking in each cohort where she gave one."""
    found = [(r, rankings.get(r["cohort_id"], r["id"])) for r in recs]
    return [{"cohort": r["cohort_id"], "role": r["role"], "ranked": got["ranked"],
             "at": got["at"]} for r, got in found if got and got["ranked"]]


def forget(recs: list[dict]) -> None:
    """Erasure: her rankings go with her records."""
    for r in recs:
        rankings.forget(r["cohort_id"], r["id"])
