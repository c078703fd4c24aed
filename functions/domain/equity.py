"""The equity audit of a proposal: how mentees fare by group.

By default the groups are self-identification given with its own consent
(stored only then); ``by`` audits instead by the answer to one single-choice
question of the program's questionnaire (department, location…). Only
aggregates leave this module; every count under 10 is suppressed, with
complementary suppression so that no hidden count can be worked out from the
totals (``functions.domain.suppression``). A mean score is shown only where
its group's matched count is shown.
"""
from __future__ import annotations

from typing import Callable

from functions.db import participant_data, participants, programs, roster
from functions.domain import choices, matching_runs, participant_matches
from functions.domain.suppression import NOT_SAID, RARE, THRESHOLD, pooled, published
from functions.errors import Invalid

ATTRIBUTES = {"gender": "Gender", "age_range": "Age", "ethnicity": "Ethnicity"}


def audit(cohort_id: str, by: str | None = None) -> dict:
    """Matched and unmatched mentees, match rate and mean score, by group:
    of the proposal under review, or, once a cohort is published in choice
    mode, of its accepted requests (the proposal only fed the suggestions).

    ``by``: the id of a single-choice question asked of mentees; anything
    else is ``Invalid`` naming ``by``. Without it, by self-identification.
    """
    question = _question(cohort_id, by) if by is not None else None
    cohort = participant_data.cohort(cohort_id)
    if choices.in_choice_mode(cohort):
        matches, _ = participant_matches.published_pairs(cohort_id)
        proposal = {"run": cohort["published_run"], "matches": matches}
    else:
        proposal = matching_runs.proposal(cohort_id)
    scores = {m["mentee"]: m["score"] for m in proposal["matches"]}
    mentees = [p for p in participants.list_participants(cohort_id) if p["role"] == "mentee"]
    ids = [p["id"] for p in mentees]
    if question is None:
        attributes = tables(ids, roster.self_identification(cohort_id), scores)
    else:
        answers = {p["id"]: (p.get("answers") or {}).get(question["id"]) for p in mentees}
        attributes = [{"attribute": question["id"], "label": question["label"],
                       **table(ids, answers.get, scores, order=question.get("options", []))}]
    return {"run": proposal["run"], "threshold": THRESHOLD, "attributes": attributes}


def auditable(question: dict) -> bool:
    """Whether mentees can be audited by ``question``: one answer each (a
    single choice), asked of mentees."""
    return question.get("type") == "choice" and "mentee" in question.get("roles", ["mentee"])


def _question(cohort_id: str, by: str) -> dict:
    questions = programs.get_cohort(cohort_id)["questionnaire"].get("questions", [])
    found = next((q for q in questions if q["id"] == by), None)
    if found is None:
        raise Invalid("by: the program asks no such question; audit by one of its "
                      "single-choice questions", field="by")
    if not auditable(found):
        raise Invalid(f"by: “{found['label']}” is not a single-choice question asked of "
                      "mentees, so mentees cannot be grouped by it", field="by")
    return found


def tables(mentees: list[str], self_ids: dict[str, dict], scores: dict[str, float]) -> list:
    """One suppressed table per self-identification attribute (pure); answers
    fewer than 10 people gave are counted together, unnamed."""
    out = []
    for attr, label in ATTRIBUTES.items():
        said = {pid: (self_ids.get(pid) or {}).get(attr) or NOT_SAID for pid in mentees}
        group = pooled(said.values(), keep={NOT_SAID})
        out.append({"attribute": attr, "label": label,
                    **table(mentees, lambda pid, said=said, group=group: group[said[pid]], scores)})
    return out


def table(mentees: list[str], group_of: Callable[[str], object], scores: dict[str, float],
          order: list[str] = ()) -> dict:
    """Mentees by ``group_of(mentee)`` (a missing answer is "not said"),
    matched or not, suppressed (pure: the property tests drive it).

    Groups come in ``order`` (a question's options, as people see them),
    any other value after them by name, "not said" last; only groups someone
    is in are listed.
    """
    groups: dict[str, list[str]] = {}
    for pid in mentees:
        value = group_of(pid)
        groups.setdefault(NOT_SAID if value in (None, "") else str(value), []).append(pid)
    rank = {g: i for i, g in enumerate(order)}
    names = sorted(groups, key=lambda g: (g == NOT_SAID, g == RARE, rank.get(g, len(rank)), g))
    counts = [[sum(p in scores for p in groups[g]), sum(p not in scores for p in groups[g])]
              for g in names]
    shown = published(counts, names, ["matched", "unmatched"])
    if not counts:  # no mentees: a total of 0 is a count under 10 as well
        shown["total"] = [None] * len(shown["total"])
    for row, name in zip(shown["rows"], names):
        matched, _, total = row["counts"]
        row["matched_rate"] = (round(matched / total, 3)
                               if matched is not None and total else None)
        row["mean_score"] = (round(sum(scores[p] for p in groups[name] if p in scores)
                                   / matched, 2) if matched else None)
    return shown
