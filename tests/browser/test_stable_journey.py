"""Stable choice in the browser: a program matched by ranked choices; when
enrolment closes the mentees get suggestions, one ranks two mentors on My
mentoring, the admin's cohort page counts who has ranked, the admin matches
and publishes, and the mentee reads why she got her 2nd choice."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from functions.domain.questionnaire import default_questionnaire
from tests.browser.actions import api, match_and_publish, new_program_cohort, sign_in
from tests.browser.conftest import open_tab, screenshot, unique_email
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import sign_in_link


def people_file(mentors: list[tuple[str, str]], mentees: list[tuple[str, str]]) -> str:
    lines = ["role,name,email,capacity,offers,wants,languages,level"]
    lines += [f"mentor,{name},{email},1,communication,,English,5" for name, email in mentors]
    lines += [f"mentee,{name},{email},,,communication,English,2" for name, email in mentees]
    return "\r\n".join(lines) + "\r\n"


def test_a_mentee_ranks_the_admin_matches_and_she_reads_why(browser, page, admin, live_server):
    sign_in(page, admin)
    cohort = new_program_cohort(page, default_questionnaire()["questions"])
    program = api(page, "GET", f"/api/admin/cohorts/{cohort}")["program"]["id"]
    policy = api(page, "GET", f"/api/admin/programs/{program}/policy")
    api(page, "PUT", f"/api/admin/programs/{program}/policy",
        {"criteria": policy["criteria"], "min_score": 0, "mode": "stable",
         "version": policy["version"]})
    rhea, tom, mia, noa = (unique_email(x) for x in ("rhea", "tom", "mia", "noa"))
    api(page, "POST", f"/api/admin/cohorts/{cohort}/participants/import",
        people_file([("Rhea Tan", rhea), ("Tom Berg", tom)], [("Mia Park", mia), ("Noa Levi", noa)]),
        headers={"Content-Type": "text/csv"})
    # Matching starts: the suggestions to rank are made on their own.
    api(page, "PATCH", f"/api/admin/cohorts/{cohort}", {"status": "matching"})
    page.goto(f"/admin/?cohort={cohort}")
    section = page.get_by_role("region", name="Mentees' rankings")
    expect(section.locator("#ranking-counts")).to_contain_text("0 of 2")
    expect(section).to_contain_text("Up to 5")
    expect(section).to_contain_text("When matching starts on")
    expect(section.get_by_role("button", name="Make suggestions")).to_have_count(0)

    ids = {p["name"]: p["id"] for p in api(page, "GET", f"/api/admin/cohorts/{cohort}/participants")}
    tab = open_tab(browser, live_server.url)
    try:
        me = tab.page
        api(me, "POST", "/api/sign-in", {"email": mia})
        me.goto(sign_in_link(live_server.data_dir, mia))
        ranking = me.get_by_role("region", name=re.compile("^Rank your mentors"))
        expect(ranking).to_contain_text("Rank up to 5 of your suggested mentors")
        ranking.get_by_role("button", name="Add Tom Berg as your 1st choice").click()
        ranking.get_by_role("button", name="Add Rhea Tan as your 2nd choice").click()
        ranking.get_by_role("button", name="Move Rhea Tan up").click()
        expect(ranking.get_by_role("list", name="Your ranking").locator("li")).to_have_text(
            [re.compile("^1st: Rhea Tan"), re.compile("^2nd: Tom Berg")])
        expect(ranking).to_contain_text("Not saved yet.")
        ranking.get_by_role("button", name="Save my ranking").click()
        expect(me.locator("#announcer")).to_contain_text("Saved: 1st Rhea Tan, 2nd Tom Berg.")
        expect(ranking.get_by_role("button", name="Save my ranking")).to_be_disabled()
        assert_accessible(me)
        screenshot(me, "stable-ranking.png")

        # Noa ranks Rhea first too, and Rhea puts Noa first: Mia gets her 2nd choice.
        noa_page = open_tab(browser, live_server.url)
        try:
            api(noa_page.page, "POST", "/api/sign-in", {"email": noa})
            noa_page.page.goto(sign_in_link(live_server.data_dir, noa))
            expect(noa_page.page.get_by_text("Signed in as")).to_be_visible()
            api(noa_page.page, "PUT", "/api/me/choices", {"cohort": cohort, "ranked": [ids["Rhea Tan"]]})
            api(noa_page.page, "POST", "/api/sign-in", {"email": rhea})
            noa_page.page.goto("about:blank")
            noa_page.page.goto(sign_in_link(live_server.data_dir, rhea))
            expect(noa_page.page.get_by_text("Signed in as")).to_contain_text(rhea)
            api(noa_page.page, "PUT", "/api/me/choices",
                {"cohort": cohort, "ranked": [ids["Noa Levi"], ids["Mia Park"]]})
        finally:
            noa_page.close()

        page.reload()
        expect(section.locator("#ranking-counts")).to_contain_text("2 of 2")
        screenshot(page, "stable-admin-ranking.png")
        match_and_publish(page, cohort)

        me.reload()
        why = me.get_by_role("region", name=re.compile("^Your ranking"))
        expect(why.get_by_role("heading", name="Why you got your mentor")).to_be_visible()
        expect(why).to_contain_text(
            "Tom Berg: your 2nd choice; your 1st choice, Rhea Tan, gave every seat to people "
            "they ranked higher.")
        expect(me.get_by_role("list", name="My matches")).to_contain_text("Tom Berg")
        assert_accessible(me)
        screenshot(me, "stable-why.png")
        assert not tab.problems, tab.problems
    finally:
        tab.close()
