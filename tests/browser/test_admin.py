"""The program admin signs in, finds who enrolled, and signs out."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import enrol_through_page, find_participant, show_participants, sign_in
from tests.browser.conftest import screenshot, unique_email

pytestmark = pytest.mark.browser


def test_admin_sees_the_mentee_who_enrolled_then_signs_out(page, admin, enrolled_mentee):
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(admin.password)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_text(f"Signed in as {admin.email}")).to_be_visible()
    expect(page.get_by_role("heading", name="Programs and cohorts")).to_be_focused()
    show_participants(page, enrolled_mentee.cohort_id)

    expect(page.locator("#cohort-heading")).to_be_focused()
    expect(page.locator("#participant-counts")).to_have_text(re.compile(r"\d+ mentors?, \d+ mentees?"))
    # Newest first: the mentee who just enrolled is on the first page.
    expect(page.locator("#participants tbody tr", has_text=enrolled_mentee.email)).to_have_count(1)
    screenshot(page, "admin.png")

    row = find_participant(page, enrolled_mentee.email)
    expect(row).to_have_count(1)
    expect(page.locator("#participants tbody tr")).to_have_count(1)
    expect(row.locator("th")).to_have_text(enrolled_mentee.name)
    expect(row.locator("td").nth(0)).to_have_text(enrolled_mentee.email)
    expect(row.locator("td").nth(1)).to_have_text("Mentee")

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("main").get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    assert page.request.get("/api/admin/me").status == 401
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_is_refused_with_a_message(page, admin, admins):
    # Its failed sign-in counts against an account no other test uses.
    assert list(admins.values()).count(admin) == 1
    page.goto("/admin/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    alert = page.locator(".form-alert")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_a_name_with_markup_is_shown_as_text(page, admin):
    hostile = "<img src=x onerror=alert(1)>"
    email = unique_email("markup")
    cohort_id = page.request.get("/api/cohorts").json()[0]["id"]
    enrol_through_page(page, cohort_id, name=hostile, email=email)

    sign_in(page, admin)
    show_participants(page, cohort_id)
    row = find_participant(page, email)
    expect(row.locator("th")).to_have_text(hostile)
    assert page.locator("#participants img").count() == 0
    assert page.locator("main img").count() == 0
    # The page fixture also fails the test if an alert dialog ever opened.


def test_participants_page_through_and_filter_by_role(page, admin):
    sign_in(page, admin)
    cohort_id = page.locator("a[data-cohort]").first.get_attribute("data-cohort")
    show_participants(page, cohort_id)
    rows = page.locator("#participants tbody tr")
    expect(rows).to_have_count(25)  # the demo cohort has well over 25 people
    more = page.get_by_role("button", name=re.compile(r"^Show \d+ more"))
    more.click()
    expect(rows).to_have_count(50)
    expect(rows.nth(25).locator("th")).to_be_focused()

    page.get_by_label("Role").select_option("mentor")
    expect(rows).to_have_count(25)
    for role in rows.locator("td:nth-of-type(2)").all_inner_texts():
        assert role == "Mentor"
    page.get_by_label("Find by name or email").fill("no-such-person-xyz")
    expect(rows).to_have_count(0)
    expect(page.locator("#participants-shown")).to_have_text("No participant matches.")


def test_admin_page_works_from_the_keyboard(page, admin):
    page.goto("/admin/")
    page.get_by_label("Email address").focus()
    page.keyboard.type(admin.email)
    page.keyboard.press("Tab")
    page.keyboard.type(admin.password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Programs and cohorts")).to_be_focused()
    expect(page.locator("a[data-cohort]").first).to_be_visible()  # programs loaded

    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a[data-cohort]')"):
            break
    else:
        pytest.fail("Tab never reached a cohort's 'View participants' link")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"
    page.keyboard.press("Enter")
    expect(page.locator("#cohort-heading")).to_be_focused()


def test_an_ended_session_brings_back_the_sign_in_form(page, admin):
    # api.js turns the 401 into one `session-ended` event; the admin page
    # shows its sign-in form with the notice, and the form that met the 401
    # says nothing of its own.
    sign_in(page, admin)
    page.get_by_role("link", name="Administrators").click()
    page.get_by_label("Their email address").fill(unique_email("late"))
    page.context.clear_cookies()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("main").get_by_text("Your session has ended. Please sign in again.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_focused()
    expect(page.locator(".form-alert:visible")).to_have_count(0)
    expect(page.get_by_text("Signed in as")).to_have_count(0)
