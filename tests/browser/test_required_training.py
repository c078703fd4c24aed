"""Required training for mentors before matching: the admin marks a resource
required, sees by name who has not done it (a warning beside "Match now",
not a block), and a mentor with no match yet does it on My mentoring."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from functions.domain.questionnaire import default_questionnaire
from tests.browser.actions import api, new_program_cohort, sign_in
from tests.browser.conftest import open_tab, unique_email
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import sign_in_link


def people_file(mentors: list[tuple[str, str]], mentee: tuple[str, str]) -> str:
    lines = ["role,name,email,capacity,offers,wants,languages,level"]
    lines += [f"mentor,{name},{email},2,communication,,English,5" for name, email in mentors]
    lines.append(f"mentee,{mentee[0]},{mentee[1]},,,communication,English,2")
    return "\r\n".join(lines) + "\r\n"


def test_the_admin_sees_who_has_not_done_it_and_a_mentor_does_it_before_matching(browser, page, admin, live_server):
    sign_in(page, admin)
    cohort = new_program_cohort(page, default_questionnaire()["questions"])
    program = api(page, "GET", f"/api/admin/cohorts/{cohort}")["program"]["id"]
    rhea, tom = unique_email("rhea"), unique_email("tom")
    api(page, "POST", f"/api/admin/cohorts/{cohort}/participants/import",
        people_file([("Rhea Tan", rhea), ("Tom Berg", tom)], ("Mia Park", unique_email("mia"))),
        headers={"Content-Type": "text/csv"})
    api(page, "POST", f"/api/admin/programs/{program}/resources",
        {"title": "Code of conduct for mentors", "text": "Confidentiality, respect, and when to ask us.",
         "audience": "mentor", "stage": "first-meeting", "required": True})

    page.goto(f"/admin/?cohort={cohort}")
    expect(page.locator("#training-warning")).to_have_text(
        "2 mentors have not done the required training yet (see “Required training” below). You can still match.")
    section = page.get_by_role("region", name="Required training")
    expect(section.locator("#training-summary")).to_contain_text("0 of 2 mentors have done it all.")
    expect(section.locator("#training-not-done li")).to_have_text(["Rhea Tan", "Tom Berg"])
    expect(section).not_to_contain_text("Mia Park")  # for mentors only
    assert_accessible(page)

    # Rhea has no match yet: My mentoring shows her the training, done there.
    tab = open_tab(browser, live_server.url)
    try:
        mentor = tab.page
        assert api(mentor, "POST", "/api/sign-in", {"email": rhea})
        mentor.goto(sign_in_link(live_server.data_dir, rhea))
        training = mentor.get_by_role("region", name="Training before matching")
        expect(training).to_contain_text("1 left to do")
        training.get_by_text("Read it").click()
        expect(training).to_contain_text("Confidentiality, respect")
        assert_accessible(mentor)
        training.get_by_label("Done: Code of conduct for mentors").check()
        expect(training).to_contain_text("All done: thank you.")
        expect(training.get_by_label("Done: Code of conduct for mentors")).to_be_checked()
        expect(training.get_by_label("Done: Code of conduct for mentors")).to_be_focused()
        assert_accessible(mentor)
        assert not tab.problems, tab.problems
    finally:
        tab.close()

    page.reload()
    expect(page.locator("#training-warning")).to_have_text(re.compile("^1 mentor has not done"))
    expect(section.locator("#training-summary")).to_contain_text("1 of 2 mentors has done it all.")
    expect(section.locator("#training-not-done li")).to_have_text(["Tom Berg"])
