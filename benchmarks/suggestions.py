"""Benchmark: suggest_all (a choice-mode run's suggestions) on seeded cohorts.

Usage::

    .venv/bin/python benchmarks/suggestions.py                 # 10000x3000, top 5
    .venv/bin/python benchmarks/suggestions.py --sizes 1000x300 --top 5

Cohorts come from ``benchmarks/matching.py``'s ``make_cohort`` (seeded);
generating them is not timed.

The baseline, measured in the same run: the engine's one-mentee ``suggest``
called per mentee, timed on a seeded sample of ``--sample`` mentees and
scaled to the whole cohort (calling it 10,000 times would take minutes); the
sample's answers must equal ``suggest_all``'s.
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

    import random

    from functions.matching import suggest, suggest_all
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", nargs="+", default=["10000x3000"])
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=int, default=20)
    args = ap.parse_args()
    for size in args.sizes:
        n, m = (int(x) for x in size.lower().split("x"))
        cohort = make_cohort(n, m, args.seed)
        start = time.perf_counter()
        found = suggest_all(cohort, args.top)
        seconds = time.perf_counter() - start
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        ids = [e["id"] for e in cohort["mentees"]]
        sample = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
        start = time.perf_counter()
        one_by_one = {e: suggest(cohort, e, args.top) for e in sample}
        per_mentee = (time.perf_counter() - start) / len(sample)
        baseline = per_mentee * len(ids)
        print(json.dumps({"size": size, "top": args.top, "seconds": round(seconds, 2),
                          "suggestions": sum(len(v) for v in found.values()),
                          "peak_mb": peak,
                          "baseline_seconds": round(baseline, 1),
                          "baseline": f"suggest per mentee, {len(sample)} timed, scaled",
                          "ratio": round(baseline / seconds, 1),
                          "same_as_baseline": all(found[e] == one_by_one[e] for e in sample)}))


if __name__ == "__main__":
    main()
