"""The load benchmark's setup (``benchmarks/load.py``): its server in a process
of its own, the published 10,000-pair cohort and the signed-in participants
it stores through the portal's own code and routes, and the two looks taken
before locust starts (one client alone; the admin's first review)."""
from __future__ import annotations

import concurrent.futures
import email
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
ADMIN = ("admin@example.org", "a-long-benchmark-password")
PROGRAM, PUBLISHED, OPEN_COHORT = "load-program", "load-published", "load-open"
TOKEN = re.compile(r"/me\.html#t=([A-Za-z0-9_-]+)")

GROUPS = {
    "participant reads": ["GET /api/me", "GET /api/matches/<match_id>"],
    "journal writes": ["POST /api/matches/<match_id>/meetings"],
    "enrolment": ["POST /api/cohorts/<cohort_id>/enrollments"],
    "public reads": ["GET /api/cohorts", "GET /api/cohorts/<cohort_id>"],
    "admin review": ["GET /api/admin/cohorts/<cohort_id>",
                     "GET /api/admin/cohorts/<cohort_id>/overview",
                     "GET /api/admin/cohorts/<cohort_id>/proposal",
                     "GET /api/admin/cohorts/<cohort_id>/participants"],
}


# -- the server ----------------------------------------------------------------

class Server:
    def __init__(self, data: Path, counts: Path):
        from functions.local import free_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.counts = counts
        self.log = data.parent / "server.log"
        env = dict(os.environ, TANDEM_ADMIN_EMAIL=ADMIN[0], TANDEM_ADMIN_PASSWORD=ADMIN[1],
                   PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "load_server.py"), "--port",
             str(self.port), "--data", str(data), "--counts", str(counts)],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited:\n{self.log.read_text()}")
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"the server did not answer:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/api/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)

    def endpoint(self) -> str:
        for line in self.log.read_text().splitlines():
            if "Amazon DynamoDB Local on " in line:
                return line.split("Amazon DynamoDB Local on ")[1].split(",")[0]
        raise SystemExit("no DynamoDB Local endpoint in the server's output")

    def zero_counts(self) -> None:
        self.proc.send_signal(signal.SIGUSR1)
        time.sleep(1)  # the handler runs in the server's main thread, within its 0.5 s poll

    def seed_counts(self) -> dict:
        path = self.counts.with_suffix(".seed" + self.counts.suffix)
        return json.loads(path.read_text()) if path.exists() else {}

    def stop(self) -> dict:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return json.loads(self.counts.read_text()) if self.counts.exists() else {}


def call(port: int, method: str, path: str, body: dict | None = None, *,
         source: str = "127.0.0.1", cookie: str | None = None) -> tuple[int, dict, str]:
    """One request from ``source`` (a loopback address): (status, headers, text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    headers = {"X-Requested-With": "tandem", "Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode()
    finally:
        conn.close()


# -- the data ------------------------------------------------------------------

def seed(server: Server, data: Path, pairs: int, mentors: int, signed_in: int) -> dict:
    from portal_matching import fill  # benchmarks/portal_matching.py: the demo's profiles

    from functions import db
    from functions.db import program_admin, programs, runs
    from functions.db.participants import Participant
    from functions.domain import matching_runs, participant_matches
    from functions.jobs.matching import execute
    from functions.jobs.nudges import run_nudges
    from functions.jobs.schedule import run_scheduled_match
    from functions.local import call_counts, demo, dynamodb_local
    from functions.settings import Settings

    settings = Settings(table_prefix="tandem-local-", dynamodb_endpoint=server.endpoint(),
                        store_key=dynamodb_local.access_key(data), data_dir=str(data),
                        public_url=server.url)
    db.configure(settings)
    # The matching run is counted here, in this process (the portal's matcher
    # Lambda does the same work): its units are the cost model's.
    call_counts.enable()
    out = {}
    began = time.monotonic()
    programs.create_program("Load test", id=PROGRAM, questionnaire={"questions": demo.QUESTIONS},
                            criteria=demo.CRITERIA)
    program_admin.create_cohort(PROGRAM, name="Published", id=PUBLISHED)
    programs.move_status(PUBLISHED, "matching")
    fill(PUBLISHED, pairs, mentors)
    call_counts.reset()
    run, _ = runs.start_run(PUBLISHED, runs.PROPOSAL,
                            {"criteria": demo.CRITERIA, "min_score": 0, "mode": "admin"}, 0,
                            ADMIN[0])
    done = execute(settings, run["run"])
    assert done["status"] == "complete", done
    matching_runs.publish(PUBLISHED)
    run_counts = call_counts.snapshot().get(call_counts.OUTSIDE, {})
    out["matching_run"] = {"people": pairs + mentors, "seconds": done["stats"]["seconds"],
                           "calls": run_counts.get("calls", {}), "rcu": run_counts.get("rcu", 0),
                           "wcu": run_counts.get("wcu", 0)}
    # What publishing's e-mail job does before telling anyone (the e-mails
    # themselves are left out): every participant's match card.
    call_counts.reset()
    t = time.perf_counter()
    written = participant_matches.write_cohort(PUBLISHED)
    c = call_counts.snapshot().get(call_counts.OUTSIDE, {})
    out["match_cards"] = {"written": written, "seconds": time.perf_counter() - t,
                          "calls": c.get("calls", {}), "rcu": c.get("rcu", 0),
                          "wcu": c.get("wcu", 0)}
    # The two scheduled jobs, once each on the day of publishing (nothing is
    # due yet, so no e-mail: what most days' runs cost): the daily reminders
    # walk every open match, the quarter-hourly matching check looks for due cohorts.
    out["jobs"] = {}
    for name, job in (("nudges", run_nudges), ("scheduled_match", run_scheduled_match)):
        call_counts.reset()
        t = time.perf_counter()
        summary = job(settings)
        c = call_counts.snapshot().get(call_counts.OUTSIDE, {})
        out["jobs"][name] = {"seconds": time.perf_counter() - t, "calls": c.get("calls", {}),
                             "rcu": c.get("rcu", 0), "wcu": c.get("wcu", 0),
                             "summary": summary}
    call_counts.disable()
    program_admin.create_cohort(PROGRAM, name="Open", id=OPEN_COHORT,
                                enrollment_closes="2099-01-01")
    programs.move_status(OPEN_COHORT, "enrolling")
    matches, _ = runs.complete_proposal(run["run"])
    out["pairs"] = len(matches)
    out["stored_s"] = time.monotonic() - began

    # People of published pairs, each mentor once: mentees and their mentors.
    emails = {p.id: p.email for p in Participant.query(PUBLISHED)}
    chosen, seen = [], set()
    for m in matches:
        if len(chosen) >= signed_in:
            break
        if m["mentor"] in seen:
            continue
        seen.add(m["mentor"])
        match = f"{PUBLISHED}.{m['mentee']}"
        chosen += [{"email": emails[m["mentee"]], "match": match},
                   {"email": emails[m["mentor"]], "match": match}]
    chosen = chosen[:signed_in]
    began = time.monotonic()
    sources = [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(len(chosen))]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        asked = list(pool.map(lambda pc: call(server.port, "POST", "/api/sign-in",
                                              {"email": pc[0]["email"]}, source=pc[1])[0],
                              zip(chosen, sources)))
    assert set(asked) == {202}, f"sign-in link requests answered {sorted(set(asked))}"
    tokens = {}
    for path in (data / "outbox").glob("*.eml"):
        msg = email.message_from_bytes(path.read_bytes())
        found = TOKEN.search(msg.get_payload(decode=True).decode())
        if found:
            tokens[msg["To"]] = found.group(1)

    def use(pc):
        person, source = pc
        status, headers, text = call(server.port, "POST", "/api/sign-in/token",
                                     {"token": tokens[person["email"]]}, source=source)
        assert status == 200, text
        person["cookie"] = re.search(r"tandem_participant=([^;]+)",
                                     headers["set-cookie"]).group(1)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(use, zip(chosen, sources)))
    out["signed_in"] = len(chosen)
    out["sign_in_s"] = time.monotonic() - began
    out["participants"] = [{"match": p["match"], "cookie": p["cookie"]} for p in chosen]
    return out


def calibrate(server: Server, people: list[dict], n: int = 20) -> dict[str, list[float]]:
    out = {"GET /api/me": [], "GET /api/matches/<match_id>": []}
    for i in range(n):
        p = people[i % len(people)]
        cookie = f"tandem_participant={p['cookie']}"
        for name, path in (("GET /api/me", "/api/me"),
                           ("GET /api/matches/<match_id>", f"/api/matches/{p['match']}")):
            t = time.perf_counter()
            status, _, text = call(server.port, "GET", path, cookie=cookie)
            out[name].append((time.perf_counter() - t) * 1000)
            assert status == 200, text
    return {name: sorted(ms) for name, ms in out.items()}


def first_look(server: Server) -> dict[str, list[float]]:
    """The admin's review, once just after publishing and once more: the first
    reads the whole cohort, the second what each server process keeps of it
    under the cohort's people stamp (``functions/db/people_stamp.py``). Done
    before locust starts, as the admin's look after she publishes."""
    status, headers, text = call(server.port, "POST", "/api/admin/login",
                                 {"email": ADMIN[0], "password": ADMIN[1]})
    assert status == 200, text
    cookie = "; ".join(c.split(";")[0].strip() for c in
                       re.split(r",(?=\s*tandem_)", headers["set-cookie"]))
    out: dict[str, list[float]] = {}
    for _ in range(2):
        for name in GROUPS["admin review"]:
            t = time.perf_counter()
            status, _, text = call(server.port, "GET",
                                   name[4:].replace("<cohort_id>", PUBLISHED), cookie=cookie)
            out.setdefault(name, []).append((time.perf_counter() - t) * 1000)
            assert status == 200, text
    return out
