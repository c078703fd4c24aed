"""Benchmark: suggest_all (a choice-mode run's suggestions) on seeded cohorts.

Usage::

    .venv/bin/python benchmarks/suggestions.py                 # 10000x3000, top 5
    .venv/bin/python benchmarks/suggestions.py --sizes 1000x300 --top 5

Cohorts come from ``benchmarks/matching.py``'s ``make_cohort`` (seeded);
generating them is not timed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]


def main() -> None:
    from matching import make_cohort

    from functions.matching import suggest_all
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", nargs="+", default=["10000x3000"])
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for size in args.sizes:
        n, m = (int(x) for x in size.lower().split("x"))
        cohort = make_cohort(n, m, args.seed)
        start = time.perf_counter()
        found = suggest_all(cohort, args.top)
        seconds = time.perf_counter() - start
        print(json.dumps({"size": size, "top": args.top, "seconds": round(seconds, 2),
                          "suggestions": sum(len(v) for v in found.values()),
                          "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                           / 1024)}))


if __name__ == "__main__":
    main()
