"""The public entry points: :func:`match_cohort` and :func:`suggest`."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from . import explain, solver
from .constrained import Impossible, solve_goals
from .goals import measure, parse_goals
from .criteria import Scorer
from .schema import CohortError, parse_cohort

SOLVERS = {"fast": solver.solve_sparse, "baseline": solver.solve_baseline}


@dataclass
class Result:
    """Outcome of :func:`match_cohort`, in the contract's shape.

    Attributes
    ----------
    matches : list of dict
        ``{"mentee", "mentor", "score", "reasons"}`` in mentee file order.
    unmatched : list of dict
        ``{"mentee", "reason", "kind"}`` in mentee file order (``kind``: one of
        ``explain``'s kinds of why-not, stable where ``reason`` carries numbers).
    stats : dict
        ``mentees, mentors, matched, unmatched, mean_score, seconds``.
    total_score : float
        Exact (unrounded) sum of the matched pairs' scores.
    """

    matches: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    total_score: float = 0.0

    def to_dict(self, *, timing: bool = True) -> dict:
        """The contract's JSON object; ``timing=False`` reports ``seconds`` as 0.

        Everything except ``stats.seconds`` depends only on the input, so
        ``timing=False`` gives byte-identical output for the same cohort.
        """
        stats = dict(self.stats)
        if not timing:
            stats["seconds"] = 0.0
        return {"matches": self.matches, "unmatched": self.unmatched, "stats": stats}


def _fixed_and_free(cohort):
    """Required pairs first: their mentees are placed, their seats taken."""
    n = len(cohort.mentee_ids)
    assign = np.full(n, -1, dtype=np.int64)
    req = cohort.require
    assign[req[:, 0]] = req[:, 1]
    taken = np.bincount(req[:, 1], minlength=len(cohort.mentor_ids))
    free_rows = np.flatnonzero(assign < 0)
    return assign, free_rows, cohort.capacity - taken


def match_cohort(cohort: dict, *, method: str = "fast", progress=None) -> Result:
    """Match a cohort: most mentees matched, then the largest total score.

    Parameters
    ----------
    cohort : dict
        A cohort as in ``docs/matching.md``: ``criteria``, ``mentors``, ``mentees``
        and optionally ``min_score``, ``forbid``, ``require``.
    method : {"fast", "baseline"}
        ``"fast"``: certified sparse solver; ``"baseline"``: scipy's
        ``linear_sum_assignment`` on replicated seats. Both are exact.
    progress : callable, optional
        Called with a short stage name as the work advances.

    Returns
    -------
    Result
        ``result.to_dict()`` is the contract's JSON object.

    Raises
    ------
    CohortError
        When the cohort is malformed or impossible; the message names the
        culprit and ``.field`` says where.

    Examples
    --------
    >>> cohort = {
    ...     "criteria": [{"name": "skills", "type": "overlap",
    ...                   "mentee_field": "wants", "mentor_field": "offers",
    ...                   "weight": 1}],
    ...     "mentors": [{"id": "m1", "offers": ["python", "sql"]}],
    ...     "mentees": [{"id": "e1", "wants": ["python", "go"]},
    ...                 {"id": "e2", "wants": ["sql"]}]}
    >>> result = match_cohort(cohort).to_dict(timing=False)
    >>> [(x["mentee"], x["mentor"], x["score"]) for x in result["matches"]]
    [('e2', 'm1', 100.0)]
    >>> result["unmatched"]
    [{'mentee': 'e1', 'reason': 'the only allowed mentor is full', 'kind': 'full'}]
    """
    if method not in SOLVERS:
        raise ValueError(f"unknown method {method!r} (expected one of {', '.join(SOLVERS)})")
    start = time.perf_counter()
    note = progress or (lambda stage: None)
    note("validating")
    parsed = parse_cohort(cohort)
    goals = parse_goals(cohort.get("goals"), parsed)
    scorer = Scorer(parsed)
    assign, free_rows, seats = _fixed_and_free(parsed)
    fixed = assign.copy()
    kwargs = {"progress": note} if method == "fast" else {}
    scores = [] if any(g.binding for g in goals) and method == "fast" else None
    if scores is not None:      # kept for the goals' pricing: scored once
        kwargs["scores"] = scores
    assign[free_rows] = SOLVERS[method](scorer, free_rows, seats, **kwargs)
    kept = _keep_goals(scorer, goals, assign, fixed, free_rows, seats, note, scores)
    scores = kwargs = None      # free the blocks before explaining
    note("explaining")
    result = _build(scorer, kept[0])
    if goals:
        result.stats["goals"] = [measure(g, parsed, kept[0]) for g in goals]
    if any(g.binding for g in goals):
        matched, total = _totals(scorer, assign)    # the unconstrained optimum's
        result.stats["price"] = {
            "matched": matched - result.stats["matched"],
            "total_score": round(total - result.total_score, 2),
            "optimality_gap": round(kept[1], 6)}
    result.stats["seconds"] = round(time.perf_counter() - start, 2)
    return result


def _keep_goals(scorer, goals, assign, fixed, free_rows, seats, note, scores=None):
    """(the assignment, its optimality gap in points): the unconstrained
    optimum when it meets every binding goal (then it is the constrained
    optimum too), otherwise the best one that meets them (constrained.py)."""
    binding = [g for g in goals if g.binding]
    if all(measure(g, scorer.cohort, assign)["met"] is not False for g in binding):
        return assign, 0.0
    note("keeping the goals")
    try:
        return solve_goals(scorer, binding, fixed, free_rows, seats, assign, note, scores)
    except Impossible as exc:
        said = []
        for goal in binding:
            got = measure(goal, scorer.cohort, exc.assign)
            if got["met"] is False:
                target = 100 * (goal.points if goal.kind == "parity" else goal.share)
                said.append(f"{goal.name}: {got['value']:g} against {target:g}")
        raise CohortError(
            "the binding goals cannot all be met with the locked pairs; the closest "
            f"assignment reaches {'; '.join(said)}. Unlock pairs, or make a goal wider "
            "or not binding", "goals") from None


def _totals(scorer: Scorer, assign: np.ndarray) -> tuple[int, float]:
    """(pairs, total score) of an assignment, summed as ``_build`` sums them."""
    e = np.flatnonzero(assign >= 0)
    scores = scorer.pair_scores(scorer.pair_similarities(e, assign[e]))
    return len(e), float(scores.sum())


def _build(scorer: Scorer, assign: np.ndarray) -> Result:
    cohort = scorer.cohort
    e = np.flatnonzero(assign >= 0)
    m = assign[e]
    sims = scorer.pair_similarities(e, m)
    scores = scorer.pair_scores(sims)
    why = explain.reasons(scorer, e, m, sims)
    matches = [{"mentee": cohort.mentee_ids[i], "mentor": cohort.mentor_ids[j],
                "score": round(float(s), 2), "reasons": r}
               for i, j, s, r in zip(e.tolist(), m.tolist(), scores.tolist(), why)]
    lost = np.flatnonzero(assign < 0)
    unmatched = [{"mentee": cohort.mentee_ids[i], "reason": reason, "kind": kind}
                 for i, (kind, reason) in zip(lost.tolist(),
                                              explain.unmatched_reasons(scorer, lost))]
    total = float(scores.sum())
    stats = {"mentees": scorer.n, "mentors": scorer.m, "matched": len(matches),
             "unmatched": len(unmatched),
             "mean_score": round(total / len(matches), 2) if matches else 0.0,
             "seconds": 0.0}
    return Result(matches, unmatched, stats, total)


def suggest(cohort: dict, mentee_id: str, n: int = 5) -> list[dict]:
    """Top ``n`` allowed mentors with a free seat for one mentee, best first.

    A seat is free when the mentor's capacity exceeds its required pairs. Ties
    are broken by the mentors' order in the cohort.

    Parameters
    ----------
    cohort : dict
        A cohort as in ``docs/matching.md``.
    mentee_id : str
        The mentee to suggest mentors for.
    n : int
        How many suggestions at most.

    Returns
    -------
    list of dict
        ``{"mentor", "score", "reasons"}``, best score first.

    Raises
    ------
    CohortError
        For a malformed cohort, an unknown mentee or a negative ``n``.

    Examples
    --------
    >>> cohort = {
    ...     "criteria": [{"name": "site", "type": "same", "field": "office", "weight": 1}],
    ...     "mentors": [{"id": "m1", "office": "Oslo"}, {"id": "m2", "office": "Rome"}],
    ...     "mentees": [{"id": "e1", "office": "Rome"}]}
    >>> [(x["mentor"], x["score"]) for x in suggest(cohort, "e1")]
    [('m2', 100.0), ('m1', 0.0)]
    """
    parsed = parse_cohort(cohort)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise CohortError(f"n must be a whole number >= 0, got {n!r}", "n")
    if mentee_id not in parsed.mentee_ids:
        raise CohortError(f'unknown mentee "{mentee_id}"', "mentee")
    i = parsed.mentee_ids.index(mentee_id)
    scorer = Scorer(parsed)
    _, _, seats = _fixed_and_free(parsed)
    block = scorer.block(np.array([i]))
    ok = np.flatnonzero(block.allowed[0] & (seats > 0))
    order = ok[np.lexsort((ok, -block.score[0, ok]))][:n]
    e = np.full(len(order), i)
    sims = scorer.pair_similarities(e, order)
    scores = scorer.pair_scores(sims)
    why = explain.reasons(scorer, e, order, sims)
    return [{"mentor": parsed.mentor_ids[j], "score": round(float(s), 2), "reasons": r}
            for j, s, r in zip(order.tolist(), scores.tolist(), why)]
