"""The model behind binding goals (``constrained.py``): the free mentees,
their seats and the goals' rows, the candidate pairs, and the first
candidates."""
from __future__ import annotations

import numpy as np

from .goals import FULL, Goal

# Candidate mentors per mentee to start with, besides her mentor in the
# unconstrained optimum: a small first LP (interior point on ~n columns);
# pricing brings in the pairs the goals need.
FIRST = 1
# Keep scored blocks between rounds below this many pairs (as the solver does).
CACHE_CELLS = 60_000_000


class Problem:
    """The free mentees, their seats, the goals' rows, and scored blocks.

    Columns: one per candidate pair, then the aggregates -- ``K`` (pairs
    made), ``y_g`` (pairs of group g's mentees, per parity goal) and ``z``
    (pairs satisfying a mix goal), tied to the pairs by equality rows -- and
    the goals as rows on the aggregates only. With one parity goal and no
    mix goal, the pairs' own rows (a mentee at most once, a mentor up to her
    seats, the sums: all pairs, a group's pairs) form two laminar families, a
    network matrix: with the aggregates fixed to whole numbers every vertex
    is whole, so the MILP keeps the pairs continuous and branches on a
    handful of aggregates, not on thousands of pairs. (Two groupings, or a
    mix goal's pairs, cross the mentees' family: vertices are then usually,
    not always, whole.)
    """

    def __init__(self, scorer, goals: list[Goal], fixed: np.ndarray, rows, seats, scores=None):
        self.scorer, self.goals, self.rows = scorer, goals, rows
        self.seats = np.asarray(seats, dtype=np.int64)
        self.n, self.m, self.f = len(fixed), scorer.m, len(rows)
        self.big = 100.0 * (self.f + 1)
        matched = fixed >= 0
        r_all = int(matched.sum())
        fixed_e = np.flatnonzero(matched)
        self.cache = [] if self.f * self.m <= CACHE_CELLS else None
        if scores and sum(len(x) for x in scores) == self.f:
            self.cache = list(self._blocks(scores))     # the solver's: not scored again
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

    def _blocks(self, scores):
        start = 0
        for score in scores:
            pos = np.arange(start, start + len(score))
            start += len(score)
            yield pos, score, {id(g): g.encoder.block(self.rows[pos]) >= FULL
                               for g in self.goals if g.kind == "mix"}

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


class Edges:
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

    def subset(self, keep) -> "Edges":
        out = Edges(self.m)
        out.keys, out.score = self.keys[keep], self.score[keep]
        return out

    @property
    def r(self):
        return self.keys // self.m

    @property
    def c(self):
        return self.keys % self.m


def top(values, k, above=-np.inf):
    """Row and column of each row's ``k`` largest finite values above ``above``.

    Pricing passes (``above`` finite) find few such values in a block: those
    are picked by one comparison and a sort of the few, instead of a partial
    sort of every row."""
    k = min(k, values.shape[1])
    if k == 0 or values.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if k == 1:
        rows, cols = np.arange(values.shape[0]), np.argmax(values, axis=1)
    elif np.isfinite(above):
        rows, cols = np.nonzero(values > above)
        order = np.lexsort((-values[rows, cols], rows))       # by row, best first
        rows, cols = rows[order], cols[order]
        first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
        return rows[rank < k], cols[rank < k]
    else:
        cols = np.argpartition(-values, k - 1, axis=1)[:, :k].ravel()
        rows = np.repeat(np.arange(values.shape[0]), k)
    v = values[rows, cols]
    ok = np.isfinite(v) & (v > above)
    return rows[ok], cols[ok]


def initial(problem: Problem, best: np.ndarray) -> Edges:
    edges = Edges(problem.m)
    for pos, score, sat in problem.blocks():
        r, c = top(score, FIRST)
        edges.add(pos[r], c, score[r, c])
        for g in problem.goals:
            if g.kind == "mix":
                r, c = top(np.where(sat[id(g)], score, -np.inf), FIRST)
                edges.add(pos[r], c, score[r, c])
        mine = best[problem.rows[pos]]
        hit = np.flatnonzero(mine >= 0)
        if len(hit):
            edges.add(pos[hit], mine[hit], score[hit, mine[hit]])
    return edges
