"""A new program manager reviews a proposal she can trust: she starts
matching an imported cohort (a confirmed step), sees every person with a
second line to tell two of one name apart, forbids a pair on its row, is
told the proposal is stale (and, when another tab forbade a pair, that
publishing was refused) until she matches again; the pair she forbade is
not published; a double-clicked publish says it succeeded, once; then the
published cohort matches its waiting list and publishes only the new pairs.

Its own `tandem serve`: a program and cohort of the test's own."""
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
SKILLS = ["communication", "leadership", "writing", "negotiation"]
COLUMNS = ["role", "name", "email", "capacity", "offers", "wants", "languages", "level",
           "department", "job_title"]
MENTEES = ["Ana Silva", "Ben Okoro", "Chen Wei", "Dara Lee", "Eli Novak", "Fay Adams", "Gus Brandt",
           "Hana Sato", "Ivo Petrov", "Jade Kim", "Kai Moreno", "Lia Rossi", "Max Berg", "Nia Cole",
           "Oli Dunn", "Pia Lund"]
# Two mentors of one name: only their second line tells them apart.
MENTORS = ["Dev Martin", "Dev Martin", "Rosa Diaz", "Sam Field", "Tom Quinn", "Uma Shah", "Vic Ortiz"]


def people_csv(mentors, mentees, start=0) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for i, name in enumerate(mentors, start):
        w.writerow({"role": "mentor", "name": name, "email": f"mentor{i}@example.org", "capacity": "2",
                    "offers": f"{SKILLS[i % 4]};{SKILLS[(i + 1) % 4]}", "languages": "English",
                    "level": str(5 + i % 2), "department": DEPARTMENTS[i % 3],
                    "job_title": f"Lead {SKILLS[i % 4]} coach"})
    for i, name in enumerate(mentees, start):
        w.writerow({"role": "mentee", "name": name, "email": f"mentee{i}@example.org",
                    "wants": SKILLS[i % 4], "languages": "English", "level": str(1 + i % 2),
                    "department": DEPARTMENTS[(i + 1) % 3], "job_title": "Analyst"})
    return out.getvalue()


def import_people(page, cohort, text):
    return api(page, "POST", f"/api/admin/cohorts/{cohort}/participants/import", text,
               headers={"Content-Type": "text/csv; charset=utf-8"})


def new_imported_cohort(page) -> str:
    """A program with a department and a job title question, and a draft cohort
    of 7 mentors (14 seats) and 16 mentees imported by CSV."""
    questions = default_questionnaire()["questions"] + [
        {"id": "department", "label": "Department", "type": "choice", "options": DEPARTMENTS,
         "required": True, "roles": ["mentor", "mentee"]},
        {"id": "job_title", "label": "Job title", "type": "text", "required": False,
         "roles": ["mentor", "mentee"]}]
    cohort = new_program_cohort(page, questions)
    import_people(page, cohort, people_csv(MENTORS, MENTEES))
    return cohort


def published_pairs(page, cohort) -> set[tuple[str, str]]:
    """(mentee e-mail, mentor e-mail) of every published pair, from matches.csv."""
    resp = page.request.get(f"/api/admin/cohorts/{cohort}/matches.csv")
    assert resp.ok, resp.text()
    return {(r["mentee_email"], r["mentor_email"]) for r in csv.DictReader(io.StringIO(resp.text()))}


def row_of(page, mentee):
    return page.locator("#proposal tbody tr").filter(has=page.get_by_role("link", name=mentee, exact=True))


def names_in(row):
    return row.locator("td").nth(0).locator("a.who").inner_text(), row.locator("td").nth(1).locator("a.who").inner_text()


def shoot(page, path):
    """The proposal as the manager sees it once she scrolls to it."""
    page.evaluate("document.activeElement.blur()")
    page.locator("#proposal-h").evaluate("el => el.scrollIntoView()")
    page.screenshot(path=path)


def match_and_wait(page, button="Match now"):
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("#announcer")).to_contain_text(re.compile("Matching is complete|waiting list is matched"),
                                                       timeout=60_000)


def test_forbid_stale_match_again_publish_and_the_waiting_list(browser, tmp_path):
    with own_server(browser, "reviewer@example.org") as (server, tab):
        page = tab.page
        cohort = new_imported_cohort(page)
        people = {p["id"]: p for p in api(page, "GET", f"/api/admin/cohorts/{cohort}/participants")}
        email = {p["name"]: p["email"] for p in people.values()}

        # A draft of imported people starts matching directly, after a confirming second step.
        page.goto(f"/admin/?cohort={cohort}")
        facts = page.locator("#cohort-facts")
        expect(facts).to_contain_text("Draft")
        page.get_by_role("button", name="Start matching", exact=True).click()
        confirm = page.get_by_role("button", name=re.compile("^Yes: start matching Autumn intake"))
        expect(confirm).to_be_focused()
        expect(facts).to_contain_text("Draft")  # nothing moved before the second step
        confirm.click()
        expect(facts.get_by_text("Matching", exact=True)).to_be_visible()  # the status, not a date's row

        page.goto(f"/admin/matching.html?cohort={cohort}")
        expect(page.get_by_role("heading", name="Proposal", exact=True)).to_be_visible()
        width = page.locator("main").evaluate("el => el.getBoundingClientRect().width")
        assert width > 1100, f"the matching page should use the width, not {width}px"
        match_and_wait(page)
        proposal = api(page, "GET", f"/api/admin/cohorts/{cohort}/proposal")
        matched, unmatched = len(proposal["matches"]), len(proposal["unmatched"])
        assert matched == 14 and unmatched == 2
        nav = page.get_by_role("navigation", name="Parts of the proposal")
        for text in (f"Pairs ({matched})", f"Unmatched ({unmatched})", "Mentor load (7)", "Adjustments (0)",
                     "Equity audit"):
            expect(nav.get_by_role("link", name=text, exact=True)).to_be_visible()
        expect(page.locator("#adjustments-h + p")).to_contain_text("No pair is locked or forbidden")
        expect(page.locator(".pager .range").first).to_have_text(f"Rows 1–{matched} of {matched}")

        # Two "Dev Martin": each mentor cell has a second line, e-mail and department.
        devs = page.locator("#proposal tbody td:nth-child(2)").filter(has_text="Dev Martin")
        expect(devs.first).to_be_visible()
        details = {t.split("\n", 1)[1] for t in devs.all_inner_texts()}
        assert {d.split(" · ")[0] for d in details} == {"mentor0@example.org", "mentor1@example.org"}
        assert any("Lead communication coach" in d and "Finance" in d for d in details)
        link = devs.first.get_by_role("link", name="Dev Martin")
        assert re.search(rf"/admin/\?cohort={cohort}#participant=\w+", link.get_attribute("href"))

        # Another tab forbids the pair shown first; publishing here is then refused, in words.
        first = page.locator("#proposal tbody tr").first
        mentee_a, mentor_a = names_in(first)
        pair_a = next(m for m in proposal["matches"] if people[m["mentee"]]["name"] == mentee_a)
        api(page, "POST", f"/api/admin/cohorts/{cohort}/adjustments",
            {"kind": "forbid", "mentee": pair_a["mentee"], "mentor": pair_a["mentor"]})
        page.get_by_role("button", name="Publish these matches…").click()
        page.get_by_role("button", name=re.compile("^Yes: publish every match")).click()
        refused = page.get_by_role("alert").filter(has_text="Match again")
        expect(refused).to_be_visible()
        warning = page.locator("#stale-warning")
        expect(warning).to_have_attribute("role", "status")
        expect(warning).to_contain_text("This proposal is out of date: pairs were locked, forbidden or freed "
                                        "after it was made. Match again before publishing.")
        expect(page.get_by_role("button", name="Publish these matches…")).to_have_count(0)
        expect(row_of(page, mentee_a).locator(".badge")).to_have_text("Forbidden")

        # She forbids a second pair with its row's button.
        second = page.locator("#proposal tbody tr").filter(has_not=page.locator(".badge")).first
        mentee_b, mentor_b = names_in(second)
        second.get_by_role("button", name=f"Forbid {mentee_b} with {mentor_b}").click()
        expect(page.locator("#announcer")).to_contain_text(f"{mentee_b} will not be matched with {mentor_b}")
        expect(row_of(page, mentee_b).locator(".badge")).to_have_text("Forbidden")
        expect(page.get_by_role("heading", name="Adjustments (2)")).to_be_visible()
        expect(page.locator("ul.adjustments")).to_contain_text(f"{mentee_b} never to be matched with {mentor_b}")
        # Filtered to the adjusted pairs: just the two.
        page.get_by_label("Locked or forbidden only").check()
        expect(page.locator("#proposal tbody tr")).to_have_count(2)
        page.get_by_label("Locked or forbidden only").uncheck()

        # A lock undone from the list leaves no adjustment behind.
        third = page.locator("#proposal tbody tr").filter(has_not=page.locator(".badge")).first
        mentee_c, mentor_c = names_in(third)
        third.get_by_role("button", name=f"Lock {mentee_c} with {mentor_c}").click()
        expect(row_of(page, mentee_c).locator(".badge")).to_have_text("Locked")
        page.get_by_role("button", name=f"Undo: {mentee_c} locked with {mentor_c}").last.click()
        expect(page.get_by_role("heading", name="Adjustments (2)")).to_be_visible()
        expect(row_of(page, mentee_c).locator(".badge")).to_have_count(0)

        # The marks come from the server: a reload keeps them.
        page.reload()
        expect(row_of(page, mentee_b).locator(".badge")).to_have_text("Forbidden")
        expect(page.locator("#stale-warning")).to_be_visible()
        assert_accessible(page)
        shoot(page, "/tmp/review.png")

        # Match again: fresh, publishable, and the forbidden pairs are gone.
        match_and_wait(page, "Match again")
        expect(page.locator("#stale-warning")).to_have_count(0)
        expect(page.locator("#proposal .badge")).to_have_count(0)  # forbidden pairs are no longer proposed

        publishes = []
        page.on("request", lambda r: publishes.append(r) if r.method == "POST" and r.url.endswith("/publish") else None)
        page.get_by_role("button", name="Publish these matches…").click()
        page.get_by_role("button", name=re.compile("^Yes: publish every match")).dblclick()
        done = page.locator("#publish-result")
        expect(done).to_have_text("Published Autumn intake: every participant is being e-mailed their match.")
        expect(done).to_have_attribute("role", "status")
        expect(page.get_by_text("Status: published")).to_be_visible()
        page.wait_for_timeout(500)
        assert len(publishes) == 1, "a double click should send one publish request"
        expect(page.get_by_role("alert")).to_have_text("")

        pairs = published_pairs(page, cohort)
        assert len(pairs) == 14
        forbidden = {(email[mentee_a], row_mentor_email(proposal, people, mentee_a)),
                     (email[mentee_b], row_mentor_email(proposal, people, mentee_b))}
        assert not forbidden & pairs, "a forbidden pair was published"

        # Published: no Lock, Forbid or Move; the waiting list has its own way on.
        expect(page.get_by_role("button", name=re.compile("^(Lock|Forbid) "))).to_have_count(0)
        expect(page.get_by_label(re.compile("^Move "))).to_have_count(0)
        waiting = page.locator("#waiting-count")
        expect(waiting).to_contain_text("Waiting: 2 mentees")
        import_people(page, cohort, people_csv(["Wes Park"], ["Xia Ling", "Yan Ruiz"], start=40))
        page.reload()
        expect(waiting).to_contain_text("Waiting: 4 mentees")
        assert_accessible(page)
        shoot(page, "/tmp/review-published.png")

        match_and_wait(page, "Match the waiting")
        new = api(page, "GET", f"/api/admin/cohorts/{cohort}/proposal")
        assert new["kind"] == "waiting" and 0 < len(new["matches"]) <= 2
        expect(page.locator("#proposal tbody tr")).to_have_count(len(new["matches"]))
        page.get_by_role("button", name="Publish these new pairs…").click()
        confirm = page.get_by_role("button", name=re.compile("^Yes: publish .* and e-mail only their"))
        expect(confirm).to_be_focused()
        shoot(page, "/tmp/review-waiting.png")
        confirm.click()
        expect(done).to_contain_text("Published the new pairs of Autumn intake: only their people are being e-mailed.")
        after = published_pairs(page, cohort)
        assert pairs < after and len(after) == 14 + len(new["matches"])
        tab.assert_clean()


def row_mentor_email(proposal, people, mentee_name):
    """The e-mail of the mentor the first proposal gave `mentee_name`."""
    m = next(m for m in proposal["matches"] if people[m["mentee"]]["name"] == mentee_name)
    return people[m["mentor"]]["email"]
