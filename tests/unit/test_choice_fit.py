"""The headings of a choice card ("In common", "Different", "Not given")
agree with what the matcher's explanations say of each criterion type."""
from types import SimpleNamespace

import pytest

from functions.matching import explain
from functions.vocab.matching import CRITERION_TYPES, fit


def kind_of(detail: str) -> str:
    [(kind, _)] = [(k, v) for k, v in fit([{"detail": detail}]).items() if v]
    return kind


def crit(type_: str, field: str = "department"):
    return SimpleNamespace(type=type_, name=field, mentee_field=field, mentor_field=field)


@pytest.mark.parametrize("type_,a,b,expected", [
    ("overlap", ["python", "sql"], ["sql"], "common"),
    ("overlap", ["python"], ["sql"], "different"),
    ("overlap", [], ["sql"], "unknown"),
    ("share", ["python"], [], "unknown"),
    ("same", "Data", "Data", "common"),
    ("same", "Data", "Sales", "different"),
    ("differ", "Data", "Sales", "different"),
    ("same", None, "Sales", "unknown"),
    ("gap", 2, 4, "different"),
    ("gap", 3, 3, "common"),
    ("gap", None, 4, "unknown"),
])
def test_each_criterion_types_explanations_fall_under_the_right_heading(type_, a, b, expected):
    detail = explain._DETAIL[type_](crit(type_), a, b, 0.0)
    assert kind_of(detail) == expected, detail


@pytest.mark.parametrize("field,a,b,expected", [
    ("utc_offset", 1, 1, "common"), ("utc_offset", -5, 4, "different"),
    ("years", 3, 3, "common"), ("years", 3, 10, "different"), ("years", None, 3, "unknown"),
])
def test_near_criteria_same_or_apart(field, a, b, expected):
    detail = explain._DETAIL["near"](crit("near", field), a, b, 0.0)
    assert kind_of(detail) == expected, detail


def test_rank_and_the_covered_types():
    assert kind_of(explain._DETAIL["rank"](crit("rank"), ["m1", "m2"], "m2", 0)) == "common"
    assert kind_of(explain._DETAIL["rank"](crit("rank"), ["m1"], "m2", 0)) == "different"
    assert kind_of(explain._DETAIL["rank"](crit("rank"), [], "m2", 0)) == "unknown"
    assert set(explain._DETAIL) == set(CRITERION_TYPES)  # a new type needs a case here


def test_reasons_without_words_are_left_out():
    assert fit([{"detail": ""}, {"criterion": "x"}, {"detail": "same level"}]) == {
        "common": ["same level"], "different": [], "unknown": []}
    assert fit(None) == {"common": [], "different": [], "unknown": []}
