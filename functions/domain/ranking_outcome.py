"""Why each person of a stable-mode cohort got whom: worked out once by the
matching job from the deferred-acceptance result, stored beside her ranking
(``functions.db.rankings``), and said in words on her page.

Stability is what makes the words true: a mentee who did not get a mentor
she ranked higher was turned away by that mentor because every one of the
mentor's seats went to someone the mentor ranks above her (or the program's
rules do not allow the pair, or the mentor left); and a mentee a mentor
ranks above one of hers went to a mentor that mentee ranked higher.
"""
from __future__ import annotations

#: Why a higher choice did not take her.
FULL, NOT_ALLOWED, LEFT = "full", "not_allowed", "left"


def outcomes(run_id: str, ranked: dict[str, list[str]], result: dict,
             mentees: list[str], mentors: list[str], own: set[str]) -> dict[str, dict]:
    """Every participant's outcome of a stable run. ``ranked``: each
    mentee's ranking as she gave it (her ranks are those positions);
    ``result``: ``functions.matching.stable.stable_choice``'s answer;
    ``own``: the mentors who gave their own ranking."""
    got = {m["mentee"]: m["mentor"] for m in result["matches"]}
    present = set(mentors)
    out: dict[str, dict] = {}
    for e in mentees:
        mine = ranked.get(e, [])
        allowed = set(result["allowed"].get(e, []))
        mentor = got.get(e)
        stop = mine.index(mentor) if mentor in mine else len(mine)
        passed = [{"mentor": x, "rank": r + 1,
                   "why": LEFT if x not in present else FULL if x in allowed else NOT_ALLOWED}
                  for r, x in enumerate(mine[:stop])]
        out[e] = {"run": run_id, "role": "mentee", "mentor": mentor,
                  "choice": stop + 1 if mentor else None, "ranked": len(mine),
                  "passed": passed}
    theirs: dict[str, list[str]] = {}
    for e, m in got.items():
        theirs.setdefault(m, []).append(e)
    for m in mentors:
        order = result["orders"].get(m, [])
        place = {e: r for r, e in enumerate(order)}
        mine = sorted(theirs.get(m, []), key=lambda e: place.get(e, len(order)))
        out[m] = {"run": run_id, "role": "mentor", "asked": len(order),
                  "by": "own" if m in own else "score",
                  "mentees": [{"mentee": e, "choice": ranked[e].index(m) + 1,
                               "rank": place[e] + 1,
                               "above_elsewhere": sum(1 for x in order[:place[e]]
                                                      if got.get(x) != m)}
                              for e in mine]}
    return out


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _passed(p: dict, names: dict[str, str]) -> str:
    who = f"your {ordinal(p['rank'])} choice, {names.get(p['mentor'], 'a former participant')},"
    if p["why"] == FULL:
        return f"{who} gave every seat to people they ranked higher"
    if p["why"] == LEFT:
        return f"{who} is no longer in the cohort"
    return f"{who} could not take you under the program's matching rules"


def mentee_words(outcome: dict, names: dict[str, str]) -> str:
    """Her outcome in a sentence or two, e.g. "Omar Reyes: your 2nd choice;
    your 1st choice, Dana Lee, gave every seat to people they ranked higher."."""
    passed = "; ".join(_passed(p, names) for p in outcome["passed"])
    if outcome["mentor"]:
        head = (f"{names.get(outcome['mentor'], 'a former participant')}: "
                f"your {ordinal(outcome['choice'])} choice")
        return f"{head}; {passed}." if passed else f"{head}."
    if not outcome["ranked"]:
        return ("You ranked no mentors before the deadline, so you were not matched; "
                "you are on the waiting list, and your program manager can match you "
                "when seats free up.")
    if all(p["why"] == FULL for p in outcome["passed"]):
        said = "none of your choices had a seat left for you"
    else:
        said = passed
    return (f"{said[0].upper()}{said[1:]}; you are on the waiting list, and your program "
            f"manager can match you when seats free up.")


def mentor_words(outcome: dict, names: dict[str, str]) -> list[str]:
    """One sentence per mentee she got (or one saying why she got none)."""
    how = "your own ranking" if outcome["by"] == "own" else "how well you fit (the score)"
    if not outcome["mentees"]:
        if not outcome["asked"]:
            return ["No mentee ranked you, so you have no mentee in this cohort."]
        return [f"{outcome['asked']} mentee{'s' if outcome['asked'] != 1 else ''} ranked you; "
                "each got a mentor they ranked higher."]
    out = []
    for m in outcome["mentees"]:
        said = (f"{names.get(m['mentee'], 'a former participant')} ranked you "
                f"{ordinal(m['choice'])}; you rank them {ordinal(m['rank'])} of the "
                f"{outcome['asked']} who ranked you, by {how}")
        above = m["above_elsewhere"]
        if above:
            said += (f"; the {above} you rank higher got a mentor they ranked above you"
                     if above > 1 else "; the one you rank higher got a mentor they "
                     "ranked above you")
        out.append(said + ".")
    return out


def admin_reason(outcome: dict, names: dict[str, str]) -> tuple[str, str]:
    """(kind, words) for an unmatched mentee on the admin's proposal."""
    if not outcome["ranked"]:
        return "not_ranked", "ranked no mentors before the deadline"
    if all(p["why"] == FULL for p in outcome["passed"]):
        return "full", (f"ranked {outcome['ranked']}; each gave every seat to people "
                        "they ranked higher")
    return "not_allowed", "; ".join(
        f"{ordinal(p['rank'])} choice {names.get(p['mentor'], 'a former participant')}: "
        f"{'full' if p['why'] == FULL else 'left' if p['why'] == LEFT else 'not allowed'}"
        for p in outcome["passed"])
