"""The local store under load: `tandem serve` on Amazon DynamoDB Local.

Measures, against a real `tandem serve` process on this machine:

- start to ready (first request answered): cold on an empty folder, and
  again with 10,000 stored participants;
- enrolments per second, p50/p99 latency and error count with 8 clients;
- GET /api/cohorts per second and p99 with 8 clients.

With ``--baseline REV`` the same figures are measured first for the code at
git revision REV (checked out in a temporary worktree, run with this venv),
so the two stores are compared in one run: e.g. ``--baseline c022506`` is the
moto-based store that DynamoDB Local replaced.

    .venv/bin/python benchmarks/store.py [--seconds 15] [--baseline REV]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COHORT = "demo-2027-spring"
ADMIN = ("admin@example.org", "a-long-benchmark-password")


def free_port() -> int:
    from functions.local import free_port as port
    return port()


class Server:
    def __init__(self, source: Path, data: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data.parent / f"{data.name}.log"
        # The load is one client: lift the per-client enrolment limit.
        env = dict(os.environ, TANDEM_ADMIN_EMAIL=ADMIN[0], TANDEM_ADMIN_PASSWORD=ADMIN[1],
                   TANDEM_ENROL_PER_CLIENT="1000000", PYTHONUNBUFFERED="1")
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "functions", "serve", "--port", str(self.port),
             "--data", str(data)], cwd=source, env=env, stdout=self.log.open("w"),
            stderr=subprocess.STDOUT)
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"serve exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/api/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.05)
        self.ready_in = time.monotonic() - began

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def request(method: str, url: str, body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", "X-Requested-With": "tandem"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def load(make_request, clients: int, seconds: float) -> dict:
    """``clients`` threads call ``make_request(client, i)`` for ``seconds``."""
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(client: int) -> None:
        i = 0
        while time.monotonic() < deadline:
            t = time.perf_counter()
            status = make_request(client, i)
            took = time.perf_counter() - t
            with lock:
                latencies.append(took)
                statuses.append(status)
            i += 1

    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(statuses), "per_s": len(statuses) / wall,
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000,
            "errors_5xx": sum(s >= 500 for s in statuses),
            "other": sorted({s for s in statuses if s not in (200, 201, 202)})}


def enrolment(email: str) -> dict:
    return {"role": "mentee", "name": "Bea Benchmark", "email": email, "consent": True,
            "answers": {"wants": ["python", "sql"], "languages": ["English"],
                        "department": "Data", "seniority": 2, "utc_offset": 1}}


def fill(endpoint: str, data: Path, n: int) -> float:
    """Store ``n`` participants straight into the tables (batch writes)."""
    from functions import db
    from functions.settings import Settings
    key = data / "store-key"  # the engine's access key id, where the source has one
    db.configure(Settings(table_prefix="tandem-local-", dynamodb_endpoint=endpoint,
                          store_key=key.read_text().strip() if key.exists() else None))
    began = time.monotonic()
    now = datetime.now(timezone.utc)
    with db.Participant.batch_write() as batch:
        for i in range(n):
            batch.save(db.Participant(
                cohort_id=COHORT, email=f"fill{i}@example.org", id=f"fill{i:06d}",
                role="mentee", name=f"Filler {i}", answers={"wants": ["python"]},
                consent=True, created_at=now))
    return time.monotonic() - began


def endpoint_of(log: Path) -> str:
    for line in log.read_text().splitlines():
        if "Amazon DynamoDB Local on " in line:
            return line.split("Amazon DynamoDB Local on ")[1].split(",")[0]
    raise SystemExit("no DynamoDB Local endpoint in the server's output")


def measure(label: str, source: Path, seconds: float, with_fill: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        server = Server(source, data)  # first start: creates tables, loads the demo
        out = {"label": label, "first_start_s": server.ready_in}
        server.stop()
        server = Server(source, data)
        out["restart_s"] = server.ready_in
        try:
            tag = label.split()[0]
            out["enrol"] = load(lambda c, i: request(
                "POST", f"{server.url}/api/cohorts/{COHORT}/enrollments",
                enrolment(f"{tag}-{c}-{i}@example.org")), 8, seconds)
            out["get"] = load(lambda c, i: request("GET", f"{server.url}/api/cohorts"),
                              8, seconds)
            if with_fill:
                out["fill_s"] = fill(endpoint_of(server.log), data, 10_000)
        finally:
            server.stop()
        if with_fill:
            server = Server(source, data)
            out["restart_10k_s"] = server.ready_in
            server.stop()
    return out


def show(r: dict) -> None:
    e, g = r["enrol"], r["get"]
    print(f"{r['label']}")
    print(f"  first start (tables + demo) {r['first_start_s']:.1f} s; "
          f"restart {r['restart_s']:.1f} s"
          + (f"; restart with 10,000 more stored {r['restart_10k_s']:.1f} s" if "restart_10k_s"
             in r else ""))
    print(f"  enrolments, 8 clients: {e['per_s']:.0f}/s, p50 {e['p50_ms']:.0f} ms, "
          f"p99 {e['p99_ms']:.0f} ms, {e['errors_5xx']} of {e['requests']} answered 5xx"
          + (f", other statuses {e['other']}" if e["other"] else ""))
    print(f"  GET /api/cohorts, 8 clients: {g['per_s']:.0f}/s, p50 {g['p50_ms']:.0f} ms, "
          f"p99 {g['p99_ms']:.0f} ms, {g['errors_5xx']} 5xx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--baseline", help="git revision to measure first, for comparison")
    args = parser.parse_args()
    results = []
    if args.baseline:
        with tempfile.TemporaryDirectory() as wt:
            subprocess.run(["git", "worktree", "add", "--detach", wt, args.baseline],
                           cwd=ROOT, check=True, capture_output=True)
            try:
                results.append(measure(f"baseline {args.baseline}", Path(wt), args.seconds,
                                       with_fill=False))
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", wt], cwd=ROOT)
        show(results[-1])
    results.append(measure("DynamoDB Local (this checkout)", ROOT, args.seconds, with_fill=True))
    show(results[-1])
    if len(results) == 2:
        b, n = results
        print(f"ratio (this / baseline): enrolments/s "
              f"{n['enrol']['per_s'] / b['enrol']['per_s']:.1f}x, GET/s "
              f"{n['get']['per_s'] / b['get']['per_s']:.1f}x, GET p99 "
              f"{n['get']['p99_ms'] / b['get']['p99_ms']:.2f}x")


if __name__ == "__main__":
    main()
