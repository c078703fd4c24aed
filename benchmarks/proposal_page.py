"""The matching page with a proposal of 10,000 mentees × 3,000 mentors, in Chromium.

Starts `tandem serve --demo`, signs in, and serves the demo cohort's proposal,
participants and adjustments from a synthetic cohort through Playwright's
page.route (so the figures are the page's own work, plus handing it the JSON):
MENTEES mentees, MENTORS mentors of 3 seats, each pair with three reasons,
every person with an e-mail, a department and a job title. Measures, in the
page's own clock (performance.now):

- first rows: from navigation start to the first row of the proposal table;
- re-sort: a click on the "Score" header (and on "Mentee", names by the
  collator) until the next frame is drawn; median of RUNS clicks.

The baseline, from the same run, is the same page with 500 × 150 (the
demo's scale); the ratios say what 20 times the pairs costs.

    .venv/bin/python benchmarks/proposal_page.py [--mentees 10000 --mentors 3000 --runs 5]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COHORT = "demo-2027-spring"
CHROMIUM = "/usr/bin/chromium"
DEPARTMENTS = ["Engineering", "Finance", "Operations", "Research", "Sales", "Support"]
TITLES = ["Analyst", "Designer", "Engineer", "Manager", "Lead", "Director"]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jade", "Kai"]
LAST = ["Silva", "Okoro", "Martin", "Lee", "Novak", "Adams", "Brandt", "Sato", "Petrov", "Kim"]

FIRST_ROWS = """
new MutationObserver((_, observer) => {
  if (document.querySelector("#proposal tbody tr")) {
    window.__firstRows = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""

RESORT = """async (key) => {
  const button = document.querySelector(`#proposal button[data-sort="${key}"]`);
  const start = performance.now();
  button.click();
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
  return performance.now() - start;
}"""


def synthetic(mentees: int, mentors: int, seed: int = 7) -> dict:
    """Participants and a proposal: mentors of 3 seats, the rest unmatched."""
    rng = random.Random(seed)
    person = lambda i, role: {  # noqa: E731
        "id": f"{role[:2]}{i:06d}", "role": role, "status": "active",
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "email": f"{role}{i}@example.org",
        "capacity": 3 if role == "mentor" else None,
        "answers": {"department": rng.choice(DEPARTMENTS), "job_title": rng.choice(TITLES)}}
    mentor_list = [person(i, "mentor") for i in range(mentors)]
    mentee_list = [person(i, "mentee") for i in range(mentees)]
    seats = [m["id"] for m in mentor_list for _ in range(3)]
    rng.shuffle(seats)
    matches, unmatched = [], []
    for i, m in enumerate(mentee_list):
        if i < len(seats):
            score = round(rng.uniform(20, 100), 2)
            matches.append({"mentee": m["id"], "mentor": seats[i], "score": score, "locked": False,
                            "forbidden": False, "reasons": [
                                {"criterion": "skills", "detail": "2 of 3 wanted skills offered", "points": 30},
                                {"criterion": "language", "detail": "both speak English", "points": 10},
                                {"criterion": "department", "detail": "different departments", "points": 10}]})
        else:
            unmatched.append({"mentee": m["id"], "reason": "120 allowed mentors, all full", "kind": "full"})
    mean = round(statistics.fmean(m["score"] for m in matches), 2) if matches else None
    proposal = {"run": "bench", "kind": "proposal", "policy_version": 0, "matches": matches,
                "unmatched": unmatched, "published": False, "stale": False, "stale_reason": None,
                "stats": {"matched": len(matches), "unmatched": len(unmatched), "mean_score": mean}}
    return {"participants": mentor_list + mentee_list, "proposal": proposal}


def measure(browser, server, data: dict, runs: int) -> dict:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/admin/")
    page.get_by_label("Email address").fill(server.admin_email)
    page.get_by_label("Password").fill(server.admin_password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Signed in as").wait_for()

    bodies = {"participants": json.dumps(data["participants"]), "proposal": json.dumps(data["proposal"])}
    base = f"**/api/admin/cohorts/{COHORT}"

    def cohort(route):
        body = route.fetch().json()
        body["status"] = "review"
        qs = body.setdefault("questionnaire", {}).setdefault("questions", [])
        qs.append({"id": "job_title", "label": "Job title", "type": "text", "roles": ["mentor", "mentee"]})
        route.fulfill(json=body)
    page.route(base, cohort)
    page.route(f"{base}/participants*", lambda r: r.fulfill(body=bodies["participants"],
                                                            content_type="application/json"))
    page.route(f"{base}/proposal", lambda r: r.fulfill(body=bodies["proposal"], content_type="application/json"))
    page.route(f"{base}/adjustments", lambda r: r.fulfill(json=[]))
    page.route(f"{base}/equity*", lambda r: r.fulfill(json={"attributes": [], "threshold": 10}))
    page.add_init_script(FIRST_ROWS)
    page.goto(f"/admin/matching.html?cohort={COHORT}")
    page.wait_for_function("() => window.__firstRows", timeout=120_000)
    first = page.evaluate("window.__firstRows")
    rows = page.locator("#proposal tbody tr").count()
    by_score = [page.evaluate(RESORT, "score") for _ in range(runs)]
    by_name = [page.evaluate(RESORT, "mentee") for _ in range(runs)]
    shown = page.locator(".pager .range").first.inner_text()
    context.close()
    return {"first": first, "score": statistics.median(by_score), "name": statistics.median(by_name),
            "rows": rows, "shown": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.conftest import start_server
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = start_server(Path(tmp) / "data")
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            small = measure(browser, server, synthetic(500, 150), args.runs)
            big = measure(browser, server, synthetic(args.mentees, args.mentors), args.runs)
        finally:
            browser.close()
            server.stop()
    print(f"proposal page in Chromium, median of {args.runs} re-sorts; rows drawn: {big['rows']} ({big['shown']})")
    print(f"{'':>22} {'500 × 150':>12} {f'{args.mentees:,} × {args.mentors:,}':>16} {'ratio':>7}")
    for key, label in (("first", "first rows (ms)"), ("score", "re-sort by score"), ("name", "re-sort by mentee")):
        print(f"{label:>22} {small[key]:>12.0f} {big[key]:>16.0f} {big[key] / small[key]:>7.1f}")


if __name__ == "__main__":
    main()
