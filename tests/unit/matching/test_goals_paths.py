"""Binding goals by every path to the proof: the assignment rounded from the
LP (optimal as it stands, or the bound that sizes the one MILP), the MILP
widening from a small set of pairs, the MILP with continuous pairs (and its
answer refused), and the small first LP; each against brute force or an
independent MILP, and the old settings as a second method."""
from contextlib import ExitStack
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.matching import (CohortError, constrained, goal_milp, goal_model, match_cohort,
                                warm_lp)
from functions.matching.goal_model import top

from .conftest import random_cohort
from .test_goals import (GOALS, _meets, _pairs, brute_force_goals, reference_milp,
                         six_mentees)
from .test_solver import check_feasible, tiny_cohorts

# The ways to the proof: as shipped; without the rounded assignment (the MILP
# from DELTA up); from nothing but tight pairs, widening by 8 at a time; the
# settings before the small first LP (8 mentors each, the MILP from 1 point,
# every pair an integer column); and every MILP's answer with the pairs
# continuous refused as if fractional: solved again whole, or, started from
# the rounded assignment, that assignment kept when it reaches that answer
# (or never kept: the whole MILP started from it).
PATHS = {
    "shipped": {},
    "no rounding": {"round": False},
    "tight pairs first": {"round": False, "DELTA": 0.0, "GROW": 8.0},
    "wide first LP": {"round": False, "FIRST": 8, "DELTA": 1.0, "RELAX_PAIRS": False},
    "relaxed MILP refused": {"round": False, "WHOLE": -1.0},
    "relaxed MILP refused, from the rounding": {"WHOLE": -1.0},
    "whole MILP from the rounding": {"WHOLE": -1.0, "start kept": False},
}


def run(cohort, path, notes=None):
    """match_cohort along one path; ``notes`` collects its progress."""
    how = PATHS[path]
    with ExitStack() as stack:
        if how.get("round") is False:
            stack.enter_context(mock.patch.object(warm_lp.WarmLP, "whole",
                                                    lambda self, tolerance: None))
        for module, names in ((constrained, ("DELTA", "GROW")),
                              (goal_milp, ("RELAX_PAIRS", "WHOLE"))):
            for name in names:
                if name in how:
                    stack.enter_context(mock.patch.object(module, name, how[name]))
        if how.get("start kept") is False:
            stack.enter_context(mock.patch.object(goal_milp, "reaches", lambda *a: False))
        if "FIRST" in how:
            stack.enter_context(mock.patch.object(goal_model, "FIRST", how["FIRST"]))
        return match_cohort(cohort, progress=None if notes is None else notes.append)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(), GOALS, st.sampled_from(sorted(PATHS)))
def test_every_path_reaches_the_brute_force_optimum(cohort, goals, path):
    cohort = six_mentees(cohort, goals)
    best = brute_force_goals(cohort, goals)
    if best is None:
        with pytest.raises(CohortError, match="cannot all be met"):
            run(cohort, path)
        return
    result = run(cohort, path)
    check_feasible(cohort, result)
    assert _meets(cohort, goals, _pairs(cohort, result))
    assert (result.stats["matched"], round(result.total_score, 6)) == (best[0], round(best[1], 6))
    if any(g["binding"] for g in goals):
        assert result.stats["price"]["optimality_gap"] == 0


def _parity(seed, points, n=60, m=20):
    cohort = random_cohort(np.random.default_rng(seed), n, m, seats_per_mentee=0.7)
    return dict(cohort, goals=[{"kind": "parity", "field": "dept", "points": points,
                                "binding": True}])


@pytest.mark.parametrize("seed, points", [(s, p) for s in (11, 12, 13) for p in (1, 3, 6)])
def test_paths_agree_with_each_other_and_an_independent_milp(seed, points):
    cohort = _parity(seed, points)
    count, total = reference_milp(cohort, cohort["goals"])
    free = match_cohort(dict(cohort, goals=[]))
    for path in PATHS:
        result = run(cohort, path)
        assert result.stats["matched"] == count, path
        assert result.total_score == pytest.approx(total, abs=1e-4), path
        assert result.stats["price"] == {
            "matched": free.stats["matched"] - count,
            "total_score": round(free.total_score - result.total_score, 2),
            "optimality_gap": 0.0}, path
        assert result.stats["goals"][0]["met"] is not False, path


def test_a_rounded_assignment_at_the_lp_bound_needs_no_milp():
    """Seeded cohorts where the goal has a price: some end on the rounded
    assignment alone (it reaches the LP bound), others solve a MILP; every
    answer equals the independent MILP's."""
    solves = []
    for seed in range(20, 28):
        cohort = _parity(seed, 5, 120, 40)
        notes = []
        result = run(cohort, "shipped", notes)
        count, total = reference_milp(cohort, cohort["goals"])
        assert result.stats["matched"] == count
        assert result.total_score == pytest.approx(total, abs=1e-4)
        assert result.stats["price"]["optimality_gap"] == 0
        solves.append(sum(n.startswith("goals: integer solve") for n in notes))
    assert 0 in solves and max(solves) >= 1, solves


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.integers(1, 9), st.integers(1, 5),
       st.floats(-3, 3), st.integers(0, 2**32 - 1))
def test_top_picks_each_rows_largest_values_above_the_floor(rows, cols, k, floor, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(-4, 5, (rows, cols)).astype(float)     # ties on purpose
    values[rng.random((rows, cols)) < 0.2] = -np.inf
    for above in (floor, -np.inf):
        r, c = top(values, k, above)
        assert len(set(zip(r.tolist(), c.tolist()))) == len(r)
        for i in range(rows):
            want = sorted((x for x in values[i] if np.isfinite(x) and x > above),
                          reverse=True)[:k]
            assert sorted(values[i, c[r == i]].tolist(), reverse=True) == want


@pytest.mark.parametrize("seed", [3, 4])
def test_the_solvers_kept_scores_are_the_goals_own(seed):
    """The goals price the pairs on the score blocks the solver kept; they
    equal the blocks the goals would score themselves (forbids, min_score,
    full mentors), and a mix goal's pairs are judged on the same rows."""
    from functions.matching.criteria import Scorer
    from functions.matching.engine import _fixed_and_free
    from functions.matching.goals import parse_goals
    from functions.matching.schema import parse_cohort
    from functions.matching.solver import solve_sparse
    cohort = random_cohort(np.random.default_rng(seed), 70, 20, n_forbid=15)
    cohort["mentors"][0]["capacity"] = 0
    parsed = parse_cohort(cohort)
    goals = parse_goals([{"kind": "mix", "criterion": {"type": "differ", "field": "dept"},
                          "share": 50, "binding": True}], parsed)
    scorer = Scorer(parsed)
    fixed, rows, seats = _fixed_and_free(parsed)
    kept = []
    solve_sparse(scorer, rows, seats, scores=kept)
    assert kept
    shared = list(goal_model.Problem(scorer, goals, fixed, rows, seats, kept).blocks())
    own = list(goal_model.Problem(scorer, goals, fixed, rows, seats).blocks())
    for part in (0, 1):
        assert np.array_equal(np.concatenate([b[part] for b in shared]),
                              np.concatenate([b[part] for b in own]))
    key = id(goals[0])
    assert np.array_equal(np.concatenate([b[2][key] for b in shared]),
                          np.concatenate([b[2][key] for b in own]))
