"""Exact solvers for the contract's objective: most mentees, then most score.

Both solvers take a :class:`~functions.matching.criteria.Scorer`, the mentees
still to place (``rows``: required pairs are fixed beforehand) and each mentor's
free seats, and return the chosen mentor per row (``-1``: unmatched).

The objective is a maximum-weight b-matching with weight ``M + score`` per
allowed pair, ``M = 100 (n + 1)``: one more matched mentee (at least M) always
outweighs any change in total score (at most 100 n).

* :func:`solve_baseline` -- scipy's ``linear_sum_assignment`` on mentees x
  replicated seats; pairs that are not allowed get a finite penalty.
* :func:`solve_sparse` -- the fast path. Each mentee's best mentors plus each
  mentor's relatively best mentees form a candidate graph, solved exactly with
  scipy's sparse LAPJV (``min_weight_full_bipartite_matching``) on replicated
  seats (see ``lapjv.solve_graph`` for how "unmatched" is handled). The first
  round is a sketch on scores rounded to half points (faster, never a proof):
  its prices only show which candidates are missing or nearly so. Seat
  prices ``v`` and mentee utilities ``u`` are recovered from a solution
  (shortest paths in the exchange graph between mentors) and checked against
  *every* allowed pair, in chunks (above the score cache, through one-byte
  score bounds: see ``bounds.py``): if ``u_i + v_j >= M + s_ij`` everywhere,
  LP duality proves the solution optimal for the whole cohort. Otherwise the
  violating pairs join the candidates and the next round solves only the
  candidate pairs that are nearly tight under the last prices (slack below
  ``slack`` points) -- a much smaller graph around where the optimum can
  still move. When the last certificate failed on only a few pairs, the next
  round first re-solves just the mentees around them (everyone else keeps
  their mentor and seat, see ``regions.py``): a small LAPJV instead of a full
  one; if that does not pass, the full graph is solved as before. Late
  rounds often add pairs that move only the prices: before solving, a round
  checks (Bellman-Ford and the inequality on every candidate pair) whether
  the last assignment is still optimal on the grown graph, and if so only
  re-prices it. Nothing is returned without a passing certificate; if the
  rounds run out, the baseline takes over (only for cohorts whose dense
  matrix fits in memory).
"""
from __future__ import annotations

import numpy as np

from .baseline import _unmatched_rows, solve_baseline, solve_dense
from .bounds import Bounds
from .candidates import TOLERANCE, Candidates, initial_candidates, violations
from .lapjv import solve_graph
from .prices import prices as _prices
from .regions import region, solve_region

__all__ = ["solve_sparse", "solve_baseline", "solve_dense"]

# Keep the score matrix in memory between rounds below this many pairs.
CACHE_CELLS = 60_000_000
# When a certificate fails on at most this many pairs, the next round first
# re-solves only the mentees around them (at most LOCAL_ROUNDS times in all).
LOCAL_PAIRS = 20
LOCAL_ROUNDS = 3
# Bellman-Ford passes allowed when checking whether the last assignment is
# still optimal on a grown candidate graph (prices settled in 20-35 passes at
# 20,000-50,000 mentees; a check that fails costs these passes).
REPRICE_PASSES = 60
# Keep one-byte score bounds (bounds.py) up to this many pairs (4 GB).
BOUND_CELLS = 4_000_000_000
# Largest mentees x seats matrix the baseline fallback may build (~2.4 GB).
BASELINE_CELLS = 300_000_000


def _weight_scale(n: int) -> float:
    return 100.0 * (n + 1)


def _still_optimal(work: Candidates, assign, capacity, big):
    """Prices proving ``assign`` optimal on ``work``, or None (then solve).

    prices() makes the held pairs tight and finds no improving exchange among
    matched mentees; the pairs of unmatched mentees, and any pair that joined
    since ``assign`` was solved, must also satisfy the inequality: then LP
    duality proves ``assign`` optimal on ``work``, as a solve would have.
    """
    duals = _prices(work, assign, capacity, big, passes=REPRICE_PASSES)
    if duals is None:
        return None
    u_minus_big, v = duals
    with np.errstate(invalid="ignore"):
        excess = work.score - v[work.cols] - u_minus_big[work.rows]
    return duals if not (excess > TOLERANCE).any() else None


def _near(cand: Candidates, duals, slack: float, pinned: np.ndarray) -> Candidates:
    """Candidate pairs within ``slack`` points of tight at prices ``duals``
    (``u_i + v_j - M - s_ij < slack``), and the pairs keyed in ``pinned``."""
    u_minus_big, v = duals
    near = u_minus_big[cand.rows] + v[cand.cols] - cand.score < slack
    return cand.subset(near | np.isin(cand.keys, pinned))


def solve_sparse(scorer, rows: np.ndarray, capacity: np.ndarray, *, k: int = 8,
                 per_seat: float = 3.0, priced: int = 6, add: int = 15, slack: float = 2.0,
                 coarse: float = 0.5, sketch_slack: float = 12.0, sketch_margin: float = 6.0,
                 margin: float = 2.0, pruned_rounds: int = 10,
                 rounds: int = 40, progress=None, scores=None) -> np.ndarray:
    """Exact optimum via a certified sparse candidate graph (see module doc).

    Parameters
    ----------
    scorer : Scorer
    rows : ndarray of int
        Mentees to place.
    capacity : ndarray of int
        Free seats per mentor.
    k : int
        Candidate mentors per mentee in the first round.
    per_seat : float
        Candidate mentees per mentor seat in the first round.
    priced : int
        Candidate mentors per mentee at estimated seat prices (with cached
        scores only), see ``candidates._estimated_prices``.
    add : int
        Violating pairs added per mentee when the certificate fails.
    slack : float
        Later rounds solve only candidate pairs whose slack under the last
        prices is below this many points (plus the violations): a smaller,
        faster graph around where the optimum can still move. Not much
        smaller: with fewer pairs LAPJV's augmenting searches can grow far
        longer: one point saved a fifth of the pairs up to 50,000 x 15,000,
        but took a round more, with a far slower solve, at 100,000 x 30,000
        (docs/scaling.md, "What would not help").
    coarse : float
        The first round solves the candidates on scores rounded to this many
        points (0: exactly). Its prices are only used to find the missing
        candidates, never as a proof; scipy's LAPJV is about a third faster on
        the fewer distinct costs, and the rounds after it are as few.
    sketch_slack : float
        The round after the sketch solves only candidate pairs within this
        many points of tight at the sketch's prices (plus the pairs it
        missed): a third fewer pairs, and as few rounds after it.
    sketch_margin : float
        The sketch's prices are rough, so its certificate pass also collects
        the pairs within this many points of breaking the certificate, not
        only those that break it: the exact round after it then usually
        leaves nothing or a handful of pairs for a local re-solve (2 full
        solves instead of 3-4).
    margin : float
        The exact rounds' certificate passes also collect the pairs within
        this many points of breaking the certificate (the proof still asks
        only that none breaks it): they join the candidates before the prices
        move onto them, which saves rounds (4 instead of 6 at 50,000 x
        15,000, with 1 or 2).
    pruned_rounds : int
        After this many rounds, solve on all candidates again: the candidate
        set only grows, so this converges (the pruned rounds may circle).
    rounds : int
        Rounds before falling back to :func:`solve_baseline`.
    progress : callable, optional
        Called with a stage name as the solver advances.
    scores : list, optional
        Gets the score blocks of ``rows`` it kept (``CACHE_CELLS``), for goals.

    Returns
    -------
    ndarray of int
        Mentor index per row, ``-1`` when unmatched; a true optimum.
    """
    rows = np.asarray(rows, dtype=np.int64)
    capacity = np.asarray(capacity, dtype=np.int64)
    n = len(rows)
    if n == 0 or capacity.sum() == 0:
        return _unmatched_rows(n)
    note = progress or (lambda stage: None)
    big = _weight_scale(n)
    cache = [] if n * scorer.m <= CACHE_CELLS else None
    # Above the cache, one byte per pair bounds its score: certificate passes
    # then score only the pairs whose bound comes close to the prices.
    bounds = Bounds() if cache is None and n * scorer.m <= BOUND_CELLS else None
    note("scoring")
    cand = initial_candidates(scorer, rows, capacity, k, per_seat, cache, priced, bounds)
    if scores is not None and cache is not None:
        scores.extend(cache)
    work = cand
    hot = np.zeros(0, dtype=np.int64)
    if n * int(capacity.sum()) > BASELINE_CELLS:
        rounds = 10_000    # no affordable fallback: keep growing the candidates
    local, local_left = None, LOCAL_ROUNDS     # mentees to re-solve around violations
    assign = None
    rough = coarse > 0             # the first round solves scores rounded to `coarse`
    exact = False                  # whether `assign` is an exact optimum of a candidate graph
    for round_no in range(1, rounds + 1):
        was_local = local is not None
        # Late rounds mostly add pairs that only move the prices: the last
        # assignment is often still optimal on the grown graph. Bellman-Ford
        # says so in well under a second; a solve costs seconds to minutes.
        # (Not the sketch's assignment: made on rounded scores, it never is.)
        kept = _still_optimal(work, assign, capacity, big) if exact else None
        if kept is not None:
            note(f"re-pricing round {round_no} (the last assignment on {len(work.keys)} pairs)")
        elif local is not None:
            note(f"solving round {round_no} ({len(local)} mentees around the violations)")
            assign = solve_region(work, assign, local, capacity, big, solve_graph)
        else:
            note(f"solving round {round_no} ({len(work.keys)} pairs)")
            graph = work.rounded(coarse) if rough else work
            assign = solve_graph(graph.rows, graph.cols, graph.score, n, capacity, big)
        if kept is not None:
            duals = kept
        elif was_local:      # a region that failed: a negative cycle, found in a few passes
            duals = _prices(work, assign, capacity, big, passes=REPRICE_PASSES)
        else:
            duals = _prices(graph if rough else work, assign, capacity, big)
        exact = duals is not None and not rough
        if rough:
            # A sketch: its prices point at missing (or nearly missing) pairs
            # and prove nothing. The next round solves exactly the candidates
            # within `sketch_slack` of tight at those prices and the pairs
            # found (all candidates if the sketch gave no prices).
            rough = False
            work = cand
            if duals is not None:
                note(f"certifying round {round_no}")
                found = violations(scorer, rows, capacity, *duals, cache, add, sketch_margin,
                                   bounds)
                if found is not None:
                    cand.add(*found[:3])
                    work = _near(cand, duals, sketch_slack, cand.key(*found[:2]))
            continue
        if duals is None and local is not None:    # solve the whole graph instead
            local = None
            continue
        local = None
        if duals is None:          # no proof on the pruned graph: use all candidates
            if work is cand:
                break
            work = cand
            continue
        note(f"certifying round {round_no}")
        found = violations(scorer, rows, capacity, *duals, cache, add, margin, bounds)
        if found is None or found[3].max() <= TOLERANCE:
            return assign            # no pair breaks it: the near ones only join
        if cand.add(*found[:3]) == 0 and work is cand:
            break
        found = tuple(x[found[3] > TOLERANCE] for x in found)    # the violations
        # Pairs once found violating stay in the pruned graph: without them
        # the last rounds can circle around the same few exchanges. (Not the
        # first, large batch: most of those are settled by the next solve.)
        # After a large batch the prices still move a lot: the next round
        # solves all candidates, which takes fewer rounds in all than pruning.
        few = len(found[0]) < n // 10
        if few:
            hot = np.union1d(hot, cand.key(*found[:2]))
        if round_no < pruned_rounds and few:
            work = _near(cand, duals, slack, hot)
            # Only with cached scores or bounds: without them a failed local
            # round costs a full re-scoring pass, more than the solve it saves.
            if ((cache is not None or bounds is not None) and len(found[0]) <= LOCAL_PAIRS and local_left > 0
                    and not was_local):
                local = region(work, assign, found[0], scorer.m, n // 2)
                local_left -= local is not None
        else:
            work = cand
    if n * int(capacity.sum()) > BASELINE_CELLS:
        # Only float trouble stalls the loop; refuse loudly rather than build
        # a matrix of many gigabytes.
        raise RuntimeError(f"could not prove the matching optimal ({n} mentees, "
                           f"{int(capacity.sum())} seats); please report this cohort")
    note("falling back to the full assignment")
    return solve_baseline(scorer, rows, capacity)
