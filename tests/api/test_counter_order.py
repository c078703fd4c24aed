"""The limit counters (``functions.db.login_counters.take``) try a new window
first when the counter is likely new (an address enrolling): the same answers
as the usual order, one DynamoDB call fewer for a new counter."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from functions.db import LoginCounter, login_counters
from functions.local import call_counts

WINDOW = timedelta(hours=1)


def updates(fn) -> tuple[object, int]:
    call_counts.enable()
    call_counts.reset()
    try:
        got = fn()
        return got, sum(c["calls"].get("UpdateItem", 0) for c in call_counts.snapshot().values())
    finally:
        call_counts.disable()
        call_counts.reset()


def test_both_orders_count_and_refuse_alike_and_a_new_counter_is_one_call(tables):
    for likely_new in (False, True):
        name = f"order-{likely_new}"
        seen = [updates(lambda: login_counters.take(name, 3, WINDOW, likely_new=likely_new))
                for _ in range(4)]
        assert [(g.taken, g.attempts) for g, _ in seen] == [
            (True, 1), (True, 2), (True, 3), (False, 3)]
        # A new counter: one update when a new window is tried first, two otherwise.
        assert seen[0][1] == (1 if likely_new else 2)


def test_a_window_that_is_over_starts_again_in_either_order(tables):
    for likely_new in (False, True):
        name = f"over-{likely_new}"
        for _ in range(3):
            login_counters.take(name, 3, WINDOW, likely_new=likely_new)
        LoginCounter(email_hash=name).update(actions=[LoginCounter.window_ends.set(
            datetime.now(timezone.utc) - timedelta(seconds=1))])
        got = login_counters.take(name, 3, WINDOW, likely_new=likely_new)
        assert (got.taken, got.attempts) == (True, 1)
