"""How a published cohort's matches are doing, from their journals: the
admin's engagement report. Counts and means only: no names, no free text.

What is published, and why each figure is or is not suppressed (the rule is
``functions.domain.suppression``'s: no number under 10 that gives away what
someone answered, and none that the published totals would give away):

- **Activity** — matches, open and closed, meetings per month, pairs
  meeting, quiet pairs, goals and milestones ticked. Not suppressed: these
  record what pairs did together and both partners see them; a count of
  meetings says nothing about what anyone thinks.
- **Answers** — check-in satisfaction (1–5), whether the pair met, whether a
  concern was flagged, and feedback ratings. These are one person's private
  answers, so each small table (one row of answers by option) goes through
  ``suppression.published``: every cell under 10 is hidden (None), and so
  is whatever else would let it be worked out from the row total. The
  number of check-ins answered is published: with every cell under 10
  hidden, it cannot single out anyone's answer (at least two hidden cells
  share what is left of it). A mean rating is published only over 10 or
  more ratings.
- **Left out entirely** — check-in flags' text, meeting notes and topics,
  feedback text, the closure survey, and the closure reason, which is free
  text (``ClosureIn.reason``): closures are counted by whether a new partner
  was asked for, the one fixed option they have.

One journal Query per cohort (``journal.cohort_items``); the matches come
from the published run through ``participant_matches.published``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from functions.db import journal, participant_data
from functions.domain import participant_matches, suppression
from functions.domain.followup import QUIET_DAYS, quiet_since
from functions.errors import NotFound
from functions.vocab.dates import utc_today

SCORES = (1, 2, 3, 4, 5)
#: Goal progress bands: from the first figure up to, not including, the second.
BANDS = [(0, 25), (25, 50), (50, 75), (75, 100)]
COMPLETE = "complete"
REMATCH = ("asked for a new partner", "no new partner asked")


def cohort_engagement(cohort_id: str) -> dict:
    """The report of one cohort; 404 for an unknown one, zeros while unpublished."""
    found = participant_matches.published(cohort_id)
    if not found:
        if participant_data.cohort(cohort_id) is None:
            raise NotFound(f"no cohort {cohort_id}", field="cohort")
        return figures(False, {}, [], utc_today())
    _, groups, started = found
    # A match chosen in a choice-mode cohort starts when it was accepted.
    starts = {match_id: g.get("started_at") or started for match_id, g in groups.items()}
    return figures(True, starts, journal.cohort_items(cohort_id), utc_today())


def figures(published: bool, starts: dict[str, str | None], items: list[dict],
            today: date) -> dict:
    """The report from the matches (id -> when it started, ISO), every
    journal item of the cohort (each with its ``match``) and today's date."""
    known = set(starts)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        if item.get("match") in known:
            by_kind[item["kind"]].append(item)
    closed = {i["match"] for i in by_kind["closure"]}
    out = {"published": published, "matches": len(known), "open": len(known - closed),
           "closed": len(closed), "suppression_threshold": suppression.THRESHOLD,
           "meetings_per_month": _per_month(by_kind["meeting"], len(known)),
           "quiet": _quiet({m: starts[m] for m in known - closed}, by_kind["meeting"], today),
           "goals": _goals(by_kind["goal"], by_kind["milestone"]),
           "check_ins": _check_ins(by_kind["check-in"]),
           "closures": _closures(by_kind["closure"]),
           "feedback": _feedback(by_kind["feedback"])}
    out["charts"] = charts(out)
    return out


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    months = []
    while f"{y:04d}-{m:02d}" <= last:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _per_month(meetings: list[dict], matches: int) -> list[dict]:
    count, pairs = Counter(), defaultdict(set)
    for m in meetings:
        month = str(m["data"].get("date", ""))[:7]
        if len(month) == 7:
            count[month] += 1
            pairs[month].add(m["match"])
    if not count:
        return []
    # Every month between the first and the last, so a gap shows as a gap.
    return [{"month": month, "meetings": count[month], "pairs_meeting": len(pairs[month]),
             "per_pair": round(count[month] / matches, 2) if matches else 0}
            for month in _month_range(min(count), max(count))]


def _quiet(starts: dict[str, str | None], meetings: list[dict], today: date) -> dict:
    """Open matches quiet by the follow-up's own rule (``followup.quiet_since``),
    so this count and the admin's follow-up list agree."""
    dates: dict[str, list[str]] = defaultdict(list)
    for m in meetings:
        dates[m["match"]].append(str(m["data"].get("date") or ""))
    quiet = sum(1 for match_id, start in starts.items()
                if quiet_since(dates[match_id], start, today)[2] >= QUIET_DAYS)
    return {"count": quiet, "threshold_days": QUIET_DAYS}


def _goals(goals: list[dict], milestones: list[dict]) -> dict:
    per_goal: dict[tuple, list[bool]] = defaultdict(list)
    for ms in milestones:
        per_goal[(ms["match"], ms["key"].split("#ms#")[0])].append(bool(ms["data"].get("done")))
    bands = Counter()
    with_ms = 0
    for g in goals:
        ticks = per_goal.get((g["match"], g["key"]))
        if not ticks:
            continue
        with_ms += 1
        pct = 100 * sum(ticks) / len(ticks)
        bands[next((f"{lo}–{hi}%" for lo, hi in BANDS if lo <= pct < hi), COMPLETE)] += 1
    labels = [f"{lo}–{hi}%" for lo, hi in BANDS] + [COMPLETE]
    return {"total": len(goals), "with_milestones": with_ms, "milestones": len(milestones),
            "done": sum(1 for ms in milestones if ms["data"].get("done")),
            "progress_buckets": [{"label": b, "goals": bands[b]} for b in labels]}


def _one_row(counts: list[int]) -> list:
    """A row of answer counts as published: cells under the threshold, and
    any that would give one away from the row total, are None."""
    return suppression.published([counts], ["all"], [str(i) for i in range(len(counts))])[
        "rows"][0]["counts"][:-1]


def _check_ins(check_ins: list[dict]) -> dict:
    scores = Counter(int(c["data"].get("satisfaction", 0)) for c in check_ins)
    met = sum(1 for c in check_ins if c["data"].get("meeting"))
    flagged = sum(1 for c in check_ins if str(c["data"].get("flag") or "").strip())
    n = len(check_ins)
    shown = _one_row([scores[s] for s in SCORES])
    return {"answered": n,
            "satisfaction": [{"score": s, "count": c} for s, c in zip(SCORES, shown)],
            "not_meeting": _one_row([met, n - met])[1],
            "flagged": _one_row([flagged, n - flagged])[0]}


def _closures(closures: list[dict]) -> dict:
    asked = sum(1 for c in closures if c["data"].get("rematch"))
    return {"count": len(closures), "rematch_asked": asked,
            "reasons": [{"reason": REMATCH[0], "count": asked},
                        {"reason": REMATCH[1], "count": len(closures) - asked}]}


def _feedback(feedback: list[dict]) -> dict:
    ratings = [int(f["data"]["rating"]) for f in feedback if "rating" in f["data"]]
    mean = (round(sum(ratings) / len(ratings), 2)
            if len(ratings) >= suppression.THRESHOLD else None)
    return {"count": len(ratings), "mean_rating": mean}


def _n(count: int, noun: str, plural: str = "") -> str:
    """"1 goal", "3 goals"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _chart(id_: str, title: str, columns: list[str], rows: list[list], text: str) -> dict:
    return {"id": id_, "title": title, "columns": columns, "rows": rows, "text": text}


def charts(e: dict) -> list[dict]:
    """The report's tables, each with a sentence saying what it shows (the
    charts' text alternative) and rows that download as CSV as they are."""
    months = e["meetings_per_month"]
    busiest = max(months, key=lambda m: m["meetings"], default=None)
    total = sum(m["meetings"] for m in months)
    meetings = _chart(
        "meetings", "Meetings per month", ["month", "meetings", "pairs meeting", "per pair"],
        [[m["month"], m["meetings"], m["pairs_meeting"], m["per_pair"]] for m in months],
        f"{_n(total, 'meeting')} logged by {_n(e['matches'], 'match', 'matches')} from "
        f"{months[0]['month']} to {months[-1]['month']}; the most, {busiest['meetings']}, in {busiest['month']}."
        if months else "No meetings logged yet.")
    g = e["goals"]
    goals = _chart(
        "goals", "Goal progress", ["milestones done", "goals"],
        [[b["label"], b["goals"]] for b in g["progress_buckets"]],
        f"{_n(g['total'], 'goal')}, {g['with_milestones']} with milestones; {g['done']} of "
        f"{_n(g['milestones'], 'milestone')} done. By share of milestones done: "
        + ", ".join(f"{b['label']}: {b['goals']}" for b in g["progress_buckets"]) + "."
        if g["with_milestones"] else "No goal has milestones yet.")
    c = e["check_ins"]
    hidden = f"fewer than {suppression.THRESHOLD} or withheld"
    satisfaction = _chart(
        "satisfaction", "Check-in satisfaction", ["score", "check-ins"],
        [[s["score"], s["count"]] for s in c["satisfaction"]],
        f"{_n(c['answered'], 'check-in')} answered. By satisfaction score, 1 lowest to 5 highest: "
        + ", ".join(f"{s['score']}: {hidden if s['count'] is None else s['count']}"
                    for s in c["satisfaction"]) + "."
        if c["answered"] else "No check-ins answered yet.")
    cl = e["closures"]
    closures = _chart(
        "closures", "Closed matches", ["closure", "matches"],
        [[r["reason"], r["count"]] for r in cl["reasons"]],
        f"{_n(cl['count'], 'match', 'matches')} closed; "
        f"{cl['rematch_asked']} asked for a new partner."
        if cl["count"] else "No match has been closed.")
    return [meetings, goals, satisfaction, closures]
