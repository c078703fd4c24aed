"""Issue 12's journey: a program manager who has never seen Tandem goes from
nothing to a published, explained match on the admin page alone.

Create a program with a four-question questionnaire (built in the browser:
remove a default question, add one, move it), open a cohort, import 50
people from CSV (a bad file first: every bad row listed, nothing written),
run matching, publish, and read the dashboard. axe checks each admin page on
the way. Its own `tandem serve`, so the shared server's other tests never see
this program (the home page lists programs by name) or its matching run.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.admins import ADMIN_PASSWORD, Admin, create_admins
from tests.browser.actions import sign_in
from tests.browser.conftest import open_tab, screenshot
from tests.browser.test_accessibility import assert_accessible
from tests.servers import seed_demo, start_server, store_folder

SKILLS = ["communication", "leadership", "career growth", "project management"]
DEPARTMENTS = ["Data", "Sales", "Engineering"]


def people_csv(mentors: int, mentees: int, *, bad_rows: bool = False) -> bytes:
    """A file in the import format, columns in questionnaire order."""
    lines = ["role,name,email,capacity,offers,wants,your_department,languages"]
    for i in range(mentors):
        lines.append(f"mentor,Mentor {i},mentor{i}@example.org,3,"
                     f"{SKILLS[i % 4]};{SKILLS[(i + 1) % 4]},,{DEPARTMENTS[i % 3]},English")
    for i in range(mentees):
        lines.append(f"mentee,Mentee {i},mentee{i}@example.org,,,{SKILLS[i % 4]},"
                     f"{DEPARTMENTS[(i + 1) % 3]},English")
    if bad_rows:
        lines.append("mentee,No Email,not-an-address,,,leadership,Data,English")
        lines.append("boss,Wrong Role,boss@example.org,,,leadership,Data,English")
    return ("\r\n".join(lines) + "\r\n").encode()


def choose_file(page, name: str, body: bytes) -> None:
    page.locator("#import-file").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": body}])


def build_program(page) -> None:
    """New program: the default questionnaire, less one question, plus one, reordered."""
    page.get_by_role("link", name="New program").click()
    expect(page.get_by_role("heading", name="New program")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Data Guild mentoring")
    page.get_by_label("Description (optional)").fill("Pairs across the data teams.")

    items = page.locator(".qb-item")
    expect(items).to_have_count(4)
    page.get_by_role("button", name="Remove question 4").click()
    expect(items).to_have_count(3)
    page.get_by_role("button", name="Add question").click()
    expect(page.locator("#qb-3-label")).to_be_focused()
    page.keyboard.type("Your department")
    page.locator("#qb-3-type").select_option("choice")
    page.locator("#qb-3-options").fill("\n".join(DEPARTMENTS))
    page.locator("#qb-3-required").check()
    page.get_by_role("button", name="Move up question 4").click()
    # The moved question is now third, and focus stayed on its button.
    expect(page.get_by_role("button", name="Move up question 3")).to_be_focused()
    expect(page.locator("#qb-2-label")).to_have_value("Your department")

    # The live preview follows, for each role.
    preview = page.locator(".preview")
    expect(preview.get_by_text("Your department")).to_be_visible()
    expect(preview.get_by_text("What would you like to grow in?")).to_be_visible()
    preview.get_by_label("a mentor").check()
    expect(preview.get_by_text("What can you help with?")).to_be_visible()
    expect(preview.get_by_text("What would you like to grow in?")).to_have_count(0)
    screenshot(page, "admin-program.png")

    page.get_by_role("button", name="Create program").click()
    page.wait_for_url(re.compile(r"/admin/\?program=(?!new)"))
    expect(page.get_by_role("heading", name="Data Guild mentoring", exact=True)).to_be_focused()
    saved = page.request.get(page.url.replace("/admin/?program=", "/api/admin/programs/")).json()
    assert [q["id"] for q in saved["questionnaire"]["questions"]] == [
        "offers", "wants", "your_department", "languages"]
    assert_accessible(page)


def edit_and_withdraw(page, cohort_id: str) -> None:
    """A profile: answers shown, the name corrected; another mentee withdrawn."""
    search = page.get_by_label("Find by name or email")
    search.fill("mentee5@")
    rows = page.locator("#participants tbody tr")
    expect(rows).to_have_count(1)
    page.get_by_role("button", name="Details of Mentee 5").click()
    profile = page.locator("#participant-profile")
    expect(profile.get_by_role("heading", name="Mentee 5")).to_be_focused()
    expect(profile).to_contain_text("Your department")
    assert_accessible(page)
    profile.get_by_label("Name").fill("Mentee Five")
    profile.get_by_role("button", name="Save changes").click()
    expect(page.locator("#announcer")).to_contain_text("Saved Mentee Five")
    # The list shows the change, the search stayed, the profile is still open.
    expect(search).to_have_value("mentee5@")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text("Mentee Five")
    expect(profile.get_by_role("heading", name="Mentee Five")).to_be_focused()
    profile.get_by_role("button", name="Close the profile").click()
    expect(page.get_by_role("button", name="Details of Mentee Five")).to_be_focused()

    search.fill("mentee6@")
    page.get_by_role("button", name="Details of Mentee 6").click()
    page.get_by_role("button", name="Withdraw from the cohort").click()
    page.get_by_role("button", name="Yes, withdraw Mentee 6").click()
    expect(page.locator("#participant-counts")).to_have_text("49 taking part: 12 mentors, 37 mentees")
    expect(profile).to_contain_text("has withdrawn")
    page.get_by_label("Status").select_option("withdrawn")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mentee 6")
    person = page.request.get(f"/api/admin/cohorts/{cohort_id}/participants?status=withdrawn").json()
    assert [p["name"] for p in person] == ["Mentee 6"]


def questions_with_answers_stay(page) -> None:
    """On the program page: a question people answered cannot be removed (the
    API says why, the page shows it); a new question can be added."""
    page.get_by_role("link", name="Data Guild mentoring").click()
    expect(page.get_by_role("heading", name="Data Guild mentoring", exact=True)).to_be_focused()
    page.get_by_role("button", name="Remove question 3").click()
    page.get_by_role("button", name="Save changes").click()
    alert = page.locator(".program-form .form-alert")
    expect(alert).to_be_focused()
    expect(alert).to_contain_text("cannot be removed")
    page.reload()
    page.get_by_role("button", name="Add question").click()
    page.keyboard.type("Anything else we should know?")
    page.locator("#qb-4-type").select_option("long_text")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#program-saved")).to_contain_text("Saved at")
    saved = page.request.get(page.url.replace("/admin/?program=", "/api/admin/programs/")).json()
    assert [q["id"] for q in saved["questionnaire"]["questions"]] == [
        "offers", "wants", "your_department", "languages", "anything_else_we_should_know"]


def manage_admins(page, colleague: str) -> None:
    """Invite an admin by e-mail; remove another (asked twice, on the page)."""
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Administrators").click()
    expect(page.get_by_role("heading", name="Administrators", exact=True)).to_be_focused()
    page.get_by_label("Their email address").fill("new-admin@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#admins-notice")).to_have_text("Invited new-admin@example.org.")
    expect(page.locator('tr[data-admin="new-admin@example.org"]')).to_contain_text("Invited")
    page.get_by_role("button", name=f"Remove {colleague}").click()
    page.get_by_role("button", name=f"Yes, remove {colleague}").click()
    expect(page.locator("#admins-notice")).to_have_text(f"Removed {colleague}.")
    expect(page.locator(f'tr[data-admin="{colleague}"]')).to_have_count(0)
    assert_accessible(page)


def test_program_manager_from_nothing_to_published_matches(browser):
    data = store_folder("admin-journey") / "data"
    admin = Admin("manager@example.org", ADMIN_PASSWORD)
    colleague = "colleague@example.org"
    seed_demo(data)
    create_admins(data, [admin.email, colleague])
    server = start_server(data)
    tab = open_tab(browser, server.url)
    page = tab.page
    try:
        sign_in(page, admin)
        build_program(page)

        # A cohort: a draft until enrolment opens.
        page.get_by_label("Cohort name").fill("Autumn 2030")
        page.get_by_label("Enrolment closes").fill("2030-10-31")
        page.get_by_label("Matching time").fill("2030-11-02")
        page.get_by_role("button", name="Create cohort").click()
        page.wait_for_url(re.compile(r"/admin/\?cohort="))
        cohort_id = page.url.split("cohort=", 1)[1]
        expect(page.locator("#cohort-heading")).to_have_text("Autumn 2030")
        facts = page.locator("#cohort-facts")
        expect(facts).to_contain_text("Draft")
        # Dates can change; the API's refusal shows beside the field it names.
        page.get_by_text("Change the name or dates").click()
        dates = page.locator(".cohort-dates")
        dates.get_by_label("Enrolment opens").fill("2030-11-15")
        dates.get_by_role("button", name="Save the dates").click()
        expect(page.locator("#edit-enrolment-closes-error")).to_contain_text("before it opens")
        dates.get_by_label("Enrolment opens").fill("2030-10-01")
        dates.get_by_role("button", name="Save the dates").click()
        expect(facts).to_contain_text("1 Oct 2030")
        # ("31 Oct 2030", the closing date, already contains "1 Oct 2030": wait for the redraw.)
        expect(page.locator("#cohort-state-heading")).to_be_focused()
        page.get_by_role("button", name="Open enrolment").click()
        # A second button says what will happen; nothing moves before it is pressed.
        expect(facts).to_contain_text("Draft")
        page.get_by_role("button", name="Yes: open enrolment for Autumn 2030: its public link takes enrolments from now").click()
        expect(facts).to_contain_text("Open for enrolment")
        expect(page.locator("#public-link")).to_have_value(re.compile(rf"/enrol\.html\?cohort={cohort_id}$"))

        # A file with bad rows: every one listed, nothing written.
        choose_file(page, "people.csv", people_csv(2, 3, bad_rows=True))
        page.get_by_role("button", name="Check the file").click()
        result = page.locator("#import-result")
        expect(result).to_be_focused()
        expect(result.get_by_role("heading")).to_have_text(re.compile(r"^\d+ problems in the file: nothing was imported"))
        rows = result.locator("tbody tr")
        assert rows.count() >= 2
        expect(result).to_contain_text("role")
        expect(page.get_by_role("button", name=re.compile("^Import "))).to_be_hidden()
        listed = page.request.get(f"/api/admin/cohorts/{cohort_id}/participants").json()
        assert listed == []

        # 50 people: checked first, then imported at once.
        choose_file(page, "people.csv", people_csv(12, 38))
        page.get_by_role("button", name="Check the file").click()
        expect(result.get_by_role("heading")).to_have_text("50 rows ready to import")
        assert page.request.get(f"/api/admin/cohorts/{cohort_id}/participants").json() == []
        page.get_by_role("button", name="Import 50 participants").click()
        expect(result.get_by_role("heading")).to_have_text("Imported 50 participants")
        expect(page.locator("#participants-shown")).to_have_text("Showing 25 of 50 participants.")
        expect(page.locator("#participant-counts")).to_have_text("50 taking part: 12 mentors, 38 mentees")
        expect(page.locator("#seats")).to_have_text("36 mentor seats for 38 mentees: 2 short.")
        # The mentors' panels count the imported mentors too, without a reload.
        expect(page.locator("#readiness-summary")).to_have_text(
            "None of the 12 mentors has taken the check yet: mentors take it when they enrol "
            "on the public page.")
        exported = page.request.get(f"/api/admin/cohorts/{cohort_id}/participants.csv")
        assert exported.ok and len(exported.text().strip().splitlines()) == 51
        assert_accessible(page)
        screenshot(page, "admin-cohort.png")
        edit_and_withdraw(page, cohort_id)
        questions_with_answers_stay(page)
        page.go_back()
        expect(page.locator("#cohort-heading")).to_have_text("Autumn 2030")

        # Close enrolment, match, publish.
        page.get_by_role("button", name="Close enrolment").click()
        page.get_by_role("button", name=re.compile("^Yes: close enrolment for Autumn 2030")).click()
        # The status itself, not the "Matching time" row: Match now waits for the move.
        expect(facts.get_by_text("Matching", exact=True)).to_be_visible()
        page.get_by_role("button", name="Match now").click()
        progress = page.locator("#run-progress")
        expect(progress).to_contain_text(re.compile("Starting|Waiting|Matching"))
        expect(progress).to_contain_text("Matching is complete", timeout=60_000)
        expect(facts).to_contain_text("In review")
        page.get_by_role("button", name="Publish the matches").click()
        expect(facts).to_contain_text("Published")
        # Now the list knows who is matched.
        shown = page.locator("#participants-shown")
        page.get_by_label("Matched", exact=True).select_option("yes")
        expect(shown).to_have_text(re.compile(r"^\d+ of 50 participants match"))
        matched = int(shown.inner_text().split()[0])
        page.get_by_label("Matched", exact=True).select_option("no")
        expect(shown).to_have_text(re.compile(rf"^{50 - matched} of 50 participants? match"))
        assert matched > 0
        matches = page.request.get(f"/api/admin/cohorts/{cohort_id}/matches.csv")
        assert matches.ok and len(matches.text().strip().splitlines()) > 1

        # The dashboard: charts, their numbers, and their CSV.
        page.get_by_role("link", name="Dashboard").click()
        expect(page.get_by_role("heading", name="Dashboard: Autumn 2030")).to_be_focused()
        for chart in ("enrolment", "seats", "scores"):
            expect(page.locator(f"#chart-{chart} svg")).to_be_visible()
        expect(page.locator("#chart-seats table")).to_contain_text("36")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download CSV of Match score distribution").click()
        raw = open(download.value.path(), "rb").read()
        assert raw.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
        text = raw.decode("utf-8-sig")
        assert text.splitlines()[0] == "Score,Matches"
        assert sum(int(line.rsplit(",", 1)[1]) for line in text.splitlines()[1:]) > 0
        # Nobody here shared self-identification: one group, big enough to show.
        expect(page.locator("#chart-diversity-gender table")).to_contain_text("not said")
        assert_accessible(page)
        screenshot(page, "admin-dashboard.png")

        # What happened is in the audit log, newest first.
        page.get_by_role("navigation", name="Admin").get_by_role("link", name="Audit log").click()
        entries = page.locator("table.audit tbody tr")
        expect(entries.first).to_contain_text("Cohort status")  # the last change: publishing
        expect(entries.first).to_contain_text("to: published")
        expect(page.locator("table.audit")).to_contain_text("Participants import")
        stamps = [entries.nth(i).get_attribute("data-entry") for i in range(entries.count())]
        assert stamps == sorted(stamps, reverse=True) and len(stamps) >= 7
        assert_accessible(page)

        manage_admins(page, colleague)
        page.get_by_role("navigation", name="Admin").get_by_role("link", name="Audit log").click()
        expect(page.locator("table.audit tbody tr").first).to_contain_text("Admin remove")
        tab.assert_clean()
    finally:
        tab.close()
        server.discard()
