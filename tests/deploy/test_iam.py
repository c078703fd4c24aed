"""IAM, offline: one role per function with only what it calls, a deployer
that cannot grant itself more. Policies are read from infra/ and evaluated
with moto's IAM policy engine (action and resource matching as AWS does it,
wildcards included)."""
from __future__ import annotations

import json
import re

import pytest
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


# -- one role per function ----------------------------------------------------------

@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_each_function_runs_as_its_own_role_made_outside_zappa(stage):
    names = {fn: setting(f"{stage}_{fn}", "role_name") for fn in deploy.FUNCTIONS}
    assert names == {"api": f"tandem-{stage}-api", "matcher": f"tandem-{stage}-matcher"}
    for fn in deploy.FUNCTIONS:
        # Zappa must not create or rewrite roles: that needs IAM write rights.
        assert setting(f"{stage}_{fn}", "manage_roles") is False
        assert setting(f"{stage}_{fn}", "attach_policy") is None
        assert role(fn, stage)["Path"] == "/tandem/"
    assert role_policy("api", stage) != role_policy("matcher", stage)


@pytest.mark.parametrize("fn", ["api", "matcher"])
def test_role_reaches_exactly_the_tables_and_actions_its_function_calls(fn):
    policy = role_policy(fn, "dev")
    granted = {table: {a for a in ITEM_ACTIONS if allowed(policy, a, table_arn("dev", table))}
               for table in TABLES}
    assert {t: a for t, a in granted.items() if a} == CALLS[fn]


def test_matcher_writes_match_cards_never_a_participants_record():
    """The only write the matcher has on participants is for items whose
    partition key is a match card's (moto's policy check ignores this
    condition, so it is read from the template)."""
    from fnmatch import fnmatch

    from functions.db.match_cards import CARD
    people = table_arn("dev", "participants")
    writes = [st for st in role_policy("matcher", "dev")["Statement"]
              if people in st["Resource"] and set(st["Action"]) - READ]
    assert [st["Action"] for st in writes] == [["dynamodb:BatchWriteItem"]]
    [patterns] = writes[0]["Condition"]["ForAllValues:StringLike"].values()
    assert list(writes[0]["Condition"]["ForAllValues:StringLike"]) == ["dynamodb:LeadingKeys"]
    assert all(fnmatch(CARD + "c1", p) for p in patterns)
    assert not any(fnmatch("c1", p) for p in patterns)


def test_api_cannot_rewrite_the_audit_log_and_matcher_cannot_touch_admin_tables():
    api, matcher = role_policy("api", "dev"), role_policy("matcher", "dev")
    for action in ("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"):
        assert not allowed(api, action, table_arn("dev", "audit")), action
    for table in ("admins", "admin-sessions", "self-id", "admin-invitations", "audit"):
        for action in ITEM_ACTIONS:
            assert not allowed(matcher, action, table_arn("dev", table)), (action, table)


@pytest.mark.parametrize("fn", ["api", "matcher"])
def test_indexes_are_queryable_only_on_tables_the_function_reads(fn):
    policy = role_policy(fn, "dev")
    for table in TABLES:
        index = table_arn("dev", table) + "/index/by-kind"
        if allowed(policy, "dynamodb:Query", index):
            assert "dynamodb:Query" in CALLS[fn].get(table, set()), table


@pytest.mark.parametrize("fn", ["api", "matcher"])
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_role_does_not_reach_a_stage_whose_name_starts_with_its_own(fn, stage):
    policy = role_policy(fn, stage)
    other = f"{stage}-x"  # a legal stage name; `tandem-dev-*` would reach its tables
    foreign = [table_arn(other, t) for t in TABLES] + [
        table_arn(other, t) + "/index/by-kind" for t in TABLES] + [
        f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/tandem-{other}-{f}:*"
        for f in deploy.FUNCTIONS]
    actions = {a for s in policy["Statement"] for a in s["Action"]}
    reached = [(a, r) for a in actions for r in foreign if allowed(policy, a, r)]
    assert not reached


@pytest.mark.parametrize("fn", ["api", "matcher"])
def test_role_policy_has_no_wildcard_action_and_no_open_resource(fn):
    for statement in role_policy(fn, "dev")["Statement"]:
        assert statement["Effect"] == "Allow"
        assert not any("*" in a for a in statement["Action"]), statement
        assert "*" not in statement["Resource"], statement


def test_each_role_writes_only_its_own_log_group():
    for fn in deploy.FUNCTIONS:
        other = "matcher" if fn == "api" else "api"
        own = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/tandem-dev-{fn}:log-stream:x"
        theirs = own.replace(f"tandem-dev-{fn}", f"tandem-dev-{other}")
        assert allowed(role_policy(fn, "dev"), "logs:PutLogEvents", own)
        assert not allowed(role_policy(fn, "dev"), "logs:PutLogEvents", theirs)


def test_only_the_matcher_may_be_assumed_by_the_schedule():
    def services(fn):
        (statement,) = role(fn, "dev")["AssumeRolePolicyDocument"]["Statement"]
        service = statement["Principal"]["Service"]
        return {service} if isinstance(service, str) else set(service)
    assert services("api") == {"lambda.amazonaws.com"}
    # Zappa names the function's role on its schedule rule (PutRule RoleArn).
    assert services("matcher") == {"lambda.amazonaws.com", "events.amazonaws.com"}


# -- the deployer ------------------------------------------------------------------

FUNCTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/tandem/tandem-dev-api"
ESCALATION = [  # IAM actions that grant or borrow permissions
    "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
    "iam:CreateRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole",
    "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
    "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
    "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutGroupPolicy", "iam:AttachGroupPolicy",
    "iam:AddUserToGroup", "iam:CreateAccessKey", "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile", "iam:CreateUser", "sts:AssumeRole",
]


@pytest.mark.parametrize("resource", [
    "*", FUNCTION_ROLE, f"arn:aws:iam::{ACCOUNT}:role/tandem-dev-api-ZappaLambdaExecutionRole",
    f"arn:aws:iam::{ACCOUNT}:user/deployer", f"arn:aws:iam::{ACCOUNT}:policy/anything"])
def test_deployer_cannot_write_iam(resource):
    policy = deployer()
    assert not [a for a in ESCALATION if allowed(policy, a, resource)]
    iam_actions = {a for s in policy["Statement"] for a in s["Action"] if a.startswith("iam:")}
    assert iam_actions == {"iam:GetRole", "iam:PassRole"}


def test_deployer_passes_only_the_function_roles_and_only_to_lambda_and_events():
    policy = deployer()
    for service in ("lambda.amazonaws.com", "events.amazonaws.com"):
        assert allowed(policy, "iam:PassRole", FUNCTION_ROLE, **{"iam:PassedToService": service})
    for service in ("cloudformation.amazonaws.com", "ec2.amazonaws.com"):
        assert not allowed(policy, "iam:PassRole", FUNCTION_ROLE,
                           **{"iam:PassedToService": service})
    for other in ("role/admin", "role/tandem-dev-api-ZappaLambdaExecutionRole", "role/tandem-x"):
        assert not allowed(policy, "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:{other}",
                           **{"iam:PassedToService": "lambda.amazonaws.com"})


def test_deployer_can_read_but_not_change_the_roles_stack():
    stack = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/tandem-dev-roles/abc"
    policy = deployer()
    assert allowed(policy, "cloudformation:DescribeStacks", stack)
    for action in ("cloudformation:CreateStack", "cloudformation:UpdateStack",
                   "cloudformation:DeleteStack"):
        assert not allowed(policy, action, stack)
        assert allowed(policy, action, stack.replace("-roles/", "-data/"))


# Actions AWS offers no resource-level permission for (docs/deploy.md names each).
UNSCOPED = {"sts:GetCallerIdentity", "events:ListRuleNamesByTarget"}


def test_deployer_uses_an_open_resource_only_where_aws_cannot_scope():
    for statement in deployer()["Statement"]:
        resources = statement["Resource"]
        resources = [resources] if isinstance(resources, str) else resources
        if "*" in resources:
            assert set(statement["Action"]) <= UNSCOPED, statement["Sid"]
    for action in UNSCOPED:
        assert f"`{action}`" in DOCS, f"docs/deploy.md should say why {action} is on *"


def test_deployer_schedule_and_cdn_functions_are_tandems_own():
    policy = deployer()
    rule = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/"
    cdn_function = f"arn:aws:cloudfront::{ACCOUNT}:function/"
    for action in ("events:PutRule", "events:PutTargets", "events:DeleteRule"):
        for job in ("scheduled_match", "scheduled_nudges"):
            assert allowed(policy, action, rule + f"tandem-dev-matcher-functions.jobs.{job}")
        assert not allowed(policy, action, rule + "billing-nightly")
    for action in ("cloudfront:UpdateFunction", "cloudfront:DeleteFunction"):
        assert allowed(policy, action, cdn_function + "tandem-dev-directory-index")
        assert not allowed(policy, action, cdn_function + "shop-rewrite")


def test_api_invokes_only_its_stages_matcher_and_both_send_mail_through_ses_only():
    api, matcher = role_policy("api", "dev"), role_policy("matcher", "dev")
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:tandem-dev-"
    assert allowed(api, "lambda:InvokeFunction", fn + "matcher")
    assert not allowed(api, "lambda:InvokeFunction", fn + "api")
    assert not allowed(api, "lambda:InvokeFunction", fn.replace("-dev-", "-dev-x-") + "matcher")
    assert not allowed(matcher, "lambda:InvokeFunction", fn + "matcher")
    identity = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/example.org"
    for policy in (api, matcher):  # sign-in links and invitations; publishing's e-mail
        assert allowed(policy, "ses:SendEmail", identity)
        assert not allowed(policy, "ses:SendEmail", "*".join(identity.rsplit("identity", 1)))


def parameter_arn(stage: str, name: str = "secret-keys") -> str:
    return f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/tandem/{stage}/{name}"


@pytest.mark.parametrize("fn", ["api", "matcher"])
def test_each_role_reads_exactly_its_stages_signing_keys(fn):
    policy = role_policy(fn, "dev")
    assert allowed(policy, "ssm:GetParameter", parameter_arn("dev"))
    for other in (parameter_arn("prod"), parameter_arn("dev-x"), parameter_arn("dev", "other"),
                  f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/other"):
        assert not allowed(policy, "ssm:GetParameter", other), other
    for action in ("ssm:PutParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
                   "ssm:DeleteParameter"):
        assert not allowed(policy, action, parameter_arn("dev")), action


def test_deployer_creates_and_rotates_only_tandems_signing_keys():
    policy = deployer()
    for action in ("ssm:PutParameter", "ssm:GetParameter"):
        assert allowed(policy, action, parameter_arn("dev"))
        assert allowed(policy, action, parameter_arn("prod"))
        assert not allowed(policy, action, f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/db/password")
        assert not allowed(policy, action, parameter_arn("dev", "other"))
    for action in ("ssm:DeleteParameter", "ssm:GetParametersByPath", "kms:Decrypt"):
        assert not allowed(policy, action, parameter_arn("dev")), action
