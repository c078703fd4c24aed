"""A program's goals from the admin's pages: added in words on the program
page, kept by the next proposal, and shown on the cohort page met or not,
with what they cost and the trend across cohorts.

Its own `tandem serve`: the demo cohort is matched here, which the shared
server's other tests must not see."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible

PROGRAM, COHORT = "demo-engineering", "demo-2027-spring"
XRW = {"X-Requested-With": "tandem"}


def test_goals_are_added_in_words_kept_by_the_matcher_and_shown_per_cohort(browser, tmp_path):
    with own_server(browser, "goals@example.org") as (server, tab):
        page = tab.page
        page.goto(f"/admin/?program={PROGRAM}")
        panel = page.locator("#goals")
        expect(panel).to_contain_text("No goals yet")
        panel.get_by_label("Kind of goal").select_option("parity")
        # The question by its text, never its id.
        panel.get_by_label("Question that forms the groups").select_option(label="Your office")
        panel.get_by_label("Within (points of the whole cohort's matched rate)").fill("10")
        panel.get_by_label("The matcher must meet it (the proposal is the best one that does)").check()
        panel.get_by_role("button", name="Add goal").click()
        expect(panel.locator(".goal-list li")).to_have_count(1)
        expect(panel.locator(".goal-list")).to_contain_text(
            "Every group by “Your office” matched within 10 points of the whole cohort")
        panel.get_by_label("Kind of goal").select_option("reach")
        expect(panel.get_by_label("Group", exact=True)).to_be_visible()
        panel.get_by_label("Question that forms the groups").select_option(label="Your department")
        panel.get_by_label("Group", exact=True).select_option("Engineering")
        panel.get_by_label("At least (%)").fill("150")
        panel.get_by_role("button", name="Add goal").click()
        expect(panel).to_contain_text("Give a number from 0 to 100.")
        panel.get_by_label("At least (%)").fill("20")
        panel.get_by_role("button", name="Add goal").click()
        expect(panel.locator(".goal-list li")).to_have_count(2)
        saved = page.request.get(f"/api/admin/programs/{PROGRAM}/goals").json()
        assert [g["kind"] for g in saved["goals"]] == ["parity", "reach"]
        assert saved["goals"][0]["binding"] is True and saved["version"] == 2
        assert_accessible(page)

        assert page.request.patch(f"/api/admin/cohorts/{COHORT}", data={"status": "matching"},
                                  headers=XRW).ok
        run = page.request.post(f"/api/admin/cohorts/{COHORT}/runs", data={}, headers=XRW)
        for _ in range(400):
            done = page.request.get(f"/api/admin/runs/{run.json()['run']}").json()
            if done["status"] in ("complete", "failed"):
                break
            page.wait_for_timeout(300)
        assert done["status"] == "complete", done
        assert done["stats"]["goals"][0]["met"] is True

        page.goto(f"/admin/?cohort={COHORT}")
        section = page.locator("#cohort-goals")
        expect(section.locator("#goal-price")).to_contain_text("Meeting your goals cost")
        rows = section.locator("table.goal-table tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("Met")
        expect(section.locator("#goal-trend")).to_contain_text("met in")
        expect(section.locator("#goal-trend svg")).to_have_count(1)
        section.screenshot(path=str(tmp_path / "cohort-goals.png"))
        assert_accessible(page)

        # The program page shows the same goals across its cohorts.
        page.goto(f"/admin/?program={PROGRAM}")
        chart = page.locator("#goals #goal-trend")
        expect(chart).to_contain_text("met in 1 of 2 cohorts")
        expect(chart.locator("svg")).to_have_count(1)
        page.locator("#goals").screenshot(path=str(tmp_path / "program-goals.png"))
        assert_accessible(page)
