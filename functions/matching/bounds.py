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

The bytes are read twice over at most. First in whole half points, as int16
(a quarter of the float64 traffic): ``2 bound_ij - a_j``, with ``a_j`` the
seat prices in half points above the lowest, rounded down, against the
row's utility in the same units; a pair that does not reach it is not near
breaking the certificate, since rounding the prices down only raises the
left side. The pairs that do are then judged in float64 with the same
arithmetic as a float64 read of the whole block, so the pairs found are
the same.

One byte per pair: 0.75 GB at 50,000 x 15,000, 3 GB at 100,000 x 30,000.
"""
from __future__ import annotations

import numpy as np

from .topk import _nonzero, order_by_line, selection_values, top_pairs

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
# Twice the bound for each byte value (``q - 1``) as int16, the first read's
# unit; "not allowed" far below any price in the clipped range.
_HALVES = np.r_[np.int16(-20_000), np.arange(255, dtype=np.int16)]
_HALVES.flags.writeable = False
# Seat prices above the lowest by more than this many half points are
# clipped to it (lower: only more rows read in float64), so that
# ``_HALVES - a`` stays within int16. Prices spread wider than that (free
# seats beside full ones: some near 0, some near M) take the float64 read.
_CLIP = 12_000
# Pairs per slice in the int16 read (half a megabyte: in the CPU cache).
_SLICE16_CELLS = 262_144
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

    def flagged(self, start: int, q: np.ndarray, u_minus_big, v, floor: float,
                halves=None):
        """Pairs (row position, mentor) of one block whose bound's excess
        ``bound_ij - v_j - (u_i - M)`` is above ``floor``; ``halves`` (from
        :func:`half_prices`) reads the block in int16 first (module doc)."""
        u_block = u_minus_big[start:start + len(q)]
        if halves is not None:
            r, c = _pairs_in_reach(q, u_block, floor, *halves)
            with np.errstate(invalid="ignore"):
                excess = np.take(LEVELS, q[r, c]) - v[c]    # as in the float64 read
                excess -= u_block[r]
            ok = excess > floor
            return start + r[ok], c[ok]
        m = q.shape[1]
        step = max(1, _SLICE_CELLS // max(m, 1))
        buf = np.empty((min(step, len(q)), m))
        out_r, out_c = [], []
        for a in range(0, len(q), step):
            t = buf[:len(q[a:a + step])]
            np.take(LEVELS, q[a:a + step], out=t)
            with np.errstate(invalid="ignore"):
                t -= v[None, :]            # -inf (not allowed, or no seats) stays -inf
            u = u_block[a:a + len(t)]
            bad = np.flatnonzero(t.max(axis=1) - u > floor)
            if len(bad) == 0:
                continue
            sub = t[bad]
            sub -= u[bad, None]
            r, c = _nonzero(sub > floor)
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
        halves = half_prices(v)

        def check(item):
            r, c = self.flagged(*item, u_minus_big, v, floor, halves)
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


def half_prices(v: np.ndarray):
    """``(v0, a)``: the lowest finite seat price and each price above it in
    whole half points rounded down (``a_j <= 2 (v_j - v0)``, int16, clipped
    at ``_CLIP``; seats with no price at ``_CLIP``); None when the finite
    prices spread wider than the clip (then the float64 read alone)."""
    finite = np.isfinite(v)
    if not finite.any():
        return None
    v0 = float(v[finite].min())
    if 2.0 * (float(v[finite].max()) - v0) > _CLIP:
        return None
    a = np.full(len(v), _CLIP, dtype=np.int16)
    # 1e-6 below: float rounding of v - v0 (v carries M) never rounds a up.
    a[finite] = np.maximum(np.floor(2.0 * (v[finite] - v0) - 1e-6), 0)
    return v0, a


def _pairs_in_reach(q, u_minus_big, floor, v0, a):
    """Pairs (row, mentor) of ``q`` that may have ``bound - v_j - (u_i - M) >
    floor``: those with ``2 bound_ij - a_j > 2 (u_i - M + v0 + floor)``, the
    right side less a hundredth of a half point for its float rounding (its
    terms carry M) and rounded down (the left side is whole). Never misses
    such a pair: ``a_j <= 2 (v_j - v0)``. Rows are ruled out by their maxima
    first."""
    m = q.shape[1]
    reach = np.floor(2.0 * (u_minus_big + v0 + floor) - 0.01)
    reach = np.clip(reach, -32_768, 32_767).astype(np.int16)
    step = max(1, _SLICE16_CELLS // max(m, 1))
    buf = np.empty((min(step, len(q)), m), dtype=np.int16)
    out_r, out_c = [], []
    for s in range(0, len(q), step):
        t = buf[:len(q[s:s + step])]
        np.take(_HALVES, q[s:s + step], out=t)
        t -= a[None, :]
        near = reach[s:s + len(t)]
        hit = np.flatnonzero(t.max(axis=1) > near)
        if len(hit):
            r, c = _nonzero(t[hit] > near[hit, None])
            out_r.append(s + hit[r])
            out_c.append(c)
    if not out_r:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_r), np.concatenate(out_c)
