"""For the offline IAM tests: the policies read from infra/, what each function
calls, and moto's IAM policy engine to evaluate them (action and resource
matching as AWS does it, wildcards included)."""
from __future__ import annotations

import json
import re

from moto.iam.access_control import IAMPolicy, PermissionResult

from functions import db
from functions.deploy import package as deploy

INFRA = deploy.INFRA
SETTINGS = deploy.zappa_settings()
ACCOUNT, REGION = "123456789012", "us-east-1"
DOCS = (deploy.ROOT / "docs" / "deploy.md").read_text()

READ = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"}
WRITE = {"dynamodb:PutItem", "dynamodb:UpdateItem"}
ITEM_ACTIONS = READ | WRITE | {
    "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
    "dynamodb:Scan", "dynamodb:DescribeTable", "dynamodb:DeleteTable", "dynamodb:CreateTable",
    "dynamodb:UpdateTable",
}
# What each function calls, table by table (read the code: functions/db/
# and functions/auth/ for the API, functions/jobs/ for the matcher).
CALLS = {
    "api": {
        "programs": READ | WRITE | {"dynamodb:ConditionCheckItem"},
        "cohorts": READ | WRITE | {"dynamodb:ConditionCheckItem"},
        "participants": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        # Read back only for the reports' suppressed aggregates.
        "self-id": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "admins": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "admin-sessions": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "admin-invitations": READ | WRITE | {"dynamodb:ConditionCheckItem",
                                             "dynamodb:DeleteItem"},
        "audit": READ | {"dynamodb:PutItem"},
        "login-counters": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "policies": READ | WRITE | {"dynamodb:ConditionCheckItem"},
        "runs": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "proposals": READ,
        "adjustments": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "sign-in-tokens": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "participant-sessions": READ | WRITE | {"dynamodb:ConditionCheckItem",
                                                "dynamodb:DeleteItem"},
        "journal": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
                                   "dynamodb:BatchWriteItem"},
        # Choice mode: requests, seats (one transaction), erasure of a request.
        "choices": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
        "suggestions": READ,
        # Follow-up: the admin's handling of a request (a conditional put);
        # erasure deletes her reminder markers.
        "follow-up": READ | WRITE | {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem"},
    },
    "matcher": {
        "programs": READ,
        "cohorts": READ | WRITE,
        # Publishing's e-mail job writes match cards (only: see below).
        "participants": READ | {"dynamodb:BatchWriteItem"},
        "policies": READ,
        "runs": READ | WRITE | {"dynamodb:DeleteItem"},
        "proposals": READ | WRITE | {"dynamodb:BatchWriteItem"},
        "adjustments": READ,
        # The nudges job: a cohort's journal (by-cohort), its accepted choices,
        # and the markers that make each reminder go out once.
        "journal": READ,
        "choices": READ,
        "suggestions": READ | {"dynamodb:BatchWriteItem"},
        "follow-up": READ | {"dynamodb:PutItem", "dynamodb:DeleteItem"},
    },
}
TABLES = sorted({m.Meta.base_name for m in db.ALL_MODELS} | {"proposals"})


def load_template(name: str) -> dict:
    from cfnlint.decode import decode
    template, errors = decode(str(INFRA / name))
    assert not errors, errors
    return json.loads(json.dumps(template))


def resolve(value, stage: str):
    """The template's ``Fn::Sub`` strings as CloudFormation would fill them."""
    names = {"AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": ACCOUNT,
             "Stage": stage}
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        return re.sub(r"\$\{([^}]+)\}", lambda m: names[m.group(1)], value["Fn::Sub"])
    if isinstance(value, dict):
        return {k: resolve(v, stage) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, stage) for v in value]
    return value


def role(fn: str, stage: str) -> dict:
    """Properties of the function's role in infra/roles.yaml, resolved for ``stage``."""
    resources = load_template("roles.yaml")["Resources"]
    (props,) = [resolve(r["Properties"], stage) for r in resources.values()
                if r["Type"] == "AWS::IAM::Role"
                and resolve(r["Properties"]["RoleName"], stage) == f"tandem-{stage}-{fn}"]
    return props


def role_policy(fn: str, stage: str) -> dict:
    (policy,) = role(fn, stage)["Policies"]
    return policy["PolicyDocument"]


def deployer() -> dict:
    return json.loads((INFRA / "deployer-policy.json").read_text())


def allowed(policy: dict, action: str, resource: str, **context) -> bool:
    result = IAMPolicy(json.dumps(policy)).is_action_permitted(
        action, resource, incoming_condition_values=context or None)
    return result == PermissionResult.PERMITTED


def table_arn(stage: str, table: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/tandem-{stage}-{table}"


def setting(stage: str, key: str):
    return deploy.stage_setting(SETTINGS, stage, key)


def parameter_arn(stage: str, name: str = "secret-keys") -> str:
    return f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/tandem/{stage}/{name}"
