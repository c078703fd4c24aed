"""Candidate selection helpers: exact partial selection and the price estimate."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from functions.matching import candidates, topk


def _reference(x, k, axis):
    """What np.partition gives: entries at or above each line's k-th largest."""
    length = x.shape[axis]
    k = min(k, length)
    kth = np.take(np.partition(x, length - k, axis=axis), length - k, axis=axis)
    r, c = np.nonzero(x >= np.expand_dims(kth, axis))
    return set(zip(r.tolist(), c.tolist())), kth


@settings(max_examples=150, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 40), st.integers(1, 400)),
              elements=st.sampled_from([-1e3, -1.5, 0.0, 0.25, 0.5, 3.0, 7.75, 99.5])),
       st.integers(1, 40), st.sampled_from([0, 1]))
def test_top_pairs_equals_a_full_partition(x, k, axis):
    """The group-maxima shortcut picks exactly what a full partition would,
    ties included (the values are drawn from a small set: many ties)."""
    want, kth = _reference(x, k, axis)
    r, c, got_kth = topk.top_pairs(x, k, axis)
    assert set(zip(r.tolist(), c.tolist())) == want
    assert len(r) == len(want)                      # no pair twice
    assert np.array_equal(got_kth, kth)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30),
                          st.sampled_from([-2e3, -1e3, -7.75, -1.5, 0.0, 1e-7, 0.25, 3.0, 99.5,
                                           3.4e38, -3.4e38])), max_size=300))
def test_order_by_line_is_lexsort_with_largest_first(entries):
    """The integer-key sort gives np.lexsort's order exactly: by line, largest
    value first, equal entries in input order (many ties, negative values)."""
    line = np.array([e[0] for e in entries], dtype=np.int64)
    val = np.array([e[1] for e in entries], dtype=np.float32)
    assert np.array_equal(topk.order_by_line(line, val), np.lexsort((-val, line)))


def test_estimated_price_is_the_capacity_th_keenest_mentee():
    # Shortlists sorted by mentor, keenest first, as initial_candidates keeps them.
    mc = np.array([0, 0, 0, 1, 1, 2])
    rel = np.array([9.0, 5.0, 2.0, 4.0, -3.0, 8.0])
    first = np.searchsorted(mc, mc)
    price = candidates._estimated_prices(mc, rel, first, np.array([2, 2, 3, 1]))
    # mentor 0: 2nd keenest 5; mentor 1: 2nd keenest is -3 -> 0 (never negative);
    # mentor 2: fewer than 3 keen mentees -> 0; mentor 3: nobody -> 0.
    assert price.tolist() == [5.0, 0.0, 0.0, 0.0]


def test_priced_candidates_are_each_rows_best_at_those_prices():
    masked = np.array([[10.0, 9.0, -np.inf, 1.0],
                       [50.0, 49.0, 48.0, -np.inf]])
    def best(price):        # selection values are taken in place: fresh ones each call
        return candidates._best_at_prices([masked], [topk.selection_values(masked)], price, 2)

    r, c, s = best(np.array([0.0, 0.0, 0.0, 0.0]))
    assert sorted(zip(r.tolist(), c.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    r, c, s = best(np.array([45.0, 45.0, 0.0, 0.0]))  # the popular mentors cost more
    # row 0 at these prices: -35, -36, (not allowed), 1; row 1: 5, 4, 48, (not allowed)
    assert sorted(zip(r.tolist(), c.tolist())) == [(0, 0), (0, 3), (1, 0), (1, 2)]
    assert s[(r == 1) & (c == 2)].tolist() == [48.0]   # scores, not prices, come back


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 50),
                                   st.sampled_from([-3.0, 0.0, 0.5, 1.0, 7.25, 9.0])),
                         max_size=40), max_size=6),
       st.lists(st.integers(0, 4), min_size=6, max_size=6))
def test_shortlists_merged_in_batches_equal_one_sort_of_everything(batches, limit):
    """Merging batch by batch (and dropping entries below a full list's
    floor) keeps exactly the head of one stable sort of all entries."""
    limit = np.array(limit)
    lists = topk.Shortlists(limit)
    for batch in batches:
        mc, mr, val = (np.array([e[i] for e in batch], dtype=d)
                       for i, d in enumerate((np.int64, np.int64, np.float32)))
        ok = val >= lists.floor[mc]           # as initial_candidates filters a block
        lists.merge([(mc[ok], mr[ok], val[ok])])
    everything = [e for batch in batches for e in batch]
    mc = np.array([e[0] for e in everything], dtype=np.int64)
    val = np.array([e[2] for e in everything], dtype=np.float32)
    order = np.lexsort((-val, mc))
    rank = np.arange(len(mc)) - np.searchsorted(mc[order], mc[order])
    head = [everything[i] for i, r in zip(order, rank) if r < limit[everything[i][0]]]
    assert list(zip(lists.mc.tolist(), lists.mr.tolist(), lists.value.tolist())) == \
        [(a, b, float(np.float32(c))) for a, b, c in head]
