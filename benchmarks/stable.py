"""Stable choice (deferred acceptance) on a ``make_cohort`` cohort: each
mentee ranks N mentors at random; the time of ``stable_choice`` (scoring the
ranked mentees' rows for the mentors' orders, then deferred acceptance).

Usage::

    .venv/bin/python benchmarks/stable.py 10000x3000 -n 5
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]


def main(argv=None) -> int:
    import numpy as np
    from functions.matching.stable import stable_choice
    from matching import make_cohort
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+")
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for size in args.sizes:
        n, m = (int(x) for x in size.lower().split("x"))
        cohort = make_cohort(n, m, args.seed)
        rng = np.random.default_rng(args.seed)
        ids = [p["id"] for p in cohort["mentors"]]
        ranked = {p["id"]: [ids[j] for j in rng.choice(m, args.n, replace=False)]
                  for p in cohort["mentees"]}
        start = time.perf_counter()
        out = stable_choice(cohort, ranked, args.n)
        print(json.dumps({"size": size, "n": args.n,
                          "seconds": round(time.perf_counter() - start, 2),
                          "matched": len(out["matches"])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
