"""The policy editor as a new program manager meets it: criteria from any
question, a warning when a criterion gives nearly every pair full points, a
what-if that keeps the tried values and shows the changed pairs, and
adopting the tried policy.

Its own `tandem serve`: a program and cohort of the test's own are matched."""
from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from functions.domain.questionnaire import default_questionnaire
from tests.browser.actions import api, new_program_cohort
from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible

DEPARTMENTS = ["Finance", "Research", "Support"]


def people_csv() -> str:
    """10 mentors (level 5-6) and 20 mentees (level 1-2) over three departments."""
    out = io.StringIO()
    columns = ["role", "name", "email", "capacity", "offers", "wants", "languages", "level",
               "department"]
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    skills = ["communication", "leadership", "writing", "negotiation"]
    for i in range(10):
        w.writerow({"role": "mentor", "name": f"Mentor {chr(65 + i)} Lind",
                    "email": f"mentor{i}@example.org", "capacity": "2",
                    "offers": f"{skills[i % 4]};{skills[(i + 1) % 4]}", "languages": "English",
                    "level": str(5 + i % 2), "department": DEPARTMENTS[i % 3]})
    for i in range(20):
        w.writerow({"role": "mentee", "name": f"Mentee {chr(65 + i)} Berg",
                    "email": f"mentee{i}@example.org", "wants": skills[i % 4],
                    "languages": "English", "level": str(1 + i % 2),
                    "department": DEPARTMENTS[(i + 1) % 3]})
    return out.getvalue()


def new_imported_cohort(page) -> str:
    questions = default_questionnaire()["questions"] + [
        {"id": "department", "label": "Department", "type": "choice", "options": DEPARTMENTS,
         "required": True, "roles": ["mentor", "mentee"]}]
    cohort = new_program_cohort(page, questions)
    api(page, "POST", f"/api/admin/cohorts/{cohort}/participants/import", people_csv(),
        headers={"Content-Type": "text/csv; charset=utf-8"})
    for status in ("enrolling", "matching"):
        api(page, "PATCH", f"/api/admin/cohorts/{cohort}", {"status": status})
    return cohort


def criterion(page, name):
    return page.locator("fieldset.criterion").filter(has=page.locator("legend", has_text=name))


def set_slider(slider, value):
    slider.evaluate(f"el => {{ el.value = '{value}'; el.dispatchEvent(new Event('input')); }}")


def test_a_department_criterion_added_in_the_editor_keeps_departments_apart(browser, tmp_path):
    with own_server(browser, "editor@example.org") as (server, tab):
        page = tab.page
        cohort = new_imported_cohort(page)
        people = api(page, "GET", f"/api/admin/cohorts/{cohort}/participants")
        department = {p["id"]: p["answers"]["department"] for p in people}
        names = {p["id"]: p["name"] for p in people}
        assert len(people) == 30

        page.goto(f"/admin/matching.html?cohort={cohort}")
        expect(page.get_by_role("heading", name="Policy (version 0)")).to_be_visible()
        unused = page.locator("#unused-questions")
        expect(unused).to_have_text("Not used by any criterion: Department.")
        # Every mentor is 3+ levels above every mentee: level (target 2) says nothing.
        expect(page.get_by_text("level gives full points to 100 % of pairs, so it does not "
                                "tell them apart: raise its target")).to_be_visible(timeout=60_000)

        page.get_by_role("button", name="Add a criterion").click()
        added = page.locator("fieldset.criterion").last
        question = added.get_by_label("Question", exact=True)
        expect(question).to_be_focused()
        question.select_option(label="Department")
        compare = added.get_by_label("Compare by", exact=True)
        assert compare.locator("option").evaluate_all("os => os.map(o => o.value)") == \
            ["same", "differ"]
        compare.select_option("differ")
        added.get_by_role("checkbox").check()
        expect(added.locator("legend")).to_have_text("department")
        expect(unused).to_have_text("Every question of the questionnaire is used by a criterion.")
        # A second criterion on the same question gets a name of its own.
        page.get_by_role("button", name="Add a criterion").click()
        second = page.locator("fieldset.criterion").last
        second.get_by_label("Question", exact=True).select_option(label="Department")
        expect(second.locator("legend")).to_have_text("department-2")
        second.get_by_role("button", name=re.compile("^Remove")).click()
        expect(page.locator("fieldset.criterion")).to_have_count(4)
        expect(page.get_by_role("button", name="Add a criterion")).to_be_focused()
        # The gap's target in words, with the question's label.
        level = criterion(page, "level")
        expect(level.get_by_label(re.compile("^Full points when the mentor's “Your level"))) \
            .to_have_value("2")
        # A required all-or-nothing criterion is a note, not a warning.
        expect(page.get_by_text(re.compile("^Note: department is required, so every allowed "
                                           "pair has full points"))).to_be_visible(timeout=60_000)
        # Leaving now would lose the edits: the page asks first.
        leaving = "() => { const e = new Event('beforeunload', {cancelable: true}); " \
                  "window.dispatchEvent(e); return e.defaultPrevented; }"
        assert page.evaluate(leaving) is True
        page.evaluate("document.activeElement.blur()")
        page.locator("section.policy-editor").screenshot(path="/tmp/policy-editor.png")
        assert_accessible(page)

        page.get_by_role("button", name="Save as version 1").click()
        expect(page.get_by_role("heading", name="Policy (version 1)")).to_be_visible()
        assert page.evaluate(leaving) is False
        saved = api(page, "GET", f"/api/admin/programs/{api(page, 'GET', f'/api/admin/cohorts/{cohort}')['program']['id']}/policy")
        assert {"name": "department", "type": "differ", "field": "department", "weight": 10,
                "required": True} in saved["criteria"]

        page.get_by_role("button", name="Match now").click()
        expect(page.locator("#proposal caption")).to_contain_text("matched", timeout=60_000)
        proposal = api(page, "GET", f"/api/admin/cohorts/{cohort}/proposal")
        assert len(proposal["matches"]) >= 15
        same = [(m["mentee"], m["mentor"]) for m in proposal["matches"]
                if department[m["mentee"]] == department[m["mentor"]]]
        assert same == [], same

        # What-if: skills count for nothing. The slider keeps the tried value
        # after the page re-renders, and the changed pairs show by name.
        skills = criterion(page, "skills").get_by_role("slider")
        set_slider(skills, 0)
        page.get_by_role("button", name="Try it first (what-if)").click()
        result = page.locator("section.what-if")
        expect(result).to_be_visible(timeout=60_000)
        expect(criterion(page, "skills").get_by_role("slider")).to_have_value("0")
        run = next(r for r in api(page, "GET", f"/api/admin/cohorts/{cohort}/runs")
                   if r["kind"] == "what_if")
        diff = api(page, "GET", f"/api/admin/runs/{run['run']}")["diff"]
        expect(result.get_by_text(re.compile(r"matched \d+ → \d+; mean score"))).to_be_visible()
        rows = result.locator("tbody tr")
        if diff["pairs_changed"]:
            expect(rows).to_have_count(len(diff["pairs"]))
            first = sorted(diff["pairs"], key=lambda p: names[p["mentee"]])[0]
            row = rows.first
            expect(row.locator("th")).to_have_text(names[first["mentee"]])
            if first["before"]:
                expect(row.locator("td").first).to_have_text(
                    f"{names[first['before']['mentor']]} ({first['before']['score']:g})")
            assert not re.search(r"[0-9a-f]{16}", result.inner_text())  # names, never ids
        assert_accessible(page)

        # Adopting saves the tried policy as the next version.
        page.get_by_role("button", name="Adopt this policy").click()
        expect(page.get_by_role("heading", name="Policy (version 2)")).to_be_visible()
        program = api(page, "GET", f"/api/admin/cohorts/{cohort}")["program"]["id"]
        now = api(page, "GET", f"/api/admin/programs/{program}/policy")
        assert next(c for c in now["criteria"] if c["name"] == "skills")["weight"] == 0
        expect(page.locator("section.what-if")).to_have_count(0)
        assert page.evaluate(leaving) is False

        # The level scale grows under its criterion: the saved policy is flagged,
        # and she may keep it as it is.
        full = api(page, "GET", f"/api/admin/programs/{program}")
        wider = [dict(q, max=60) if q["id"] == "level" else q
                 for q in full["questionnaire"]["questions"]]
        api(page, "PUT", f"/api/admin/programs/{program}",
            {"questionnaire": {"questions": wider}, "version": full["version"]})
        page.reload()
        flag = page.locator("#policy-warnings li")
        expect(flag).to_have_count(1)
        expect(flag).to_contain_text("level gives full points")
        flag.get_by_role("button", name="Keep it as it is").click()
        expect(page.get_by_role("heading", name="Policy (version 3)")).to_be_visible()
        expect(page.locator("#policy-warnings")).to_have_count(0)
        assert api(page, "GET", f"/api/admin/programs/{program}/policy")["warnings"] == []
        tab.assert_clean()
