"""The ``tab`` fixture's pages share one browser context: what one test leaves
there must not reach the next. The first test signs an admin in and leaves
marks in both storages; the second, run after it in this file, must see a
first visit. Each holds on its own; together they hold the fixture."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.actions import sign_in

MARK = "tandem-test-mark"


def test_a_signed_in_admin_leaves_a_session_and_marks(page, admin):
    sign_in(page, admin)
    page.evaluate(f"localStorage.setItem('{MARK}', '1'); sessionStorage.setItem('{MARK}', '1')")
    page.route("**/api/cohorts", lambda route: route.fulfill(status=503, body="{}"))
    assert page.context.cookies(), "signing in should set a session cookie"
    assert page.evaluate(f"localStorage.getItem('{MARK}')") == "1"


def test_the_next_page_starts_as_a_first_visit(page):
    assert page.context.cookies() == []
    page.goto("/admin/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    assert page.evaluate(f"[localStorage.getItem('{MARK}'), sessionStorage.getItem('{MARK}')]") \
        == [None, None]
    # The route the first test set went with its page: the list answers.
    page.goto("/")
    expect(page.locator("#cohorts li.cohort").first).to_be_visible()
