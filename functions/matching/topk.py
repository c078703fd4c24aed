"""Fast partial selection: each row's (or column's) k largest entries.

Candidate selection and the certificate both pick "the k best" out of rows
of thousands of scores, millions of times over; these helpers do it without
sorting whole rows, on float32 copies with a fixed tie-breaking jitter;
:class:`Shortlists` keeps each mentor's best entries as blocks stream by.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=16)
def tie_breakers(m: int) -> tuple[np.ndarray, np.ndarray]:
    """A fixed jitter below 0.05 points per column, and distinct sentinels.

    Made once per width (every block and slice asks again) and read-only.
    """
    order = np.random.default_rng(0).permutation(m).astype(np.float32)
    scale = np.float32(max(m, 1))
    jitter = order * (np.float32(0.05) / scale)
    sentinel = np.float32(-1e3) - order * (1000 / scale)
    jitter.flags.writeable = sentinel.flags.writeable = False
    return jitter, sentinel


def selection_values(w: np.ndarray, allowed: np.ndarray | None = None, *,
                     out: np.ndarray | None = None) -> np.ndarray:
    """float32 copy of ``w`` for choosing candidates quickly.

    Ties are broken by a fixed jitter (selection slows down badly on the many
    equal scores real cohorts have); entries that are not allowed, -inf, NaN
    or below -1000 get distinct very low values (sentinels, -1000 to -2000).
    Only candidates are chosen with these values; every decision afterwards
    uses the float64 scores.
    """
    jitter, sentinel = tie_breakers(w.shape[1])
    w32 = np.empty(w.shape, dtype=np.float32) if out is None else out
    np.copyto(w32, w, casting="same_kind")
    if allowed is not None:
        np.copyto(w32, -np.inf, where=~allowed)     # a scalar fill is fast
    w32 += jitter
    # One pass, no masked copy from an array (many times slower on a mask
    # with as many holes as a cohort's "not allowed" pairs).
    np.fmax(w32, sentinel, out=w32)
    return w32


def top_pairs(x: np.ndarray, k: int, axis: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column indices of about the k largest entries per row (per
    column with ``axis=0``), and each row's (column's) k-th largest value.

    With the jitter of :func:`selection_values` ties are rare, so rows give k
    entries (a tie at the threshold gives more). Long rows are cut down first
    (see :func:`_floor`), so that only a few entries per row are sorted.
    """
    length, lines = x.shape[axis], x.shape[1 - axis]
    k = min(k, length)
    if lines == 0 or k == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(lines, x.dtype)
    if length < 8 * k:
        kth = np.take(np.partition(x, length - k, axis=axis), length - k, axis=axis)
    else:
        kth = _floor(x, k, axis)
    r, c = _nonzero(x >= np.expand_dims(kth, axis))
    if length < 8 * k:
        return r, c, kth
    val = x[r, c]
    line = c if axis == 0 else r
    order = order_by_line(line, val)        # by row (column), largest first
    r, c, val, line = r[order], c[order], val[order], line[order]
    starts = np.searchsorted(line, np.arange(lines))
    kth = val[starts + k - 1]               # every line keeps at least k entries
    keep = val >= kth[line]
    return r[keep], c[keep], kth


def order_by_line(line: np.ndarray, val: np.ndarray) -> np.ndarray:
    """Indices sorting entries by ``line``, then by ``val``, largest first;
    equal entries keep their order (as ``np.lexsort((-val, line))``).

    float32 values sort with one stable integer sort on a composite key:
    the line in the high 32 bits, the float's bits made order-preserving
    (negative floats have their magnitude bits flipped) and reversed in the
    low ones -- about twice as fast as ``np.lexsort`` on two keys.
    """
    if val.dtype != np.float32 or len(val) == 0:
        return np.lexsort((-val, line))
    bits = val.view(np.int32).astype(np.int64)
    bits ^= (bits >> 31) & 0x7FFFFFFF
    return np.argsort((line.astype(np.int64) << 32) | (0x7FFFFFFF - bits), kind="stable")


def _nonzero(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero`` of a 2-D mask, by flat positions (ten times faster on
    sparse masks of millions of cells, same order)."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def _group_maxima(x: np.ndarray, width: int, axis: int) -> np.ndarray:
    """Maxima of consecutive groups of ``width`` entries along ``axis`` (the
    last group may be shorter), like ``np.maximum.reduceat``. Along axis 0 a
    reshape is used: reduceat across rows is fifteen times slower."""
    length = x.shape[axis]
    if axis == 1:
        return np.maximum.reduceat(x, np.arange(0, length, width), axis=1)
    full = length // width
    maxima = x[:full * width].reshape(full, width, x.shape[1]).max(axis=1)
    if full * width < length:
        maxima = np.concatenate([maxima, x[full * width:].max(axis=0, keepdims=True)])
    return maxima


def _floor(x: np.ndarray, k: int, axis: int) -> np.ndarray:
    """A value per row (column) at or below its k-th largest entry, close to it.

    The line is cut into about 4k groups; the k-th largest of the group maxima
    has k groups, so at least k entries, at or above it. Entries at or above
    it are the k largest plus a few, found without sorting whole lines (a
    full partition of every line costs about four times as much).
    """
    length = x.shape[axis]
    width = max(1, length // (4 * k))
    maxima = _group_maxima(x, width, axis)
    groups = maxima.shape[axis]
    return np.take(np.partition(maxima, groups - k, axis=axis), groups - k, axis=axis)


class Shortlists:
    """Each mentor's keenest mentees, merged block by block.

    Keeps at most ``limit[j]`` entries (mentor, row position, value) per
    mentor, sorted by mentor, keenest first, equal values in the order they
    were merged: exactly the head of what one sort of every block's entries
    would give, in memory O(seats) instead of O(blocks x mentors).
    ``floor[j]`` is the value a new entry must reach to be kept (``-inf``
    until the list is full).
    """

    def __init__(self, limit: np.ndarray):
        self.limit = limit
        self.mc = self.mr = np.zeros(0, dtype=np.int64)
        self.value = np.zeros(0, dtype=np.float32)
        self.floor = np.full(len(limit), -np.inf, dtype=np.float32)

    def merge(self, parts) -> None:
        """Add (mentor, row position, value) arrays, later than the kept ones."""
        if not parts:
            return
        mc, mr, val = (np.concatenate([x] + [p[i] for p in parts])
                       for i, x in enumerate((self.mc, self.mr, self.value)))
        order = order_by_line(mc, val)         # per mentor, keenest first
        mc, mr, val = mc[order], mr[order], val[order]
        rank = np.arange(len(mc)) - np.searchsorted(mc, mc)
        keep = rank < self.limit[mc]
        self.mc, self.mr, self.value = mc[keep], mr[keep], val[keep]
        last = keep & (rank == self.limit[mc] - 1)
        self.floor[mc[last]] = val[last]
