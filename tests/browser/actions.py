"""What a person does on the pages, and a program manager's own data made
through the API as the pages make it: the browser tests' shared steps."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.admins import Admin

# -- what a person does on the pages -------------------------------------------

def fill_questions(page: Page) -> dict[str, str]:
    """Answer every question shown for the chosen role, whatever the
    questionnaire holds, the way a person would. Returns {question id: type}."""
    answered = {}
    questions = page.locator("form .question:visible")
    for i in range(questions.count()):
        q = questions.nth(i)
        kind = q.get_attribute("data-type")
        answered[q.get_attribute("data-question")] = kind
        radios, boxes = q.locator("input[type=radio]"), q.locator("input[type=checkbox]")
        if kind == "multi_choice":
            boxes.nth(0).check()
            if boxes.count() > 1:
                boxes.nth(1).check()
        elif radios.count():
            radios.nth(radios.count() // 2).check()
        elif q.locator("select").count():
            q.locator("select").select_option(index=1)
        elif q.locator("textarea").count():
            q.locator("textarea").fill("To get better at planning my own growth.")
        elif kind in ("number", "scale"):
            field_ = q.locator("input")
            low, high = field_.get_attribute("min"), field_.get_attribute("max")
            value = 1 if low is None else int(float(low))
            if low is not None and high is not None and float(low) <= 1 <= float(high):
                value = 1
            field_.fill(str(value))
        else:
            q.locator("input").fill("Some text")
    return answered


def fill_enrolment(page: Page, *, role: str, name: str, email: str) -> None:
    """Fill the whole enrolment form (not submitted), consent ticked."""
    page.get_by_role("radio", name=re.compile(rf"^{role}", re.I)).check()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    fill_questions(page)
    page.get_by_label(re.compile("^I agree that Tandem stores")).check()


def open_cohort(page: Page) -> str:
    """The id of the first cohort open for enrolment, read through the API."""
    response = page.request.get("/api/cohorts")
    assert response.ok, response.text()
    cohorts = response.json()
    assert cohorts, "the demo data should have a cohort open for enrolment"
    return cohorts[0]["id"]


def enrol_through_page(page: Page, cohort_id: str, *, name: str, email: str, role: str = "mentee") -> None:
    page.goto(f"/enrol.html?cohort={cohort_id}")
    fill_enrolment(page, role=role, name=name, email=email)
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()


def sign_in(page: Page, admin: Admin, path: str = "/admin/") -> None:
    page.goto(path)
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(admin.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    # The server checks the password with full-strength Argon2id (memory-hard
    # on purpose): on a loaded 2-core machine that alone has taken over 5 s.
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)


def show_participants(page: Page, cohort_id: str) -> None:
    page.locator(f'a[data-cohort="{cohort_id}"]').click()
    expect(page.locator("#participants table")).to_be_visible()


def find_participant(page: Page, text: str):
    """Filter the participant list by name or email; the matching rows."""
    page.get_by_label("Find by name or email").fill(text)
    return page.locator("#participants tbody tr", has_text=text)


# -- a program manager's own data, through the API as the pages call it ------------

XRW = {"X-Requested-With": "tandem"}


def api(page: Page, method: str, path: str, body=None, **extra):
    """One API call from the page's signed-in context; any non-2xx fails the test."""
    resp = page.request.fetch(path, method=method, headers={**XRW, **extra.pop("headers", {})},
                              data=body, **extra)
    assert resp.ok, f"{method} {path}: {resp.status} {resp.text()}"
    return resp.json()


def match_and_publish(page: Page, cohort: str, timeout: float = 60) -> None:
    """Match a cohort that is in matching, wait for the run, publish it."""
    run = api(page, "POST", f"/api/admin/cohorts/{cohort}/runs", {})
    deadline, status = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        status = api(page, "GET", f"/api/admin/runs/{run['run']}")["status"]
        if status in ("complete", "failed"):
            break
        page.wait_for_timeout(300)
    assert status == "complete", status
    api(page, "POST", f"/api/admin/cohorts/{cohort}/publish", {})


def new_program_cohort(page: Page, questions: list[dict]) -> str:
    """A new one-to-one program "Finance mentoring" with ``questions`` and its
    draft cohort "Autumn intake"; returns the cohort's id."""
    program = api(page, "POST", "/api/admin/programs",
                  {"name": "Finance mentoring", "type": "one_to_one",
                   "description": "Across departments", "questionnaire": {"questions": questions}})
    return api(page, "POST", f"/api/admin/programs/{program['id']}/cohorts",
               {"name": "Autumn intake", "enrolment_closes": "2030-01-10",
                "matching_at": "2030-01-12"})["id"]
