"""Dual prices that prove a candidate solution optimal (LP duality).

Given the exact optimum on the candidate graph, these recover a seat price per
mentor and a utility per mentee that satisfy ``u_i + v_j >= M + s_ij`` on every
candidate pair with equality on held pairs; ``candidates.violations`` then
checks the same inequality on *all* allowed pairs, which is the certificate.
"""
from __future__ import annotations

import numpy as np

from .candidates import TOLERANCE, Candidates


def relax(v, src, dst, length, passes: int | None = None) -> bool:
    """Largest v with ``v[dst] <= v[src] + length``: Bellman-Ford, vectorised.

    Returns False if it does not settle (a negative cycle: not optimal), or
    not within ``passes`` passes when given.
    """
    if len(dst) == 0:
        return True
    order = np.argsort(dst, kind="stable")
    src, dst, length = src[order], dst[order], length[order]
    starts = np.flatnonzero(np.r_[True, dst[1:] != dst[:-1]])
    heads = dst[starts]
    # A shortest path has at most len(v) edges.
    for _ in range(len(v) + 2 if passes is None else min(passes, len(v) + 2)):
        best = np.minimum.reduceat(v[src] + length, starts)
        better = best < v[heads] - 1e-9
        if not better.any():
            return True
        v[heads[better]] = best[better]
    return False


def prices(cand: Candidates, assign: np.ndarray, capacity: np.ndarray, big: float,
           passes: int | None = None):
    """Dual solution proving the candidate optimum, as ``(u - M, v)``, or None.

    v is a seat price per mentor, u a utility per mentee, with
    ``u_i + v_j >= M + s_ij`` on candidate pairs, equality on held pairs, u = 0
    for unmatched mentees and v = 0 for mentors with a free seat. The highest
    such prices are shortest paths in the exchange graph: a full mentor a
    costs at most ``v_j + s_ia - s_ij`` when a mentee i it holds could move to
    candidate j, and at most ``M + s_ia``. Prices reachable from a free seat are
    small numbers; the others are M plus a small number. The two groups are
    computed apart so that no path sum carries M and float error stays far
    below the certificate's tolerance; u is returned as ``u - M`` for the
    same reason.

    None also says that ``assign`` is not optimal on ``cand`` (a negative
    cycle), or, with ``passes``, that the prices did not settle in that many
    Bellman-Ford passes (they usually settle in 20-35).
    """
    m, n = len(capacity), len(assign)
    matched = np.flatnonzero(assign >= 0)
    load = np.bincount(assign[matched], minlength=m)
    rows, cols = cand.rows, cand.cols
    held = assign[rows] == cols
    s_held = np.zeros(n)
    s_held[rows[held]] = cand.score[held]
    move = (assign[rows] >= 0) & ~held
    src, dst = cols[move], assign[rows[move]]
    length = s_held[rows[move]] - cand.score[move]
    near_free = np.full(m, np.inf)           # prices reachable from a free seat
    near_free[load < capacity] = 0.0
    held_bound = np.full(m, np.inf)          # the others, minus M
    np.minimum.at(held_bound, assign[matched], s_held[matched])
    held_bound[np.isfinite(near_free)] = np.inf
    if not (relax(near_free, src, dst, length, passes)
            and relax(held_bound, src, dst, length, passes)):
        return None
    cheap = np.isfinite(near_free)
    v = np.where(cheap, near_free, big + held_bound)
    a = assign[matched]
    u_minus_big = np.full(n, -big)
    u_minus_big[matched] = np.where(cheap[a], s_held[matched] - near_free[a],
                                    s_held[matched] - held_bound[a] - big)
    v[capacity <= 0] = np.inf
    if (u_minus_big.min(initial=0) < -big - TOLERANCE or v.min(initial=0) < -TOLERANCE
            or (~cheap[a] & (s_held[matched] - held_bound[a] < -TOLERANCE)).any()):
        return None
    return u_minus_big, v
