"""Candidate pairs and the chunked scans of the full score matrix.

These are the only places that look at every pair: once to pick candidates,
then once per round to check the certificate. Blocks of about a million
pairs keep memory flat; below ``CACHE_CELLS`` pairs the blocks are kept
between rounds instead of being scored again.
"""
from __future__ import annotations

import numpy as np

# A reduced cost above this is a violation. Weights are about 100 n, so their
# float64 rounding is ~1e-10; a smaller gain than this is not worth a round.
TOLERANCE = 1e-6
# Pairs per block when choosing candidates: larger blocks mean fewer per-mentor
# shortlists to merge (each block gives every mentor one).
SELECT_CELLS = 1_500_000
# Pairs per slice when checking the certificate (a few MB: stays in cache).
_SLICE_CELLS = 65_536


class Candidates:
    """A growing set of candidate pairs (row position, mentor, score)."""

    def __init__(self, m: int):
        self.m = m
        self.keys = np.zeros(0, dtype=np.int64)
        self.score = np.zeros(0)

    def add(self, r, c, s) -> int:
        keys = np.concatenate([self.keys, r.astype(np.int64) * self.m + c])
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

    @property
    def rows(self):
        return self.keys // self.m

    @property
    def cols(self):
        return self.keys % self.m


def _tie_breakers(m: int) -> tuple[np.ndarray, np.ndarray]:
    """A fixed jitter below 0.05 points per column, and distinct sentinels."""
    order = np.random.default_rng(0).permutation(m).astype(np.float32)
    scale = np.float32(max(m, 1))
    return order * (np.float32(0.05) / scale), np.float32(-1e3) - order * (1000 / scale)


def selection_values(w: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """float32 copy of ``w`` for choosing candidates quickly.

    Ties are broken by a fixed jitter (selection slows down badly on the many
    equal scores real cohorts have) and entries that are not allowed (or
    -inf) get distinct very low values. Only candidates are chosen with these
    values; every decision afterwards uses the float64 scores.
    """
    jitter, sentinel = _tie_breakers(w.shape[1])
    w32 = w.astype(np.float32)
    w32 += jitter
    hide = ~np.isfinite(w32) if allowed is None else ~allowed
    np.copyto(w32, np.broadcast_to(sentinel, w32.shape), where=hide)
    return w32


def top_pairs(w32: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column indices of about the k largest entries per row, and
    each row's k-th largest value.

    A partition finds the threshold and a comparison picks the entries: twice
    as fast as ``argpartition``. With the jitter of :func:`selection_values`
    ties are rare, so rows give k entries (a tie at the threshold gives more).
    """
    m = w32.shape[1]
    k = min(k, m)
    kth = np.partition(w32, m - k, axis=1)[:, m - k]
    r, c = np.nonzero(w32 >= kth[:, None])
    return r, c, kth


def initial_candidates(scorer, rows, capacity, k, per_seat, cache):
    """Each mentee's k best mentors, and each mentor's ``per_seat x capacity``
    mentees for whom it beats their k-th best option by the most.

    Appends the scored blocks to ``cache`` when it is a list.
    """
    m = scorer.m
    active = capacity > 0
    cand = Candidates(m)
    by_mentee = []   # (row position, mentor, score) from each chunk
    by_mentor = []   # (mentor, row position, score) from each chunk
    start = 0
    for chunk in scorer.chunks(rows, SELECT_CELLS):
        block = scorer.block(chunk)
        allowed = block.allowed
        allowed &= active[None, :]
        score = block.score
        w = selection_values(score, allowed)
        r, c, kth = top_pairs(w, k)
        ok = allowed[r, c]
        by_mentee.append((r[ok] + start, c[ok], score[r[ok], c[ok]]))
        if cache is not None:
            # Masked in place: only allowed entries are read from here on.
            np.copyto(score, -np.inf, where=~allowed)
            cache.append(score)
        want = min(int(per_seat * capacity.max()), len(chunk))
        if want > 0:
            # Rank a mentor's mentees by how much it beats their k-th best
            # option, so that mentors nobody ranks first still get candidates.
            rel = np.empty((w.shape[1], w.shape[0]), dtype=np.float32)
            np.subtract(w.T, kth[None, :], out=rel)
            rel += _tie_breakers(len(chunk))[0]
            mc, mr, _ = top_pairs(rel, want)
            ok = allowed[mr, mc]
            by_mentor.append((mc[ok], mr[ok] + start, rel[mc[ok], mr[ok]]))
        start += len(chunk)
    if by_mentee:
        cand.add(*(np.concatenate(x) for x in zip(*by_mentee)))
    if by_mentor:
        mc, mr, s = (np.concatenate(x) for x in zip(*by_mentor))
        order = np.lexsort((mr, -s, mc))
        mc, mr, s = mc[order], mr[order], s[order]
        first = np.searchsorted(mc, mc)
        keep = (np.arange(len(mc)) - first) < per_seat * capacity[mc]
        mr, mc = mr[keep], mc[keep]
        cand.add(mr, mc, scores_at(cache, scorer, rows, mr, mc))
    return cand


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


def masked_blocks(scorer, rows, capacity, cache):
    """Yield (row positions, scores with -inf where not allowed), all rows.

    From the cache when there is one, else scored afresh in chunks.
    """
    if cache is not None:
        start = 0
        for masked in cache:
            yield np.arange(start, start + len(masked)), masked
            start += len(masked)
        return
    active = capacity > 0
    for part in scorer.chunks(np.arange(len(rows))):
        block = scorer.block(rows[part])
        yield part, np.where(block.allowed & active[None, :], block.score, -np.inf)


def violations(scorer, rows, capacity, u_minus_big, v, cache, limit):
    """Pairs (row position, mentor, score, excess) that break the certificate:
    ``M + s_ij - u_i - v_j > TOLERANCE`` for an allowed pair.

    Finds the rows with a violation on slices that fit in the CPU cache:
    ``s - v``, then its row maxima against ``u`` (x -> x - u is monotone in
    floating point too, so this flags exactly those rows). The excess is then
    computed, with the same arithmetic, only on those rows.
    """
    found = []
    m = len(v)
    step = max(1, _SLICE_CELLS // max(m, 1))
    buf = np.empty((step, m))
    for part, masked in masked_blocks(scorer, rows, capacity, cache):
        bad = []
        for a in range(0, len(masked), step):
            t = buf[:len(masked[a:a + step])]
            with np.errstate(invalid="ignore"):
                np.subtract(masked[a:a + step], v[None, :], out=t)   # -inf stays -inf
            u = u_minus_big[part[a:a + step]]
            bad.append(a + np.flatnonzero(t.max(axis=1) - u > TOLERANCE))
        bad_rows = np.concatenate(bad)
        if len(bad_rows) == 0:
            continue
        with np.errstate(invalid="ignore"):
            red = masked[bad_rows] - v[None, :]
            red -= u_minus_big[part[bad_rows], None]
        r, c, _ = top_pairs(selection_values(red), limit)
        ok = red[r, c] > TOLERANCE
        r, c = r[ok], c[ok]
        rr = bad_rows[r]
        found.append((part[rr], c, masked[rr, c], red[r, c]))
    if not found:
        return None
    return tuple(np.concatenate(x) for x in zip(*found))
