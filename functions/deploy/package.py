"""Local half of the cloud deployment: settings, checks, the lean venv, Zappa packages.

Lambda runs python3.12 on a glibc that current numpy/scipy wheels accept, and
Zappa bundles the compiled files of the venv it runs in. So packages are built
from ``.lean-venv-3.12/`` (python3.12, the runtime dependencies and Zappa
only), never from the dev venv; Zappa runs from a small build folder holding
``functions/`` and the settings, so nothing else of the working tree can slip
into a package (and the settings' ``exclude_glob`` keeps this ``deploy``
package and ``functions/local`` out of both). ``functions.deploy.aws`` does
the AWS half.
"""
from __future__ import annotations

import fcntl
import glob
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from functions.errors import DeployError

ROOT = Path(__file__).resolve().parents[2]
LEAN_VENV = ROOT / ".lean-venv-3.12"
INFRA = ROOT / "infra"
SETTINGS_FILE = ROOT / "zappa_settings.json"
FUNCTIONS = ("api", "matcher")
ZAPPA_FALLBACK = "zappa==0.63.0"
MARKER = "tandem-requirements.txt"


def zappa_settings() -> dict:
    return json.loads(SETTINGS_FILE.read_text())


def stages(settings: dict | None = None) -> list[str]:
    """Tandem stages: names with both a ``NAME_api`` and a ``NAME_matcher`` Zappa stage."""
    settings = settings or zappa_settings()
    return sorted(s for s in settings
                  if all(f"{s}_{fn}" in settings for fn in FUNCTIONS))


def zappa_stage(stage: str, fn: str) -> str:
    return f"{stage}_{fn}"


def lambda_name(stage: str, fn: str) -> str:
    """The Lambda function name Zappa gives ``STAGE_FN`` (slug of project and stage)."""
    return f"tandem-{stage}-{fn}"


def stage_setting(settings: dict, name: str, key: str, default=None):
    """A Zappa setting of stage ``name`` after following ``extends``."""
    while name:
        conf = settings[name]
        if key in conf:
            return conf[key]
        name = conf.get("extends")
    return default


# -- python3.12 and the lean venv ----------------------------------------------

def find_python312(explicit: str | None = None, pyenv_root: str | None = None) -> str:
    """Path of a python3.12 interpreter, or DeployError saying how to get one.

    ``explicit`` (``--python`` or ``Settings.python312``) wins; otherwise
    ``pyenv prefix 3.12``, ``python3.12`` on PATH, then the versions under
    ``pyenv_root`` (``Settings.pyenv_root``, default ``~/.pyenv``).
    """
    if explicit:
        if os.access(explicit, os.X_OK) and _is_312(explicit):
            return explicit
        raise DeployError(f"python3.12 not found at {explicit}: point --python (or "
                          "TANDEM_PYTHON312) at a python3.12 interpreter")
    candidates = []
    if shutil.which("pyenv"):
        prefix = subprocess.run(["pyenv", "prefix", "3.12"], capture_output=True, text=True)
        if prefix.returncode == 0 and prefix.stdout.strip():
            candidates.append(os.path.join(prefix.stdout.strip().splitlines()[0], "bin", "python3.12"))
    candidates.append(shutil.which("python3.12") or "")
    pyenv_root = pyenv_root or os.path.expanduser("~/.pyenv")
    candidates += sorted(glob.glob(os.path.join(pyenv_root, "versions", "3.12.*", "bin", "python3.12")),
                         reverse=True)
    for path in candidates:
        if path and os.access(path, os.X_OK) and _is_312(path):
            return path
    raise DeployError("python3.12 not found: install it (e.g. `pyenv install 3.12`) or "
                      "pass --python /path/to/python3.12")


def _is_312(python: str) -> bool:
    try:
        out = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                             capture_output=True, text=True, timeout=30)
    except OSError:
        return False
    return out.stdout.strip() == "True"


def runtime_requirements() -> list[str]:
    """The project's runtime dependencies plus the Zappa the dev venv uses.

    The project itself is not installed: Zappa copies site-packages over the
    project folder, so an installed copy of ``functions`` would shadow the code.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    try:
        from importlib.metadata import version
        zappa = f"zappa=={version('zappa')}"
    except Exception:  # zappa missing from this venv: use the tested version
        zappa = ZAPPA_FALLBACK
    return sorted(project["dependencies"]) + [zappa]


def ensure_lean_venv(python: str, venv: Path = LEAN_VENV, log=print) -> Path:
    """Build the lean venv unless it holds exactly today's requirements.

    A changed requirement list means a fresh venv, so nothing dropped from
    pyproject.toml lingers in the packages. A lock (in a folder the
    ``.lean-venv*/`` ignore rule covers) keeps concurrent runs apart.
    """
    reqs = runtime_requirements()
    wanted = "# bytecode: unchecked-hash\n" + "\n".join(reqs) + "\n"
    lock_dir = venv.with_name(venv.name + ".lock")
    lock_dir.mkdir(exist_ok=True)
    with open(lock_dir / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = venv / MARKER
        if marker.exists() and marker.read_text() == wanted and _is_312(str(venv / "bin" / "python")):
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        log(f"building {venv.name}/ with {python} (once; about a minute)...")
        _run([python, "-m", "venv", str(venv)], "creating the lean venv")
        _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
              "--disable-pip-version-check", *reqs], "installing the runtime dependencies")
        site_packages = venv / "lib" / "python3.12" / "site-packages"
        compile_bytecode(venv, [site_packages], force=True)
        marker.write_text(wanted)
    return venv


def compile_bytecode(venv: Path, paths: list[Path], force: bool = False) -> None:
    """Write hash-based .pyc files, which stay valid inside a Lambda zip.

    Zappa stamps every zip entry 1980-01-01, so the usual timestamp-checked
    .pyc files no longer match their sources once unpacked; Lambda's code
    folder is read-only, so every cold start would compile from source.
    "unchecked" skips hashing the sources at import (faster cold start); it is
    safe because every pip install and every build folder is compiled afresh.
    """
    cmd = [str(venv / "bin" / "python"), "-m", "compileall", "-q", "-j", "0",
           "--invalidation-mode", "unchecked-hash", "-x", r"/tests?/"]
    _run([*cmd, *(["-f"] if force else []), *map(str, paths)], "compiling bytecode")


def _run(cmd: list[str], what: str, **kw) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        tail = (out.stderr or out.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise DeployError(f"{what} failed: {tail[0]}")
    return out


# -- lint ------------------------------------------------------------------------

def lint(infra: Path = INFRA) -> None:
    """cfn-lint every template in ``infra``; DeployError with the first finding."""
    templates = sorted(str(p) for p in infra.glob("*.yaml"))
    if not templates:
        raise DeployError(f"no CloudFormation templates in {infra}")
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    cmd = [str(cfn_lint)] if cfn_lint.exists() else [sys.executable, "-m", "cfnlint"]
    out = subprocess.run([*cmd, "--format", "parseable", "--", *templates],
                         capture_output=True, text=True)
    if out.returncode != 0:
        lines = (out.stdout or out.stderr).strip().splitlines()
        first = lines[0] if lines else f"exit status {out.returncode}"
        if "No module named" in first:
            raise DeployError("cfn-lint is missing: install the dev extra (pip install -e '.[dev]')")
        raise DeployError(f"the templates fail cfn-lint ({len(lines)} finding(s); first: "
                          f"{first}): fix the templates in {infra}, then deploy again")


# -- packaging -------------------------------------------------------------------

def build_dir(dest: Path, venv: Path = LEAN_VENV, s3_bucket: str | None = None,
              stage: str | None = None, environment: dict[str, str] | None = None) -> Path:
    """Fill ``dest`` with what Zappa packages: functions/ and the settings.

    ``environment`` becomes the Lambda environment (Zappa's
    ``aws_environment_variables``) of both functions of ``stage``: values
    known only at deploy time (the sender, the site's URL, the name of the
    signing keys' parameter), never written into zappa_settings.json.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "functions", dest / "functions", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    compile_bytecode(venv, [dest / "functions"])
    settings = zappa_settings()
    if s3_bucket:
        for conf in settings.values():
            if "extends" not in conf:
                conf["s3_bucket"] = s3_bucket
    if stage and environment:
        for fn in FUNCTIONS:
            name = zappa_stage(stage, fn)
            merged = dict(stage_setting(settings, name, "aws_environment_variables") or {})
            merged.update(environment)
            settings[name]["aws_environment_variables"] = merged
    (dest / "zappa_settings.json").write_text(json.dumps(settings, indent=4))
    return dest


def zappa_env(venv: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ, VIRTUAL_ENV=str(venv), PYTHONNOUSERSITE="1")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    env.update(extra or {})
    return env


def run_zappa(venv: Path, args: list[str], cwd: Path, what: str,
              env: dict | None = None) -> str:
    """Run the lean venv's zappa in ``cwd``; DeployError with its last line on failure."""
    out = subprocess.run([str(venv / "bin" / "zappa"), *args], cwd=cwd, env=zappa_env(venv, env),
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        lines = [ln for ln in (out.stderr + out.stdout).strip().splitlines() if ln.strip()]
        raise DeployError(f"{what} failed: {lines[-1] if lines else 'no output'}")
    return out.stdout


def package(venv: Path, stage: str, fn: str, workdir: Path, output: Path) -> Path:
    """``zappa package STAGE_FN`` from the lean venv; returns the zip's path."""
    run_zappa(venv, ["package", zappa_stage(stage, fn), "-o", str(output), "--disable_progress"],
              workdir, f"zappa package {zappa_stage(stage, fn)}")
    return output
