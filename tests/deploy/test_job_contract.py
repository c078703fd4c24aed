"""The API's job hand-off and the matcher function's entry points agree.

The API starts a job with an asynchronous Lambda invoke
(``functions.jobs.dispatch``); the matcher's packaged Zappa handler receives
it. Here the real API routes run with the dispatcher in its Lambda mode, the
``Invoke`` call is caught at botocore's event hooks (so the exact bytes the
API would send are what is checked), and that payload goes to the matcher
package's ``handler.lambda_handler``, unpacked, in a clean python3.12 with
only the package and Lambda's boto3 on ``sys.path``: a module missing from the
package, a renamed entry point or a payload key the entry point does not read
fails here. Both sides share the dev stage's tables on DynamoDB Local.
"""
from __future__ import annotations

import json

import pytest

from functions.deploy.package import lambda_name
from functions.settings import Settings
from tests.api.run_helpers import populate
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, post
from tests.store_tables import empty_tables
from tests.deploy.conftest import STAGE, run_in_lambda_like_process, unpack

MATCHER = lambda_name(STAGE, "matcher")
SECRET = "contract-secret"
PUBLIC_URL = "http://portal.test"
POLICY = {"criteria": [
    {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
     "weight": 40},
    {"name": "level", "type": "gap", "field": "level", "target": 2, "weight": 20},
], "min_score": 0, "mode": "admin"}


@pytest.fixture
def dev_store(dynamodb_local, tmp_path):
    """The dev stage's tables on the session's DynamoDB Local, empty, and the
    API's settings for that stage in the cloud: the matcher is a Lambda."""
    from functions import db
    settings = Settings(stage=STAGE, table_prefix=f"tandem-{STAGE}-",
                        dynamodb_endpoint=dynamodb_local.endpoint,
                        store_key=dynamodb_local.access_key, secret_key=SECRET,
                        matcher_function=MATCHER, public_url=PUBLIC_URL,
                        enrol_per_client=100_000)
    db.create_tables(settings)
    empty_tables(settings)
    try:
        yield settings
    finally:
        empty_tables(settings)
        db.configure(Settings())  # detach the models from this store


@pytest.fixture
def invokes():
    """Every Lambda ``Invoke`` made through boto3's default session: its
    parameters as the caller passed them and the Payload bytes botocore was
    about to send. The call is answered as Lambda answers an Event invoke
    (202), so nothing leaves the machine."""
    import boto3
    from botocore.awsrequest import AWSResponse
    session = boto3._get_default_session()
    calls: list[dict] = []

    def record(params, **_):
        calls.append({"params": dict(params)})

    def answer(params, **_):
        calls[-1]["body"] = params["body"]
        return AWSResponse("https://lambda.us-east-1.amazonaws.com", 202, {}, None), \
            {"StatusCode": 202, "ResponseMetadata": {"HTTPStatusCode": 202}}

    session.events.register("before-parameter-build.lambda.Invoke", record, "contract-record")
    session.events.register("before-call.lambda.Invoke", answer, "contract-answer")
    try:
        yield calls
    finally:
        session.events.unregister("before-parameter-build.lambda.Invoke",
                                  unique_id="contract-record")
        session.events.unregister("before-call.lambda.Invoke", unique_id="contract-answer")


@pytest.fixture
def api(dev_store):
    from functions.app import create_app
    from functions.auth import admin
    app = create_app(dev_store)
    app.config["TESTING"] = True
    client = app.test_client()
    admin.create_admin(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert post(client, "/api/admin/login",
                {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status_code == 200
    return client


@pytest.fixture(scope="module")
def matcher_task(packages, tmp_path_factory):
    return unpack(packages["matcher"], tmp_path_factory.mktemp("matcher-task"))


HANDLER = """
import json, sys
class Context:  # the attributes of Lambda's context object Zappa and Tandem read
    function_name = FUNCTION
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION
    memory_limit_in_mb = "3008"
    aws_request_id = "contract-test"
    log_group_name = "/aws/lambda/" + FUNCTION
    log_stream_name = "contract"
    def get_remaining_time_in_millis(self):
        return 900_000
event = json.loads(sys.stdin.buffer.read())  # Lambda's runtime decodes the Payload bytes
import handler
result = handler.lambda_handler(event, Context())
print(json.dumps({"result": result,
                  "heavy": sorted(m for m in ("numpy", "scipy") if m in sys.modules)}))
"""


def run_handler(python312, task, libs, payload: bytes, store: Settings, outbox_dir) -> dict:
    """Invoke the packaged matcher as Lambda would, with ``payload``; its result."""
    env = {"AWS_ENDPOINT_URL_DYNAMODB": store.dynamodb_endpoint,
           "TANDEM_STORE_KEY": store.store_key, "TANDEM_SECRET_KEY": SECRET,
           "TANDEM_PUBLIC_URL": PUBLIC_URL, "TANDEM_DATA_DIR": str(outbox_dir)}
    script = f"FUNCTION = {MATCHER!r}\n" + HANDLER
    out = run_in_lambda_like_process(python312, task, libs, script, env,
                                     stdin=payload.decode("utf-8"))
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def sent_payload(calls: list[dict]) -> bytes:
    """The one Invoke since the last look: an Event invoke of the matcher."""
    assert len(calls) == 1, calls
    call = calls.pop()
    params = call["params"]
    assert params["FunctionName"] == MATCHER
    assert params["InvocationType"] == "Event"  # asynchronous: the API never waits
    assert call["body"] == params["Payload"]  # sent as given
    assert len(call["body"]) < 256 * 1024  # Lambda's cap for an asynchronous payload
    return call["body"]


def test_what_the_api_sends_is_what_the_packaged_matcher_does(
        api, dev_store, invokes, matcher_task, python312, lambda_runtime_libs, tmp_path):
    from functions import notify
    outbox = tmp_path / "data"
    mail = dev_store.with_(data_dir=str(outbox))
    populate()  # on dev_store's tables: 6 seats for 9 mentees, 3 wait
    assert api.put("/api/admin/programs/p1/policy", json=POLICY,
                   headers={"X-Requested-With": "tandem"}).status_code == 200
    assert invokes == []

    # A matching run: the API records it and hands its id to the matcher.
    started = post(api, "/api/admin/cohorts/c1/runs", {})
    assert started.status_code == 202, started.get_json()
    run_id = started.get_json()["run"]
    payload = sent_payload(invokes)
    assert json.loads(payload) == {"command": "functions.jobs.run_matching", "run": run_id}
    assert api.get(f"/api/admin/runs/{run_id}").get_json()["status"] not in ("complete",
                                                                               "failed")
    done = run_handler(python312, matcher_task, lambda_runtime_libs, payload, dev_store, outbox)
    assert done["result"]["run"] == run_id and done["result"]["status"] == "complete"
    assert done["heavy"] == ["numpy", "scipy"]  # it really ran the engine in the package
    run = api.get(f"/api/admin/runs/{run_id}").get_json()
    assert run["status"] == "complete", run
    proposal = api.get("/api/admin/cohorts/c1/proposal").get_json()
    assert len(proposal["matches"]) == 6 and len(proposal["unmatched"]) == 3

    # Publishing: the API hands the cohort to the matcher, which tells everyone.
    published = post(api, "/api/admin/cohorts/c1/publish", {})
    assert published.status_code == 200 and published.get_json()["run"] == run_id
    payload = sent_payload(invokes)
    assert json.loads(payload) == {"command": "functions.jobs.notify_published", "cohort": "c1"}
    assert notify.outbox(mail) == []  # the API itself sends nothing
    told = run_handler(python312, matcher_task, lambda_runtime_libs, payload, dev_store, outbox)
    assert told["result"] == {"cohort": "c1", "sent": 13}
    assert sorted(m["To"] for m in notify.outbox(mail)) == sorted(
        [f"m{i}@example.org" for i in range(4)] + [f"e{i}@example.org" for i in range(9)])
    assert all(PUBLIC_URL in m.get_content() for m in notify.outbox(mail))
    retry = post(api, "/api/admin/cohorts/c1/notifications/retry", {})
    assert retry.get_json()["untold"] == 0 and invokes == []  # everyone was told

    # The waiting list: a new mentor's seats, a waiting run, its publication.
    imported = api.post("/api/admin/cohorts/c1/participants/import", data=(
        "role,name,email,capacity,wants,offers,department,level\n"
        "mentor,Nia New,nia@example.org,2,,python;sql;leadership,Data,5\n").encode(),
        content_type="text/csv", headers={"X-Requested-With": "tandem"})
    assert imported.status_code == 200, imported.get_json()
    started = post(api, "/api/admin/cohorts/c1/runs", {"waiting": True})
    assert started.status_code == 202, started.get_json()
    waiting_id = started.get_json()["run"]
    payload = sent_payload(invokes)
    assert json.loads(payload) == {"command": "functions.jobs.run_matching", "run": waiting_id}
    done = run_handler(python312, matcher_task, lambda_runtime_libs, payload, dev_store, outbox)
    assert done["result"]["status"] == "complete"
    new = api.get("/api/admin/cohorts/c1/proposal").get_json()
    assert new["kind"] == "waiting" and len(new["matches"]) == 2

    before = len(notify.outbox(mail))
    assert post(api, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    payload = sent_payload(invokes)
    assert json.loads(payload) == {"command": "functions.jobs.notify_waiting", "run": waiting_id}
    told = run_handler(python312, matcher_task, lambda_runtime_libs, payload, dev_store, outbox)
    assert told["result"] == {"run": waiting_id, "sent": 3}  # two mentees and Nia
    assert len(notify.outbox(mail)) == before + 3
