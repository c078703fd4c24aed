"""count_allowed: the policy editor's figure, against a pair-by-pair count."""
from __future__ import annotations

import numpy as np
import pytest

from functions.matching import CohortError, count_allowed

from .conftest import random_cohort, ref_allowed


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
