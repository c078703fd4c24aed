"""A pair's journey from the match e-mail: the match page, My mentoring
through the site's nav, what to do next, a meeting planned into both
calendars (read back with icalendar), a resource marked done, a goal reached
(celebrated on the page, e-mailed to the partner); axe at each step. Its
own `tandem serve`: the demo cohort is published here."""
from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import expect

from functions import notify
from functions.settings import Settings
from tests.browser.conftest import open_tab, own_server
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import COHORT, a_matched_mentee, publish, sign_in_link

SOON = (date.today() + timedelta(days=12)).isoformat()
#: 10:30 on SOON in Paris, in UTC (whatever daylight saving says that day).
PARIS_10_30 = datetime.fromisoformat(f"{SOON}T10:30").replace(
    tzinfo=ZoneInfo("Europe/Paris")).astimezone(timezone.utc)


def mail_to(data, email: str, subject: str) -> str:
    """The text of the newest message to ``email`` whose subject has ``subject``."""
    settings = Settings(data_dir=str(data))
    for _ in range(100):
        found = [m for m in notify.outbox(settings) if email in m["To"] and subject in m["Subject"]]
        if found:
            return found[-1].get_body(("plain",)).get_content()
        time.sleep(0.3)
    raise AssertionError(f"no message '{subject}' to {email}")


def invitations(data) -> list[tuple[str, icalendar.Calendar]]:
    out = []
    for msg in notify.outbox(Settings(data_dir=str(data))):
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                out.append((msg["To"], icalendar.Calendar.from_ical(part.get_content())))
    return out


def test_a_pair_goes_from_the_match_email_to_a_planned_meeting_and_a_resource_done(browser, tmp_path):
    with own_server(browser, "pair@example.org") as (server, admin_tab):
        data = server.data_dir
        publish(admin_tab.page)
        mentee = a_matched_mentee(admin_tab.page)
        [listed] = admin_tab.page.request.get(
            f"/api/admin/cohorts/{COHORT}/participants?q={mentee}").json()
        mentee_name = listed["name"]
        tab = open_tab(browser, server.url)
        page = tab.page
        try:
            # The match e-mail links the match page and My mentoring.
            text = mail_to(data, mentee, "your match is ready")
            assert re.search(r"http://\S+/me\.html\b", text)
            page.goto(re.search(r"http://\S+/match\.html#t=\S+", text).group(0))
            expect(page.get_by_role("heading", name=re.compile("^Your match in"))).to_be_visible()
            assert page.evaluate("document.activeElement.tagName") != "H1"  # no ring on load
            assert_accessible(page)

            # Through the site's nav to My mentoring, and signed in by link.
            page.get_by_role("navigation", name="Site").get_by_role("link", name="My mentoring").click()
            expect(page.get_by_role("heading", name="My mentoring")).to_be_visible()
            page.get_by_label("Your e-mail address").fill(mentee)
            page.get_by_role("button", name="E-mail me a sign-in link").click()
            expect(page.locator("#link-status")).to_contain_text("If this address is enrolled")
            page.goto(sign_in_link(data, mentee))

            # It opens on what to do next.
            steps = page.get_by_role("region", name="What to do next")
            expect(steps.get_by_role("link", name=re.compile("^Plan your first meeting with"))).to_be_visible()
            expect(steps.get_by_role("link", name="Set your first goal together.")).to_be_visible()
            expect(steps.get_by_role("link", name="Read “A first-meeting agenda”.")).to_be_visible()
            assert_accessible(page)

            # Plan a meeting: both get an invitation their calendar reads.
            steps.get_by_role("link", name=re.compile("^Plan your first meeting")).click()
            expect(page.locator("#plan-heading")).to_be_focused()
            form = page.get_by_role("form", name="Plan a meeting")
            form.get_by_label("Day").fill(SOON)
            form.get_by_label("Start time").fill("10:30")
            form.get_by_label("Time zone").select_option("Europe/Paris")
            form.get_by_label("How long, in minutes").fill("45")
            form.get_by_label("Place or video link").fill("https://meet.example/first")
            page.set_viewport_size({"width": 320, "height": 800})  # a small phone: a touch target
            box = form.get_by_label("Day").bounding_box()
            assert box and box["height"] >= 44
            page.screenshot(path=str(tmp_path / "plan-320.png"), full_page=False)
            page.set_viewport_size({"width": 1280, "height": 900})
            form.get_by_role("button", name="Plan and invite").click()
            planned = page.get_by_role("region", name="Planned meetings")
            expect(planned.get_by_text("your time, 45 minutes, https://meet.example/first")).to_be_visible()
            expect(steps.get_by_role("link", name=re.compile("^Plan your first meeting"))).to_have_count(0)
            assert_accessible(page)
            sent = []
            for _ in range(50):
                sent = invitations(data)
                if len(sent) >= 2:
                    break
                time.sleep(0.2)
            assert len(sent) == 2 and mentee in {to for to, _ in sent}
            uids = set()
            for _, cal in sent:
                [ev] = cal.walk("VEVENT")
                assert str(cal["METHOD"]) == "REQUEST"
                assert ev.decoded("DTSTART") == PARIS_10_30
                assert ev["DTSTART"].to_ical().endswith(b"Z")
                uids.add(str(ev["UID"]))
            assert len(uids) == 1

            # A resource for this stage, marked done; it stays done after a reload.
            resources = page.get_by_role("region", name="Resources for this stage")
            resources.get_by_text("Read it").first.click()
            done = resources.get_by_label("Done: A first-meeting agenda")
            done.check()
            expect(page.get_by_label("Done: A first-meeting agenda")).to_be_checked()
            page.reload()
            expect(page.get_by_label("Done: A first-meeting agenda")).to_be_checked()
            expect(page.get_by_role("region", name="What to do next").get_by_role(
                "link", name="Read “A first-meeting agenda”.")).to_have_count(0)
            assert_accessible(page)

            # A goal whose one milestone she ticks off: a celebration here, an e-mail to her mentor.
            page.get_by_text("Add a goal", exact=True).click()
            page.get_by_label("Goal", exact=True).fill("Lead a design review")
            page.get_by_label("Target date").fill((date.today() + timedelta(days=60)).isoformat())
            page.get_by_role("button", name="Add goal").click()
            page.get_by_label("New milestone for “Lead a design review”").fill("Run one alone")
            page.get_by_role("button", name="Add milestone").click()
            page.get_by_label("Run one alone").check()
            well_done = page.get_by_role("region", name="Well done")
            expect(well_done).to_contain_text("Goal reached: “Lead a design review”.")
            mentor = next(to for to, _ in sent if to != mentee)
            assert "the goal is reached" in mail_to(data, mentor, "goal reached: Lead a design review")
            assert_accessible(page)
            page.screenshot(path=str(tmp_path / "my-mentoring.png"), full_page=True)

            # She shares the reached goal: the program team sees it, and only it.
            reached = page.locator(".card.goal").filter(has_text="Lead a design review")
            reached.get_by_text("Edit this goal").click()
            reached.get_by_label(re.compile("^Share this goal with the program team")).check()
            reached.get_by_role("button", name="Save changes").click()
            expect(page.locator("#announcer")).to_contain_text("Saved your changes to the goal")
            program = admin_tab.page.request.get(f"/api/admin/cohorts/{COHORT}").json()
            program_id = program.get("program_id") or program["program"]["id"]
            admin_tab.page.goto(f"/admin/?program={program_id}")
            shared = admin_tab.page.get_by_role("region", name="Goals reached")
            expect(shared.locator("li")).to_have_count(1)
            expect(shared.locator("li")).to_contain_text("Lead a design review")

            # A second goal, moved to the top of her priorities.
            add = page.get_by_role("form", name="Add a goal")
            page.get_by_text("Add a goal", exact=True).click()
            add.get_by_label("Goal", exact=True).fill("Present at the all-hands")
            add.get_by_label("Target date").fill((date.today() + timedelta(days=90)).isoformat())
            add.get_by_role("button", name="Add goal").click()
            page.get_by_role("button", name="Move up: Present at the all-hands").click()
            expect(page.locator("#announcer")).to_contain_text("is now priority 1")
            expect(page.locator(".card.goal h4").first).to_have_text("Present at the all-hands")

            # Her mentor comments on it; he orders nothing (no Move buttons for him).
            asked = page.request.post("/api/sign-in", headers={"X-Requested-With": "tandem"},
                                      data={"email": mentor})
            assert asked.status == 202, asked.text()
            page.goto("about:blank")
            page.goto(sign_in_link(data, mentor))
            goal = page.locator(".card.goal").filter(has_text="Present at the all-hands")
            # A mentor of one mentee lands on their match; of several (the demo's
            # matching decides), on the list of them, and opens hers.
            hers = page.get_by_role("button", name=f"Open our match with {mentee_name}")
            expect(goal.or_(hers).first).to_be_visible()
            if hers.is_visible():
                hers.click()
                # Said once the match is drawn: before that a typed comment is lost.
                expect(page.locator("#announcer")).to_contain_text(
                    f"Your match with {mentee_name} is shown")
            expect(goal).to_contain_text("Priority 1 of 2")
            expect(page.get_by_role("button", name=re.compile("^Move (up|down)"))).to_have_count(0)
            goal.get_by_label("Your feedback on “Present at the all-hands”").fill(
                "Start with one slide on what changed for the team.")
            goal.get_by_role("button", name="Add comment").click()
            expect(page.locator("#announcer")).to_contain_text("Comment added")
            expect(page.locator(".card.goal").filter(has_text="Present at the all-hands")
                   .locator(".comments")).to_contain_text("Start with one slide")
            assert_accessible(page)
        finally:
            tab.close()
