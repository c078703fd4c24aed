"""The contract's optimum under binding goals: a MILP on candidate pairs,
proved optimal for the whole cohort by LP duality.

Goals make the problem a b-matching with a few side constraints (parity: two
rows per group; mix: one row), which no assignment algorithm handles, so it
is an integer program solved by HiGHS (scipy's ``milp`` and ``linprog``: a
well-kept solver instead of a hand-written branch and bound). The objective is
the matcher's: ``M + score`` per pair, ``M = 100 (n + 1)``, so one more
mentee matched outweighs any score.

1. **Column generation on the LP relaxation.** The candidate pairs (each
   mentee's best mentors, the unconstrained optimum's pairs, each mentee's
   best mentors satisfying a mix goal) are solved as an LP; its duals price
   *every* allowed pair of the cohort, block by block as the certificate of
   the unconstrained solver does. Pairs with positive reduced cost join and
   the LP is solved again, until none: the LP value is then an upper bound
   ``U`` for the whole cohort, and every reduced cost ``rc <= 0``.
2. **The MILP on the candidates** gives an assignment of value ``L``.
3. **Completion.** Any assignment using a pair with ``rc < -(U - L)`` is
   worth less than ``L`` (its value is at most ``U + sum of its rc``). So all
   pairs with ``rc >= -(U - L)`` join and the MILP is solved once more: its
   optimum is then the optimum over every allowed pair -- a proof, reported
   as ``gap 0``. Only if that set would exceed ``COMPLETE_PAIRS`` is the
   MILP's answer returned with the gap ``U - L`` reported instead.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds as VarBounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity, vstack

from .goals import FULL, Goal

# A positive reduced cost below this (in points) is float noise, not a gain.
TOLERANCE = 1e-6
# Candidate mentors per mentee to start with, and pairs added per mentee a round.
FIRST, ADD = 8, 8
# Keep scored blocks between rounds below this many pairs (as the solver does).
CACHE_CELLS = 60_000_000
# Most pairs the completion step may add before the gap is reported instead.
COMPLETE_PAIRS = 2_000_000
ROUNDS = 60
# Pairs this close to tight (points) join with the violating ones: fewer rounds.
MARGIN = 1.0


class Impossible(Exception):
    """No assignment meets the binding goals; ``assign`` is one that misses
    them by the least (parity in rates, mix in pairs)."""

    def __init__(self, assign: np.ndarray):
        super().__init__("the binding goals cannot be met")
        self.assign = assign


class _Problem:
    """The free mentees, their seats, the goals' rows, and scored blocks.

    Columns: one per candidate pair, then the aggregates -- ``K`` (pairs
    made), ``y_g`` (pairs of group g's mentees, per parity goal) and ``z``
    (pairs satisfying a mix goal), tied to the pairs by equality rows -- and
    the goals as rows on the aggregates only. The pairs' own rows (a mentee
    at most once, a mentor up to her seats, the sums) form two laminar
    families, a network matrix: with the aggregates fixed to whole numbers
    every vertex is whole, so HiGHS branches on a handful of aggregates, not
    on thousands of pairs.
    """

    def __init__(self, scorer, goals: list[Goal], fixed: np.ndarray, rows, seats):
        self.scorer, self.goals, self.rows = scorer, goals, rows
        self.seats = np.asarray(seats, dtype=np.int64)
        self.n, self.m, self.f = len(fixed), scorer.m, len(rows)
        self.big = 100.0 * (self.f + 1)
        matched = fixed >= 0
        r_all = int(matched.sum())
        fixed_e = np.flatnonzero(matched)
        self.cache = [] if self.f * self.m <= CACHE_CELLS else None
        self.sums = []      # equality rows after the total: (goal, group or None)
        rows_, rhs, units = [], [], []  # goal rows: ({aggregate index: coefficient}, bound)
        for goal in goals:
            if goal.kind == "parity":
                codes = goal.codes
                size = np.bincount(codes[codes >= 0], minlength=len(goal.names))
                hit = np.bincount(codes[matched & (codes >= 0)], minlength=len(goal.names))
                for g in np.flatnonzero(size):
                    # (R_g + y_g) / n_g - (R + K) / n within +-p, times n: in
                    # these units a rate moves by n / n_g >= 1 per pair, far
                    # above the solver's feasibility tolerance.
                    y = 1 + len(self.sums)
                    self.sums.append((goal, g))
                    a, base = self.n / size[g], self.n * hit[g] / size[g] - r_all
                    rows_ += [{y: a, 0: -1.0}, {y: -a, 0: 1.0}]
                    units += [self.n, self.n]     # t as a rate
                    rhs += [self.n * goal.points - base, self.n * goal.points + base]
            else:
                z = 1 + len(self.sums)
                self.sums.append((goal, None))
                sat = goal.encoder.pairs(fixed_e, fixed[fixed_e]) >= FULL
                rows_.append({0: goal.share, z: -1.0})      # X (R + K) <= S_R + z
                units.append(1.0)                 # t in pairs
                rhs.append(float(sat.sum()) - goal.share * r_all)
        self.goal_rows, self.goal_rhs, self.slack_unit = rows_, np.array(rhs), units
        self.aggregates = 1 + len(self.sums)

    def blocks(self):
        """(positions, scores with -inf where not allowed, {goal: sat}) per block."""
        if self.cache:
            yield from self.cache
            return
        active = self.seats > 0
        start = 0
        for chunk in self.scorer.chunks(self.rows, 2_000_000):
            block = self.scorer.block(chunk, active=active, mask=True)
            sat = {id(g): g.encoder.block(chunk) >= FULL for g in self.goals if g.kind == "mix"}
            item = (np.arange(start, start + len(chunk)), block.score, sat)
            start += len(chunk)
            if self.cache is not None:
                self.cache.append(item)
            yield item

    def sum_coef(self, pos, sat_of):
        """(equality rows after the total, len(pos)) coefficients of pairs."""
        e = self.rows[pos]
        out = np.zeros((len(self.sums), len(pos)))
        for k, (goal, g) in enumerate(self.sums):
            out[k] = (goal.codes[e] == g) if g is not None else sat_of(goal)
        return out


class _Edges:
    """Candidate pairs: free-mentee position, mentor, score (unique)."""

    def __init__(self, m):
        self.m = m
        self.keys = np.zeros(0, dtype=np.int64)
        self.score = np.zeros(0)

    def add(self, r, c, s) -> int:
        keys = np.concatenate([self.keys, r.astype(np.int64) * self.m + c])
        score = np.concatenate([self.score, s])
        keys, first = np.unique(keys, return_index=True)
        added = len(keys) - len(self.keys)
        self.keys, self.score = keys, score[first]
        return added

    @property
    def r(self):
        return self.keys // self.m

    @property
    def c(self):
        return self.keys % self.m


def _top(values, k):
    """Row and column of each row's ``k`` largest finite values."""
    k = min(k, values.shape[1])
    if k == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cols = np.argpartition(-values, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(values.shape[0]), k)
    cols = cols.ravel()
    ok = np.isfinite(values[rows, cols])
    return rows[ok], cols[ok]


def _initial(problem: _Problem, best: np.ndarray) -> _Edges:
    edges = _Edges(problem.m)
    for pos, score, sat in problem.blocks():
        r, c = _top(score, FIRST)
        edges.add(pos[r], c, score[r, c])
        for g in problem.goals:
            if g.kind == "mix":
                r, c = _top(np.where(sat[id(g)], score, -np.inf), FIRST)
                edges.add(pos[r], c, score[r, c])
        mine = best[problem.rows[pos]]
        hit = np.flatnonzero(mine >= 0)
        if len(hit):
            edges.add(pos[hit], mine[hit], score[hit, mine[hit]])
    return edges


def _matrix(problem: _Problem, edges: _Edges, slack: bool):
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


def _weights(problem, edges, slack):
    k = len(edges.keys)
    if slack:   # minimise the slack: pairs and aggregates are free, t costs 1
        return np.concatenate([np.zeros(k + problem.aggregates), [-1.0]])
    return np.concatenate([problem.big + edges.score, np.zeros(problem.aggregates)])


def _lp(problem, edges, slack):
    """(LP value, mentee, mentor and sum-row prices), None when infeasible."""
    a_ub, b_ub, a_eq = _matrix(problem, edges, slack)
    res = linprog(-_weights(problem, edges, slack), A_ub=a_ub, b_ub=b_ub, A_eq=a_eq,
                  b_eq=np.zeros(a_eq.shape[0]), bounds=(0, None), method="highs")
    if res.status == 2:
        return None
    if res.status != 0:
        raise RuntimeError(f"the goals' LP relaxation failed: {res.message}")
    lam, mu = -res.ineqlin.marginals, -res.eqlin.marginals
    return -res.fun, lam[:problem.f], lam[problem.f:problem.f + problem.m], mu


def _reduced(problem, duals, slack, score, pos, sat):
    """Reduced costs of a block of pairs under LP prices (-inf: not allowed)."""
    _, u, v, mu = duals
    per_mentee = u[pos] + mu[0]
    e = problem.rows[pos]
    rc = np.where(np.isfinite(score), 0.0, -np.inf) if slack else problem.big + score
    for price, (goal, g) in zip(mu[1:], problem.sums):
        if g is not None:
            per_mentee = per_mentee + price * (goal.codes[e] == g)
        elif price:
            rc = rc - price * sat[id(goal)]
    return rc - per_mentee[:, None] - v[None, :]


def _price(problem, edges, duals, slack, floor, limit=None):
    """Add pairs whose reduced cost exceeds ``floor``: the ``ADD`` best per
    mentee (counting those above ``TOLERANCE``), or with ``limit`` all of
    them (None, adding nothing, when there are more than ``limit``)."""
    found, picked = 0, []
    for pos, score, sat in problem.blocks():
        rc = _reduced(problem, duals, slack, score, pos, sat)
        if limit is None:
            found += int(np.count_nonzero(rc > TOLERANCE))
            r, c = _top(np.where(rc > floor, rc, -np.inf), ADD)
        else:
            r, c = np.nonzero(rc > floor)
            found += len(r)
            if found > limit:
                return None
        picked.append((pos[r], c, score[r, c]))
    for r, c, s in picked:
        edges.add(r, c, s)
    return found


def _milp(problem, edges, slack):
    """(chosen pairs mask, value) of the integer program on the candidates."""
    a_ub, b_ub, a_eq = _matrix(problem, edges, slack)
    k, width = len(edges.keys), a_ub.shape[1]
    integrality = np.ones(width)
    upper = np.concatenate([np.ones(k), np.full(width - k, np.inf)])
    if slack:
        integrality[-1] = 0
    res = milp(-_weights(problem, edges, slack), integrality=integrality,
               bounds=VarBounds(np.zeros(width), upper),
               constraints=[LinearConstraint(a_ub, -np.inf, b_ub),
                            LinearConstraint(a_eq, 0, 0)],
               options={"mip_rel_gap": 0})
    if res.x is None:
        return None, None
    return res.x[:k] > 0.5, -res.fun


def _column_generation(problem, edges, slack, note):
    for round_no in range(1, ROUNDS + 1):
        note(f"goals: LP round {round_no} ({len(edges.keys)} pairs)")
        duals = _lp(problem, edges, slack)
        if duals is None:
            return None
        if not _price(problem, edges, duals, slack, -MARGIN):
            return duals
    raise RuntimeError("the goals' LP did not settle; please report this cohort")


def _solve(problem, edges, slack, note):
    """(chosen edges mask, value, gap) of the MILP proved over every pair."""
    duals = _column_generation(problem, edges, slack, note)
    if duals is None:
        return None
    note(f"goals: integer solve ({len(edges.keys)} pairs)")
    x, value = _milp(problem, edges, slack)
    if x is None:
        return None
    gap = max(0.0, duals[0] - value)
    if gap > TOLERANCE:
        added = _price(problem, edges, duals, slack, -gap - TOLERANCE, COMPLETE_PAIRS)
        if added is not None:
            note(f"goals: completing the proof ({len(edges.keys)} pairs)")
            x, value = _milp(problem, edges, slack)
            gap = 0.0
    return x, value, gap


def solve_goals(scorer, goals, fixed, rows, seats, best, progress=None):
    """Best assignment (most matched, then most score) meeting every binding
    goal: ``(mentor per mentee, optimality gap in points)``; ``fixed`` holds
    the required pairs (-1 elsewhere), ``rows`` the free mentees, ``seats``
    their free seats, ``best`` the unconstrained optimum (first candidates).
    Raises :class:`Impossible` when no assignment meets them."""
    note = progress or (lambda stage: None)
    problem = _Problem(scorer, [g for g in goals if g.binding], fixed, rows, seats)
    edges = _initial(problem, best)
    solved = _solve(problem, edges, False, note)
    if solved is None:
        slack_edges = _Edges(problem.m)
        slack_edges.add(edges.r, edges.c, edges.score)
        x, value, _ = _solve(problem, slack_edges, True, note)
        raise Impossible(_assign(problem, fixed, slack_edges, x))
    x, value, gap = solved
    return _assign(problem, fixed, edges, x), gap


def _assign(problem, fixed, edges, x):
    out = fixed.copy()
    out[problem.rows[edges.r[x]]] = edges.c[x]
    return out
