"""The matching job's side of stable mode (numpy and scipy: imported by the
job only, never by the API): the suggestions mentees rank, and the proposal
that deferred acceptance makes from their rankings, with each person's
outcome stored beside her ranking for the words on her page."""
from __future__ import annotations

from functions.db import participants, rankings
from functions.domain import matching_runs, ranking_outcome
from functions.domain.ranking import choices_allowed


def suggestions_per_mentee(n: int) -> int:
    """How many suggestions she sees: room to choose N of them, at least ten."""
    return max(10, 2 * n)


def write_suggestions(run_id: str, cohort_id: str, policy: dict) -> dict:
    """Every mentee's suggestions to rank; returns the run's stats."""
    from functions.db import programs, suggestions
    from functions.matching import suggest_all
    cohort, _ = matching_runs.engine_input(cohort_id, policy, goals=False)
    k = suggestions_per_mentee(choices_allowed(programs.get_cohort(cohort_id)["program"]["id"]))
    written = suggestions.write_suggestions(run_id, suggest_all(cohort, k))
    return {"mentees": written, "suggestions_each": k}


def propose(run_id: str, cohort_id: str, policy: dict) -> dict:
    """Deferred acceptance on the cohort's rankings: ``{"matches",
    "unmatched", "stats"}`` as a proposal run stores them (each match also
    says which of her choices it was); every person's outcome is stored."""
    from functions.db import programs
    from functions.matching.stable import stable_choice
    cohort, _ = matching_runs.engine_input(cohort_id, policy, goals=False)
    n = choices_allowed(programs.get_cohort(cohort_id)["program"]["id"])
    mentees = [m["id"] for m in cohort["mentees"]]
    mentors = [m["id"] for m in cohort["mentors"]]
    in_e, in_m = set(mentees), set(mentors)
    items = rankings.of_cohort(cohort_id)
    given = {i["person"]: i["ranked"][:n] for i in items
             if i["role"] == "mentee" and i["person"] in in_e and i["ranked"]}
    own = {i["person"]: [x for x in i["ranked"] if x in in_e] for i in items
           if i["role"] == "mentor" and i["person"] in in_m and i["ranked"]}
    result = stable_choice(cohort, {e: [x for x in r if x in in_m] for e, r in given.items()},
                           n, own)
    outcomes = ranking_outcome.outcomes(run_id, given, result, mentees, mentors, set(own))
    rankings.write_outcomes(cohort_id, items, outcomes)
    names = {p["id"]: p["name"] for p in participants.list_participants(cohort_id)}
    matches = [{**m, **d, "choice": outcomes[m["mentee"]]["choice"]}
               for m, d in zip(result["matches"], result["details"])]
    unmatched = []
    for e in result["unmatched"]:
        kind, reason = ranking_outcome.admin_reason(outcomes[e], names)
        unmatched.append({"mentee": e, "reason": reason, "kind": kind})
    scores = [m["score"] for m in matches]
    by_choice: dict[str, int] = {}
    for m in matches:
        by_choice[str(m["choice"])] = by_choice.get(str(m["choice"]), 0) + 1
    stats = {"mentees": len(mentees), "mentors": len(mentors), "matched": len(matches),
             "unmatched": len(unmatched),
             "mean_score": round(sum(scores) / len(scores), 2) if scores else 0.0,
             "stable": {"n": n, "mentees_ranked": len(given), "mentors_ranked": len(own),
                        "by_choice": by_choice}}
    return {"matches": matches, "unmatched": unmatched, "stats": stats}
