"""Fixed costs around the matcher that docs/benchmarks.md quotes, measured now.

Usage::

    .venv/bin/python benchmarks/matcher_costs.py          # all, 6000x1800, seed 0
    .venv/bin/python benchmarks/matcher_costs.py -n 9     # more runs per figure

Prints one line per figure, each a median over fresh runs:

* scipy's sparse LAPJV floor at the benchmark's shape (seat rows x mentee
  columns, one edge per row: what a solve costs before any search);
* one block of 2.7 M pairs scored (`Scorer.block` as the candidate pass
  calls it): seconds and page faults, first block in a fresh process;
* Python's cyclic collector over the work `tandem match` pauses it for
  (read the cohort, match, write the JSON text), were it left on;
* OpenBLAS's thread pool: a process importing numpy, with and without
  ``OPENBLAS_NUM_THREADS=1``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]

PROBES = {
    "lapjv_floor": """
import time, numpy as np
from scipy.sparse import csr_matrix
from functions.matching.solver import min_weight_full_bipartite_matching as lapjv
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
    "gc": """
import gc, json, os, subprocess, sys, tempfile, time
path = os.path.join(tempfile.mkdtemp(), "cohort.json")
subprocess.run([sys.executable, "-c", "import json, sys; from matching import make_cohort; "
                f"json.dump(make_cohort(6000, 1800, {seed}), open(sys.argv[1], 'w'))", path],
               check=True)
spent, count, began = [0.0], [0], [0.0]
def watch(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
    else:
        spent[0] += time.perf_counter() - began[0]; count[0] += 1
gc.callbacks.append(watch)
# What `tandem match` does while it pauses the collector: import the matcher,
# read the cohort, match, make the JSON text.
from functions.match_cli import json_text, load_cohort
from functions.matching import match_cohort
text = json_text(match_cohort(load_cohort(path, None)).to_dict())
print(spent[0], count[0])
""",
}


def _python(code: str, env=None) -> list[float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=HERE, env=env)
    return [float(x) for x in out.stdout.split()]


def _process_seconds(argv, env) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def _env(**changes) -> dict:
    env = dict(os.environ, PYTHONPATH=ROOT)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="runs per figure (medians)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    med = statistics.median
    env = _env()
    runs = [_python(PROBES["lapjv_floor"], env) for _ in range(args.n)]
    print(f"scipy sparse LAPJV floor, 5431 seat rows x 6000 mentee columns, one edge per "
          f"row: {med(r[0] for r in runs) * 1000:.1f} ms per solve")
    runs = [_python(PROBES["block"].format(seed=args.seed), env) for _ in range(args.n)]
    print(f"one block of 1500 x 1800 pairs (first in a fresh process): "
          f"{med(r[0] for r in runs):.3f} s, {med(r[1] for r in runs):.0f} page faults")
    runs = [_python(PROBES["gc"].format(seed=args.seed), env) for _ in range(args.n)]
    print(f"cyclic GC if left on during `tandem match`'s work at 6000x1800 (imports "
          f"included): "
          f"{med(r[1] for r in runs):.0f} collections, {med(r[0] for r in runs) * 1000:.0f} ms")
    numpy_only = [sys.executable, "-c", "import numpy"]
    pool, single = [], []
    for _ in range(4 * args.n):         # a small effect: more runs, taking turns
        pool.append(_process_seconds(numpy_only, _env(OPENBLAS_NUM_THREADS=None)))
        single.append(_process_seconds(numpy_only, _env(OPENBLAS_NUM_THREADS="1")))
    print(f"process importing numpy: {med(pool) * 1000:.0f} ms with OpenBLAS's thread pool, "
          f"{med(single) * 1000:.0f} ms with OPENBLAS_NUM_THREADS=1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
