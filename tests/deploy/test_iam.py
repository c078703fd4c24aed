"""IAM, offline: one role per function with only what it calls (infra/ read
and evaluated with moto's IAM policy engine; tests/deploy/iam_helpers.py)."""
from __future__ import annotations

import pytest

from functions.deploy import package as deploy
from tests.deploy.iam_helpers import (ACCOUNT, CALLS, ITEM_ACTIONS, READ, REGION, TABLES, allowed,
                                      role, role_policy, setting, table_arn)


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
