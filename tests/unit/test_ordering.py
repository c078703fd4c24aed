"""The order a parallel run hands out test files (tests/ordering.py)."""
from dataclasses import dataclass

from tests.ordering import order


@dataclass
class Item:
    nodeid: str


def ids(items):
    return [i.nodeid for i in items]


COLLECTED = ["tests/api/test_a.py::one", "tests/api/test_a.py::two",
             "tests/browser/test_b.py::one", "tests/unit/test_c.py::one",
             "tests/integration/test_d.py::one", "tests/integration/test_d.py::two"]


def test_without_timings_the_directories_that_start_servers_go_first():
    items = [Item(n) for n in COLLECTED]
    order(items, {})
    assert ids(items) == ["tests/integration/test_d.py::one", "tests/integration/test_d.py::two",
                          "tests/browser/test_b.py::one", "tests/api/test_a.py::one",
                          "tests/api/test_a.py::two", "tests/unit/test_c.py::one"]


def test_the_slowest_file_goes_first_and_its_tests_stay_together_in_order():
    timings = {"tests/api/test_a.py::one": 30, "tests/api/test_a.py::two": 25,
               "tests/browser/test_b.py::one": 40, "tests/unit/test_c.py::one": 0.1,
               "tests/integration/test_d.py::one": 2, "tests/integration/test_d.py::two": 1}
    items = [Item(n) for n in COLLECTED]
    order(items, timings)
    assert ids(items) == ["tests/api/test_a.py::one", "tests/api/test_a.py::two",
                          "tests/browser/test_b.py::one", "tests/integration/test_d.py::one",
                          "tests/integration/test_d.py::two", "tests/unit/test_c.py::one"]


def test_a_file_with_a_test_never_timed_goes_before_the_timed_ones():
    timings = {n: 5.0 for n in COLLECTED if "test_d" not in n} | {
        "tests/integration/test_d.py::one": 1}
    items = [Item(n) for n in COLLECTED]
    order(items, timings)
    assert ids(items)[:2] == ["tests/integration/test_d.py::one",
                              "tests/integration/test_d.py::two"]
