"""A real `tandem serve` for tests: started on a data folder of its own,
with the demo copied from a template built once per test run."""
from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TANDEM = str(Path(sys.executable).with_name("tandem"))
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "a-long-test-password"


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


#: Where a store's files go when the machine has memory-backed space with room.
MEMORY = Path("/dev/shm")
MEMORY_ROOM = 2 << 30
_memory_root: list[Path] = []


def _remove_folders_of_ended_runs(root: Path) -> None:
    for folder in root.glob("tandem-tests-*"):
        try:
            os.kill(int(folder.name.rsplit("-", 1)[1]), 0)
        except ProcessLookupError:  # its test process is gone: nothing will remove it
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, PermissionError):
            pass


def store_folder(name: str) -> Path:
    """A new folder for a test's DynamoDB Local: in memory (tmpfs) where the
    machine has one with room, else in the temporary folder. The engine keeps
    its tables in SQLite, which syncs every write to disk: on this machine's
    virtual disk the API tests ran a quarter slower. The same engine and
    files; only the medium differs. Removed when this process ends."""
    if not _memory_root:
        root = Path(tempfile.gettempdir())
        if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) and shutil.disk_usage(MEMORY).free > MEMORY_ROOM:
            _remove_folders_of_ended_runs(MEMORY)
            root = MEMORY / f"tandem-tests-{os.getpid()}"
            root.mkdir()
            atexit.register(shutil.rmtree, root, True)
        _memory_root.append(root)
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=_memory_root[0]))


_shared_root: list[Path] = []


def share_root(root: Path) -> None:
    """Where ``build_once`` keeps what it builds (the ``shared_tmp`` fixture's folder)."""
    _shared_root[:] = [root]


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


def prebuild_demo() -> threading.Thread:
    """Start loading the demo template in the background; a test process
    that needs it meanwhile waits for it as for any ``build_once``. Join the
    thread before the run ends, so that no loader outlives it."""
    thread = threading.Thread(target=build_once, args=("demo-template", _load_demo),
                              name="demo-template", daemon=True)
    thread.start()
    return thread


def copy_store(source: Path, data_dir: Path) -> None:
    """The store of the data folder ``source`` into ``data_dir``, which no
    server uses yet. Only the store's own files: each server makes its keys,
    lock and outbox."""
    stores = list(source.glob("*.db"))
    assert stores, f"{source} holds no store file"
    data_dir.mkdir(parents=True, exist_ok=True)
    for store in stores:
        shutil.copy2(store, data_dir / store.name)


def seed_demo(data_dir: Path) -> None:
    """Put the demo into a data folder no server is using yet, from a template
    loaded once per test run (loading it takes ~7 s). ``test_serve`` still
    loads it as a first start does (``fresh=True``)."""
    copy_store(build_once("demo-template", _load_demo) / "data", data_dir)


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
