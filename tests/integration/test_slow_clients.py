"""Slow clients cannot hold `tandem serve`'s threads: a connection that stalls
mid-request is closed after the read timeout, one that trickles its headers
after the head deadline, and connections over the cap get 503 at once.

The server under test has deadlines of a few seconds (TANDEM_READ_SECONDS,
TANDEM_HEAD_SECONDS) instead of the defaults (10 s, 15 s): what is held is
that each deadline is kept, not its length."""
import os
import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from functions.local import free_port, http_server
from functions.local.http_server import MAX_CONNECTIONS
from functions.errors import UsageError
from tests.servers import ROOT, TANDEM, start_server

pytestmark = pytest.mark.integration

READ_SECONDS = 3
HEAD_SECONDS = 5

HALF_HEAD = b"POST /api/cohorts/demo-2027-spring/enrollments HTTP/1.1\r\nHost: x\r\n"
HALF_BODY = (b"POST /api/cohorts/demo-2027-spring/enrollments HTTP/1.1\r\nHost: x\r\n"
             b"Content-Type: application/json\r\nX-Requested-With: tandem\r\n"
             b"Content-Length: 200\r\n\r\n{\"role\": \"men")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("slow") / "data",
                          env={"TANDEM_READ_SECONDS": str(READ_SECONDS),
                               "TANDEM_HEAD_SECONDS": str(HEAD_SECONDS)})
    yield server
    server.stop()


def stall(server, data: bytes) -> socket.socket:
    where = urlsplit(server.url)
    sock = socket.create_connection((where.hostname, where.port), timeout=5)
    sock.sendall(data)
    return sock


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server ends the connection (EOF or reset) within ``within`` s."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass  # an error answer first (408) is fine
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def health(server) -> tuple[int, float]:
    began = time.monotonic()
    with urllib.request.urlopen(server.url + "/api/health", timeout=10) as resp:
        return resp.status, time.monotonic() - began


def test_stalled_requests_are_closed_after_the_timeout_and_others_are_served(server):
    stalled = [stall(server, HALF_HEAD if i % 2 else HALF_BODY) for i in range(40)]
    began = time.monotonic()
    try:
        status, took = health(server)
        assert status == 200 and took < 2
        assert all(closed_by_server(s, READ_SECONDS + 5 - (time.monotonic() - began))
                   for s in stalled)
        assert time.monotonic() - began >= READ_SECONDS - 1  # not before the timeout
    finally:
        for s in stalled:
            s.close()


def test_a_head_that_trickles_is_closed_at_the_head_deadline(server):
    sock = stall(server, b"GET /api/health HTTP/1.1\r\n")
    began = time.monotonic()
    try:
        sock.settimeout(0.25)
        while time.monotonic() - began < HEAD_SECONDS + 5:
            try:
                # A header twice a second (well within the read timeout), never the end.
                sock.sendall(b"X-Slow: 1\r\n")
                if sock.recv(65536) == b"":
                    break
            except TimeoutError:
                time.sleep(0.25)
            except (BrokenPipeError, ConnectionResetError):
                break
        took = time.monotonic() - began
        assert HEAD_SECONDS - 1 <= took < HEAD_SECONDS + 3, took
    finally:
        sock.close()


def test_connections_over_the_cap_get_503_then_service_resumes(server):
    stalled = [stall(server, HALF_HEAD) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.5)  # every one has its thread
        extra = stall(server, b"")
        extra.settimeout(5)
        reply = b""
        while chunk := extra.recv(65536):
            reply += chunk
        extra.close()
        assert reply.startswith(b"HTTP/1.1 503 "), reply[:200]
        assert b"Retry-After: 1" in reply and b"application/json" in reply
        for s in stalled:
            closed_by_server(s, READ_SECONDS + 5)
        assert health(server)[0] == 200
    finally:
        for s in stalled:
            s.close()


def test_the_deadlines_default_to_10_and_15_seconds_and_a_bad_one_is_one_clear_line():
    assert (http_server.READ_SECONDS, http_server.HEAD_SECONDS) == (10, 15)
    assert http_server.limits_from_env({}) == {}
    assert http_server.limits_from_env({"TANDEM_READ_SECONDS": "2.5"}) == {"read_seconds": 2.5}
    for bad in ("0", "-1", "soon", "inf", "nan"):
        with pytest.raises(UsageError, match="TANDEM_HEAD_SECONDS must be a number of seconds"):
            http_server.limits_from_env({"TANDEM_HEAD_SECONDS": bad})
    # `tandem serve` says so before it starts anything.
    run = subprocess.run([TANDEM, "serve", "--port", str(free_port()), "--data", "/nonexistent/x"],
                         cwd=ROOT, env=dict(os.environ, TANDEM_READ_SECONDS="ten"),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip() == ("tandem: error: TANDEM_READ_SECONDS must be a number of "
                                  "seconds above 0, not 'ten'")
