"""Score bounds in one byte per pair: certificate passes without re-scoring.

Above ``solver.CACHE_CELLS`` pairs the float64 scores are not kept between
rounds, and every certificate pass used to score every pair again. Instead,
the candidate pass stores for each pair a byte ``q``: 0 when the pair is not
allowed, else ``q = ceil(s / STEP) + 1``, so that ``(q - 1) * STEP`` is an
upper bound of the score ``s`` (exact in binary arithmetic: STEP is 0.5).

A certificate pass then reads the bytes: a pair whose *bound* cannot break
``u_i + v_j >= M + s_ij`` cannot break it either. Only the pairs whose bound
comes within ``STEP`` of the prices are scored, exactly, one pair at a time
(``Scorer.pair_scores``, which agrees with block scoring to the last bit) and
judged like every other certificate. The shortcut only ever skips pairs that
provably satisfy the inequality, so the proof stays a proof.

One byte per pair: 0.75 GB at 50,000 x 15,000, 3 GB at 100,000 x 30,000.
"""
from __future__ import annotations

import numpy as np

from .topk import order_by_line, selection_values, top_pairs

STEP = 0.5
# Upper bound of the score for each byte value; byte 0 is "not allowed".
LEVELS = np.r_[-np.inf, np.arange(255) * STEP]
LEVELS.flags.writeable = False
# Pairs a bound flags are scored exactly when the bound's excess is above
# this: below the certificate's own tolerance, so that rounding in the
# bound's arithmetic (prices carry M ~ 100 n) never hides a violation.
_FLAG_SLACK = 1e-3
# Pairs per slice when reading the bounds (a few MB of float64 temporaries).
_SLICE_CELLS = 65_536
# Flagged pairs scored at once (a few MB of similarities).
_PAIRS = 200_000


def quantize(score: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Bytes for a block of scores: 0 where not allowed, else ``q`` with
    ``(q - 1) * STEP >= score`` (see the module docstring).

    Scores are weighted means of similarities in [0, 1], so 0-100 and ``q``
    at most 201. Slice by slice through one small buffer, in the CPU cache.
    """
    q = np.empty(score.shape, dtype=np.uint8)
    step = max(1, _SLICE_CELLS // max(score.shape[1], 1))
    buf = np.empty((min(step, len(score)), score.shape[1]))
    for a in range(0, len(score), step):
        t = buf[:len(score[a:a + step])]
        np.multiply(score[a:a + step], 1.0 / STEP, out=t)
        np.ceil(t, out=t)
        t += 1.0
        np.copyto(q[a:a + step], t, casting="unsafe")
    np.multiply(q, allowed, out=q)
    return q


class Bounds:
    """Per-pair score bounds, block by block in row order (see module doc).

    Attributes
    ----------
    blocks : list of ndarray of uint8
        Bytes of consecutive row blocks, as the candidate pass scored them.
    """

    def __init__(self):
        self.blocks: list = []

    def nbytes(self) -> int:
        return sum(b.nbytes for b in self.blocks)

    def flagged(self, start: int, q: np.ndarray, u_minus_big, v, floor: float):
        """Pairs (row position, mentor) of one block whose bound's excess
        ``bound_ij - v_j - (u_i - M)`` is above ``floor``."""
        m = q.shape[1]
        step = max(1, _SLICE_CELLS // max(m, 1))
        buf = np.empty((min(step, len(q)), m))
        out_r, out_c = [], []
        for a in range(0, len(q), step):
            t = buf[:len(q[a:a + step])]
            np.take(LEVELS, q[a:a + step], out=t)
            with np.errstate(invalid="ignore"):
                t -= v[None, :]            # -inf (not allowed, or no seats) stays -inf
            u = u_minus_big[start + a:start + a + len(t)]
            bad = np.flatnonzero(t.max(axis=1) - u > floor)
            if len(bad) == 0:
                continue
            sub = t[bad]
            sub -= u[bad, None]
            r, c = np.nonzero(sub > floor)
            out_r.append(start + a + bad[r])
            out_c.append(c)
        if not out_r:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(out_r), np.concatenate(out_c)

    def best_at_prices(self, scorer, rows, price, k: int, in_blocks):
        """Each row's k best mentors by bound minus ``price`` (a rough ranking:
        bounds are half points apart), as (row position, mentor, exact score)
        of allowed pairs; see ``candidates._estimated_prices``."""
        starts = np.cumsum([0] + [len(b) for b in self.blocks[:-1]]).tolist()

        def best(item):
            start, q = item
            w = np.take(LEVELS, q)
            w -= price[None, :]
            r, c, _ = top_pairs(selection_values(w), k)
            ok = q[r, c] > 0
            return r[ok] + start, c[ok]
        found = in_blocks(best, list(zip(starts, self.blocks)))
        r, c = (np.concatenate(x) for x in zip(*found))
        return r, c, scorer.pair_scores(scorer.pair_similarities(rows[r], c))

    def violations(self, scorer, rows, u_minus_big, v, limit: int, margin: float,
                   tolerance: float, in_blocks):
        """The pairs that break the certificate, found through the bounds.

        Parameters
        ----------
        scorer : Scorer
        rows : ndarray of int
            Mentee index of each row position.
        u_minus_big, v : ndarray of float
            Utilities less M (per row position) and seat prices (per mentor).
        limit : int
            Pairs kept per row, the worst first.
        margin : float
            Also report pairs within this many points of breaking it.
        tolerance : float
            An excess above ``tolerance - margin`` counts.
        in_blocks : callable
            Runs a function over blocks, in order (``candidates.in_blocks``).

        Returns
        -------
        tuple of ndarray or None
            (row position, mentor, exact score, excess) as in
            ``candidates.violations``; None when no pair breaks it.
        """
        floor = tolerance - margin - _FLAG_SLACK
        starts = np.cumsum([0] + [len(b) for b in self.blocks[:-1]]).tolist()

        def check(item):
            r, c = self.flagged(*item, u_minus_big, v, floor)
            s = np.empty(len(r))
            for a in range(0, len(r), _PAIRS):
                part = slice(a, a + _PAIRS)
                s[part] = scorer.pair_scores(scorer.pair_similarities(rows[r[part]], c[part]))
            red = s - v[c]                 # the same arithmetic as the scored pass
            red -= u_minus_big[r]
            ok = np.flatnonzero(red > tolerance - margin)
            # Each row's worst `limit` (a row lies in one block: exact here).
            order = ok[order_by_line(r[ok], red[ok].astype(np.float32))]
            keep = order[np.arange(len(order)) - np.searchsorted(r[order], r[order]) < limit]
            return r[keep], c[keep], s[keep], red[keep]

        found = in_blocks(check, list(zip(starts, self.blocks)))
        r, c, s, red = (np.concatenate(x) for x in zip(*found))
        return None if len(r) == 0 else (r, c, s, red)
