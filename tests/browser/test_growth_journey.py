"""A mentee rates herself when she enrols, works on her goals with her
mentor (editing a goal and a meeting, losing a race to him and reloading),
closes the match rating herself again, and sees her growth (me.html).

Its own `tandem serve`: the demo cohort is matched and published here."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.actions import enrol_through_page, fill_enrolment, open_cohort
from tests.browser.conftest import own_server, unique_email
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import COHORT, XRW, publish, sign_in_link


def participants(page, **filters) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    listed = page.request.get(f"/api/admin/cohorts/{COHORT}/participants?{query}").json()
    return listed["participants"] if isinstance(listed, dict) else listed


def rate(page, form_name: str, skill: str, level: int) -> None:
    group = page.get_by_role("group", name=form_name).get_by_role("group", name=skill, exact=True)
    group.get_by_role("radio", name=re.compile(rf"^{level}\b")).check()


def signed_in_request(server, browser, email: str, not_this: str | None = None):
    """A second client (another browser context) signed in as ``email`` by its link."""
    context = browser.new_context(base_url=server.url)
    asked = context.request.post("/api/sign-in", data={"email": email}, headers=XRW)
    assert asked.status == 202
    token = sign_in_link(server.data_dir, email, not_this=not_this).split("#t=", 1)[1]
    signed = context.request.post("/api/sign-in/token", data={"token": token}, headers=XRW)
    assert signed.ok, signed.text()
    return context


def test_a_mentee_rates_herself_edits_goals_loses_a_race_and_sees_her_growth(browser):
    with own_server(browser, "growth@example.org") as (server, tab):
        page = tab.page
        email = unique_email("grace")

        # Enrolment, with the optional "before" ratings.
        page.goto(f"/enrol.html?cohort={COHORT}")
        fill_enrolment(page, role="mentee", name="Grace Growth", email=email)
        section = "Optional: where are you today?"
        expect(page.get_by_role("group", name=section)).to_be_visible()
        rate(page, section, "Confidence", 2)
        rate(page, section, "Leadership", 3)
        assert_accessible(page)
        page.get_by_role("button", name="Enrol", exact=True).click()
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

        # Matched: the admin locks her to a mentor, runs matching and publishes.
        [me] = participants(page, q=email)
        mentor = participants(page, role="mentor")[0]
        locked = page.request.post(f"/api/admin/cohorts/{COHORT}/adjustments", headers=XRW,
                                   data={"kind": "lock", "mentee": me["id"], "mentor": mentor["id"]})
        assert locked.ok, locked.text()
        publish(page)

        # Signed in by the e-mailed link: her starting point is on the page.
        page.goto("/me.html")
        page.get_by_label("Your e-mail address").fill(email)
        page.get_by_role("button", name="E-mail me a sign-in link").click()
        expect(page.locator("#link-status")).to_contain_text("If this address is enrolled")
        link = sign_in_link(server.data_dir, email)
        page.goto("about:blank")
        page.goto(link)
        expect(page.get_by_role("heading", name=re.compile("^Our match: "))).to_be_visible()
        growth = page.locator("#growth")
        expect(growth.get_by_role("heading", name="My growth")).to_be_visible()
        expect(growth.locator(".chart-desc")).to_contain_text("Confidence: 2 before, not rated after")
        expect(growth.get_by_text("When your match closes, you rate yourself again")).to_be_visible()

        # A goal, then an edit of it: the history keeps the earlier text.
        page.get_by_text("Add a goal", exact=True).click()
        page.get_by_label("Goal", exact=True).fill("Speak at a meetup")
        page.get_by_label("Target date").fill("2099-03-01")
        page.get_by_role("button", name="Add goal").click()
        goal = page.locator("li.goal", has=page.get_by_role("heading", name="Speak at a meetup"))
        expect(goal).to_be_visible()
        goal.get_by_text("Edit this goal").click()
        goal.get_by_label("Goal", exact=True).fill("Speak at two meetups")
        goal.get_by_role("button", name="Save changes").click()
        goal = page.locator("li.goal", has=page.get_by_role("heading", name="Speak at two meetups"))
        expect(goal).to_be_visible()
        goal.get_by_text("History (1 earlier version)").click()
        expect(goal.locator(".history li")).to_have_text(
            re.compile(r"^Edited by you on \d{1,2} [A-Z][a-z]{2} \d{4}: was “Speak at a meetup”, target date 1 Mar 2099$"))

        # A meeting of hers, edited.
        page.get_by_text("Log a meeting", exact=True).click()
        page.get_by_label("Length in minutes").fill("30")
        page.get_by_role("button", name="Log meeting").click()
        expect(page.locator("#meeting-count")).to_contain_text("1 meeting, 30 minutes")
        page.locator(".timeline").get_by_text(re.compile("^Edit the meeting of")).click()
        page.locator(".timeline").get_by_label("Length in minutes").fill("50")
        page.locator(".timeline").get_by_role("button", name="Save changes").click()
        expect(page.locator("#meeting-count")).to_contain_text("1 meeting, 50 minutes")

        # The race: she opens the editor, her mentor saves first from his own client.
        goal.get_by_text("Edit this goal").click()
        goal.get_by_label("What success looks like").fill("Two talks given")
        mentor_client = signed_in_request(server, browser, mentor["email"])
        match_id = f"{COHORT}.{me['id']}"
        page_data = mentor_client.request.get(f"/api/matches/{match_id}").json()
        [g] = page_data["goals"]
        his = mentor_client.request.patch(f"/api/matches/{match_id}/goals/{g['id']}", headers=XRW,
                                          data={"version": g["version"], "title": "Speak at three meetups"})
        assert his.ok, his.text()
        mentor_client.close()
        goal.get_by_role("button", name="Save changes").click()
        alert = goal.get_by_role("alert")
        expect(alert).to_contain_text("Someone else changed this goal while you were editing it")
        expect(alert).to_be_focused()
        assert_accessible(page)
        alert.get_by_role("button", name="Reload").click()
        goal = page.locator("li.goal", has=page.get_by_role("heading", name="Speak at three meetups"))
        expect(goal).to_be_visible()
        expect(goal.get_by_text("Success looks like: Two talks given")).to_have_count(0)
        goal.get_by_text("History (2 earlier versions)").click()
        expect(goal.locator(".history li").first).to_contain_text(
            f"Edited by {mentor['name']} on")

        # Closing the match asks for the "after" ratings; the growth shows.
        page.get_by_text("Close this match…").click()
        page.get_by_label("Why are you closing it?").fill("We reached our goals")
        page.get_by_label("How satisfied are you with the match?").select_option("5")
        rate(page, "Where are you now?", "Confidence", 4)
        rate(page, "Where are you now?", "Leadership", 3)
        page.get_by_role("button", name="Close this match").click()
        expect(page.get_by_role("heading", name="This match is closed")).to_be_visible()
        expect(growth.locator(".chart-desc")).to_contain_text("Confidence: 2 before, 4 after (+2)")
        expect(growth.locator(".chart-desc")).to_contain_text("Leadership: 3 before, 3 after (+0)")
        expect(growth.locator("svg.growth-svg rect")).to_have_count(4)
        growth.get_by_text("Show the numbers").click()
        row = growth.get_by_role("row", name=re.compile("^Confidence"))
        expect(row).to_have_text(re.compile(r"Confidence\s*2\s*4\s*\+2"))
        assert_accessible(page)

        # Her export carries both ratings.
        export = page.request.get("/api/me/export").json()
        [mine] = [e for e in export["enrolments"] if e["cohort_id"] == COHORT]
        assert mine["self_assessment"]["before"]["ratings"] == {"Confidence": 2, "Leadership": 3}
        assert mine["self_assessment"]["after"]["ratings"] == {"Confidence": 4, "Leadership": 3}

        # The admin sees means only, and not over one person: hers stays withheld.
        means = page.request.get(f"/api/admin/cohorts/{COHORT}/self-assessment").json()
        confidence = next(s for s in means["skills"] if s["skill"] == "Confidence")
        assert confidence["pairs_n"] == 1 and confidence["suppressed"] is True
        assert confidence["before_mean"] is None and confidence["after_mean"] is None
        tab.assert_clean()


def test_someone_who_enrolled_without_ratings_rates_herself_once_on_my_mentoring(page, live_server):
    email = unique_email("ines")
    enrol_through_page(page, open_cohort(page), name="Ines Imported", email=email)
    page.goto("/me.html")
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(page.locator("#link-status")).to_contain_text("If this address is enrolled")
    page.goto("about:blank")
    page.goto(sign_in_link(live_server.data_dir, email))
    growth = page.locator("#growth")
    expect(growth.get_by_text("You have not rated yourself yet: rate yourself now")).to_be_visible()
    assert_accessible(page)

    # Nothing rated: the page says so and sends nothing.
    growth.get_by_role("button", name="Save my starting point").click()
    expect(growth.get_by_role("alert")).to_contain_text("Rate at least one skill")
    rate(page, "Where are you today?", "Networking", 1)
    growth.get_by_role("button", name="Save my starting point").click()
    expect(growth.locator(".chart-desc")).to_contain_text("Networking: 1 before, not rated after")
    expect(page.locator("#announcer")).to_contain_text("Your ratings are saved")
    # Given once: the form is gone, and the "after" ratings wait for a closed match.
    expect(growth.get_by_role("button", name="Save my starting point")).to_have_count(0)
    expect(growth.get_by_text("When your match closes, you rate yourself again")).to_be_visible()
    assert_accessible(page)


def test_the_admin_names_a_programs_skills_in_the_program_form(browser):
    with own_server(browser, "skills@example.org") as (server, tab):
        page = tab.page
        page.get_by_role("link", name="New program").click()
        expect(page.get_by_role("heading", name="New program")).to_be_focused()
        page.get_by_label("Name", exact=True).fill("Speaking circle")
        skills = page.get_by_label("Skills to self-assess (optional)")
        skills.fill("Public speaking\nDelegation\npublic speaking")
        page.get_by_role("button", name=re.compile("^(Create|Save)")).click()
        # The API's answer, beside the field: a skill listed twice.
        expect(skills).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#program-skills-error")).to_contain_text("listed twice")
        assert_accessible(page)
        skills.fill("Public speaking\nDelegation")
        page.get_by_role("button", name=re.compile("^(Create|Save)")).click()
        expect(skills).to_have_count(0)  # the form is done: the new program is shown
        programs = page.request.get("/api/admin/programs").json()
        [made] = [p for p in programs if p["name"] == "Speaking circle"]
        assert page.request.get(f"/api/admin/programs/{made['id']}").json()["skills"] == [
            "Public speaking", "Delegation"]
