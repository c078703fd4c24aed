"""CloudFormation templates and Zappa settings, checked offline (IAM: test_iam.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from functions import db
from functions.deploy import package as deploy
from functions.app import CSP

INFRA = deploy.INFRA
REGENERATE = "run `.venv/bin/python infra/make_tables.py` after changing a model"


def load(name: str) -> dict:
    from cfnlint.decode import decode
    template, errors = decode(str(INFRA / name))
    assert not errors, errors
    return json.loads(json.dumps(template))  # plain dicts and lists


def test_cfn_lint_reports_nothing():
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    out = subprocess.run([str(cfn_lint), "--", *map(str, sorted(INFRA.glob("*.yaml")))],
                         capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


# -- tables match the models ------------------------------------------------------

def _keys(key_schema) -> dict:
    return {k["KeyType"]: k["AttributeName"] for k in key_schema}


def _tables_by_name() -> dict:
    resources = load("tables.yaml")["Resources"]
    tables = {}
    for resource in resources.values():
        if resource["Type"] == "AWS::DynamoDB::Table":
            props = resource["Properties"]
            base = props["TableName"]["Fn::Sub"].removeprefix("tandem-${Stage}-")
            tables[base] = (resource, props)
    return tables


def test_every_model_has_its_table_and_nothing_more():
    assert set(_tables_by_name()) == {m.Meta.base_name for m in db.ALL_MODELS}, REGENERATE


@pytest.mark.parametrize("model", db.ALL_MODELS, ids=lambda m: m.Meta.base_name)
def test_table_definition_matches_model(model):
    resource, props = _tables_by_name()[model.Meta.base_name]
    schema = model._get_schema()
    assert _keys(props["KeySchema"]) == _keys(schema["key_schema"]), REGENERATE
    attrs = {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]}
    assert attrs == {a["AttributeName"]: a["AttributeType"]
                     for a in schema["attribute_definitions"]}, REGENERATE
    want_gsis = {i["index_name"]: (_keys(i["key_schema"]), i["projection"])
                 for i in schema["global_secondary_indexes"]}
    have_gsis = {i["IndexName"]: (_keys(i["KeySchema"]), i["Projection"])
                 for i in props.get("GlobalSecondaryIndexes", [])}
    assert have_gsis == want_gsis, REGENERATE
    assert not schema["local_secondary_indexes"] and "LocalSecondaryIndexes" not in props
    ttl = model._ttl_attribute()
    if ttl is None:
        assert "TimeToLiveSpecification" not in props, REGENERATE
    else:
        assert props["TimeToLiveSpecification"] == {"AttributeName": ttl.attr_name,
                                                     "Enabled": True}, REGENERATE
    # On-demand, recoverable, encrypted, and never dropped with the stack.
    assert props["BillingMode"] == getattr(model.Meta, "billing_mode", None) == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["SSESpecification"] == {"SSEEnabled": True}
    assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"


def test_generator_output_is_what_is_committed():
    sys.path.insert(0, str(INFRA))
    try:
        import make_tables
    finally:
        sys.path.remove(str(INFRA))
    assert make_tables.render() == (INFRA / "tables.yaml").read_text(), REGENERATE


# -- the site stack ---------------------------------------------------------------

def test_site_bucket_is_private_and_read_through_oac():
    res = load("site.yaml")["Resources"]
    block = res["SiteBucket"]["Properties"]["PublicAccessBlockConfiguration"]
    assert all(block[k] is True for k in ("BlockPublicAcls", "BlockPublicPolicy",
                                          "IgnorePublicAcls", "RestrictPublicBuckets"))
    origins = {o["Id"]: o for o in
               res["Distribution"]["Properties"]["DistributionConfig"]["Origins"]}
    assert origins["site"]["OriginAccessControlId"] == {
        "Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    statement = res["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "AWS:SourceArn" in statement["Condition"]["StringEquals"]


def test_api_is_on_the_same_origin_and_never_cached():
    template = load("site.yaml")
    assert {"Stage", "ApiDomain", "DomainName"} <= set(template["Parameters"])
    assert {"SiteUrl", "BucketName", "DistributionId"} <= set(template["Outputs"])
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert api["TargetOriginId"] == "api"
    assert {"POST", "PUT", "PATCH", "DELETE"} <= set(api["AllowedMethods"])
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    origins = {o["Id"]: o for o in config["Origins"]}
    assert origins["api"]["DomainName"] == {"Ref": "ApiDomain"}


def test_security_headers_match_the_flask_app():
    res = load("site.yaml")["Resources"]
    headers = res["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    security = headers["SecurityHeadersConfig"]
    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"] == CSP
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "same-origin"
    config = res["Distribution"]["Properties"]["DistributionConfig"]
    for behaviour in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}


# -- Zappa settings ----------------------------------------------------------------

SETTINGS = deploy.zappa_settings()


def setting(stage, key):
    return deploy.stage_setting(SETTINGS, stage, key)


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_each_stage_has_an_api_and_a_scheduled_matcher(stage):
    assert stage in deploy.stages()
    api, matcher = f"{stage}_api", f"{stage}_matcher"
    for name in (api, matcher):
        assert setting(name, "runtime") == "python3.12"
        assert setting(name, "debug") is False and setting(name, "log_level") == "INFO"
        assert setting(name, "exception_handler") == "functions.jobs.log_exception"
        assert setting(name, "environment_variables")["TANDEM_STAGE"] == stage
        assert {"boto3", "botocore", "s3transfer"} <= set(setting(name, "exclude"))
        # Build-time tooling and local-only code stay out of both packages.
        assert {"functions/deploy", "functions/local"} <= set(setting(name, "exclude_glob"))
    # The API hands matching runs to the matcher function by name.
    assert setting(api, "environment_variables")["TANDEM_MATCHER_FUNCTION"] == \
        deploy.lambda_name(stage, "matcher")
    assert setting(api, "app_function") == "functions.app.app"
    assert {"numpy", "scipy"} <= set(setting(api, "exclude"))
    assert setting(matcher, "apigateway_enabled") is False
    assert setting(matcher, "timeout_seconds") == 900
    assert setting(matcher, "memory_size") == 3008
    # Matching due cohorts every few minutes; the follow-up reminders once a day.
    events = {e["function"]: e["expression"] for e in setting(matcher, "events")}
    assert set(events) == {"functions.jobs.scheduled_match", "functions.jobs.scheduled_nudges"}
    assert all(e.startswith(("rate(", "cron(")) for e in events.values())
    from functions import jobs
    assert callable(jobs.scheduled_match) and callable(jobs.scheduled_nudges)
    assert any("numpy" in g and "tests" in g for g in setting(matcher, "exclude_glob"))
