"""Zappa packages of the dev stage, built offline from the lean python3.12 venv."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone

import pytest

from functions.deploy.package import ROOT
from tests.deploy.conftest import run_in_lambda_like_process, unpack

MB = 1_000_000
LAMBDA_UNZIPPED_LIMIT = 262_144_000  # bytes: Lambda's documented 250 MB
HEAVY = {"numpy", "scipy"}


def top_level(name: str) -> str:
    first = name.split("/")[0]
    return first.split("-")[0].split(".")[0]


def unzipped_size(package) -> int:
    with zipfile.ZipFile(package) as zf:
        return sum(info.file_size for info in zf.infolist())


def names(package) -> list[str]:
    with zipfile.ZipFile(package) as zf:
        return zf.namelist()


def packaged_settings(package) -> dict:
    with zipfile.ZipFile(package) as zf:
        source = zf.read("zappa_settings.py").decode()
    values: dict = {}
    exec(compile(source, "zappa_settings.py", "exec"), {}, values)
    return values


def test_api_package_is_small_and_has_no_numpy_or_scipy(packages):
    entries = names(packages["api"])
    size = unzipped_size(packages["api"])
    # 60 MB: single sign-on's ID-token checks need cryptography (15.9 MB of native
    # code, loaded only when someone signs in with SSO); the rest was under 35.
    assert size <= 60 * MB, f"API package is {size / MB:.1f} MB unzipped"
    assert not {top_level(n) for n in entries} & HEAVY
    assert {"handler.py", "zappa_settings.py", "functions/app.py"} <= set(entries)
    # Lambda's runtime provides boto3; the working tree stays out.
    assert not {top_level(n) for n in entries} & {"boto3", "botocore", "site", "tests", "infra"}


def test_matcher_package_fits_lambda(packages):
    entries = names(packages["matcher"])
    size = unzipped_size(packages["matcher"])
    assert size < LAMBDA_UNZIPPED_LIMIT, f"matcher package is {size / MB:.1f} MB unzipped"
    assert HEAVY <= {top_level(n) for n in entries}
    assert not [n for n in entries if top_level(n) in HEAVY and "/tests/" in n]
    assert not {top_level(n) for n in entries} & {"boto3", "botocore", "s3transfer"}
    assert "functions/jobs/schedule.py" in entries
    # Single sign-on is the API's: its libraries stay out of the matcher.
    assert not {top_level(n) for n in entries} & {"authlib", "joserfc", "cryptography",
                                                  "requests"}


@pytest.mark.parametrize("fn", ["api", "matcher"])
def test_package_leaves_out_deploy_tooling_and_local_code(packages, fn):
    entries = names(packages[fn])
    # The build folder holds all of functions/; only the settings' exclude_glob keeps these out.
    assert (ROOT / "functions" / "deploy" / "package.py").exists()
    assert not [n for n in entries if n.startswith(("functions/deploy/", "functions/local/"))]
    assert "functions/jobs/schedule.py" in entries and "functions/db/__init__.py" in entries


def test_packages_carry_production_settings(packages):
    api, matcher = packaged_settings(packages["api"]), packaged_settings(packages["matcher"])
    for s in (api, matcher):
        assert s["DEBUG"] is False
        assert s["LOG_LEVEL"] == "INFO"
        assert s["EXCEPTION_HANDLER"] == "functions.jobs.log_exception"
        assert s["ENVIRONMENT_VARIABLES"]["TANDEM_STAGE"] == "dev"
    assert (api["APP_MODULE"], api["APP_FUNCTION"]) == ("functions.app", "app")
    assert "APP_MODULE" not in matcher  # the matcher never builds the Flask app


def test_packaged_bytecode_survives_the_zip(packages):
    # Zappa dates every entry 1980-01-01, so only hash-based .pyc stay valid.
    with zipfile.ZipFile(packages["api"]) as zf:
        pyc = zf.read("functions/__pycache__/app.cpython-312.pyc")
    assert int.from_bytes(pyc[4:8], "little") & 0b1, "functions/ was not compiled hash-based"


API_EVENT = {
    "resource": "/{proxy+}", "path": "/api/health", "httpMethod": "GET",
    "headers": {"Host": "abc123.execute-api.us-east-1.amazonaws.com",
                "Accept": "application/json", "X-Forwarded-Proto": "https"},
    "multiValueHeaders": {}, "queryStringParameters": None,
    "multiValueQueryStringParameters": None, "pathParameters": {"proxy": "api/health"},
    "stageVariables": None, "body": None, "isBase64Encoded": False,
    "requestContext": {"resourcePath": "/{proxy+}", "httpMethod": "GET", "stage": "dev_api",
                       "path": "/dev_api/api/health", "requestId": "smoke",
                       "identity": {"sourceIp": "203.0.113.9"}},
}

INVOKE = """
import json, sys, time
start = time.perf_counter()
import handler
response = handler.lambda_handler(json.loads(sys.argv[1] if len(sys.argv) > 1 else EVENT), None)
print(json.dumps({"response": response, "seconds": time.perf_counter() - start,
                  "heavy": sorted(m for m in ("numpy", "scipy") if m in sys.modules)}))
"""


def invoke(python312, task, libs, event, env=None) -> dict:
    script = f"EVENT = {json.dumps(json.dumps(event))}\n" + INVOKE
    out = run_in_lambda_like_process(python312, task, libs, script, env)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_api_handler_answers_health_without_numpy(packages, python312, lambda_runtime_libs,
                                                  tmp_path):
    task = unpack(packages["api"], tmp_path / "task")
    result = invoke(python312, task, lambda_runtime_libs, API_EVENT)
    response = result["response"]
    assert response["statusCode"] == 200, response
    assert json.loads(response["body"]) == {"status": "ok"}
    assert response["headers"]["Cache-Control"] == "no-store"
    assert result["heavy"] == []


@pytest.fixture
def dev_tables(dynamodb_local):
    """The dev stage's tables on the session's DynamoDB Local; yields its endpoint."""
    from functions import db
    from functions.settings import Settings
    settings = Settings(stage="dev", table_prefix="tandem-dev-",
                        dynamodb_endpoint=dynamodb_local.endpoint,
                        store_key=dynamodb_local.access_key)
    db.create_tables(settings)
    try:
        yield dynamodb_local.endpoint
    finally:
        for cohort in db.Cohort.batch_get(["c-due"]):
            cohort.delete()
        db.configure(Settings())  # detach the models from this store


SCHEDULED_EVENT = {
    "version": "0", "id": "smoke", "detail-type": "Scheduled Event", "source": "aws.events",
    "account": "123456789012", "time": "2026-11-25T12:00:00Z", "region": "us-east-1",
    "resources": ["arn:aws:events:us-east-1:123456789012:rule/"
                  "tandem-dev-matcher-functions.jobs.scheduled_match"],
    "detail": {},
}


def test_matcher_handler_runs_the_scheduled_job(packages, python312, lambda_runtime_libs,
                                                tmp_path, dev_tables, dynamodb_local):
    from functions import db
    task = unpack(packages["matcher"], tmp_path / "task")
    env = {"AWS_ENDPOINT_URL_DYNAMODB": dev_tables, "TANDEM_STORE_KEY": dynamodb_local.access_key}

    summary = invoke(python312, task, lambda_runtime_libs, SCHEDULED_EVENT, env)["response"]
    assert summary["cohorts_due"] == 0
    assert summary["message"] == "no cohort due for matching"

    now = datetime.now(timezone.utc)
    db.Cohort(id="c-due", program_id="p1", name="Spring", status="matching",
                  matching_at=now.date().isoformat(), created_at=now).save()
    summary = invoke(python312, task, lambda_runtime_libs, SCHEDULED_EVENT, env)["response"]
    assert (summary["cohorts_due"], summary["cohort_ids"]) == (1, ["c-due"])
    assert summary["stage"] == "dev"


def small_cohort(seed: int = 7) -> dict:
    """60 mentees and 20 mentors with overlapping skills and one required language."""
    import random
    rng = random.Random(seed)
    skills, languages = ["python", "sql", "design", "ml", "ops", "sales"], ["en", "de", "fr"]

    def person(pid: str) -> dict:
        return {"id": pid, "skills": rng.sample(skills, rng.randint(1, 3)),
                "languages": rng.sample(languages, rng.randint(1, 2)),
                "utc_offset": rng.randint(-5, 5)}
    return {
        "criteria": [
            {"name": "skills", "type": "overlap", "field": "skills", "weight": 50},
            {"name": "language", "type": "share", "field": "languages", "weight": 10,
             "required": True},
            {"name": "tz", "type": "near", "field": "utc_offset", "scale": 6, "weight": 20},
        ],
        "min_score": 20,
        "mentors": [dict(person(f"m{i}"), capacity=rng.randint(1, 3)) for i in range(20)],
        "mentees": [person(f"e{i}") for i in range(60)],
    }


def test_matcher_package_runs_tandems_engine(packages, python312, lambda_runtime_libs, tmp_path):
    # The exclude_glob trims numpy/scipy; what Tandem's own engine needs must survive,
    # and on Lambda's python3.12 it must give what it gives here.
    from functions.matching import match_cohort
    cohort = small_cohort()
    expected = match_cohort(cohort).to_dict(timing=False)
    assert 0 < expected["stats"]["matched"] <= sum(m["capacity"] for m in cohort["mentors"])

    task = unpack(packages["matcher"], tmp_path / "task")
    script = ("import json, sys; from functions.matching import match_cohort; "
              "print(json.dumps(match_cohort(json.loads(sys.stdin.read()))"
              ".to_dict(timing=False)))")
    out = run_in_lambda_like_process(python312, task, lambda_runtime_libs, script,
                                     stdin=json.dumps(cohort))
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout) == expected
