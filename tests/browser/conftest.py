"""Browser fixtures: Debian's Chromium driven by Playwright against `tandem serve`.

The server is one ``tandem serve`` for the session (``start_server`` from
``tests/conftest.py``; demo data: one program with one cohort open for
enrolment). Every test that signs in has an admin account of its own
(the ``admin`` fixture), made before the server starts, so that one test's
failed sign-ins or sign-out cannot change another's outcome. Each test's
page (``tab``, ``page``) is new, in one browser context per process whose
cookies and local storage are cleared between tests.
"""
from __future__ import annotations

import itertools
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.actions import fill_enrolment, sign_in
from tests.browser.admins import ADMIN_PASSWORD, Admin, create_admins
from tests.browser.tabs import TIMEOUT_MS, new_context, open_tab, watched
from tests.servers import build_once, copy_store, seed_demo, start_server, store_folder

CHROMIUM = Path("/usr/bin/chromium")
# One renderer process is enough for a test's pages (they run one at a time):
# a new page then joins the process the shared context keeps alive (see
# ``_live_context``) instead of starting one, a second of CPU a test.
# Browser contexts never share a renderer, whatever the limit.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--renderer-process-limit=1",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Assertions wait as long as actions do (playwright's own default is 5 s): on
# a 2-core machine running two test workers, a page has taken longer.
expect.set_options(timeout=TIMEOUT_MS)


def _admin_tests(items) -> list[str]:
    return [item.nodeid for item in items
            if "admin" in getattr(item, "fixturenames", ()) and "tests/browser/" in item.nodeid]


_ADMIN_TESTS = pytest.StashKey[list]()


def pytest_collection_modifyitems(session, config, items):
    # The live server's data is made before it starts, with one admin per
    # test that asks for one; record which tests those are.
    config.stash[_ADMIN_TESTS] = _admin_tests(items)


@pytest.fixture(scope="session")
def admins(request) -> dict[str, Admin]:
    """{test id: its own admin}, for every collected test using ``admin``."""
    tests = request.config.stash.get(_ADMIN_TESTS, [])
    return {nodeid: Admin(f"admin-{i}@example.org", ADMIN_PASSWORD) for i, nodeid in enumerate(tests)}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, admins):
    """``tandem serve`` with demo data and the tests' admins (and no other admin)."""
    def demo_with_admins(folder: Path) -> None:
        seed_demo(folder / "data")
        create_admins(folder / "data", [a.email for a in admins.values()])

    # Every test process collects the same tests, so the same admins: made once per run.
    data = store_folder("live") / "data"
    copy_store(build_once("browser-data", demo_with_admins) / "data", data)
    server = start_server(data)
    yield server
    server.discard()


@pytest.fixture
def admin(request, admins, live_server) -> Admin:
    """An admin account only this test signs in with."""
    try:
        return admins[request.node.nodeid]
    except KeyError:
        pytest.fail(f"no admin was made for {request.node.nodeid}", pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. Install it with "
            "`sudo apt-get install -y chromium` (`make test` does this itself).",
            pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _live_context(browser, live_server):
    """``(context, keeper)``: the one browser context of the ``tab`` fixture's
    pages, and a page kept open in it on the server's origin (a static file:
    no script of the site runs there). The keeper holds the renderer process
    that each test's new page joins, and clears the origin's storage."""
    context = new_context(browser, live_server.url)
    keeper = context.new_page()
    keeper.goto("/favicon.svg")
    yield context, keeper
    context.close()


@pytest.fixture
def tab(_live_context):
    """A new page on the shared server, as a first visit sees it: no cookie
    and nothing in the origin's local storage (session storage is the page's
    own). What a test sets on its page (routes, listeners, viewport, clock,
    scripts) goes with the page."""
    context, keeper = _live_context
    tab = watched(context.new_page())
    try:
        yield tab
    finally:
        for page in context.pages:
            if page is not keeper:
                page.close()
        context.clear_cookies()
        keeper.evaluate("localStorage.clear()")
    tab.assert_clean()


@pytest.fixture
def page(tab) -> Page:
    return tab.page


@pytest.fixture(scope="module")
def module_tab(browser, live_server):
    """One tab on the landing page for a file's ``call`` tests: a new browser
    context and page load took a second a test for a call of microseconds."""
    tab = open_tab(browser, live_server.url)
    tab.page.goto("/")
    yield tab
    tab.close()


_calls = itertools.count()


@pytest.fixture
def call(module_tab):
    """call("module.js", "function", *args) -> a site module's function run in
    the real browser, arguments and result through JSON (for the pure modules).

    Each test imports the modules it calls afresh (a query string of its own
    makes a new module instance), so what one test sets in a module (the
    life cycle's labels) never reaches another, though they share the tab."""
    fresh, page = next(_calls), module_tab.page

    def run(module, name, *args):
        return page.evaluate(
            "async ([module, name, args]) => (await import(`/js/${module}`))[name](...args)",
            [f"{module}?test={fresh}", name, list(args)])
    yield run
    problems, module_tab.problems[:] = list(module_tab.problems), []
    assert not problems, "the page misbehaved:\n" + "\n".join(problems)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under docs/screenshots/ for the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


@dataclass
class Enrolled:
    cohort_id: str
    name: str
    email: str
    request: dict
    headers: dict
    success_text: str


@pytest.fixture(scope="session")
def enrolled_mentee(browser, live_server) -> Enrolled:
    """A mentee who enrolled through the landing and enrolment pages, the way a
    person would: follows the cohort's link, picks a role, answers, consents.
    The request is held for a moment to see the form's progress state."""
    tab = open_tab(browser, live_server.url)
    page = tab.page
    try:
        page.goto("/")
        cards = page.locator("#cohorts li.cohort")
        expect(cards.first).to_be_visible()
        screenshot(page, "landing.png")
        cards.first.get_by_role("link", name=re.compile("^Enrol in")).click()
        page.wait_for_url(re.compile(r"/enrol\.html\?cohort="))
        cohort_id = page.url.split("cohort=", 1)[1]

        name, email = "Maya Okafor", unique_email("maya")
        fill_enrolment(page, role="mentee", name=name, email=email)
        # Self-identification answers without their own consent are not sent.
        page.get_by_label("Gender").fill("woman")
        page.get_by_label("Age range").select_option("25–34")
        page.evaluate("document.activeElement.blur()")  # no focus ring in the screenshot
        screenshot(page, "enrol.png")

        held = []
        page.route("**/api/cohorts/*/enrollments", lambda route: held.append(route))
        button = page.locator("form.enrol-form button[type=submit]")
        button.click()
        expect(button).to_be_disabled()
        expect(button).to_have_text("Sending…")
        expect(page.locator(".progress")).to_have_text(re.compile("Sending"))
        for _ in range(50):  # the route handler runs while Playwright waits
            if held:
                break
            page.wait_for_timeout(100)
        assert len(held) == 1, "the form should send exactly one request"
        route = held[0]
        request, headers = route.request.post_data_json, route.request.all_headers()
        route.continue_()
        page.unroute("**/api/cohorts/*/enrollments")

        heading = page.get_by_role("heading", name="Check your e-mail")
        expect(heading).to_be_visible()
        expect(heading).to_be_focused()
        success = page.locator(".success").inner_text()
        tab.assert_clean()
        return Enrolled(cohort_id, name, email, request, headers, success)
    finally:
        tab.close()


@contextmanager
def own_server(browser: Browser, admin_email: str):
    """``(server, tab)``: a ``tandem serve`` of the test's own, with the demo and
    one admin signed in on the tab, for journeys that move the demo cohort
    along its life cycle, which the shared server's other tests must not see."""
    admin = Admin(admin_email, ADMIN_PASSWORD)
    server = start_server(store_folder("own") / "data", admin=(admin.email, admin.password))
    tab = open_tab(browser, server.url)
    try:
        sign_in(tab.page, admin)
        yield server, tab
    finally:
        tab.close()
        server.discard()
