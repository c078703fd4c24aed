"""What the pages say when there is nothing to show or something went wrong."""
import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_landing_shows_an_empty_state_when_no_cohort_is_open(page):
    page.route("**/api/cohorts", lambda route: route.fulfill(
        status=200, content_type="application/json", body="[]"))
    page.goto("/")
    expect(page.locator("main").get_by_text("No cohorts are open for enrolment right now.")).to_be_visible()
    expect(page.get_by_role("link", name="Enrol in")).to_have_count(0)


def test_landing_lists_the_open_cohort_with_its_enrolment_link(page):
    page.goto("/")
    cohorts = page.request.get("/api/cohorts").json()
    cards = page.locator("#cohorts li.cohort")
    expect(cards).to_have_count(len(cohorts))
    first = cohorts[0]
    link = cards.first.get_by_role("link", name=f"Enrol in {first['name']}")
    expect(link).to_have_attribute("href", f"/enrol.html?cohort={first['id']}")


def test_enrolment_page_for_an_unknown_cohort(page):
    page.goto("/enrol.html?cohort=no-such-cohort")
    expect(page.get_by_role("heading", name="Cohort not found")).to_be_visible()
    expect(page.get_by_role("link", name="See the cohorts open for enrolment")).to_be_visible()


def test_enrolment_page_without_a_cohort(page):
    page.goto("/enrol.html")
    expect(page.get_by_role("heading", name="Choose a cohort")).to_be_visible()


def test_a_closed_cohort_shows_no_form(page):
    cohort_id = page.request.get("/api/cohorts").json()[0]["id"]

    def closed(route):
        body = route.fetch().json()
        body["status"] = "closed"
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    page.route(f"**/api/cohorts/{cohort_id}", closed)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    expect(page.get_by_text("Enrolment for this cohort is not open.")).to_be_visible()
    expect(page.get_by_text("Status: Closed")).to_be_visible()  # the label /api/lifecycle gives
    expect(page.locator("form")).to_have_count(0)


def test_admin_page_shows_empty_programs(page, admin):
    from tests.browser.actions import sign_in
    page.route("**/api/admin/programs", lambda route: route.fulfill(
        status=200, content_type="application/json", body="[]"))
    sign_in(page, admin)
    expect(page.locator("main").get_by_text("There are no programs yet.")).to_be_visible()
    expect(page.get_by_role("link", name="New program")).to_be_visible()
