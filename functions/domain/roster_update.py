"""Update mode of a participant import: a row whose e-mail is already in the
cohort updates that person, the others are added, all or nothing.

The file decides the columns it has: a cell it leaves empty clears that
answer, a column it leaves out keeps every person's value
(``roster_csv.parse``). Someone already in a published pair keeps what the
match was made from: a row may change her name, job title and bio, and any
other change (an answer, a mentor's capacity) is refused with the reason, so
a published match never stands on answers it was not made from. Pure: the
published pairs are passed in.
"""
from __future__ import annotations

#: What a row may still change of someone in a published pair.
PROFILE_ONLY = ("name", "job_title", "bio")
#: A person's own fields; every other column is an answer.
FIELDS = ("name", "capacity", "job_title", "bio")


def _same(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return (a if a != "" else None) == (b if b != "" else None)


def changes(before: dict, after: dict) -> dict[str, dict]:
    """What a row changes, by column: ``{column: {"from", "to"}}``; an answer
    by its question's id (its column)."""
    out = {}
    for field in FIELDS:
        if field in after and not _same(before.get(field), after.get(field)):
            out[field] = {"from": before.get(field), "to": after.get(field)}
    old, new = before.get("answers") or {}, after.get("answers") or {}
    for qid in sorted(set(old) | set(new)):
        if not _same(old.get(qid), new.get(qid)):
            out[qid] = {"from": old.get(qid), "to": new.get(qid)}
    return out


def pair_check(existing: dict[str, dict], partners: dict[str, list[str]]):
    """``check(person)`` for ``roster_csv.parse``: refuses any change but to
    name, job title and bio of someone in a published pair.

    ``partners``: participant id -> the names of her published partners."""
    def check(person: dict) -> list[tuple[str, str]]:
        before = existing.get(person["email"])
        if not before or before["id"] not in partners:
            return []
        others = ", ".join(partners[before["id"]]) or "her partner"
        return [(column, f"{before['name']} is in a published pair with {others}: the match "
                 f"was made from her answers and capacity, so the file may change only her "
                 f"name, job title and bio; give {column} its current value "
                 f"({_shown(change['from'])}) or leave the column out")
                for column, change in changes(before, person).items()
                if column not in PROFILE_ONLY]
    return check


def _shown(value) -> str:
    if value is None or value == "":
        return "empty"
    return ";".join(map(str, value)) if isinstance(value, list) else str(value)


def plan(people: list[dict], existing: dict[str, dict]) -> tuple[list, list]:
    """(the people to add, the updates ``{email, version, changes, before,
    row, name, fields}``); a person whose row changes nothing is in neither."""
    added, updates = [], []
    for person in people:
        before = existing.get(person["email"])
        if before is None:
            added.append(person)
            continue
        diff = changes(before, person)
        if not diff:
            continue
        own = [f for f in FIELDS if f in person and f in diff]
        stored = {f: person[f] for f in own}
        if len(own) < len(diff):  # the rest are answers
            stored["answers"] = person["answers"]
        updates.append({"email": person["email"], "version": before["version"],
                        "changes": stored, "before": before, "row": person["row"],
                        "name": person["name"], "fields": diff})
    return added, updates
