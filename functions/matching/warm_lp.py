"""The goals' LP relaxation kept in one HiGHS model across the rounds of
column generation (``constrained.py``).

scipy's ``linprog`` builds and solves every LP from scratch; at 5,000 x 1,500
that was 15-33 s a round. HiGHS itself keeps a model and its optimal basis:
columns added to a solved model (the pairs a pricing pass finds) leave that
basis primal feasible, so the next solve is primal simplex from it (a few
pivots) rather than a whole solve; the first, cold, is interior point with
crossover, which at these sizes is several times faster than simplex. The
last optimum also gives a whole assignment cheaply (``WarmLP.whole``): fix
the few aggregate columns at whole numbers, and dual simplex goes on from the
same basis. ``highspy`` is HiGHS's own Python interface (the solver scipy
ships), used for this rather than a hand-written simplex.
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix

from .goals import FULL


class WarmLP:
    """Rows: each free mentee at most once, each mentor up to her seats, the
    goals on the aggregates, the sums tying aggregates to pairs (as
    ``constrained._matrix``); columns: the aggregates (and with ``slack``
    the goals' slack), then the pool's pairs as they join."""

    def __init__(self, problem, slack: bool):
        import highspy
        from highspy._core import _Highs
        self.hs, self.problem, self.slack = highspy, problem, slack
        # The binding itself, not highspy.Highs: that wrapper's constructor
        # turns on callbacks, which prints HiGHS's banner to stdout before any
        # option can be set, and `tandem match` writes its JSON there.
        self.h = h = _Highs()
        h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        f, m, goals, agg = problem.f, problem.m, len(problem.goal_rows), problem.aggregates
        self.eq = f + m + goals           # the first sum row
        lower = np.concatenate([np.full(f + m + goals, -inf), np.zeros(agg)])
        upper = np.concatenate([np.ones(f), problem.seats.astype(float), problem.goal_rhs,
                                np.zeros(agg)])
        h.addRows(len(lower), lower, upper, 0, np.zeros(len(lower), dtype=np.int32),
                  np.zeros(0, dtype=np.int32), np.zeros(0))
        rows, cols, vals = [], [], []
        for a in range(agg):
            rows.append(self.eq + a), cols.append(a), vals.append(-1.0)
        for row, coef in enumerate(problem.goal_rows):
            for a, value in coef.items():
                rows.append(f + m + row), cols.append(a), vals.append(value)
            if slack:
                rows.append(f + m + row), cols.append(agg), vals.append(-problem.slack_unit[row])
        width = agg + int(slack)
        cost = np.zeros(width)
        if slack:
            cost[agg] = 1.0               # minimise how far the goals are missed
        else:
            cost[0] = -problem.big        # maximise: M per pair made, on K
        self._add_columns(cost, rows, cols, vals, width)
        self.keys = np.zeros(0, dtype=np.int64)
        self.order = []                   # the pairs' keys in column order, per add
        self.solved = False

    def _add_columns(self, cost, rows, cols, vals, width):
        a = coo_matrix((vals, (rows, cols)), shape=(self.h.getNumRow(), width)).tocsc()
        inf = self.hs.kHighsInf
        self.h.addCols(width, np.asarray(cost, dtype=float), np.zeros(width),
                       np.full(width, inf), a.nnz, a.indptr[:-1].astype(np.int32),
                       a.indices.astype(np.int32), a.data.astype(float))

    def add(self, pool) -> int:
        """Add the pool's pairs that are not columns yet; returns how many."""
        new = np.setdiff1d(pool.keys, self.keys, assume_unique=True)
        if not len(new):
            return 0
        problem, m = self.problem, pool.m
        where = np.searchsorted(pool.keys, new)
        r, c, score = new // m, new % m, pool.score[where]
        n = len(new)
        sats = {id(g): g.encoder.pairs(problem.rows[r], c) >= FULL
                for g in problem.goals if g.kind == "mix"}
        sums = problem.sum_coef(r, lambda g: sats[id(g)])
        si, sj = np.nonzero(sums)
        cols = np.arange(n)
        rows = np.concatenate([r, problem.f + c, np.full(n, self.eq), self.eq + 1 + si])
        vals = np.concatenate([np.ones(3 * n), sums[si, sj]])
        self._add_columns(np.zeros(n) if self.slack else -score, rows,
                          np.concatenate([cols, cols, cols, sj]), vals, n)
        self.keys = np.sort(np.concatenate([self.keys, new]))
        self.order.append(new)
        return n

    def solve(self):
        """(LP value, mentee prices, mentor prices, sum-row prices), or None
        when infeasible; a price is the objective's gain per unit of the row's
        bound (HiGHS minimises the negated objective: its duals, negated)."""
        h = self.h
        if not self.solved:     # cold: interior point, then crossover to a basis
            h.setOptionValue("solver", "ipm")
        else:                   # new columns leave the last basis primal feasible
            h.setOptionValue("solver", "simplex")
            h.setOptionValue("simplex_strategy", 4)   # primal simplex
        self.solved = True
        h.run()
        return self._read()

    def _read(self):
        h, hs = self.h, self.hs
        status = h.getModelStatus()
        if status in (hs.HighsModelStatus.kInfeasible,
                      hs.HighsModelStatus.kUnboundedOrInfeasible):
            return None
        if status != hs.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the goals' LP relaxation failed: {h.modelStatusToString(status)}")
        dual = -np.asarray(h.getSolution().row_dual)
        f, m = self.problem.f, self.problem.m
        return (-h.getInfo().objective_function_value, dual[:f], dual[f:f + m],
                dual[self.eq:])

    def whole(self, tolerance: float):
        """(keys of the chosen pairs, value) of a whole assignment near the
        last LP optimum, or None: a primal bound for the MILP (``constrained``).

        With one parity goal the pairs' own rows are a network matrix
        (``goal_model.Problem``), so with the aggregates at whole numbers the
        LP's vertices are whole: the aggregates are rounded to the nearest
        whole numbers that keep the goals (a MILP on a dozen variables),
        fixed, and the LP solved again by dual simplex from its last basis
        (bound changes leave it dual feasible). None when the rounding cannot
        keep the goals or the pairs cannot follow it, or when a pair is
        further than ``tolerance`` from 0 or 1 (possible with two groupings
        or a mix goal). The model is spent: its aggregates stay fixed.
        """
        if self.slack or not self.solved:
            return None
        h, problem = self.h, self.problem
        x = np.asarray(h.getSolution().col_value)
        agg, pairs = problem.aggregates, x[problem.aggregates:]
        if np.all(np.abs(pairs - np.round(pairs)) <= tolerance):
            return self._chosen(pairs), -h.getInfo().objective_function_value
        fixed = _round(problem, x[:agg])
        if fixed is None:
            return None
        index = np.arange(agg, dtype=np.int32)
        h.changeColsBounds(agg, index, fixed, fixed)
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 1)       # dual simplex
        h.run()
        if h.getModelStatus() != self.hs.HighsModelStatus.kOptimal:
            return None
        pairs = np.asarray(h.getSolution().col_value)[agg:]
        if np.any(np.abs(pairs - np.round(pairs)) > tolerance):
            return None
        return self._chosen(pairs), -h.getInfo().objective_function_value

    def _chosen(self, pairs):
        order = np.concatenate(self.order) if self.order else np.zeros(0, dtype=np.int64)
        return np.sort(order[pairs > 0.5])


def _round(problem, values):
    """Whole aggregates nearest ``values`` (in sum of distances; pairs made,
    the first, weighs most: each one is worth ``M``) that keep the goal rows,
    with no more pairs made than the LP, each sum at most the pairs made, and
    a parity goal's groups holding all pairs but those of mentees in no
    group; None if there are none."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    agg = len(values)
    rows = np.zeros((len(problem.goal_rows), 2 * agg))
    for r, coef in enumerate(problem.goal_rows):
        for a, value in coef.items():
            rows[r, a] = value
    eye = np.eye(agg)
    under = [eye[0] - eye[1:]]          # K >= each sum
    low, high = [np.zeros(agg - 1)], [np.full(agg - 1, np.inf)]
    for goal in {id(g): g for g, group in problem.sums if group is not None}.values():
        # a parity goal's groups hold every pair but those of mentees in none
        row = eye[0] - sum(eye[1 + k] for k, (g, _) in enumerate(problem.sums) if g is goal)
        under.append(row[None])
        low.append([0.0]), high.append([float(np.sum(goal.codes[problem.rows] < 0))])
    under = np.hstack([np.vstack(under), np.zeros((len(np.vstack(under)), agg))])
    near = np.vstack([np.hstack([eye, -eye]), np.hstack([-eye, -eye])])
    weight = np.ones(agg)
    weight[0] = agg
    upper = np.full(2 * agg, np.inf)
    upper[0] = np.floor(values[0] + 1e-6)     # no more pairs than the LP makes
    res = milp(np.concatenate([np.zeros(agg), weight]),
               integrality=np.concatenate([np.ones(agg), np.zeros(agg)]),
               bounds=Bounds(0, upper),
               constraints=[LinearConstraint(rows, -np.inf, problem.goal_rhs),
                            LinearConstraint(under, np.concatenate(low), np.concatenate(high)),
                            LinearConstraint(near, -np.inf, np.concatenate([values, -values]))])
    if res.x is None:
        return None
    return np.round(res.x[:agg])
