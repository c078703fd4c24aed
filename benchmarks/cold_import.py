"""Cold import time of the API handler, in fresh processes.

Prints the median wall time of N fresh interpreters that each build the Flask
app (what a Lambda cold start does before the first request), beside two
baselines measured in the same run: an empty interpreter, and one that only
imports boto3 (which Lambda's runtime provides anyway).

    .venv/bin/python benchmarks/cold_import.py [--python PATH] [-n 9]

Use the lean python3.12 venv (``.lean-venv-3.12/bin/python``, built by the
deploy tests) to measure what Lambda runs.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "empty interpreter": "pass",
    "import boto3": "import boto3",
    "API app (import functions.app; app)": "import functions.app; functions.app.app",
}


def run(python: str, code: str, n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run([python, "-c", code], cwd=ROOT, check=True,
                       env={"AWS_DEFAULT_REGION": "us-east-1", "PYTHONPATH": str(ROOT),
                            "PATH": "/usr/bin:/bin"})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("-n", type=int, default=9)
    args = parser.parse_args()
    version = subprocess.run([args.python, "--version"], capture_output=True,
                             text=True).stdout.strip()
    print(f"{version} at {args.python}; median of {args.n} fresh processes")
    base = None
    print(f"| case | seconds | ratio to empty interpreter |\n|---|---|---|")
    for name, code in CASES.items():
        t = run(args.python, code, args.n)
        base = base or t
        print(f"| {name} | {t:.3f} | {t / base:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
