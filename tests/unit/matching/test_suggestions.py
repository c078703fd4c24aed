"""suggest_all: every mentee's suggestions at once, the same as suggest one by one."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.matching import CohortError, suggest, suggest_all

from .conftest import random_cohort, ref_allowed
from .test_solver import tiny_cohorts


@pytest.mark.parametrize("seed,n,m,top", [(0, 40, 12, 5), (1, 60, 30, 3), (2, 25, 4, 5),
                                          (3, 80, 50, 1), (4, 30, 7, 10)])
def test_equal_to_suggest_per_mentee_on_seeded_cohorts(seed, n, m, top):
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, n, m, seats_per_mentee=0.8, min_score=25, n_forbid=n // 3)
    cohort["require"] = [["e0", cohort["mentors"][0]["id"]]] if cohort["mentors"][0][
        "capacity"] else []
    got = suggest_all(cohort, top)
    assert list(got) == [p["id"] for p in cohort["mentees"]]
    for mentee in cohort["mentees"]:
        assert got[mentee["id"]] == suggest(cohort, mentee["id"], top), mentee["id"]


def test_ties_are_broken_by_the_mentors_order_like_suggest():
    # Every mentor scores the same: the first three in file order win.
    cohort = {"criteria": [{"name": "site", "type": "same", "field": "office", "weight": 1}],
              "mentors": [{"id": f"m{j}", "office": "Oslo"} for j in (5, 3, 9, 1, 7)],
              "mentees": [{"id": "e1", "office": "Oslo"}, {"id": "e2", "office": "Rome"}]}
    got = suggest_all(cohort, 3)
    assert [x["mentor"] for x in got["e1"]] == ["m5", "m3", "m9"]
    assert [x["mentor"] for x in got["e2"]] == ["m5", "m3", "m9"]
    assert got == {e: suggest(cohort, e, 3) for e in ("e1", "e2")}


def test_full_mentors_and_disallowed_pairs_are_never_suggested(small):
    small["mentors"][0]["capacity"] = 1
    small["require"] = [["e1", "m1"]]          # m1's one seat is taken
    small["forbid"] = [["e3", "m2"]]
    got = suggest_all(small)
    assert [x["mentor"] for x in got["e2"]] == ["m2"]
    assert got["e3"] == []


def test_zero_suggestions_and_a_bad_n(small):
    assert suggest_all(small, 0) == {"e1": [], "e2": [], "e3": []}
    for bad in (-1, 1.5, True):
        with pytest.raises(CohortError) as err:
            suggest_all(small, bad)
        assert err.value.field == "n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(), st.integers(0, 6))
def test_properties_sorted_allowed_free_and_at_most_n(cohort, n):
    got = suggest_all(cohort, n)
    score, allowed = ref_allowed(cohort)
    mentor_ids = [p["id"] for p in cohort["mentors"]]
    taken = {o: 0 for o in mentor_ids}
    for _, o in cohort["require"]:
        taken[o] += 1
    free = {p["id"]: p["capacity"] - taken[p["id"]] > 0 for p in cohort["mentors"]}
    for i, mentee in enumerate(cohort["mentees"]):
        found = got[mentee["id"]]
        assert len(found) <= n
        scores = [x["score"] for x in found]
        assert scores == sorted(scores, reverse=True)
        required = {tuple(p) for p in cohort["require"]}
        for x in found:
            j = mentor_ids.index(x["mentor"])
            # ref_allowed counts required pairs as allowed; suggest does not need them.
            assert allowed[i, j] or (mentee["id"], x["mentor"]) in required
            assert free[x["mentor"]]
            assert x["score"] == pytest.approx(score[i, j], abs=0.01)
        # Nothing better was left out: a missing allowed free mentor scores no higher.
        if len(found) < n:
            chosen = {x["mentor"] for x in found}
            for j, o in enumerate(mentor_ids):
                if free[o] and allowed[i, j] and (mentee["id"], o) not in required:
                    assert o in chosen
        assert found == suggest(cohort, mentee["id"], n)
