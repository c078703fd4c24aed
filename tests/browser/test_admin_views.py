"""The admin views of issue 12 on the shared demo server, without changing
its data: the builder from the keyboard, the checks before sending, and
"Match now" showing the API's refusal."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import sign_in

pytestmark = pytest.mark.browser

DEMO_COHORT = "demo-2027-spring"


def test_the_questionnaire_builder_works_from_the_keyboard(page, admin):
    sign_in(page, admin, "/admin/?program=new")
    expect(page.locator(".qb-item")).to_have_count(4)
    first = page.locator("#qb-0-label").input_value()

    page.get_by_role("button", name="Move down question 1").focus()
    page.keyboard.press("Enter")
    # Focus follows the question it moved; the move is said aloud.
    expect(page.get_by_role("button", name="Move down question 2")).to_be_focused()
    expect(page.locator("#qb-1-label")).to_have_value(first)
    expect(page.locator("#announcer")).to_have_text(re.compile("^Question moved to position 2 of 4"))
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"
    # The first question cannot move up: its button says so by being disabled.
    expect(page.get_by_role("button", name="Move up question 1")).to_be_disabled()

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Remove question 2")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".qb-item")).to_have_count(3)
    # Focus lands in the question that took its place.
    expect(page.locator("#qb-1-label")).to_be_focused()
    assert page.locator("#qb-1-label").input_value() != first


def test_the_program_form_lists_every_problem_before_sending(page, admin):
    sent = []
    page.route("**/api/admin/programs", lambda route: (sent.append(route.request.method), route.continue_()))
    sign_in(page, admin, "/admin/?program=new")
    page.get_by_role("button", name="Add question").click()
    page.locator("#qb-4-type").select_option("choice")
    page.get_by_role("button", name="Create program").click()

    alert = page.locator(".program-form .form-alert")
    expect(alert).to_be_focused()
    expect(alert.get_by_role("heading")).to_have_text("There are 3 problems with your answers")
    expect(page.locator("#program-name-error")).to_have_text("Give the program a name.")
    expect(page.locator("#qb-4-options-error")).to_contain_text("at least two options")
    alert.get_by_role("link", name=re.compile("^Question 5 needs")).click()
    expect(page.locator("#qb-4-label")).to_be_focused()
    expect(page.locator("#qb-4-label")).to_have_attribute("aria-invalid", "true")
    assert "POST" not in sent, "nothing is sent while the form has problems"


def test_the_preview_shows_each_role_its_own_questions(page, admin):
    sign_in(page, admin, "/admin/?program=new")
    preview = page.locator(".preview")
    expect(preview.locator(".question")).to_have_count(3)  # a mentee's: wants, languages, level
    preview.get_by_label("a mentor").check()
    expect(preview.get_by_text("What can you help with?")).to_be_visible()
    page.locator("#qb-0-label").fill("What could you teach?")
    expect(preview.get_by_text("What could you teach?")).to_be_visible()
    page.locator("#qb-0-role-mentor").uncheck()
    expect(preview.get_by_text("What could you teach?")).to_have_count(0)


def test_match_now_shows_why_the_api_refuses(page, admin):
    # The demo cohort is open for enrolment: the API will not match it yet.
    sign_in(page, admin, f"/admin/?cohort={DEMO_COHORT}")
    page.get_by_role("button", name="Match now").click()
    error = page.locator("#run-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("close enrolment")
    expect(page.get_by_role("button", name="Match now")).to_be_enabled()
    assert page.request.get(f"/api/admin/cohorts/{DEMO_COHORT}/overview").json()["status"] == "enrolling"


def test_leaving_the_program_builder_with_unsaved_edits_asks_first(page, admin):
    sign_in(page, admin, "/admin/")
    page.get_by_role("link", name="New program").first.click()
    page.locator("#program-name").fill("Graduate mentoring")
    page.go_back()
    # The page asks, in the page; staying keeps the builder and her edit.
    question = page.get_by_role("alert").filter(has_text="not saved")
    expect(question).to_be_visible()
    expect(page.get_by_role("button", name="Stay and keep editing")).to_be_focused()
    page.get_by_role("button", name="Stay and keep editing").click()
    expect(question).to_have_count(0)
    expect(page.locator("#program-name")).to_have_value("Graduate mentoring")
    assert "program=new" in page.url
    # Leaving is her choice too: then the builder is gone, without another question.
    page.go_back()
    page.get_by_role("button", name="Leave without saving").click()
    expect(page.locator("#program-name")).to_have_count(0)
    assert "program=new" not in page.url
