"""The report dashboard's numbers: per cohort, and per program as the sum of its cohorts.

Every chart is a small table with a title, a text alternative and rows that
download as CSV as they are. The diversity tables go through
``functions.domain.suppression`` before they leave this module: no count
under 10 is ever published, nor one that the published totals give away.
Matches come from the cohort's published proposal (in choice mode, its
accepted requests); until it is published the match charts are empty.
"""
from __future__ import annotations

from collections import Counter

from functions.domain import suppression

ROLES = ("mentor", "mentee")
#: Self-identification answers reported, with their labels.
DIMENSIONS = {"gender": "Gender", "age_range": "Age range", "ethnicity": "Ethnicity"}
SCORE_BINS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 101)]
#: The matcher's kinds of why-not (``functions.matching.explain``), as the chart names them.
WHY_NOT = {"full": "all allowed mentors full", "below_minimum": "below the minimum score",
           "required": "fails a required criterion", "forbidden": "every mentor forbidden",
           "no_mentors": "no mentors in the cohort"}


def published_matches(cohort_id: str) -> tuple[list, list]:
    """The cohort's published matches and unmatched mentees: the published
    proposal's, or in choice mode the accepted requests
    (``participant_matches.published_pairs``); two empty lists before publishing."""
    from functions.domain import participant_matches  # storage stays out of the pure charts
    return participant_matches.published_pairs(cohort_id)


def _chart(id_: str, title: str, columns: list[str], rows: list[list], text: str) -> dict:
    return {"id": id_, "title": title, "columns": columns, "rows": rows, "text": text}


def cohort_report(people: list[dict], self_ids: dict[str, dict],
                  matches: list[dict], unmatched: list[dict]) -> dict:
    """All charts for one cohort. ``people`` are participant views,
    ``self_ids`` participant id -> self-identification answers."""
    active = [p for p in people if p.get("status", "active") == "active"]
    counts = Counter(p["role"] for p in active)
    seats = sum(int(p.get("capacity") or 0) for p in active if p["role"] == "mentor")
    matched_ids = {m["mentee"] for m in matches} | {m["mentor"] for m in matches}
    charts = [_enrolment_over_time(active), _seats(seats, counts["mentee"]),
              _scores(matches), _unmatched(unmatched)]
    charts += [_diversity(dim, label, active, self_ids, matched_ids, bool(matches))
               for dim, label in DIMENSIONS.items()]
    return {"counts": {r: counts.get(r, 0) for r in ROLES},
            "withdrawn": len(people) - len(active),
            "seats": seats, "matches": len(matches), "unmatched": len(unmatched),
            "suppression_threshold": suppression.THRESHOLD, "charts": charts}


def _enrolment_over_time(people: list[dict]) -> dict:
    by_day = Counter((p["created_at"][:10], p["role"]) for p in people if p.get("created_at"))
    days = sorted({d for d, _ in by_day})
    rows, total = [], Counter()
    for day in days:
        for r in ROLES:
            total[r] += by_day[(day, r)]
        rows.append([day, *(total[r] for r in ROLES)])
    last = rows[-1] if rows else ["", 0, 0]
    text = (f"Enrolment by day, cumulative: {last[1]} mentors and {last[2]} mentees "
            f"by {last[0]}." if rows else "Nobody has enrolled yet.")
    return _chart("enrolment", "Enrolment over time by role",
                  ["date", "mentors", "mentees"], rows, text)


def _seats(seats: int, mentees: int) -> dict:
    return _chart("seats", "Mentor seats against mentees", ["measure", "count"],
                  [["mentor seats", seats], ["mentees", mentees]],
                  f"{seats} mentor seats for {mentees} mentees"
                  + (f": {mentees - seats} mentees more than seats." if mentees > seats
                     else "."))


def _scores(matches: list[dict]) -> dict:
    rows = [[f"{lo}–{min(hi, 100)}", sum(1 for m in matches if lo <= m["score"] < hi)]
            for lo, hi in SCORE_BINS]
    text = ("No published matches yet." if not matches else
            "Match scores: " + ", ".join(f"{n} between {b}" for b, n in rows) + ".")
    return _chart("scores", "Match score distribution", ["score", "matches"], rows, text)


def _unmatched(unmatched: list[dict]) -> dict:
    """Unmatched mentees counted by the kind of their why-not, so "123 allowed
    mentors, all full" and "124 allowed mentors, all full" are one bar. A
    reason without a kind (choice mode's, or a run from before kinds) counts
    by its words."""
    rows = [[reason, n] for reason, n in Counter(
        WHY_NOT.get(u.get("kind")) or u.get("reason", "unknown") for u in unmatched).most_common()]
    text = ("Nobody is unmatched." if not rows else
            "Unmatched mentees by reason: " + "; ".join(f"{n}: {r}" for r, n in rows) + ".")
    return _chart("unmatched", "Unmatched mentees by reason", ["reason", "mentees"], rows, text)


def _diversity(dim: str, label: str, people: list[dict], self_ids: dict[str, dict],
               matched_ids: set[str], has_matches: bool) -> dict:
    groups = Counter()
    table: dict[str, Counter] = {}
    said = {p["id"]: (self_ids.get(p["id"]) or {}).get(dim) or suppression.NOT_SAID
            for p in people}
    pool = suppression.pooled(said.values(), keep={suppression.NOT_SAID})
    for p in people:
        group = pool[said[p["id"]]]
        table.setdefault(group, Counter())[p["role"]] += 1
        if has_matches and p["id"] in matched_ids:
            groups[group] += 1
    names = sorted(table, key=lambda g: (g == suppression.NOT_SAID, g == suppression.RARE,
                                         g.lower()))
    enrolled = suppression.published([[table[g][r] for r in ROLES] for g in names], names,
                                     ["mentors", "mentees"])
    matched = None
    if has_matches:
        # Matched and not matched by group: the matched rate is matched / total,
        # both published only where the suppression rule allows.
        counts = [[groups[g], sum(table[g].values()) - groups[g]] for g in names]
        matched = suppression.published(counts, names, ["matched", "not matched"])
    rows = [[r["group"], *r["counts"]] for r in enrolled["rows"]]
    shown = ", ".join(f"{g}: {c[-1] if c[-1] is not None else 'fewer than 10 or hidden'}"
                      for g, *c in rows)
    return {**_chart(f"diversity-{dim}", f"Enrolment by {label.lower()} (self-identified)",
                     ["group", "mentors", "mentees", "total"], rows,
                     f"Participants by {label.lower()}: {shown}. Counts under "
                     f"{suppression.THRESHOLD}, and any that would reveal them, are hidden."
                     if rows else "Nobody yet."),
            "enrolled": enrolled, "matched": matched,
            # Satisfaction by group arrives with check-ins (the journal).
            "satisfaction": None}


def merge_people(parts: list[list[dict]]) -> list[dict]:
    return [p for part in parts for p in part]
