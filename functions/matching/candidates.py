"""Candidate pairs and the chunked scans of the full score matrix.

These are the only places that look at every pair: once to pick candidates,
then once per round to check the certificate. Blocks of a few million
pairs keep memory flat; below ``CACHE_CELLS`` pairs the blocks are kept
between rounds instead of being scored again, and above it one byte per pair
bounds the scores (``bounds.py``), so that a certificate pass scores only the
pairs close to breaking it.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import NamedTuple

import numpy as np

from .bounds import quantize
from .topk import Shortlists, selection_values, tie_breakers, top_pairs

# A reduced cost above this is a violation. Weights are about 100 n, so their
# float64 rounding is ~1e-10; a smaller gain than this is not worth a round.
TOLERANCE = 1e-6
# Pairs per block when choosing candidates: larger blocks mean fewer per-mentor
# shortlists to merge (each block gives every mentor one).
SELECT_CELLS = 2_700_000
# Blocks per thread handed out at once when choosing candidates (see
# Shortlists: memory holds one batch of per-block shortlists).
_BATCH = 4
# Pairs per slice when checking the certificate (a few MB: stays in cache).
_SLICE_CELLS = 65_536
# Threads for the whole-matrix passes, one per core up to the 6 vCPUs of a
# 10 GB Lambda. numpy releases the GIL inside its array operations, so blocks
# of pairs are scored and searched side by side; results are collected in
# block order, so the outcome never depends on them.
WORKERS = max(1, min(6, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                     else (os.cpu_count() or 1)))


def in_blocks(work, blocks):
    """``[work(b) for b in blocks]``, on up to WORKERS threads, in order."""
    blocks = list(blocks)
    if WORKERS == 1 or len(blocks) < 2:
        return [work(b) for b in blocks]
    with ThreadPoolExecutor(min(WORKERS, len(blocks))) as pool:
        return list(pool.map(work, blocks))


class Candidates:
    """A growing set of candidate pairs (row position, mentor, score)."""

    def __init__(self, m: int):
        self.m = m
        self.keys = np.zeros(0, dtype=np.int64)
        self.score = np.zeros(0)

    def key(self, r, c) -> np.ndarray:
        """The key of pairs (row position r, mentor c), as in ``keys``."""
        return r.astype(np.int64) * self.m + c

    def add(self, r, c, s) -> int:
        keys = np.concatenate([self.keys, self.key(r, c)])
        score = np.concatenate([self.score, s])
        keys, first = np.unique(keys, return_index=True)
        added = len(keys) - len(self.keys)
        self.keys, self.score = keys, score[first]
        return added

    def subset(self, keep: np.ndarray) -> "Candidates":
        """The pairs where ``keep`` is true, as a new set."""
        out = Candidates(self.m)
        out.keys, out.score = self.keys[keep], self.score[keep]
        return out

    def rounded(self, step: float) -> "Candidates":
        """The same pairs with scores rounded to multiples of ``step``."""
        out = Candidates(self.m)
        out.keys, out.score = self.keys, np.round(self.score / step) * step
        return out

    @property
    def rows(self):
        return self.keys // self.m

    @property
    def cols(self):
        return self.keys % self.m


class _Selected(NamedTuple):
    """What one block of rows gives :func:`initial_candidates`."""

    by_mentee: tuple                 # (row position, mentor, score)
    by_mentor: tuple | None          # (mentor, row position, value), keenest first
    masked: np.ndarray | None        # scores, -inf where not allowed (for the cache)
    values: np.ndarray | None        # selection values, reused at prices
    bounds: np.ndarray | None        # one-byte score bounds (see bounds.py)


def initial_candidates(scorer, rows, capacity, k, per_seat, cache, priced=0, bounds=None):
    """Each mentee's k best mentors, and each mentor's ``per_seat x capacity``
    mentees for whom it beats their k-th best option by the most; with
    ``priced`` (and a cache), each mentee's ``priced`` best mentors at
    estimated seat prices too (see :func:`_estimated_prices`).

    Appends the scored blocks to ``cache`` when it is a list, and their
    one-byte score bounds to ``bounds`` (a :class:`~.bounds.Bounds`) when given.
    """
    m = scorer.m
    active = capacity > 0
    want = int(per_seat * capacity.max())
    at_prices = priced > 0 and cache is not None
    scorer.prepare()

    def select(block_rows):
        start, chunk = block_rows
        # Scores masked (-inf where not allowed) when cached: only allowed
        # entries are read from the cache.
        block = scorer.block(chunk, active=active, select=True, mask=cache is not None)
        allowed, score, w = block.allowed, block.score, block.select
        r, c, kth = top_pairs(w, k)
        ok = allowed[r, c]
        by_mentee = (r[ok] + start, c[ok], score[r[ok], c[ok]])
        by_mentor = None
        if want > 0:
            # Rank a mentor's mentees by how much it beats their k-th best
            # option, so that mentors nobody ranks first still get candidates.
            # In place: a row's constant does not change its own ranking, so
            # the priced pass below can use these values as well.
            w -= (kth - tie_breakers(len(chunk))[0])[:, None]
            mr, mc, _ = top_pairs(w, want, axis=0)
            val = w[mr, mc]
            # Entries below a mentor's floor (its shortlist from earlier blocks
            # is already full of keener mentees) can never be kept.
            ok = allowed[mr, mc] & (val >= lists.floor[mc])
            by_mentor = (mc[ok], mr[ok] + start, val[ok])
        return _Selected(by_mentee, by_mentor, score if cache is not None else None,
                         w if at_prices else None,
                         None if bounds is None else quantize(score, allowed))

    chunks, start = [], 0
    for chunk in scorer.chunks(rows, SELECT_CELLS):
        chunks.append((start, chunk))
        start += len(chunk)
    # Blocks go to the threads a batch at a time and each batch's shortlists
    # are merged at once, so memory holds one batch, not every block's.
    lists = Shortlists(np.ceil(np.maximum(per_seat * capacity, capacity)))
    found, values = [], []          # (row position, mentor, score) sets
    for b in range(0, len(chunks), _BATCH * WORKERS):
        results = in_blocks(select, chunks[b:b + _BATCH * WORKERS])
        if cache is not None:
            cache.extend(r.masked for r in results)
        if bounds is not None:
            bounds.blocks.extend(r.bounds for r in results)
        values.extend(r.values for r in results)
        found.extend(r.by_mentee for r in results)
        lists.merge([r.by_mentor for r in results if r.by_mentor is not None])
    if len(lists.mc):
        mc, mr, s, first = lists.mc, lists.mr, lists.value, np.searchsorted(lists.mc, lists.mc)
        keep = (np.arange(len(mc)) - first) < per_seat * capacity[mc]
        if at_prices or (priced > 0 and bounds is not None):
            price = _estimated_prices(mc, s, first, capacity)
            found.append(_best_at_prices(cache, values, price, priced) if at_prices else
                         bounds.best_at_prices(scorer, rows, price, priced, in_blocks))
        mr, mc = mr[keep], mc[keep]
        found.append((mr, mc, scores_at(cache, scorer, rows, mr, mc)))
    cand = Candidates(m)
    if found:
        cand.add(*(np.concatenate(x) for x in zip(*found)))    # one sort for all
    return cand


def _estimated_prices(mc, rel, first, capacity) -> np.ndarray:
    """A rough seat price per mentor, before any solve: how much the mentor
    beats the k-th best option of its ``capacity``-th keenest mentee (0 when
    fewer mentees want it). In a scarce cohort the optimum pushes many
    mentees far down their own lists (past their 30th choice); ranking by
    score minus this price finds most of those pairs up front, so the first
    exact solve is close to the optimum (a tenth of the violations).
    """
    rank = np.arange(len(mc)) - first
    at = np.flatnonzero(rank == capacity[mc] - 1)
    price = np.zeros(len(capacity))
    price[mc[at]] = np.maximum(rel[at], 0.0)
    return price


def _best_at_prices(cache, values, price, k):
    """Each cached row's k best mentors by score minus ``price``.

    ``values`` are the blocks' selection values (float32, tie-breaking jitter,
    very low sentinels where not allowed), possibly less a constant per row
    (which leaves each row's ranking as it is): the price is taken off them
    in place, which reads a quarter of the bytes the float64 cache would.
    """
    price32 = price.astype(np.float32)

    def best(item):
        start, masked, w = item
        w -= price32          # sentinels stay far below any allowed value
        r, c, _ = top_pairs(w, k)
        ok = np.isfinite(masked[r, c])
        return r[ok] + start, c[ok], masked[r[ok], c[ok]]
    starts = np.cumsum([0] + [len(x) for x in cache[:-1]])
    found = in_blocks(best, list(zip(starts.tolist(), cache, values)))
    return tuple(np.concatenate(x) for x in zip(*found))


def scores_at(cache, scorer, rows, r, c):
    """Scores of allowed pairs (row position r, mentor c)."""
    if cache is None:
        return scorer.pair_scores(scorer.pair_similarities(rows[r], c))
    out = np.empty(len(r))
    start = 0
    for masked in cache:
        inside = (r >= start) & (r < start + len(masked))
        out[inside] = masked[r[inside] - start, c[inside]]
        start += len(masked)
    return out


def masked_blocks(scorer, rows, capacity, cache) -> list:
    """One callable per block of rows, each giving (row positions, scores
    with -inf where not allowed); together they cover all rows.

    From the cache when there is one, else scored afresh when called (so that
    only the blocks being checked are in memory).
    """
    if cache is not None:
        out, start = [], 0
        for masked in cache:
            out.append(partial(lambda s, x: (np.arange(s, s + len(x)), x), start, masked))
            start += len(masked)
        return out
    active = capacity > 0

    def score(part):
        return part, scorer.block(rows[part], active=active, mask=True).score
    return [partial(score, part) for part in scorer.chunks(np.arange(len(rows)))]


def violations(scorer, rows, capacity, u_minus_big, v, cache, limit, margin=0.0,
               bounds=None):
    """Pairs (row position, mentor, score, excess) that break the certificate:
    ``M + s_ij - u_i - v_j > TOLERANCE`` for an allowed pair (with ``margin``,
    also the pairs within ``margin`` points of breaking it).

    With ``bounds`` (and no cache), only the pairs whose one-byte bound could
    break it are scored (see ``bounds.py``).

    Works on slices that fit in the CPU cache: ``s - v``, then its row maxima
    against ``u`` (x -> x - u is monotone in floating point too, so this flags
    exactly the rows with a violation); only on those rows is the excess
    computed, with the same arithmetic, a few MB of rows at a time, and their
    worst ``limit`` pairs kept.
    """
    if cache is None and bounds is not None:
        return bounds.violations(scorer, rows, u_minus_big, v, limit, margin, TOLERANCE,
                                 in_blocks)
    m = len(v)
    step = max(1, _SLICE_CELLS // max(m, 1))

    def check(block):
        part, masked = block()
        buf = np.empty((min(step, len(masked)), m))
        bad = []
        for a in range(0, len(masked), step):
            t = buf[:len(masked[a:a + step])]
            with np.errstate(invalid="ignore"):
                np.subtract(masked[a:a + step], v[None, :], out=t)   # -inf stays -inf
            u = u_minus_big[part[a:a + step]]
            bad.append(a + np.flatnonzero(t.max(axis=1) - u > TOLERANCE - margin))
        bad_rows = np.concatenate(bad)
        found = []
        for b in range(0, len(bad_rows), 4 * step):    # a few MB at a time
            rows_b = bad_rows[b:b + 4 * step]
            with np.errstate(invalid="ignore"):
                red = masked[rows_b] - v[None, :]
                red -= u_minus_big[part[rows_b], None]
            r, c, _ = top_pairs(selection_values(red), limit)
            ok = red[r, c] > TOLERANCE - margin
            r, c = r[ok], c[ok]
            rr = rows_b[r]
            found.append((part[rr], c, masked[rr, c], red[r, c]))
        return found

    found = [f for block in in_blocks(check, masked_blocks(scorer, rows, capacity, cache))
             for f in block]
    if not found:
        return None
    return tuple(np.concatenate(x) for x in zip(*found))
