"""Single sign-on in a deployment: the functions get its settings and the
name of an SSM SecureString, never the client secret; the API reads the
secret from there once per container; only the API's role may read it and
the deployer may only write it."""
from __future__ import annotations

import boto3
from moto import mock_aws

from functions import settings as settings_module
from functions.deploy import function_env
from functions.settings import Settings, resolve_oidc_secret
from tests.deploy.iam_helpers import allowed, deployer, parameter_arn, role_policy

SECRET = "the-client-secret-from-okta"
DEPLOYER = Settings.from_env({
    "TANDEM_OIDC_ISSUER": "https://example.okta.com/", "TANDEM_OIDC_CLIENT_ID": "0oa1tandem",
    "TANDEM_OIDC_CLIENT_SECRET": SECRET, "TANDEM_OIDC_ADMIN_CLAIM": "groups=mentoring-admins",
    "TANDEM_OIDC_NAME": "Example Corp", "TANDEM_PASSWORD_SIGN_IN": "off"})


def test_the_functions_get_the_settings_and_the_secrets_parameter_not_the_secret():
    env = function_env.function_environment(
        "dev", "mentoring@example.org", "https://d1.cloudfront.net",
        function_env.sso_environment("dev", DEPLOYER))
    assert env["TANDEM_OIDC_ISSUER"] == "https://example.okta.com"
    assert env["TANDEM_OIDC_CLIENT_ID"] == "0oa1tandem"
    assert env["TANDEM_OIDC_ADMIN_CLAIM"] == "groups=mentoring-admins"
    assert env["TANDEM_PASSWORD_SIGN_IN"] == "off"
    assert env["TANDEM_OIDC_CLIENT_SECRET_PARAMETER"] == "/tandem/dev/oidc-client-secret"
    assert SECRET not in repr(env)
    # The function reads the same settings back.
    read = Settings.from_env(env)
    assert (read.oidc_issuer, read.oidc_name, read.password_sign_in) == (
        "https://example.okta.com", "Example Corp", False)


def test_without_sso_nothing_of_it_is_deployed():
    env = function_env.function_environment(
        "dev", "m@example.org", "", function_env.sso_environment("dev", Settings()))
    assert not [k for k in env if "OIDC" in k or "PASSWORD" in k]


def test_the_secret_goes_to_a_securestring_and_the_api_reads_it_from_there(monkeypatch):
    monkeypatch.setattr(settings_module, "_PARAMETER_CACHE", {})
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        function_env.store_oidc_secret(session, "dev", SECRET, log=lambda *_: None)
        ssm = session.client("ssm")
        meta = ssm.describe_parameters()["Parameters"][0]
        assert (meta["Name"], meta["Type"]) == ("/tandem/dev/oidc-client-secret", "SecureString")
        deployed = Settings.from_env(function_env.function_environment(
            "dev", "m@example.org", "", function_env.sso_environment("dev", DEPLOYER)))
        assert deployed.oidc_client_secret is None
        resolved = resolve_oidc_secret(deployed, ssm)
        assert resolved.oidc_client_secret == SECRET
        # A new secret replaces the old one (rotation at the provider).
        function_env.store_oidc_secret(session, "dev", "rotated", log=lambda *_: None)
        assert ssm.get_parameter(Name="/tandem/dev/oidc-client-secret",
                                 WithDecryption=True)["Parameter"]["Value"] == "rotated"


def test_only_the_api_role_reads_the_secret_and_the_deployer_only_writes_it():
    secret = parameter_arn("dev", "oidc-client-secret")
    assert allowed(role_policy("api", "dev"), "ssm:GetParameter", secret)
    assert not allowed(role_policy("api", "dev"), "ssm:GetParameter",
                       parameter_arn("prod", "oidc-client-secret"))
    assert not allowed(role_policy("matcher", "dev"), "ssm:GetParameter", secret)
    assert allowed(deployer(), "ssm:PutParameter", secret)
    assert not allowed(deployer(), "ssm:GetParameter", secret)
