"""The program report's completion of resources by stage: people due and
done per stage, counted per person, withheld under 10 people."""
from __future__ import annotations

from functions.db import resources as store
from functions.domain import resources
from tests.api.participant_helpers import enrol, mail_app, publish  # noqa: F401
from tests.api.helpers import make_cohort
from tests.conftest import signed_in_admin

REPORT = "/api/admin/programs/p1/report"


def admin(app):
    return signed_in_admin(app.test_client())


def cohort_of_pairs(n: int, days_ago: float = 0) -> list[tuple[str, str]]:
    """Cohort c1 of program p1 with ``n`` published pairs: [(mentee, mentor)]."""
    make_cohort(cohort_id="c1", program_id="p1")
    pairs = [(enrol("c1", "mentee", f"Mentee {i}", f"mentee{i}@example.org"),
              enrol("c1", "mentor", f"Mentor {i}", f"mentor{i}@example.org")) for i in range(n)]
    publish("c1", pairs, days_ago)
    return pairs


def starter(stage: str) -> list[str]:
    return [r["id"] for r in resources.of_program("p1") if r["stage"] == stage]


def mark(pairs, who: str, rids: list[str]) -> None:
    for mentee, mentor in pairs:
        pid = mentee if who == "mentee" else mentor
        for rid in rids:
            store.mark(f"c1.{mentee}", rid, pid, True)


def stages(client) -> dict:
    body = client.get(REPORT).get_json()
    return body, {r["stage"]: r for r in body["resources"]["stages"]}


def test_each_stage_counts_the_people_due_and_those_who_did_all_of_it(mail_app):
    pairs = cohort_of_pairs(12, days_ago=20)  # 24 people, all in the first month
    first, month = starter("first-meeting"), starter("first-month")
    mark(pairs[:11], "mentee", first)          # 11 did both first-meeting resources
    mark(pairs[:12], "mentor", first[:1])      # mentors did one of two: not done
    mark(pairs, "mentee", month)               # 12 mentees did the first month's
    mark(pairs[:10], "mentor", month)          # and 10 mentors
    body, by_stage = stages(admin(mail_app))
    assert by_stage["first-meeting"] == {"stage": "first-meeting", "label": "Before the first meeting",
                                         "due": 24, "done": 11, "share": 46, "withheld": None}
    # 22 did the first month's, so only 2 have not: how many did is withheld.
    assert by_stage["first-month"] == {"stage": "first-month", "label": "The first month",
                                       "due": 24, "done": None, "share": None, "withheld": "done"}
    assert by_stage["mid-point"]["due"] == 0 and by_stage["closing"]["due"] == 0
    chart = next(c for c in body["charts"] if c["id"] == "resources")
    assert chart["rows"] == [["Before the first meeting", 24, 11, 46],
                             ["The first month", 24, None, None]]
    assert "11 of 24 (46%)" in chart["text"] and "Mid-point: nobody has reached it yet" in chart["text"]
    assert "withheld" in chart["text"]


def test_a_new_match_is_due_only_the_first_stage_and_a_person_counts_once(mail_app):
    make_cohort(cohort_id="c1", program_id="p1")
    mentor = enrol("c1", "mentor", "Busy Mentor", "busy@example.org")
    mentees = [enrol("c1", "mentee", f"Mentee {i}", f"m{i}@example.org") for i in range(10)]
    publish("c1", [(m, mentor) for m in mentees])
    for m in mentees:  # the mentor marks it in each of her ten matches
        for rid in starter("first-meeting"):
            store.mark(f"c1.{m}", rid, mentor, True)
    _, by_stage = stages(admin(mail_app))
    assert by_stage["first-meeting"]["due"] == 11  # ten mentees and one mentor
    assert by_stage["first-meeting"]["withheld"] == "done"  # 1 done, 10 not: withheld
    assert by_stage["first-month"]["due"] == 0


def test_under_ten_people_everything_is_withheld_and_said_so(mail_app):
    pairs = cohort_of_pairs(3)
    mark(pairs, "mentee", starter("first-meeting"))
    body, by_stage = stages(admin(mail_app))
    assert by_stage["first-meeting"] == {"stage": "first-meeting", "label": "Before the first meeting",
                                         "due": None, "done": None, "share": None, "withheld": "due"}
    chart = next(c for c in body["charts"] if c["id"] == "resources")
    assert chart["rows"] == [["Before the first meeting", None, None, None]]
    assert "withheld, fewer than 10 people have reached it" in chart["text"]


def test_before_publishing_the_report_says_nobody_has_reached_a_stage(mail_app):
    make_cohort(cohort_id="c1", program_id="p1")
    body, by_stage = stages(admin(mail_app))
    assert all(r["due"] == 0 for r in by_stage.values())
    chart = next(c for c in body["charts"] if c["id"] == "resources")
    assert chart["rows"] == [] and chart["text"].startswith("No published match")
