"""The local store holds: Amazon DynamoDB Local under a real `tandem serve`.

Concurrent writes never fail, nothing acknowledged is lost across a SIGTERM or
a `kill -9`, nothing refused comes back, no Java process outlives the server,
and a data folder in use is refused (its guards: test_store_guard.py).
"""
import http.client
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.servers import LiveServer, start_server
from tests.integration.helpers import (
    COHORT, call, enrolment, java_processes_for, pid_alive, run_serve, session,
)

pytestmark = pytest.mark.integration


def enrol(url: str, email: str) -> int:
    status, _ = call(session(), "POST", f"{url}/api/cohorts/{COHORT}/enrollments",
                     enrolment(email))
    return status


def stored_emails(url: str) -> set[str]:
    admin = session()
    status, _ = call(admin, "POST", url + "/api/admin/login",
                     {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert status == 200
    path, emails = f"/api/admin/cohorts/{COHORT}/participants", set()
    while path:  # a plain list up to 1,000 people, else pages linked by `next`
        status, page = call(admin, "GET", url + path)
        assert status == 200
        people = page if isinstance(page, list) else page["participants"]
        emails |= {p["email"] for p in people}
        path = None if isinstance(page, list) else page["next"]
    return emails


def wait_gone(pids, seconds=20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(pid_alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if pid_alive(p)]


class Store:
    """One data folder the tests of this module take turns on: a test that
    stops or kills its server starts it again to check what the folder kept,
    and the next test writes to that server (each test's addresses are its
    own), so each start is paid once instead of twice."""

    def __init__(self, data: Path):
        self.data = data
        self.server: LiveServer | None = None

    def running(self) -> LiveServer:
        if self.server is None or self.server.process.poll() is not None:
            self.server = start_server(self.data, demo=not self.data.exists())
        return self.server

    def restart(self) -> LiveServer:
        """The folder's server started again (the test stopped the last one)."""
        self.server = start_server(self.data, demo=False)
        return self.server


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("store") / "data")
    yield store
    if store.server is not None:
        store.server.stop()


def test_200_concurrent_enrolments_from_16_threads_all_succeed(store):
    burst_server = store.running()
    emails = [f"burst{i}@example.org" for i in range(200)]
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda e: enrol(burst_server.url, e), emails))
    assert statuses.count(202) == 200, sorted(set(statuses))
    assert set(emails) <= stored_emails(burst_server.url)


def test_50_concurrent_enrolments_with_one_email_store_one_and_take_five(store):
    burst_server = store.running()
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _: enrol(burst_server.url, "same@example.org"),
                                 range(50)))
    # Five a window per address, all answered alike; the rest wait (429).
    assert statuses.count(202) == 5 and statuses.count(429) == 45, statuses
    assert "same@example.org" in stored_emails(burst_server.url)


def test_sigterm_and_restart_keep_every_accepted_write_and_no_refused_one(store):
    data, server = store.data, store.running()
    accepted, refused = set(), set()
    try:
        # Distinct addresses and repeats of them: the repeats are answered
        # alike (the page tells no one who is enrolled) and store nothing.
        emails = [f"sig{i % 60}@example.org" for i in range(120)]
        with ThreadPoolExecutor(8) as pool:
            for email, status in zip(emails, pool.map(lambda e: enrol(server.url, e), emails)):
                (accepted if status == 202 else refused).add((email, status))
        assert refused == set()
        assert len(accepted) == 60
        java = java_processes_for(data)
        assert len(java) == 1
    finally:
        server.stop()
    assert server.process.returncode == 0
    assert wait_gone(java) == []
    stored = stored_emails(store.restart().url)
    assert {e for e, _ in accepted} <= stored
    assert len([e for e in stored if e.startswith("sig")]) == 60


def test_kill_9_during_a_burst_loses_no_accepted_write_and_leaves_no_java(store):
    data, server = store.data, store.running()
    answers: dict[str, int | str] = {}
    stop = threading.Event()

    def writer(n: int) -> None:
        i = 0
        while not stop.is_set():
            email = f"kill{n}-{i}@example.org"
            try:
                answers[email] = enrol(server.url, email)
            except (OSError, http.client.HTTPException) as exc:  # died mid-request
                answers[email] = type(exc).__name__
            i += 1

    java = java_processes_for(data)
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    # Kill once the burst has really written (not after a fixed wait).
    deadline = time.monotonic() + 60
    while sum(s == 202 for s in list(answers.values())) <= 25 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert len(java) == 1 and wait_gone(java) == [], "DynamoDB Local outlived tandem serve"
    ok = {e for e, s in answers.items() if s == 202}
    assert len(ok) > 20, answers  # the burst really wrote
    stored = {e for e in stored_emails(store.restart().url) if e.startswith("kill")}
    assert ok <= stored
    # A write that was not answered 202 may have committed just before the kill
    # (the answer lost on the way back); one answered 4xx/5xx must not have.
    refused = {e for e, s in answers.items() if isinstance(s, int) and s != 202}
    assert not refused & stored


def test_a_data_folder_in_use_is_refused(store):
    run = run_serve("--data", str(store.running().data_dir))
    assert run.returncode == 2
    [line] = run.stderr.strip().splitlines()
    assert "is in use by another `tandem serve`" in line


def test_sigterm_mid_burst_drains_in_flight_writes_and_every_answer_is_true(store):
    """SIGTERM while writes are in flight: those requests finish and are
    answered before the store stops; no one is told "nothing was changed"
    about a write that was stored, and no 2xx is lost."""
    server = store.running()
    answers: dict[str, tuple[int, str] | str] = {}
    stop = threading.Event()

    def writer(n: int) -> None:
        i = 0
        while not stop.is_set():
            email = f"term{n}-{i}@example.org"
            try:
                status, body = call(session(), "POST",
                                    f"{server.url}/api/cohorts/{COHORT}/enrollments",
                                    enrolment(email))
                answers[email] = (status, (body or {}).get("message", ""))
            except (OSError, http.client.HTTPException) as exc:  # refused: never accepted
                answers[email] = type(exc).__name__
                time.sleep(0.05)
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while sum(a[0] == 202 for a in list(answers.values()) if isinstance(a, tuple)) < 10 \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    server.process.send_signal(signal.SIGTERM)  # mid-burst: twelve writers still going
    try:
        server.process.wait(timeout=30)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert server.process.returncode == 0, server.log.read_text()[-2000:]
    answered = {e: a for e, a in answers.items() if isinstance(a, tuple)}
    ok = {e for e, (s, _) in answered.items() if 200 <= s < 300}
    assert len(ok) >= 10, answers
    # Drained, not cut: a request the server took is answered as it would be
    # on any other day (202), never a 5xx because the store went first. One
    # that reached it as it stopped may be refused as such, if that is true
    # (checked below: nothing it was told unchanged is stored).
    stopping = (503, "the server is stopping; nothing was changed, try again shortly")
    assert {a for a in answered.values() if a[0] != 202} <= {stopping}, \
        sorted({a for a in answered.values() if a[0] != 202})
    stored = {e for e in stored_emails(store.restart().url) if e.startswith("term")}
    assert ok <= stored
    said_unchanged = {e for e, (_, m) in answered.items() if "nothing was changed" in m}
    assert not said_unchanged & stored
