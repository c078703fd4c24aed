"""Local re-solves: the mentees around a few violations, everyone else fixed.

When a certificate fails on only a handful of pairs, re-solving the whole
candidate graph is wasteful: usually only the mentees near those pairs in the
exchange graph need to move. :func:`region` finds them; :func:`solve_region`
solves just them exactly while everyone else keeps their mentor and seat. The
certificate judges the result like any other.
"""
from __future__ import annotations

import numpy as np

from .candidates import Candidates


def region(work: Candidates, assign: np.ndarray, seeds: np.ndarray, m: int,
            limit: int, depth: int = 5):
    """Mentees around ``seeds`` in the exchange graph, or None if too many.

    Grows from the seeds: the mentors they have candidate pairs with, those
    mentors' mentees, and the unmatched mentees who could take a freed seat,
    up to ``depth`` times while the region stays within ``limit`` mentees.
    A cheap, local re-solve of this region often settles the last few
    violations; the certificate judges the result either way.
    """
    n = len(assign)
    rows, cols = work.rows, work.cols
    inside = np.zeros(n, dtype=bool)
    inside[seeds] = True
    unmatched_edge = assign[rows] < 0
    held = np.maximum(assign, 0)
    for _ in range(depth):
        mentors = np.zeros(m, dtype=bool)
        mentors[cols[inside[rows]]] = True
        grown = inside | ((assign >= 0) & mentors[held])
        grown[rows[unmatched_edge & mentors[cols]]] = True
        if grown.sum() > limit:     # the last region within the limit, if any
            break
        if (grown == inside).all():
            break
        inside = grown
    if inside.sum() > limit:
        return None
    return np.flatnonzero(inside)


def solve_region(work: Candidates, assign: np.ndarray, region: np.ndarray,
                 capacity: np.ndarray, big: float, solve_graph) -> np.ndarray:
    """Re-solve the mentees of ``region`` exactly with ``solve_graph`` (the
    solver's sparse LAPJV), everyone else staying put."""
    n, m = len(assign), len(capacity)
    inside = np.zeros(n, dtype=bool)
    inside[region] = True
    rows, cols = work.rows, work.cols
    sel = inside[rows]
    r_e, c_e, s_e = rows[sel], cols[sel], work.score[sel]
    mentors = np.unique(c_e)
    fixed = (assign >= 0) & ~inside
    load = np.bincount(assign[fixed], minlength=m)
    free = np.maximum(capacity[mentors] - load[mentors], 0)
    row_pos = np.full(n, -1, dtype=np.int64)
    row_pos[region] = np.arange(len(region))
    col_pos = np.full(m, -1, dtype=np.int64)
    col_pos[mentors] = np.arange(len(mentors))
    sub = solve_graph(row_pos[r_e], col_pos[c_e], s_e, len(region), free, big)
    out = assign.copy()
    out[region] = np.where(sub >= 0, mentors[np.maximum(sub, 0)], -1)
    return out
