"""The objective: properties, brute force on tiny cohorts, fast vs plain solver."""
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.matching import match_cohort
from functions.matching import solver
from functions.matching.candidates import Candidates
from functions.matching.criteria import Scorer
from functions.matching.prices import prices
from functions.matching.schema import parse_cohort

from .conftest import brute_force, random_cohort, ref_allowed

SKILLS = ["a", "b", "c", "d"]


@st.composite
def tiny_cohorts(draw):
    n = draw(st.integers(0, 7))
    m = draw(st.integers(0, 4))
    maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
    mentors = [{"id": f"m{j}", "capacity": draw(st.integers(0, 3)),
                "skills": draw(maybe(st.lists(st.sampled_from(SKILLS), max_size=3))),
                "dept": draw(st.sampled_from(["x", "y", "z"])),
                "level": draw(maybe(st.integers(0, 6)))} for j in range(m)]
    mentees = [{"id": f"e{i}",
                "skills": draw(maybe(st.lists(st.sampled_from(SKILLS), max_size=3))),
                "dept": draw(st.sampled_from(["x", "y", "z"])),
                "level": draw(st.integers(0, 6)),
                "prefs": draw(st.lists(st.sampled_from([f"m{j}" for j in range(m)] or ["m0"]),
                                       max_size=3))} for i in range(n)]
    criteria = [
        {"name": "skills", "type": draw(st.sampled_from(["overlap", "share"])), "field": "skills",
         "weight": draw(st.integers(0, 5)), "required": draw(st.booleans())},
        {"name": "dept", "type": draw(st.sampled_from(["same", "differ"])), "field": "dept",
         "weight": draw(st.integers(0, 5))},
        {"name": "level", "type": "gap", "field": "level",
         "target": draw(st.sampled_from([-3, 2, 4])), "weight": draw(st.integers(1, 5))},
        {"name": "choice", "type": "rank", "mentee_field": "prefs",
         "weight": draw(st.integers(0, 3))},
    ]
    pairs = [(f"e{i}", f"m{j}") for i in range(n) for j in range(m)]
    forbid = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    require, load, used = [], {}, set()
    for e, o in (draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
                 if pairs else []):
        cap = mentors[int(o[1:])]["capacity"]
        if e not in used and (e, o) not in forbid and load.get(o, 0) < cap:
            require.append([e, o])
            used.add(e)
            load[o] = load.get(o, 0) + 1
    return {"criteria": criteria, "min_score": draw(st.sampled_from([0, 20, 45])),
            "mentors": mentors, "mentees": mentees,
            "forbid": [list(p) for p in forbid], "require": require}


def check_feasible(cohort, result):
    ids = [p["id"] for p in cohort["mentees"]]
    mids = [p["id"] for p in cohort["mentors"]]
    score, allowed = ref_allowed(cohort)
    pairs = {(x["mentee"], x["mentor"]) for x in result.matches}
    load = {}
    for e, o in pairs:
        load[o] = load.get(o, 0) + 1
        assert allowed[ids.index(e), mids.index(o)]          # forbid, required, min_score
    for o, k in load.items():
        assert k <= cohort["mentors"][mids.index(o)].get("capacity", 1)
    assert not pairs & {tuple(p) for p in cohort.get("forbid", [])}
    assert {tuple(p) for p in cohort.get("require", [])} <= pairs
    assert len({e for e, _ in pairs}) == len(pairs)
    assert len(result.matches) + len(result.unmatched) == len(ids)
    return score


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts())
def test_optimum_equals_brute_force_and_respects_every_rule(cohort):
    result = match_cohort(cohort)
    check_feasible(cohort, result)
    count, total = brute_force(cohort)
    assert result.stats["matched"] == count
    assert result.total_score == pytest.approx(total, abs=1e-6)
    baseline = match_cohort(cohort, method="baseline")
    assert baseline.stats["matched"] == count
    assert baseline.total_score == pytest.approx(total, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(tiny_cohorts())
def test_same_input_gives_identical_output(cohort):
    first = json.dumps(match_cohort(cohort).to_dict(timing=False))
    assert json.dumps(match_cohort(json.loads(json.dumps(cohort))).to_dict(timing=False)) == first


TIGHTNESS = {"tight": 1.0, "spare": 1.4, "scarce": 0.6}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("tightness", TIGHTNESS)
def test_fast_solver_agrees_with_replicated_scipy(seed, tightness):
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, 300, 90, TIGHTNESS[tightness], min_score=25, n_forbid=50)
    stages = []
    fast = match_cohort(cohort, progress=stages.append)
    assert "falling back to the full assignment" not in stages
    plain = match_cohort(cohort, method="baseline")
    assert fast.stats["matched"] == plain.stats["matched"]
    assert fast.total_score == pytest.approx(plain.total_score, abs=1e-6)
    check_feasible(cohort, fast)


@pytest.mark.parametrize("rounds, pruned_rounds", [(1, 10), (40, 1), (40, 3), (40, 10)])
def test_weak_candidates_still_reach_the_optimum(rounds, pruned_rounds):
    """One candidate per mentee fails the certificate: more rounds, or the fallback."""
    rng = np.random.default_rng(7)
    cohort = random_cohort(rng, 200, 60, 1.0, min_score=0)
    scorer = Scorer(parse_cohort(cohort))
    rows, cap = np.arange(200), scorer.cohort.capacity
    fast = solver.solve_sparse(scorer, rows, cap, k=1, per_seat=0, add=1, rounds=rounds,
                               pruned_rounds=pruned_rounds)
    plain = solver.solve_baseline(scorer, rows, cap)
    block = scorer.block(rows)
    total = lambda a: block.score[np.flatnonzero(a >= 0), a[a >= 0]].sum()  # noqa: E731
    assert (fast >= 0).sum() == (plain >= 0).sum()
    assert total(fast) == pytest.approx(total(plain), abs=1e-6)


def test_solve_dense_prefers_more_matches_over_score():
    # e0 alone could take m0 at 100; matching both needs e0 -> m1 (score 1).
    score = np.array([[100.0, 1.0], [5.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    assert solver.solve_dense(score, allowed, np.array([1, 1])).tolist() == [1, 0]


def test_no_mentors_or_no_seats():
    cohort = {"criteria": [{"name": "x", "type": "same", "field": "x", "weight": 1}],
              "mentors": [{"id": "m1", "capacity": 0}], "mentees": [{"id": "e1"}]}
    result = match_cohort(cohort)
    assert result.stats["matched"] == 0
    cohort["mentors"] = []
    assert match_cohort(cohort).unmatched == [
        {"mentee": "e1", "reason": "no mentors in the cohort", "kind": "no_mentors"}]


def test_proof_survives_a_huge_lexicographic_weight(monkeypatch):
    """M grows with the cohort; prices must not carry it through path sums.

    With M = 1e9 a float64 ulp is ~1e-7, above the Bellman-Ford tolerance: the
    proof only works because prices are computed apart from M.
    """
    monkeypatch.setattr(solver, "_weight_scale", lambda n: 1e9)
    for tightness in TIGHTNESS.values():
        cohort = random_cohort(np.random.default_rng(11), 300, 90, tightness, min_score=25)
        stages = []
        fast = match_cohort(cohort, progress=stages.append)
        plain = match_cohort(cohort, method="baseline")
        assert "falling back to the full assignment" not in stages     # proved, not replaced
        assert fast.stats["matched"] == plain.stats["matched"]
        assert fast.total_score == pytest.approx(plain.total_score, abs=1e-6)


@pytest.mark.parametrize("seed, store", [(4, "cache"), (5, "cache"), (4, "bounds"),
                                         (5, "bounds"), (4, "none")])
def test_uncached_and_local_rounds_reach_the_optimum(seed, store, monkeypatch):
    """Re-solving only the mentees around a violation whenever a round leaves
    few (cached scores, or one-byte bounds), and scoring afresh every round
    (neither), still end at the optimum."""
    if store != "cache":
        monkeypatch.setattr(solver, "CACHE_CELLS", 0)
    if store == "none":
        monkeypatch.setattr(solver, "BOUND_CELLS", 0)
    cached = store != "none"
    monkeypatch.setattr(solver, "LOCAL_PAIRS", 10**9)
    monkeypatch.setattr(solver, "LOCAL_ROUNDS", 10**9)
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, 250, 70, 1.0, min_score=10, n_forbid=30)
    scorer = Scorer(parse_cohort(cohort))
    rows, cap = np.arange(250), scorer.cohort.capacity
    stages = []
    fast = solver.solve_sparse(scorer, rows, cap, k=2, per_seat=1, priced=0, add=2,
                               progress=stages.append)     # weak candidates: many rounds
    assert "falling back to the full assignment" not in stages
    assert any("around the violations" in s for s in stages) == cached
    assert_scipys_optimum(scorer, rows, cap, fast)


def assert_scipys_optimum(scorer, rows, cap, fast) -> None:
    """``fast`` matches as many, scores as much as scipy's full assignment on
    replicated seats, and fills no mentor past her capacity."""
    plain = solver.solve_baseline(scorer, rows, cap)
    block = scorer.block(rows)
    total = lambda a: block.score[np.flatnonzero(a >= 0), a[a >= 0]].sum()  # noqa: E731
    assert (fast >= 0).sum() == (plain >= 0).sum()
    assert total(fast) == pytest.approx(total(plain), abs=1e-6)
    assert (np.bincount(fast[fast >= 0], minlength=len(cap)) <= cap).all()


@pytest.mark.parametrize("seed", [0, 1, 3, 8])
@pytest.mark.parametrize("tightness", TIGHTNESS)
def test_rounds_that_keep_the_last_assignment_still_reach_the_optimum(seed, tightness):
    """A round whose grown graph leaves the last assignment optimal only
    re-prices it; the certificate then judges those prices like any others,
    and the result equals scipy's on replicated seats (capacities 1-5, the
    ties of a few criteria)."""
    cohort = random_cohort(np.random.default_rng(seed), 250, 70, TIGHTNESS[tightness],
                           min_score=10, n_forbid=30)
    scorer = Scorer(parse_cohort(cohort))
    rows, cap = np.arange(250), scorer.cohort.capacity
    stages = []
    # Weak candidates and no margin: many rounds, some of them only re-pricing
    # (the seeds below take that path with these slacks).
    fast = solver.solve_sparse(scorer, rows, cap, k=2, per_seat=1, priced=0, add=2,
                               margin=0.0, slack=2.0, sketch_slack=12.0,
                               progress=stages.append)
    assert "falling back to the full assignment" not in stages
    assert_scipys_optimum(scorer, rows, cap, fast)
    if (seed, tightness) in {(0, "scarce"), (1, "tight"), (3, "spare"), (8, "scarce")}:
        assert any(s.startswith("re-pricing") for s in stages)     # the path was taken


def test_prices_refuse_an_assignment_that_is_not_optimal():
    """prices() is what lets a round skip its solve: it must say None when the
    assignment can be improved on the graph (a negative cycle), and when the
    prices do not settle within the passes allowed."""
    cand = Candidates(2)
    # e0 holds m0 (50) though e1 scores 90 there and e0 80 at m1: swapping gains 110.
    cand.add(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]),
             np.array([50.0, 80.0, 90.0, 10.0]))
    cap, big = np.array([1, 1]), 300.0
    assert prices(cand, np.array([0, 1]), cap, big) is None
    assert prices(cand, np.array([1, 0]), cap, big) is not None
    assert prices(cand, np.array([1, 0]), cap, big, passes=100) is not None


@pytest.mark.parametrize("store", ["cache", "bounds"])
@pytest.mark.parametrize("margin", [0.0, 1.0, 8.0])
def test_near_pairs_collected_by_the_certificate_never_block_the_proof(margin, store,
                                                                       monkeypatch):
    """The exact rounds' certificate also brings in pairs within ``margin``
    points of breaking it; a pass that finds only such pairs is a proof (an
    optimum always has near-tight pairs outside the candidates), so the
    solver neither loops nor falls back, and reaches scipy's optimum."""
    if store == "bounds":
        monkeypatch.setattr(solver, "CACHE_CELLS", 0)
    for seed, tightness in [(2, 0.6), (5, 1.0), (6, 1.4)]:
        cohort = random_cohort(np.random.default_rng(seed), 250, 70, tightness,
                               min_score=10, n_forbid=30)
        scorer = Scorer(parse_cohort(cohort))
        rows, cap = np.arange(250), scorer.cohort.capacity
        stages = []
        fast = solver.solve_sparse(scorer, rows, cap, k=3, per_seat=1, priced=0, add=4,
                                   margin=margin, progress=stages.append)
        assert "falling back to the full assignment" not in stages
        assert_scipys_optimum(scorer, rows, cap, fast)
