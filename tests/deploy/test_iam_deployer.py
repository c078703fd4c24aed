"""IAM, offline: a deployer that cannot grant itself more, and the signing
keys each role reads (tests/deploy/iam_helpers.py)."""
from __future__ import annotations

import pytest

from tests.deploy.iam_helpers import (ACCOUNT, DOCS, REGION, allowed, deployer, parameter_arn,
                                      role_policy)


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
