"""The local store's request log: compaction keeps writes and drops torn lines."""
import json

from functions.local import compact, free_port


def _entry(target):
    return json.dumps({"headers": {"X-Amz-Target": f"DynamoDB_20120810.{target}"},
                       "method": "POST", "url": "http://127.0.0.1:1/", "body": "{}"})


def test_compaction_keeps_writes_in_order_and_drops_reads(tmp_path):
    log = tmp_path / "dynamodb.jsonl"
    targets = ["CreateTable", "GetItem", "PutItem", "Query", "TransactWriteItems", "Scan"]
    log.write_text("".join(_entry(t) + "\n" for t in targets) + '{"torn": ')
    assert compact(log) == 3
    kept = [json.loads(line)["headers"]["X-Amz-Target"].split(".")[1]
            for line in log.read_text().splitlines()]
    assert kept == ["CreateTable", "PutItem", "TransactWriteItems"]


def test_compaction_of_a_missing_log_is_empty(tmp_path):
    assert compact(tmp_path / "none.jsonl") == 0


def test_free_port_skips_ports_chromium_refuses(monkeypatch):
    offered = iter([6000, 5060, 8123])

    class FakeSocket:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def bind(self, address):
            self.port = next(offered)

        def getsockname(self):
            return ("127.0.0.1", self.port)

    monkeypatch.setattr("functions.local.socket.socket", FakeSocket)
    assert free_port() == 8123
