"""`tandem serve` as a user runs it: real HTTP, Amazon DynamoDB Local, data
that survives a restart."""
import os
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.servers import ROOT, TANDEM, seed_demo, start_server
from tests.integration.helpers import COHORT, call, enrolment, session

pytestmark = pytest.mark.integration


def test_enrol_stop_restart_and_the_admin_still_sees_her(tmp_path):
    data_dir = tmp_path / "data"
    server = start_server(data_dir, demo=True, fresh=True)
    try:
        web = session()
        status, cohorts = call(web, "GET", server.url + "/api/cohorts")
        assert status == 200 and [c["id"] for c in cohorts] == [COHORT]
        status, body = call(web, "POST", f"{server.url}/api/cohorts/{COHORT}/enrollments",
                            enrolment("ines@example.org"))
        assert status == 202, body
        # The site is served on the same origin.
        with urllib.request.urlopen(server.url + "/") as resp:
            assert resp.headers["Content-Security-Policy"].startswith("default-src 'self'")
    finally:
        server.stop()
    assert "Demo program loaded: 40 mentors, 120 mentees" in server.log.read_text()

    again = start_server(data_dir, demo=False)
    try:
        admin = session()
        status, _ = call(admin, "POST", again.url + "/api/admin/login",
                         {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        assert status == 200
        status, people = call(admin, "GET", f"{again.url}/api/admin/cohorts/{COHORT}/participants")
        assert status == 200
        assert len(people) == 161
        [ines] = [p for p in people if p["email"] == "ines@example.org"]
        assert ines["answers"]["wants"] == ["python", "sql"]
        # Restarting neither reloads the demo nor duplicates anyone.
        log = again.log.read_text()
        assert "Loading demo data" not in log and "First admin created" not in log
        # The uniqueness condition still holds for data read back from disk.
        status, body = call(session(), "POST",
                            f"{again.url}/api/cohorts/{COHORT}/enrollments",
                            enrolment("INES@example.org"))
        assert status == 202, body  # answered as a new one; the e-mail says "already"
        told = [m.read_text() for m in (data_dir / "outbox").glob("*.eml")
                if "To: ines@example.org" in m.read_text()]
        assert any("Subject: You are already enrolled" in m for m in told), told
        status, people = call(admin, "GET", f"{again.url}/api/admin/cohorts/{COHORT}/participants")
        assert [p["email"] for p in people].count("ines@example.org") == 1
    finally:
        again.stop()


def test_first_start_without_credentials_prints_a_generated_password(tmp_path):
    """A folder without an admin (the demo in it, as a first start leaves it;
    loading the demo itself is the test above)."""
    from functions.local import free_port
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_ADMIN")}
    port = free_port()
    seed_demo(tmp_path / "d")
    out = tmp_path / "serve.out"
    with out.open("w") as fh:
        proc = subprocess.Popen([TANDEM, "serve", "--port", str(port), "--data",
                                 str(tmp_path / "d")], cwd=ROOT, env=env,
                                stdout=fh, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while "Tandem is running" not in out.read_text():
            assert proc.poll() is None, out.read_text()
            assert time.monotonic() < deadline, "no start in 90 s:\n" + out.read_text()
            time.sleep(0.2)
        lines = out.read_text().splitlines()
        created = [line for line in lines if line.startswith("First admin created")]
        assert created, "\n".join(lines)
        email, password = created[0].split()[3], created[0].split()[5]
        status, _ = call(session(), "POST", f"http://127.0.0.1:{port}/api/admin/login",
                         {"email": email, "password": password})
        assert status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_admin_create_command_against_the_local_store(tmp_path):
    data = str(tmp_path / "d")
    run = subprocess.run([TANDEM, "admin", "create", "Second@Example.org", "--password-stdin",
                          "--data", data], input="another-long-password\n",
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    again = subprocess.run([TANDEM, "admin", "create", "second@example.org",
                            "--password-stdin", "--data", data],
                           input="another-long-password\n", capture_output=True, text=True,
                           cwd=ROOT)
    assert again.returncode == 2
    assert again.stderr.strip() == "tandem: error: admin second@example.org already exists"
    short = subprocess.run([TANDEM, "admin", "create", "third@example.org", "--password-stdin",
                            "--data", data], input="short\n", capture_output=True, text=True,
                           cwd=ROOT)
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    assert "Traceback" not in short.stderr
