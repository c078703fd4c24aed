"""The wall-clock time a person picks in a time zone becomes the right
instant (meeting-plan.js), in the real browser's Intl, across DST changes."""
import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("day, time, zone, instant", [
    ("2027-01-04", "10:30", "Europe/Paris", "2027-01-04T09:30:00.000Z"),      # winter, +01:00
    ("2027-07-04", "10:30", "Europe/Paris", "2027-07-04T08:30:00.000Z"),      # summer, +02:00
    ("2027-03-28", "12:00", "Europe/Paris", "2027-03-28T10:00:00.000Z"),      # the day clocks go forward
    ("2027-01-04", "09:00", "America/New_York", "2027-01-04T14:00:00.000Z"),
    ("2027-01-04", "09:00", "Asia/Kolkata", "2027-01-04T03:30:00.000Z"),      # a half-hour offset
    ("2027-01-04", "23:30", "UTC", "2027-01-04T23:30:00.000Z"),
])
def test_a_time_in_a_zone_becomes_its_instant(call, day, time, zone, instant):
    assert call("meeting-plan.js", "startInZone", day, time, zone) == instant


def test_achievements_are_goals_reached_and_recent_milestones(call):
    match = {"goals": [
        {"title": "Reached", "progress": {"done": 1, "total": 1},
         "milestones": [{"title": "a", "done": True, "updated_at": "2027-01-01T10:00:00+00:00", "updated_by": "m1"}]},
        {"title": "Going", "progress": {"done": 2, "total": 3}, "milestones": [
            {"title": "recent", "done": True, "updated_at": "2027-01-10T10:00:00+00:00", "updated_by": "m1"},
            {"title": "old", "done": True, "updated_at": "2026-11-01T10:00:00+00:00", "updated_by": "m2"},
            {"title": "open", "done": False, "updated_at": "2027-01-10T10:00:00+00:00", "updated_by": "m2"}]},
        {"title": "Empty", "progress": {"done": 0, "total": 0}, "milestones": []},
    ]}
    got = call("next-steps.js", "achievementsAt", match, {"m1": "you", "m2": "Omar"}, "2027-01-12T00:00:00Z")
    assert got == ["Goal reached: “Reached”.", "You ticked off “recent” on “Going”."]
