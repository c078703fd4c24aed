"""Single sign-on in Chromium: an admin and a participant sign in through a
real OpenID provider's pages (oidc-provider on loopback), and one whose
address is not verified lands on a page that says why.

Its own `tandem serve`, configured by the TANDEM_OIDC_* settings as a
deployment is, with the provider registered for its callback."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from functions.local import free_port
from tests.browser.conftest import open_tab, screenshot
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.servers import start_server
from tests.sso_helpers import (ADMIN_GROUP, CLIENT_ID, CLIENT_SECRET, PEOPLE, start_provider,
                               write_people)

PUBLISHED = "demo-2026-winter"  # the demo cohort whose pairs keep journals


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sso")
    port = free_port()
    provider, _ = start_provider(tmp, [f"http://127.0.0.1:{port}/api/auth/oidc/callback"])
    provider.people = tmp / "people.json"
    try:
        server = start_server(tmp / "data", port=port, env={
            "TANDEM_OIDC_ISSUER": provider.issuer, "TANDEM_OIDC_CLIENT_ID": CLIENT_ID,
            "TANDEM_OIDC_CLIENT_SECRET": CLIENT_SECRET, "TANDEM_OIDC_NAME": "Example Corp",
            "TANDEM_OIDC_ADMIN_CLAIM": f"groups={ADMIN_GROUP}"})
    except BaseException:
        provider.stop()
        raise
    yield server, provider
    server.discard()
    provider.stop()


def sign_in_at_the_provider(page, login: str) -> None:
    """The provider's own sign-in page, as a person sees it."""
    expect(page.locator("input[name=login]")).to_be_visible()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever the company asks")
    page.get_by_role("button", name="Sign-in").click()


def test_an_admin_signs_in_through_the_provider_and_reaches_the_admin_page(browser, sso_server):
    server, _ = sso_server
    tab = open_tab(browser, server.url)
    page = tab.page
    try:
        page.goto("/admin/")
        button = page.get_by_role("link", name="Sign in with Example Corp")
        expect(button).to_be_visible()
        expect(page.get_by_label("Password")).to_be_visible()  # passwords stay on here
        assert_accessible(page)
        screenshot(page, "sso-admin-sign-in.png")
        button.click()
        sign_in_at_the_provider(page, "ada")
        page.wait_for_url(f"{server.url}/admin/**")
        expect(page.get_by_text("ada@example.org")).to_be_visible()
        assert "#signed-in" not in page.url  # the page tidies the address
        expect(page.get_by_role("link", name="Sign in with Example Corp")).to_have_count(0)
        # The session is the server's: an HttpOnly cookie, nothing in storage.
        cookies = {c["name"]: c for c in page.context.cookies()}
        assert cookies["tandem_session"]["httpOnly"]
        stored = page.evaluate("JSON.stringify({...localStorage, ...sessionStorage})")
        assert "eyJ" not in stored  # no JWT of any kind
        # A reload keeps her signed in.
        page.reload()
        expect(page.get_by_text("ada@example.org")).to_be_visible()
        tab.assert_clean()
    finally:
        tab.close()


def test_a_participant_signs_in_and_opens_my_mentoring(browser, sso_server):
    server, provider = sso_server
    tab = open_tab(browser, server.url)
    page = tab.page
    try:
        # A mentee of the demo's published cohort, as the company's directory knows her.
        assert page.request.post("/api/admin/login", headers={"X-Requested-With": "tandem"},
                                 data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).ok
        listed = page.request.get(
            f"/api/admin/cohorts/{PUBLISHED}/participants?matched=1&role=mentee").json()
        mentee = (listed["participants"] if isinstance(listed, dict) else listed)[0]
        write_people(provider.people, {**PEOPLE, "maya": {
            "email": mentee["email"], "email_verified": True, "name": mentee["name"]}})
        page.context.clear_cookies()

        page.goto("/me.html")
        button = page.get_by_role("link", name="Sign in with Example Corp")
        expect(button).to_be_visible()
        expect(page.get_by_role("button", name="E-mail me a sign-in link")).to_be_visible()
        screenshot(page, "sso-my-mentoring-sign-in.png")
        button.click()
        sign_in_at_the_provider(page, "maya")
        page.wait_for_url(f"{server.url}/me.html**")
        open_match = page.get_by_role("button", name="Open our match with")
        expect(open_match.first).to_be_visible()
        open_match.first.click()
        expect(page.locator("#match-detail")).not_to_be_empty()
        screenshot(page, "sso-my-mentoring.png")
        tab.assert_clean()
    finally:
        tab.close()


def test_an_unverified_address_ends_on_a_page_that_says_what_to_do(browser, sso_server):
    server, _ = sso_server
    tab = open_tab(browser, server.url)
    page = tab.page
    try:
        page.goto("/me.html")
        page.get_by_role("link", name="Sign in with Example Corp").click()
        sign_in_at_the_provider(page, "una")
        page.wait_for_url(f"{server.url}/sign-in-problem.html**")
        expect(page.get_by_role("alert")).to_contain_text(
            "Your account at Example Corp has no verified e-mail address")
        expect(page.get_by_text("Ask your IT help desk")).to_be_visible()
        expect(page.get_by_role("link", name="Participants: get a sign-in link by e-mail")) \
            .to_be_visible()
        assert_accessible(page)
        screenshot(page, "sso-problem.png")
        assert "tandem_participant" not in {c["name"] for c in page.context.cookies()}
        tab.assert_clean()
    finally:
        tab.close()


def test_enrolment_fills_in_name_and_address_from_the_company_account(browser, sso_server):
    server, _ = sso_server
    tab = open_tab(browser, server.url)
    page = tab.page
    try:
        cohorts = page.request.get("/api/cohorts").json()
        cohort = cohorts[0]["id"] if isinstance(cohorts, list) else cohorts["cohorts"][0]["id"]
        page.goto(f"/enrol.html?cohort={cohort}")
        page.get_by_role("link", name="Sign in with Example Corp").click()
        sign_in_at_the_provider(page, "ivy")
        page.wait_for_url(f"{server.url}/enrol.html?cohort={cohort}**")
        expect(page.get_by_label("Your name")).to_have_value("Ivy Invited")
        expect(page.get_by_label("Email address")).to_have_value("ivy@example.org")
        assert page.get_by_label("Email address").evaluate("e => e.readOnly")
        expect(page.locator("#sso-filled")).to_contain_text("Signed in with Example Corp")
        tab.assert_clean()
    finally:
        tab.close()


def test_the_problem_page_shows_only_its_own_words(browser, sso_server):
    server, _ = sso_server
    tab = open_tab(browser, server.url)
    page = tab.page
    try:
        page.goto("/sign-in-problem.html?problem=%3Cimg%20src%3Dx%3E&who=admin")
        expect(page.get_by_role("alert")).to_have_text("Something went wrong while signing you in.")
        assert "<img" not in page.locator("main").inner_html()
        tab.assert_clean()
    finally:
        tab.close()
