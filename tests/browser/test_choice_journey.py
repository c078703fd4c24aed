"""Choice mode in the browser: a mentee signs in with the e-mailed link and
asks one of her suggested mentors (taking the request back once, then asking
again); the mentor signs in, accepts, and the match appears under "My
matches"; she pauses new requests; the mentee's other suggestions fold away.

Its own `tandem serve`: the demo cohort is put in choice mode and published.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import COHORT, XRW, publish, sign_in_link


def choice_policy(page) -> None:
    program = page.request.get(f"/api/admin/cohorts/{COHORT}").json()["program"]["id"]
    policy = page.request.get(f"/api/admin/programs/{program}/policy").json()
    saved = page.request.put(f"/api/admin/programs/{program}/policy", headers=XRW, data={
        "criteria": policy["criteria"], "min_score": policy["min_score"], "mode": "choice",
        "version": policy["version"]})
    assert saved.ok, saved.text()


def participants(page) -> list[dict]:
    listed = page.request.get(f"/api/admin/cohorts/{COHORT}/participants").json()
    return listed["participants"] if isinstance(listed, dict) else listed


def sign_in_by_mail(page, data, email: str, used: str | None = None) -> None:
    asked = page.request.post("/api/sign-in", headers=XRW, data={"email": email})
    assert asked.status == 202, asked.text()
    page.goto("about:blank")
    page.goto(sign_in_link(data, email, not_this=used))
    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_a_mentee_asks_a_suggested_mentor_who_accepts_and_they_are_matched(browser):
    with own_server(browser, "choice@example.org") as (server, tab):
        page = tab.page
        choice_policy(page)
        publish(page)
        people = participants(page)
        mentee = next(p for p in people if p["role"] == "mentee")
        by_id = {p["id"]: p for p in people}

        # The mentee: her suggestions, with why, and a request.
        page.goto("/me.html")
        page.get_by_label("Your e-mail address").fill(mentee["email"])
        page.get_by_role("button", name="E-mail me a sign-in link").click()
        expect(page.locator("#link-status")).to_contain_text("If this address is enrolled")
        page.goto("about:blank")
        first_link = sign_in_link(server.data_dir, mentee["email"])
        page.goto(first_link)
        expect(page.get_by_role("heading", name=re.compile("^Choose your mentor"))).to_be_visible()
        suggested = page.locator("ul[aria-label='Suggested mentors'] > li")
        expect(suggested).to_have_count(5)
        expect(suggested.first.get_by_text("How you fit:")).to_be_visible()
        expect(suggested.first.locator(".reasons li").first).to_have_text(
            re.compile(r"^(In common|Different|Not given): "))
        expect(page.get_by_text("You have not asked a mentor yet")).to_be_visible()
        assert_accessible(page)
        first = page.request.get(f"/api/cohorts/{COHORT}/choice").json()["suggestions"][0]
        mentor = by_id[first["mentor"]["id"]]
        page.get_by_role("button", name=f"Ask {mentor['name']}").click()
        expect(page.get_by_text(f"Your request to {mentor['name']}: waiting for an answer."))\
            .to_be_focused()
        expect(page.locator("#announcer")).to_contain_text("Your request was sent")
        # One request at a time: every other "Ask" is now off.
        expect(page.get_by_role("button", name=re.compile("^Ask ")).first).to_be_disabled()
        expect(page.get_by_text("You have no match yet: you choose your mentor above.")).to_be_visible()
        assert_accessible(page)
        # Taken back while it waits: she may ask again (here the same mentor).
        page.get_by_role("button", name=f"Take back my request to {mentor['name']}").click()
        expect(page.get_by_text(f"Your request to {mentor['name']}: taken back"))\
            .to_be_focused()
        page.get_by_role("button", name=f"Ask {mentor['name']}").click()
        expect(page.get_by_text(f"Your request to {mentor['name']}: waiting for an answer."))\
            .to_be_focused()

        # The mentor: the request, accepted; the match appears.
        sign_in_by_mail(page, server.data_dir, mentor["email"])
        expect(page.get_by_role("heading", name=re.compile("^Mentees asking you"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"^Seats taken: 0 of \d+\.$"))).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name=f"Accept {mentee['name']}").focus()
        page.keyboard.press("Enter")
        matches = page.get_by_role("list", name="My matches")
        expect(matches).to_contain_text(mentee["name"])
        expect(matches).to_contain_text(mentee["email"])
        expect(page.get_by_text(re.compile(r"^Seats taken: 1 of \d+\.$"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"^Score [\d.]+ of 100\. Request accepted on ")))\
            .to_be_visible()

        # A pause: a past date is refused beside the field, a future one shown.
        page.get_by_label("Take no new requests until").fill("2001-01-01")
        page.get_by_role("button", name="Pause new requests").click()
        expect(page.locator("form[aria-label='Pause new requests'] .field-error"))\
            .to_contain_text("from today on")
        until = date.today() + timedelta(days=14)
        page.get_by_label("Take no new requests until").fill(until.isoformat())
        page.get_by_role("button", name="Pause new requests").click()
        # Shown as people read dates: "21 Dec 2026" (en-GB says "Sept" for September).
        shown = re.compile(rf"You take no new requests until {until.day} [A-Z][a-z]{{2,3}} {until.year}\.")
        expect(page.locator("#choices").get_by_text(shown))\
            .to_be_visible()
        assert_accessible(page)

        # Back as the mentee: accepted, and the match is hers too.
        sign_in_by_mail(page, server.data_dir, mentee["email"], used=first_link)
        expect(page.get_by_text(f"Your request to {mentor['name']}: accepted")).to_be_visible()
        expect(page.get_by_role("list", name="My matches")).to_contain_text(mentor["name"])
        # Matched: the other suggestions fold away, without "Ask" buttons.
        folded = page.locator("#choices details.folded")
        expect(folded.locator("summary")).to_have_text("Your other suggestions (5)")
        expect(folded.locator("ul[aria-label='Suggested mentors']")).to_be_hidden()
        expect(page.get_by_role("button", name=re.compile("^(Ask|Take back) "))).to_have_count(0)
        tab.assert_clean()


def _record_404s(page) -> list[str]:
    found: list[str] = []
    page.on("response", lambda r: found.append(r.url) if r.status == 404 else None)
    return found


def test_my_mentoring_asks_for_a_choice_page_only_where_there_is_one(tab, live_server):
    """The demo's Winter 2026 is published in admin mode, Pick Your Mentor in
    choice mode: neither page load asks for anything that is not there."""
    from functions.local import demo
    page = tab.page
    missing = _record_404s(page)
    winter = next(p for p in demo.people(6, 14, seed=2026) if p["role"] == "mentee")
    sign_in_by_mail(page, live_server.data_dir, f"winter.{winter['email']}")
    page.wait_for_load_state("networkidle")
    assert page.request.get("/api/me").json()["enrolments"][0]["choice"] is False
    expect(page.locator("#choices section")).to_have_count(0)
    assert missing == []

    chooser = next(p for p in demo.people(5, 12, seed=2028) if p["role"] == "mentee")
    sign_in_by_mail(page, live_server.data_dir, f"choice.{chooser['email']}")
    expect(page.get_by_role("heading", name=re.compile("^Choose your mentor"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert missing == []


def test_the_admin_sees_a_choice_cohorts_requests_and_seats(tab, admin):
    from tests.browser.actions import sign_in
    page = tab.page
    missing = _record_404s(page)
    sign_in(page, admin)
    page.goto("/admin/?cohort=demo-choice-2027")
    section = page.locator("#cohort-choices")
    expect(section.get_by_role("heading", name="Mentees' choices")).to_be_visible()
    counts = section.locator("#choice-counts")
    expect(counts).to_contain_text("Accepted (matched)1")
    expect(counts).to_contain_text("Waiting for the mentor's answer1")
    seats = section.get_by_role("table", name="Mentors' seats")
    expect(seats.locator("tbody tr")).to_have_count(5)
    expect(seats).to_contain_text("1 of ")
    assert_accessible(page)
    # An admin-mode cohort has no such section, and asks for none.
    page.goto("/admin/?cohort=demo-2026-winter")
    expect(page.get_by_role("heading", name="Matching")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#cohort-choices")).to_have_count(0)
    assert missing == []
