"""Shared fixtures: the app on DynamoDB Local (one per settings, its tables emptied
for each test), an admin helper, a live server (tests/servers.py)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import store_tables
from tests.servers import (ADMIN_EMAIL, ADMIN_PASSWORD, ROOT, prebuild_demo, share_root, start_server,
                           store_folder)
from tests.store_tables import empty_tables

pytest_plugins = ["tests.ordering"]  # longest files first (make test)

# No test may reach real AWS: fake credentials and a region for every process.
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_SECURITY_TOKEN="testing", AWS_SESSION_TOKEN="testing",
                  AWS_DEFAULT_REGION="us-east-1")
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)


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
def dynamodb_local():
    """One Amazon DynamoDB Local for the whole test session (a real engine)."""
    from functions.local import dynamodb_local as engine
    store = engine.start(store_folder("dynamodb-local"))
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

    The tables are made once per session; only those written since they
    were last emptied are emptied (``tests.store_tables``).
    """
    empty_tables(settings, only_written=True)
    return settings


@pytest.fixture(scope="session", autouse=True)
def record_writes():
    """Note the tables every DynamoDB call of this process writes (``tests.store_tables``)."""
    patch = pytest.MonkeyPatch()
    store_tables.install(patch)
    yield
    patch.undo()


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
    # Its jobs (a matching run, publishing's e-mails) end with the test, not in the next.
    worker = getattr(config.get("TANDEM_DISPATCH"), "__self__", None)
    if worker is not None and hasattr(worker, "idle"):
        worker.idle(timeout=30)
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


def signed_in_admin(client):
    """``client`` signed in as a new admin (``ADMIN_EMAIL``)."""
    auth = AuthActions(client)
    auth.create()
    assert auth.login().status_code == 200
    return client


@pytest.fixture
def admin_client(client):
    return signed_in_admin(client)


def admin_of(app):
    """A test client of ``app`` signed in as a new admin (``ADMIN_EMAIL``)."""
    return signed_in_admin(app.test_client())


def admin_on(settings, **changes):
    """(signed-in admin test client, its settings) on a new app with ``changes``
    to the settings (an outbox of its own, SES as the sender, ...)."""
    from functions.app import create_app
    app = create_app(settings.with_(**changes))
    return admin_of(app), app.config["TANDEM"]


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


# -- a real `tandem serve` process (tests/servers.py) ------------------------------

@pytest.fixture(scope="session", autouse=True)
def shared_tmp(request, tmp_path_factory) -> Path:
    """A folder all test processes of this run share: in a parallel run the
    controller's (``_run_folder``), handed to each worker; else the basetemp."""
    workerinput = getattr(request.config, "workerinput", {})
    root = Path(workerinput[_SHARED]) if _SHARED in workerinput else tmp_path_factory.getbasetemp()
    share_root(root)
    return root


def _runs_servers(config) -> bool:
    """Whether the run's paths take in tests that start `tandem serve`."""
    wanted = [ROOT / "tests" / "browser", ROOT / "tests" / "integration"]
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if any(path == w or w in path.parents or path in w.parents for w in wanted):
            return True
    return False


_SHARED = "tandem_shared_tmp"
_RUN_FOLDER = pytest.StashKey[Path]()
_PREBUILD = pytest.StashKey[object]()


def _run_folder(config) -> Path:
    """The folder of a parallel run's controller for what is built once, made on first use."""
    if _RUN_FOLDER not in config.stash:
        config.stash[_RUN_FOLDER] = Path(tempfile.mkdtemp(prefix="tandem-tests-"))
    return config.stash[_RUN_FOLDER]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput[_SHARED] = str(_run_folder(node.config))


def pytest_sessionstart(session):
    # The controller of a parallel run runs no test: it loads the demo
    # template while the workers start and collect, instead of the first of
    # them that needs it doing so while the other waits.
    config = session.config
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return
    if _runs_servers(config):
        share_root(_run_folder(config))
        config.stash[_PREBUILD] = prebuild_demo()


def pytest_unconfigure(config):
    if _PREBUILD in config.stash:
        config.stash[_PREBUILD].join(300)  # no loader outlives the run
    if _RUN_FOLDER in config.stash:
        shutil.rmtree(config.stash[_RUN_FOLDER], ignore_errors=True)


@pytest.fixture(scope="session")
def live_server():
    server = start_server(store_folder("live") / "data")
    yield server
    server.discard()
