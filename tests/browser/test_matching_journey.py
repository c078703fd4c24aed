"""A program manager matches a cohort in the browser, and a mentee sees why.

Its own `tandem serve` (the demo cohort is moved through its life cycle here,
which the shared server's other tests must not see)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from functions import notify
from functions.settings import Settings
from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible

COHORT = "demo-2027-spring"


def test_admin_tunes_the_policy_matches_publishes_and_a_mentee_sees_why(browser):
    with own_server(browser, "matcher@example.org") as (server, tab):
        page = tab.page
        data = server.data_dir
        moved = page.request.patch(f"/api/admin/cohorts/{COHORT}", data={"status": "matching"},
                                   headers={"X-Requested-With": "tandem"})
        assert moved.ok, moved.text()
        page.goto(f"/admin/matching.html?cohort={COHORT}")
        expect(page.get_by_role("heading", name="Policy (version 0)")).to_be_visible()
        assert_accessible(page)

        # Edit a weight and try it before committing to it.
        skills = page.get_by_label("Weight").first
        skills.evaluate("el => { el.value = '70'; el.dispatchEvent(new Event('input')); }")
        page.get_by_role("button", name="Try it first (what-if)").click()
        expect(page.locator("#run-status")).to_contain_text("would change", timeout=60_000)
        page.get_by_role("button", name="Save as version 1").click()
        expect(page.get_by_role("heading", name="Policy (version 1)")).to_be_visible()

        page.get_by_role("button", name="Match now").click(timeout=60_000)  # the what-if's table may still be settling
        caption = page.locator("#proposal caption")
        expect(caption).to_contain_text("matched", timeout=60_000)
        first_row = page.locator("#proposal tbody tr").first
        # Each cell holds the name (a link to the profile) and a second line (e-mail, department).
        mentee_name = first_row.locator("td").nth(0).get_by_role("link").inner_text()
        mentor_name = first_row.locator("td").nth(1).get_by_role("link").inner_text()
        expect(page.get_by_role("heading", name="Equity audit")).to_be_visible()
        expect(page.get_by_role("table", name="Gender")).to_contain_text("not said")
        first_row.get_by_text("reasons").click()
        expect(first_row.locator("li").first).to_contain_text("skills")
        assert_accessible(page)

        # Lock that pair; the next run keeps it (the engine's require).
        first_row.get_by_role("button", name=f"Lock {mentee_name} with {mentor_name}").click()
        expect(page.locator("#announcer")).to_contain_text("Locked")
        locks = page.request.get(f"/api/admin/cohorts/{COHORT}/adjustments").json()
        assert [a["kind"] for a in locks] == ["lock"]
        # The lock makes the proposal out of date: the page says why and offers "Match again"
        # in place of "Match now" (clicking the old button before the redraw was a race).
        expect(page.locator("#stale-warning")).to_contain_text("pairs were locked", timeout=60_000)
        expect(page.get_by_role("button", name="Match now")).to_have_count(0)
        page.get_by_role("button", name="Match again").click()
        expect(page.locator("#announcer")).to_contain_text("Matching is complete", timeout=60_000)
        expect(page.locator("#proposal tbody tr").filter(has_text=mentee_name).first).to_contain_text(mentor_name)

        page.get_by_role("button", name="Publish these matches…").click()
        page.get_by_role("button", name=re.compile("Yes: publish")).click()
        expect(page.get_by_text("Status: published")).to_be_visible()

        outbox = Settings(data_dir=str(data))
        for _ in range(100):
            mail = [m for m in notify.outbox(outbox) if "your match is ready" in m["Subject"]]
            text = next((m.get_content() for m in mail
                         if f"ready: {mentor_name}." in m.get_content()
                         and mentee_name.split()[0] in m.get_content()), None)
            if text:
                break
            page.wait_for_timeout(300)
        assert text, "no e-mail for the first mentee"
        link = re.search(r"http://\S+/match\.html#t=\S+", text).group(0)
        page.goto(link)
        expect(page.get_by_role("heading", name=f"{mentor_name}, your mentor")).to_be_visible()
        expect(page.get_by_role("heading", name="Why we matched you")).to_be_visible()
        assert "#t=" not in page.url  # the token left the address bar
        assert_accessible(page)
        tab.assert_clean()
