"""A program manager puts the match e-mail in her own words: the preview
follows her typing, a broken template is refused on its field with its line,
and what she saved is what the editor shows after a reload."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.actions import sign_in
from tests.browser.test_accessibility import assert_accessible


def test_the_manager_writes_the_match_email_in_her_words(page, admin):
    sign_in(page, admin)
    program = page.request.get("/api/admin/programs").json()
    program = (program["programs"] if isinstance(program, dict) else program)[0]
    page.goto(f"/admin/?program={program['id']}")
    panel = page.get_by_role("region", name="E-mails")
    panel.get_by_label("Which e-mail").select_option("match")
    form = panel.get_by_role("form", name="Edit “Your match is ready”")
    subject, body = form.get_by_label("Subject"), form.get_by_label("Message")
    expect(subject).to_have_value("{{ program }}: your match is ready")

    subject.fill("Meet your partner, {{ first_name }}")
    body.fill("Dear {{ first_name }},\n\nYou and {{ partners }} are a pair.\n{{ match_link }}\n")
    preview = panel.get_by_role("region", name="Preview with sample values")
    expect(preview).to_contain_text("Subject: Meet your partner, Ada")
    expect(preview).to_contain_text("You and Grace Hopper are a pair.")

    body.fill("Dear {{ first_name }},\n\n{% if partners %}\nno end")
    form.get_by_role("button", name="Save these words").click()
    refused = form.locator(".field-error").filter(
        has_text=re.compile(r"Line \d+: Unexpected end of template"))
    expect(refused).to_be_visible()
    assert_accessible(page)

    body.fill("Dear {{ first_name }}, meet {{ partners }}: {{ match_link }}")
    form.get_by_role("button", name="Save these words").click()
    expect(page.locator("#announcer")).to_contain_text("Saved your words for “Your match is ready”")
    page.reload()
    panel = page.get_by_role("region", name="E-mails")
    panel.get_by_label("Which e-mail").select_option("match")
    form = panel.get_by_role("form", name="Edit “Your match is ready”")
    expect(form.get_by_label("Message")).to_have_value(
        "Dear {{ first_name }}, meet {{ partners }}: {{ match_link }}")
    expect(form.get_by_text("These are your program's own words.")).to_be_visible()
    form.get_by_role("button", name="Reset to Tandem's words").click()
    expect(page.locator("#announcer")).to_contain_text("uses Tandem's words again")
