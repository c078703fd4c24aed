"""One-byte score bounds: never below a score, and a certificate pass on them
finds every pair that breaks the prices, wherever it sits."""
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from functions.matching import candidates, match_cohort, solver
from functions.matching.bounds import LEVELS, STEP, Bounds, half_prices, quantize
from functions.matching.criteria import Scorer
from functions.matching.schema import parse_cohort

from .conftest import random_cohort


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 40)),
              elements=st.one_of(st.floats(0, 100), st.sampled_from([0.0, 0.5, 20.0, 100.0]))),
       st.data())
def test_a_bound_is_never_below_the_score_and_within_a_step(score, data):
    allowed = data.draw(arrays(bool, score.shape))
    q = quantize(score, allowed)
    assert (q[~allowed] == 0).all()
    bound = LEVELS[q[allowed]]
    assert (bound >= score[allowed]).all()
    assert (bound - score[allowed] < STEP + 1e-12).all()


def _setting(rows_per_block=7):
    """A scorer, its masked scores and bounds in blocks of a few rows."""
    cohort = random_cohort(np.random.default_rng(3), 60, 25, 1.0, min_score=20, n_forbid=40)
    scorer = Scorer(parse_cohort(cohort))
    block = scorer.block(np.arange(scorer.n), mask=True)
    bounds = Bounds()
    for a in range(0, scorer.n, rows_per_block):
        part = block.score[a:a + rows_per_block]
        bounds.blocks.append(quantize(np.where(np.isfinite(part), part, 0.0), np.isfinite(part)))
    return scorer, block.score, bounds


def _found(result):
    return set() if result is None else set(zip(result[0].tolist(), result[1].tolist()))


@pytest.mark.parametrize("where", ["first", "last", "block edge", "middle"])
@pytest.mark.parametrize("excess", [2e-6, 0.3, 7.0])
def test_a_planted_pair_beating_the_prices_is_found(where, excess):
    """Prices under which every pair is exactly tight or slack, then one
    mentee's utility lowered so that a single pair beats its seat price by
    ``excess``: the bounded pass finds it (and nothing else), as the scored
    pass does. Tiny excesses are inside the bound's step: the exact score
    must decide."""
    scorer, masked, bounds = _setting()
    big = 100.0 * (scorer.n + 1)
    rng = np.random.default_rng(0)
    v = rng.uniform(0, 30, scorer.m)
    v[rng.random(scorer.m) < 0.2] = big + rng.uniform(0, 10)      # some "expensive" seats
    rows = np.arange(scorer.n)
    allowed_rows = np.flatnonzero(np.isfinite(masked).any(axis=1))
    with np.errstate(invalid="ignore"):
        red = masked - v[None, :]
    u_minus_big = np.where(np.isfinite(masked).any(axis=1), red.max(axis=1), -big)
    i = {"first": allowed_rows[0], "last": allowed_rows[-1], "block edge": 13,
         "middle": allowed_rows[len(allowed_rows) // 2]}[where]
    if not np.isfinite(masked[i]).any():
        i = allowed_rows[allowed_rows > i][0]
    j = int(np.nanargmax(np.where(np.isfinite(masked[i]), red[i], np.nan)))
    # Second-best pair of row i must stay below the planted one by more than
    # the excess, so that exactly one pair breaks the prices.
    others = np.delete(np.where(np.isfinite(masked[i]), red[i], -np.inf), j)
    u_minus_big[i] -= excess
    expect = {(i, j)} | {(i, int(c if c < j else c + 1))
                         for c in np.flatnonzero(others - u_minus_big[i] > candidates.TOLERANCE)}
    got = bounds.violations(scorer, rows, u_minus_big, v, 100, 0.0, candidates.TOLERANCE,
                            candidates.in_blocks)
    scored = candidates.violations(scorer, rows, np.ones(scorer.m, int), u_minus_big, v, None,
                                   100)
    assert _found(got) == expect == _found(scored)
    assert got[2][0] == pytest.approx(masked[i, j], abs=0)        # the exact score comes back


def test_no_pair_is_flagged_under_prices_that_prove_a_solution():
    scorer, masked, bounds = _setting()
    big = 100.0 * (scorer.n + 1)
    v = np.full(scorer.m, 10.0)
    with np.errstate(invalid="ignore"):
        u_minus_big = np.where(np.isfinite(masked).any(axis=1),
                               (masked - v[None, :]).max(axis=1), -big)
    assert bounds.violations(scorer, np.arange(scorer.n), u_minus_big, v, 100, 0.0,
                             candidates.TOLERANCE, candidates.in_blocks) is None


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("tightness", [0.6, 1.0, 1.4])
def test_bounded_certificates_reach_the_baselines_optimum(seed, tightness, monkeypatch):
    """With the cache off every certificate pass runs on the bounds (at
    1,200 x 300, many rounds): the fast matcher still ends at scipy's optimum."""
    monkeypatch.setattr(solver, "CACHE_CELLS", 0)
    cohort = random_cohort(np.random.default_rng(seed), 1200, 300, tightness, min_score=25,
                           n_forbid=80)
    stages = []
    fast = match_cohort(cohort, progress=stages.append)
    plain = match_cohort(cohort, method="baseline")
    assert "falling back to the full assignment" not in stages
    assert fast.stats["matched"] == plain.stats["matched"]
    assert fast.total_score == pytest.approx(plain.total_score, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_int16_read_flags_the_same_pairs_as_the_float64_read(data):
    """The first read in whole half points (``half_prices``) only narrows
    where the float64 arithmetic looks: the pairs flagged are the same, in the
    same order, whether the prices carry M or not, with seats that have no
    price, unmatched mentees and excesses landing on the floor itself."""
    n, m = data.draw(st.integers(1, 25)), data.draw(st.integers(1, 40))
    start = data.draw(st.integers(0, 3))
    q = data.draw(arrays(np.uint8, (n, m), elements=st.integers(0, 201)))
    big = data.draw(st.sampled_from([0.0, 6_100.0, 10_000_100.0]))
    small = st.one_of(st.floats(-40, 120), st.sampled_from([0.0, 0.5, 1 / 3, 2 / 3, 20.0]))
    v = big + data.draw(arrays(np.float64, m, elements=small))
    v[data.draw(arrays(bool, m))] = np.inf                       # no seats
    u_minus_big = data.draw(arrays(np.float64, start + n, elements=small)) - big
    floor = data.draw(st.sampled_from([0.0, -2.0, -6.0])) + candidates.TOLERANCE - 1e-3
    # Some mentees' utilities put one of their pairs exactly on the floor.
    for i in data.draw(st.lists(st.integers(0, n - 1), max_size=n)):
        j = data.draw(st.integers(0, m - 1))
        if q[i, j] and np.isfinite(v[j]):
            u_minus_big[start + i] = LEVELS[q[i, j]] - v[j] - floor
    halves = half_prices(v)
    assume(halves is not None)
    bounds = Bounds()
    got = bounds.flagged(start, q, u_minus_big, v, floor, halves)
    plain = bounds.flagged(start, q, u_minus_big, v, floor)
    assert [x.tolist() for x in got] == [x.tolist() for x in plain]


def test_prices_spread_wider_than_int16_take_the_float64_read():
    assert half_prices(np.array([0.0, 10_000_100.0, np.inf])) is None
    assert half_prices(np.array([np.inf])) is None
    v0, a = half_prices(np.array([10_000_100.5, 10_000_103.25, np.inf]))
    assert v0 == 10_000_100.5 and a.tolist() == [0, 5, 12_000]
