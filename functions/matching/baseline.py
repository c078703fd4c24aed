"""The plain exact method: scipy's linear_sum_assignment on replicated seats.

Used as the reference in tests and benchmarks, and as the fast solver's last
resort. Pairs that are not allowed get a finite penalty (an all-infinite row
would be refused by scipy); a mentee on a penalised pair is unmatched.
"""
from __future__ import annotations

import numpy as np


def _unmatched_rows(n: int) -> np.ndarray:
    return np.full(n, -1, dtype=np.int64)


def solve_dense(score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Replicated-seat ``linear_sum_assignment`` on full matrices.

    Parameters
    ----------
    score, allowed : ndarray, shape (n, m)
        Pair scores in [0, 100] and the allowed mask.
    capacity : ndarray of int, shape (m,)
        Free seats per mentor.

    Returns
    -------
    ndarray of int, shape (n,)
        Mentor index per mentee, ``-1`` when unmatched.

    Examples
    --------
    >>> import numpy as np
    >>> solve_dense(np.array([[90., 80.], [85., 10.]]), np.ones((2, 2), bool),
    ...             np.array([1, 1])).tolist()
    [1, 0]
    """
    n = score.shape[0]
    out = _unmatched_rows(n)
    seat_owner = np.repeat(np.arange(len(capacity)), capacity)
    if n == 0 or len(seat_owner) == 0:
        return out
    from scipy.optimize import linear_sum_assignment   # heavy import: only when used
    penalty = 101.0 * (min(n, len(seat_owner)) + 1)
    cost = np.where(allowed, 101.0 - score, penalty)[:, seat_owner]
    r, c = linear_sum_assignment(cost)
    ok = cost[r, c] < penalty
    out[r[ok]] = seat_owner[c[ok]]
    return out


def solve_baseline(scorer, rows: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """The plain method: build the full score matrix, then :func:`solve_dense`."""
    block = scorer.block(rows)
    return solve_dense(block.score, block.allowed, capacity)
