"""What every page shares: the header's nav, versioned modules, the live
region, and a clean console; and the admin views' own URLs."""
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import open_cohort, show_participants, sign_in

pytestmark = pytest.mark.browser

# Flags every element with a live role added to the page with text already in
# it: screen readers announce changes to a live region they already know.
WATCH_LIVE_REGIONS = """
window.__filledLiveRegions = [];
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (!(node instanceof Element)) continue;
      const live = [node, ...node.querySelectorAll("*")].filter((el) =>
        el.matches('[role=status], [role=alert], [role=log], [aria-live]'));
      for (const el of live) {
        if (el.textContent.trim()) window.__filledLiveRegions.push(el.outerHTML.slice(0, 120));
      }
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


@pytest.mark.parametrize("path, current", [
    ("/", "Open cohorts"), ("/index.html", "Open cohorts"), ("/me.html", "My mentoring"),
    ("/admin/", None), ("/enrol.html", None)])
def test_the_nav_marks_the_current_page(page, path, current):
    page.goto(path)
    nav = page.get_by_role("navigation", name="Site")
    expect(nav.get_by_role("link")).to_have_count(2)
    # Admin is for the few who run a program: a quiet footer link, not the header.
    expect(nav.get_by_role("link", name="Admin")).to_have_count(0)
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Program admin")).to_have_attribute(
        "href", "/admin/")
    for name in ("Open cohorts", "My mentoring"):
        link = nav.get_by_role("link", name=name, exact=True)
        if name == current:
            expect(link).to_have_attribute("aria-current", "page")
        else:
            expect(link).not_to_have_attribute("aria-current", "page")


def test_every_module_comes_from_one_version(page):
    urls = []
    page.on("request", lambda r: urls.append(r.url) if r.resource_type in ("script", "stylesheet") else None)
    page.goto("/")
    expect(page.locator("#cohorts li.cohort").first).to_be_visible()
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    expect(page.get_by_role("button", name="Enrol", exact=True)).to_be_visible()
    page.goto("/admin/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    versions = {re.match(r"https?://[^/]+/v/([0-9a-f]+)/(js|css)/", u).group(1) for u in urls}
    assert len(versions) == 1, urls
    main = next(u for u in urls if u.endswith("/js/main.js"))
    response = page.request.get(main, headers={"Accept-Encoding": "gzip"})
    assert "immutable" in response.headers["cache-control"]
    assert response.headers.get("content-encoding") == "gzip"


def test_live_regions_exist_before_they_are_filled(page, admin):
    page.add_init_script(WATCH_LIVE_REGIONS)
    page.goto("/")
    expect(page.locator("#cohorts li.cohort").first).to_be_visible()
    expect(page.locator("#announcer")).to_have_text(re.compile(r"^1 cohort open|cohorts open"))
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.locator(".form-alert")).to_be_visible()
    sign_in(page, admin)
    show_participants(page, page.locator("a[data-cohort]").first.get_attribute("data-cohort"))
    page.get_by_label("Find by name or email").fill("no-such-person-xyz")
    expect(page.locator("#announcer")).to_have_text(re.compile("No participant matches"))
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#announcer")).to_have_text(re.compile("You have signed out"))
    assert page.evaluate("window.__filledLiveRegions") == []


def test_signed_out_admin_page_logs_no_error(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/admin/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert errors == []


def test_admin_views_have_their_own_urls(page, admin):
    sign_in(page, admin)
    link = page.locator("a[data-cohort]").first
    cohort_id = link.get_attribute("data-cohort")
    expect(link).to_have_attribute("href", f"/admin/?cohort={cohort_id}")
    admin_nav = page.get_by_role("navigation", name="Admin")
    expect(admin_nav.get_by_role("link", name="Programs")).to_have_attribute("aria-current", "page")
    show_participants(page, cohort_id)
    assert page.url.endswith(f"/admin/?cohort={cohort_id}")
    expect(page.locator("#cohort-heading")).to_be_focused()
    # A cohort is part of the programs area of the admin nav.
    expect(admin_nav.get_by_role("link", name="Programs")).to_have_attribute("aria-current", "page")

    page.go_back()
    assert page.url.endswith("/admin/")
    expect(page.locator("#participants")).to_have_count(0)
    expect(page.get_by_role("heading", name="Programs and cohorts")).to_be_focused()
    page.go_forward()
    expect(page.locator("#cohort-heading")).to_be_focused()

    # The other areas have URLs too, and the nav marks the one shown.
    admin_nav.get_by_role("link", name="Audit log").click()
    assert page.url.endswith("/admin/?view=audit")
    expect(page.get_by_role("heading", name="Audit log", exact=True)).to_be_focused()
    expect(admin_nav.get_by_role("link", name="Audit log")).to_have_attribute("aria-current", "page")
    expect(admin_nav.get_by_role("link", name="Programs")).not_to_have_attribute("aria-current", "page")
    page.go_back()
    expect(page.locator("#cohort-heading")).to_be_focused()

    # A deep link, opened fresh, shows the same view; so does a reload.
    page.goto(f"/admin/?cohort={cohort_id}")
    expect(page.locator("#participants table")).to_be_visible()
    page.reload()
    expect(page.locator("#participants table")).to_be_visible()
    assert page.title() == f"{page.locator('#cohort-heading').inner_text()} · Tandem admin"
    page.goto("/admin/?cohort=no-such-cohort")
    expect(page.get_by_role("heading", name="Cohort not found")).to_be_visible()


def test_a_deep_link_survives_signing_in(page, admin):
    cohort_id = open_cohort(page)
    sign_in(page, admin, path=f"/admin/?cohort={cohort_id}")
    expect(page.locator("#participants table")).to_be_visible()


def test_status_and_type_labels_come_from_the_api(page, admin):
    def relabel(route):
        body = route.fetch().json()
        for item in body["states"] + body["program_types"]:
            item["label"] = f"[{item['label']}]"
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    page.route("**/api/lifecycle", relabel)
    sign_in(page, admin)
    row = page.locator("a[data-cohort]").first.locator("xpath=ancestor::tr")
    expect(row.locator("td").first).to_have_text("[Open for enrolment]")
    expect(page.locator(".program .meta").first).to_contain_text("[One-to-one]")
