"""Admin accounts for the browser tests: one per test that signs in, made in
the live server's data folder before the server starts."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.servers import ROOT

ADMIN_PASSWORD = "a-long-browser-test-password"


@dataclass(frozen=True)
class Admin:
    email: str
    password: str


# What `tandem admin create EMAIL --data DIR` does, for many addresses in one
# process: the local store starts once instead of once per admin (seconds each).
_CREATE_ADMINS = """
import sys
from argon2 import PasswordHasher
from functions.auth import admin as auth
from functions.local.serve import open_local
# Test accounts: Argon2id at its lightest, as in-process tests (tests/conftest.py);
# the server checks each hash with the parameters written in it.
auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
data, password, emails = sys.argv[1], sys.stdin.readline().rstrip("\\n"), sys.argv[2:]
settings, db = open_local(data)
try:
    for email in emails:
        auth.create_admin(email, password)
finally:
    db.stop()
"""


def create_admins(data_dir: Path, emails: list[str]) -> None:
    """Admin accounts in a data folder no server is using yet."""
    if not emails:
        return
    done = subprocess.run(
        [sys.executable, "-c", _CREATE_ADMINS, str(data_dir), *emails],
        input=ADMIN_PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT,
        env=dict(os.environ), timeout=180)
    if done.returncode:
        raise RuntimeError(f"creating the test admins failed:\n{done.stdout}{done.stderr}")
