"""The matcher's exact solve against HiGHS on the same candidate graph.

Usage::

    .venv/bin/python benchmarks/solvers.py 20000x6000              # round 2's graph
    .venv/bin/python benchmarks/solvers.py 20000x6000 --round 1 --limit 120

Runs ``match_cohort`` on a ``scale_cohort`` cohort, keeps the candidate graph
one round of the fast solver hands to its exact solve (scipy's sparse LAPJV
on replicated seats, ``solver.solve_graph``), then solves that same graph
as the b-matching LP (each mentee at most once, each mentor up to her
seats; the LP is integral) with HiGHS through ``highspy``: interior point
with crossover, and dual simplex, each with a time limit; and with LAPJV
on a square form of the problem (see :func:`square`). Prints one JSON
line: seconds, matched count and total score of each, so the optima can be
compared. This is the measurement behind "a capacity-aware solve with HiGHS"
in docs/scaling.md.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]


def capture(size: str, round_no: int, seed: int):
    """The (rows, cols, score, n, capacity, big) of the fast solver's
    ``round_no``-th full solve on the cohort."""
    from functions.matching import match_cohort, solver
    from scale_cohort import make_scale_cohort
    n, m = (int(x) for x in size.lower().split("x"))
    cohort = make_scale_cohort(n, m, seed)
    graphs, real = [], solver.solve_graph

    def keep(*args):
        graphs.append(args)
        return real(*args)
    solver.solve_graph = keep
    try:
        match_cohort(cohort)
    finally:
        solver.solve_graph = real
    full = [g for g in graphs if g[3] == graphs[0][3]]     # not the local re-solves
    return full[min(round_no, len(full)) - 1]


def highs(graph, method: str, limit: float):
    import highspy
    from highspy._core import _Highs
    from scipy.sparse import coo_matrix
    rows, cols, score, n, capacity, big = graph
    m, e = len(capacity), len(rows)
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", method)
    h.setOptionValue("time_limit", float(limit))
    inf = highspy.kHighsInf
    upper = np.concatenate([np.ones(n), np.maximum(capacity, 0).astype(float)])
    h.addRows(n + m, np.full(n + m, -inf), upper, 0, np.zeros(n + m, dtype=np.int32),
              np.zeros(0, dtype=np.int32), np.zeros(0))
    a = coo_matrix((np.ones(2 * e), (np.concatenate([rows, n + cols]),
                                     np.tile(np.arange(e), 2))), shape=(n + m, e)).tocsc()
    h.addCols(e, -(big + score), np.zeros(e), np.ones(e), a.nnz,
              a.indptr[:-1].astype(np.int32), a.indices.astype(np.int32), a.data)
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    x = np.asarray(h.getSolution().col_value)
    return {"seconds": round(seconds, 2), "status": h.modelStatusToString(h.getModelStatus()),
            "matched": int((x > 0.5).sum()), "total": round(float(score[x > 0.5].sum()), 6),
            "fractional": int(((x > 1e-6) & (x < 1 - 1e-6)).sum())}


def square(graph):
    """LAPJV on a square (perfect) form of the same problem, so that scipy
    runs its initialisation (it skips it for rectangular graphs): rows are
    the mentees and one per seat (the seat left empty), columns the seats and
    one per mentee (the mentee left out); a seat row joins the "left out"
    column of every mentee its seat could take, at no cost. Twice the pairs."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    rows, cols, score, n, capacity, big = graph
    capacity = np.maximum(capacity, 0)
    seat_start = np.concatenate([[0], np.cumsum(capacity)])
    seats = int(seat_start[-1])
    rep = capacity[cols]
    offset = np.arange(int(rep.sum())) - np.repeat(np.cumsum(rep) - rep, rep)
    seat = np.repeat(seat_start[cols], rep) + offset
    owner = np.repeat(np.arange(len(capacity)), capacity)
    mentee, cost = np.repeat(rows, rep), np.repeat(101.0 - score, rep)
    tiny = 1e-9                                    # scipy drops explicit zeros
    g = csr_matrix((np.concatenate([cost, np.full(n, big + 101.0), np.full(seats, tiny),
                                    np.full(len(mentee), tiny)]),
                    (np.concatenate([mentee, np.arange(n), n + np.arange(seats), n + seat]),
                     np.concatenate([seat, seats + np.arange(n), np.arange(seats),
                                     seats + mentee]))), shape=(n + seats, seats + n))
    start = time.perf_counter()
    r, c = min_weight_full_bipartite_matching(g)
    seconds = time.perf_counter() - start
    assign = np.full(n, -1)
    real = (r < n) & (c < seats)
    assign[r[real]] = owner[c[real]]
    return {"seconds": round(seconds, 2), **_optimum(graph, assign)}


def _optimum(graph, assign) -> dict:
    rows, cols, score = graph[:3]
    held = assign[rows] == cols
    return {"matched": int((assign >= 0).sum()), "total": round(float(score[held].sum()), 6)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="e.g. 20000x6000")
    parser.add_argument("--round", type=int, default=2, help="which full solve's graph")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=float, default=90.0, help="seconds per HiGHS method")
    args = parser.parse_args(argv)
    from functions.matching import solver
    graph = capture(args.size, args.round, args.seed)
    n, capacity = graph[3], graph[4]
    start = time.perf_counter()
    assign = solver.solve_graph(*graph)
    lapjv = time.perf_counter() - start
    out = {"size": args.size, "round": args.round, "pairs": len(graph[0]), "mentees": n,
           "seats": int(np.maximum(capacity, 0).sum()), "load": os.getloadavg()[0],
           "lapjv": {"seconds": round(lapjv, 2), **_optimum(graph, assign)},
           "lapjv_square": square(graph)}
    for method in ("ipm", "simplex"):
        out[f"highs_{method}"] = highs(graph, method, args.limit)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
