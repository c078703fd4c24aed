"""Why each person got whom in stable mode: the outcomes worked out from a
deferred-acceptance result are checked against the result itself on random
cohorts (every "full" really is a mentor whose seats all went to mentees she
ranks higher), and the words on hand-made outcomes."""
import numpy as np
import pytest

from functions.domain import ranking_outcome as rk
from functions.matching.stable import stable_choice


def random_cohort(rng):
    m, n = int(rng.integers(1, 5)), int(rng.integers(1, 10))
    mentors = [{"id": f"m{j}", "level": int(rng.integers(1, 6)),
                "capacity": int(rng.integers(1, 3))} for j in range(m)]
    mentees = [{"id": f"e{i}", "level": int(rng.integers(1, 6))} for i in range(n)]
    cohort = {"criteria": [{"name": "level", "type": "gap", "field": "level", "target": 2,
                            "weight": 1}], "mentors": mentors, "mentees": mentees,
              "forbid": [[f"e{i}", f"m{j}"] for i in range(n) for j in range(m)
                         if rng.random() < 0.15]}
    ranked = {e["id"]: [f"m{j}" for j in rng.permutation(m)[:int(rng.integers(0, m + 1))]]
              for e in mentees}
    return cohort, {k: v for k, v in ranked.items() if v}


@pytest.mark.parametrize("seed", range(40))
def test_every_reason_given_is_true_of_the_result(seed):
    rng = np.random.default_rng(seed)
    cohort, ranked = random_cohort(rng)
    result = stable_choice(cohort, ranked, n=5)
    mentees = [e["id"] for e in cohort["mentees"]]
    mentors = [m["id"] for m in cohort["mentors"]]
    out = rk.outcomes("r1", ranked, result, mentees, mentors, set())
    got = {m["mentee"]: m["mentor"] for m in result["matches"]}
    capacity = {m["id"]: m["capacity"] for m in cohort["mentors"]}
    forbidden = {tuple(p) for p in cohort["forbid"]}
    for e in mentees:
        o = out[e]
        assert o["mentor"] == got.get(e)
        mine = ranked.get(e, [])
        assert o["choice"] == (mine.index(got[e]) + 1 if e in got else None)
        for p in o["passed"]:
            order = result["orders"][p["mentor"]] if p["why"] == rk.FULL else None
            if p["why"] == rk.FULL:
                held = [x for x, m in got.items() if m == p["mentor"]]
                assert len(held) == capacity[p["mentor"]]
                assert all(order.index(x) < order.index(e) for x in held)
            else:
                assert (e, p["mentor"]) in forbidden
    for m in mentors:
        for row in out[m]["mentees"]:
            assert got[row["mentee"]] == m
            order = result["orders"][m]
            above = [x for x in order[:order.index(row["mentee"])] if got.get(x) != m]
            assert row["above_elsewhere"] == len(above)


def test_ordinals():
    assert [rk.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
        "111th"]


NAMES = {"m1": "Rhea Tan", "m2": "Tom Berg", "e1": "Mia Park"}


def test_a_mentee_hears_her_choice_and_why_not_the_ones_above():
    first = {"role": "mentee", "mentor": "m1", "choice": 1, "ranked": 2, "passed": []}
    assert rk.mentee_words(first, NAMES) == "Rhea Tan: your 1st choice."
    second = {"role": "mentee", "mentor": "m2", "choice": 2, "ranked": 2,
              "passed": [{"mentor": "m1", "rank": 1, "why": rk.NOT_ALLOWED}]}
    assert rk.mentee_words(second, NAMES) == (
        "Tom Berg: your 2nd choice; your 1st choice, Rhea Tan, could not take you under the "
        "program's matching rules.")
    left = {"role": "mentee", "mentor": None, "choice": None, "ranked": 2,
            "passed": [{"mentor": "m1", "rank": 1, "why": rk.FULL},
                       {"mentor": "m9", "rank": 2, "why": rk.LEFT}]}
    assert rk.mentee_words(left, NAMES).startswith(
        "Your 1st choice, Rhea Tan, gave every seat to people they ranked higher; your 2nd "
        "choice, a former participant, is no longer in the cohort; you are on the waiting list")


def test_a_mentor_hears_where_each_mentee_put_her():
    one = {"role": "mentor", "asked": 3, "by": "score",
           "mentees": [{"mentee": "e1", "choice": 2, "rank": 2, "above_elsewhere": 1}]}
    assert rk.mentor_words(one, NAMES) == [
        "Mia Park ranked you 2nd; you rank them 2nd of the 3 who ranked you, by how well you "
        "fit (the score); the one you rank higher got a mentor they ranked above you."]
    assert rk.mentor_words({"role": "mentor", "asked": 0, "by": "score", "mentees": []},
                           NAMES) == ["No mentee ranked you, so you have no mentee in this cohort."]
