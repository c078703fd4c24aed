"""One certificate pass on the one-byte bounds: this engine against another
checkout's, on the same bounds and prices, CPU seconds.

Usage::

    .venv/bin/python benchmarks/scale_passes.py 30000x9000 --engine /tmp/old

Matches a ``scale_cohort`` cohort (above the score cache, so the passes read
bounds), keeps the bounds and the prices of its last certificate pass, then
runs that pass with this checkout's ``bounds.py`` and with the other
checkout's, alternating, three times each. Prints each run's CPU and wall
seconds and the pairs found (they must agree), and the ratio of the medians
of CPU seconds (steadier than wall-clock seconds on a shared machine).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]


def main(argv=None) -> int:
    import numpy as np

    from functions.matching import candidates, match_cohort, solver
    from scale_cohort import make_scale_cohort
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="e.g. 30000x9000")
    parser.add_argument("--engine", required=True, help="the other checkout")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = os.path.join(args.engine, "functions", "matching", "bounds.py")
    spec = importlib.util.spec_from_file_location("functions.matching._other_bounds", path)
    other = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(other)      # its relative imports resolve to this package

    kept, real = [], candidates.violations

    def keep(scorer, rows, capacity, u, v, cache, limit, margin=0.0, bounds=None):
        if bounds is not None:
            kept[:] = [(scorer, rows, u.copy(), v.copy(), limit, margin, bounds)]
        return real(scorer, rows, capacity, u, v, cache, limit, margin, bounds)
    solver.violations = keep
    n, m = (int(x) for x in args.size.lower().split("x"))
    match_cohort(make_scale_cohort(n, m, 0))
    if not kept:
        sys.exit("no certificate pass read bounds: pick a size above solver.CACHE_CELLS")
    scorer, rows, u, v, limit, margin, mine = kept[0]
    theirs = other.Bounds()
    theirs.blocks = mine.blocks
    runs = {"this": [], "other": []}
    for _ in range(args.repeat):
        for name, bounds in (("other", theirs), ("this", mine)):
            cpu, wall = time.process_time(), time.perf_counter()
            found = bounds.violations(scorer, rows, u, v, limit, margin,
                                      candidates.TOLERANCE, candidates.in_blocks)
            runs[name].append((round(time.process_time() - cpu, 2),
                               round(time.perf_counter() - wall, 2),
                               0 if found is None else len(found[0])))
    for name, got in runs.items():
        print(name, "(CPU s, wall s, pairs):", got)
    ratio = np.median([r[0] for r in runs["this"]]) / np.median([r[0] for r in runs["other"]])
    print(f"CPU this / other: {ratio:.2f}, load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
