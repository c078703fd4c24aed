"""The HTTP server of `tandem serve`: Werkzeug's threaded server, with limits.

- **Slow clients.** Every read of a connection (the request head, the body,
  the wait for the next request on a kept-alive connection) waits at most
  ``READ_SECONDS``, and the request line and headers must all arrive within
  ``HEAD_SECONDS`` of the connection asking for its next request, however
  slowly they trickle. A client that stalls is disconnected and frees its thread.
- **A cap.** At most ``MAX_CONNECTIONS`` connections are served at once; one
  more is answered 503 with ``Retry-After`` and closed, without a thread.
- **Draining.** ``drain()`` is what SIGTERM does: stop accepting, let the
  requests in flight finish (up to a bound) so each gets its true answer,
  answer a request that arrives meanwhile on a kept-alive connection 503,
  then close what is left. Only then may the store stop.

``TANDEM_READ_SECONDS`` and ``TANDEM_HEAD_SECONDS`` change the two deadlines
(``limits_from_env``); the tests of these limits use short ones.
"""
from __future__ import annotations

import json
import math
import socket
import threading
import time

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from functions.errors import UsageError

READ_SECONDS = 10
HEAD_SECONDS = 15
MAX_CONNECTIONS = 64
DRAIN_SECONDS = 10


class LimitedHandler(WSGIRequestHandler):
    """A request handler whose reads time out and whose head has a deadline."""

    timeout = READ_SECONDS  # socketserver applies it to the connection's socket
    server: "LimitedServer"

    def setup(self) -> None:
        self.timeout = self.server.read_seconds
        super().setup()

    def handle_one_request(self) -> None:
        self.server._head_due(self.connection)
        try:
            super().handle_one_request()
        finally:
            self.server._request_done(self.connection)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not self.server._request_started(self.connection):
            self.send_error(503, "Service Unavailable",
                            "the server is stopping; nothing was changed, try again shortly")
            return False
        return True


class LimitedServer(ThreadedWSGIServer):
    """``ThreadedWSGIServer`` with a connection cap, a head deadline and a drain."""

    block_on_close = False  # ``drain`` bounds the wait; server_close must not join every thread

    def __init__(self, host: str, port: int, app, handler: type[LimitedHandler], *,
                 max_connections: int = MAX_CONNECTIONS, head_seconds: float = HEAD_SECONDS,
                 read_seconds: float = READ_SECONDS):
        super().__init__(host, port, app, handler)
        self.read_seconds = read_seconds
        self._slots = threading.BoundedSemaphore(max_connections)
        self._head_seconds = head_seconds
        self._lock = threading.Condition()
        self._open: set[socket.socket] = set()
        self._heads: dict[socket.socket, float] = {}  # reading a head -> its deadline
        self._busy: set[socket.socket] = set()  # answering a request
        self._reaped: set[socket.socket] = set()  # hung up on mid-head: never run what was read
        self._draining = False
        threading.Thread(target=self._reap, name="tandem-http-reaper", daemon=True).start()

    # -- connections ---------------------------------------------------------------

    def process_request(self, request, client_address) -> None:
        if self._draining or not self._slots.acquire(blocking=False):
            _refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        with self._lock:
            self._open.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open.discard(request)
                self._heads.pop(request, None)
                self._reaped.discard(request)
                self._lock.notify_all()
            self._slots.release()

    def _head_due(self, conn: socket.socket) -> None:
        with self._lock:
            self._heads[conn] = time.monotonic() + self._head_seconds

    def _request_started(self, conn: socket.socket) -> bool:
        """The head is in; False when draining (the app must not see it)."""
        with self._lock:
            self._heads.pop(conn, None)
            if self._draining or conn in self._reaped:
                return False
            self._busy.add(conn)
            return True

    def _request_done(self, conn: socket.socket) -> None:
        with self._lock:
            self._heads.pop(conn, None)
            self._busy.discard(conn)
            self._lock.notify_all()

    def _reap(self) -> None:
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            with self._lock:
                late = [c for c, due in self._heads.items() if due < now]
                for conn in late:
                    del self._heads[conn]
                    self._reaped.add(conn)
            for conn in late:
                _hang_up(conn)

    # -- stopping ------------------------------------------------------------------

    def drain(self, seconds: float = DRAIN_SECONDS) -> int:
        """Stop accepting, wait up to ``seconds`` for the requests in flight,
        close every connection left. Returns how many requests were cut off.

        Call after ``serve_forever`` has returned (``shutdown()``)."""
        with self._lock:
            self._draining = True
        self.socket.close()  # new connections are refused from here on
        deadline = time.monotonic() + seconds
        with self._lock:
            while self._busy and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            cut = len(self._busy)
            left = list(self._open)
        for conn in left:  # idle kept-alive connections, and requests past the bound
            _hang_up(conn)
        with self._lock:
            self._lock.wait_for(lambda: not self._open, timeout=2)
        return cut


def limits_from_env(env) -> dict[str, float]:
    """``LimitedServer``'s deadlines from ``TANDEM_READ_SECONDS`` and
    ``TANDEM_HEAD_SECONDS`` where set (seconds, more than 0)."""
    limits = {}
    for name, key in (("TANDEM_READ_SECONDS", "read_seconds"),
                      ("TANDEM_HEAD_SECONDS", "head_seconds")):
        if env.get(name) is None:
            continue
        try:
            value = float(env[name])
        except ValueError:
            value = math.nan
        if not (0 < value < math.inf):
            raise UsageError(f"{name} must be a number of seconds above 0, not {env[name]!r}")
        limits[key] = value
    return limits


def _hang_up(conn: socket.socket) -> None:
    try:
        conn.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked reading it
    except OSError:
        pass


def _refuse(conn: socket.socket) -> None:
    """503 on a connection over the cap, answered from the accepting thread."""
    from functions.app import SECURITY_HEADERS
    body = json.dumps({"error": "unavailable",
                       "message": "the server is busy; nothing was changed, try again shortly"}
                      ).encode()
    head = ["HTTP/1.1 503 Service Unavailable", "Server: Tandem", "Retry-After: 1",
            "Connection: close", "Cache-Control: no-store", "Content-Type: application/json",
            f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in SECURITY_HEADERS.items())]
    try:
        conn.settimeout(1)
        conn.sendall("\r\n".join(head).encode() + b"\r\n\r\n" + body)
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    finally:
        conn.close()
