"""The mentor readiness check on the enrolment page: a tip follows each
answer, mentees never see it, and the cohort page counts the answers."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.actions import fill_enrolment, open_cohort, sign_in
from tests.browser.conftest import unique_email
from tests.browser.test_accessibility import assert_accessible


def test_a_mentor_reads_a_tip_per_answer_and_the_admin_sees_only_counts(page, admin):
    cohort_id = open_cohort(page)
    page.goto(f"/enrol.html?cohort={cohort_id}")
    check = page.get_by_role("group", name="Ready to mentor? A short check")
    expect(page.get_by_role("button", name="Enrol", exact=True)).to_be_visible()
    expect(check).to_be_hidden()
    page.get_by_role("radio", name=re.compile("^mentee", re.I)).check()
    expect(check).to_be_hidden()

    email = unique_email("rhea")
    fill_enrolment(page, role="mentor", name="Rhea Tan", email=email)
    expect(check).to_be_visible()
    listening = check.get_by_role("group", name="When someone brings you a problem, what do you do first?")
    listening.get_by_label("Suggest a solution").check()
    expect(listening.locator(".guidance")).to_contain_text("Try two questions first")
    listening.get_by_label("Ask questions until I understand it").check()
    expect(listening.locator(".guidance")).to_contain_text("That is active listening")
    feedback = check.get_by_role("group", name="How easy do you find giving honest feedback?")
    feedback.get_by_label("I tend to avoid it").check()
    expect(feedback.locator(".guidance")).to_contain_text("Start small")
    assert_accessible(page)
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    sign_in(page, admin, f"/admin/?cohort={cohort_id}")
    section = page.locator("#cohort-readiness")
    expect(section.locator("#readiness-summary")).to_have_text(
        re.compile(r"^[1-9] of \d+ mentors took the check\.$"))
    # Fewer than ten answered: a count could point at someone, so none shows.
    expect(section.locator("#readiness-withheld")).to_contain_text("once 10 mentors have taken")
    expect(section.get_by_role("table")).to_have_count(0)
    # Counts, never who: her name is nowhere in the section.
    expect(section).not_to_contain_text("Rhea Tan")
    assert_accessible(page)
