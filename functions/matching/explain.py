"""Human reasons: why a pair scores what it does, why a mentee is unmatched."""
from __future__ import annotations

import numpy as np

from .criteria import Scorer
from .values import as_code_key, as_items, as_number, is_missing
from .schema import Criterion


def num(x: float) -> str:
    """A number as people write it: 18, 18.5, 18.33."""
    x = round(float(x), 2)
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _plural(k: float, word: str) -> str:
    return f"{num(k)} {word}" + ("" if k == 1 else "s")


def _sets(c: Criterion, a, b, s) -> str:
    a, b = as_items(a), as_items(b)
    if not a:
        return f"mentee lists no {c.mentee_field}"
    if not b:
        return f"mentor lists no {c.mentor_field}"
    offered = set(b)
    shared = [str(x) for x in a if x in offered]
    return "shares " + ", ".join(shared) if shared else f"no shared {c.name}"


def _codes(c: Criterion, a, b, s) -> str:
    if as_code_key(a) is None:
        return f"mentee gives no {c.mentee_field}"
    if as_code_key(b) is None:
        return f"mentor gives no {c.mentor_field}"
    return f"same {c.mentor_field}" if as_code_key(a) == as_code_key(b) \
        else f"different {c.mentor_field}"


def _numbers(c: Criterion, a, b, s) -> str:
    if is_missing(a):
        return f"mentee gives no {c.mentee_field}"
    if is_missing(b):
        return f"mentor gives no {c.mentor_field}"
    d = as_number(b) - as_number(a)
    if c.type == "gap":
        if d == 0:
            return "same level"
        return f"{_plural(abs(d), 'level')} {'more' if d > 0 else 'less'} senior"
    hours = any(k in c.mentor_field.lower() for k in ("utc", "tz", "zone", "hour", "offset"))
    if d == 0:
        return "same time zone" if hours else f"same {c.mentor_field}"
    return f"{_plural(abs(d), 'hour')} apart" if hours else f"{num(abs(d))} apart"


def _rank(c: Criterion, a, mentor_id, s) -> str:
    ranked = as_items(a)
    if not ranked:
        return "mentee ranked no mentors"
    if mentor_id in ranked:
        return f"ranked #{ranked.index(mentor_id) + 1} of {len(ranked)}"
    return "not ranked by the mentee"


_DETAIL = {"overlap": _sets, "share": _sets, "same": _codes, "differ": _codes,
           "gap": _numbers, "near": _numbers, "rank": _rank}


def _value_codes(values: list) -> np.ndarray:
    """An integer per value; equal values (lists compared item by item) share it."""
    codes: dict = {}
    return np.fromiter((codes.setdefault(tuple(v) if type(v) is list else v, len(codes))
                        for v in values), dtype=np.int64, count=len(values))


def reasons(scorer: Scorer, e: np.ndarray, m: np.ndarray, sims: np.ndarray) -> list[list[dict]]:
    """Per pair, per criterion: similarity, points and a human detail.

    A detail depends only on the two values, and cohorts repeat values a lot
    (departments, levels, zones), so each criterion's details are worked out
    once per distinct pair of values (integer codes per value, ``np.unique``
    on the pairs) and shared; mentors' values are read once per mentor.
    """
    cohort = scorer.cohort
    points = np.round(sims * scorer.coef[None, :], 2).T.tolist()
    rounded = np.round(sims, 4).T.tolist()
    e_list = e.tolist()
    mentors, m_pos = np.unique(np.asarray(m, dtype=np.int64), return_inverse=True)
    mentor_list, m_pos = mentors.tolist(), m_pos.ravel()
    columns = []
    for c_idx, crit in enumerate(scorer.criteria):
        detail_of = _DETAIL[crit.type]
        a_vals = [cohort.mentees[i].get(crit.mentee_field) for i in e_list]
        if crit.type == "rank":
            b_vals = [cohort.mentor_ids[j] for j in mentor_list]
        else:
            b_vals = [cohort.mentors[j].get(crit.mentor_field) for j in mentor_list]
        b_codes = _value_codes(b_vals)
        key = _value_codes(a_vals) * (int(b_codes.max(initial=0)) + 1) + b_codes[m_pos]
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        sim_col = rounded[c_idx]
        found = [detail_of(crit, a_vals[k], b_vals[m_pos[k]], sim_col[k])
                 for k in first.tolist()]
        details = [found[i] for i in inverse.ravel().tolist()]
        columns.append(zip([crit.name] * len(e_list), sim_col, points[c_idx], details))
    return [[{"criterion": c, "similarity": sim, "points": pts, "detail": d}
             for c, sim, pts, d in row] for row in zip(*columns)]


def _required_message(crit: Criterion) -> str:
    if crit.type in ("overlap", "share"):
        return f"no mentor shares a {crit.name} (required)"
    if crit.type == "same":
        return f"no mentor has the same {crit.mentor_field} (required)"
    if crit.type == "differ":
        return f"no mentor has a different {crit.mentor_field} (required)"
    return f"no mentor scores above 0 on {crit.name} (required)"


#: Kinds of why-not, stable where the words carry numbers and names (reports group by them).
NO_MENTORS, FORBIDDEN, REQUIRED, BELOW_MINIMUM, FULL = (
    "no_mentors", "forbidden", "required", "below_minimum", "full")


def unmatched_reasons(scorer: Scorer, rows: np.ndarray) -> list[tuple[str, str]]:
    """Why each of ``rows`` (unmatched in an optimum) has no mentor: its
    ``(kind, reason)``, the reason in words.

    In an optimum an unmatched mentee's allowed mentors are all full: otherwise
    adding the pair would match one more mentee. So the reason is the first of:
    no mentors, all forbidden, a required criterion nobody meets, every score
    below the minimum, or allowed mentors that are all full.
    """
    required = [c for c in scorer.criteria if c.required]
    out: list[tuple[str, str]] = []
    if scorer.m == 0:
        return [(NO_MENTORS, "no mentors in the cohort")] * len(rows)
    for chunk in scorer.chunks(np.asarray(rows, dtype=np.int64)):
        block = scorer.block(chunk)
        open_ = ~block.forbidden
        any_open = open_.any(axis=1)
        pool = open_.copy()
        alone, after = [], []
        for ok in block.required_ok:
            alone.append((open_ & ok).any(axis=1))
            pool &= ok
            after.append(pool.any(axis=1))
        best = np.where(pool, block.score, -np.inf).max(axis=1)
        n_allowed = block.allowed.sum(axis=1)
        for r in range(len(chunk)):
            out.append(_why(r, any_open, alone, after, required, best, n_allowed, scorer))
    return out


def _why(r, any_open, alone, after, required, best, n_allowed, scorer) -> tuple[str, str]:
    if not any_open[r]:
        return FORBIDDEN, "all mentors forbidden"
    for idx, crit in enumerate(required):
        if not after[idx][r]:
            if not alone[idx][r]:
                return REQUIRED, _required_message(crit)
            names = ", ".join(c.name for c in required[:idx + 1])
            return REQUIRED, f"no mentor meets all the required criteria ({names})"
    k = int(n_allowed[r])
    if k == 0:
        return BELOW_MINIMUM, (f"best allowed score {num(best[r])} is below the minimum "
                               f"{num(scorer.min_score)}")
    if k == 1:
        return FULL, "the only allowed mentor is full"
    return FULL, f"{k} allowed mentors, all full"
