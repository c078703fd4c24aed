"""Stable choice: deferred acceptance checked for stability by brute force on
200 random instances and for mentee-optimality against every stable matching
of small ones."""
from itertools import product

import numpy as np
import pytest

from functions.matching import CohortError
from functions.matching.stable import deferred_acceptance, stable_choice


def random_instance(rng, n_max=12, m_max=5, ranked=5):
    n, m = int(rng.integers(1, n_max + 1)), int(rng.integers(1, m_max + 1))
    prefs = [list(rng.permutation(m)[:int(rng.integers(0, min(ranked, m) + 1))]) for _ in range(n)]
    rank = []
    for _ in range(m):
        order = [int(i) for i in rng.permutation(n) if rng.random() < 0.85]
        rank.append({i: r for r, i in enumerate(order)})
    return [[int(j) for j in p] for p in prefs], rank, [int(c) for c in rng.integers(0, 4, m)]


def feasible(prefs, rank, cap, assign):
    load = np.bincount(assign[assign >= 0], minlength=len(cap))
    return all(load[j] <= cap[j] for j in range(len(cap))) and all(
        j < 0 or (j in prefs[i] and i in rank[j]) for i, j in enumerate(assign.tolist()))


def blocking(prefs, rank, cap, assign):
    """Pairs (i, j) who would both rather be together, by definition."""
    out = []
    for i, p in enumerate(prefs):
        now = assign[i]
        better = p if now < 0 else p[:p.index(now)]
        for j in better:
            if i not in rank[j]:
                continue
            held = [k for k in range(len(prefs)) if assign[k] == j]
            if len(held) < cap[j] or any(rank[j][k] > rank[j][i] for k in held):
                out.append((i, j))
    return out


def test_deferred_acceptance_is_stable_on_200_random_instances():
    rng = np.random.default_rng(23)
    for _ in range(200):
        prefs, rank, cap = random_instance(rng)
        assign = deferred_acceptance(prefs, rank, cap)
        assert feasible(prefs, rank, cap, assign)
        assert blocking(prefs, rank, cap, assign) == []


def all_stable(prefs, rank, cap):
    options = [[-1] + list(p) for p in prefs]
    for choice in product(*options):
        assign = np.array(choice, dtype=np.int64)
        if feasible(prefs, rank, cap, assign) and not blocking(prefs, rank, cap, assign):
            yield assign


@pytest.mark.parametrize("seed", range(60))
def test_every_mentee_gets_her_best_partner_of_any_stable_matching(seed):
    rng = np.random.default_rng(seed)
    prefs, rank, cap = random_instance(rng, n_max=5, m_max=3, ranked=3)
    assign = deferred_acceptance(prefs, rank, cap)
    stable = list(all_stable(prefs, rank, cap))
    assert any((s == assign).all() for s in stable)

    def position(i, j):
        return len(prefs[i]) if j < 0 else prefs[i].index(j)
    for s in stable:
        assert all(position(i, assign[i]) <= position(i, s[i]) for i in range(len(prefs)))


def cohort():
    return {"criteria": [{"name": "level", "type": "gap", "field": "level", "target": 4,
                          "weight": 1}],
            "mentors": [{"id": "m1", "level": 5}, {"id": "m2", "level": 5, "capacity": 2}],
            "mentees": [{"id": "e1", "level": 4}, {"id": "e2", "level": 1},
                        {"id": "e3", "level": 2}]}


def test_mentors_order_by_score_unless_they_rank_themselves():
    ranked = {"e1": ["m1", "m2"], "e2": ["m1"], "e3": ["m1", "m2"]}
    # m1 prefers e2 (score 100) to e3 (75) to e1 (25): e2 gets her, the rest m2.
    out = stable_choice(cohort(), ranked)
    assert out["matches"] == [{"mentee": "e1", "mentor": "m2", "choice": 2},
                              {"mentee": "e2", "mentor": "m1", "choice": 1},
                              {"mentee": "e3", "mentor": "m2", "choice": 2}]
    own = stable_choice(cohort(), ranked, mentor_ranked={"m1": ["e1"]})
    assert own["matches"][0] == {"mentee": "e1", "mentor": "m1", "choice": 1}
    assert own["unmatched"] == ["e2"]


def test_more_choices_than_allowed_are_refused():
    with pytest.raises(CohortError, match="at most 1"):
        stable_choice(cohort(), {"e1": ["m1", "m2"]}, n=1)
    with pytest.raises(CohortError, match='unknown mentor "m9"'):
        stable_choice(cohort(), {"e1": ["m9"]})


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ranked_pairs_are_judged_and_scored_as_the_blocks_judge_them(seed):
    """Only the ranked pairs are scored; each must be allowed and scored
    exactly as a whole block of the cohort says (forbid, a required
    criterion, min_score), so the mentors' orders do not change."""
    from functions.matching.criteria import Scorer
    from functions.matching.schema import parse_cohort
    from functions.matching.stable import _ranked_pairs

    from .conftest import random_cohort
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, 120, 40, 1.0, min_score=30, n_forbid=200)
    scorer = Scorer(parse_cohort(cohort))
    e = rng.integers(0, 120, 3000)
    m = rng.integers(0, 40, 3000)
    ok, score = _ranked_pairs(scorer, e, m)
    block = scorer.block(np.arange(120))
    assert ok.tolist() == block.allowed[e, m].tolist()
    assert score.tolist() == block.score[e, m].tolist()
    assert 0 < ok.sum() < len(ok)
