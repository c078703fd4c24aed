"""Program goals on a cohort: parsed, measured on an assignment, and the
linear rows that make the binding ones constraints (``constrained.py``).

Three kinds (``docs/matching.md`` §10):

* ``reach`` -- at least ``share`` % of the mentees (or mentors) answer
  ``field`` with ``group``. It is about who is in the cohort, so it is
  measured, never bound.
* ``parity`` -- every group (the mentees sharing an answer to ``field``;
  a missing answer is in no group) has a matched rate within ``points``
  points of the whole cohort's.
* ``mix`` -- at least ``share`` % of the pairs satisfy ``criterion`` (a
  criterion as in the policy, e.g. ``differ`` on department or ``gap``
  target 2 on level): its similarity is full (1) for the pair.

A parity or mix goal with ``"binding": true`` is kept by the matcher.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field

import numpy as np

from .encoders import ENCODERS
from .schema import CHECK_TYPE, NUMBER_TYPES, CohortError, _check_value, _is_number, \
    _parse_criterion
from .values import as_code_key

KINDS = ("reach", "parity", "mix")
#: A similarity at least this is "full": the pair satisfies a mix comparison.
FULL = 1.0 - 1e-9
#: Goals are checked with this slack (a fraction), like min_score's.
GOAL_EPS = 1e-9


@dataclass
class Goal:
    """One parsed goal; ``groups``/``sat`` are filled by :func:`compile_goals`."""

    index: int
    kind: str
    name: str
    binding: bool
    field: str | None = None
    group: str | None = None
    role: str = "mentee"
    share: float | None = None         # fraction (reach, mix)
    points: float | None = None        # fraction (parity)
    criterion: object = None           # schema.Criterion (mix)
    codes: np.ndarray | None = None    # parity: group code per mentee, -1 none
    names: list = dc_field(default_factory=list)
    encoder: object = None             # mix: the criterion's encoder


def _number(raw, key, where, low, high):
    value = raw.get(key)
    if not _is_number(value) or not low <= value <= high:
        raise CohortError(f"{where}: {key} must be a number from {low:g} to {high:g}, "
                          f"got {value!r}", f"{where}.{key}")
    return float(value)


def parse_goals(raw, cohort) -> list[Goal]:
    """The cohort's ``goals`` (default none), checked; CohortError otherwise."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CohortError("goals must be a list", "goals")
    out = []
    for i, g in enumerate(raw):
        where = f"goals[{i}]"
        if not isinstance(g, dict):
            raise CohortError(f"{where} must be an object", where)
        kind = g.get("kind")
        if kind not in KINDS:
            raise CohortError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}",
                              f"{where}.kind")
        binding = g.get("binding", False)
        if not isinstance(binding, bool):
            raise CohortError(f"{where}: binding must be true or false", f"{where}.binding")
        goal = Goal(i, kind, str(g.get("name") or ""), binding and kind != "reach")
        if kind in ("reach", "parity"):
            goal.field = g.get("field")
            if not isinstance(goal.field, str) or not goal.field:
                raise CohortError(f"{where}: missing field", f"{where}.field")
        if kind == "reach":
            goal.group = g.get("group")
            if goal.group is None:
                raise CohortError(f"{where}: missing group", f"{where}.group")
            goal.role = g.get("role", "mentee")
            if goal.role not in ("mentee", "mentor"):
                raise CohortError(f"{where}: role must be mentee or mentor", f"{where}.role")
            goal.share = _number(g, "share", where, 0, 100) / 100
        elif kind == "parity":
            goal.points = _number(g, "points", where, 0, 100) / 100
        else:
            crit = g.get("criterion")
            if not isinstance(crit, dict):
                raise CohortError(f"{where}: criterion must be a criterion object",
                                  f"{where}.criterion")
            goal.criterion = _parse_criterion(i, dict({"name": f"goal {i}", "weight": 1}, **crit))
            goal.share = _number(g, "share", where, 0, 100) / 100
        goal.name = goal.name or _default_name(goal)
        out.append(goal)
    compile_goals(out, cohort)
    return out


def _default_name(goal: Goal) -> str:
    if goal.kind == "reach":
        return f"at least {goal.share * 100:g}% of {goal.role}s with {goal.field} {goal.group}"
    if goal.kind == "parity":
        return f"every {goal.field} group's matched rate within {goal.points * 100:g} points"
    c = goal.criterion
    return f"at least {goal.share * 100:g}% of pairs with full {c.type} on {c.mentee_field}"


def compile_goals(goals: list[Goal], cohort) -> None:
    """Group codes (parity) and similarity encoders (mix) over the cohort."""
    for goal in goals:
        if goal.kind == "parity":
            keys = [as_code_key(p.get(goal.field)) for p in cohort.mentees]
            names = sorted({k for k in keys if k is not None}, key=str)
            code = {k: c for c, k in enumerate(names)}
            goal.codes = np.array([code.get(k, -1) if k is not None else -1 for k in keys],
                                  dtype=np.int64)
            goal.names = [str(k) for k in names]
        elif goal.kind == "mix":
            crit = goal.criterion
            for role, people, ids, fld in (
                    ("mentee", cohort.mentees, cohort.mentee_ids, crit.mentee_field),
                    ("mentor", cohort.mentors, cohort.mentor_ids, crit.mentor_field)):
                if fld is None:
                    continue
                for pid, person in zip(ids, people):
                    _check_value(role, pid, fld, CHECK_TYPE[crit.type in NUMBER_TYPES],
                                 person.get(fld))
            goal.encoder = ENCODERS[crit.type](crit, cohort)


def satisfied(goal: Goal, e: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Whether pairs (e[k], m[k]) satisfy a mix goal's comparison."""
    if len(e) == 0:
        return np.zeros(0, dtype=bool)
    return goal.encoder.pairs(np.asarray(e), np.asarray(m)) >= FULL


def measure(goal: Goal, cohort, assign: np.ndarray) -> dict:
    """``{"goal", "kind", "binding", "met", "value"}`` of an assignment
    (mentor per mentee, -1 unmatched); ``value`` in % (reach, mix) or in
    points of the largest gap between a group's and the cohort's matched
    rate (parity). No pairs (mix) or no groups (parity): value None, met None."""
    value = None
    if goal.kind == "reach":
        people = cohort.mentees if goal.role == "mentee" else cohort.mentors
        want = as_code_key(goal.group)
        hits = sum(1 for p in people if as_code_key(p.get(goal.field)) == want)
        value = 100.0 * hits / len(people) if people else None
        met = None if value is None else value >= 100 * goal.share - 1e-7
    elif goal.kind == "parity":
        value = parity_gap(goal, assign)
        met = None if value is None else value <= 100 * goal.points + 1e-7
    else:
        e = np.flatnonzero(assign >= 0)
        if len(e):
            value = 100.0 * float(satisfied(goal, e, assign[e]).mean())
        met = None if value is None else value >= 100 * goal.share - 1e-7
    return {"goal": goal.name, "kind": goal.kind, "binding": goal.binding, "met": met,
            "value": None if value is None else round(value, 2)}


def parity_gap(goal: Goal, assign: np.ndarray) -> float | None:
    """Largest |group's matched rate - cohort's| in points (None: no groups)."""
    n = len(assign)
    present = goal.codes >= 0
    if n == 0 or not present.any():
        return None
    matched = assign >= 0
    size = np.bincount(goal.codes[present], minlength=len(goal.names))
    hit = np.bincount(goal.codes[present & matched], minlength=len(goal.names))
    live = size > 0
    return float(100 * np.max(np.abs(hit[live] / size[live] - matched.mean())))
