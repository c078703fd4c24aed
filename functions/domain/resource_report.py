"""Completion of a program's resources by stage, for the program report.

For each stage (``resources.STAGES``) the figures are about people, not
clicks: a person is *due* a stage once one of her published matches has
reached it and the stage holds at least one resource for her role; she has
*done* it when she marked every one of those resources done (in a match, or
on her enrolment for required training). A mentor with two mentees counts
once.

Suppression, as for the readiness counts and the equity audit: no figure
stands on fewer than ``suppression.THRESHOLD`` people. A stage with fewer
people due withholds everything; otherwise "done" and its share are
withheld when fewer than that many have done it *or* have not (the second
could be worked out from the people due).

One journal Query per cohort (``journal.cohort_items``); no Scan.
"""
from __future__ import annotations

from collections import defaultdict

from functions.db import journal
from functions.domain import participant_matches, resources, suppression
from functions.domain.journal import is_ahead

LABELS = {"first-meeting": "Before the first meeting", "first-month": "The first month",
          "mid-point": "Mid-point", "closing": "Closing"}


def _reached(cohort_id: str, active: set[str]) -> tuple[dict[str, tuple[str, int]],
                                                          dict[str, set[str]]]:
    """({person id: (role, furthest stage index)}, {person id: resources done})
    over the cohort's published matches; only ``active`` people count."""
    found = participant_matches.published(cohort_id)
    items = journal.cohort_items(cohort_id) if found else []
    done: dict[str, set[str]] = defaultdict(set)
    by_match: dict[str, list[dict]] = defaultdict(list)
    for i in items:
        if i["kind"] == "resource-done":
            done[i["author"]].add(i["data"].get("resource") or i["key"].split("#")[1])
        else:
            by_match[i["match"]].append(i)
    people: dict[str, tuple[str, int]] = {}
    if not found:
        return people, done
    _, groups, started = found
    for match_id, g in groups.items():
        mine = by_match.get(match_id, [])
        met = any(i["kind"] == "meeting" and not is_ahead(i["data"]) for i in mine)
        closed = any(i["kind"] == "closure" for i in mine)
        at = resources.STAGES.index(
            resources.stage(g.get("started_at") or started, met, closed))
        for pid, role in [(g["mentor"], "mentor"), *((m, "mentee") for m in g["mentees"])]:
            if pid in active:
                people[pid] = (role, max(at, people.get(pid, (role, -1))[1]))
    return people, done


def completion(program_id: str, cohorts: list[tuple[str, list[dict]]]) -> dict:
    """The figures for a program whose ``cohorts`` are (cohort id, its
    participants as ``roster.everyone`` lists them)."""
    listed = resources.of_program(program_id)
    people: dict[str, tuple[str, int]] = {}
    done: dict[str, set[str]] = defaultdict(set)
    for cohort_id, roster in cohorts:
        active = {p["id"] for p in roster if p.get("status", "active") == "active"}
        reached, marked = _reached(cohort_id, active)
        people.update(reached)
        for pid, rids in marked.items():
            done[pid] |= rids
    rows = []
    for index, stage in enumerate(resources.STAGES):
        due = done_all = 0
        for pid, (role, at) in people.items():
            mine = {r["id"] for r in listed if r["stage"] == stage
                    and r["audience"] in (role, "both")}
            if mine and at >= index:
                due += 1
                done_all += mine <= done[pid]
        rows.append(_row(stage, due, done_all))
    return {"threshold": suppression.THRESHOLD, "stages": rows}


def _row(stage: str, due: int, done: int) -> dict:
    small = suppression.THRESHOLD
    if due < small:
        return {"stage": stage, "label": LABELS[stage], "due": None if due else 0,
                "done": None, "share": None, "withheld": "due" if due else None}
    if done < small or due - done < small:
        return {"stage": stage, "label": LABELS[stage], "due": due, "done": None,
                "share": None, "withheld": "done"}
    return {"stage": stage, "label": LABELS[stage], "due": due, "done": done,
            "share": round(100 * done / due), "withheld": None}


def _said(row: dict) -> str:
    small = suppression.THRESHOLD
    if row["due"] == 0:
        return f"{row['label']}: nobody has reached it yet"
    if row["withheld"] == "due":
        return f"{row['label']}: withheld, fewer than {small} people have reached it"
    if row["withheld"] == "done":
        return (f"{row['label']}: {row['due']} people due; how many finished is withheld, "
                f"as fewer than {small} have, or have not")
    return f"{row['label']}: {row['done']} of {row['due']} ({row['share']}%)"


def chart(figures: dict) -> dict:
    """The report's chart of these figures: a table, and a sentence saying it."""
    # A stage nobody has reached has no row (its share would be 0 of 0): the sentence says so.
    rows = [[r["label"], r["due"], r["done"], r["share"]] for r in figures["stages"]
            if r["due"] != 0]
    reached = bool(rows)
    text = ("People who marked done every resource of a stage meant for them, of those "
            "whose match has reached it: " + "; ".join(map(_said, figures["stages"])) + "."
            if reached else "No published match has reached a stage with resources yet.")
    return {"id": "resources", "title": "Resources done by stage",
            "columns": ["stage", "people due", "done", "share done (%)"],
            "rows": rows, "text": text}
