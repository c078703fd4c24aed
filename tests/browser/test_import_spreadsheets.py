"""The import panel with files as Excel writes them: a "CSV (semicolon
delimited)" file saved on Windows in Windows-1252 shows its people by their
right names and says how it was read; an update file shows what changes for
whom; the columns (each question's id) are listed beside the file picker."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from functions.domain.questionnaire import default_questionnaire
from tests.browser.actions import api, new_program_cohort, sign_in
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import assert_accessible

NAMES = ["Grace Müller", "Hugo García", "Zoë Ørsted", "Šárka Žižek", "François Lefèvre"]


def excel_file(names: list[str]) -> bytes:
    """Excel's "CSV (semicolon delimited)" on a European Windows: ";" between
    cells, a quoted multi-choice answer holding ";", Windows-1252 bytes."""
    lines = ["role;name;email;capacity;offers;wants;languages;level"]
    for i, name in enumerate(names):
        if i == 0:
            lines.append(f'mentor;{name};person{i}@example.org;2;"communication;leadership";;English;5')
        else:
            lines.append(f"mentee;{name};person{i}@example.org;;;leadership;English;2")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def choose(page, name: str, body: bytes, mime: str = "text/csv") -> None:
    page.locator("#import-file").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": body}])


def test_a_windows_1252_semicolon_file_shows_the_right_names(page, admin):
    sign_in(page, admin)
    cohort = new_program_cohort(page, default_questionnaire()["questions"])
    page.goto(f"/admin/?cohort={cohort}")
    panel = page.locator("section.import")
    expect(panel.get_by_role("link", name="Download a template")).to_be_visible()
    panel.get_by_text("The columns, by name").click()
    expect(panel.locator("dt", has_text="offers")).to_be_visible()  # a question's id, its column

    choose(page, "people.csv", excel_file(NAMES))
    page.get_by_role("button", name="Check the file").click()
    result = page.locator("#import-result")
    expect(result.get_by_role("heading")).to_have_text("5 rows ready to import")
    expect(result).to_contain_text("Read as Windows-1252 (Excel on Windows), columns separated by semicolons.")
    for name in NAMES:
        expect(result.locator("table.import-people")).to_contain_text(name)
    expect(result).not_to_contain_text("\ufffd")
    assert_accessible(page)
    screenshot(page, "import-preview.png")
    assert api(page, "GET", f"/api/admin/cohorts/{cohort}/participants") == []

    page.get_by_role("button", name="Import 5 participants").click()
    expect(result.get_by_role("heading")).to_have_text("Imported 5 participants")
    stored = {p["email"]: p["name"] for p in api(page, "GET", f"/api/admin/cohorts/{cohort}/participants")}
    assert stored == {f"person{i}@example.org": n for i, n in enumerate(NAMES)}

    # The HR list again, one name corrected and one person new: update mode.
    again = [*NAMES[:1], "Hugo García López", *NAMES[2:], "Åsa Nyström"]
    choose(page, "people-2.csv", excel_file(again))
    page.get_by_label("Update the people already in this cohort, and add the new ones").check()
    page.get_by_role("button", name="Check the file").click()
    expect(result.get_by_role("heading")).to_have_text("6 rows ready to import")
    row = result.locator("tr", has_text="person1@example.org")
    expect(row).to_contain_text("Updated: name: Hugo García → Hugo García López")
    expect(result.locator("tr", has_text="Åsa Nyström")).to_contain_text("New")
    page.get_by_role("button", name=re.compile(r"^Add 1 and update 1 participant$")).click()
    expect(result.get_by_role("heading")).to_have_text("Added 1 participant and updated 1")
    stored = {p["email"]: p["name"] for p in api(page, "GET", f"/api/admin/cohorts/{cohort}/participants")}
    assert stored["person1@example.org"] == "Hugo García López"
    assert stored["person5@example.org"] == "Åsa Nyström"


def test_a_file_whose_encoding_cannot_be_told_says_what_to_do(page, admin):
    sign_in(page, admin)
    cohort = new_program_cohort(page, default_questionnaire()["questions"])
    page.goto(f"/admin/?cohort={cohort}")
    choose(page, "people.csv", "role,name,email\r\n".encode("utf-16-le"))  # no byte-order mark
    page.get_by_role("button", name="Check the file").click()
    result = page.locator("#import-result")
    expect(result.get_by_role("heading")).to_have_text("1 problem in the file: nothing was imported")
    expect(result).to_contain_text("CSV UTF-8")
