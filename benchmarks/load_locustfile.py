"""The locust users of benchmarks/load.py (run by it: ``locust -f`` this file).

Reads the seeded world from the JSON file named by ``LOAD_CONFIG`` and writes
every request's name, latency and status to its ``results`` path when locust
quits, so load.py computes the percentiles per endpoint group itself.

- ``Participant``: one of the signed-in participants at random per request
  (a browser session each; the pool stands for many people), reads My
  mentoring and a match page, and now and then logs a meeting.
- ``Enrolment``: a new person each time, who reads the open cohorts and
  the cohort's form, then enrols, from a new loopback address (the
  server counts enrolments and sign-ins per client address, the peer's; it
  does not trust X-Forwarded-For), so the per-client limits meet what many
  people enrolling from their own devices would.
- ``Admin``: signs in once and reviews the published 10,000-pair cohort:
  its four pages in turn, then a pause.

Each user connects from its own address in 127.0.0.0/8 (Linux routes the
whole block to loopback).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import time
from datetime import date

from locust import HttpUser, between, constant, events, task
from requests.adapters import HTTPAdapter

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"]).read())
PEOPLE = CONFIG["participants"]
HEADERS = {"X-Requested-With": "tandem"}
SAMPLES: list[tuple[str, float, int, float]] = []  # name, ms, status (0: no answer), at
CLOCK: dict[str, float] = {}
_addresses = itertools.count(1)


def next_address() -> str:
    """127.1.x.y: a loopback address no other user of this run has had."""
    n = next(_addresses)
    return f"127.{1 + n // 65000}.{(n % 65000) // 250}.{1 + n % 250}"


class FromAddress(HTTPAdapter):
    """Connections from one source address."""

    def __init__(self, address: str, **kwargs):
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def from_new_address(client) -> None:
    old = client.adapters.get("http://")
    if old is not None:
        old.close()
    client.mount("http://", FromAddress(next_address()))


@events.request.add_listener
def _record(name, response_time, response=None, exception=None, **_):
    status = getattr(response, "status_code", 0) or 0
    SAMPLES.append((name, response_time, status, time.time()))


@events.test_start.add_listener
def _started(**_):
    CLOCK["start"] = time.time()


@events.test_stop.add_listener
def _stopped(**_):
    CLOCK["stop"] = time.time()


@events.quitting.add_listener
def _dump(**_):
    with open(CONFIG["results"], "w") as out:
        json.dump({"clock": CLOCK, "samples": SAMPLES}, out)


def _wait(kind: str):
    seconds = CONFIG["wait"][kind]
    return between(seconds / 2, seconds * 1.5) if seconds else constant(0)


class Participant(HttpUser):
    fixed_count = CONFIG["mix"]["participants"]
    wait_time = _wait("participants")

    def on_start(self):
        from_new_address(self.client)

    def _as(self, person: dict) -> dict:
        return {**HEADERS, "Cookie": f"tandem_participant={person['cookie']}"}

    @task(3)
    def my_mentoring(self):
        self.client.get("/api/me", headers=self._as(random.choice(PEOPLE)), name="GET /api/me")

    @task(3)
    def match_page(self):
        p = random.choice(PEOPLE)
        self.client.get(f"/api/matches/{p['match']}", headers=self._as(p),
                        name="GET /api/matches/<match_id>")

    @task(1)
    def log_meeting(self):
        p = random.choice(PEOPLE)
        self.client.post(f"/api/matches/{p['match']}/meetings", headers=self._as(p),
                         json={"date": date.today().isoformat(), "minutes": 45,
                               "topics": ["code reviews"], "notes": "Went through a review.",
                               "shared": True},
                         name="POST /api/matches/<match_id>/meetings")


class Enrolment(HttpUser):
    fixed_count = CONFIG["mix"]["enrol"]
    wait_time = _wait("enrol")
    _people = itertools.count()

    @task
    def enrol(self):
        from_new_address(self.client)  # a new person, her own device
        n = next(self._people)
        mentor = n % 4 == 3
        body = {"role": "mentor" if mentor else "mentee", "name": f"Load Person {n}",
                "email": f"load-{CONFIG['run']}-{os.getpid()}-{n}@example.org", "consent": True,
                "answers": {("offers" if mentor else "wants"): ["python", "sql"],
                            "languages": ["English"], "department": "Engineering",
                            "seniority": 4 if mentor else 2, "utc_offset": 1}}
        if mentor:
            body["capacity"] = 2
        # What the enrolment page reads first: the open cohorts, then this one's form.
        self.client.get("/api/cohorts", name="GET /api/cohorts")
        self.client.get(f"/api/cohorts/{CONFIG['open_cohort']}",
                        name="GET /api/cohorts/<cohort_id>")
        self.client.post(f"/api/cohorts/{CONFIG['open_cohort']}/enrollments", json=body,
                         headers=HEADERS, name="POST /api/cohorts/<cohort_id>/enrollments")


class Admin(HttpUser):
    fixed_count = CONFIG["mix"]["admin"]
    wait_time = _wait("admin")

    def on_start(self):
        from_new_address(self.client)
        email, password = CONFIG["admin"]
        self.client.post("/api/admin/login", json={"email": email, "password": password},
                         headers=HEADERS, name="POST /api/admin/login")

    @task
    def review(self):
        # What the admin's review of the cohort loads: the cohort, its
        # overview, the proposal and the participants.
        for tail in ("", "/overview", "/proposal", "/participants"):
            self.client.get(f"/api/admin/cohorts/{CONFIG['published_cohort']}{tail}",
                            name=f"GET /api/admin/cohorts/<cohort_id>{tail}")
