"""Stable choice: mentee-proposing deferred acceptance with capacities.

Each mentee ranks a few mentors; each mentor orders the mentees who rank
her (by pair score, or by her own ranking where she gives one). Gale and
Shapley's deferred acceptance, mentees proposing, gives a matching that no
mentee and mentor would both rather leave for each other (stable), and the
best stable one for every mentee at once (mentee-optimal). With capacities
a mentor holds her best ``capacity`` proposals so far and turns the rest
away; the result does not depend on the order in which mentees propose.
"""
from __future__ import annotations

import heapq

import numpy as np

from . import explain
from .criteria import SCORE_EPS, Scorer
from .schema import CohortError, parse_cohort


def deferred_acceptance(prefs: list[list[int]], rank: list[dict[int, int]],
                        capacity) -> np.ndarray:
    """Mentor per mentee (-1: unmatched).

    ``prefs[i]``: mentor indices in mentee i's order (the mentors she would
    take); ``rank[j]``: mentor j's rank of each mentee she would take (lower
    is better; a mentee not in it is turned away); ``capacity[j]``: seats.
    """
    n = len(prefs)
    assign = np.full(n, -1, dtype=np.int64)
    held: list[list[tuple[int, int]]] = [[] for _ in rank]   # max-heap by rank: (-rank, i)
    nxt = [0] * n
    free = list(range(n - 1, -1, -1))
    while free:
        i = free.pop()
        while nxt[i] < len(prefs[i]):
            j = prefs[i][nxt[i]]
            nxt[i] += 1
            r = rank[j].get(i)
            if r is None or capacity[j] <= 0:
                continue
            if len(held[j]) < capacity[j]:
                heapq.heappush(held[j], (-r, i))
                assign[i] = j
                break
            worst_rank, worst = -held[j][0][0], held[j][0][1]
            if r < worst_rank:          # she prefers i: the worst held is turned away
                heapq.heapreplace(held[j], (-r, i))
                assign[i], assign[worst] = j, -1
                free.append(worst)
                break
    return assign


def _ranked_pairs(scorer: Scorer, e: np.ndarray, m: np.ndarray):
    """(allowed, score) of the ranked pairs ``(e[k], m[k])``, as
    ``Scorer.block`` gives them (pair scores agree with it to the last bit),
    without scoring the ranking mentees against every mentor: N pairs per
    mentee, not thousands."""
    sims = scorer.pair_similarities(e, m)
    score = scorer.pair_scores(sims)
    ok = score >= scorer.min_score - SCORE_EPS
    for k, crit in enumerate(scorer.criteria):
        if crit.required:
            ok &= sims[:, k] > 0
    forbid = scorer.forbid
    if len(forbid):
        ok &= ~np.isin(e * scorer.m + m, forbid[:, 0] * scorer.m + forbid[:, 1])
    return ok, score


def stable_choice(cohort: dict, ranked: dict[str, list[str]], n: int = 5,
                  mentor_ranked: dict[str, list[str]] | None = None) -> dict:
    """Deferred acceptance on a cohort (``docs/matching.md``): each mentee's
    ``ranked`` mentor ids (at most ``n``, allowed pairs only), each mentor's
    order by pair score (ties: file order), or her ``mentor_ranked`` list of
    mentee ids where she gives one. Returns ``{"matches": [{"mentee",
    "mentor", "choice"}], "unmatched": [mentee ids]}`` in file order;
    ``choice`` is 1 for her first choice. Only allowed pairs count (forbid,
    required criteria, ``min_score``); ``require`` is not used here.

    Also, for saying why each got whom: ``details`` (per match, in the same
    order, ``{"score", "reasons"}`` as ``match_cohort`` gives them),
    ``allowed`` (mentee id -> the mentors she ranked who may take her, in
    her order) and ``orders`` (mentor id -> the mentees who may propose to
    her, best first in her order)."""
    parsed = parse_cohort(cohort)
    scorer = Scorer(parsed)
    e_index = {x: i for i, x in enumerate(parsed.mentee_ids)}
    m_index = {x: j for j, x in enumerate(parsed.mentor_ids)}
    prefs: list[list[int]] = [[] for _ in parsed.mentee_ids]
    for mentee, mentors in ranked.items():
        if mentee not in e_index:
            raise CohortError(f'unknown mentee "{mentee}"', "ranked")
        if len(mentors) > n:
            raise CohortError(f'mentee "{mentee}" ranks {len(mentors)} mentors; at most {n}',
                              "ranked")
        unknown = [x for x in mentors if x not in m_index]
        if unknown:
            raise CohortError(f'mentee "{mentee}" ranks unknown mentor "{unknown[0]}"', "ranked")
        prefs[e_index[mentee]] = list(dict.fromkeys(m_index[x] for x in mentors))
    rank: list[dict[int, int]] = [{} for _ in parsed.mentor_ids]
    pairs = [(i, j) for i, p in enumerate(prefs) for j in p]
    if pairs:
        e, m = (np.array(x, dtype=np.int64) for x in zip(*pairs))
        ok, scores = _ranked_pairs(scorer, e, m)
        score = dict(zip(pairs, scores.tolist()))
        allowed = {pair for pair, good in zip(pairs, ok.tolist()) if good}
        for i, p in enumerate(prefs):
            prefs[i] = [j for j in p if (i, j) in allowed]
            for j in prefs[i]:
                rank[j][i] = 0
        for j in range(len(rank)):
            own = (mentor_ranked or {}).get(parsed.mentor_ids[j])
            asked = sorted(rank[j])
            if own:
                order = {e_index[x]: r for r, x in enumerate(own) if x in e_index}
                key = lambda i: (order.get(i, len(order)), -score[i, j], i)  # noqa: E731
            else:
                key = lambda i: (-score[i, j], i)  # noqa: E731
            rank[j] = {i: r for r, i in enumerate(sorted(asked, key=key))}
    assign = deferred_acceptance(prefs, rank, parsed.capacity)
    matches = [{"mentee": parsed.mentee_ids[i], "mentor": parsed.mentor_ids[j],
                "choice": prefs[i].index(j) + 1}
               for i, j in enumerate(assign.tolist()) if j >= 0]
    e = np.flatnonzero(assign >= 0)
    sims = scorer.pair_similarities(e, assign[e])
    details = [{"score": round(float(x), 2), "reasons": r} for x, r in
               zip(scorer.pair_scores(sims).tolist(), explain.reasons(scorer, e, assign[e], sims))]
    ids_e, ids_m = parsed.mentee_ids, parsed.mentor_ids
    return {"matches": matches,
            "unmatched": [ids_e[i] for i in np.flatnonzero(assign < 0).tolist()],
            "details": details,
            "allowed": {ids_e[i]: [ids_m[j] for j in p] for i, p in enumerate(prefs) if p},
            "orders": {ids_m[j]: [ids_e[i] for i in sorted(r, key=r.get)]
                       for j, r in enumerate(rank) if r}}
