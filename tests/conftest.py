"""Shared fixtures: a fresh app per test on moto, an admin helper, a live server."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TANDEM = str(Path(sys.executable).with_name("tandem"))

# No test may reach real AWS: fake credentials and a region for every process.
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_SECURITY_TOKEN="testing", AWS_SESSION_TOKEN="testing",
                  AWS_DEFAULT_REGION="us-east-1")
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "a-long-test-password"


@pytest.fixture
def settings():
    from functions.settings import Settings
    return Settings(stage="test", table_prefix="test-",
                    secret_key="test-secret")


@pytest.fixture
def aws(settings):
    """A moto-backed AWS with Tandem's tables created."""
    from moto import mock_aws

    from functions import models
    with mock_aws():
        models.create_tables(settings)
        yield


@pytest.fixture
def app(aws, settings):
    from functions.app import create_app
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def create(self, email=ADMIN_EMAIL, password=ADMIN_PASSWORD):
        from functions import auth
        auth.create_admin(email, password)

    def login(self, email=ADMIN_EMAIL, password=ADMIN_PASSWORD):
        return post(self._client, "/api/admin/login", {"email": email, "password": password})

    def logout(self):
        return post(self._client, "/api/admin/logout", {})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def admin_client(client, auth):
    auth.create()
    assert auth.login().status_code == 200
    return client


def post(client, url, body, headers=None):
    """POST JSON the way the site's api.js does."""
    h = {"X-Requested-With": "tandem"}
    h.update(headers or {})
    return client.post(url, json=body, headers=h)


# -- a real `tandem serve` process -------------------------------------------

@dataclass
class LiveServer:
    url: str
    data_dir: Path
    admin_email: str
    admin_password: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(data_dir: Path, demo: bool = True, timeout: float = 90) -> LiveServer:
    from functions.local import free_port
    port = free_port()
    env = dict(os.environ, TANDEM_ADMIN_EMAIL=ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD=ADMIN_PASSWORD,
               PYTHONUNBUFFERED="1")
    log = data_dir.parent / f"{data_dir.name}-server-{port}.log"
    cmd = [TANDEM, "serve", "--port", str(port), "--data", str(data_dir)]
    if demo:
        cmd.append("--demo")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tandem serve exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as resp:
                if resp.status == 200:
                    return LiveServer(url, data_dir, ADMIN_EMAIL, ADMIN_PASSWORD, proc, log)
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"tandem serve did not answer in {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("live") / "data"
    server = start_server(data)
    yield server
    server.stop()
