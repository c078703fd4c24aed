"""Benchmark: the fast matcher against replicated-seat scipy, same cohorts, same run.

Usage::

    .venv/bin/python benchmarks/matching.py                  # 1000x300, 6000x1800, 10000x3000
    .venv/bin/python benchmarks/matching.py --sizes 1000x300

Cohorts come from :func:`make_cohort` (seeded). Each measurement is
``match_cohort`` in process, in its own subprocess, so the peak memory
(ru_maxrss) is that method's alone.
Cohort generation is not timed (it is in the RSS: the "before" column is the
process just before matching).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime, timezone

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]

DEFAULT_SIZES = ["1000x300", "6000x1800", "10000x3000"]

# --- deterministic, structured cohorts ------------------------------------

SKILLS = [f"skill{i:02d}" for i in range(30)]
LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "pl", "nl"]
LANGUAGE_P = np.array([0.55, 0.12, 0.09, 0.08, 0.05, 0.05, 0.03, 0.03])
DEPARTMENTS = [f"dept{i:02d}" for i in range(12)]
OFFICES = ["Berlin", "Lisbon", "Paris", "Madrid", "Warsaw", "Remote", "Dublin", "Milan"]
ZONES = np.array([-8, -5, -3, 0, 1, 2, 3, 5.5, 8, 9])

CRITERIA = [
    {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
     "weight": 40},
    {"name": "language", "type": "share", "field": "languages", "weight": 10, "required": True},
    {"name": "dept", "type": "differ", "field": "department", "weight": 10},
    {"name": "level", "type": "gap", "field": "seniority", "target": 3, "weight": 20},
    {"name": "tz", "type": "near", "field": "utc_offset", "scale": 6, "weight": 15},
    {"name": "site", "type": "same", "field": "office", "weight": 5},
]


def _zipf(k: int, a: float) -> np.ndarray:
    p = 1.0 / np.arange(1, k + 1) ** a
    return p / p.sum()


def make_cohort(n_mentees: int, n_mentors: int, seed: int = 0, min_score: float = 25) -> dict:
    """A cohort with skewed skill popularity, languages, departments, levels, zones."""
    rng = np.random.default_rng(seed)
    want_p, offer_p = _zipf(len(SKILLS), 1.2), _zipf(len(SKILLS), 0.6)

    def people(count, role):
        out = []
        sizes = rng.integers(1, 5, count) if role == "mentee" else rng.integers(2, 7, count)
        p = want_p if role == "mentee" else offer_p
        n_lang = rng.integers(1, 3, count)
        for i in range(count):
            person = {"id": f"{role[1] if role == 'mentee' else 'm'}{i}"}
            person["wants" if role == "mentee" else "offers"] = [
                SKILLS[k] for k in sorted(rng.choice(len(SKILLS), sizes[i], replace=False, p=p))]
            person["languages"] = [LANGUAGES[k] for k in sorted(
                rng.choice(len(LANGUAGES), n_lang[i], replace=False, p=LANGUAGE_P))]
            person["department"] = DEPARTMENTS[rng.integers(len(DEPARTMENTS))]
            low, high = (1, 5) if role == "mentee" else (3, 9)
            person["seniority"] = int(rng.integers(low, high))
            person["utc_offset"] = float(ZONES[rng.integers(len(ZONES))])
            person["office"] = OFFICES[rng.integers(len(OFFICES))]
            if role == "mentor":
                person["capacity"] = int(rng.integers(1, 6))
            out.append(person)
        return out

    mentors = people(n_mentors, "mentor")
    mentees = people(n_mentees, "mentee")
    return {"criteria": CRITERIA, "min_score": min_score, "mentors": mentors, "mentees": mentees}


# --- measurement -----------------------------------------------------------


def _size(text: str) -> tuple[int, int]:
    n, m = text.lower().split("x")
    return int(n), int(m)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(size: str, method: str, seed: int) -> None:
    """Run one method on one cohort; print a JSON line."""
    from functions.matching import match_cohort
    n, m = _size(size)
    cohort = make_cohort(n, m, seed)
    before = _rss_mb()
    marks = []              # (time, stage) as the matcher reports its progress
    start = time.perf_counter()
    result = match_cohort(cohort, method=method,
                          progress=lambda stage: marks.append((time.perf_counter(), stage)))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _rss_mb(), "before_mb": before,
                      "matched": result.stats["matched"], "total": result.total_score,
                      "seats": sum(p.get("capacity", 1) for p in cohort["mentors"]),
                      "stages": _stage_seconds(marks, start + seconds)}))


def _stage_seconds(marks, end) -> list:
    """[stage kind, times, seconds] from progress marks: "solving round 3
    (13216 pairs)" counts as "solving", each until the next mark."""
    totals: dict = {}
    for (t, stage), (t_next, _) in zip(marks, marks[1:] + [(end, "")]):
        kind = stage.split(" round")[0].split(" (")[0]
        count, secs = totals.get(kind, (0, 0.0))
        totals[kind] = (count + 1, secs + t_next - t)
    return [[kind, count, secs] for kind, (count, secs) in totals.items()]


def _run_worker(size, method, seed):
    out = subprocess.run([sys.executable, __file__, "--worker", size, method, str(seed)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=DEFAULT_SIZES, help="e.g. 6000x1800")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-baseline", action="store_true",
                        help="time only the fast matcher (for sizes the baseline cannot hold)")
    parser.add_argument("--stages", action="store_true",
                        help="also print where the fast matcher's time goes, stage by stage")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], int(args.worker[2]))
        return 0

    print(f"# matching benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"# {platform.platform()}, python {platform.python_version()}, "
          f"{os.cpu_count()} cpus, seed {args.seed}\n")
    print("| mentees x mentors | seats | method | seconds | peak RSS MB (before) "
          "| matched | total score | speed-up | optima agree |")
    print("|---|---|---|---|---|---|---|---|---|")
    stages = {}
    for size in args.sizes:
        fast = _run_worker(size, "fast", args.seed)
        stages[size] = fast["stages"]
        rows = [("fast", fast)]
        if not args.no_baseline:
            rows.append(("baseline", _run_worker(size, "baseline", args.seed)))
        base = rows[-1][1] if len(rows) == 2 else None
        for method, r in rows:
            ratio = f"{base['seconds'] / r['seconds']:.1f}x" if base and method == "fast" else ""
            agree = ""
            if base and method == "fast":
                same = r["matched"] == base["matched"] and abs(r["total"] - base["total"]) < 1e-6
                agree = "yes" if same else f"NO ({r['total'] - base['total']:+.6f})"
            print(f"| {size.replace('x', ' x ')} | {r['seats']} | {method} | {r['seconds']:.2f} | "
                  f"{r['peak_mb']:.0f} ({r['before_mb']:.0f}) | {r['matched']} | "
                  f"{r['total']:.4f} | {ratio} | {agree} |", flush=True)
    if args.stages:
        print("\nWhere the fast matcher's time goes (stage: times run, seconds):")
        for size, parts in stages.items():
            print(f"{size}: " + "; ".join(f"{kind} {count}x {secs:.3f} s"
                                          for kind, count, secs in parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
