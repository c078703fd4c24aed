"""count_allowed: the policy editor's figure, against a pair-by-pair count."""
from __future__ import annotations

import numpy as np
import pytest

from functions.matching import CohortError, count_allowed

from .conftest import random_cohort, ref_allowed, ref_score


def brute_counts(cohort):
    _, allowed = ref_allowed(cohort)
    return {"allowed_pairs": int(allowed.sum()), "pairs": allowed.size,
            "mentees": allowed.shape[0], "mentors": allowed.shape[1],
            "mentees_with_none": int((~allowed.any(axis=1)).sum()),
            "mentors_with_none": int((~allowed.any(axis=0)).sum())}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cells", [7, 1_000_000])  # many small blocks, and one block
def test_counts_equal_a_pair_by_pair_count_on_random_cohorts(seed, cells):
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, int(rng.integers(5, 40)), int(rng.integers(3, 15)),
                           min_score=[0, 20, 45][seed % 3], n_forbid=int(rng.integers(0, 20)))
    # A lock on a pair the policy would refuse: require wins (docs/matching.md §3).
    ids = [e["id"] for e in cohort["mentees"]]
    forbidden = {tuple(p) for p in cohort["forbid"]}
    _, allowed = ref_allowed(cohort)
    refused = [(i, j) for i, j in zip(*np.nonzero(~allowed))
               if (ids[i], cohort["mentors"][j]["id"]) not in forbidden
               and cohort["mentors"][j]["capacity"] > 0]
    if refused:
        i, j = refused[0]
        cohort["require"] = [[ids[i], cohort["mentors"][j]["id"]]]
    expected = brute_counts(cohort)
    assert count_allowed(cohort, cells=cells) == expected
    if refused:
        without = dict(cohort, require=[])
        assert count_allowed(without)["allowed_pairs"] == expected["allowed_pairs"] - 1


def brute_spread(cohort):
    """Shares at full and zero similarity, and best scores, pair by pair."""
    score, allowed = ref_allowed(cohort)
    n, m = allowed.shape
    sims = np.array([[ref_score(cohort, i, j)[1] for j in range(m)] for i in range(n)])
    total = int(allowed.sum())
    criteria = [{"name": c["name"],
                 "full_share": round(int((allowed & (sims[:, :, k] >= 0.999)).sum()) / total, 3),
                 "zero_share": round(int((allowed & (sims[:, :, k] <= 0.001)).sum()) / total, 3)}
                for k, c in enumerate(cohort["criteria"])]
    best = np.where(allowed, score, -np.inf).max(axis=1)[allowed.any(axis=1)]
    return criteria, {"min": round(float(best.min()), 2),
                      "median": round(float(np.median(best)), 2),
                      "max": round(float(best.max()), 2)}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("cells", [7, 1_000_000])
def test_the_spread_of_allowed_pairs_equals_a_pair_by_pair_count(seed, cells):
    rng = np.random.default_rng(100 + seed)
    cohort = random_cohort(rng, int(rng.integers(5, 40)), int(rng.integers(3, 15)),
                           min_score=[0, 20][seed % 2], n_forbid=int(rng.integers(0, 20)))
    criteria, best = brute_spread(cohort)
    got = count_allowed(cohort, cells=cells, spread=True)
    assert got["criteria"] == criteria and got["best_score"] == best
    # The counts themselves do not change with the spread asked for.
    assert {k: got[k] for k in brute_counts(cohort)} == count_allowed(cohort, cells=cells)


def test_a_gap_with_a_small_target_on_a_wide_scale_gives_nearly_everyone_full_points():
    years = [0, 2, 5, 8, 12, 15, 20, 25, 30, 40, 45]
    cohort = {"criteria": [{"name": "years", "type": "gap", "field": "years", "target": 1,
                            "weight": 1}],
              "mentors": [{"id": f"m{y}", "years": y} for y in years[4:]],
              "mentees": [{"id": f"e{y}", "years": y} for y in years[:4]]}
    spread = count_allowed(cohort, spread=True)
    # Every mentor is 4+ years above every mentee: all full, none zero.
    assert spread["criteria"] == [{"name": "years", "full_share": 1.0, "zero_share": 0.0}]
    assert spread["best_score"] == {"min": 100.0, "median": 100.0, "max": 100.0}
    # A target of 30 years: 9 of the 28 pairs are 30 or more years apart.
    wide = count_allowed(dict(cohort, criteria=[dict(cohort["criteria"][0], target=30)]),
                         spread=True)
    assert wide["criteria"][0]["full_share"] == round(9 / 28, 3)


def test_nothing_allowed_leaves_the_shares_and_best_score_empty():
    spread = count_allowed(tiny(min_score=101), spread=True)
    assert spread["allowed_pairs"] == 0
    assert spread["criteria"] == [{"name": "language", "full_share": None, "zero_share": None},
                                  {"name": "skills", "full_share": None, "zero_share": None}]
    assert spread["best_score"] is None


def tiny(**over):
    """Three mentees, two mentors, every rule of docs/matching.md §3 in play."""
    cohort = {
        "criteria": [
            {"name": "language", "type": "share", "field": "lang", "weight": 1,
             "required": True},
            {"name": "skills", "type": "overlap", "mentee_field": "wants",
             "mentor_field": "offers", "weight": 1},
        ],
        "mentors": [{"id": "m1", "lang": ["en"], "offers": ["python"]},
                    {"id": "m2", "lang": ["de"], "offers": ["sql"], "capacity": 0}],
        "mentees": [{"id": "e1", "lang": ["en", "de"], "wants": ["python"]},   # 100 / 50
                    {"id": "e2", "lang": ["en"], "wants": ["sql"]},            # 50 / refused
                    {"id": "e3", "lang": ["fr"], "wants": ["python"]}],        # refused both
    }
    cohort.update(over)
    return cohort


def test_required_criterion_min_score_forbid_and_require_on_a_hand_made_cohort():
    # Language required: e1-m1, e1-m2, e2-m1 share one; e3 shares none.
    assert count_allowed(tiny()) == {"allowed_pairs": 3, "pairs": 6, "mentees": 3,
                                     "mentors": 2, "mentees_with_none": 1,
                                     "mentors_with_none": 0}
    # e1-m2 and e2-m1 score exactly 50 (language only): a minimum of 50 keeps them...
    assert count_allowed(tiny(min_score=50))["allowed_pairs"] == 3
    # ...one above refuses them; m2 is left with nobody, e2 too.
    above = count_allowed(tiny(min_score=51))
    assert (above["allowed_pairs"], above["mentees_with_none"],
            above["mentors_with_none"]) == (1, 2, 1)
    # Forbidding e1-m1 takes that pair away.
    assert count_allowed(tiny(forbid=[["e1", "m1"]]))["allowed_pairs"] == 2
    # A required pair is allowed whatever it scores; capacity 0 plays no part.
    locked = count_allowed(tiny(require=[["e3", "m1"]]))
    assert (locked["allowed_pairs"], locked["mentees_with_none"]) == (4, 0)
    # Without the requirement e3-m1 scores 50 (skills) and is allowed.
    loose = tiny(criteria=[dict(tiny()["criteria"][0], required=False),
                           tiny()["criteria"][1]])
    assert count_allowed(loose)["allowed_pairs"] == 6


def test_empty_sides_and_a_malformed_cohort():
    assert count_allowed(tiny(mentors=[]))["mentees_with_none"] == 3
    assert count_allowed(tiny(mentees=[]))["allowed_pairs"] == 0
    with pytest.raises(CohortError) as err:
        count_allowed(tiny(min_score="high"))
    assert err.value.field == "min_score"


def test_the_docstring_example_runs():
    import doctest

    from functions.matching import allowed
    failed, attempted = doctest.testmod(allowed)
    assert attempted > 0 and failed == 0
