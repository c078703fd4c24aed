"""Scale runs: the matcher on ``scale_cohort`` cohorts, time and peak memory.

Usage::

    .venv/bin/python benchmarks/scale.py 10000x3000 20000x6000 50000x15000
    .venv/bin/python benchmarks/scale.py 50000x15000 --json runs.jsonl   # append results
    .venv/bin/python benchmarks/scale.py 1000x300 --engine /tmp/old      # another checkout
    .venv/bin/python benchmarks/scale.py 10000x3000 --generator matching  # make_cohort

Each size runs in its own subprocess: the cohort is generated there (not
timed), then ``match_cohort`` runs with progress marks. Peak RSS is the
process's ru_maxrss (the interpreter, numpy/scipy and the cohort as Python
objects included; "before" is the RSS just before matching); CPU seconds
are the process's user + system time while matching. The optimum is
reported as matched count and exact total score, so two engines can be
compared on the same cohort.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process, all threads (steadier than wall-clock
    seconds on a shared machine; above them when the passes run on 2 cores)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(size: str, seed: int, generator: str) -> dict:
    from functions.matching import match_cohort
    from matching import _stage_seconds, make_cohort
    from scale_cohort import make_scale_cohort
    n, m = (int(x) for x in size.lower().split("x"))
    cohort = (make_scale_cohort if generator == "scale" else make_cohort)(n, m, seed)
    before = _rss_mb()
    marks = []
    cpu = _cpu_s()
    start = time.perf_counter()
    result = match_cohort(cohort, progress=lambda s: marks.append((time.perf_counter(), s)))
    seconds = time.perf_counter() - start
    return {"size": size, "seed": seed, "generator": generator, "seconds": round(seconds, 2),
            "cpu_s": round(_cpu_s() - cpu, 1),
            "peak_mb": round(_rss_mb()), "before_mb": round(before),
            "matched": result.stats["matched"], "total": result.total_score,
            "seats": sum(p.get("capacity", 1) for p in cohort["mentors"]),
            "load": os.getloadavg()[0],
            "stages": [[k, c, round(s, 2)] for k, c, s in _stage_seconds(marks, start + seconds)]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", help="e.g. 50000x15000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", default=ROOT,
                        help="directory holding the functions/matching package to run")
    parser.add_argument("--generator", choices=["scale", "matching"], default="scale",
                        help="scale_cohort.py (default) or matching.py's make_cohort")
    parser.add_argument("--json", help="append one JSON line per run to this file")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        sys.path[:0] = [args.engine, HERE]
        print(json.dumps(worker(args.worker[0], int(args.worker[1]), args.generator)))
        return 0
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--engine", args.engine,
                              "--generator", args.generator, "--worker", size, str(args.seed)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        run = json.loads(out.stdout.strip().splitlines()[-1])
        run["engine"] = args.engine
        stages = "; ".join(f"{k} {c}x {s:.1f}s" for k, c, s in run["stages"])
        print(f"{size}: {run['seconds']:.1f} s ({run['cpu_s']:.0f} s CPU), peak {run['peak_mb']} MB "
              f"(before {run['before_mb']}), matched {run['matched']}/{run['seats']} seats, "
              f"total {run['total']:.6f}, load {run['load']:.1f} | {stages}", flush=True)
        if args.json:
            with open(args.json, "a") as f:
                f.write(json.dumps(run) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
