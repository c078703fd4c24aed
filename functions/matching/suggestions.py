"""Suggestions for every mentee at once: what :func:`~.engine.suggest` gives
one mentee, for a whole cohort (choice-mode programs store these with a run).
"""
from __future__ import annotations

import numpy as np

from . import explain
from .criteria import Scorer
from .engine import _fixed_and_free
from .schema import CohortError, parse_cohort

#: Pairs scored per block: a block's score and mask arrays stay near 10 MB.
_BLOCK_CELLS = 1_000_000


def _top(score: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each row's ``n`` best finite scores, ordered by row,
    then score (best first), then column: the order of ``suggest``.

    ``argpartition`` finds each row's n-th best value; every entry at least
    that good is kept, so a tie at the threshold cannot drop the lower column
    that ``suggest``'s ordering would choose. Those few entries are then
    sorted, and each row keeps its first ``n``.
    """
    rows, width = score.shape
    k = min(n, width)
    if k == 0 or rows == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    part = np.argpartition(-score, k - 1, axis=1)[:, k - 1]
    kth = score[np.arange(rows), part]
    r, c = np.nonzero((score >= kth[:, None]) & np.isfinite(score))
    val = score[r, c]
    order = np.lexsort((c, -val, r))
    r, c = r[order], c[order]
    starts = np.searchsorted(r, np.arange(rows))
    rank = np.arange(len(r)) - starts[r]
    keep = rank < k
    return r[keep], c[keep]


def suggest_all(cohort: dict, n: int = 5) -> dict[str, list[dict]]:
    """Top ``n`` allowed mentors with a free seat for every mentee, best first.

    The same as calling :func:`~functions.matching.suggest` for each mentee,
    but each block of mentees is scored against all mentors once and each
    row's best ``n`` are found without sorting whole rows.

    Parameters
    ----------
    cohort : dict
        A cohort as in ``docs/matching.md``.
    n : int
        How many suggestions per mentee at most.

    Returns
    -------
    dict
        mentee id -> list of ``{"mentor", "score", "reasons"}``, best score
        first (ties by the mentors' order in the cohort); every mentee has a
        list, empty when no mentor is allowed or free.

    Raises
    ------
    CohortError
        For a malformed cohort or a negative ``n``.

    Examples
    --------
    >>> cohort = {
    ...     "criteria": [{"name": "site", "type": "same", "field": "office", "weight": 1}],
    ...     "mentors": [{"id": "m1", "office": "Oslo"}, {"id": "m2", "office": "Rome"}],
    ...     "mentees": [{"id": "e1", "office": "Rome"}, {"id": "e2", "office": "Oslo"}]}
    >>> {e: [x["mentor"] for x in s] for e, s in suggest_all(cohort, 1).items()}
    {'e1': ['m2'], 'e2': ['m1']}
    """
    parsed = parse_cohort(cohort)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise CohortError(f"n must be a whole number >= 0, got {n!r}", "n")
    scorer = Scorer(parsed)
    _, _, seats = _fixed_and_free(parsed)
    free = seats > 0
    out: dict[str, list[dict]] = {}
    for rows in scorer.chunks(np.arange(scorer.n, dtype=np.int64), _BLOCK_CELLS):
        block = scorer.block(rows, active=free, mask=True)
        r, c = _top(block.score, n)
        e = rows[r]
        sims = scorer.pair_similarities(e, c)
        scores = scorer.pair_scores(sims)
        why = explain.reasons(scorer, e, c, sims)
        lists: list[list[dict]] = [[] for _ in range(len(rows))]
        for i, j, s, w in zip(r.tolist(), c.tolist(), scores.tolist(), why):
            lists[i].append({"mentor": parsed.mentor_ids[j], "score": round(float(s), 2),
                             "reasons": w})
        for i, found in zip(rows.tolist(), lists):
            out[parsed.mentee_ids[i]] = found
    return out
