"""Two fixed costs inside the matcher at 6000x1800, in fresh processes.

Usage::

    .venv/bin/python benchmarks/matcher_costs.py          # seed 0, medians of 5
    .venv/bin/python benchmarks/matcher_costs.py -n 9     # more runs per figure

Prints one line per figure, each a median over fresh runs:

* scipy's sparse LAPJV floor at the benchmark's shape (seat rows x mentee
  columns, one edge per row: what a solve costs before any search);
* one block of 2.7 M pairs scored (`Scorer.block` as the candidate pass
  calls it): seconds and page faults, first block in a fresh process.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]

PROBES = {
    "lapjv_floor": """
import time, numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching as lapjv
seats, mentees = 5431, 6000
g = csr_matrix((np.full(seats, 2.0), (np.arange(seats), np.arange(seats))), shape=(seats, mentees))
lapjv(g)
t = time.perf_counter(); lapjv(g); print(time.perf_counter() - t)
""",
    "block": """
import resource, time, numpy as np
from matching import make_cohort
from functions.matching.criteria import Scorer
from functions.matching.schema import parse_cohort
scorer = Scorer(parse_cohort(make_cohort(6000, 1800, {seed})))
scorer.prepare()
active = np.ones(scorer.m, dtype=bool)
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
t = time.perf_counter()
scorer.block(np.arange(1500), active=active, select=True, mask=True)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults)
""",
}


def _python(code: str, env=None) -> list[float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=HERE, env=env)
    return [float(x) for x in out.stdout.split()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="runs per figure (medians)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    med = statistics.median
    env = dict(os.environ, PYTHONPATH=ROOT)
    runs = [_python(PROBES["lapjv_floor"], env) for _ in range(args.n)]
    print(f"scipy sparse LAPJV floor, 5431 seat rows x 6000 mentee columns, one edge per "
          f"row: {med(r[0] for r in runs) * 1000:.1f} ms per solve")
    runs = [_python(PROBES["block"].format(seed=args.seed), env) for _ in range(args.n)]
    print(f"one block of 1500 x 1800 pairs (first in a fresh process): "
          f"{med(r[0] for r in runs):.3f} s, {med(r[1] for r in runs):.0f} page faults")
    return 0


if __name__ == "__main__":
    sys.exit(main())
