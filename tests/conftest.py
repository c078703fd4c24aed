"""Shared fixtures: a fresh app per test on DynamoDB Local, an admin helper, a live server."""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
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
    """Tandem's tables on DynamoDB Local, as empty as a new store's before each test.

    Creating the tables with their indexes takes seconds, so they are made
    once per session; scanning all twenty to empty them takes most of a
    second, so only those written since they were last emptied are emptied.
    """
    empty_tables(settings, only_written=True)
    return settings


_READS = {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable",
          "ListTables", "DescribeTimeToLive"}
_written: set[str] = set()  # tables written in this process since they were emptied
_unknown_write = [True]     # a write whose tables were not told: empty every table


def _tables_named(kwargs: dict) -> set[str]:
    names = {kwargs["TableName"]} if kwargs.get("TableName") else set()
    names.update(kwargs.get("RequestItems") or {})  # BatchWriteItem
    for item in kwargs.get("TransactItems") or ():  # {"Put" | "Update" | …: {"TableName": …}}
        names.update(op["TableName"] for op in item.values() if "TableName" in op)
    return names


@pytest.fixture(scope="session", autouse=True)
def record_writes():
    """Every DynamoDB call this process makes goes through PynamoDB's
    ``Connection.dispatch``; note the tables of every call that is not a read
    (before it is sent, so a failed write counts too)."""
    from pynamodb.connection.base import Connection
    original = Connection.dispatch

    def dispatch(self, operation_name, operation_kwargs):
        if operation_name not in _READS:
            names = _tables_named(operation_kwargs)
            _written.update(names)
            if not names:
                _unknown_write[0] = True
        return original(self, operation_name, operation_kwargs)

    patch = pytest.MonkeyPatch()
    patch.setattr(Connection, "dispatch", dispatch)
    yield
    patch.undo()


def empty_tables(settings, only_written: bool = False) -> None:
    """Delete every item of Tandem's tables under ``settings`` (the tables
    stay). ``only_written``: only those this process wrote to since they were
    last emptied, for stores no other process writes to."""
    from functions import db
    db.configure(settings)
    everything = not only_written or _unknown_write[0]
    for model in db.ALL_MODELS:
        name = model.Meta.table_name
        if not everything and name not in _written:
            continue
        keys = [a.attr_name for a in model.get_attributes().values()
                if a.is_hash_key or a.is_range_key]
        with model.batch_write() as batch:
            for item in model.scan(attributes_to_get=keys):
                batch.delete(item)
        _written.discard(name)
    if everything:
        _unknown_write[0] = False


_apps: dict[int, tuple] = {}  # id(settings) -> (settings, app, its config, its extensions)


@pytest.fixture
def app(tables, settings):
    """The app for ``settings``, built once and lent to each test as it was
    built: compiling its hundred-odd routes takes a tenth of a second, which
    hundreds of tests would pay again for the same app."""
    from functions import db
    from functions.app import create_app
    lent = _apps.get(id(settings))
    if lent is None:
        app = create_app(settings)
        app.config["TESTING"] = True
        lent = _apps[id(settings)] = (settings, app, dict(app.config), dict(app.extensions))
    else:
        db.configure(settings)  # as create_app does: another test may have pointed elsewhere
    _, app, config, extensions = lent
    yield app
    app.config.clear()
    app.config.update(config)
    app.extensions.clear()
    app.extensions.update(extensions)


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

    def discard(self) -> None:
        """Stop a server whose data no test reads again, without the orderly
        stop (seconds, most of it the interpreter tearing down): its store
        engine stops itself when the server's end of its pipe closes."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


_shared_root: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def shared_tmp(tmp_path_factory) -> Path:
    """A folder all test processes of this run share: pytest-xdist gives each
    worker its own basetemp inside one folder per run."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    _shared_root[:] = [root]
    return root


def build_once(name: str, build: Callable[[Path], None]) -> Path:
    """``name`` in the run's shared folder, made by ``build(folder)`` by
    whichever test process needs it first; the others wait for it and reuse it
    (things that take seconds to make and that no test changes)."""
    if not _shared_root:
        _shared_root.append(Path(tempfile.mkdtemp(prefix="tandem-tests-")))
    target = _shared_root[0] / name
    with (_shared_root[0] / f".{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (target / ".built").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            build(target)
            (target / ".built").touch()
    return target


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


def _load_demo(folder: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _LOAD_DEMO, str(folder / "data")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"loading the demo failed:\n{done.stdout}{done.stderr}")


def _demo_template() -> list[Path]:
    """The store files of a data folder holding the demo, loaded once per test
    run: servers that need the demo copy them instead of loading it again
    (~7 s each). ``test_serve`` still loads it as a first start does
    (``fresh=True``). Only the store's own files: each server makes its keys,
    lock and outbox."""
    stores = sorted((build_once("demo-template", _load_demo) / "data").glob("*.db"))
    assert stores, "the demo template holds no store file"
    return stores


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
    server.discard()
