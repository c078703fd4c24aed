"""An admin follows up a published cohort: sees its quiet pairs and a rematch
request, and enrols the person who asked in another cohort of the program.

Its own `tandem serve` (the demo cohort is published here). Pairs turn quiet
after 30 days, so the test moves the cohort's publishing date back 40 days
and writes one closure, straight into that server's store."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from functions import db
from functions.db import journal
from functions.db.programs import Cohort
from functions.settings import Settings
from tests.browser.actions import sign_in
from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_participant_journey import COHORT, XRW, publish, sign_in_link


def store_of(server) -> Settings:
    """The server's own DynamoDB Local, as its log names it."""
    endpoint = re.search(r"Amazon DynamoDB Local on (http://127\.0\.0\.1:\d+)",
                         server.log.read_text()).group(1)
    settings = Settings(stage="local", table_prefix="tandem-local-", dynamodb_endpoint=endpoint,
                        store_key=(server.data_dir / "store-key").read_text().strip())
    db.configure(settings)
    return settings


def test_an_unpublished_cohort_has_nothing_to_follow_up(page, admin):
    sign_in(page, admin, f"/admin/?cohort={COHORT}&view=follow-up")
    expect(page.get_by_role("heading", name=re.compile("^Follow-up: "))).to_be_visible()
    expect(page.locator("#follow-up-state")).to_have_text(re.compile("not published yet"))
    expect(page.locator("#quiet-empty")).to_have_text("No quiet pairs")
    expect(page.locator("#requests-empty")).to_have_text("No closure or rematch requests")
    assert_accessible(page)


def test_the_admin_sees_quiet_pairs_and_rematches_a_request(browser):
    with own_server(browser, "followup@example.org") as (server, tab):
        page = tab.page
        publish(page)
        program = page.request.get(f"/api/admin/cohorts/{COHORT}").json()["program"]["id"]
        made = page.request.post(f"/api/admin/programs/{program}/cohorts",
                                 data={"name": "Autumn 2027"}, headers=XRW)
        assert made.status == 201, made.text()
        autumn = made.json()["id"]
        opened = page.request.patch(f"/api/admin/cohorts/{autumn}", data={"status": "enrolling"},
                                    headers=XRW)
        assert opened.ok, opened.text()
        mentees = page.request.get(
            f"/api/admin/cohorts/{COHORT}/participants?matched=1&role=mentee").json()
        mentees = mentees["participants"] if isinstance(mentees, dict) else mentees
        asker, quiet_one = mentees[0], mentees[1]

        store_of(server)
        Cohort(id=COHORT).update(actions=[Cohort.published_at.set(
            datetime.now(timezone.utc) - timedelta(days=40))], add_version_condition=False)
        journal.close(f"{COHORT}.{asker['id']}", asker["id"],
                      {"reason": "Our schedules never lined up", "rematch": True,
                       "survey": {"satisfaction": 2}}, members=[])

        page.goto(f"/admin/?cohort={COHORT}")
        page.get_by_role("link", name="Follow-up").click()
        heading = page.get_by_role("heading", name=re.compile("^Follow-up: "))
        expect(heading).to_be_visible()
        assert "view=follow-up" in page.url
        expect(page.locator("#follow-up-state")).to_have_count(0)

        quiet = page.locator(f'#quiet-pairs tr[data-match="{COHORT}.{quiet_one["id"]}"]')
        expect(quiet).to_contain_text(quiet_one["name"])
        expect(quiet.locator("td").nth(1)).to_have_text("40")
        # The closed match is no longer followed as a pair.
        expect(page.locator(f'#quiet-pairs tr[data-match="{COHORT}.{asker["id"]}"]')).to_have_count(0)

        request = page.locator(f'li.request[data-match="{COHORT}.{asker["id"]}"]')
        expect(request).to_contain_text(f"{asker['name']} closed the match and asked for a rematch")
        expect(request).to_contain_text("Our schedules never lined up")
        assert_accessible(page)

        # Without a cohort chosen, the API's refusal shows beside the select.
        request.get_by_role("button", name="Rematch").click()
        error = page.locator("#request-0-cohort-error")
        expect(error).to_be_visible()
        expect(page.locator("#request-0-cohort")).to_have_attribute("aria-invalid", "true")
        expect(request.locator(".form-alert")).to_be_focused()

        request.get_by_label("Enrol them again in").select_option(autumn)
        request.get_by_label("Note (optional; the person who asked sees it)").fill("Autumn suits her better")
        request.get_by_role("button", name="Rematch").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#announcer")).to_contain_text(
            f"{asker['name']} is enrolled again in Autumn 2027")
        handled = page.locator(f'li.request[data-match="{COHORT}.{asker["id"]}"]')
        expect(handled).to_have_attribute("data-status", "handled")
        expect(handled).to_contain_text("enrolled again in Autumn 2027 by followup@example.org")
        expect(handled.get_by_role("button")).to_have_count(0)
        expect(page.get_by_role("heading", name="Closure and rematch requests")).to_be_focused()
        assert_accessible(page)
        # The view has its own address: a reload comes back to it.
        page.reload()
        expect(page.locator(f'li.request[data-match="{COHORT}.{asker["id"]}"]')).to_have_attribute(
            "data-status", "handled")

        people = page.request.get(f"/api/admin/cohorts/{autumn}/participants").json()
        people = people["participants"] if isinstance(people, dict) else people
        assert [p["email"] for p in people] == [asker["email"]]
        actions = [e["action"] for e in page.request.get("/api/admin/audit").json()["entries"]]
        assert actions[0] == "follow-up.rematch"

        # She signs in and reads, on her closed match, what became of her request.
        assert page.request.post("/api/sign-in", data={"email": asker["email"]},
                                 headers=XRW).status == 202
        page.goto("about:blank")
        page.goto(sign_in_link(server.data_dir, asker["email"]))
        expect(page.get_by_role("heading", name="This match is closed")).to_be_visible()
        status = page.locator(".request-status")
        expect(status).to_have_count(2)
        expect(status.first).to_contain_text("you are enrolled in cohort Autumn 2027.")
        expect(status.nth(1)).to_have_text("Note from your program manager: Autumn suits her better")
        assert "followup@example.org" not in page.locator("main").inner_text()
        assert_accessible(page)


def test_the_follow_up_view_has_a_route_of_its_own(call):
    def routes(name, *args):
        return call("admin-routes.js", name, *args)

    route = routes("parseRoute", "?cohort=c%201&view=follow-up")
    assert route == {"cohort": "c 1", "program": None, "view": "follow-up"}
    assert routes("viewOf", route) == "cohort-follow-up"
    assert routes("routeUrl", route) == "/admin/?cohort=c%201&view=follow-up"
    assert routes("sectionOf", route) == "programs"
    # Only a cohort has a follow-up: a program with that view is the program's page.
    assert routes("viewOf", routes("parseRoute", "?program=p&view=follow-up")) == "program"
