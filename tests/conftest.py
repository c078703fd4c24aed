"""Shared fixtures: a fresh app per test on DynamoDB Local, an admin helper, a live server."""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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


@pytest.fixture(scope="session", autouse=True)
def light_argon2():
    """Argon2id at its lightest in this process: hundreds of tests create and
    sign in admins, and the production cost (64 MiB, t=3: ~0.5 s a hash and a
    check on this machine) would add minutes while testing nothing more.
    ``test_password_is_stored_as_argon2id`` checks the production parameters;
    servers started as processes (``start_server``) keep them."""
    from argon2 import PasswordHasher

    from functions.auth import admin
    production, admin._hasher = admin._hasher, PasswordHasher(
        time_cost=1, memory_cost=8, parallelism=1)
    admin._dummy_hash.cache_clear()
    yield production
    admin._hasher = production
    admin._dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def dynamodb_local(tmp_path_factory):
    """One Amazon DynamoDB Local for the whole test session (a real engine)."""
    from functions.local import dynamodb_local as engine
    store = engine.start(tmp_path_factory.mktemp("dynamodb-local"))
    yield store
    store.stop()


@pytest.fixture(scope="session")
def session_settings(dynamodb_local):
    from functions import db
    from functions.settings import Settings
    settings = Settings(stage="test", table_prefix="test-",
                        dynamodb_endpoint=dynamodb_local.endpoint, store_key=dynamodb_local.access_key,
                        secret_key="test-secret",
                        # Tests enrol many people from one client; the limit has its own test.
                        enrol_per_client=100_000)
    db.create_tables(settings)
    return settings


@pytest.fixture
def settings(session_settings):
    return session_settings


@pytest.fixture
def tables(settings):
    """Tandem's tables on DynamoDB Local, emptied before each test.

    Emptying six small tables takes milliseconds; creating them with their
    indexes takes over a second, so they are made once per session.
    """
    empty_tables(settings)
    return settings


def empty_tables(settings) -> None:
    """Delete every item of Tandem's tables under ``settings`` (the tables stay)."""
    from functions import db
    db.configure(settings)
    for model in db.ALL_MODELS:
        keys = [a.attr_name for a in model.get_attributes().values()
                if a.is_hash_key or a.is_range_key]
        with model.batch_write() as batch:
            for item in model.scan(attributes_to_get=keys):
                batch.delete(item)


@pytest.fixture
def app(tables, settings):
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
        from functions.auth import admin as auth
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


def client_at(app, address: str):
    """A test client at another network address (REMOTE_ADDR): limits per client."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
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


_template_lock = threading.Lock()
_template: list[Path] = []


# What `tandem serve --demo` does on a first start, without serving and
# without the first admin (each server adds the admins it is told of).
_LOAD_DEMO = """
import sys
from functions.local import demo, secret_keys
from functions.local.serve import open_local
data = sys.argv[1]
settings, store = open_local(data)
try:
    demo.load(settings=settings.with_(
        public_url="http://127.0.0.1", secret_key=",".join(secret_keys.load_or_create(data))))
finally:
    store.stop()
"""


def _demo_template() -> list[Path]:
    """The store files of a data folder holding the demo, loaded once per test
    process: servers that need the demo copy them instead of loading it again
    (~7 s each). ``test_serve`` still loads it as a first start does
    (``fresh=True``)."""
    with _template_lock:
        if not _template:
            root = Path(tempfile.mkdtemp(prefix="tandem-demo-template-"))
            atexit.register(shutil.rmtree, root, True)
            done = subprocess.run([sys.executable, "-c", _LOAD_DEMO, str(root / "data")],
                                  cwd=ROOT, capture_output=True, text=True, timeout=300)
            if done.returncode:
                raise RuntimeError(f"loading the demo failed:\n{done.stdout}{done.stderr}")
            # The store's own files only: each server makes its keys, lock and outbox.
            _template.extend((root / "data").glob("*.db"))
            assert _template, "the demo template holds no store file"
        return list(_template)


def seed_demo(data_dir: Path) -> None:
    """Put the demo into a data folder no server is using yet."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for store in _demo_template():
        shutil.copy2(store, data_dir / store.name)


def start_server(data_dir: Path, demo: bool = True, timeout: float = 90,
                 fresh: bool = False, admin: tuple[str, str] = (ADMIN_EMAIL, ADMIN_PASSWORD),
                 env: dict | None = None, port: int | None = None) -> LiveServer:
    """``tandem serve`` on ``data_dir``. With ``demo`` and a folder not made
    yet, the demo comes from the template unless ``fresh``; ``admin`` (e-mail,
    password) is the first admin the server makes if the folder has none;
    ``env``: more settings (``TANDEM_…``); ``port``: a port chosen before."""
    if demo and not fresh and not data_dir.exists():
        seed_demo(data_dir)
    return _launch(data_dir, demo, timeout, admin, env, port)


def _launch(data_dir: Path, demo: bool, timeout: float,
            admin: tuple[str, str] = (ADMIN_EMAIL, ADMIN_PASSWORD),
            extra_env: dict | None = None, port: int | None = None) -> LiveServer:
    from functions.local import free_port
    port = port or free_port()
    # Write bursts from one test client are what these servers are for: the
    # per-client enrolment limit is tested on its own (tests/api/test_enrolment.py).
    env = dict(os.environ, TANDEM_ADMIN_EMAIL=admin[0], TANDEM_ADMIN_PASSWORD=admin[1],
               TANDEM_ENROL_PER_CLIENT="100000", PYTHONUNBUFFERED="1", **(extra_env or {}))
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
                    return LiveServer(url, data_dir, *admin, proc, log)
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
