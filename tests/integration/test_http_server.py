"""What `tandem serve`'s HTTP server itself says, tried over raw sockets: no
software names, JSON errors with security headers even for requests the app
never sees, and the body limit for chunked bodies."""
import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.integration

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Referrer-Policy")


def raw(server, data: bytes) -> tuple[str, dict, bytes]:
    """Send bytes as they are; return the status line, headers and body."""
    where = urlsplit(server.url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(data)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return status, headers, body


def test_no_software_or_version_in_the_server_header(live_server):
    for path in ("/api/health", "/", "/api/nothing"):
        _, headers, _ = raw(live_server, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert headers["Server"] == "Tandem"


@pytest.mark.parametrize("request_line, status", [
    (b"GARBAGE", 400),
    (b"GET / HTTP/1.1 extra", 400),
    (b"GET / FTP/1.0", 400),
    (b"GET / HTTP/2.0", 505),
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1", 414),
])
def test_a_request_the_app_never_sees_gets_json_with_security_headers(live_server,
                                                                      request_line, status):
    status_line, headers, body = raw(live_server, request_line + b"\r\nHost: x\r\n\r\n")
    assert status_line.startswith(f"HTTP/1.1 {status} ")
    assert headers["Content-Type"] == "application/json"
    assert set(json.loads(body)) == {"error", "message"}
    assert b"<html" not in body.lower()
    for name in SECURITY_HEADERS:
        assert name in headers
    assert headers["Server"] == "Tandem"


def post_chunked(server, size: int) -> tuple[int, dict]:
    where = urlsplit(server.url)
    body = b'{"x": "' + b"x" * (size - 9) + b'"}'
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        conn.request("POST", "/api/cohorts/demo-2027-spring/enrollments",
                     body=(body[i:i + 8192] for i in range(0, len(body), 8192)),
                     headers={"Content-Type": "application/json",
                              "X-Requested-With": "tandem"}, encode_chunked=True)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


def test_a_chunked_body_over_64kb_is_413(live_server):
    status, body = post_chunked(live_server, 64 * 1024 + 1)
    assert (status, body["error"]) == (413, "too_large")


def test_a_chunked_body_within_64kb_is_read(live_server):
    status, body = post_chunked(live_server, 64 * 1024)
    assert (status, body["error"]) == (422, "invalid")  # parsed, then validated


@pytest.mark.parametrize("path", ["/", "/enrol.html", "/css/tandem.css", "/api/health"])
def test_a_response_carries_one_date_header(live_server, path):
    where = urlsplit(live_server.url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    lines = reply.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")[1:]
    assert [line.split(":")[0].lower() for line in lines].count("date") == 1, lines
