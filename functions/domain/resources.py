"""A program's resources and training: what the admin curates, what each
person sees for her role and her match's stage, and what she marked done.

Stages, in order: ``first-meeting``, ``first-month``, ``mid-point``,
``closing``. Cohorts carry no end date, so a match is taken to run six
months from its start (publishing, or in choice mode the acceptance):

- ``first-meeting`` — from the start (a new match is here);
- ``first-month`` — once a meeting has been held, or 14 days after the start;
- ``mid-point`` — 90 days after the start;
- ``closing`` — 150 days after the start, or once the match is closed.

A person sees the resources for her role (or both roles) of every stage
from the first up to her match's current one, so nothing she skipped
disappears.
"""
from __future__ import annotations

from datetime import datetime, timezone

from functions.db import journal as journal_store
from functions.db import match_cards, progress
from functions.db import resources as store
from functions.db.programs import Cohort
from functions.domain import participant_matches
from functions.domain.journal import is_ahead
from functions.domain.starter_resources import STARTER
from functions.errors import Invalid

STAGES = ("first-meeting", "first-month", "mid-point", "closing")
AUDIENCES = ("mentor", "mentee", "both")
#: Days after a match's start at which it reaches each later stage.
FIRST_MONTH_DAYS, MID_POINT_DAYS, CLOSING_DAYS = 14, 90, 150


def stage(started_at: str | None, met: bool, closed: bool, at: datetime | None = None) -> str:
    """The stage of a match that started at ``started_at`` (see the module's doc)."""
    if closed:
        return "closing"
    days = ((at or datetime.now(timezone.utc)) - datetime.fromisoformat(started_at)).days \
        if started_at else 0
    if days >= CLOSING_DAYS:
        return "closing"
    if days >= MID_POINT_DAYS:
        return "mid-point"
    if met or days >= FIRST_MONTH_DAYS:
        return "first-month"
    return "first-meeting"


def _ordered(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda r: (STAGES.index(r["stage"]), r.get("order", 99), r["title"]))


def of_program(program_id: str) -> list[dict]:
    """The program's resources, stage by stage; a program read for the first
    time gets the starter set (``starter_resources``) written for it."""
    found, seeded = store.listed(program_id)
    if not seeded:
        store.seed(program_id, STARTER, "tandem")
        _changed(program_id)
        found, _ = store.listed(program_id)
    return _ordered(found)


#: (program, cohort, the cohort's stamp) -> the program's resources, per
#: process: a resource's change ages every cohort of its program
#: (``_changed``), so a page that read a stamp may use what was read under it.
_LISTED: dict[tuple[str, str, str], list[dict]] = {}
LISTED_KEPT = 256


def listed_for(program_id: str, kept: dict | None) -> list[dict]:
    """``of_program``, kept per process under her cohort's stamp (``kept``:
    what ``my_matches`` read in that cohort)."""
    if not (kept and kept["card"].get("cohort")):
        return of_program(program_id)
    key = (program_id, kept["card"]["cohort"]["id"], kept["card"]["stamp"])
    if key not in _LISTED:
        if len(_LISTED) >= LISTED_KEPT:
            _LISTED.clear()
        _LISTED[key] = of_program(program_id)
    return _LISTED[key]


def _changed(program_id: str) -> None:
    """Participants' cards carry the program's resources: out of date now."""
    match_cards.touch_now(c.id for c in Cohort.by_program.query(program_id,
                                                               attributes_to_get=["id"]))


def _check(data: dict, partial: bool) -> dict:
    if "url" in data and data["url"] and not data["url"].startswith(("https://", "http://")):
        raise Invalid("url: a web address starting with https://", field="url")
    if not partial and not (data.get("url") or data.get("text")):
        raise Invalid("url: give a link, or a short text in text", field="url")
    if not partial and data.get("url") and data.get("text"):
        raise Invalid("text: give a link or a text, not both", field="text")
    return data


def add(program_id: str, body, by: str) -> dict:
    data = _check(body.model_dump(exclude_none=True), partial=False)
    rid = store.add(program_id, data, by)
    _changed(program_id)
    return {"id": rid, **data, "version": 1}


def edit(program_id: str, rid: str, body, by: str) -> dict:
    changes = _check(body.model_dump(exclude_unset=True, exclude_none=True,
                                     exclude={"version"}), partial=True)
    done = store.edit(program_id, rid, changes, body.version, by)
    _changed(program_id)
    return done


def remove(program_id: str, rid: str) -> None:
    store.remove(program_id, rid)
    _changed(program_id)


def _mine(resources: list[dict], role: str, current: str) -> list[dict]:
    upto = STAGES.index(current)
    return [r for r in resources if r["audience"] in (role, "both")
            and STAGES.index(r["stage"]) <= upto]


def _rebuilt(summary: dict) -> dict:
    """Her progress in one match read from its journal (as
    ``functions.db.progress`` keeps it)."""
    built = {"meetings": {}, "closed": False, "done": set()}
    for i in journal_store.items(summary["id"]):
        if i["kind"] == "meeting":
            built["meetings"][i["key"]] = i["data"]["start"] if i["data"].get("planned") else ""
        elif i["kind"] == "closure":
            built["closed"] = True
        elif i["kind"] == "resource-done" and i["author"] == summary["my_id"]:
            built["done"].add(i["key"].split("#")[1])
    return built


def progress_facts(summary: dict, kept: dict | None, match_id: str) -> dict:
    """Her progress in ``match_id`` (or ``progress.TRAINING``) from her
    progress item; read from the journal and stored when it is not complete."""
    item = (kept or {}).get("progress")
    tracked = match_id != progress.TRAINING and bool((kept or {}).get("card", {}).get("tracked"))
    found = progress.facts(item, match_id, tracked)
    if found is None:
        cohort_id = summary["cohort"]["id"]
        if match_id == progress.TRAINING:
            found = {"meetings": {}, "closed": False,
                     "done": store.done_on_enrolment(cohort_id, summary["my_id"])}
        else:
            found = _rebuilt(summary)
        if kept:
            progress.store_rebuilt(cohort_id, kept["email"], match_id, item, found)
    return found


def _held(meetings: dict[str, str], at: datetime | None = None) -> bool:
    now = (at or datetime.now(timezone.utc)).isoformat()
    return any(start == "" or start <= now for start in meetings.values())


def for_match(summary: dict, kept: dict | None = None) -> dict:
    """Her stage in this match (``my_matches``' summary) and her resources up
    to it, each with ``done``. ``kept``: her card and progress item in the
    match's cohort (``participant_matches.my_matches``), else read here."""
    facts = progress_facts(summary, kept, summary["id"])
    now_at = stage(summary.get("started_at"), _held(facts["meetings"]), facts["closed"])
    done = set(facts["done"])
    shown = _mine(listed_for(summary["program"]["id"], kept), summary["my_role"], now_at)
    if summary["my_role"] == "mentor" and any(r.get("required") for r in shown):
        # Required training she did before she was matched (``functions.domain.training``).
        done |= progress_facts(summary, kept, progress.TRAINING)["done"]
    return {"stage": now_at, "resources": [
        {"id": r["id"], "title": r["title"], "stage": r["stage"], "done": r["id"] in done,
         "audience": r["audience"], "url": r.get("url"), "text": r.get("text"),
         "required": bool(r.get("required"))} for r in shown]}


def my_matches(email: str) -> tuple[list[dict], list[dict], dict]:
    """``GET /api/me``'s (records, matches each with its ``stage`` and
    ``resources``, and per cohort with a card what ``for_match`` read)."""
    kept: dict = {}
    recs, matches = participant_matches.my_matches(email, kept)
    return recs, [{**m, **for_match(m, kept.get(m["cohort"]["id"]))} for m in matches], kept


def mark_in_matches(email: str, rid: str, done: bool) -> tuple[list[dict], bool]:
    """Mark resource ``rid`` done (or not) in each of her matches that shows
    it: (her enrolments, whether any match did)."""
    recs, matches, kept = my_matches(email)
    for m in matches:
        if any(r["id"] == rid for r in m["resources"]):
            store.mark(m["id"], rid, m["my_id"], done, also=[progress.done_update(
                m["cohort"]["id"], kept[m["cohort"]["id"]]["email"], m["id"], rid, done)])
    return recs, any(any(r["id"] == rid for r in m["resources"]) for m in matches)
