"""A mentee signs in with an e-mailed link and works on her match (me.html).

Its own `tandem serve` (the demo cohort is matched and published here, which
the shared server's other tests must not see). Check-ins fall due 30 days
after publishing, so they are left to the API tests."""
from __future__ import annotations

import json
import re
import time

from playwright.sync_api import expect

from functions import notify
from functions.settings import Settings
from tests.browser.actions import match_and_publish
from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible

COHORT = "demo-2027-spring"
XRW = {"X-Requested-With": "tandem"}


def publish(page) -> None:
    moved = page.request.patch(f"/api/admin/cohorts/{COHORT}", data={"status": "matching"}, headers=XRW)
    assert moved.ok, moved.text()
    match_and_publish(page, COHORT)


def a_matched_mentee(page) -> str:
    listed = page.request.get(f"/api/admin/cohorts/{COHORT}/participants?matched=1&role=mentee").json()
    people = listed["participants"] if isinstance(listed, dict) else listed
    return people[0]["email"]


def sign_in_link(data, email: str, not_this: str | None = None) -> str:
    settings = Settings(data_dir=str(data))
    for _ in range(100):
        for mail in notify.outbox(settings):
            if mail["Subject"] == "Your Tandem sign-in link" and email in mail["To"]:
                link = re.search(r"http://\S+/me\.html#t=\S+", mail.get_content()).group(0)
                if link != not_this:
                    return link
        time.sleep(0.3)
    raise AssertionError(f"no sign-in link for {email}")


def test_a_mentee_signs_in_sets_goals_logs_a_meeting_and_closes_her_match(browser):
    with own_server(browser, "journey@example.org") as (server, tab):
        page = tab.page
        data = server.data_dir
        publish(page)
        mentee = a_matched_mentee(page)

        # Signed out: the link form answers the same for any address.
        page.goto("/me.html")
        expect(page.get_by_role("heading", name="My mentoring")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Your e-mail address").fill(mentee)
        page.get_by_role("button", name="E-mail me a sign-in link").click()
        expect(page.locator("#link-status")).to_contain_text("If this address is enrolled")

        link = sign_in_link(data, mentee)
        page.goto("about:blank")
        page.goto(link)
        expect(page.get_by_text("Signed in as")).to_be_visible()
        assert "#t=" not in page.url  # the token left the address bar
        expect(page.get_by_role("heading", name=re.compile("^Our match: "))).to_be_visible()
        expect(page.get_by_text("Why we matched you:").first).to_be_visible()
        partner = page.get_by_role("heading", name=re.compile("^Our match: ")).inner_text()
        partner = partner.removeprefix("Our match: ")

        # A goal with two milestones.
        page.get_by_text("Add a goal", exact=True).click()
        page.get_by_label("Goal", exact=True).fill("Lead a project")
        page.get_by_label("What success looks like").fill("A shipped release")
        page.get_by_label("Target date").fill("2099-01-31")
        page.get_by_role("button", name="Add goal").click()
        expect(page.get_by_role("heading", name="Lead a project")).to_be_visible()
        for title in ("Write the plan", "Run the kick-off"):
            page.get_by_label("New milestone for “Lead a project”").fill(title)
            page.get_by_role("button", name="Add milestone").click()
            expect(page.get_by_label(title)).to_be_visible()
        expect(page.get_by_text("Progress: 0 of 2 milestones (0 %)")).to_be_visible()

        # A meeting with private notes.
        page.get_by_text("Log a meeting", exact=True).click()
        page.get_by_label("Length in minutes").fill("45")
        page.get_by_label("Topics").fill("planning, career")
        page.get_by_label("Notes", exact=True).fill("Only for me")
        page.get_by_role("button", name="Log meeting").click()
        expect(page.locator("#meeting-count")).to_contain_text("1 meeting, 45 minutes")
        expect(page.locator(".timeline li")).to_have_count(1)

        # Ticking a milestone: half the goal is done.
        page.get_by_label("Write the plan").check()
        expect(page.get_by_text("Progress: 1 of 2 milestones (50 %)")).to_be_visible()
        assert page.locator("progress").first.get_attribute("value") == "50"
        expect(page.get_by_label("Write the plan")).to_be_checked()
        assert_accessible(page)

        # Her data, as a download.
        with page.expect_download() as download:
            page.get_by_role("link", name="Download my data").click()
        body = json.loads(open(download.value.path(), encoding="utf-8").read())
        assert mentee in json.dumps(body)

        # Feedback, then closing the match.
        page.get_by_text("Give feedback", exact=True).click()
        page.get_by_label("Rating").select_option("4")
        page.get_by_label("Your feedback").fill("Very helpful")
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_text("You gave 4 of 5: Very helpful")).to_be_visible()

        page.get_by_text("Close this match…").click()
        page.get_by_role("button", name="Close this match").click()  # no reason: the API says so
        expect(page.locator("form[aria-label='Close this match'] [role=alert]")).to_be_visible()
        page.get_by_label("Why are you closing it?").fill("We met our goals")
        page.get_by_label("How satisfied are you with the match?").select_option("5")
        page.get_by_label("Did you meet your goals?").select_option("partly")
        page.get_by_role("button", name="Close this match").click()
        expect(page.get_by_role("heading", name="This match is closed")).to_be_visible()
        assert_accessible(page)

        # Her certificate of completion: a page of its own, to print or save.
        with page.context.expect_page() as opened:
            page.get_by_role("link", name="Your certificate of completion").click()
        certificate = opened.value
        expect(certificate.get_by_text("Certificate of completion")).to_be_visible()
        expect(certificate.get_by_role("heading", level=1)).to_contain_text(partner)
        expect(certificate.locator("main")).to_contain_text("completed a mentoring partnership in")
        assert_accessible(certificate)
        certificate.close()

        # "Delete me" asks on the page first; cancelling keeps everything.
        page.get_by_role("button", name="Delete me…").click()
        expect(page.get_by_role("button", name="Yes, delete everything about me")).to_be_visible()
        page.get_by_role("button", name="Cancel").click()
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="E-mail me a sign-in link")).to_be_visible()

        # A used link is refused with the API's words, and the form is offered again
        # (opened in this tab, where only the fragment changes).
        page.goto(link)
        expect(page.get_by_role("alert")).to_contain_text("used, expired or not valid")
        expect(page.get_by_role("button", name="E-mail me a sign-in link")).to_be_visible()

        # A new link, and "Delete me" for real: signed out, and the session is gone.
        page.get_by_label("Your e-mail address").fill(mentee)
        page.get_by_role("button", name="E-mail me a sign-in link").click()
        expect(page.locator("#link-status")).to_contain_text("If this address is enrolled")
        page.goto("about:blank")
        page.goto(sign_in_link(data, mentee, not_this=link))
        expect(page.get_by_text("Signed in as")).to_be_visible()
        page.get_by_role("button", name="Delete me…").click()
        page.get_by_role("button", name="Yes, delete everything about me").click()
        expect(page.locator("#announcer")).to_contain_text("Your data is deleted")
        expect(page.get_by_role("button", name="E-mail me a sign-in link")).to_be_visible()
        assert page.request.get("/api/me").status == 401
        tab.assert_clean()
