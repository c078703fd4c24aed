"""axe-core finds no serious or critical accessibility violation on any page."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.actions import open_cohort, show_participants, sign_in

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def assert_accessible(page):
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> " + ", ".join(
            " ".join(n["target"]) for n in v["nodes"])
        for v in blocking)
    assert not blocking, f"axe found serious/critical violations on {page.url}:\n{report}"


def test_landing_page(page):
    page.goto("/")
    expect(page.locator("#cohorts li.cohort").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_enrolment_page(page, role):
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    page.get_by_role("radio", name=re.compile(f"^{role}", re.I)).check()
    expect(page.locator("form .question:visible").first).to_be_visible()
    assert_accessible(page)


def test_enrolment_page_showing_an_error(page):
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.locator(".field-error:visible, .form-alert:visible").first).to_be_visible()
    assert_accessible(page)


def test_admin_sign_in_page(page):
    page.goto("/admin/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    assert_accessible(page)


def test_admin_page_signed_in(page, admin):
    sign_in(page, admin)
    cohort_id = page.locator("a[data-cohort]").first.get_attribute("data-cohort")
    show_participants(page, cohort_id)
    assert_accessible(page)


# Each admin view of issue 12, on the demo data (the journey in
# test_admin_journey.py checks them again filled with its own program).
@pytest.mark.parametrize("path, ready", [
    ("/admin/?program=new", "#qb-add"),
    ("/admin/?program=demo-engineering", "#new-cohort-heading"),
    ("/admin/?cohort=demo-2027-spring&view=report", "#chart-enrolment svg"),
    ("/admin/?program=demo-engineering&view=report", "#chart-seats svg"),
    ("/admin/?view=audit", "#audit-export"),
    ("/admin/?view=admins", "table.admins"),
], ids=["new-program", "program", "cohort-dashboard", "program-dashboard", "audit", "admins"])
def test_admin_views(page, admin, path, ready):
    sign_in(page, admin, path)
    expect(page.locator(ready).first).to_be_visible()
    assert_accessible(page)
