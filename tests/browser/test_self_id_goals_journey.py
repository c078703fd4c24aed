"""Goals on self-identification groups from the admin's pages: the program
turns the setting on, a goal names a self-identified group typed in words,
and the enrolment page's consent then says what the answers are used for
(and sends that this is the wording she agreed to)."""
from __future__ import annotations

from playwright.sync_api import expect

from functions.domain.questionnaire import default_questionnaire
from tests.browser.actions import api, new_program_cohort, sign_in
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import assert_accessible


def test_the_setting_allows_self_identified_goals_and_changes_the_consent(page, admin):
    sign_in(page, admin)
    cohort = new_program_cohort(page, default_questionnaire()["questions"])
    program = api(page, "GET", f"/api/admin/cohorts/{cohort}")["program"]["id"]
    api(page, "PATCH", f"/api/admin/cohorts/{cohort}", {"status": "enrolling"})
    page.goto(f"/enrol.html?cohort={cohort}")
    about = page.locator("#selfid-about")
    expect(about).to_contain_text("They are never used for matching")

    page.goto(f"/admin/?program={program}")
    panel = page.locator("#goals")
    panel.get_by_label("Kind of goal").select_option("reach")
    options = panel.get_by_label("Question that forms the groups").locator("option")
    expect(options.filter(has_text="self-identified")).to_have_count(0)
    setting = page.get_by_label("Use self-identification answers for diversity goals")
    expect(setting).not_to_be_checked()
    setting.check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#announcer")).to_contain_text("Program saved.")

    page.reload()
    panel = page.locator("#goals")
    panel.get_by_label("Kind of goal").select_option("reach")
    panel.get_by_label("Question that forms the groups").select_option(label="Gender (self-identified)")
    expect(panel.get_by_label("Group", exact=True)).to_be_hidden()
    panel.get_by_label("Group, as people answer it").fill("Woman")
    panel.get_by_label("At least (%)").fill("30")
    panel.get_by_role("button", name="Add goal").click()
    expect(panel.locator(".goal-list")).to_contain_text(
        "At least 30% of mentees answer “Gender (self-identified)” with “Woman”")
    assert_accessible(page)
    panel.screenshot(path=str(screenshot(page, "self-id-goals-program.png")))

    page.goto(f"/enrol.html?cohort={cohort}")
    expect(about).to_contain_text("to measure the program's diversity goals")
    expect(about).to_contain_text("no figure from fewer than 10 people")
    assert_accessible(page)
    page.locator("fieldset.self-id").screenshot(
        path=str(screenshot(page, "self-id-goals-consent.png")))


def test_the_form_sends_which_wording_her_consent_was_given_to(call):
    values = {"role": ["mentee"], "name": ["Maya"], "email": ["m@example.org"],
              "consent": ["yes"], "self_id.consent": ["yes"], "self_id.gender": ["woman"]}
    told = call("enrolment.js", "buildEnrollment", [], {**values, "self_id.for_goals": ["yes"]})
    assert told["self_id"] == {"consent": True, "gender": "woman", "for_goals": True}
    assert "for_goals" not in call("enrolment.js", "buildEnrollment", [], values)["self_id"]
