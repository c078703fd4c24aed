from dataclasses import FrozenInstanceError

import pytest

from functions.settings import Settings


def test_defaults_from_an_empty_environment():
    s = Settings.from_env({})
    assert (s.stage, s.table_prefix, s.region, s.dynamodb_endpoint) == (
        "local", "tandem-local-", "us-east-1", None)


def test_environment_is_read_once_into_a_frozen_object():
    s = Settings.from_env({"TANDEM_STAGE": "prod", "AWS_REGION": "eu-west-1",
                           "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9000"})
    assert s.table_prefix == "tandem-prod-"
    assert s.region == "eu-west-1"
    assert s.dynamodb_endpoint == "http://127.0.0.1:9000"
    with pytest.raises(FrozenInstanceError):
        s.stage = "dev"


def test_table_prefix_follows_the_stage_unless_set():
    assert Settings.from_env({"TANDEM_STAGE": "dev"}).table_prefix == "tandem-dev-"
    assert Settings.from_env({"TANDEM_STAGE": "dev",
                              "TANDEM_TABLE_PREFIX": "t1-"}).table_prefix == "t1-"


def test_region_falls_back_to_aws_default_region():
    assert Settings.from_env({"AWS_DEFAULT_REGION": "eu-central-1"}).region == "eu-central-1"
    assert Settings.from_env({"AWS_REGION": "eu-west-1",
                              "AWS_DEFAULT_REGION": "eu-central-1"}).region == "eu-west-1"


def test_empty_variables_count_as_unset():
    s = Settings.from_env({"AWS_ENDPOINT_URL_DYNAMODB": "", "TANDEM_ADMIN_PASSWORD": "",
                           "TANDEM_SITE_DIR": "", "AWS_REGION": ""})
    assert (s.dynamodb_endpoint, s.admin_password, s.site_dir, s.region) == (
        None, None, None, "us-east-1")


def test_session_hours_are_read_as_a_number():
    assert Settings.from_env({"TANDEM_SESSION_HOURS": "8"}).session_hours == 8


def test_signing_keys_and_the_store_key_come_from_the_environment():
    s = Settings.from_env({"TANDEM_SECRET_KEY": "old, new", "TANDEM_STORE_KEY": "TANDEMABC"})
    assert s.secret_keys == ("old", "new")  # oldest first: the last signs
    assert s.store_key == "TANDEMABC"
    assert Settings.from_env({}).secret_keys == () and Settings.from_env({}).store_key is None


def test_signing_keys_come_from_the_ssm_parameter_once_per_process(monkeypatch):
    import boto3
    from botocore.stub import Stubber

    from functions import settings as module
    monkeypatch.setattr(module, "_PARAMETER_CACHE", {})
    ssm = boto3.client("ssm", region_name="us-east-1", aws_access_key_id="x",
                       aws_secret_access_key="x")
    s = Settings.from_env({"TANDEM_SECRET_KEYS_PARAMETER": "/tandem/dev/secret-keys"})
    assert s.secret_keys_parameter == "/tandem/dev/secret-keys" and s.secret_keys == ()
    with Stubber(ssm) as stub:
        stub.add_response("get_parameter", {"Parameter": {
            "Name": "/tandem/dev/secret-keys", "Type": "SecureString", "Value": "old,new"}},
            {"Name": "/tandem/dev/secret-keys", "WithDecryption": True})
        resolved = module.resolve_secret_keys(s, ssm)
        again = module.resolve_secret_keys(s, ssm)  # cached: no second call
        stub.assert_no_pending_responses()
    assert resolved.secret_keys == again.secret_keys == ("old", "new")
    assert resolved.secret_keys_parameter == s.secret_keys_parameter


def test_keys_in_the_environment_win_and_no_parameter_means_no_call():
    from functions.settings import resolve_secret_keys

    class NoCalls:
        def get_parameter(self, **_):
            raise AssertionError("SSM was called")
    given = Settings.from_env({"TANDEM_SECRET_KEY": "k1",
                               "TANDEM_SECRET_KEYS_PARAMETER": "/tandem/dev/secret-keys"})
    assert resolve_secret_keys(given, NoCalls()) is given
    plain = Settings.from_env({})
    assert resolve_secret_keys(plain, NoCalls()) is plain
