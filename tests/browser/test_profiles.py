"""Profiles in the browser: a job title and a bio given at enrolment, a
question marked in the program builder as shown to the partner, and the
match page showing the partner's profile as text, never as markup."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from functions import notify
from functions.settings import Settings
from tests.browser.actions import fill_enrolment, match_and_publish, open_cohort
from tests.browser.conftest import own_server, unique_email
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

XRW = {"X-Requested-With": "tandem"}
REVERSE, COHORT = "demo-reverse", "demo-reverse-2027"
BIO = 'I run the data platform.\nI enjoy <b>climbing</b> <script>window.__pwned = 1</script>' \
      '<img src=x onerror="window.__pwned = 2">'


def test_a_mentee_enrols_with_a_job_title_and_a_bio(page):
    page.goto(f"/enrol.html?cohort={open_cohort(page)}")
    fill_enrolment(page, role="mentee", name="Jo Profile", email=unique_email("jo"))
    count = page.locator("#bio-count")
    expect(count).to_have_text("600 characters left")
    expect(page.get_by_label("Job title")).to_have_attribute("aria-describedby", "job_title-hint")

    # Too long: said beside the field, nothing sent.
    sent = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/enrollments") else None)
    page.get_by_label("Job title").fill("x" * 101)
    bio = page.get_by_label("A short bio (what you do, what you enjoy)")
    bio.fill("b" * 605)
    expect(count).to_have_text("5 characters too many")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.locator("#job_title-error")).to_have_text(re.compile("101 characters long"))
    expect(page.locator("#bio-error")).to_have_text(re.compile("605 characters long"))
    expect(bio).to_have_attribute("aria-invalid", "true")
    assert sent == []

    page.get_by_label("Job title").fill("  Data engineer ")
    bio.fill(BIO)
    expect(count).to_have_text(f"{600 - len(BIO)} characters left")
    with page.expect_request(re.compile(r"/enrollments$")) as request:
        page.get_by_role("button", name="Enrol", exact=True).click()
    body = request.value.post_data_json
    assert (body["job_title"], body["bio"]) == ("Data engineer", BIO)
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()


def _match_link(data, email: str) -> str:
    settings = Settings(data_dir=str(data))
    for _ in range(100):
        for mail in notify.outbox(settings):
            if email in mail["To"] and "/match.html#t=" in mail.get_content():
                return re.search(r"http://\S+/match\.html#t=\S+", mail.get_content()).group(0)
        time.sleep(0.3)
    raise AssertionError(f"no match e-mail for {email}")


def test_the_match_page_shows_the_partners_profile_as_text(browser, tmp_path):
    with own_server(browser, "profiles@example.org") as (server, tab):
        page = tab.page
        # The program builder marks "What can you help with?" as shown to the partner.
        page.goto(f"/admin/?program={REVERSE}")
        offers = page.locator("fieldset.qb-question").filter(
            has=page.locator("legend", has_text="What can you help with?"))
        box = offers.get_by_label("Show the answer to the partner after matching")
        expect(box).not_to_be_checked()
        box.check()
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text(re.compile("^Saved at"))).to_be_visible()
        questions = page.request.get(f"/api/admin/programs/{REVERSE}").json()[
            "questionnaire"]["questions"]
        assert [q["id"] for q in questions if q.get("shown_to_partner")] == ["offers"]

        match_and_publish(page, COHORT)
        pair = page.request.get(f"/api/admin/cohorts/{COHORT}/proposal").json()["matches"][0]
        people = {p["id"]: p for p in
                  page.request.get(f"/api/admin/cohorts/{COHORT}/participants").json()}
        mentor, mentee = people[pair["mentor"]], people[pair["mentee"]]
        edited = page.request.put(f"/api/admin/cohorts/{COHORT}/participants/{mentor['id']}",
                                  data={"job_title": "Platform engineer", "bio": BIO},
                                  headers=XRW)
        assert edited.ok, edited.text()

        page.goto("about:blank")
        page.goto(_match_link(server.data_dir, mentee["email"]))
        card = page.locator("article.card").first
        expect(card.get_by_role("heading", level=2)).to_contain_text(mentor["name"])
        expect(card.locator(".job-title")).to_have_text("Platform engineer")
        expect(card.locator(".bio")).to_have_text(BIO)  # the markup, shown as typed
        assert card.locator(".bio script, .bio img, .bio b").count() == 0
        assert page.evaluate("window.__pwned") is None
        answers = card.locator("dl.shared-answers")
        expect(answers.locator("dt")).to_have_text(["What can you help with?"])
        expect(answers.locator("dd")).to_have_text([", ".join(mentor["answers"]["offers"])])
        # An unmarked answer of hers (her department) is not on the page.
        expect(card).not_to_contain_text(mentor["answers"]["department"])
        # Why they were matched, each criterion named in words.
        reasons = card.locator("ul.reasons strong")
        expect(reasons.first).to_be_visible()
        assert all(re.match(r"^[A-Z][a-z ]*: $", t) for t in reasons.all_text_contents())
        assert_accessible(page)
        page.screenshot(path=str(tmp_path / "match-page.png"), full_page=True)
