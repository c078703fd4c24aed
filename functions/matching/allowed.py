"""How many pairs a policy allows: the policy editor's live figure.

Counting needs no solve, only the engine's ``allowed`` mask
(:meth:`~functions.matching.criteria.Scorer.block`) over every pair, so an
admin can see at once whether a required toggle or a higher ``min_score``
leaves mentees without any possible mentor.
"""
from __future__ import annotations

import numpy as np

from .candidates import in_blocks
from .criteria import Scorer
from .schema import parse_cohort

#: Pairs scored per block: a few MB of scores at a time, whatever the cohort's size.
BLOCK_CELLS = 1_000_000


def count_allowed(cohort: dict, *, cells: int = BLOCK_CELLS) -> dict:
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

    Returns
    -------
    dict
        ``allowed_pairs``, ``pairs`` (n x m), ``mentees``, ``mentors``,
        ``mentees_with_none`` and ``mentors_with_none`` (people with no
        allowed pair at all).

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
    """
    parsed = parse_cohort(cohort)
    scorer = Scorer(parsed)
    scorer.prepare()  # encoders' tables built once, before the threads share them
    n, m = scorer.n, scorer.m
    require = parsed.require
    size = max(1, cells // max(m, 1))
    starts = range(0, n, size)

    def count(start: int) -> tuple[np.ndarray, np.ndarray]:
        rows = np.arange(start, min(n, start + size))
        allowed = scorer.block(rows).allowed
        mine = require[(require[:, 0] >= start) & (require[:, 0] < start + len(rows))]
        allowed[mine[:, 0] - start, mine[:, 1]] = True
        return allowed.sum(axis=1), allowed.sum(axis=0)

    per_mentee = np.zeros(n, dtype=np.int64)
    per_mentor = np.zeros(m, dtype=np.int64)
    for start, (by_row, by_col) in zip(starts, in_blocks(count, starts)):
        per_mentee[start:start + len(by_row)] = by_row
        per_mentor += by_col
    return {"allowed_pairs": int(per_mentee.sum()), "pairs": n * m, "mentees": n,
            "mentors": m, "mentees_with_none": int((per_mentee == 0).sum()),
            "mentors_with_none": int((per_mentor == 0).sum())}
