"""Binding goals against the unconstrained matcher, on the same cohort in the
same process: time, the ratio, and the price of the goals.

Usage::

    .venv/bin/python benchmarks/goals.py 10000x3000
    .venv/bin/python benchmarks/goals.py 2000x600 10000x3000 --points 2 --share 60

The cohort is ``benchmarks/matching.py``'s ``make_cohort`` (departments,
levels, skills, languages, zones). The goals: every department's matched rate
within ``--points`` points of the cohort's, and with ``--share``, at least that
% of pairs from different departments (both binding). Times are of
``match_cohort`` alone (the cohort is generated first, not timed); the run
with goals computes the unconstrained optimum too, since the price is
measured against it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]


def run(size: str, seed: int, points: float, share: float | None) -> dict:
    from functions.matching import match_cohort
    from matching import make_cohort
    n, m = (int(x) for x in size.lower().split("x"))
    cohort = make_cohort(n, m, seed)
    start = time.perf_counter()
    free = match_cohort(cohort)
    plain = time.perf_counter() - start
    goals = [{"kind": "parity", "field": "department", "points": points, "binding": True}]
    if share is not None:
        goals.append({"kind": "mix", "criterion": {"type": "differ", "field": "department"},
                      "share": share, "binding": True})
    marks = []
    start = time.perf_counter()

    def note(stage):
        marks.append((round(time.perf_counter() - start, 2), stage))
        print(*marks[-1], file=sys.stderr, flush=True)     # a long run shows where it is
    kept = match_cohort(dict(cohort, goals=goals), progress=note)
    with_goals = time.perf_counter() - start
    before = next((g for g in match_cohort(dict(cohort, goals=[dict(x, binding=False)
                                                               for x in goals])).stats["goals"]),
                  None)
    return {"size": size, "seed": seed, "unconstrained_s": round(plain, 2),
            "goals_s": round(with_goals, 2), "ratio": round(with_goals / plain, 1),
            "matched": [free.stats["matched"], kept.stats["matched"]],
            "goals_before": before, "goals": kept.stats["goals"],
            "price": kept.stats.get("price"), "stages": marks[-6:]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", help="e.g. 10000x3000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--points", type=float, default=2.0)
    parser.add_argument("--share", type=float, default=None)
    args = parser.parse_args(argv)
    for size in args.sizes:
        print(json.dumps(run(size, args.seed, args.points, args.share)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
