"""A real OpenID provider on loopback: the npm package ``oidc-provider``
(OpenID Certified) run by ``oidc/provider.mjs``, for the tests and for
``tandem serve --demo-sso``.

Like DynamoDB Local (``dynamodb_local.py``) it is a child process on
127.0.0.1 at a free port, in its own process group, and it exits when its
standard input closes, so it never outlives the process that started it.
Its sign-in page is oidc-provider's development page: any password works.
It is installed by ``make oidc`` (run by ``make run`` and ``make test``):
``npm ci`` from the pinned ``oidc/package-lock.json``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from functions.errors import StoreError
from functions.local.dynamodb_local import free_port

HERE = Path(__file__).resolve().parent / "oidc"
SCRIPT = HERE / "provider.mjs"
#: The people of the demo provider (``tandem serve --demo-sso``).
DEMO_USERS = HERE / "demo-users.json"
DEMO_CLIENT_ID = "tandem-demo"
#: A loopback-only demo client's secret: nothing it guards leaves this machine.
DEMO_CLIENT_SECRET = "tandem-demo-secret-for-loopback-only"


@dataclass
class LocalProvider:
    """A running provider; ``stop()`` ends it (idempotent)."""

    issuer: str
    process: subprocess.Popen
    log: Path
    _tmp: str | None = field(default=None, repr=False)

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # the script exits when its stdin ends
            except OSError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def installed() -> bool:
    return (HERE / "node_modules" / "oidc-provider" / "package.json").exists()


def start(users: Path, clients: list[dict], *, jwks: Path | None = None,
          claims_in: str = "id_token", port: int | None = None,
          timeout: float = 30) -> LocalProvider:
    """Start the provider with ``users`` (a JSON file, read at every sign-in)
    and ``clients`` (``client_id``, ``client_secret``, ``redirect_uris``);
    returns once it listens. ``StoreError`` with one line if it cannot."""
    node = shutil.which("node")
    if node is None or not installed():
        raise StoreError("the local OpenID provider is not installed: run `make oidc` "
                         "(needs node and npm)")
    port = port or free_port()
    tmp = tempfile.mkdtemp(prefix="tandem-oidc-")
    log = Path(tmp) / "provider.log"
    env = dict(os.environ, OIDC_PORT=str(port), OIDC_USERS=str(users),
               OIDC_CLIENTS=json.dumps(clients), NODE_ENV="development")
    if jwks:
        env["OIDC_JWKS"] = str(jwks)
    if claims_in == "userinfo":
        env["OIDC_CLAIMS_IN"] = "userinfo"
    with log.open("wb") as out:
        proc = subprocess.Popen([node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=out,
                                stderr=subprocess.STDOUT, env=env, cwd=HERE,
                                start_new_session=True)
    provider = LocalProvider(f"http://127.0.0.1:{port}", proc, log, tmp)
    deadline = time.monotonic() + timeout
    while b"ready " not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(errors="replace").strip().splitlines()
            provider.stop(timeout=1)
            raise StoreError("the local OpenID provider did not start: "
                             + (text[-1] if text else f"no answer in {timeout:.0f} s"))
        time.sleep(0.05)
    return provider
