"""The integer program on candidate pairs behind binding goals
(``constrained.py``), solved by HiGHS through ``highspy``.

``highspy`` rather than scipy's ``milp`` (the same solver) because it takes a
starting assignment: the one rounded from the LP (``WarmLP.whole``), often the
optimum already, so that HiGHS only has to close the bound instead of
searching for it (figures in ``docs/benchmarks.md``, "Binding goals").
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity, vstack

from .goals import FULL

# The MILP first keeps the pairs continuous, and its answer stands when every
# pair is this close to 0 or 1 (as the rounded assignment's).
RELAX_PAIRS = True
WHOLE = 1e-6
# An assignment this close (points) to a bound reaches it: the proof's own
# tolerance, or a few units in the last place of values that carry M per pair.
EXACT = 1e-6


def reaches(value: float, bound: float) -> bool:
    """Whether an assignment's value reaches an upper bound of it."""
    return value >= bound - max(EXACT, 16 * float(np.spacing(abs(bound))))


def matrix(problem, edges, slack: bool):
    """(A_ub, b_ub, A_eq) over the columns: pairs, aggregates, the slack."""
    r, c = edges.r, edges.c
    k, agg, goals = len(r), problem.aggregates, len(problem.goal_rows)
    width = k + agg + slack
    ones, cols = np.ones(k), np.arange(k)
    who = coo_matrix((ones, (r, cols)), shape=(problem.f, width))
    seat = coo_matrix((ones, (c, cols)), shape=(problem.m, width))
    gi, gj, gv = [], [], []
    for row, coef in enumerate(problem.goal_rows):
        for col, value in coef.items():
            gi.append(row), gj.append(k + col), gv.append(value)
        if slack:   # a x - s t <= b: t is how far the goals are missed
            gi.append(row), gj.append(k + agg), gv.append(-problem.slack_unit[row])
    goal = coo_matrix((gv, (gi, gj)), shape=(goals, width))
    a_ub = vstack([who, seat, goal]).tocsr()
    b_ub = np.concatenate([np.ones(problem.f), problem.seats, problem.goal_rhs])
    sats = {id(g): g.encoder.pairs(problem.rows[r], c) >= FULL
            for g in problem.goals if g.kind == "mix"}
    sums = np.vstack([np.ones((1, k)), problem.sum_coef(r, lambda g: sats[id(g)])])
    a_eq = hstack([csr_matrix(sums), -identity(agg), csr_matrix((agg, int(slack)))]).tocsr()
    return a_ub, b_ub, a_eq


def weights(problem, edges, slack):
    k = len(edges.keys)
    if slack:   # minimise the slack: pairs and aggregates are free, t costs 1
        return np.concatenate([np.zeros(k + problem.aggregates), [-1.0]])
    # M once, on K (pairs made), rather than on every pair: the same
    # objective, with pair costs of 0-100 that HiGHS scales far better.
    return np.concatenate([edges.score, [problem.big], np.zeros(problem.aggregates - 1)])


def solve_milp(problem, edges, slack, start=None):
    """(chosen pairs mask, value) of the integer program on the candidates,
    (None, None) when no assignment of them meets the goals; ``start``: a
    mask of pairs forming an assignment that meets them, or None.

    First only the aggregates must be whole, the pairs in [0, 1]: HiGHS
    branches on a dozen columns instead of every pair, several times
    faster on tens of thousands of pairs. Whole pairs in its answer are
    then optimal for the integer program too (the best of a relaxation, and
    feasible); with one parity goal they always are (``Problem``). Otherwise
    the program is solved again with every pair an integer column, unless
    ``start`` is worth the relaxation's best: then it is the optimum."""
    a_ub, b_ub, a_eq = matrix(problem, edges, slack)
    k, width = len(edges.keys), a_ub.shape[1]
    cost = -weights(problem, edges, slack)
    x0 = None
    if start is not None:   # the aggregates follow from the pairs (a_eq)
        x0 = np.zeros(width)
        x0[:k] = start
        x0[k:k + a_eq.shape[0]] = a_eq[:, :k] @ x0[:k]
    for whole_pairs in ((False, True) if RELAX_PAIRS else (True,)):
        integrality = np.ones(width)
        integrality[:k] = whole_pairs
        if slack:
            integrality[-1] = 0
        x, value = _run(a_ub, b_ub, a_eq, cost, k, integrality, x0)
        if x is None:       # infeasible with pairs relaxed: infeasible whole
            return None, None
        if np.all(np.abs(x[:k] - np.round(x[:k])) <= WHOLE):
            break
        if x0 is not None and reaches(-(cost @ x0), value):
            return start, -(cost @ x0)      # the start reaches a relaxation's best
    return x[:k] > 0.5, value


def _run(a_ub, b_ub, a_eq, cost, k, integrality, start):
    """Minimise ``cost`` over pairs in [0, 1] and aggregates (and slack) >= 0
    under ``a_ub <= b_ub`` and ``a_eq = 0``: (x, -minimum) or (None, None)."""
    import highspy
    from highspy._core import _Highs
    h = _Highs()    # the binding: highspy.Highs's constructor prints a banner
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    inf = highspy.kHighsInf
    a = vstack([a_ub, a_eq]).tocsc()
    width = a.shape[1]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = width, a.shape[0]
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.zeros(width)
    lp.col_upper_ = np.concatenate([np.ones(k), np.full(width - k, inf)])
    lp.row_lower_ = np.concatenate([np.full(a_ub.shape[0], -inf), np.zeros(a_eq.shape[0])])
    lp.row_upper_ = np.concatenate([b_ub, np.zeros(a_eq.shape[0])]).astype(float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                       for i in integrality]
    h.passModel(lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = start
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    if status in (highspy.HighsModelStatus.kInfeasible,
                  highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return None, None
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the goals' integer program failed: {h.modelStatusToString(status)}")
    return np.asarray(h.getSolution().col_value), -h.getInfo().objective_function_value
