"""The contract's optimum under binding goals: a MILP on candidate pairs,
proved optimal for the whole cohort by LP duality.

Goals make the problem a b-matching with a few side constraints, which no
assignment algorithm handles, so it is an integer program solved by HiGHS
through ``highspy`` (``warm_lp.py`` for the LPs, ``goal_milp.py`` for the
MILP: a well-kept solver rather than a hand-written branch and bound). The
model (``goal_model.py``): one column per
candidate pair, aggregate columns (pairs made, pairs per parity group, pairs
satisfying a mix goal) tied to the pairs by equality rows, the goals as rows
on the aggregates. The objective is the matcher's: ``M`` per pair made
(``M = 100 (n + 1)``, so one more mentee matched outweighs any score) plus
the pairs' scores.

1. **Column generation on the LP relaxation.** The LP is solved on the pool
   of candidate pairs (at first each mentee's best mentor and her mentor in
   the unconstrained optimum), kept in one HiGHS model that each round's new
   pairs join (``warm_lp.py``: a warm start); its prices then price *every*
   allowed pair of the cohort, block by block, and pairs with a positive
   reduced cost join the pool, until there are none. The LP value ``U`` then
   bounds the constrained optimum of the whole cohort, and every pair's
   reduced cost ``rc <= 0``.
2. **A whole assignment from the LP**: its aggregates rounded to whole
   numbers that keep the goals, the LP solved again with them fixed (its
   vertices are then whole). Of value ``L0 = U``, it is the optimum, proved.
3. **The MILP** on the pairs with ``rc >= -floor`` gives an assignment of
   value ``L``. Any assignment using a pair with ``rc < -(U - L)`` is worth
   less than ``L`` (its value is at most ``U`` plus its pairs' reduced
   costs). So ``U - L <= floor`` proves ``L`` optimal over every pair. With
   step 2's assignment, ``floor = U - L0`` and one MILP, started from that
   assignment (often the optimum: HiGHS then only closes the bound), proves
   it; without,
   ``floor = DELTA``, and if ``U - L`` is more the pairs down to
   ``-(U - L)`` join and the MILP solved again proves it. Only if those
   pairs would exceed ``COMPLETE_PAIRS`` is the answer returned with the gap
   ``U - L``.
"""
from __future__ import annotations

import numpy as np

from .goal_milp import WHOLE, reaches, solve_milp
from .goal_model import Problem, initial, top
from .goals import FULL
from .warm_lp import WarmLP

# A positive reduced cost below this (in points) is float noise, not a gain.
TOLERANCE = 1e-6
# Pairs added per mentee a round: few, since every column the LP holds
# costs each later simplex iteration; one more round is cheaper than a
# model several times wider (docs/benchmarks.md, "Binding goals").
ADD = 5
# Most pairs the completion step may add before the gap is reported instead.
COMPLETE_PAIRS = 2_000_000
ROUNDS = 60
# Pairs this close to tight (points) join with the violating ones: fewer rounds.
MARGIN = 2.0
# Without a rounded assignment (WarmLP.whole), the MILP first solves the pairs
# within this many points of tight at the LP's prices: usually the optimum is
# among them, and a smaller set is a faster solve. When they hold no
# assignment meeting the goals, the floor widens GROW times.
DELTA = 0.1
GROW = 16.0


class Impossible(Exception):
    """No assignment meets the binding goals; ``assign`` is one that misses
    them by the least (parity in rates, mix in pairs)."""

    def __init__(self, assign: np.ndarray):
        super().__init__("the binding goals cannot be met")
        self.assign = assign


def _reduced(problem, duals, slack, score, pos, sat):
    """Reduced costs of a block of pairs under LP prices (-inf: not allowed)."""
    _, u, v, mu = duals
    per_mentee = u[pos] + mu[0]
    e = problem.rows[pos]
    rc = np.where(np.isfinite(score), 0.0, -np.inf) if slack else score
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
            r, c = top(rc, ADD, floor)
        else:
            r, c = np.nonzero(rc > floor)
            found += len(r)
            if found > limit:
                return None
        picked.append((pos[r], c, score[r, c]))
    for r, c, s in picked:
        edges.add(r, c, s)
    return found


def _edge_costs(problem, edges, duals, slack):
    """Reduced costs of the candidate pairs (as ``_reduced`` for a block)."""
    _, u, v, mu = duals
    e, c = problem.rows[edges.r], edges.c
    rc = (np.zeros(len(e)) if slack else edges.score.copy()) - u[edges.r] - mu[0] - v[c]
    for price, (goal, g) in zip(mu[1:], problem.sums):
        if g is not None:
            rc -= price * (goal.codes[e] == g)
        elif price:
            rc -= price * (goal.encoder.pairs(e, c) >= FULL)
    return rc


def _column_generation(problem, pool, slack, note):
    """LP prices under which no pair of the cohort has a positive reduced
    cost (None: infeasible), and the LP. One HiGHS model holds the pool: the pairs each
    pass finds join it as columns and the simplex goes on from the last
    optimal basis (``WarmLP``); every pass prices all pairs."""
    lp = WarmLP(problem, slack)
    for round_no in range(1, ROUNDS + 1):
        lp.add(pool)
        note(f"goals: LP round {round_no} ({len(pool.keys)} pairs)")
        duals = lp.solve()
        if duals is None:
            return None, lp
        if not _price(problem, pool, duals, slack, -MARGIN):
            return duals, lp
    raise RuntimeError("the goals' LP did not settle; please report this cohort")


def _solve(problem, pool, slack, note):
    """(chosen pairs, their mask, value, gap): the MILP on the pairs within
    ``floor`` of tight at the LP's prices. With ``U`` the LP bound and ``L``
    the MILP's value, a pair with reduced cost below ``-(U - L)`` is in no
    better assignment (module doc), so ``U - L <= floor`` proves it optimal.

    A whole assignment rounded from the LP (``WarmLP.whole``), of value
    ``L0``, sets ``floor = U - L0``: the optimum is among those pairs, and
    one MILP proves it; at ``L0 = U`` the rounded assignment is the optimum
    and no MILP is needed. Without one, ``floor`` starts at ``DELTA``; when
    ``U - L`` exceeds it, the pairs down to ``-(U - L)`` join and the MILP
    solved again proves its answer (when none joins, the answer stands,
    proved); when those pairs hold no assignment meeting the goals, the
    floor widens ``GROW`` times."""
    duals, lp = _column_generation(problem, pool, slack, note)
    if duals is None:
        return None
    floor, complete, priced, keys = DELTA, True, None, None
    rounded = lp.whole(WHOLE)
    if rounded is not None:
        keys, value = rounded
        if reaches(value, duals[0]):
            got = pool.subset(np.isin(pool.keys, keys))
            return got, np.ones(len(got.keys), dtype=bool), value, 0.0
        floor = duals[0] - value
    while True:
        if priced != floor and _price(problem, pool, duals, slack, -floor - TOLERANCE,
                                      COMPLETE_PAIRS) is None:
            complete = False            # too many pairs: the gap is reported
        near = pool.subset(_edge_costs(problem, pool, duals, slack) >= -floor - TOLERANCE)
        note(f"goals: integer solve ({len(near.keys)} pairs)")
        start = None if keys is None else np.isin(near.keys, keys)
        x, value = solve_milp(problem, near, slack,
                              start if start is not None and start.sum() == len(keys) else None)
        if x is None:                   # none among these pairs: widen, unless all are in
            if not complete or not np.isfinite(floor):
                return None
            floor = _wider(floor) if _wider(floor) < problem.big else np.inf
            continue
        gap = max(0.0, duals[0] - value)
        if gap <= floor or not complete:
            return near, x, value, (0.0 if complete else gap)
        if _price(problem, pool, duals, slack, -gap - TOLERANCE, COMPLETE_PAIRS) is None:
            complete = False
        priced = floor = gap
        wider = _edge_costs(problem, pool, duals, slack) >= -gap - TOLERANCE
        if complete and np.count_nonzero(wider) == len(near.keys):
            return near, x, value, 0.0  # no pair within the gap was left out: proved


def _wider(floor):
    return max(floor, TOLERANCE) * GROW


def solve_goals(scorer, goals, fixed, rows, seats, best, progress=None, scores=None):
    """Best assignment (most matched, then most score) meeting every binding
    goal: ``(mentor per mentee, optimality gap in points)``; ``fixed`` holds
    the required pairs (-1 elsewhere), ``rows`` the free mentees, ``seats``
    their free seats, ``best`` the unconstrained optimum (first candidates),
    ``scores`` the solver's score blocks of ``rows`` if it kept them.
    Raises :class:`Impossible` when no assignment meets them."""
    note = progress or (lambda stage: None)
    problem = Problem(scorer, [g for g in goals if g.binding], fixed, rows, seats, scores)
    edges = initial(problem, best)
    solved = _solve(problem, edges, False, note)
    if solved is None:
        slack_edges = edges.subset(np.ones(len(edges.keys), dtype=bool))
        near, x, _, _ = _solve(problem, slack_edges, True, note)
        raise Impossible(_assign(problem, fixed, near, x))
    near, x, _, gap = solved
    return _assign(problem, fixed, near, x), gap


def _assign(problem, fixed, edges, x):
    out = fixed.copy()
    out[problem.rows[edges.r[x]]] = edges.c[x]
    return out
