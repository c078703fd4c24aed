"""Binding goals: brute force on tiny cohorts, an independent MILP on seeded
ones, the impossible case, the price, and the unconstrained results kept."""
import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from functions.matching import CohortError, match_cohort

from .conftest import random_cohort, ref_allowed, ref_similarity
from .test_solver import check_feasible, tiny_cohorts


def _groups(cohort, field):
    return [p.get(field) if p.get(field) not in (None, "", []) else None
            for p in cohort["mentees"]]


def _meets(cohort, goals, pairs):
    """Whether an assignment (mentee index -> mentor index) meets every
    binding goal, computed from the definitions in docs/matching.md §10."""
    n = len(cohort["mentees"])
    for g in goals:
        if not g.get("binding"):
            continue
        if g["kind"] == "parity":
            groups = _groups(cohort, g["field"])
            rate = len(pairs) / n if n else 0
            for name in {x for x in groups if x is not None}:
                members = [i for i, x in enumerate(groups) if x == name]
                mine = sum(1 for i in members if i in pairs) / len(members)
                if abs(mine - rate) * 100 > g["points"] + 1e-7:
                    return False
        elif g["kind"] == "mix" and pairs:
            crit = dict(g["criterion"], name="x", weight=1)
            good = sum(ref_similarity(crit, cohort["mentees"][i], cohort["mentors"][j],
                                      cohort["mentors"][j]["id"]) >= 1 - 1e-9
                       for i, j in pairs.items())
            if 100 * good / len(pairs) < g["share"] - 1e-7:
                return False
    return True


def brute_force_goals(cohort, goals):
    """Best (matched, total score) among assignments meeting the goals, or None."""
    score, allowed = ref_allowed(cohort)
    n, m = score.shape
    cap = [p.get("capacity", 1) for p in cohort["mentors"]]
    ids = [p["id"] for p in cohort["mentees"]]
    mids = [p["id"] for p in cohort["mentors"]]
    fixed = {ids.index(e): mids.index(o) for e, o in cohort.get("require", [])}
    best = None

    def go(i, pairs, total, load):
        nonlocal best
        if i == n:
            key = (len(pairs), total)
            if (best is None or key > (best[0], best[1] + 1e-9)) and _meets(cohort, goals, pairs):
                best = key
            return
        options = [fixed[i]] if i in fixed else [None] + [j for j in range(m) if allowed[i, j]]
        for j in options:
            if j is None:
                go(i + 1, pairs, total, load)
            elif load[j] < cap[j]:
                load[j] += 1
                pairs[i] = j
                go(i + 1, pairs, total + score[i, j], load)
                del pairs[i]
                load[j] -= 1

    go(0, {}, 0.0, [0] * m)
    return best


GOALS = st.lists(st.one_of(
    st.builds(lambda p, b: {"kind": "parity", "field": "dept", "points": p, "binding": b},
              st.sampled_from([0, 5, 10, 20]), st.sampled_from([True, True, False])),
    st.builds(lambda c, s, b: {"kind": "mix", "criterion": c, "share": s, "binding": b},
              st.sampled_from([{"type": "differ", "field": "dept"},
                               {"type": "gap", "field": "level", "target": 2}]),
              st.sampled_from([50, 80, 100]), st.sampled_from([True, True, False]))),
    min_size=1, max_size=2)


def six_mentees(cohort, goals):
    """The cohort cut to its first six mentees (brute force stays quick), with
    the forbids and requires that name them, and ``goals``."""
    cohort = dict(cohort, mentees=cohort["mentees"][:6], goals=goals)
    ids = {p["id"] for p in cohort["mentees"]}
    cohort["forbid"] = [p for p in cohort["forbid"] if p[0] in ids]
    cohort["require"] = [p for p in cohort["require"] if p[0] in ids]
    return cohort


def _pairs(cohort, result):
    ids = [p["id"] for p in cohort["mentees"]]
    mids = [p["id"] for p in cohort["mentors"]]
    return {ids.index(x["mentee"]): mids.index(x["mentor"]) for x in result.matches}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(), GOALS)
def test_binding_goals_reach_the_brute_force_optimum(cohort, goals):
    cohort = six_mentees(cohort, goals)
    best = brute_force_goals(cohort, goals)
    if best is None:
        with pytest.raises(CohortError, match="cannot all be met"):
            match_cohort(cohort)
        return
    result = match_cohort(cohort)
    check_feasible(cohort, result)
    assert _meets(cohort, goals, _pairs(cohort, result))
    assert result.stats["matched"] == best[0]
    assert result.total_score == pytest.approx(best[1], abs=1e-6)
    free = match_cohort(dict(cohort, goals=[]))
    if any(g["binding"] for g in goals):
        assert result.stats["price"]["matched"] == free.stats["matched"] - best[0]
        assert result.stats["price"]["total_score"] == pytest.approx(
            free.total_score - best[1], abs=0.01)
        assert result.stats["price"]["optimality_gap"] == 0
    else:
        assert "price" not in result.stats
        assert result.matches == free.matches
    # met is None only where there is nothing to measure (no pairs, no groups)
    assert all(g["met"] is not False for g in result.stats["goals"] if g["binding"])


def reference_milp(cohort, goals):
    """(matched, total score) by a plain dense MILP, two stages: the most
    pairs, then the most score with that many (independent of the engine)."""
    score, allowed = ref_allowed(cohort)
    n, m = score.shape
    e, o = np.nonzero(allowed)
    k = len(e)
    rows, lo, hi = [], [], []
    for i in range(n):
        rows.append((e == i).astype(float)), lo.append(0), hi.append(1)
    for j in range(m):
        rows.append((o == j).astype(float)), lo.append(0)
        hi.append(cohort["mentors"][j].get("capacity", 1))
    ids = [p["id"] for p in cohort["mentees"]]
    mids = [p["id"] for p in cohort["mentors"]]
    for a, b in cohort.get("require", []):
        rows.append(((e == ids.index(a)) & (o == mids.index(b))).astype(float))
        lo.append(1), hi.append(1)
    for g in goals:
        if g["kind"] == "parity":
            groups = _groups(cohort, g["field"])
            for name in {x for x in groups if x is not None}:
                size = sum(x == name for x in groups)
                inside = np.array([groups[i] == name for i in e], dtype=float)
                rows.append(inside / size - 1 / n)
                lo.append(-g["points"] / 100), hi.append(g["points"] / 100)
        else:
            crit = dict(g["criterion"], name="x", weight=1)
            sat = np.array([ref_similarity(crit, cohort["mentees"][i], cohort["mentors"][j],
                                           mids[j]) >= 1 - 1e-9 for i, j in zip(e, o)])
            rows.append(sat - g["share"] / 100), lo.append(0), hi.append(np.inf)
    cons = [LinearConstraint(np.array(rows), lo, hi)]
    first = milp(-np.ones(k), integrality=np.ones(k), bounds=Bounds(0, 1), constraints=cons,
                 options={"mip_rel_gap": 0})
    count = round(-first.fun)
    cons.append(LinearConstraint(np.ones((1, k)), count, count))
    second = milp(-score[e, o], integrality=np.ones(k), bounds=Bounds(0, 1), constraints=cons,
                  options={"mip_rel_gap": 0})
    return count, -second.fun


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_parity_and_mix_agree_with_an_independent_milp(seed):
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, 40, 14, seats_per_mentee=0.8)
    goals = [{"kind": "parity", "field": "dept", "points": [2, 5, 10, 1][seed - 1],
              "binding": True},
             {"kind": "mix", "criterion": {"type": "gap", "field": "level", "target": 2},
              "share": 60, "binding": seed % 2 == 0}]
    result = match_cohort(dict(cohort, goals=goals))
    free = match_cohort(cohort)
    count, total = reference_milp(cohort, [g for g in goals if g["binding"]])
    assert result.stats["matched"] == count
    assert result.total_score == pytest.approx(total, abs=1e-4)
    assert result.stats["price"] == {
        "matched": free.stats["matched"] - count,
        "total_score": round(free.total_score - result.total_score, 2),
        "optimality_gap": 0.0}
    # 1 point over five departments of ~8 mentees can only be met by nobody
    assert all(g["met"] is not False for g in result.stats["goals"] if g["binding"])


def test_a_goal_the_unconstrained_optimum_breaks_has_a_price():
    # Mentors all in one department: the "other department" mentees (b) all
    # score higher with them, so the optimum matches b first and leaves a.
    mentors = [{"id": f"m{j}", "dept": "x", "level": 5} for j in range(3)]
    mentees = [{"id": f"a{i}", "dept": "x", "level": 4} for i in range(3)] + \
              [{"id": f"b{i}", "dept": "y", "level": 1} for i in range(3)]
    cohort = {"criteria": [{"name": "level", "type": "gap", "field": "level", "target": 4,
                            "weight": 1}],
              "mentors": mentors, "mentees": mentees}
    free = match_cohort(cohort)
    assert {x["mentee"][0] for x in free.matches} == {"b"}
    goals = [{"kind": "parity", "field": "dept", "points": 20, "binding": True}]
    kept = match_cohort(dict(cohort, goals=goals))
    groups = sorted(x["mentee"][0] for x in kept.matches)
    assert groups in (["a", "b", "b"], ["a", "a", "b"])
    assert kept.stats["goals"][0]["met"] is True
    assert kept.stats["price"]["matched"] == 0
    assert kept.stats["price"]["total_score"] == pytest.approx(
        free.total_score - kept.total_score, abs=0.01)
    assert kept.stats["price"]["total_score"] > 0
    tracked = match_cohort(dict(cohort, goals=[dict(goals[0], binding=False)]))
    assert tracked.matches == free.matches
    assert tracked.stats["goals"][0]["met"] is False
    assert "price" not in tracked.stats


def test_impossible_goals_say_by_how_much():
    mentors = [{"id": "m1", "capacity": 2, "dept": "x"}]
    mentees = [{"id": "a1", "dept": "x"}, {"id": "a2", "dept": "x"},
               {"id": "b1", "dept": "y"}, {"id": "b2", "dept": "y"}]
    cohort = {"criteria": [{"name": "d", "type": "same", "field": "dept", "weight": 1}],
              "mentors": mentors, "mentees": mentees, "require": [["a1", "m1"], ["a2", "m1"]],
              "goals": [{"kind": "parity", "field": "dept", "points": 10, "binding": True}]}
    with pytest.raises(CohortError, match=r"within 10 points: 50 against 10") as err:
        match_cohort(cohort)
    assert err.value.field == "goals"


def test_reach_is_measured_never_bound():
    cohort = random_cohort(np.random.default_rng(5), 30, 10)
    share = 100 * sum(p["dept"] == "d1" for p in cohort["mentees"]) / 30
    goals = [{"kind": "reach", "field": "dept", "group": "d1", "share": 50, "binding": True}]
    result = match_cohort(dict(cohort, goals=goals))
    assert result.stats["goals"] == [{"goal": "at least 50% of mentees with dept d1",
                                      "kind": "reach", "binding": False,
                                      "met": share >= 50, "value": round(share, 2)}]
    assert result.matches == match_cohort(cohort).matches


@pytest.mark.parametrize("goal, field", [
    ({"kind": "fairness"}, "goals[0].kind"),
    ({"kind": "parity", "points": 5}, "goals[0].field"),
    ({"kind": "parity", "field": "dept", "points": 120}, "goals[0].points"),
    ({"kind": "mix", "criterion": {"type": "differ", "field": "dept"}, "share": -1},
     "goals[0].share"),
    ({"kind": "mix", "criterion": {"type": "nope", "field": "dept"}, "share": 5},
     "criteria[0].type"),
    ({"kind": "parity", "field": "dept", "points": 5, "binding": "yes"}, "goals[0].binding"),
])
def test_bad_goals_are_refused_naming_the_field(goal, field):
    cohort = random_cohort(np.random.default_rng(1), 5, 3)
    with pytest.raises(CohortError) as err:
        match_cohort(dict(cohort, goals=[goal]))
    assert err.value.field == field


def test_results_without_goals_are_unchanged():
    cohort = random_cohort(np.random.default_rng(7), 60, 20)
    before = match_cohort(copy.deepcopy(cohort)).to_dict(timing=False)
    assert match_cohort(dict(cohort, goals=[])).to_dict(timing=False) == before
    assert "goals" not in before["stats"] and "price" not in before["stats"]
