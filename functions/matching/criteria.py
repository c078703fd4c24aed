"""Compile a cohort's criteria into arrays and score blocks of pairs at once.

Each criterion becomes an encoder holding arrays for both sides; a block of
mentees is scored against every mentor with matrix products and broadcasting,
never a Python loop over pairs:

* ``overlap``/``share`` -- multi-hot rows (sparse mentee side, dense mentor side);
  the product counts shared items.
* ``same``/``differ`` -- integer codes, ``-1`` for missing.
* ``gap``/``near`` -- floats, NaN for missing, broadcast differences.
* ``rank`` -- a sparse mentee x mentor matrix of (k - r) / k.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
from scipy import sparse

from .schema import Cohort, Criterion
from .values import as_code_key, as_items, as_number

# Scores are compared with min_score with this slack, so that a pair scoring
# exactly the minimum is not refused by a rounding error in the last bit.
SCORE_EPS = 1e-9
# Mentor-side multi-hot kept dense below this many cells (fast BLAS products).
_DENSE_CELLS = 50_000_000
# Pairs scored per slice inside a block (see Scorer.block).
_SLICE_CELLS = 200_000
# Distinct mentee values up to which same/differ/gap/near blocks are looked up
# in a table of per-value similarity rows (see _tabulated).
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
        self.size = np.array([len(x) for x in mentee_items], dtype=np.float64)
        self.a = _multi_hot(mentee_items, vocab)
        self.b = _multi_hot(mentor_items, vocab)
        cells = len(vocab) * len(mentor_items)
        self.bt = self.b.T.toarray().astype(np.float32) if cells <= _DENSE_CELLS \
            else self.b.T.tocsr()

    def _finish(self, counts, size):
        if not self.overlap:
            return (counts > 0).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = counts / size
        return np.where(size > 0, s, 0.0)

    def block(self, rows):
        counts = self.a[rows] @ self.bt
        counts = counts.toarray() if sparse.issparse(counts) else np.asarray(counts)
        return self._finish(counts.astype(np.float64), self.size[rows][:, None])

    def pairs(self, e, m):
        counts = np.asarray(self.a[e].multiply(self.b[m]).sum(axis=1)).ravel()
        return self._finish(counts.astype(np.float64), self.size[e])


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

    def block(self, rows):
        return _tabulated(self, rows)

    def pairs(self, e, m):
        return self._sim(self.a[e], self.b[m])


def _tabulated(enc, rows):
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
        return enc._sim(enc.a[rows][:, None], enc.b[None, :])
    table, inverse = enc.table
    return table[inverse[rows]]


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

    def block(self, rows):
        return _tabulated(self, rows)

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

    def block(self, rows):
        return self.r[rows].toarray()

    def pairs(self, e, m):
        if len(e) == 0:
            return np.zeros(0)
        return np.asarray(self.r[e, m]).ravel().astype(np.float64)


_ENCODERS = {"overlap": _SetEncoder, "share": _SetEncoder, "same": _CodeEncoder,
             "differ": _CodeEncoder, "gap": _NumberEncoder, "near": _NumberEncoder,
             "rank": _RankEncoder}


@dataclass
class Block:
    """Scores of a block of mentees (rows) against all mentors."""

    score: np.ndarray           # (B, m) float64
    allowed: np.ndarray         # (B, m) bool: forbid, required criteria, min_score
    forbidden: np.ndarray       # (B, m) bool
    required_ok: list           # per required criterion: (B, m) bool, s > 0


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
        self.encoders = [_ENCODERS[c.type](c, cohort) for c in cohort.criteria]
        self.min_score = cohort.min_score
        order = np.argsort(cohort.forbid[:, 0], kind="stable")
        self.forbid = cohort.forbid[order]

    def prepare(self) -> None:
        """Build the encoders' look-up tables now, before blocks are scored on
        several threads (they are otherwise built on first use)."""
        for enc in self.encoders:
            if getattr(enc, "table", False) is None:
                _tabulated(enc, np.zeros(0, dtype=np.int64))

    def _forbidden(self, rows: np.ndarray) -> np.ndarray:
        out = np.zeros((len(rows), self.m), dtype=bool)
        if len(self.forbid):
            pos = np.full(self.n, -1, dtype=np.int64)
            pos[rows] = np.arange(len(rows))
            hit = pos[self.forbid[:, 0]]
            keep = hit >= 0
            out[hit[keep], self.forbid[keep, 1]] = True
        return out

    def block(self, rows) -> Block:
        """Score mentees ``rows`` (index array) against every mentor."""
        rows = np.asarray(rows, dtype=np.int64)
        out = Block(np.zeros((len(rows), self.m)), np.zeros((len(rows), self.m), dtype=bool),
                    self._forbidden(rows),
                    [np.zeros((len(rows), self.m), dtype=bool)
                     for c in self.criteria if c.required])
        # Work in cache-sized slices: a few temporaries of 100k pairs stay in
        # the CPU cache, where whole-block temporaries would stream to memory.
        step = max(1, _SLICE_CELLS // max(self.m, 1))
        for start in range(0, len(rows), step):
            self._fill(rows[start:start + step], out, slice(start, start + step))
        return out

    def _fill(self, rows, out: Block, part: slice) -> None:
        score = out.score[part]
        allowed = out.allowed[part]
        np.logical_not(out.forbidden[part], out=allowed)
        req = iter(out.required_ok)
        for crit, enc, coef in zip(self.criteria, self.encoders, self.coef):
            if coef == 0 and not crit.required:
                continue
            s = enc.block(rows)
            if coef:
                s_scaled = np.multiply(s, coef, out=s if s.dtype == np.float64 else None)
                score += s_scaled
                s = s_scaled
            if crit.required:
                ok = next(req)[part]
                np.greater(s, 0, out=ok)
                allowed &= ok
        allowed &= score >= self.min_score - SCORE_EPS

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
