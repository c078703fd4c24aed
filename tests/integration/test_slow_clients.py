"""Slow clients cannot hold `tandem serve`'s threads: a connection that stalls
mid-request is closed after the read timeout, one that trickles its headers
after the head deadline, and connections over the cap get 503 at once."""
import socket
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from functions.local.http_server import HEAD_SECONDS, MAX_CONNECTIONS, READ_SECONDS
from tests.servers import start_server

pytestmark = pytest.mark.integration

HALF_HEAD = b"POST /api/cohorts/demo-2027-spring/enrollments HTTP/1.1\r\nHost: x\r\n"
HALF_BODY = (b"POST /api/cohorts/demo-2027-spring/enrollments HTTP/1.1\r\nHost: x\r\n"
             b"Content-Type: application/json\r\nX-Requested-With: tandem\r\n"
             b"Content-Length: 200\r\n\r\n{\"role\": \"men")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("slow") / "data", demo=False)
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
        sock.settimeout(0.5)
        while time.monotonic() - began < HEAD_SECONDS + 5:
            try:
                sock.sendall(b"X-Slow: 1\r\n")  # one header every 2 s, never the end
                if sock.recv(65536) == b"":
                    break
            except TimeoutError:
                time.sleep(1.5)
            except (BrokenPipeError, ConnectionResetError):
                break
        assert time.monotonic() - began < HEAD_SECONDS + 3
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
