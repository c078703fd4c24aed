"""Criterion encoders: one per criterion type, arrays for both sides.

Each encoder scores a block of mentees against every mentor (``block``) and
single pairs (``pairs``) with the same arithmetic, so the two agree to the
last bit. ``block`` writes into ``out`` when given one (a float64 buffer of
the block's shape): the scorer reuses one buffer per slice instead of
allocating fresh temporaries millions of cells at a time.
"""
from __future__ import annotations

from itertools import chain, repeat

import numpy as np
from scipy import sparse

from .schema import Cohort, Criterion
from .values import as_code_key, as_items, as_number

# Mentor-side multi-hot kept dense below this many cells (fast BLAS products).
_DENSE_CELLS = 50_000_000
# Distinct mentee values up to which same/differ/gap/near blocks are looked up
# in a table of per-value similarity rows (see tabulated).
_TABLE_ROWS = 256


class _SetEncoder:
    """overlap / share: counts of shared items via a multi-hot product."""

    def __init__(self, crit: Criterion, cohort: Cohort):
        self.overlap = crit.type == "overlap"
        mentor_items = [as_items(p.get(crit.mentor_field)) for p in cohort.mentors]
        vocab: dict = {}
        for items in mentor_items:
            for x in items:
                vocab.setdefault(x, len(vocab))
        mentee_items = [as_items(p.get(crit.mentee_field)) for p in cohort.mentees]
        # overlap divides by the mentee's number of items; a mentee without
        # items shares none, and 0 / 1 gives the contract's 0.
        self.divisor = np.maximum([len(x) for x in mentee_items], 1).astype(np.float64)
        self.a = _multi_hot(mentee_items, vocab)
        self.b = _multi_hot(mentor_items, vocab)
        cells = len(vocab) * len(mentor_items)
        # C order: scipy copies an F-ordered dense operand on every product.
        self.bt = np.ascontiguousarray(self.b.T.toarray(), dtype=np.float32) \
            if cells <= _DENSE_CELLS else self.b.T.tocsr()

    def _similarity(self, counts, divisor, out):
        """From float32 shared-item counts (exact) into float64 ``out``: the
        share of the mentee's items (overlap), or any shared item (share)."""
        if self.overlap:
            return np.divide(counts, divisor, out=out)
        return np.greater(counts, 0, out=out)

    def block(self, rows, out=None):
        counts = self.a[rows] @ self.bt
        counts = counts.toarray() if sparse.issparse(counts) else np.asarray(counts)
        out = np.empty(counts.shape) if out is None else out
        return self._similarity(counts, self.divisor[rows, None], out)

    def pairs(self, e, m):
        counts = np.asarray(self.a[e].multiply(self.b[m]).sum(axis=1)).ravel()
        return self._similarity(counts, self.divisor[e], np.empty(len(e)))


def _multi_hot(item_lists, vocab) -> sparse.csr_matrix:
    lengths = np.fromiter(map(len, item_lists), dtype=np.int64, count=len(item_lists))
    codes = np.fromiter(map(vocab.get, chain.from_iterable(item_lists), repeat(-1)),
                        dtype=np.int64, count=int(lengths.sum()))
    known = codes >= 0          # items no mentor offers have no column
    owner = np.repeat(np.arange(len(item_lists)), lengths)
    indptr = np.r_[0, np.cumsum(np.bincount(owner[known], minlength=len(item_lists)))]
    indices = codes[known]
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(item_lists), max(len(vocab), 1)))


class _CodeEncoder:
    """same / differ: integer codes, -1 when missing."""

    def __init__(self, crit: Criterion, cohort: Cohort):
        self.same = crit.type == "same"
        codes: dict = {}
        def encode(people, field):
            keys = [as_code_key(p.get(field)) for p in people]
            return np.array([-1 if k is None else codes.setdefault(k, len(codes)) for k in keys],
                            dtype=np.int64)
        self.a = encode(cohort.mentees, crit.mentee_field)
        self.b = encode(cohort.mentors, crit.mentor_field)
        self.table = None

    def _sim(self, a, b):
        present = (a >= 0) & (b >= 0)
        return (present & ((a == b) if self.same else (a != b))).astype(np.float64)

    def block(self, rows, out=None):
        return tabulated(self, rows, out)

    def pairs(self, e, m):
        return self._sim(self.a[e], self.b[m])


def tabulated(enc, rows, out=None):
    """``enc._sim`` of mentees ``rows`` against every mentor, by table lookup.

    A same/differ/gap/near similarity depends only on the two values, and
    cohorts repeat values (departments, levels, zones): each distinct mentee
    value's row of similarities is computed once, with the same arithmetic,
    and a block is a gather of those rows. Many distinct values: computed.
    """
    if enc.table is None:
        values, inverse = np.unique(enc.a, return_inverse=True)
        if len(values) > _TABLE_ROWS:
            enc.table = False
        else:
            enc.table = (enc._sim(values[:, None], enc.b[None, :]), inverse.ravel())
    if enc.table is False:
        s = enc._sim(enc.a[rows][:, None], enc.b[None, :])
        if out is None:
            return s
        out[...] = s
        return out
    table, inverse = enc.table
    return np.take(table, inverse[rows], axis=0, out=out)


class _NumberEncoder:
    """gap / near: broadcast differences b - a; NaN (missing) gives 0."""

    def __init__(self, crit: Criterion, cohort: Cohort):
        self.crit = crit
        self.a = np.array([as_number(p.get(crit.mentee_field)) for p in cohort.mentees])
        self.b = np.array([as_number(p.get(crit.mentor_field)) for p in cohort.mentors])
        self.table = None

    def _sim(self, a, b):
        d = b - a
        if self.crit.type == "gap":
            s = np.clip(d / self.crit.target, 0.0, 1.0)
        else:
            s = np.maximum(0.0, 1.0 - np.abs(d) / self.crit.scale)
        s[np.isnan(s)] = 0.0
        return s

    def block(self, rows, out=None):
        return tabulated(self, rows, out)

    def pairs(self, e, m):
        return self._sim(self.a[e], self.b[m])


class _RankEncoder:
    """rank: the mentee's ranked mentor ids as a sparse matrix of (k - r) / k."""

    def __init__(self, crit: Criterion, cohort: Cohort):
        index = {x: j for j, x in enumerate(cohort.mentor_ids)}
        rows, cols, vals = [], [], []
        for i, p in enumerate(cohort.mentees):
            ranked = as_items(p.get(crit.mentee_field))
            k = len(ranked)
            for r, mid in enumerate(ranked):
                j = index.get(mid) if isinstance(mid, str) else None
                if j is not None:
                    rows.append(i), cols.append(j), vals.append((k - r) / k)
        shape = (len(cohort.mentees), len(cohort.mentors))
        self.r = sparse.csr_matrix((np.array(vals, dtype=np.float64), (rows, cols)), shape=shape)

    def block(self, rows, out=None):
        if out is not None:
            out.fill(0.0)      # scipy adds the entries into ``out``
        return self.r[rows].toarray(out=out)

    def pairs(self, e, m):
        if len(e) == 0:
            return np.zeros(0)
        return np.asarray(self.r[e, m]).ravel().astype(np.float64)


ENCODERS = {"overlap": _SetEncoder, "share": _SetEncoder, "same": _CodeEncoder,
             "differ": _CodeEncoder, "gap": _NumberEncoder, "near": _NumberEncoder,
             "rank": _RankEncoder}
