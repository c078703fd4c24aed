"""`tandem serve` as a user runs it: real HTTP, the embedded DynamoDB endpoint,
data that survives a restart."""
import json
import os
import subprocess
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT, TANDEM, start_server

pytestmark = pytest.mark.integration

COHORT = "demo-2027-spring"


def call(opener, method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
        req.add_header("X-Requested-With", "tandem")
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def session():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def enrolment(email):
    return {"role": "mentee", "name": "Ines Integration", "email": email, "consent": True,
            "answers": {"wants": ["python", "sql"], "languages": ["English"],
                        "department": "Data", "seniority": 2, "utc_offset": 1}}


def test_enrol_stop_restart_and_the_admin_still_sees_her(tmp_path):
    data_dir = tmp_path / "data"
    server = start_server(data_dir, demo=True)
    try:
        web = session()
        status, cohorts = call(web, "GET", server.url + "/api/cohorts")
        assert status == 200 and [c["id"] for c in cohorts] == [COHORT]
        status, body = call(web, "POST", f"{server.url}/api/cohorts/{COHORT}/enrollments",
                            enrolment("ines@example.org"))
        assert status == 201, body
        new_id = body["id"]
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
        assert ines["id"] == new_id and ines["answers"]["wants"] == ["python", "sql"]
        # Restarting neither reloads the demo nor duplicates anyone.
        log = again.log.read_text()
        assert "Loading demo data" not in log and "First admin created" not in log
        # The uniqueness condition still holds for replayed data.
        status, body = call(session(), "POST",
                            f"{again.url}/api/cohorts/{COHORT}/enrollments",
                            enrolment("INES@example.org"))
        assert status == 409 and body["field"] == "email"
    finally:
        again.stop()


def test_first_start_without_credentials_prints_a_generated_password(tmp_path):
    from functions.local import free_port
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_ADMIN")}
    port = free_port()
    proc = subprocess.Popen([TANDEM, "serve", "--port", str(port), "--data",
                             str(tmp_path / "d")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Tandem is running" in line:
                break
        created = [line for line in lines if line.startswith("First admin created")]
        assert created, "".join(lines)
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
