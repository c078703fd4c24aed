"""Small-cell suppression for aggregate tables (diversity reports).

A table of counts is published with its row totals, column totals and grand
total. Rule: **no published number is under 10** (``THRESHOLD``), totals
included, and **no hidden number can be worked out** from the published
ones by adding and subtracting along rows and columns.

Primary suppression hides every entry under 10. Complementary suppression
then hides more until nothing hidden can be derived. Seen as a graph (rows
and columns are nodes, each hidden entry an edge between its row and its
column, the totals being one more row and column), a hidden entry can be
derived exactly when its edge is a *bridge*: on one side of it everything
else is known, so summing that side's equations isolates it. An edge on a
cycle cannot be: adding and subtracting 1 around the cycle keeps every total.
So while a bridge remains, hide the published entries of the cheapest cycle
through it (fewest people hidden). Pure Python: the API process never
imports numpy.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Container, Iterable

THRESHOLD = 10
#: Where answers fewer than ``THRESHOLD`` people gave are counted.
RARE = "other answers (each given by fewer than 10 people)"
#: Where someone gave no answer (to a question, or to self-identification).
NOT_SAID = "not said"


def pooled(answers: Iterable[str], keep: Container[str] = ()) -> dict[str, str]:
    """{answer: the group it is counted in}: an answer fewer than
    ``THRESHOLD`` people gave joins the ``RARE`` group. People type their
    self-identification themselves, and an answer only one person gave can
    point at her even when its count is hidden, so it is never a group's name.
    ``keep``: Tandem's own labels ("not said"), which name nobody."""
    counts = Counter(answers)
    return {a: a if n >= THRESHOLD or a in keep else RARE for a, n in counts.items()}


def suppress(table: list[list[int]], threshold: int = THRESHOLD) -> list[list[bool]]:
    """Which entries of the *extended* table to hide.

    ``table`` is R x C counts; the extended table is (R+1) x (C+1): each row
    ends with its total, and a last row holds the column totals and the
    grand total. Returns an (R+1) x (C+1) mask, True = hidden.
    """
    ext = extend(table)
    rows, cols = len(ext), len(ext[0])
    hidden = [[value < threshold for value in row] for row in ext]
    while True:
        bridge = _find_bridge(hidden, rows, cols)
        if bridge is None:
            return hidden
        for a, b in _cheapest_cycle(ext, hidden, *bridge):
            hidden[a][b] = True


def _cheapest_cycle(ext, hidden, i, j) -> list[tuple[int, int]]:
    """The published entries to hide so that hidden entry (i, j) lies on a
    cycle: the cheapest path from row i to column j that avoids (i, j),
    where a hidden entry costs nothing and a published one its value (plus
    one, so fewer entries win a tie). Dijkstra on a few dozen nodes."""
    rows, cols = len(ext), len(ext[0])
    start, goal = ("r", i), ("c", j)
    best, back = {start: 0}, {}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            break
        if cost > best[node]:
            continue
        kind, n = node
        for m in range(cols if kind == "r" else rows):
            a, b = (n, m) if kind == "r" else (m, n)
            if (a, b) == (i, j):
                continue
            nxt = ("c", m) if kind == "r" else ("r", m)
            step = 0 if hidden[a][b] else ext[a][b] + 1
            if cost + step < best.get(nxt, float("inf")):
                best[nxt], back[nxt] = cost + step, (node, (a, b))
                heapq.heappush(heap, (cost + step, nxt))
    path, node = [], goal
    while node != start:
        node, entry = back[node]
        path.append(entry)
    return [(a, b) for a, b in path if not hidden[a][b]]


def extend(table: list[list[int]]) -> list[list[int]]:
    """The table with its row totals, column totals and grand total."""
    rows = [list(r) + [sum(r)] for r in table]
    totals = [sum(r[j] for r in rows) for j in range(len(rows[0]))] if rows else [0]
    return rows + [totals]


def _edges(hidden, rows, cols):
    return [(i, j) for i in range(rows) for j in range(cols) if hidden[i][j]]


def _component(hidden, rows, cols, start) -> set:
    seen, todo = {start}, [start]
    while todo:
        kind, n = todo.pop()
        nxt = ([("c", j) for j in range(cols) if hidden[n][j]] if kind == "r"
               else [("r", i) for i in range(rows) if hidden[i][n]])
        for node in nxt:
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return seen


def _find_bridge(hidden, rows, cols):
    """A hidden entry whose row and column fall apart without it, or None.
    Tables here are a few groups by two roles: checking each edge is enough."""
    for i, j in _edges(hidden, rows, cols):
        hidden[i][j] = False
        apart = ("c", j) not in _component(hidden, rows, cols, ("r", i))
        hidden[i][j] = True
        if apart:
            return i, j
    return None


def published(table: list[list[int]], row_labels: list[str], col_labels: list[str],
              threshold: int = THRESHOLD) -> dict:
    """The table as the report serves it: hidden entries are null.

    ``{"columns": [...col_labels, "total"], "rows": [{"group", "counts":
    [...]}], "total": [...]}``, counts of the last column being row totals.
    """
    if not table:
        return {"columns": [*col_labels, "total"], "rows": [], "total": [0] * (len(col_labels) + 1),
                "suppressed": 0}
    ext, mask = extend(table), suppress(table, threshold)
    shown = [[None if mask[i][j] else v for j, v in enumerate(row)] for i, row in enumerate(ext)]
    return {"columns": [*col_labels, "total"],
            "rows": [{"group": g, "counts": shown[i]} for i, g in enumerate(row_labels)],
            "total": shown[-1], "suppressed": sum(map(sum, mask))}
