"""One exact solve of a sparse candidate graph: scipy's LAPJV on replicated
seats, the step every round of ``solver.solve_sparse`` (and of ``regions``)
repeats."""
from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .baseline import _unmatched_rows


def solve_graph(rows, cols, score, n: int, capacity: np.ndarray, big: float) -> np.ndarray:
    """Exact optimum on a sparse graph: LAPJV on replicated seats.

    Costs are ``101 - score`` (never 0: scipy would drop the edge). When a
    matching covers the smaller side (all mentees, or all seats), the
    minimum-cost such matching *is* the contract's optimum and is solved with
    the smaller side as rows and no extra columns: scipy's sparse LAPJV costs
    grow with rows x columns, so this is 2-3x faster. Otherwise one extra
    column per mentee stands for "unmatched" at cost ``big + 101``, above any
    real pair, so that leaving a mentee out costs more than any loss in score.
    """
    capacity = np.maximum(capacity, 0)
    seat_start = np.concatenate([[0], np.cumsum(capacity)])
    seats = int(seat_start[-1])
    out = _unmatched_rows(n)
    if n == 0 or seats == 0 or len(rows) == 0:
        return out
    rep = capacity[cols]
    offset = np.arange(int(rep.sum())) - np.repeat(np.cumsum(rep) - rep, rep)
    seat_col = np.repeat(seat_start[cols], rep) + offset
    seat_owner = np.repeat(np.arange(len(capacity)), capacity)
    edge_rows, cost = np.repeat(rows, rep), np.repeat(101.0 - score, rep)
    graph = csr_matrix((cost, (edge_rows, seat_col)), shape=(n, seats))
    try:    # scipy first checks that the smaller side can be covered
        if seats < n:
            seat, mentee = min_weight_full_bipartite_matching(graph.T.tocsr())
        else:
            mentee, seat = min_weight_full_bipartite_matching(graph)
        out[mentee] = seat_owner[seat]
        return out
    except ValueError:      # it cannot: some mentees (or seats) stay unmatched
        pass
    graph = csr_matrix(
        (np.concatenate([cost, np.full(n, big + 101.0)]),
         (np.concatenate([edge_rows, np.arange(n)]),
          np.concatenate([seat_col, seats + np.arange(n)]))),
        shape=(n, seats + n))
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < seats
    out[r[real]] = seat_owner[c[real]]
    return out
