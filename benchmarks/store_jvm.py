"""The local store's Java CPU: Tandem's JVM options against Java's defaults.

DynamoDB Local runs in a JVM that Tandem starts for each `tandem serve` (and
each test server). This starts the engine as Tandem does (the guarded
loopback launcher, a data folder of its own), with ``JVM_OPTIONS`` (Java's
quick compiler only, one garbage-collector thread) and with Java's defaults
(both compilers, the collector Java picks for the machine), alternating ``--rounds`` times, and prints the engine's CPU
seconds (from ``/proc``) for its start, for making the 19 tables Tandem uses,
and for each block of ``--calls`` calls (half PutItem, half GetItem), with
the ratio Tandem's / default.

    .venv/bin/python benchmarks/store_jvm.py [--calls 600] [--blocks 8] [--rounds 2]

Linux only (it reads ``/proc``). Run it with nothing else on the machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from functions.local import dynamodb_local  # noqa: E402

HZ = os.sysconf("SC_CLK_TCK")
#: What both runs share: the thread stack size the engine needs.
COMMON = ("-Xss1m",)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def one_life(options: tuple[str, ...], calls: int, blocks: int) -> list[float]:
    """[start, tables, block 1, ...]: the engine's CPU seconds for each."""
    import boto3

    from functions import db
    from functions.settings import Settings

    with tempfile.TemporaryDirectory(prefix="tandem-store-jvm-") as data:
        saved = dynamodb_local.JVM_OPTIONS
        dynamodb_local.JVM_OPTIONS = options  # what start() passes to java
        try:
            store = dynamodb_local.start(data)
        finally:
            dynamodb_local.JVM_OPTIONS = saved
        try:
            figures, since = [], 0.0

            def lap() -> None:
                nonlocal since
                now = cpu_seconds(store.process.pid)
                figures.append(now - since)
                since = now

            lap()
            db.create_tables(Settings.from_env().with_(
                stage="local", table_prefix="bench-", dynamodb_endpoint=store.endpoint,
                store_key=store.access_key, data_dir=data))
            lap()
            client = boto3.client("dynamodb", endpoint_url=store.endpoint, region_name="us-east-1",
                                  aws_access_key_id=store.access_key, aws_secret_access_key="local")
            table = client.list_tables()["TableNames"][0]
            schema = client.describe_table(TableName=table)["Table"]["KeySchema"]
            for block in range(blocks):
                for i in range(calls // 2):
                    key = {k["AttributeName"]: {"S": f"bench-{block}-{i}"} for k in schema}
                    client.put_item(TableName=table, Item={**key, "text": {"S": "x" * 200}})
                    client.get_item(TableName=table, Key=key)
                lap()
            return figures
        finally:
            store.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=600, help="calls per block (default 600)")
    parser.add_argument("--blocks", type=int, default=8, help="blocks of calls (default 8)")
    parser.add_argument("--rounds", type=int, default=2, help="engine lives of each (default 2)")
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("store_jvm.py reads /proc: it runs on Linux only", file=sys.stderr)
        return 2
    tandem = tuple(dynamodb_local.JVM_OPTIONS)
    default = COMMON
    runs: dict[str, list[list[float]]] = {"default": [], "tandem": []}
    for _ in range(args.rounds):
        runs["default"].append(one_life(default, args.calls, args.blocks))
        runs["tandem"].append(one_life(tandem, args.calls, args.blocks))
    rows = ["start", "19 tables"] + [f"calls {i * args.calls + 1}-{(i + 1) * args.calls}"
                                      for i in range(args.blocks)]
    median = {name: [statistics.median(r[i] for r in lives) for i in range(len(rows))]
              for name, lives in runs.items()}
    print(f"Java CPU seconds, median of {args.rounds} lives each")
    print(f"{'':<18}{'default':>10}{'Tandem':>10}{'Tandem/default':>16}")
    for i, row in enumerate(rows + ["whole life"]):
        d = sum(median["default"]) if i == len(rows) else median["default"][i]
        t = sum(median["tandem"]) if i == len(rows) else median["tandem"][i]
        print(f"{row:<18}{d:>10.2f}{t:>10.2f}{t / d if d else float('nan'):>16.2f}")
    print(f"Tandem's options: {' '.join(tandem)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
