"""What the local store's guard costs: GetItem on guarded and stock DynamoDB Local.

Starts, in the same run:

- the guarded engine, as `tandem serve` starts it (``dynamodb_local.start``:
  ``LoopbackDynamoDB.java``, which checks every request's Host header and
  SigV4 access key id before DynamoDB Local sees it);
- the same pinned jar through its stock launcher (``java -jar
  DynamoDBLocal.jar``) without the guard, as the baseline. The stock command
  line has no option to choose the address, so the baseline listens on every
  interface for the run (in memory: one throwaway table), and it is killed
  at the end, and with this process if this process dies first.

Both keep their tables the same way (``-inMemory`` is not used: the guarded
engine writes SQLite in its data folder, so the baseline gets ``-dbPath`` in
a temporary folder, and ``-sharedDb`` as the launcher has); telemetry is off
in both (the launcher never turns it on; the baseline gets
``-disableTelemetry``).

Each gets one small table and one item, then one boto3 client each calls
GetItem on it, ``--requests`` times per engine per round, for ``--rounds``
rounds. Within a round the engines take turns every ``--block`` calls, and
the engine that goes first alternates between rounds, so load from other
work on the machine falls on both alike. Before the rounds, each engine
answers ``--warmup`` untimed calls (JIT, connection pool), and the guarded
one is checked to refuse a foreign access key (the guard is on). Prints
p50/p95/p99 per engine over all rounds, per-round p50s, the ratio
guarded/baseline, and the 1-minute load average before and after.

    .venv/bin/python benchmarks/store_guard.py [--requests 2000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import ctypes
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from functions.local import dynamodb_local  # noqa: E402

TABLE = "store-guard-bench"
REGION = "us-east-1"


def _die_with_parent() -> None:
    """In the baseline's child, before exec: SIGKILL when this process ends (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Baseline:
    """The same jar through its stock launcher, no guard; ``stop()`` kills it."""

    def __init__(self, engine: Path, data: Path, timeout: float = 60):
        data.mkdir(parents=True, exist_ok=True)
        self.port = dynamodb_local.free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = data / "stock-dynamodb-local.log"
        java = dynamodb_local.java_command()
        # The same JVM options as the guarded engine: only the launcher differs.
        cmd = [java, f"-Djava.library.path={engine / 'DynamoDBLocal_lib'}",
               *dynamodb_local.JVM_OPTIONS, "-jar", str(engine / "DynamoDBLocal.jar"),
               "-port", str(self.port), "-dbPath", str(data), "-sharedDb", "-disableTelemetry",
               "-cors", dynamodb_local.CORS_ALLOW]
        began = time.monotonic()
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=_die_with_parent)
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() - began > timeout:
                self.stop()
                raise SystemExit(f"stock DynamoDB Local did not start:\n{self.log.read_text()}")
            time.sleep(0.05)
        self.started_in = time.monotonic() - began

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.endpoint + "/", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def client(endpoint: str, key: str):
    import boto3
    from botocore.config import Config
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=key, aws_secret_access_key="not-checked",
                        config=Config(retries={"max_attempts": 1}))


def prepare(ddb) -> None:
    ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    ddb.put_item(TableName=TABLE, Item={"id": {"S": "one"}, "name": {"S": "Bea Benchmark"},
                                        "seniority": {"N": "2"}})


def get_items(ddb, n: int) -> list[float]:
    """``n`` GetItem calls one after another; seconds each."""
    key = {"id": {"S": "one"}}
    took = []
    for _ in range(n):
        t = time.perf_counter()
        item = ddb.get_item(TableName=TABLE, Key=key)
        took.append(time.perf_counter() - t)
        if "Item" not in item:
            raise SystemExit("GetItem found no item")
    return took


def refused_foreign_key(endpoint: str) -> None:
    from botocore.exceptions import ClientError
    try:
        client(endpoint, "NOT" + "THEKEY").get_item(TableName=TABLE, Key={"id": {"S": "one"}})
    except ClientError as err:
        if err.response["ResponseMetadata"]["HTTPStatusCode"] == 403:
            return
        raise
    raise SystemExit("the guarded engine answered a foreign access key: no guard to measure")


def percentiles(seconds: list[float]) -> dict:
    q = statistics.quantiles(seconds, n=100)
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000,
                        help="GetItem calls per engine per round (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--block", type=int, default=100,
                        help="calls per turn within a round (default 100)")
    parser.add_argument("--warmup", type=int, default=300,
                        help="untimed GetItem calls per engine first (default 300)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    home = Path(os.environ.get("TANDEM_DYNAMODB_LOCAL_HOME") or dynamodb_local.default_home())
    engine = dynamodb_local.install(home)  # both engines run this one jar
    with tempfile.TemporaryDirectory(prefix="store-guard-") as tmp:
        guarded = baseline = None
        try:
            guarded = dynamodb_local.start(Path(tmp) / "guarded", home=home)
            baseline = Baseline(engine, Path(tmp) / "stock")
            clients = {"guarded": client(guarded.endpoint, guarded.access_key),
                       "baseline": client(baseline.endpoint, "ANYKEY")}
            for ddb in clients.values():
                prepare(ddb)
                get_items(ddb, args.warmup)
            refused_foreign_key(guarded.endpoint)
            times: dict[str, list[float]] = {"guarded": [], "baseline": []}
            per_round: dict[str, list[float]] = {"guarded": [], "baseline": []}
            for r in range(args.rounds):
                order = ["guarded", "baseline"] if r % 2 == 0 else ["baseline", "guarded"]
                took: dict[str, list[float]] = {"guarded": [], "baseline": []}
                for start in range(0, args.requests, args.block):
                    for name in order:
                        took[name] += get_items(clients[name],
                                                min(args.block, args.requests - start))
                for name in order:
                    times[name] += took[name]
                    per_round[name].append(statistics.median(took[name]) * 1000)
        finally:
            if baseline is not None:
                baseline.stop()
            if guarded is not None:
                guarded.stop()
    load_after = os.getloadavg()[0]

    print(f"GetItem of one small item, one boto3 client per engine, {args.requests:,} calls "
          f"per engine per round, {args.rounds} rounds, turns of {args.block} "
          f"({args.warmup} untimed first); DynamoDB Local {dynamodb_local.NPM_VERSION} "
          f"(npm), {engine}")
    stats = {name: percentiles(t) for name, t in times.items()}
    labels = {"baseline": "stock launcher, no guard", "guarded": "LoopbackDynamoDB + guard"}
    for name in ("baseline", "guarded"):
        s = stats[name]
        print(f"  {labels[name]:<26} p50 {s['p50']:.2f} ms, p95 {s['p95']:.2f} ms, "
              f"p99 {s['p99']:.2f} ms (n={len(times[name]):,}); p50 per round "
              + ", ".join(f"{p:.2f}" for p in per_round[name]) + " ms")
    g, b = stats["guarded"], stats["baseline"]
    print(f"ratio guarded/baseline: p50 {g['p50'] / b['p50']:.2f}x, p95 "
          f"{g['p95'] / b['p95']:.2f}x, p99 {g['p99'] / b['p99']:.2f}x; per round p50 "
          + ", ".join(f"{x / y:.2f}x" for x, y in zip(per_round["guarded"],
                                                      per_round["baseline"])))
    print(f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after "
          f"({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
