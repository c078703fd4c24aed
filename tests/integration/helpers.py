"""Talking to a running `tandem serve` over real HTTP."""
import json
import os
import subprocess
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from tests.servers import ROOT, TANDEM

COHORT = "demo-2027-spring"


def call(opener, method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
        req.add_header("X-Requested-With", "tandem")
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def session():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def enrolment(email):
    return {"role": "mentee", "name": "Ines Integration", "email": email, "consent": True,
            "answers": {"wants": ["python", "sql"], "languages": ["English"],
                        "department": "Data", "seniority": 2, "utc_offset": 1}}


def java_processes_for(data_dir: Path) -> list[int]:
    """Pids of DynamoDB Local processes serving ``data_dir`` (from /proc)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"LoopbackDynamoDB" in a for a in argv) and \
                str(data_dir.resolve()).encode() in argv:
            pids.append(int(proc.name))
    return pids


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").exists() and \
        "zombie" not in Path(f"/proc/{pid}/status").read_text()


def run_serve(*args: str, env=None) -> subprocess.CompletedProcess:
    """`tandem serve ARGS` on a free port, to its end (for starts that must fail)."""
    from functions.local import free_port
    return subprocess.run([TANDEM, "serve", "--port", str(free_port()), *args],
                          cwd=ROOT, env=env or dict(os.environ), capture_output=True,
                          text=True, timeout=90)
