"""The policy editor's count: ``count_allowed`` on scale cohorts, time and memory.

Usage::

    .venv/bin/python benchmarks/count_allowed.py                    # 10000x3000, 5 runs
    .venv/bin/python benchmarks/count_allowed.py 1000x300 50000x15000 -n 3

Each size runs in its own subprocess: the cohort comes from
``scale_cohort.make_scale_cohort`` (not timed); the figure is the median of
``-n`` counts and the peak RSS over the RSS just before counting.

The baseline, measured in the same run (its own subprocess, so memory peaks
do not mix): the same mask computed as one n x m block, as a count without
blocking would do it. Both must give the same counts; the ratios say what the
blocks buy in time and memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(size: str, runs: int, dense: bool = False) -> dict:
    sys.path[:0] = [HERE, ROOT]
    from functions.matching import count_allowed
    from scale_cohort import make_scale_cohort
    n, m = (int(x) for x in size.lower().split("x"))
    cohort = make_scale_cohort(n, m, 0)
    before = _rss_mb()
    times, result = [], None
    cells = {"cells": n * m} if dense else {}
    for _ in range(runs):
        start = time.perf_counter()
        result = count_allowed(cohort, **cells)
        times.append(time.perf_counter() - start)
    return {"size": size, "seconds": round(statistics.median(times), 3),
            "extra_mb": round(_rss_mb() - before, 1), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["10000x3000"])
    parser.add_argument("-n", type=int, default=5, help="counts per size (median)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--dense", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.dense)))
        return

    def run(size: str, dense: bool) -> dict:
        cmd = [sys.executable, __file__, "--worker", size, "-n", str(args.n)]
        out = subprocess.run(cmd + (["--dense"] if dense else []), check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
        return json.loads(out)

    for size in args.sizes:
        r, base = run(size, False), run(size, True)
        same = all(r[k] == base[k] for k in ("allowed_pairs", "mentees_with_none",
                                             "mentors_with_none"))
        print(f"{r['size']}: {r['seconds']} s, +{r['extra_mb']} MB; "
              f"{r['allowed_pairs']:,} of {r['pairs']:,} pairs allowed, "
              f"{r['mentees_with_none']} mentees and {r['mentors_with_none']} mentors with none")
        print(f"  baseline (one dense block): {base['seconds']} s, +{base['extra_mb']} MB; "
              f"blocked is {base['seconds'] / max(r['seconds'], 1e-9):.1f}x the speed and "
              f"{base['extra_mb'] / max(r['extra_mb'], 1e-9):.1f}x less memory; "
              f"same counts: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
