"""A person enrols through the public pages."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import fill_enrolment, open_cohort
from tests.browser.conftest import unique_email

pytestmark = pytest.mark.browser


def test_mentee_enrols_through_the_page(enrolled_mentee):
    body, headers = enrolled_mentee.request, enrolled_mentee.headers
    assert headers["x-requested-with"] == "tandem"
    assert headers["content-type"].startswith("application/json")
    assert body["role"] == "mentee"
    assert body["name"] == enrolled_mentee.name
    assert body["email"] == enrolled_mentee.email
    assert body["consent"] is True
    assert body["answers"], "the mentee's answers should be sent"
    assert "capacity" not in body, "only mentors give a capacity"
    assert "self_id" not in body, "self-identification needs its own consent"
    assert "about your enrolment in" in enrolled_mentee.success_text
    assert "as a mentee" in enrolled_mentee.success_text
    assert enrolled_mentee.email in enrolled_mentee.success_text


def sent_enrolments(page) -> list:
    """The enrolment requests the page sends from now on."""
    sent = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/enrollments") else None)
    return sent


def test_bad_email_is_shown_inline_and_linked_from_the_summary(page):
    cohort_id = open_cohort(page)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    fill_enrolment(page, role="mentee", name="Sam Doe", email="sam.example.org")
    sent = sent_enrolments(page)
    button = page.get_by_role("button", name="Enrol", exact=True)
    button.click()

    summary = page.locator(".form-alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem with your answers")
    expect(summary.locator("li")).to_have_count(1)
    email = page.get_by_label("Email address")
    message = page.locator("#email-error")
    expect(message).to_have_text("Enter an email address like name@example.org.")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bemail-error\b"))
    expect(button).to_be_enabled()
    assert not sent, "a form with problems is not sent"

    summary.get_by_role("link", name="Enter an email address like name@example.org.").click()
    expect(email).to_be_focused()
    # Fixing the address clears the message and the enrolment goes through.
    email.fill(unique_email("sam"))
    button.click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_focused()


def test_every_problem_is_listed_at_once(page):
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    page.get_by_role("radio", name=re.compile("^mentor", re.I)).check()
    required = page.locator("form .question:visible", has=page.locator(".required"))
    expect(required.first).to_be_visible()
    sent = sent_enrolments(page)
    page.get_by_role("button", name="Enrol", exact=True).click()

    summary = page.locator(".form-alert")
    expect(summary).to_be_focused()
    # Name, email, each required question of the role, consent: all at once.
    n = 2 + required.count() + 1
    expect(summary.get_by_role("link")).to_have_count(n)
    expect(summary.get_by_role("heading")).to_have_text(f"There are {n} problems with your answers")
    for i in range(required.count()):
        expect(required.nth(i).locator(".field-error")).to_be_visible()
    expect(page.locator("#name-error")).to_be_visible()
    expect(page.locator("#consent-error")).to_be_visible()
    assert not sent
    # Each link leads to its field.
    summary.get_by_role("link").nth(2).click()
    first_question = required.first.locator("input, select, textarea").first
    expect(first_question).to_be_focused()


def test_a_problem_the_api_finds_is_shown_on_its_field(page):
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    fill_enrolment(page, role="mentee", name="Lee Park", email=unique_email("lee"))
    page.route("**/api/cohorts/*/enrollments", lambda route: route.fulfill(
        status=422, content_type="application/json",
        body='{"error": "invalid", "message": "email: this address cannot receive e-mail", "field": "email"}'))
    page.get_by_role("button", name="Enrol", exact=True).click()
    summary = page.locator(".form-alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("This address cannot receive e-mail.")
    expect(page.locator("#email-error")).to_have_text("This address cannot receive e-mail.")
    expect(page.get_by_role("button", name="Enrol", exact=True)).to_be_enabled()


def test_mentor_gives_capacity_and_sees_mentor_questions(page):
    cohort_id = open_cohort(page)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    capacity = page.get_by_label("How many mentees can you take on?")
    expect(page.get_by_role("button", name="Enrol", exact=True)).to_be_visible()  # form loaded
    expect(page.locator("form .question:visible")).to_have_count(0)
    expect(capacity).to_be_hidden()

    page.get_by_role("radio", name=re.compile("^mentor", re.I)).check()
    expect(capacity).to_be_visible()
    expect(capacity).to_have_value("2")
    mentor_questions = {q.get_attribute("data-question") for q in page.locator("form .question:visible").all()}
    assert mentor_questions
    for q in page.locator("form .question:visible").all():
        assert "mentor" in q.get_attribute("data-roles").split()

    page.get_by_role("radio", name=re.compile("^mentee", re.I)).check()
    expect(capacity).to_be_hidden()
    for q in page.locator("form .question:visible").all():
        assert "mentee" in q.get_attribute("data-roles").split()


def test_consent_is_required(page):
    cohort_id = open_cohort(page)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    fill_enrolment(page, role="mentee", name="Kai Lee", email=unique_email("kai"))
    consent = page.get_by_label(re.compile("^I agree that Tandem stores"))
    consent.uncheck()
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.locator("#consent-error")).to_be_visible()
    link = page.locator(".form-alert").get_by_role("link")
    expect(link).to_have_count(1)
    link.click()
    expect(consent).to_be_focused()


def test_self_identification_is_sent_only_with_its_own_consent(page):
    cohort_id = open_cohort(page)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    fill_enrolment(page, role="mentor", name="Ana Ruiz", email=unique_email("ana"))
    page.get_by_label("Yes, store the answers below").check()
    page.get_by_label("Gender").fill("non-binary")
    page.get_by_label("Age range").select_option("35–44")
    with page.expect_request("**/enrollments") as request_info:
        page.get_by_role("button", name="Enrol", exact=True).click()
    body = request_info.value.post_data_json
    assert body["capacity"] == 2
    assert body["self_id"] == {"consent": True, "gender": "non-binary", "age_range": "35–44"}
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    expect(page.get_by_text("as a mentor")).to_be_visible()
