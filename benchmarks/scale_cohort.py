"""A second, independent cohort generator for scale runs (issue 14's cohort).

Usage::

    .venv/bin/python benchmarks/scale_cohort.py 50000x15000 -o /tmp/cohort.json
    /usr/bin/time -v .venv/bin/tandem match /tmp/cohort.json -o /tmp/result.json

Unlike ``matching.make_cohort`` (which the engine was tuned on), this one is
shaped like a large company: 120 skills whose popularity follows a steep Zipf
law on both sides (a few skills everybody wants and many offer), a required
language (one dominant, a long tail of speakers of only a minor one),
capacities 1-5, ``min_score`` 20, seniority with a target gap of 2, time
zones in regional clusters, and departments.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np

SKILLS = [f"s{i:03d}" for i in range(120)]
LANGUAGES = ["en", "de", "fr", "es", "ja", "pt", "zh", "it", "pl", "ko"]
LANGUAGE_P = np.array([0.62, 0.10, 0.07, 0.06, 0.04, 0.03, 0.03, 0.02, 0.02, 0.01])
REGIONS = [(-7.0, 2.0), (0.0, 1.5), (8.0, 1.5)]      # (centre, spread) of UTC offsets
DEPARTMENTS = [f"d{i:02d}" for i in range(25)]

CRITERIA = [
    {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
     "weight": 50},
    {"name": "language", "type": "share", "field": "languages", "weight": 10, "required": True},
    {"name": "level", "type": "gap", "field": "level", "target": 2, "weight": 20},
    {"name": "tz", "type": "near", "field": "tz", "scale": 8, "weight": 10},
    {"name": "dept", "type": "differ", "field": "dept", "weight": 10},
]


def _zipf(k: int, a: float) -> np.ndarray:
    p = 1.0 / np.arange(1, k + 1) ** a
    return p / p.sum()


def make_scale_cohort(n_mentees: int, n_mentors: int, seed: int = 0) -> dict:
    """A seeded cohort as described in the module docstring."""
    rng = np.random.default_rng(seed)
    skill_p = _zipf(len(SKILLS), 1.1)

    def people(count, mentor):
        sizes = rng.integers(2, 9, count) if mentor else rng.integers(1, 4, count)
        n_lang = rng.choice([1, 2, 3], count, p=[0.6, 0.3, 0.1])
        region = rng.integers(len(REGIONS), size=count)
        level = rng.integers(3, 10, count) if mentor else rng.integers(1, 7, count)
        dept = rng.integers(len(DEPARTMENTS), size=count)
        out = []
        for i in range(count):
            centre, spread = REGIONS[region[i]]
            person = {
                "id": f"{'m' if mentor else 'e'}{i}",
                "offers" if mentor else "wants": [
                    SKILLS[k] for k in rng.choice(len(SKILLS), sizes[i], replace=False,
                                                  p=skill_p)],
                "languages": [LANGUAGES[k] for k in rng.choice(
                    len(LANGUAGES), n_lang[i], replace=False, p=LANGUAGE_P)],
                "level": int(level[i]),
                "tz": float(np.round(rng.normal(centre, spread))),
                "dept": DEPARTMENTS[dept[i]],
            }
            if mentor:
                person["capacity"] = int(rng.integers(1, 6))
            out.append(person)
        return out

    return {"criteria": CRITERIA, "min_score": 20,
            "mentors": people(n_mentors, True), "mentees": people(n_mentees, False)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="mentees x mentors, e.g. 50000x15000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    n, m = (int(x) for x in args.size.lower().split("x"))
    with open(args.output, "w") as f:
        json.dump(make_scale_cohort(n, m, args.seed), f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
