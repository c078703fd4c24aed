"""Local processes parse botocore's data files once, not once per table."""
from botocore.loaders import JSONFileLoader
from pynamodb.connection import Connection

from functions.local import botocore_loader


def test_a_second_pynamodb_connection_parses_no_file_again(monkeypatch):
    botocore_loader.share()
    parsed = []
    original = JSONFileLoader.load_file

    def load_file(self, file_path):
        parsed.append(file_path)
        return original(self, file_path)
    monkeypatch.setattr(JSONFileLoader, "load_file", load_file)

    def client():
        return Connection(region="us-east-1", host="http://127.0.0.1:9",
                          aws_access_key_id="k", aws_secret_access_key="s").client

    first = client()
    before = len(parsed)
    second = client()
    assert first is not second  # each connection keeps its own client
    assert len(parsed) == before, parsed[before:]
    assert first.meta.service_model.service_name == second.meta.service_model.service_name == "dynamodb"
