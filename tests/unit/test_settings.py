from dataclasses import FrozenInstanceError

import pytest

from functions.settings import Settings


def test_defaults_from_an_empty_environment():
    s = Settings.from_env({})
    assert (s.stage, s.table_prefix, s.region, s.dynamodb_endpoint) == (
        "local", "tandem-local-", "us-east-1", None)


def test_environment_is_read_once_into_a_frozen_object():
    s = Settings.from_env({"TANDEM_STAGE": "prod", "AWS_REGION": "eu-west-1",
                           "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9000",
                           "TANDEM_ALLOWED_ORIGIN": "https://mentoring.example.org"})
    assert s.table_prefix == "tandem-prod-"
    assert s.region == "eu-west-1"
    assert s.dynamodb_endpoint == "http://127.0.0.1:9000"
    assert s.allowed_origin == "https://mentoring.example.org"
    with pytest.raises(FrozenInstanceError):
        s.stage = "dev"


def test_with_returns_a_changed_copy():
    s = Settings.from_env({})
    t = s.with_(stage="dev")
    assert (s.stage, t.stage) == ("local", "dev")
