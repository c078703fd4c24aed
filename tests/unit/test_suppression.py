"""Small-cell suppression: no published count under 10, none derivable from the totals."""
import numpy as np
from hypothesis import given, settings, strategies as st

from functions.domain.suppression import THRESHOLD, extend, published, suppress

tables = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 4).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 40), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows)))


def constraints(rows: int, cols: int) -> np.ndarray:
    """The equations the published table satisfies, over its (R+1) x (C+1)
    entries: each row's cells add up to its total, each column's to its total."""
    eqs = []
    for i in range(rows):
        e = np.zeros((rows + 1, cols + 1))
        e[i, :cols], e[i, cols] = 1, -1
        eqs.append(e.ravel())
    for j in range(cols + 1):
        e = np.zeros((rows + 1, cols + 1))
        e[:rows, j], e[rows, j] = 1, -1
        eqs.append(e.ravel())
    e = np.zeros((rows + 1, cols + 1))
    e[rows, :cols], e[rows, cols] = 1, -1
    eqs.append(e.ravel())
    return np.array(eqs)


def derivable(mask: np.ndarray, rows: int, cols: int) -> list[int]:
    """Hidden entries that linear algebra on the published ones pins down:
    entry k is determined iff the unit vector e_k lies in the row space of the
    equations restricted to the hidden entries."""
    a = constraints(rows, cols)[:, mask.ravel()]
    hidden = np.flatnonzero(mask.ravel())
    rank = np.linalg.matrix_rank(a)
    out = []
    for n, k in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            out.append(int(k))
    return out


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_small_count_is_shown_and_no_hidden_one_can_be_derived(table):
    rows, cols = len(table), len(table[0])
    mask = np.array(suppress(table))
    ext = np.array(extend(table))
    assert (ext[~mask] >= THRESHOLD).all()
    if mask.any():
        assert derivable(mask, rows, cols) == []


@settings(max_examples=200, deadline=None)
@given(tables)
def test_no_hidden_count_is_a_row_or_column_total_minus_the_shown_ones(table):
    """The check a reader would make with a calculator, line by line."""
    mask = np.array(suppress(table))
    for line in [*mask, *mask.T]:
        assert line.sum() != 1


def test_published_tables_null_what_is_hidden_and_keep_the_rest():
    out = published([[12, 3], [20, 25], [30, 40]], ["a", "b", "c"], ["mentors", "mentees"])
    assert out["rows"][0]["counts"] == [None, None, 15]
    assert out["rows"][1]["counts"] == [None, None, 45]
    assert out["rows"][2]["counts"] == [30, 40, 70]
    assert out["total"] == [62, 68, 130] and out["suppressed"] == 4


def test_a_table_with_nothing_small_is_published_whole():
    assert published([[50, 60]], ["a"], ["x", "y"])["suppressed"] == 0
