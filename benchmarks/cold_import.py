"""Cold import time of the API handler (and of the matcher), in fresh processes.

Each case runs N fresh interpreters. Inside each, the import is timed with
``time.perf_counter`` (what a Lambda cold start spends before it can serve the
first request); the whole process is timed too (interpreter start and exit
included). Baselines measured in the same run: an empty interpreter, and one
that only imports boto3 (which Lambda's runtime provides anyway).

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
    "numpy + scipy.sparse.csgraph": "import numpy, scipy.sparse.csgraph",
    "matcher (import functions.matching)": "import functions.matching",
}
TIMED = "import time; _t = time.perf_counter()\n{code}\nprint(time.perf_counter() - _t)"


def run(python: str, code: str, n: int) -> tuple[float, float]:
    inside, whole = [], []
    for _ in range(n):
        start = time.perf_counter()
        out = subprocess.run([python, "-c", TIMED.format(code=code)], cwd=ROOT, check=True,
                             capture_output=True, text=True,
                             env={"AWS_DEFAULT_REGION": "us-east-1", "PYTHONPATH": str(ROOT),
                                  "PATH": "/usr/bin:/bin"})
        whole.append(time.perf_counter() - start)
        inside.append(float(out.stdout.split()[-1]))
    return statistics.median(inside), statistics.median(whole)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("-n", type=int, default=9)
    args = parser.parse_args()
    version = subprocess.run([args.python, "--version"], capture_output=True,
                             text=True).stdout.strip()
    print(f"{version} at {args.python}; median of {args.n} fresh processes")
    print("| case | import s | whole process s | process ratio to empty interpreter |")
    print("|---|---|---|---|")
    base = None
    for name, code in CASES.items():
        inside, whole = run(args.python, code, args.n)
        base = base or whole
        print(f"| {name} | {inside:.3f} | {whole:.3f} | {whole / base:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
