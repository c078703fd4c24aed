"""Fixtures for the deployment tests: the lean python3.12 venv and Zappa packages.

The lean venv (``.lean-venv-3.12/``) is built once per machine, the first time
these tests run (about a minute; pip's cache makes later builds quicker), and
rebuilt only when the runtime requirements change. Packages are built once
per test session, offline, with the fake credentials of tests/conftest.py.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from functions.deploy import package as deploy
from functions.settings import Settings
from tests.servers import build_once

STAGE = "dev"


@pytest.fixture(scope="session")
def python312() -> str:
    try:
        settings = Settings.from_env()
        return deploy.find_python312(settings.python312, settings.pyenv_root)
    except deploy.DeployError as exc:
        pytest.fail(f"the deployment tests need python3.12: {exc}")


@pytest.fixture(scope="session")
def lean_venv(python312) -> Path:
    return deploy.ensure_lean_venv(python312, log=lambda msg: print(msg, file=sys.stderr))


@pytest.fixture(scope="session")
def packages(lean_venv) -> dict[str, Path]:
    """``zappa package`` of both functions of the dev stage: {"api": zip, "matcher": zip},
    built once per run for every test process (no test changes them)."""
    def build(out: Path) -> None:
        work = deploy.build_dir(out / "zappa-build", lean_venv)
        for fn in deploy.FUNCTIONS:
            deploy.package(lean_venv, STAGE, fn, work, out / f"{fn}.zip")
    out = build_once("zappa-packages", build)
    return {fn: out / f"{fn}.zip" for fn in deploy.FUNCTIONS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unpack(package: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(package) as zf:
        zf.extractall(dest)
    return dest


@pytest.fixture(scope="session")
def lambda_runtime_libs(lean_venv, tmp_path_factory) -> Path:
    """What Lambda's python3.12 runtime provides besides the package: boto3 and botocore."""
    site = lean_venv / "lib" / "python3.12" / "site-packages"
    libs = tmp_path_factory.mktemp("lambda-runtime")
    for name in ("boto3", "botocore", "s3transfer"):
        (libs / name).symlink_to(site / name, target_is_directory=True)
    return libs


def run_in_lambda_like_process(python312: str, package_dir: Path, runtime_libs: Path,
                               script: str, env: dict | None = None,
                               timeout: float = 120,
                               stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``script`` in a clean python3.12: no site-packages, only the package
    and the runtime's boto3 on sys.path, no environment but what Lambda sets."""
    base_env = {
        "PATH": "/usr/bin:/bin", "HOME": str(package_dir), "LANG": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    base_env.update(env or {})
    prelude = (f"import sys; sys.path[:0] = [{str(package_dir)!r}, {str(runtime_libs)!r}]; "
               "import os; os.chdir(sys.path[0])\n")
    return subprocess.run([python312, "-S", "-c", prelude + script], env=base_env, input=stdin,
                          capture_output=True, text=True, timeout=timeout)
