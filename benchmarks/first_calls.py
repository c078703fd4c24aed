"""A cold process's first DynamoDB calls: one botocore client for every table
against one per table (PynamoDB's own way), measured in the same run.

A Lambda's first requests (and `tandem serve`'s start) reach several tables
for the first time; PynamoDB makes a botocore client per model, each from a
new botocore session that parses DynamoDB's service description again.
Tandem's models share the client of ``functions.db.base`` (``Base._get_connection``).
Each case runs in fresh interpreters against one Amazon DynamoDB Local: every
model's first call (a GetItem of a missing key) is timed from the first to
the last, the import of the app excluded.

    .venv/bin/python benchmarks/first_calls.py [-n 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBE = """
import sys, time
from pynamodb.models import Model
from functions import db
from functions.db import base
from functions.settings import Settings
endpoint, key, own = sys.argv[1], sys.argv[2], sys.argv[3] == "own"
if own:  # PynamoDB's own: a client per model
    base.Base._get_connection = classmethod(lambda cls: Model._get_connection.__func__(cls))
db.configure(Settings(stage="local", table_prefix="bench-", dynamodb_endpoint=endpoint,
                      store_key=key))
began = time.perf_counter()
for model in db.ALL_MODELS:
    schema = model._get_schema()
    kinds = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    keys = sorted(schema["key_schema"], key=lambda k: k["KeyType"] != "HASH")  # hash, range
    model._get_connection().get_item(*(0 if kinds[k["AttributeName"]] == "N" else "none"
                                       for k in keys))
print(time.perf_counter() - began)
"""


def first_calls(endpoint: str, key: str, case: str) -> float:
    out = subprocess.run([sys.executable, "-c", PROBE, endpoint, key, case], cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
                         text=True)
    if out.returncode:
        raise SystemExit(f"the {case} probe failed:\n{out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="fresh processes per case (medians)")
    args = parser.parse_args(argv)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    from functions import db
    from functions.local import dynamodb_local
    from functions.settings import Settings
    with tempfile.TemporaryDirectory() as tmp:
        store = dynamodb_local.start(Path(tmp))
        try:
            db.create_tables(Settings(stage="local", table_prefix="bench-",
                                      dynamodb_endpoint=store.endpoint,
                                      store_key=store.access_key))
            times = {case: [] for case in ("own", "shared")}
            for _ in range(args.n):  # taking turns, so both meet the same machine
                for case in times:
                    times[case].append(first_calls(store.endpoint, store.access_key, case))
        finally:
            store.stop()
    own, shared = (statistics.median(times[c]) for c in ("own", "shared"))
    count = len(db.ALL_MODELS)
    print(f"first call to each of {count} tables in a fresh process (medians of {args.n}):")
    print(f"  a client per table (PynamoDB's own): {own:.2f} s")
    print(f"  one shared client (Tandem's):        {shared:.2f} s  ({shared / own:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
