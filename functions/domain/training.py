"""Required training: resources a program marks "required training for
mentors before matching" (``required``, for mentors or both roles).

A mentor has no match when she should do it, so its "done" belongs to her
enrolment (``resources.enrolment_key``): she sees it on My mentoring from the
day she enrols, and the admin sees on the cohort page, before matching, which
mentors have not done it, by name. Matching is not held up by it: the cohort
page warns how many have not done it, and the admin decides.
"""
from __future__ import annotations

from functions.db import journal, participant_data, progress
from functions.db import resources as store
from functions.db import roster
from functions.domain import resources
from functions.errors import NotFound
from functions.vocab.lifecycle import CLOSED


def required(listed: list[dict]) -> list[dict]:
    """The required training among a program's resources (``of_program``)."""
    return [r for r in listed if r.get("required") and r["audience"] in ("mentor", "both")]


def _program_training(program_id: str) -> list[dict]:
    return required(resources.of_program(program_id))


def _done(rec: dict, kept: dict | None) -> set[str]:
    """Her required training done on enrolment ``rec``: from her progress
    item when My mentoring read it, else from the journal."""
    if kept is None:
        return store.done_on_enrolment(rec["cohort_id"], rec["id"])
    summary = {"id": progress.TRAINING, "my_id": rec["id"], "cohort": {"id": rec["cohort_id"]}}
    return resources.progress_facts(summary, kept, progress.TRAINING)["done"]


def for_me(recs: list[dict], matched: set[str] = frozenset(),
           kept: dict | None = None) -> list[dict]:
    """``GET /api/me``'s ``training``: for each cohort she is an active
    mentor in (not closed), its program's required training, each with
    ``done``. Cohorts in ``matched`` (where she has a match) are left out
    there: her match lists it with her other resources. ``kept``: her cards
    and progress by cohort (``resources.my_matches``), read instead of the
    cohort and its program's resources where she has one."""
    out = []
    for rec in recs:
        if rec["role"] != "mentor" or rec["status"] != "active" or rec["cohort_id"] in matched:
            continue
        mine = (kept or {}).get(rec["cohort_id"])
        cohort = (mine or {}).get("card", {}).get("cohort") or \
            participant_data.cohort(rec["cohort_id"])
        if not cohort or cohort["status"] == CLOSED:
            continue
        wanted = required(resources.listed_for(cohort["program"]["id"], mine))
        done = _done(rec, mine) if wanted else set()
        out += [{"id": r["id"], "title": r["title"], "url": r.get("url"), "text": r.get("text"),
                 "stage": r["stage"], "done": r["id"] in done,
                 "cohort": {"id": cohort["id"], "name": cohort["name"]},
                 "program": cohort["program"]["name"]} for r in wanted]
    return out


def mark_done(email: str, rid: str, done: bool) -> dict:
    """``PUT /api/me/resources/{id}``: her "done" in each match that shows
    the resource and, for required training, on her enrolment."""
    recs, in_matches = resources.mark_in_matches(email, rid, done)
    if not (_mark(recs, rid, done) or in_matches):
        raise NotFound(f"no resource {rid} among yours: it is not for your role or "
                       "stage, or it was removed", field="id")
    return {"id": rid, "done": done}


def _mark(recs: list[dict], rid: str, done: bool) -> bool:
    """Her "done" on required training ``rid`` on each enrolment it is hers
    on; whether there was any."""
    marked = False
    for r in for_me(recs):
        if r["id"] == rid:
            rec = next(x for x in recs if x["cohort_id"] == r["cohort"]["id"]
                       and x["role"] == "mentor")
            store.mark(store.enrolment_key(rec["cohort_id"], rec["id"]), rid, rec["id"], done,
                       also=[progress.done_update(rec["cohort_id"], rec["email"],
                                                  progress.TRAINING, rid, done)])
            marked = True
    return marked


def of_cohort(cohort_id: str) -> dict:
    """For the admin: the cohort's required training and its active mentors
    who have not done all of it, by name (her own program's people; no
    self-identification), each with what is left."""
    mentors = [p for p in roster.everyone(cohort_id)  # 404 for a cohort that is not there
               if p["role"] == "mentor" and p.get("status", "active") == "active"]
    wanted = _program_training(participant_data.cohort(cohort_id)["program"]["id"])
    done: dict[str, set[str]] = {}
    if wanted:
        for i in journal.cohort_items(cohort_id, "done#"):
            done.setdefault(i["author"], set()).add(i["key"].split("#")[1])
    left = [{"id": p["id"], "name": p["name"],
             "missing": [r["title"] for r in wanted if r["id"] not in done.get(p["id"], set())]}
            for p in mentors]
    left = sorted((m for m in left if m["missing"]), key=lambda m: m["name"].lower())
    return {"cohort": cohort_id, "required": [{"id": r["id"], "title": r["title"]} for r in wanted],
            "mentors": len(mentors), "done": len(mentors) - len(left), "not_done": left}
