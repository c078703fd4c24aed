"""The matching page's policy editor counts allowed pairs live; the proposal
sorts, filters and shows a group program's matches as groups.

Its own `tandem serve`: the demo's cohorts are matched here."""
from __future__ import annotations

import copy
import re

from playwright.sync_api import expect

from functions import notify
from functions.matching import count_allowed
from functions.settings import Settings
from tests.browser.conftest import own_server
from tests.browser.test_accessibility import assert_accessible

GROUPS = "demo-circles-2027"      # a group program, enrolment closed
ONE_TO_ONE = "demo-2027-spring"


def figure(stats_pairs: int, saved_pairs: int) -> str:
    return (f"Allowed pairs with this policy: {stats_pairs:,} "
            f"({saved_pairs:,} with the saved policy)")


def fieldset(page, name):
    return page.locator("fieldset.criterion").filter(has=page.locator("legend", has_text=name))


def column(page, n):
    cells = page.locator(f"#proposal tbody tr > :nth-child({n})")
    return [float(t) for t in cells.all_inner_texts()]


def test_the_editor_counts_allowed_pairs_and_the_proposal_sorts_filters_and_groups(browser,
                                                                                 tmp_path):
    with own_server(browser, "counter@example.org") as (server, tab):
        page = tab.page
        saved = page.request.get(f"/api/admin/cohorts/{GROUPS}/engine-input").json()
        loose = copy.deepcopy(saved)
        next(c for c in loose["criteria"] if c["name"] == "language")["required"] = False
        strict = copy.deepcopy(loose)
        strict["min_score"] = 50
        no_skills = copy.deepcopy(strict)
        next(c for c in no_skills["criteria"] if c["name"] == "skills")["weight"] = 0
        counts = [count_allowed(c)["allowed_pairs"] for c in (saved, loose, strict, no_skills)]
        assert len(set(counts)) == 4  # each change below changes the figure

        page.goto(f"/admin/matching.html?cohort={GROUPS}")
        expect(page.get_by_role("heading", name="Policy (version 0)")).to_be_visible()
        allowed = page.locator("#allowed-pairs")
        expect(allowed).to_have_attribute("aria-live", "polite")

        # The required toggle: the figure appears, against the saved policy's.
        fieldset(page, "language").get_by_role("checkbox").uncheck()
        expect(allowed).to_contain_text(figure(counts[1], counts[0]), timeout=60_000)
        # A minimum score (typed: several quick changes, one count) changes it again.
        page.get_by_label("Minimum score").fill("5")
        page.get_by_label("Minimum score").fill("50")
        expect(allowed).to_contain_text(figure(counts[2], counts[0]), timeout=60_000)
        # A weight: skills at 0 changes the scores, so the pairs above the minimum.
        skills = fieldset(page, "skills").get_by_role("slider")
        skills.evaluate("el => { el.value = '0'; el.dispatchEvent(new Event('input')); }")
        expect(allowed).to_contain_text("computing")
        expect(allowed).to_contain_text(figure(counts[3], counts[0]), timeout=60_000)

        # The newest change wins: an older count that answers late is ignored.
        held = []

        def hold_first_count(route):
            if not held and "count" in (route.request.post_data_json or {}):
                held.append(route)  # answered below, after a newer change
            else:
                route.continue_()
        page.route("**/api/admin/cohorts/*/runs", hold_first_count)
        skills.evaluate("el => { el.value = '40'; el.dispatchEvent(new Event('input')); }")
        expect(allowed).to_contain_text("computing")
        page.wait_for_timeout(700)  # past the debounce: the older count is sent (and held)
        page.get_by_label("Minimum score").fill("0")
        expect(allowed).to_contain_text(figure(counts[1], counts[0]), timeout=60_000)
        assert len(held) == 1
        late = held[0].fetch()
        held[0].fulfill(response=late)
        old_run = late.json()["run"]
        for _ in range(200):
            run = page.request.get(f"/api/admin/runs/{old_run}").json()
            if run["status"] == "complete":
                break
            page.wait_for_timeout(100)
        assert run["stats"]["allowed_pairs"] == counts[2]  # what it would have shown
        page.wait_for_timeout(1500)  # several of the page's polls
        assert figure(counts[1], counts[0]) in allowed.inner_text()
        page.unroute("**/api/admin/cohorts/*/runs")
        assert_accessible(page)

        # Groups: one row per mentor, her mentees with scores, size of capacity.
        page.get_by_role("button", name="Match now").click()
        expect(page.locator("#proposal caption")).to_contain_text("matched", timeout=60_000)
        proposal = page.request.get(f"/api/admin/cohorts/{GROUPS}/proposal").json()
        mentors = {m["mentor"] for m in proposal["matches"]}
        rows = page.locator("#proposal tbody tr")
        expect(rows).to_have_count(len(mentors))
        first = rows.first
        expect(first.locator("td").nth(1)).to_have_text(re.compile(r"^\d+ of \d+$"))
        size = int(first.locator("td").nth(1).inner_text().split()[0])
        expect(first.locator("ul.members > li")).to_have_count(size)
        expect(first.get_by_role("button", name=re.compile("^Lock "))).to_have_count(size)

        # Sort groups by mean score with the keyboard: ascending, then descending.
        header = page.get_by_role("button", name="Mean score")
        header.focus()
        page.keyboard.press("Enter")
        expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Mean score")
        assert column(page, 4) == sorted(column(page, 4))
        expect(page.get_by_role("button", name="Mean score")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("th[aria-sort=descending]")).to_contain_text("Mean score")
        assert column(page, 4) == sorted(column(page, 4), reverse=True)
        assert_accessible(page)

        # The edits above were never saved: the page would ask before leaving.
        page.get_by_role("button", name="Discard changes").click()
        expect(page.get_by_role("button", name="Discard changes")).to_be_hidden()

        # Published, a member's page from her e-mail shows her whole group.
        published = page.request.post(f"/api/admin/cohorts/{GROUPS}/publish", data={},
                                      headers={"X-Requested-With": "tandem"})
        assert published.ok, published.text()
        text, outbox = None, Settings(data_dir=str(server.data_dir))
        for _ in range(100):
            text = next((m.get_content() for m in notify.outbox(outbox)
                         if "Leadership Circles: your match is ready" in m["Subject"]
                         and "/match.html#t=" in m.get_content()), None)
            if text:
                break
            page.wait_for_timeout(300)
        assert text, "no e-mail for a member of a group"
        page.goto(re.search(r"http://\S+/match\.html#t=\S+", text).group(0))
        group = page.get_by_role("region", name=re.compile("^Your group"))
        expect(group).to_be_visible()
        size = re.search(r"\((\d+) mentee", group.get_by_role("heading").inner_text()).group(1)
        expect(group.get_by_role("listitem")).to_have_count(1 + int(size))
        expect(group.get_by_text("(you)")).to_have_count(1)
        assert_accessible(page)

        # One-to-one: pairs sorted by score, filtered by "score below".
        moved = page.request.patch(f"/api/admin/cohorts/{ONE_TO_ONE}", data={"status": "matching"},
                                   headers={"X-Requested-With": "tandem"})
        assert moved.ok, moved.text()
        page.goto(f"/admin/matching.html?cohort={ONE_TO_ONE}")
        expect(page.get_by_role("heading", name="Policy (version 0)")).to_be_visible()
        page.get_by_role("button", name="Match now").click()
        expect(page.locator("#proposal caption")).to_contain_text("matched", timeout=60_000)
        page.get_by_role("button", name="Score", exact=True).click()
        expect(page.locator("th[aria-sort=ascending]")).to_have_text(re.compile("Score"))
        scores = column(page, 3)
        assert scores == sorted(scores) and len(scores) > 10
        limit = scores[len(scores) // 2]
        page.get_by_label("Score below").fill(str(limit))
        expect(page.locator("#proposal caption")).to_contain_text(
            f"({sum(s < limit for s in scores)} shown)")
        assert all(s < limit for s in column(page, 3))
        page.get_by_label("Score below").fill("0")
        expect(page.get_by_text("No match fits these filters.")).to_be_visible()
        assert_accessible(page)
        tab.assert_clean()
