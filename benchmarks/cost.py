"""What a year of a Tandem program costs on AWS, from measured per-action counts.

For each program size (``--people``), a year of typical activity — everyone
enrols once, two matching runs, people sign in and read My mentoring and
their match page, a meeting a month per pair, check-ins, reminder e-mails,
an admin reviewing — is turned into DynamoDB read/write request units
(on-demand), Lambda invocations and GB-seconds, API Gateway requests and
SES messages, and priced.

Per-action figures come from a ``benchmarks/load.py --json FILE`` run
(``--counts FILE``): for each endpoint the capacity units DynamoDB Local
reported (the units on-demand bills: 1 RRU per 4 KB strongly consistent
read, half that eventually consistent, 1 WRU per 1 KB written, twice both
in a transaction) and the app's own time per request; for the matching run
and the daily reminder job, their units and seconds on the benchmark's
published cohort, scaled here linearly by people. Without ``--counts`` the
defaults below are used: they are that run's (see ``DEFAULTS_FROM``).

Every activity figure and every price is an option; the defaults of the
activity figures are assumptions, stated in --help. S3 and CloudFront (the
static site) are left out: within their free tier for these sizes.

    .venv/bin/python benchmarks/cost.py --counts load.json [--people 1000 10000] [--seat-price X]
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: List prices, us-east-1, on-demand, x86 Lambda (USD). Taken from the AWS
#: pricing pages as docs/deploy.md lists them (2026-11-25): DynamoDB's
#: on-demand prices are those in force since its cut of 1 November 2024.
#: Not re-read from the live pages for this script: pass --price-* to update.
PRICES = {
    "rru_per_million": 0.125,      # DynamoDB on-demand read request units
    "wru_per_million": 0.625,      # DynamoDB on-demand write request units
    "storage_gb_month": 0.25,      # DynamoDB standard table class storage
    "lambda_gb_s": 0.0000166667,   # Lambda x86, per GB-second
    "lambda_per_million": 0.20,    # Lambda requests
    "apigw_per_million": 3.50,     # API Gateway REST API (Zappa's default), first 333 M
    "ses_per_thousand": 0.10,      # SES outbound e-mail
}
PRICES_AS_OF = "2026-11-25 (AWS pricing pages, us-east-1, as in docs/deploy.md)"

#: The per-action figures of one benchmarks/load.py run (the one docs/benchmarks.md
#: prices), used without --counts: the parts of its JSON this script reads.
DEFAULTS_FILE = Path(__file__).with_name("cost_defaults.json")
DEFAULTS: dict = json.loads(DEFAULTS_FILE.read_text())
DEFAULTS_FROM = (f"{DEFAULTS['command']} at load average "
                 f"{min(DEFAULTS['load_average']):.1f}-{max(DEFAULTS['load_average']):.1f} "
                 f"({DEFAULTS_FILE.name})")

# Endpoints by action.
ENROL = ["GET /api/cohorts", "GET /api/cohorts/<cohort_id>",
         "POST /api/cohorts/<cohort_id>/enrollments"]
SIGN_IN = ["POST /api/sign-in", "POST /api/sign-in/token"]
VISIT_READS = ["GET /api/me", "GET /api/matches/<match_id>"]
JOURNAL_WRITE = "POST /api/matches/<match_id>/meetings"
ADMIN_PAGE = ["GET /api/admin/cohorts/<cohort_id>", "GET /api/admin/cohorts/<cohort_id>/overview",
              "GET /api/admin/cohorts/<cohort_id>/proposal",
              "GET /api/admin/cohorts/<cohort_id>/participants"]
ADMIN_LOGIN = "POST /api/admin/login"
#: The admin's pages read the whole cohort: their units and time grow with its people.
SCALES_WITH_COHORT = set(ADMIN_PAGE)


def per_action(counts: dict) -> dict:
    """{endpoint: {rru, wru, ms}} per request, {matching_run, nudges} per run,
    and the number of people of the benchmark's cohort, from a load.py JSON."""
    out = {"endpoints": {}, "people": counts["matching_run"]["people"],
           "pairs": counts["pairs"]}
    for source in (counts.get("seed_counts") or {}, counts["server_counts"]):
        for name, c in source.items():
            if c.get("requests"):
                out["endpoints"][name] = {"rru": c["rcu"] / c["requests"],
                                          "wru": c["wcu"] / c["requests"],
                                          "ms": c["app_ms"]["mean"], "n": c["requests"]}
    run = counts["matching_run"]
    out["matching_run"] = {"rru": run["rcu"], "wru": run["wcu"], "s": run["seconds"]}
    # Publishing's e-mail job writes everyone's match card (runs before these had none).
    cards = counts.get("match_cards") or {"wcu": 0.0, "seconds": 0.0}
    out["match_cards"] = {"wru": cards["wcu"], "s": cards["seconds"]}
    nudges = counts["jobs"]["nudges"]
    out["nudges"] = {"rru": nudges["rcu"], "wru": nudges["wcu"], "s": nudges["seconds"]}
    check = counts["jobs"]["scheduled_match"]
    out["scheduled_match"] = {"rru": check["rcu"], "wru": check["wcu"], "s": check["seconds"]}
    return out


class Line:
    """One line of the bill: counts, then dollars."""

    def __init__(self, name: str):
        self.name = name
        self.requests = self.rru = self.wru = self.invocations = self.gb_s = 0.0
        self.emails = 0.0

    def add_requests(self, action: dict, endpoint: str, n: float, mem_gb: float,
                     scale: float = 1.0) -> None:
        e = action["endpoints"].get(endpoint)
        if e is None:
            raise SystemExit(f"no figures for {endpoint} in the counts: run benchmarks/load.py")
        self.requests += n
        self.invocations += n
        grows = scale if endpoint in SCALES_WITH_COHORT else 1  # reads and time alike
        self.rru += n * e["rru"] * grows
        self.wru += n * e["wru"]
        self.gb_s += n * mem_gb * math.ceil(e["ms"] * grows) / 1000  # Lambda bills whole ms

    def dollars(self, p: dict) -> float:
        return (self.rru * p["rru_per_million"] + self.wru * p["wru_per_million"]
                + self.invocations * p["lambda_per_million"]
                + self.requests * p["apigw_per_million"]) / 1e6 \
            + self.gb_s * p["lambda_gb_s"] + self.emails * p["ses_per_thousand"] / 1000


def year(people: int, a: dict, args, mem_api: float, mem_matcher: float) -> list[Line]:
    mentees = people * args.mentee_share
    pairs = mentees * args.matched_share
    scale = people / a["people"]  # this program's cohort against the benchmark's
    lines = []

    enrol = Line("enrolment")
    for endpoint in ENROL:
        enrol.add_requests(a, endpoint, people, mem_api)
    enrol.emails += people * args.enrol_emails
    lines.append(enrol)

    visits = Line("sign-ins and reads")
    n = people * args.visits_per_month * 12
    for endpoint in SIGN_IN + VISIT_READS:
        visits.add_requests(a, endpoint, n, mem_api)
    visits.emails += n  # a visit starts with an e-mailed sign-in link
    lines.append(visits)

    journal = Line("meetings, check-ins")
    # A check-in is a journal write like a meeting (the same load and transaction).
    journal.add_requests(a, JOURNAL_WRITE, pairs * args.meetings_per_month * 12
                         + people * args.check_ins, mem_api)
    lines.append(journal)

    admin = Line("admin review")
    for endpoint in ADMIN_PAGE:
        admin.add_requests(a, endpoint, args.admin_views, mem_api, scale)
    admin.add_requests(a, ADMIN_LOGIN, args.admin_sign_ins, mem_api)
    lines.append(admin)

    matching = Line(f"matching runs ({args.runs:g})")
    run = a["matching_run"]
    matching.invocations += args.runs
    matching.rru += args.runs * run["rru"] * scale
    cards = a["match_cards"]  # each run published: everyone's match card written
    matching.wru += args.runs * (run["wru"] + cards["wru"]) * scale
    matching.gb_s += args.runs * mem_matcher * ((run["s"] + cards["s"]) * scale
                                                + args.cold_start_s)
    matching.emails += people * args.match_emails
    lines.append(matching)

    jobs = Line("scheduled jobs")
    # The reminder job walks every open match daily; the matching check runs
    # every 15 minutes on its own. Each invocation is taken as a cold start.
    nudges, check = a["nudges"], a["scheduled_match"]
    jobs.invocations += 365 + 365 * 96
    jobs.rru += 365 * nudges["rru"] * (pairs / a["pairs"]) + 365 * 96 * max(check["rru"], 0.5)
    jobs.wru += 365 * nudges["wru"] * (pairs / a["pairs"])
    jobs.gb_s += mem_matcher * (365 * (nudges["s"] * pairs / a["pairs"] + args.cold_start_s)
                                + 365 * 96 * (check["s"] + args.cold_start_s))
    jobs.emails += people * args.reminders
    lines.append(jobs)
    return lines


def lambda_memory() -> tuple[float, float]:
    """(API, matcher) memory in GB, from zappa_settings.json's prod stages."""
    s = json.loads((ROOT / "zappa_settings.json").read_text())
    return s["prod_api"]["memory_size"] / 1024, s["prod_matcher"]["memory_size"] / 1024


def show(people: int, lines: list[Line], args, prices: dict) -> float:
    storage_gb = people * args.storage_kb_per_person / 1024 ** 2
    storage = storage_gb * prices["storage_gb_month"] * 12
    total = sum(line.dollars(prices) for line in lines) + storage
    print(f"\n{people:,} people ({people * args.mentee_share:,.0f} mentees, "
          f"{people * args.mentee_share * args.matched_share:,.0f} pairs), one year")
    print(f"  {'':<22}{'API requests':>13}{'RRU':>13}{'WRU':>12}{'Lambda inv.':>13}"
          f"{'Lambda GB-s':>13}{'e-mails':>10}{'$ / year':>10}")
    for line in lines:
        print(f"  {line.name:<22}{line.requests:>13,.0f}{line.rru:>13,.0f}{line.wru:>12,.0f}"
              f"{line.invocations:>13,.0f}{line.gb_s:>13,.0f}{line.emails:>10,.0f}"
              f"{line.dollars(prices):>10,.2f}")
    print(f"  {'storage':<22}{'':>74}{storage:>10,.2f}  ({storage_gb:.2f} GB)")
    t = {k: sum(getattr(x, k) for x in lines) for k in
         ("requests", "rru", "wru", "invocations", "gb_s", "emails")}
    print(f"  {'total':<22}{t['requests']:>13,.0f}{t['rru']:>13,.0f}{t['wru']:>12,.0f}"
          f"{t['invocations']:>13,.0f}{t['gb_s']:>13,.0f}{t['emails']:>10,.0f}{total:>10,.2f}")
    dollars = {
        "DynamoDB": (t["rru"] * prices["rru_per_million"]
                     + t["wru"] * prices["wru_per_million"]) / 1e6 + storage,
        "Lambda": t["invocations"] * prices["lambda_per_million"] / 1e6
        + t["gb_s"] * prices["lambda_gb_s"],
        "API Gateway": t["requests"] * prices["apigw_per_million"] / 1e6,
        "SES": t["emails"] * prices["ses_per_thousand"] / 1000}
    print("  by service: " + ", ".join(f"{k} ${v:,.2f}" for k, v in dollars.items())
          + f"; ${total / people:.4f} per person per year (before any free tier)")
    if args.seat_price is not None:
        seats = args.seat_price * people
        print(f"  at ${args.seat_price:,.2f} per seat per year: ${seats:,.0f} a year, "
              f"{seats / total:,.0f}x this")
    return total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--counts", help="a benchmarks/load.py --json file (default: the run in "
                   "DEFAULTS_FROM)")
    p.add_argument("--people", type=int, nargs="+", default=[1000, 10000])
    a = p.add_argument_group("activity per year (assumptions)")
    a.add_argument("--mentee-share", type=float, default=0.69,
                   help="mentees among the people (the benchmark's cohort: 10,000 of 14,500)")
    a.add_argument("--matched-share", type=float, default=0.95, help="mentees matched")
    a.add_argument("--enrol-emails", type=float, default=1,
                   help="e-mails per enrolment (the confirmation)")
    a.add_argument("--visits-per-month", type=float, default=1,
                   help="sign-ins per person per month, each reading My mentoring and a match")
    a.add_argument("--meetings-per-month", type=float, default=1,
                   help="meetings logged per pair per month")
    a.add_argument("--check-ins", type=float, default=6,
                   help="check-ins per person per year (due at 30 days, then every 60)")
    a.add_argument("--reminders", type=float, default=6,
                   help="reminder e-mails per person per year (check-ins due, quiet pairs)")
    a.add_argument("--runs", type=float, default=2, help="matching runs per year")
    a.add_argument("--match-emails", type=float, default=1.1,
                   help="match e-mails per person per year (the first run's, plus the "
                        "waiting list's new pairs)")
    a.add_argument("--admin-views", type=float, default=500,
                   help="admin page views of the cohort per year (each: the cohort, its "
                        "overview, proposal and participants)")
    a.add_argument("--admin-sign-ins", type=float, default=200, help="admin sign-ins per year")
    a.add_argument("--cold-start-s", type=float, default=0.3,
                   help="billed start-up per job invocation, s (benchmarks/cold_import.py's "
                        "matcher import, 0.31 s)")
    a.add_argument("--api-ms", type=float,
                   help="the API Lambda's billed time per request, ms, for every endpoint "
                        "(default: the app's own time per endpoint in the counts, measured "
                        "on loopback against DynamoDB Local under the load run's load)")
    a.add_argument("--storage-kb-per-person", type=float, default=20,
                   help="stored per person (record, journal, audit), KB")
    a.add_argument("--seat-price", type=float,
                   help="a commercial platform's price per seat per year, to compare")
    pr = p.add_argument_group(f"prices, USD, us-east-1, as of {PRICES_AS_OF}")
    for key, value in PRICES.items():
        pr.add_argument(f"--price-{key.replace('_', '-')}", type=float, default=value,
                        dest=f"price_{key}")
    args = p.parse_args()
    prices = {k: getattr(args, f"price_{k}") for k in PRICES}

    if args.counts:
        counts = json.loads(Path(args.counts).read_text())
        source = f"{args.counts} ({counts.get('command', 'benchmarks/load.py')})"
    elif DEFAULTS:
        counts, source = DEFAULTS, f"the defaults: {DEFAULTS_FROM}"
    else:
        raise SystemExit("no --counts file and no defaults: run benchmarks/load.py --json FILE")
    action = per_action(counts)
    if args.api_ms is not None:
        for e in action["endpoints"].values():
            e["ms"] = args.api_ms
    mem_api, mem_matcher = lambda_memory()
    print(f"per-action figures from {source}")
    print(f"Lambda memory (zappa_settings.json): API {mem_api * 1024:.0f} MB, matcher "
          f"{mem_matcher * 1024:.0f} MB; prices as of {PRICES_AS_OF}: "
          + ", ".join(f"{k} ${v:g}" for k, v in prices.items()))
    print("per request (" + (f"API time set to {args.api_ms:g} ms" if args.api_ms is not None
                             else "the app's own time under the benchmark's load, on loopback")
          + "):")
    for name in ENROL + SIGN_IN + VISIT_READS + [JOURNAL_WRITE, ADMIN_LOGIN] + ADMIN_PAGE:
        e = action["endpoints"].get(name)
        if e:
            print(f"  {name}: {e['rru']:.2f} RRU, {e['wru']:.2f} WRU, {e['ms']:.0f} ms"
                  + (f" (at {action['people']:,} people)" if name in SCALES_WITH_COHORT else ""))
    r, n = action["matching_run"], action["nudges"]
    print(f"  matching run at {action['people']:,} people: {r['rru']:,.0f} RRU, "
          f"{r['wru']:,.0f} WRU, {r['s']:.1f} s; its match cards "
          f"{action['match_cards']['wru']:,.0f} WRU, {action['match_cards']['s']:.1f} s; "
          f"reminder job over {action['pairs']:,} "
          f"pairs: {n['rru']:,.0f} RRU, {n['s']:.1f} s")
    for people in args.people:
        show(people, year(people, action, args, mem_api, mem_matcher), args, prices)
    if args.seat_price is None:
        print("\nCommercial platforms price per seat per year: pass --seat-price to compare.")


if __name__ == "__main__":
    main()
