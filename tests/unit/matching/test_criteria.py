"""One test per criterion type: the formulas of docs/matching.md, missing and empty values."""
import numpy as np
import pytest

from functions.matching import suggest
from functions.matching.criteria import Scorer
from functions.matching.schema import parse_cohort

from .conftest import random_cohort, ref_allowed


def sim(crit, mentee, mentor):
    """Similarity and detail of one criterion for a one-by-one cohort."""
    crit = {"name": "c", "weight": 1, **crit}
    cohort = {"criteria": [crit], "mentors": [{"id": "m1", **mentor}],
              "mentees": [{"id": "e1", **mentee}]}
    (found,) = suggest(cohort, "e1", 1)
    (reason,) = found["reasons"]
    return reason["similarity"], reason["detail"]


OVERLAP = {"type": "overlap", "mentee_field": "wants", "mentor_field": "offers"}


@pytest.mark.parametrize("wants, offers, expected, detail", [
    (["python", "leadership"], ["python", "sql"], 0.5, "shares python"),
    (["python", "sql"], ["sql", "python", "go"], 1.0, "shares python, sql"),
    (["python", "python", "go"], ["python"], 0.5, "shares python"),   # a set: |a| = 2
    ("python", ["python"], 1.0, "shares python"),                    # scalar = one item
    (["go"], "go", 1.0, "shares go"),
    (["rust"], ["python"], 0.0, "no shared c"),
    ([], ["python"], 0.0, "mentee lists no wants"),
    (None, ["python"], 0.0, "mentee lists no wants"),
    (["python"], [], 0.0, "mentor lists no offers"),
    ("", ["python"], 0.0, "mentee lists no wants"),
])
def test_overlap_is_share_of_wanted(wants, offers, expected, detail):
    mentee = {} if wants is None else {"wants": wants}
    assert sim(OVERLAP, mentee, {"offers": offers}) == (expected, detail)


@pytest.mark.parametrize("a, b, expected", [
    (["en", "de"], ["de"], 1.0), (["en"], ["fr", "it"], 0.0), ("en", "en", 1.0),
    ([], ["en"], 0.0), (["en"], None, 0.0), (["en", "de"], ["en", "de"], 1.0),
])
def test_share_is_any_common_element(a, b, expected):
    mentee = {} if a is None else {"lang": a}
    mentor = {} if b is None else {"lang": b}
    assert sim({"type": "share", "field": "lang"}, mentee, mentor)[0] == expected


@pytest.mark.parametrize("a, b, same, differ", [
    ("Berlin", "Berlin", 1.0, 0.0), ("Berlin", "Paris", 0.0, 1.0),
    (None, "Berlin", 0.0, 0.0), ("", "Berlin", 0.0, 0.0), ("Berlin", None, 0.0, 0.0),
    (3, 3, 1.0, 0.0),
])
def test_same_and_differ_with_missing_values(a, b, same, differ):
    mentee = {} if a is None else {"office": a}
    mentor = {} if b is None else {"office": b}
    assert sim({"type": "same", "field": "office"}, mentee, mentor)[0] == same
    assert sim({"type": "differ", "field": "office"}, mentee, mentor)[0] == differ


def test_same_and_differ_details():
    assert sim({"type": "same", "field": "office"}, {"office": "A"}, {"office": "A"})[1] \
        == "same office"
    assert sim({"type": "differ", "field": "department"}, {"department": "A"},
               {"department": "B"})[1] == "different department"


@pytest.mark.parametrize("target, a, b, expected, detail", [
    (2, 1, 5, 1.0, "4 levels more senior"),
    (4, 1, 3, 0.5, "2 levels more senior"),
    (2, 3, 3, 0.0, "same level"),
    (2, 5, 1, 0.0, "4 levels less senior"),
    (-2, 5, 4, 0.5, "1 level less senior"),      # reverse mentoring
    (-2, 5, 1, 1.0, "4 levels less senior"),
    (-2, 1, 5, 0.0, "4 levels more senior"),
    (2, None, 5, 0.0, "mentee gives no seniority"),
    (2, 1, None, 0.0, "mentor gives no seniority"),
])
def test_gap_clips_difference_over_target(target, a, b, expected, detail):
    mentee = {} if a is None else {"seniority": a}
    mentor = {} if b is None else {"seniority": b}
    got = sim({"type": "gap", "field": "seniority", "target": target}, mentee, mentor)
    assert got == (expected, detail)


@pytest.mark.parametrize("a, b, expected, detail", [
    (2, 1, 0.8333, "1 hour apart"), (0, 0, 1.0, "same time zone"),
    (-5, 3, 0.0, "8 hours apart"), (1, 4, 0.5, "3 hours apart"),
    (None, 1, 0.0, "mentee gives no utc_offset"),
])
def test_near_decays_with_distance(a, b, expected, detail):
    mentee = {} if a is None else {"utc_offset": a}
    mentor = {} if b is None else {"utc_offset": b}
    got = sim({"type": "near", "field": "utc_offset", "scale": 6}, mentee, mentor)
    assert got == (expected, detail)


@pytest.mark.parametrize("ranked, expected, detail", [
    (["m1", "m2", "m3"], 1.0, "ranked #1 of 3"),
    (["m2", "m1", "m3"], 0.6667, "ranked #2 of 3"),
    (["m2", "m3", "m1"], 0.3333, "ranked #3 of 3"),
    (["m2"], 0.0, "not ranked by the mentee"),
    ([], 0.0, "mentee ranked no mentors"),
    ("m1", 1.0, "ranked #1 of 1"),
])
def test_rank_is_position_in_mentee_list(ranked, expected, detail):
    got = sim({"type": "rank", "mentee_field": "prefs"}, {"prefs": ranked}, {})
    assert got == (expected, detail)


def test_score_is_weighted_mean_and_points_are_shares(example):
    example["forbid"], example["require"] = [], []
    (found,) = suggest(example, "e1", 1)
    points = {r["criterion"]: r["points"] for r in found["reasons"]}
    assert points == {"skills": 20.0, "language": 10.0, "dept": 10.0, "level": 20.0,
                      "tz": 12.5, "site": 0.0, "choice": 0.0}
    assert found["score"] == 72.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_block_equals_pair_by_pair_reference(seed):
    rng = np.random.default_rng(seed)
    cohort = random_cohort(rng, 40, 15, min_score=30, n_forbid=20)
    cohort["mentees"][0]["skills"] = []
    cohort["mentors"][0].pop("tz")
    scorer = Scorer(parse_cohort(cohort))
    block = scorer.block(np.arange(40))
    score, allowed = ref_allowed(cohort)
    np.testing.assert_allclose(block.score, score, atol=1e-9)
    np.testing.assert_array_equal(block.allowed, allowed)
    e, m = np.nonzero(np.ones((40, 15), bool))
    pair = scorer.pair_scores(scorer.pair_similarities(e, m))
    np.testing.assert_array_equal(pair, block.score.ravel())   # bit for bit


def test_block_options_mask_select_and_limit_to_active_mentors(monkeypatch):
    """``active``, ``mask`` and ``select`` give what the plain block and the
    separate helpers give, also when a block spans several slices."""
    from functions.matching import criteria
    from functions.matching.topk import selection_values
    monkeypatch.setattr(criteria, "_SLICE_CELLS", 45)      # 3 rows per slice
    rng = np.random.default_rng(7)
    cohort = random_cohort(rng, 40, 15, min_score=30, n_forbid=20)
    scorer = Scorer(parse_cohort(cohort))
    rows = np.arange(3, 40, 2)
    active = rng.random(15) > 0.3
    plain = scorer.block(rows)
    allowed = plain.allowed & active[None, :]
    got = scorer.block(rows, active=active, select=True, mask=True)
    np.testing.assert_array_equal(got.allowed, allowed)
    np.testing.assert_array_equal(got.score, np.where(allowed, plain.score, -np.inf))
    np.testing.assert_array_equal(got.select, selection_values(plain.score, allowed))
    unmasked = scorer.block(rows, active=active, select=True)
    np.testing.assert_array_equal(unmasked.score, plain.score)
    np.testing.assert_array_equal(unmasked.select, got.select)
