"""The equity audit of a proposal: how mentees fare by self-identified group.

Only self-identification given with its own consent exists at all (it is
stored only then); only aggregates leave this module; every count under 10 is
suppressed, with complementary suppression so that no hidden count can be
worked out from the totals (``functions.domain.suppression``). A mean score
is shown only where its group's matched count is shown.
"""
from __future__ import annotations

from functions.db import participant_data, participants, roster
from functions.domain import choices, matching_runs, participant_matches
from functions.domain.suppression import THRESHOLD, published

ATTRIBUTES = {"gender": "Gender", "age_range": "Age", "ethnicity": "Ethnicity"}
NOT_SAID = "not said"


def audit(cohort_id: str) -> dict:
    """Matched and unmatched mentees, match rate and mean score, by group:
    of the proposal under review, or, once a cohort is published in choice
    mode, of its accepted requests (the proposal only fed the suggestions)."""
    cohort = participant_data.cohort(cohort_id)
    if choices.in_choice_mode(cohort):
        matches, _ = participant_matches.published_pairs(cohort_id)
        proposal = {"run": cohort["published_run"], "matches": matches}
    else:
        proposal = matching_runs.proposal(cohort_id)
    scores = {m["mentee"]: m["score"] for m in proposal["matches"]}
    mentees = [p["id"] for p in participants.list_participants(cohort_id)
               if p["role"] == "mentee"]
    return {"run": proposal["run"], "threshold": THRESHOLD,
            "attributes": tables(mentees, roster.self_identification(cohort_id), scores)}


def tables(mentees: list[str], self_ids: dict[str, dict], scores: dict[str, float]) -> list:
    """One suppressed table per attribute (pure: the property tests drive it)."""
    out = []
    for attr, label in ATTRIBUTES.items():
        groups: dict[str, list[str]] = {}
        for pid in mentees:
            value = (self_ids.get(pid) or {}).get(attr) or NOT_SAID
            groups.setdefault(str(value), []).append(pid)
        names = sorted(groups, key=lambda g: (g == NOT_SAID, g))
        table = [[sum(p in scores for p in groups[g]), sum(p not in scores for p in groups[g])]
                 for g in names]
        shown = published(table, names, ["matched", "unmatched"])
        if not table:  # no mentees: a total of 0 is a count under 10 as well
            shown["total"] = [None] * len(shown["total"])
        for row, name in zip(shown["rows"], names):
            matched, _, total = row["counts"]
            row["matched_rate"] = (round(matched / total, 3)
                                   if matched is not None and total else None)
            row["mean_score"] = (round(sum(scores[p] for p in groups[name] if p in scores)
                                       / matched, 2) if matched else None)
        out.append({"attribute": attr, "label": label, **shown})
    return out
