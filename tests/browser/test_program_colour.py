"""The program's colour on the E-mails panel: a colour white text cannot be
read on is refused on its field with a darker one named, a good one heads
the preview and stays after a reload, and "Use Tandem's colour" goes back."""
from __future__ import annotations

from playwright.sync_api import expect

from functions.domain.questionnaire import default_questionnaire
from tests.browser.actions import api, new_program_cohort, sign_in
from tests.browser.test_accessibility import assert_accessible


def test_the_manager_picks_a_readable_colour_for_her_programs_emails(page, admin):
    sign_in(page, admin)
    cohort = new_program_cohort(page, default_questionnaire()["questions"])
    program = api(page, "GET", f"/api/admin/cohorts/{cohort}")["program"]["id"]
    page.goto(f"/admin/?program={program}")
    form = page.get_by_role("form", name="Colour of the e-mails")
    colour = form.get_by_label("Colour of your e-mails")
    expect(colour).to_have_value("#1f4e8c")  # Tandem's until she picks one
    expect(form.get_by_role("button", name="Use Tandem's colour")).to_be_disabled()

    colour.fill("#ffcc00")
    expect(form.get_by_role("img", name="The e-mail's heading: Finance mentoring in white on #ffcc00")).to_be_visible()
    form.get_by_role("button", name="Save the colour").click()
    expect(form.locator(".field-error")).to_contain_text("contrast of 1.51:1")
    expect(form.locator(".field-error")).to_contain_text("pick a darker colour, such as #8e7200")
    assert_accessible(page)

    colour.fill("#7a1f5c")
    form.get_by_role("button", name="Save the colour").click()
    expect(page.locator("#announcer")).to_contain_text("Saved: your e-mails are headed in #7a1f5c.")
    preview = page.get_by_role("region", name="Preview with sample values")
    expect(preview.get_by_role("img", name="The e-mail's heading: Finance mentoring in white on #7a1f5c")).to_be_visible()
    page.reload()
    form = page.get_by_role("form", name="Colour of the e-mails")
    expect(form.get_by_label("Colour of your e-mails")).to_have_value("#7a1f5c")
    assert_accessible(page)

    form.get_by_role("button", name="Use Tandem's colour").click()
    expect(page.locator("#announcer")).to_contain_text("Your e-mails use Tandem's colour again.")
    expect(page.get_by_role("form", name="Colour of the e-mails").get_by_label(
        "Colour of your e-mails")).to_have_value("#1f4e8c")
