"""Parse and validate a cohort (the dict of docs/matching.md) into plain dataclasses.

Every refusal is a :class:`CohortError` whose message names the culprit. The
checks run before any scoring, so a bad cohort costs nothing and changes
nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import isfinite
from numbers import Real

import numpy as np

from functions.errors import CohortError

# type -> (sides it reads, its extra numeric parameter if any)
CRITERION_TYPES: dict[str, tuple[str, str | None]] = {
    "overlap": ("both", None),
    "share": ("both", None),
    "same": ("both", None),
    "differ": ("both", None),
    "gap": ("both", "target"),
    "near": ("both", "scale"),
    "rank": ("mentee", None),
}
NUMBER_TYPES = frozenset({"gap", "near"})
# A representative type for each branch of _check_value.
CHECK_TYPE = {True: "gap", False: "overlap"}

# parameter -> (predicate that must hold, message when it does not)
_PARAM_RULES = {
    "target": (lambda x: x != 0, "gap target must not be 0"),
    "scale": (lambda x: x > 0, "near scale must be > 0, got {value:g}"),
}


@dataclass(frozen=True)
class Criterion:
    """One validated criterion of the cohort's policy."""

    name: str
    type: str
    mentee_field: str
    mentor_field: str | None
    weight: float
    required: bool = False
    target: float | None = None
    scale: float | None = None


@dataclass(frozen=True)
class Cohort:
    """A validated cohort: people in file order, pairs as index arrays."""

    criteria: tuple[Criterion, ...]
    min_score: float
    mentor_ids: tuple[str, ...]
    mentee_ids: tuple[str, ...]
    mentors: tuple[dict, ...]
    mentees: tuple[dict, ...]
    capacity: np.ndarray        # (n_mentors,) int64
    forbid: np.ndarray          # (k, 2) int64: mentee index, mentor index
    require: np.ndarray         # (r, 2) int64

    @property
    def total_weight(self) -> float:
        return float(sum(c.weight for c in self.criteria))


def _is_number(x) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool) and np.isfinite(x)


def _show(x) -> str:
    import json
    try:
        return json.dumps(x)
    except (TypeError, ValueError):
        return repr(x)


def _parse_criterion(i: int, raw) -> Criterion:
    where = f"criteria[{i}]"
    if not isinstance(raw, dict):
        raise CohortError(f"{where} must be an object", where)
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise CohortError(f"{where}: missing name", f"{where}.name")
    label = f'criterion "{name}"'
    ctype = raw.get("type")
    if ctype not in CRITERION_TYPES:
        raise CohortError(
            f"{label}: unknown type {_show(ctype)} "
            f"(expected one of {', '.join(CRITERION_TYPES)})", f"{where}.type")
    if "weight" not in raw:
        raise CohortError(f"{label}: missing weight", f"{where}.weight")
    weight = raw["weight"]
    if not _is_number(weight):
        raise CohortError(f"{label}: weight must be a number, got {_show(weight)}",
                          f"{where}.weight")
    if weight < 0:
        raise CohortError(f"{label}: negative weight {weight:g}", f"{where}.weight")
    sides, param = CRITERION_TYPES[ctype]
    mentee_field = raw.get("mentee_field", raw.get("field"))
    mentor_field = raw.get("mentor_field", raw.get("field")) if sides == "both" else None
    if not isinstance(mentee_field, str) or (sides == "both" and not isinstance(mentor_field, str)):
        need = "mentee_field" if sides == "mentee" else "field (or mentee_field and mentor_field)"
        raise CohortError(f"{label}: missing {need}", f"{where}.field")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise CohortError(f"{label}: required must be true or false", f"{where}.required")
    values = {}
    if param is not None:
        value = raw.get(param)
        if value is None:
            raise CohortError(f"{label}: missing {param}", f"{where}.{param}")
        if not _is_number(value):
            raise CohortError(f"{label}: {param} must be a number, got {_show(value)}",
                              f"{where}.{param}")
        ok, message = _PARAM_RULES[param]
        if not ok(value):
            raise CohortError(f"{label}: {message.format(value=value)}", f"{where}.{param}")
        values[param] = float(value)
    return Criterion(name, ctype, mentee_field, mentor_field, float(weight), required, **values)


def _check_value(role: str, pid: str, field: str, ctype: str, value) -> None:
    """Refuse values the criterion cannot read (missing/empty is fine: s = 0)."""
    if value is None or value == "" or value == []:
        return
    if ctype in NUMBER_TYPES:
        if not _is_number(value):
            raise CohortError(f'{role} "{pid}": {field} must be a number, got {_show(value)}',
                              field)
        return
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            raise CohortError(
                f'{role} "{pid}": {field} must be a string, a number or a list of them',
                field)


def _parse_people(raw, role: str, criteria) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    key = role + "s"
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise CohortError(f"{key} must be a list", key)
    ids, seen = [], set()
    fields = [(c.mentee_field if role == "mentee" else c.mentor_field, c.type in NUMBER_TYPES)
              for c in criteria]
    fields = [(f, is_num) for f, is_num in fields if f is not None]
    for i, person in enumerate(raw):
        if not isinstance(person, dict):
            raise CohortError(f"{key}[{i}] must be an object", f"{key}[{i}]")
        pid = person.get("id")
        if not isinstance(pid, str) or not pid:
            raise CohortError(f"{key}[{i}]: missing id", f"{key}[{i}].id")
        if pid in seen:
            raise CohortError(f'duplicate {role} id "{pid}"', f"{key}[{i}].id")
        seen.add(pid)
        ids.append(pid)
        for field, is_num in fields:
            value = person.get(field)
            kind = type(value)
            # Fast paths for the usual valid values; anything else gets the
            # full check (and its message).
            if value is None or (kind is float and isfinite(value)) or kind is int:
                continue
            if not is_num and (kind is str or (kind is list and all(
                    type(x) is str for x in value))):
                continue
            _check_value(role, pid, field, CHECK_TYPE[is_num], value)
    return tuple(ids), tuple(raw)


def _parse_capacity(mentor_ids, mentors) -> np.ndarray:
    caps = np.ones(len(mentors), dtype=np.int64)
    for j, (mid, person) in enumerate(zip(mentor_ids, mentors)):
        cap = person.get("capacity", 1)
        if not _is_number(cap) or cap != int(cap):
            raise CohortError(f'mentor "{mid}": capacity must be a whole number, got {_show(cap)}',
                              "capacity")
        if cap < 0:
            raise CohortError(f'mentor "{mid}": negative capacity {int(cap)}', "capacity")
        caps[j] = int(cap)
    return caps


def _parse_pairs(raw, key, mentee_index, mentor_index, unknown: list) -> np.ndarray:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise CohortError(f"{key} must be a list of [mentee, mentor] pairs", key)
    out = []
    for i, pair in enumerate(raw):
        if (not isinstance(pair, (list, tuple)) or len(pair) != 2
                or not all(isinstance(x, str) for x in pair)):
            raise CohortError(f"{key}[{i}] must be a [mentee, mentor] pair of ids, "
                              f"got {_show(pair)}", f"{key}[{i}]")
        e, m = pair
        if e not in mentee_index:
            unknown.append((f'{key}[{i}] names unknown mentee "{e}"', f"{key}[{i}]"))
        if m not in mentor_index:
            unknown.append((f'{key}[{i}] names unknown mentor "{m}"', f"{key}[{i}]"))
        out.append((mentee_index.get(e, -1), mentor_index.get(m, -1)))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def _check_required(cohort_ids, forbid, require, capacity) -> None:
    mentee_ids, mentor_ids = cohort_ids
    both = set(map(tuple, forbid.tolist())) & set(map(tuple, require.tolist()))
    if both:
        e, m = min(both)
        raise CohortError(f'pair ["{mentee_ids[e]}", "{mentor_ids[m]}"] is both '
                          f'forbidden and required', "require")
    first: dict[int, int] = {}
    for e, m in require.tolist():
        if e in first:
            raise CohortError(f'mentee "{mentee_ids[e]}" is in two required pairs '
                              f'(with "{mentor_ids[first[e]]}" and "{mentor_ids[m]}")',
                              "require")
        first[e] = m
    load = np.bincount(require[:, 1], minlength=len(capacity)) if len(require) else \
        np.zeros(len(capacity), dtype=np.int64)
    over = np.flatnonzero(load > capacity)
    if len(over):
        j = int(over[0])
        raise CohortError(f'mentor "{mentor_ids[j]}" has {int(load[j])} required pairs '
                          f'but capacity {int(capacity[j])}', "require")


def parse_cohort(cohort) -> Cohort:
    """Validate a cohort dict and return a :class:`Cohort`; raise CohortError."""
    if not isinstance(cohort, dict):
        raise CohortError("cohort must be a JSON object")
    raw_criteria = cohort.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise CohortError("criteria must be a non-empty list", "criteria")
    criteria = tuple(_parse_criterion(i, c) for i, c in enumerate(raw_criteria))
    names = [c.name for c in criteria]
    dup = next((x for i, x in enumerate(names) if x in names[:i]), None)
    if dup is not None:
        raise CohortError(f'duplicate criterion name "{dup}"', "criteria")
    if sum(c.weight for c in criteria) <= 0:
        raise CohortError("criteria: all weights are 0", "criteria")
    min_score = cohort.get("min_score", 0)
    if not _is_number(min_score):
        raise CohortError(f"min_score must be a number, got {_show(min_score)}", "min_score")
    mentor_ids, mentors = _parse_people(cohort.get("mentors"), "mentor", criteria)
    mentee_ids, mentees = _parse_people(cohort.get("mentees"), "mentee", criteria)
    capacity = _parse_capacity(mentor_ids, mentors)
    e_index = {x: i for i, x in enumerate(mentee_ids)}
    m_index = {x: i for i, x in enumerate(mentor_ids)}
    unknown: list = []
    forbid = _parse_pairs(cohort.get("forbid"), "forbid", e_index, m_index, unknown)
    require = _parse_pairs(cohort.get("require"), "require", e_index, m_index, unknown)
    if unknown:
        raise CohortError("; ".join(msg for msg, _ in unknown), unknown[0][1])
    _check_required((mentee_ids, mentor_ids), forbid, require, capacity)
    return Cohort(criteria, float(min_score), mentor_ids, mentee_ids, mentors, mentees,
                  capacity, forbid, require)
