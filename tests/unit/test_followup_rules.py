"""When a pair counts as quiet (``domain.followup.quiet_since``): pure rules, no store."""
from datetime import date

import pytest

from functions.domain.followup import QUIET_DAYS, quiet_since

TODAY = date(2027, 3, 31)
START = "2027-01-01T09:30:00+00:00"  # 89 days before TODAY


@pytest.mark.parametrize("meetings, expected", [
    ([], (None, "2027-01-01", 89)),  # none logged: from the start
    (["2027-03-01", "2027-02-01"], ("2027-03-01", "2027-03-01", 30)),  # the latest counts
    (["2027-03-02"], ("2027-03-02", "2027-03-02", 29)),
    (["2026-11-01"], ("2026-11-01", "2027-01-01", 89)),  # before the match began
    (["2027-04-10"], ("2027-04-10", "2027-04-10", -10)),  # a planned meeting
    (["not a date", "2027-03-20"], ("2027-03-20", "2027-03-20", 11)),
])
def test_quiet_counts_from_the_later_of_the_last_meeting_and_the_start(meetings, expected):
    last, since, days = quiet_since(meetings, START, TODAY)
    assert (last, since.isoformat(), days) == expected


def test_thirty_days_is_quiet_twenty_nine_is_not():
    assert quiet_since(["2027-03-01"], START, TODAY)[2] >= QUIET_DAYS
    assert quiet_since(["2027-03-02"], START, TODAY)[2] < QUIET_DAYS


def test_a_match_without_a_start_or_meeting_is_never_quiet():
    assert quiet_since([], None, TODAY) == (None, None, 0)
