"""The dashboard's "Engagement" section: charts from the pairs' journals with
their text alternatives, and the empty state of a cohort not published."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import sign_in
from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import COHORT, XRW, a_matched_mentee, publish, sign_in_link

pytestmark = pytest.mark.browser

REPORT = f"/admin/?cohort={COHORT}&view=report"


def test_an_unpublished_cohort_shows_the_empty_state(page, admin):
    sign_in(page, admin, REPORT)
    expect(page.locator("#chart-enrolment svg")).to_be_visible()
    empty = page.locator("#engagement-empty")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No matches are published in this cohort yet")
    expect(page.locator("#engagement svg")).to_have_count(0)
    assert_accessible(page)


def test_the_demo_winter_cohort_shows_its_journals_with_withheld_answers(page, admin):
    # The demo's published cohort (functions/local/demo_journal.py): two dozen
    # check-ins, most of them a 4, the other scores given by fewer than 10.
    sign_in(page, admin, "/admin/?cohort=demo-2026-winter&view=report")
    expect(page.locator("#chart-engagement-meetings svg[role=img]")).to_be_visible()
    satisfaction = page.locator("#chart-engagement-satisfaction")
    expect(satisfaction.locator(".chart-desc")).to_contain_text("1: fewer than 10 or withheld")
    satisfaction.get_by_text("Show the numbers").click()
    cells = satisfaction.locator("tbody td").all_inner_texts()
    assert len(cells) == 5 and "fewer than 10 or withheld" in cells
    shown = [int(c) for c in cells if c.isdigit()]
    assert shown and all(n >= 10 for n in shown)
    assert satisfaction.locator("rect").count() == len(shown)  # a withheld count is never drawn
    # Twelve people rated their skills again when their match closed: the
    # Growth chart draws each skill's two means, but the last skill's, which
    # only four rated again, shows as "fewer than 10" and draws nothing.
    growth = page.locator("#chart-engagement-growth")
    expect(growth.locator("svg[role=img]")).to_be_visible()
    expect(growth.locator(".chart-desc")).to_contain_text("so not shown")
    growth.get_by_text("Show the numbers").click()
    rows = growth.locator("tbody tr")
    texts = rows.all_inner_texts()
    withheld = [t for t in texts if "fewer than 10" in t]
    assert len(withheld) == 1 and len(texts) >= 4
    assert growth.locator("rect").count() == 2 * (len(texts) - 1)
    assert_accessible(page)


def _log_a_journal(page, data) -> None:
    """A matched mentee signs in (e-mailed link) and logs goals, meetings in
    two months and closes her match, through the participant API."""
    mentee = a_matched_mentee(page)
    assert page.request.post("/api/sign-in", data={"email": mentee}, headers=XRW).status == 202
    token = sign_in_link(data, mentee).split("#t=", 1)[1]
    assert page.request.post("/api/sign-in/token", data={"token": token}, headers=XRW).ok
    match = page.request.get("/api/me").json()["matches"][0]["id"]
    url = f"/api/matches/{match}"
    goal = page.request.post(f"{url}/goals", data={"title": "Private goal title",
                                                   "target_date": "2099-01-31"}, headers=XRW).json()["id"]
    steps = [page.request.post(f"{url}/goals/{goal}/milestones", data={"title": t}, headers=XRW).json()["id"]
             for t in ("one", "two")]
    assert page.request.patch(f"{url}/goals/{goal}/milestones/{steps[0]}", data={"done": True},
                              headers=XRW).ok
    for day in ("2026-09-03", "2026-09-17", "2026-10-01"):
        assert page.request.post(f"{url}/meetings", data={"date": day, "minutes": 30,
                                                          "notes": "Private meeting note"},
                                 headers=XRW).status == 201
    closed = page.request.post(f"{url}/closure", data={"reason": "Private closure reason", "rematch": True,
                                                       "survey": {"satisfaction": 4}}, headers=XRW)
    assert closed.status == 201, closed.text()


def test_the_engagement_charts_with_their_text_alternatives(browser):
    with own_server(browser, "engagement@example.org") as (server, tab):
        page = tab.page
        publish(page)
        _log_a_journal(page, server.data_dir)
        page.goto(REPORT)
        section = page.locator("#engagement")
        expect(section.get_by_role("heading", name="Engagement")).to_be_visible()

        meetings = page.locator("#chart-engagement-meetings")
        expect(meetings.locator("svg[role=img]")).to_be_visible()
        # The SVG is labelled by its title and the sentence that says what it shows.
        expect(meetings.locator(".chart-desc")).to_contain_text("3 meetings logged")
        expect(meetings.locator(".chart-desc")).to_contain_text("the most, 2, in 2026-09")
        assert meetings.locator("rect").count() == 1 + 1  # Sept and Oct drawn
        meetings.get_by_text("Show the numbers").click()
        rows = meetings.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("2026-09")
        expect(meetings.get_by_role("link", name=re.compile("Download CSV"))).to_be_visible()

        goals = page.locator("#chart-engagement-goals")
        expect(goals.locator("svg[role=img]")).to_be_visible()
        expect(goals.locator(".chart-desc")).to_contain_text("1 goal, 1 with milestones; 1 of 2 milestones done")
        expect(goals.locator(".chart-desc")).to_contain_text("50–75%: 1")

        # No check-in is due in the first 30 days: the empty state.
        expect(page.locator("#chart-engagement-satisfaction")).to_contain_text("No check-ins answered yet.")
        closures = page.locator("#chart-engagement-closures")
        expect(closures.locator(".chart-desc")).to_contain_text("1 match closed; 1 asked for a new partner")

        totals = page.locator("#engagement-totals")
        expect(totals).to_contain_text("Closed")
        expect(page.locator("#quiet-definition")).to_contain_text("was 30 days ago or more")
        text = section.inner_text()
        for private in ("Private goal title", "Private meeting note", "Private closure reason"):
            assert private not in text
        assert_accessible(page)


def test_engagement_logic(call):
    def data(name, *args):
        return call("engagement-data.js", name, *args)
    answer = {"published": True, "matches": 2, "suppression_threshold": 10,
              "meetings_per_month": [], "goals": {"with_milestones": 0},
              "check_ins": {"answered": 12, "not_meeting": None, "flagged": 0},
              "closures": {"count": 0}, "feedback": {"count": 3, "mean_rating": None},
              "quiet": {"count": 1, "threshold_days": 30},
              "charts": [{"id": "meetings", "title": "Meetings per month", "columns": ["month", "meetings"],
                          "rows": [], "text": "No meetings logged yet."},
                         {"id": "satisfaction", "title": "Check-in satisfaction",
                          "columns": ["score", "check-ins"], "rows": [[4, 12], [5, None]], "text": "t"}]}
    made = data("engagementCharts", answer)
    assert [c["id"] for c in made] == ["chart-engagement-meetings", "chart-engagement-satisfaction"]
    assert made[0]["rows"] == [] and made[0]["empty"] == "No meetings logged yet."
    assert made[1]["rows"] == [[4, 12], [5, None]]
    assert made[1]["hiddenText"] == "fewer than 10 or withheld"
    assert data("checkInNotes", answer) == [
        "Check-ins saying the pair had not met: fewer than 10 or withheld.",
        "Check-ins flagging a concern: 0."]
    assert dict(data("engagementTotals", answer))["Feedback given"] == "3 (a mean rating shows from 10 ratings)"
    growth = data("growthChart", {"suppression_threshold": 10, "skills": [
        {"skill": "python", "before_mean": 2.5, "after_mean": 3.75, "suppressed": False,
         "before_n": 12, "after_n": 12, "pairs_n": 12},
        {"skill": "go", "before_mean": None, "after_mean": None, "suppressed": True,
         "before_n": 4, "after_n": 3, "pairs_n": 3},
        {"skill": "sql", "before_mean": None, "after_mean": None, "suppressed": False,
         "before_n": 1, "after_n": 0, "pairs_n": 0}]})
    assert growth["rows"] == [["python", 2.5, 3.75, 12], ["go", None, None, 3]]
    assert growth["hiddenText"] == "fewer than 10"
    assert "python 2.5 before, 3.75 after (12 people)" in growth["description"]
    assert "go: rated both times by fewer than 10 people, so not shown" in growth["description"]
    assert data("growthChart", {"skills": []}) is None
