"""Every API route answers without numpy or scipy.

The API function's package leaves both out (zappa_settings.json), so an
import of either anywhere on a request's path is a 500 in the cloud. Here a
fresh process where importing them raises ImportError (a meta-path blocker
installed before anything else) builds the app in its Lambda mode (jobs are
Lambda invokes, answered by a botocore hook) against DynamoDB Local, and
calls every route of ``app.url_map``: anonymous, as a signed-in participant
and as a signed-in admin, with the ids of real data (published cohorts, an
engine-made proposal that the parent process, which has numpy, computed).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from functions.settings import Settings
from tests.store_tables import empty_tables
from tests.servers import ROOT

SWEEP = r'''
import importlib.abc, sys, traceback

BLOCKED = []

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "scipy"):
            stack = "".join(traceback.format_stack(limit=12))
            # openpyxl probes for numpy and carries on without it (as it
            # does in the API's package, which has none): not our import.
            if "openpyxl/compat/numbers.py" not in stack:
                BLOCKED.append((name, stack))
            raise ImportError(f"{name} is not in the API package")
        return None

sys.meta_path.insert(0, Blocker())

import json, os
from datetime import datetime, timedelta, timezone
import boto3
from botocore.awsrequest import AWSResponse

INVOKES = []
def answer(params, **_):
    INVOKES.append(params["body"].decode())
    return AWSResponse("https://lambda", 202, {}, None), {"StatusCode": 202}
boto3._get_default_session().events.register("before-call.lambda.Invoke", answer)

from argon2 import PasswordHasher
from functions import db
from functions.settings import Settings
import functions.app as app_module
from functions.api import failures
from functions.auth import admin as admin_auth
from functions.db import participant_auth
from functions.vocab.digest import digest

admin_auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ERRORS = []
unexpected = failures.unexpected_error
def record(exc):
    ERRORS.append("".join(traceback.format_exception(exc))[-3000:])
    return unexpected(exc)
failures.unexpected_error = record

settings = Settings.from_env()
assert settings.matcher_function, "the API's Lambda mode"
app = app_module.create_app(settings)
app.config["TESTING"] = True
IDS = json.loads(os.environ["SWEEP_IDS"])
HEADERS = {"X-Requested-With": "tandem"}
ORDER = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}
LAST = {"/api/admin/logout", "/api/sign-out", "/api/me"}  # ends the identity's session

rules = sorted(((rule, method) for rule in app.url_map.iter_rules()
                if rule.rule.startswith("/api/")
                for method in rule.methods - {"HEAD", "OPTIONS"}),
               key=lambda rm: (rm[0].rule in LAST, ORDER[rm[1]], rm[0].rule))
calls = []

def sweep(who, client, ids):
    for rule, method in rules:
        args = {name: ids.get(name, "made-up-" + name) for name in rule.arguments}
        path = app.url_map.bind("localhost").build(rule.endpoint, args,
                                                   method=method, append_unknown=False)
        if method == "GET":
            resp = client.get(path)
        elif rule.rule.endswith("/participants/import"):
            resp = client.post(path, data=b"role,name,email\n", content_type="text/csv",
                               headers=HEADERS)
        else:
            resp = client.open(path, method=method, json={}, headers=HEADERS)
        calls.append([who, method, rule.rule, resp.status_code])

sweep("anonymous", app.test_client(), IDS)

participant = app.test_client()
session = "sweep-" + os.urandom(8).hex()
participant_auth.create_session(digest(session), IDS["email"],
                                datetime.now(timezone.utc) + timedelta(hours=1))
from functions.auth import participant as participant_module
participant.set_cookie(participant_module.COOKIE_NAME, session, path="/api/")
sweep("participant", participant, IDS)

admin = app.test_client()
admin_auth.create_admin("sweep@example.org", "a-long-sweep-password")
login = admin.post("/api/admin/login", json={"email": "sweep@example.org",
                                             "password": "a-long-sweep-password"},
                   headers=HEADERS)
assert login.status_code == 200, login.get_json()
sweep("admin", admin, dict(IDS, participant_id=IDS["other_participant"],
                           match_id=IDS["other_match"]))

print(json.dumps({"calls": calls, "errors": ERRORS, "invokes": INVOKES,
                  "blocked": BLOCKED, "heavy": sorted(m for m in ("numpy", "scipy")
                                                      if m in sys.modules)}))
'''


POLICY = {"criteria": [
    {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
     "weight": 40},
    {"name": "department", "type": "differ", "field": "department", "weight": 10},
], "min_score": 0, "mode": "admin"}


@pytest.fixture
def store(dynamodb_local, tmp_path):
    """Tables of their own on the session's DynamoDB Local, with real data:
    cohorts c1 and c2 published (participant_helpers.world) and c3 with a
    proposal the engine made here (the parent process may import numpy)."""
    from functions import db
    from functions.db import participants, programs
    from functions.domain import matching_runs, program_policy
    from functions.jobs.matching import execute
    from tests.api.helpers import make_cohort
    from tests.api.participant_helpers import world
    settings = Settings(stage="test", table_prefix="nonumpy-",
                        dynamodb_endpoint=dynamodb_local.endpoint,
                        store_key=dynamodb_local.access_key, secret_key="sweep-secret",
                        data_dir=str(tmp_path / "data"), public_url="http://portal.test",
                        matcher_function="tandem-test-matcher", enrol_per_client=100_000)
    db.create_tables(settings)  # once a session (the sweep's process uses them): emptied
    empty_tables(settings)
    try:
        ids = world()
        make_cohort(cohort_id="c3", name="Winter")
        for i, skills in enumerate([["python"], ["sql", "leadership"]]):
            participants.enroll("c3", role="mentor", name=f"Mentor {i}",
                                email=f"m{i}@example.org", capacity=2, self_id=None,
                                answers={"offers": skills, "department": "Data"})
        for i in range(3):
            participants.enroll("c3", role="mentee", name=f"Mentee {i}",
                                email=f"e{i}@example.org", capacity=None,
                                self_id={"gender": "x"},
                                answers={"wants": ["python"], "department": "Sales"})
        programs.move_status("c3", "matching")
        program_policy.save_policy("p1", POLICY, "sweep@example.org")
        finished = {}
        run = matching_runs.start_run("c3", None, "sweep@example.org", dispatch=lambda run_id:
                                      finished.update(execute(settings, run_id)))
        assert finished["status"] == "complete", finished.get("error")
        yield settings, {
            "program_id": "p1", "cohort_id": "c3", "run_id": run["run"],
            "participant_id": ids["maya"], "mentee_id": ids["maya"],
            "match_id": f"c1.{ids['maya']}", "email": "maya@example.org",
            "other_participant": ids["mina"], "other_match": f"c1.{ids['mina']}",
            "chart_id": "roles"}
    finally:
        empty_tables(settings)
        db.configure(Settings())


def test_every_route_answers_without_numpy_or_scipy(store):
    settings, ids = store
    from functions.app import create_app
    expected = {(rule.rule, method) for rule in create_app(settings).url_map.iter_rules()
                if rule.rule.startswith("/api/")
                for method in rule.methods - {"HEAD", "OPTIONS"}}
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env.update(TANDEM_STAGE=settings.stage, TANDEM_TABLE_PREFIX=settings.table_prefix,
               AWS_ENDPOINT_URL_DYNAMODB=settings.dynamodb_endpoint,
               TANDEM_STORE_KEY=settings.store_key, TANDEM_SECRET_KEY=settings.secret_key,
               TANDEM_DATA_DIR=settings.data_dir, TANDEM_PUBLIC_URL=settings.public_url,
               TANDEM_MATCHER_FUNCTION=settings.matcher_function,
               TANDEM_ENROL_PER_CLIENT="100000", SWEEP_IDS=json.dumps(ids))
    out = subprocess.run([sys.executable, "-c", SWEEP], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-4000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])

    assert result["blocked"] == [], result["blocked"][0][1]  # not even a caught attempt
    assert result["heavy"] == []
    called = {(rule, method) for _, method, rule, _ in result["calls"]}
    assert called == expected
    failed = [c for c in result["calls"] if c[3] >= 500]
    assert failed == [], "\n".join(result["errors"])
    assert result["errors"] == []
    # The sweep reached real work, not only refusals: pages that need the
    # signed-in identity and the ids answered 200, and jobs went to the Lambda.
    ok = {(who, method, rule) for who, method, rule, status in result["calls"] if status == 200}
    assert {("participant", "GET", "/api/matches/<match_id>"),
            ("admin", "GET", "/api/admin/cohorts/<cohort_id>/proposal"),
            ("admin", "GET", "/api/admin/cohorts/<cohort_id>/equity"),
            ("admin", "GET", "/api/admin/runs/<run_id>")} <= ok
    assert result["invokes"], "no job was handed to the matcher"
