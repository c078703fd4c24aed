"""The matching page's equity audit, by self-identification or by a question.

Its own `tandem serve`: the demo cohort is matched here, which the shared
server's other tests must not see."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible

COHORT = "demo-2027-spring"
XRW = {"X-Requested-With": "tandem"}


def test_the_audit_by_department_lists_every_department_of_the_mentees(browser):
    with own_server(browser, "equity@example.org") as (server, tab):
        page = tab.page
        assert page.request.patch(f"/api/admin/cohorts/{COHORT}", data={"status": "matching"},
                                  headers=XRW).ok
        run = page.request.post(f"/api/admin/cohorts/{COHORT}/runs", data={}, headers=XRW)
        assert run.status == 202, run.text()
        for _ in range(200):
            status = page.request.get(f"/api/admin/runs/{run.json()['run']}").json()["status"]
            if status in ("complete", "failed"):
                break
            page.wait_for_timeout(300)
        assert status == "complete", status
        page.goto(f"/admin/matching.html?cohort={COHORT}")
        expect(page.locator("#proposal caption")).to_contain_text("matched")
        section = page.locator("section", has=page.get_by_role("heading", name="Equity audit"))
        expect(section.get_by_role("table", name="Gender")).to_contain_text("not said")

        audit_by = page.get_by_label("Audit by")
        options = audit_by.locator("option").all_inner_texts()
        assert options == ["Self-identification", "Your department", "Your office"]
        audit_by.select_option(label="Your department")
        table = section.get_by_role("table", name="Your department")
        expect(table).to_be_visible()
        expect(section.get_by_role("table", name="Gender")).to_have_count(0)
        expect(section.locator("#equity-about")).to_contain_text("Audited by “Your department”")
        people = page.request.get(f"/api/admin/cohorts/{COHORT}/participants?role=mentee").json()
        people = people["participants"] if isinstance(people, dict) else people
        departments = {p["answers"]["department"] for p in people}
        groups = table.locator("tbody th").all_inner_texts()
        assert sorted(groups) == sorted(departments) and len(groups) > 5
        cells = table.locator("tbody td").all_inner_texts()
        assert "fewer than 10 (hidden)" in cells
        assert all(int(c) >= 10 for c in cells if c.isdigit())
        section.screenshot(path="/tmp/equity.png")
        assert_accessible(page)
