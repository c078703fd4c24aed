"""The policy editor's count: ``count_allowed`` on scale cohorts, time and memory.

Usage::

    .venv/bin/python benchmarks/count_allowed.py                    # 10000x3000, 5 runs
    .venv/bin/python benchmarks/count_allowed.py 1000x300 50000x15000 -n 3

Each size runs in its own subprocess: the cohort comes from
``scale_cohort.make_scale_cohort`` (not timed); the figure is the median of
``-n`` counts and the peak RSS over the RSS just before counting.
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


def worker(size: str, runs: int) -> dict:
    sys.path[:0] = [HERE, ROOT]
    from functions.matching import count_allowed
    from scale_cohort import make_scale_cohort
    n, m = (int(x) for x in size.lower().split("x"))
    cohort = make_scale_cohort(n, m, 0)
    before = _rss_mb()
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = count_allowed(cohort)
        times.append(time.perf_counter() - start)
    return {"size": size, "seconds": round(statistics.median(times), 3),
            "extra_mb": round(_rss_mb() - before, 1), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["10000x3000"])
    parser.add_argument("-n", type=int, default=5, help="counts per size (median)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n)))
        return
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", size, "-n", str(args.n)],
                             check=True, capture_output=True, text=True, cwd=ROOT).stdout
        r = json.loads(out)
        print(f"{r['size']}: {r['seconds']} s, +{r['extra_mb']} MB; "
              f"{r['allowed_pairs']:,} of {r['pairs']:,} pairs allowed, "
              f"{r['mentees_with_none']} mentees and {r['mentors_with_none']} mentors with none")


if __name__ == "__main__":
    main()
