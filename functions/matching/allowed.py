"""How many pairs a policy allows: the policy editor's live figure.

Counting needs no solve, only the engine's ``allowed`` mask
(:meth:`~functions.matching.criteria.Scorer.block`) over every pair, so an
admin can see at once whether a required toggle or a higher ``min_score``
leaves mentees without any possible mentor. The same pass can also say
whether each criterion tells the allowed pairs apart (``spread=True``): a
criterion that gives nearly every pair full points only adds a constant.
"""
from __future__ import annotations

import numpy as np

from .candidates import in_blocks
from .criteria import Scorer
from .schema import parse_cohort

#: Pairs scored per block: a few MB of scores at a time, whatever the cohort's size.
BLOCK_CELLS = 1_000_000
#: A similarity at or above this is full points, at or below ``ZERO`` none.
FULL, ZERO = 0.999, 0.001
#: Pairs per slice of a block when tallying the spread (stays in the CPU cache).
SLICE_CELLS = 200_000


def count_allowed(cohort: dict, *, cells: int = BLOCK_CELLS, spread: bool = False) -> dict:
    """Count the pairs the contract allows, block by block.

    A pair is allowed when it is not in ``forbid``, every required criterion
    gives it a similarity above 0, and its score is at least ``min_score``
    (the engine's mask, with the same rounding slack); a pair in ``require``
    is always allowed (``docs/matching.md`` section 3). Mentor capacity plays
    no part: a mentor with capacity 0 still has allowed pairs.

    Parameters
    ----------
    cohort : dict
        A cohort as in ``docs/matching.md``.
    cells : int
        Pairs scored at a time; memory stays bounded by this, not by n x m.
    spread : bool
        Also report how the allowed pairs spread: ``criteria``, per criterion
        of the policy in order, ``{"name", "full_share", "zero_share"}``: the
        share (0..1, 3 places; None when no pair is allowed) of allowed pairs
        whose similarity is full (>= 0.999) and zero (<= 0.001); and
        ``best_score``, ``{"min", "median", "max"}`` of each mentee's best
        allowed score over the mentees with an allowed pair (None when no
        mentee has one).

    Returns
    -------
    dict
        ``allowed_pairs``, ``pairs`` (n x m), ``mentees``, ``mentors``,
        ``mentees_with_none`` and ``mentors_with_none`` (people with no
        allowed pair at all); with ``spread``, ``criteria`` and ``best_score``.

    Raises
    ------
    CohortError
        When the cohort is malformed, as :func:`~functions.matching.match_cohort`.

    Examples
    --------
    >>> cohort = {
    ...     "criteria": [{"name": "lang", "type": "share", "field": "lang",
    ...                   "weight": 1, "required": True}],
    ...     "mentors": [{"id": "m1", "lang": ["en"]}, {"id": "m2", "lang": ["de"]}],
    ...     "mentees": [{"id": "e1", "lang": ["en", "de"]}, {"id": "e2", "lang": ["fr"]}]}
    >>> count_allowed(cohort)["allowed_pairs"], count_allowed(cohort)["mentees_with_none"]
    (2, 1)
    >>> count_allowed(cohort, spread=True)["criteria"]
    [{'name': 'lang', 'full_share': 1.0, 'zero_share': 0.0}]
    """
    parsed = parse_cohort(cohort)
    scorer = Scorer(parsed)
    scorer.prepare()  # encoders' tables built once, before the threads share them
    n, m = scorer.n, scorer.m
    require = parsed.require
    size = max(1, cells // max(m, 1))
    starts = range(0, n, size)

    def count(start: int) -> tuple:
        rows = np.arange(start, min(n, start + size))
        block = scorer.block(rows)
        allowed = block.allowed
        mine = require[(require[:, 0] >= start) & (require[:, 0] < start + len(rows))]
        allowed[mine[:, 0] - start, mine[:, 1]] = True
        tally = _tally(scorer, rows, block.score, allowed) if spread else None
        return allowed.sum(axis=1), allowed.sum(axis=0), tally

    per_mentee = np.zeros(n, dtype=np.int64)
    per_mentor = np.zeros(m, dtype=np.int64)
    best = np.full(n, -np.inf)
    ends = np.zeros((len(scorer.criteria), 2), dtype=np.int64)
    for start, (by_row, by_col, tally) in zip(starts, in_blocks(count, starts)):
        per_mentee[start:start + len(by_row)] = by_row
        per_mentor += by_col
        if tally is not None:
            ends += tally[0]
            best[start:start + len(by_row)] = tally[1]
    out = {"allowed_pairs": int(per_mentee.sum()), "pairs": n * m, "mentees": n,
           "mentors": m, "mentees_with_none": int((per_mentee == 0).sum()),
           "mentors_with_none": int((per_mentor == 0).sum())}
    if spread:
        out.update(_spread(scorer, ends, out["allowed_pairs"], best[per_mentee > 0]))
    return out


def _tally(scorer: Scorer, rows: np.ndarray, score: np.ndarray,
           allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per criterion, the allowed pairs of a block at full and at zero
    similarity; and each mentee's best allowed score (-inf for none).
    Cache-sized slices with buffers reused, as in ``Scorer.block``."""
    ends = np.zeros((len(scorer.criteria), 2), dtype=np.int64)
    best = np.empty(len(rows))
    step = max(1, SLICE_CELLS // max(scorer.m, 1))
    sims = np.empty((min(step, len(rows)), scorer.m))
    hit = np.empty(sims.shape, dtype=bool)
    for start in range(0, len(rows), step):
        part = slice(start, start + step)
        size = len(rows[part])
        ok, s, h = allowed[part], sims[:size], hit[:size]
        for i, enc in enumerate(scorer.encoders):
            enc.block(rows[part], out=s)
            for k, (compare, bound) in enumerate(((np.greater_equal, FULL),
                                                  (np.less_equal, ZERO))):
                compare(s, bound, out=h)
                h &= ok
                ends[i, k] += np.count_nonzero(h)
        np.copyto(s, score[part])
        np.logical_not(ok, out=h)
        np.copyto(s, -np.inf, where=h)
        s.max(axis=1, out=best[part], initial=-np.inf)
    return ends, best


def _spread(scorer: Scorer, ends: np.ndarray, allowed: int, best: np.ndarray) -> dict:
    def share(k: int) -> float | None:
        return round(k / allowed, 3) if allowed else None
    criteria = [{"name": c.name, "full_share": share(int(full)), "zero_share": share(int(zero))}
                for c, (full, zero) in zip(scorer.criteria, ends)]
    spread = None
    if len(best):
        spread = {"min": round(float(best.min()), 2),
                  "median": round(float(np.median(best)), 2),
                  "max": round(float(best.max()), 2)}
    return {"criteria": criteria, "best_score": spread}
