"""Fixtures and a plain-Python reference of the contract for the matcher tests."""
from __future__ import annotations

import copy

import numpy as np
import pytest

EXAMPLE = {
    "criteria": [
        {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
         "weight": 40},
        {"name": "language", "type": "share", "field": "languages", "weight": 10,
         "required": True},
        {"name": "dept", "type": "differ", "field": "department", "weight": 10},
        {"name": "level", "type": "gap", "field": "seniority", "target": 2, "weight": 20},
        {"name": "tz", "type": "near", "field": "utc_offset", "scale": 6, "weight": 15},
        {"name": "site", "type": "same", "field": "office", "weight": 5},
        {"name": "choice", "type": "rank", "mentee_field": "preferred_mentors", "weight": 0},
    ],
    "min_score": 30,
    "mentors": [{"id": "m1", "capacity": 2, "offers": ["python", "sql"], "languages": ["en"],
                 "department": "data", "seniority": 5, "utc_offset": 1, "office": "Berlin"}],
    "mentees": [{"id": "e1", "wants": ["python", "leadership"], "languages": ["en", "de"],
                 "department": "sales", "seniority": 1, "utc_offset": 2,
                 "preferred_mentors": ["m1"]}],
    "forbid": [["e1", "m9"]],
    "require": [["e2", "m1"]],
}


@pytest.fixture
def example():
    """A one-mentor cohort whose forbid and require name people not in it (m9, e2)."""
    return copy.deepcopy(EXAMPLE)


@pytest.fixture
def small():
    """A valid three-by-two cohort to break in error tests."""
    return {
        "criteria": [
            {"name": "skills", "type": "overlap", "mentee_field": "wants",
             "mentor_field": "offers", "weight": 2},
            {"name": "level", "type": "gap", "field": "seniority", "target": 2, "weight": 1},
            {"name": "tz", "type": "near", "field": "utc_offset", "scale": 6, "weight": 1},
        ],
        "mentors": [{"id": "m1", "capacity": 1, "offers": ["python"], "seniority": 4},
                    {"id": "m2", "capacity": 2, "offers": ["sql"], "seniority": 3}],
        "mentees": [{"id": "e1", "wants": ["python"], "seniority": 1},
                    {"id": "e2", "wants": ["sql"], "seniority": 1},
                    {"id": "e3", "wants": ["sql", "python"], "seniority": 2}],
    }


# --- reference implementation of docs/matching.md, one pair at a time --------

def _missing(v):
    return v is None or v == "" or v == []


def _items(v):
    if _missing(v):
        return []
    return list(dict.fromkeys(x for x in (v if isinstance(v, list) else [v]) if not _missing(x)))


def ref_similarity(crit, mentee, mentor, mentor_id):
    mf = crit.get("mentee_field", crit.get("field"))
    of = crit.get("mentor_field", crit.get("field"))
    a = mentee.get(mf)
    t = crit["type"]
    if t == "rank":
        ranked = _items(a)
        if mentor_id not in ranked:
            return 0.0
        return (len(ranked) - ranked.index(mentor_id)) / len(ranked)
    b = mentor.get(of)
    if _missing(a) or _missing(b):
        return 0.0
    if t in ("overlap", "share"):
        a, b = _items(a), set(_items(b))
        common = sum(1 for x in a if x in b)
        return common / len(a) if t == "overlap" else float(common > 0)
    if t in ("same", "differ"):
        return float((a == b) == (t == "same"))
    d = b - a
    if t == "gap":
        return min(1.0, max(0.0, d / crit["target"]))
    return max(0.0, 1 - abs(d) / crit["scale"])


def ref_score(cohort, i, j):
    crits = cohort["criteria"]
    total = sum(c["weight"] for c in crits)
    mentee, mentor = cohort["mentees"][i], cohort["mentors"][j]
    sims = [ref_similarity(c, mentee, mentor, mentor["id"]) for c in crits]
    return 100 * sum(c["weight"] * s for c, s in zip(crits, sims)) / total, sims


def ref_allowed(cohort):
    """(score, allowed) matrices computed pair by pair."""
    n, m = len(cohort["mentees"]), len(cohort["mentors"])
    score = np.zeros((n, m))
    allowed = np.zeros((n, m), dtype=bool)
    forbid = {tuple(p) for p in cohort.get("forbid", [])}
    for i, e in enumerate(cohort["mentees"]):
        for j, o in enumerate(cohort["mentors"]):
            s, sims = ref_score(cohort, i, j)
            score[i, j] = s
            req_ok = all(x > 0 for c, x in zip(cohort["criteria"], sims) if c.get("required"))
            allowed[i, j] = ((e["id"], o["id"]) not in forbid and req_ok
                             and s >= cohort.get("min_score", 0) - 1e-9)
    for e, o in cohort.get("require", []):
        i = [p["id"] for p in cohort["mentees"]].index(e)
        j = [p["id"] for p in cohort["mentors"]].index(o)
        allowed[i, j] = True
    return score, allowed


def brute_force(cohort):
    """Best (matched count, total score) by trying every assignment."""
    score, allowed = ref_allowed(cohort)
    n, m = score.shape
    cap = [p.get("capacity", 1) for p in cohort["mentors"]]
    ids = [p["id"] for p in cohort["mentees"]]
    mids = [p["id"] for p in cohort["mentors"]]
    fixed = {ids.index(e): mids.index(o) for e, o in cohort.get("require", [])}
    best = (-1, -1.0)

    def go(i, count, total, load):
        nonlocal best
        if i == n:
            if (count, total) > (best[0], best[1] + 1e-9):
                best = (count, total)
            return
        options = [fixed[i]] if i in fixed else [None] + [j for j in range(m) if allowed[i, j]]
        for j in options:
            if j is None:
                go(i + 1, count, total, load)
            elif load[j] < cap[j]:
                load[j] += 1
                go(i + 1, count + 1, total + score[i, j], load)
                load[j] -= 1

    go(0, 0, 0.0, [0] * m)
    return best


def random_cohort(rng, n, m, seats_per_mentee=1.0, min_score=20, n_forbid=0):
    """A seeded, structured cohort of n mentees and m mentors."""
    skills = [f"s{k}" for k in range(12)]
    p = 1 / np.arange(1, 13) ** 1.1
    p /= p.sum()
    caps = rng.integers(1, 6, m)
    caps = np.maximum(0, np.round(caps * seats_per_mentee * n / max(caps.sum(), 1))).astype(int)

    def person(role, k):
        return {
            "id": f"{role}{k}",
            "skills": [skills[x] for x in rng.choice(12, rng.integers(1, 4), replace=False, p=p)],
            "lang": ["en"] if rng.random() < 0.7 else ["de", "fr"][rng.integers(2):],
            "dept": f"d{rng.integers(5)}",
            "level": int(rng.integers(1, 9)),
            "tz": float(rng.integers(-3, 4)),
        }

    mentors = [dict(person("m", j), capacity=int(caps[j])) for j in range(m)]
    mentees = [person("e", i) for i in range(n)]
    forbid = [[f"e{rng.integers(n)}", f"m{rng.integers(m)}"] for _ in range(n_forbid)]
    return {
        "criteria": [
            {"name": "skills", "type": "overlap", "field": "skills", "weight": 40},
            {"name": "language", "type": "share", "field": "lang", "weight": 10,
             "required": True},
            {"name": "dept", "type": "differ", "field": "dept", "weight": 10},
            {"name": "level", "type": "gap", "field": "level", "target": 3, "weight": 20},
            {"name": "tz", "type": "near", "field": "tz", "scale": 4, "weight": 15},
        ],
        "min_score": min_score, "mentors": mentors, "mentees": mentees, "forbid": forbid,
    }
