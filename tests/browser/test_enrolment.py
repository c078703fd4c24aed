"""A person enrols through the public pages."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fill_enrolment, open_cohort, unique_email

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
    assert "You're enrolled in" in enrolled_mentee.success_text
    assert "as a mentee" in enrolled_mentee.success_text
    assert enrolled_mentee.email in enrolled_mentee.success_text


def test_bad_email_is_shown_inline_and_focused(page):
    cohort_id = open_cohort(page)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    fill_enrolment(page, role="mentee", name="Sam Doe", email="sam.example.org")
    button = page.get_by_role("button", name="Enrol", exact=True)
    button.click()

    email = page.get_by_label("Email address")
    message = page.locator("#email-error")
    expect(message).to_be_visible()
    expect(message).not_to_be_empty()
    expect(email).to_be_focused()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bemail-error\b"))
    expect(button).to_be_enabled()
    expect(button).to_have_text("Enrol")
    expect(page.get_by_role("heading", name="You're enrolled")).to_have_count(0)

    # Fixing the address clears the message and the enrolment goes through.
    email.fill(unique_email("sam"))
    button.click()
    expect(page.get_by_role("heading", name="You're enrolled")).to_be_focused()


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
    expect(consent).to_be_focused()
    expect(page.locator("#consent-error")).to_be_visible()


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
    expect(page.get_by_role("heading", name="You're enrolled")).to_be_visible()
    expect(page.get_by_text("as a mentor")).to_be_visible()
