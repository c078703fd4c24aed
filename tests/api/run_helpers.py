"""Builders for the matching-run API tests: a cohort in matching with varied
people, a policy, a run waited for, an admin whose e-mail lands in an outbox."""
from __future__ import annotations

import time

import pytest

from functions.db import participants, programs
from tests.api.helpers import make_cohort
from tests.conftest import admin_on, post

POLICY = {"criteria": [
    {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
     "weight": 40},
    {"name": "department", "type": "differ", "field": "department", "weight": 10},
    {"name": "level", "type": "gap", "field": "level", "target": 2, "weight": 20},
], "min_score": 0, "mode": "admin"}

SKILLS = ["python", "sql", "leadership"]


def populate(cohort_id="c1", mentors=4, mentees=9):
    """A cohort in status matching with people whose answers differ."""
    make_cohort(cohort_id=cohort_id)
    for i in range(mentors):
        participants.enroll(cohort_id, role="mentor", name=f"Mentor {i}",
                            email=f"m{i}@example.org", capacity=1 + i % 2, self_id=None,
                            answers={"offers": SKILLS[: 1 + i % 3],
                                     "department": ["Data", "Sales"][i % 2], "level": 5})
    for i in range(mentees):
        participants.enroll(cohort_id, role="mentee", name=f"Mentee {i}",
                            email=f"e{i}@example.org", capacity=None,
                            self_id={"gender": "x"} if i % 2 else None,
                            answers={"wants": [SKILLS[i % 3]], "level": 1 + i % 4,
                                     "department": ["Sales", "Data"][i % 2]})
    programs.move_status(cohort_id, "matching")


def wait_for(client, run_id, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = client.get(f"/api/admin/runs/{run_id}").get_json()
        if run["status"] in ("complete", "failed"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def put_policy(client, body, program="p1"):
    return client.put(f"/api/admin/programs/{program}/policy", json=body,
                      headers={"X-Requested-With": "tandem"})


def match_now(client, cohort="c1", **body):
    resp = post(client, f"/api/admin/cohorts/{cohort}/runs", body)
    assert resp.status_code == 202, resp.get_json()
    return wait_for(client, resp.get_json()["run"])


@pytest.fixture
def mail_client(tables, settings, tmp_path):
    """(admin client, its settings) on an app whose e-mail lands in a local outbox."""
    return admin_on(settings, data_dir=str(tmp_path), public_url="http://portal.test")
