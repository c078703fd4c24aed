"""The cohort life cycle's paths: how the tests' and the demo's cohorts reach a
state (only along transitions the life cycle allows, as an admin's would)."""
import pytest

from functions.vocab import lifecycle
from functions.vocab.lifecycle import CLOSED, DRAFT, ENROLLING, MATCHING, PUBLISHED, REVIEW


def test_each_state_is_reached_from_draft_by_allowed_steps_only():
    for target in lifecycle.STATES:
        steps = lifecycle.path(DRAFT, target)
        assert steps[0] == DRAFT and steps[-1] == target
        assert all(lifecycle.can_move(a, b) for a, b in zip(steps, steps[1:]))


def test_the_shortest_way_is_taken():
    assert lifecycle.path(DRAFT, DRAFT) == [DRAFT]
    assert lifecycle.path(DRAFT, ENROLLING) == [DRAFT, ENROLLING]
    # Imported people: a draft goes straight to matching, not through enrolment.
    assert lifecycle.path(DRAFT, PUBLISHED) == [DRAFT, MATCHING, REVIEW, PUBLISHED]


def test_no_way_back_from_closed():
    with pytest.raises(ValueError, match="never goes from closed to draft"):
        lifecycle.path(CLOSED, DRAFT)
