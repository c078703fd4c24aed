"""Compile a cohort's criteria into arrays and score blocks of pairs at once.

Each criterion becomes an encoder (``encoders.py``) holding arrays for both
sides; a block of mentees is scored against every mentor with matrix products
and broadcasting, never a Python loop over pairs:

* ``overlap``/``share`` -- multi-hot rows (sparse mentee side, dense mentor side);
  the product counts shared items.
* ``same``/``differ`` -- integer codes, ``-1`` for missing.
* ``gap``/``near`` -- floats, NaN for missing, broadcast differences.
* ``rank`` -- a sparse mentee x mentor matrix of (k - r) / k.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .encoders import ENCODERS, tabulated
from .schema import Cohort
from .topk import selection_values

# Scores are compared with min_score with this slack, so that a pair scoring
# exactly the minimum is not refused by a rounding error in the last bit.
SCORE_EPS = 1e-9
# Pairs scored per slice inside a block (see Scorer.block).
_SLICE_CELLS = 200_000


@dataclass
class Block:
    """Scores of a block of mentees (rows) against all mentors."""

    score: np.ndarray           # (B, m) float64
    allowed: np.ndarray         # (B, m) bool: forbid, required criteria, min_score
    forbidden: np.ndarray       # (B, m) bool
    required_ok: list           # per required criterion: (B, m) bool, s > 0
    select: np.ndarray | None = None    # (B, m) float32 selection values


class Scorer:
    """Criteria compiled once; scores any block of pairs.

    ``coef[i] = 100 * w_i / sum(w)``; a pair's score accumulates ``coef[i] * s_i``
    in criterion order, the same arithmetic for blocks and for single pairs, so
    the two agree to the last bit.
    """

    def __init__(self, cohort: Cohort):
        self.cohort = cohort
        self.n, self.m = len(cohort.mentees), len(cohort.mentors)
        self.criteria = cohort.criteria
        self.coef = np.array([100.0 * c.weight for c in cohort.criteria]) / cohort.total_weight
        self.encoders = [ENCODERS[c.type](c, cohort) for c in cohort.criteria]
        self.min_score = cohort.min_score
        order = np.argsort(cohort.forbid[:, 0], kind="stable")
        self.forbid = cohort.forbid[order]

    def prepare(self) -> None:
        """Build the encoders' look-up tables now, before blocks are scored on
        several threads (they are otherwise built on first use)."""
        for enc in self.encoders:
            if getattr(enc, "table", False) is None:
                tabulated(enc, np.zeros(0, dtype=np.int64))

    def _forbidden(self, rows: np.ndarray) -> np.ndarray:
        out = np.zeros((len(rows), self.m), dtype=bool)
        if len(self.forbid):
            pos = np.full(self.n, -1, dtype=np.int64)
            pos[rows] = np.arange(len(rows))
            hit = pos[self.forbid[:, 0]]
            keep = hit >= 0
            out[hit[keep], self.forbid[keep, 1]] = True
        return out

    def block(self, rows, *, active=None, select: bool = False, mask: bool = False) -> Block:
        """Score mentees ``rows`` (index array) against every mentor.

        ``active`` (bool per mentor) further limits the allowed pairs;
        ``select`` also fills ``Block.select`` with the float32 selection
        values of :func:`~functions.matching.topk.selection_values`; ``mask``
        sets the score of pairs that are not allowed to ``-inf``. Both are
        done slice by slice while the slice is in the CPU cache.
        """
        rows = np.asarray(rows, dtype=np.int64)
        shape = (len(rows), self.m)
        # Fresh arrays from np.empty, filled slice by slice below: a zeroed
        # (calloc'd) array of megabytes costs 2-3x more page faults on first
        # write than an uninitialised one.
        out = Block(np.empty(shape), np.empty(shape, dtype=bool), self._forbidden(rows),
                    [np.empty(shape, dtype=bool) for c in self.criteria if c.required],
                    np.empty(shape, dtype=np.float32) if select else None)
        # Work in cache-sized slices, with one buffer per slice reused by every
        # criterion: temporaries of 200k pairs stay in the CPU cache, where
        # whole-block temporaries would stream to memory (and fresh ones cost
        # page faults).
        step = max(1, _SLICE_CELLS // max(self.m, 1))
        sims = np.empty((min(step, len(rows)), self.m))
        flags = np.empty(sims.shape, dtype=bool)
        for start in range(0, len(rows), step):
            part = slice(start, start + step)
            size = len(rows[part])
            self._fill(rows[part], out, part, sims[:size], flags[:size])
            score, allowed = out.score[part], out.allowed[part]
            if active is not None:
                allowed &= active[None, :]
            if mask:
                np.logical_not(allowed, out=flags[:size])
                np.copyto(score, -np.inf, where=flags[:size])
            if select:
                selection_values(score, None if mask else allowed, out=out.select[part])
        return out

    def _fill(self, rows, out: Block, part: slice, sims, flags) -> None:
        score = out.score[part]
        score.fill(0.0)
        allowed = out.allowed[part]
        np.logical_not(out.forbidden[part], out=allowed)
        req = iter(out.required_ok)
        for crit, enc, coef in zip(self.criteria, self.encoders, self.coef):
            if coef == 0 and not crit.required:
                continue
            s = enc.block(rows, out=sims)
            if coef:
                np.multiply(s, coef, out=s)
                score += s
            if crit.required:
                ok = next(req)[part]
                np.greater(s, 0, out=ok)
                allowed &= ok
        np.greater_equal(score, self.min_score - SCORE_EPS, out=flags)
        allowed &= flags

    def pair_similarities(self, e, m) -> np.ndarray:
        """Similarities ``(P, n_criteria)`` of the pairs ``(e[k], m[k])``."""
        e = np.asarray(e, dtype=np.int64)
        m = np.asarray(m, dtype=np.int64)
        if len(e) == 0:
            return np.zeros((0, len(self.criteria)))
        return np.stack([enc.pairs(e, m) for enc in self.encoders], axis=1)

    def pair_scores(self, sims: np.ndarray) -> np.ndarray:
        score = np.zeros(len(sims))
        for i, coef in enumerate(self.coef):
            if coef:
                score += coef * sims[:, i]
        return score

    def chunks(self, rows: np.ndarray, cells: int = 1_000_000):
        """Split ``rows`` into blocks of about ``cells`` pairs each."""
        size = max(1, cells // max(self.m, 1))
        for start in range(0, len(rows), size):
            yield rows[start:start + size]
