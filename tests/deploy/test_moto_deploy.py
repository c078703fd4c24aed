"""Deploy the dev stage into moto's server, then `tandem undeploy` it.

What moto can play: the roles stack (an administrator's step), the tables
stack, `zappa deploy` of both functions (Lambda with its role, API Gateway, the
EventBridge schedule), the site upload, and `zappa undeploy`. What it cannot: CloudFront resources inside
CloudFormation (moto answers 500 for the site stack) and `zappa update`
(moto lacks ListFunctionUrlConfigs) — docs/deploy.md says so.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from moto.iam.access_control import IAMPolicy, PermissionResult

from functions import db
from functions.deploy import aws as deploy_aws, function_env, site_bucket
from functions.deploy.package import DeployError
from tests.deploy.iam_helpers import deployer, role_policy

TANDEM = str(Path(sys.executable).with_name("tandem"))


@pytest.fixture
def moto_endpoint(monkeypatch):
    from moto.server import ThreadedMotoServer

    from tests.deploy.conftest import free_port
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    try:
        yield url
    finally:
        server.stop()


def _in_account(policy: dict, account: str, region: str) -> dict:
    """A policy resolved for the test account (test_iam resolves for a fixed one)."""
    text = json.dumps(policy).replace("123456789012", account).replace("us-east-1", region)
    return json.loads(text)


def undeploy(*extra):
    out = subprocess.run([TANDEM, "undeploy", "dev", "--yes", *extra], env=dict(os.environ),
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def test_deploy_then_undeploy_dev(moto_endpoint, lean_venv, tmp_path):
    session, account = deploy_aws.aws_session("dev")
    with pytest.raises(DeployError, match="`tandem roles dev`"):
        deploy_aws.require_roles(session, "dev")
    roles = deploy_aws.deploy_roles(session, "dev", log=lambda *_: None)
    assert deploy_aws.require_roles(session, "dev") == roles
    tables = {f"tandem-dev-{m.Meta.base_name}" for m in db.ALL_MODELS}
    assert set(deploy_aws.deploy_tables(session, "dev").values()) == tables
    assert set(deploy_aws.deploy_tables(session, "dev").values()) == tables  # no change

    assert function_env.ensure_secret_keys(session, "dev", log=lambda *_: None) is True
    environment = function_env.function_environment("dev", "Tandem <mentoring@example.org>")
    deploy_aws.deploy_functions(session, account, "dev", lean_venv, log=lambda *_: None,
                                environment=environment)
    lam, iam, events, s3 = (session.client(n) for n in ("lambda", "iam", "events", "s3"))
    api = lam.get_function_configuration(FunctionName="tandem-dev-api")
    matcher = lam.get_function_configuration(FunctionName="tandem-dev-matcher")
    assert api["Runtime"] == matcher["Runtime"] == "python3.12"
    assert (matcher["Timeout"], matcher["MemorySize"]) == (900, 3008)
    assert api["Handler"] == matcher["Handler"] == "handler.lambda_handler"
    # Each function runs as its own role from the roles stack, with that role's policy.
    assert (api["Role"], matcher["Role"]) == (roles["ApiRoleArn"], roles["MatcherRoleArn"])
    assert api["Role"].endswith(":role/tandem/tandem-dev-api")
    for fn in ("api", "matcher"):
        policy = iam.get_role_policy(RoleName=f"tandem-dev-{fn}",
                                     PolicyName=f"tandem-{fn}")["PolicyDocument"]
        if isinstance(policy, str):  # moto keeps a stack-made inline policy as the dict's repr
            policy = ast.literal_eval(policy)
        assert policy == _in_account(role_policy(fn, "dev"), account, session.region_name)
    assert not [r["RoleName"] for r in iam.list_roles()["Roles"] if "Zappa" in r["RoleName"]]
    rules = {r["Name"]: r for r in events.list_rules()["Rules"]}
    (rule,) = [r for name, r in rules.items() if name.endswith("functions.jobs.scheduled_match")]
    assert rule["ScheduleExpression"] == "rate(15 minutes)"
    # The deployer policy covers what Zappa made, under the names Zappa chose.
    can = IAMPolicy(json.dumps(deployer())).is_action_permitted
    for action, arn in [("events:PutRule", rule["Arn"]),
                        ("lambda:UpdateFunctionCode", api["FunctionArn"]),
                        ("lambda:UpdateFunctionCode", matcher["FunctionArn"]),
                        ("iam:GetRole", api["Role"]), ("iam:GetRole", matcher["Role"])]:
        assert can(action, arn) == PermissionResult.PERMITTED, (action, arn)
    domain, path = deploy_aws.api_origin(session, "dev")
    assert domain.endswith(".execute-api.us-east-1.amazonaws.com") and path == "/dev_api"

    # The site upload mirrors site/ and adds config.json (the bucket would come
    # from the site stack, which moto cannot create).
    s3.create_bucket(Bucket="site-probe")
    s3.put_object(Bucket="site-probe", Key="old.html", Body=b"stale")
    s3.put_object(Bucket="site-probe", Key="v/0ld/js/main.js", Body=b"an earlier deploy")
    site_bucket.upload_site(s3, "site-probe", deploy_aws.site_config("dev"))
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="site-probe")["Contents"]}
    assert {"index.html", "config.json"} <= keys and "old.html" not in keys
    # Pages load their modules from one version; an earlier version stays for cached pages.
    html = s3.get_object(Bucket="site-probe", Key="index.html")["Body"].read().decode()
    [version] = {k.split("/")[1] for k in keys if k.startswith("v/") and "0ld" not in k}
    assert f"/v/{version}/js/main.js" in html and f"v/{version}/js/main.js" in keys
    assert "v/0ld/js/main.js" in keys
    config = s3.get_object(Bucket="site-probe", Key="config.json")
    assert json.loads(config["Body"].read()) == {"apiBase": "/api", "stage": "dev"}
    page = s3.head_object(Bucket="site-probe", Key="index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"

    check_mail_url_and_signing_keys(session)

    assert "tables stay" in undeploy()
    assert [f["FunctionName"] for f in lam.list_functions()["Functions"]] == []
    assert not [n for n in (r["Name"] for r in events.list_rules()["Rules"]) if "tandem-dev" in n]
    assert tables <= set(session.client("dynamodb").list_tables()["TableNames"])

    undeploy("--delete-tables")
    assert not tables & set(session.client("dynamodb").list_tables()["TableNames"])
    assert deploy_aws.stack_outputs(session.client("cloudformation"), "tandem-dev-data") is None


def _environment(lam) -> dict[str, dict]:
    return {fn: lam.get_function_configuration(FunctionName=f"tandem-dev-{fn}")
            ["Environment"]["Variables"] for fn in ("api", "matcher")}


def _stored_keys(ssm) -> list[str]:
    value = ssm.get_parameter(Name="/tandem/dev/secret-keys", WithDecryption=True)
    return value["Parameter"]["Value"].split(",")


def check_mail_url_and_signing_keys(session):
    """Both functions know the sender, the site's URL and where the signing keys
    are (never a key); the keys sit in a SecureString a redeploy keeps, and a
    rotation adds one that signs while the old one still verifies."""
    from functions import settings as settings_module
    from functions.app import create_app
    from functions.domain import publishing
    from functions.settings import Settings, resolve_secret_keys
    lam, ssm = session.client("lambda"), session.client("ssm")
    (meta,) = ssm.describe_parameters()["Parameters"]
    assert (meta["Name"], meta["Type"]) == ("/tandem/dev/secret-keys", "SecureString")
    [first] = _stored_keys(ssm)
    assert len(first) >= 40
    # The site stack (which moto cannot make) gives the URL; deploy then sets it.
    function_env.set_function_environment(session, "dev", {
        "TANDEM_PUBLIC_URL": "https://d111.cloudfront.net"}, log=lambda *_: None)
    env = _environment(lam)
    for fn in ("api", "matcher"):
        assert {k: env[fn].get(k) for k in ("TANDEM_MAIL_FROM", "TANDEM_PUBLIC_URL",
                                            "TANDEM_SECRET_KEYS_PARAMETER")} == {
            "TANDEM_MAIL_FROM": "Tandem <mentoring@example.org>",
            "TANDEM_PUBLIC_URL": "https://d111.cloudfront.net",
            "TANDEM_SECRET_KEYS_PARAMETER": "/tandem/dev/secret-keys"}, fn
        assert "TANDEM_SECRET_KEY" not in env[fn]
        assert first not in json.dumps(env[fn])
    # A second deploy keeps the keys.
    assert function_env.ensure_secret_keys(session, "dev", log=lambda *_: None) is False
    assert _stored_keys(ssm) == [first]

    cloud_env = {"TANDEM_STAGE": "dev", **env["api"]}
    settings_module._PARAMETER_CACHE.clear()
    before = resolve_secret_keys(Settings.from_env(cloud_env))
    assert before.secret_keys == (first,)
    old_link = publishing.link_token(before, "c1", "p1")

    out = subprocess.run([TANDEM, "secret-keys", "rotate", "--stage", "dev"],
                         env=dict(os.environ), capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    keys = _stored_keys(ssm)
    assert keys[0] == first and len(keys) == 2 and keys[1] != first
    assert not [k for k in keys if k in out.stdout + out.stderr]  # never printed
    # Both functions start afresh, so every container reads the new keys.
    assert {e.get("TANDEM_SECRET_KEYS_VERSION") for e in _environment(lam).values()} == {"2"}

    settings_module._PARAMETER_CACHE.clear()  # a cold start
    app = create_app(Settings.from_env(cloud_env))
    after = app.config["TANDEM"]
    assert after.secret_keys == tuple(keys)
    assert (app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"]) == (keys[1], [first])
    assert publishing.read_token(after, old_link) == ("c1", "p1")  # old links still open
    new_link = publishing.link_token(after, "c1", "p1")
    assert publishing.read_token(after, new_link) == ("c1", "p1")
    with pytest.raises(Exception):  # signed with the new key, which the old set lacks
        publishing.read_token(before, new_link)
    settings_module._PARAMETER_CACHE.clear()
