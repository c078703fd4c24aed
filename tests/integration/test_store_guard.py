"""The local store keeps to itself: Amazon DynamoDB Local listens on loopback
only, grants no CORS, refuses a foreign Host header or access key, and a
store that cannot start says why in one line."""
import http.client
import os
import socket
import stat
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.integration.helpers import java_processes_for, run_serve

pytestmark = pytest.mark.integration


def _listening_addresses(port: int) -> set[str]:
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(name).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if int(p, 16) == port and state == "0A":  # LISTEN
                found.add(addr)
    return found


def test_the_store_listens_on_loopback_only_and_grants_no_cors(dynamodb_local):
    port = int(dynamodb_local.endpoint.rsplit(":", 1)[1])
    addresses = _listening_addresses(port)
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    assert addresses and addresses <= loopback, addresses
    for origin in ("http://127.0.0.1:8000", "https://evil.example"):
        req = urllib.request.Request(dynamodb_local.endpoint + "/", method="OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-amz-target,content-type"})
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                allowed = resp.headers.get("Access-Control-Allow-Origin")
        except urllib.error.HTTPError as err:
            allowed = err.headers.get("Access-Control-Allow-Origin")
        assert allowed is None, (origin, allowed)


def _list_tables(endpoint: str, host: str, key: str) -> tuple[int, bytes]:
    """A ListTables call as botocore sends it, with this Host and access key id."""
    where = urlsplit(endpoint)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:
        conn.request("POST", "/", body=b"{}", headers={
            "Host": host, "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.ListTables", "X-Amz-Date": "20261205T000000Z",
            "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/20261205/us-east-1/dynamodb/"
                             "aws4_request, SignedHeaders=host;x-amz-date, Signature=00"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_the_store_refuses_a_foreign_host_and_foreign_credentials(dynamodb_local, settings):
    """A DNS-rebinding page reaches the port under its own host name; other
    software on the machine does not know the data folder's key."""
    endpoint, key = dynamodb_local.endpoint, dynamodb_local.access_key
    port = urlsplit(endpoint).port
    assert stat.S_IMODE((dynamodb_local.data_dir / "store-key").stat().st_mode) == 0o600
    assert _list_tables(endpoint, f"127.0.0.1:{port}", key)[0] == 200
    assert _list_tables(endpoint, f"localhost:{port}", key)[0] == 200
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}"):
        status, body = _list_tables(endpoint, host, key)
        assert status == 403 and b"TableNames" not in body, host
    for other in ("local", "AKIAIOSFODNN7EXAMPLE", key + "X", key[:-1], ""):
        status, body = _list_tables(endpoint, f"127.0.0.1:{port}", other)
        assert status == 403 and b"TableNames" not in body, other
    # The app's own calls carry the key: the tables answer through PynamoDB.
    from functions import db
    db.configure(settings)
    assert settings.table_prefix + "programs" in db.connection().list_tables()["TableNames"]


def test_a_taken_store_port_is_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_serve("--data", str(tmp_path / "d"), "--store-port", str(port))
    assert run.returncode == 2
    assert run.stderr.strip() == (f"tandem: error: Amazon DynamoDB Local could not start: "
                                  f"port {port} is taken")
    assert java_processes_for(tmp_path / "d") == []


def test_a_folder_of_the_old_log_store_is_refused_and_left_alone(tmp_path):
    data = tmp_path / "old"
    data.mkdir()
    (data / "dynamodb.jsonl").write_text('{"headers": {}}\n')
    run = run_serve("--data", str(data))
    assert run.returncode == 2
    [line] = run.stderr.strip().splitlines()
    assert "dynamodb.jsonl" in line and "move the folder away" in line
    assert sorted(p.name for p in data.iterdir()) == ["dynamodb.jsonl"]


def test_missing_java_is_one_clear_line(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))  # no java (nor anything else) on PATH
    run = run_serve("--data", str(tmp_path / "d"), env=env)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "tandem: error: Amazon DynamoDB Local needs Java 17 or newer and `java` is not "
        "installed (Debian: apt-get install default-jre-headless)"]
