"""The cohort life cycle, defined once: states, labels and allowed transitions.

Everything else (models, domain code, jobs, the site through
``GET /api/lifecycle``) takes the states from here.
"""
from __future__ import annotations

DRAFT, ENROLLING, MATCHING, REVIEW, PUBLISHED, CLOSED = (
    "draft", "enrolling", "matching", "review", "published", "closed")

#: In life-cycle order, with the label people see.
STATES: dict[str, str] = {
    DRAFT: "Draft",
    ENROLLING: "Open for enrolment",
    MATCHING: "Matching",
    REVIEW: "In review",
    PUBLISHED: "Published",
    CLOSED: "Closed",
}

#: Where each state may go next. Review may go back to matching (run again);
#: a draft may go straight to matching when its people were imported, not enrolled.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DRAFT: (ENROLLING, MATCHING),
    ENROLLING: (MATCHING,),
    MATCHING: (REVIEW,),
    REVIEW: (PUBLISHED, MATCHING),
    PUBLISHED: (CLOSED,),
    CLOSED: (),
}

#: Program types and their labels.
PROGRAM_TYPES: dict[str, str] = {
    "one_to_one": "One-to-one",
    "group": "Group",
    "reverse": "Reverse mentoring",
}


#: What an admin can do next in each state, in words, for every refusal.
NEXT_STEP: dict[str, str] = {
    DRAFT: "open it for enrolment, or start matching if its people were imported",
    ENROLLING: "close enrolment to start matching",
    MATCHING: "press “Match now”",
    REVIEW: "publish its proposal, or match again",
    PUBLISHED: "match the waiting list, or close the cohort when the program ends",
    CLOSED: "nothing: a closed cohort stays as it is",
}


def refusal(name: str, current: str, wanted: str) -> str:
    """``wanted`` (what was asked, in words) is not possible for cohort
    ``name`` in state ``current``: say so by names, with the next step."""
    return (f"{name} is {STATES.get(current, current).lower()}, so it cannot {wanted}; "
            f"you can {NEXT_STEP.get(current, 'reload the page')}")


def can_move(current: str, target: str) -> bool:
    """Whether a cohort in ``current`` may move to ``target``."""
    return target in TRANSITIONS.get(current, ())


def path(start: str, target: str) -> list[str]:
    """The states from ``start`` to ``target`` along the fewest transitions
    (both included); ValueError when the life cycle never gets there."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        state = queue.pop(0)
        if state == target:
            return paths[state]
        for nxt in TRANSITIONS.get(state, ()):
            if nxt not in paths:
                paths[nxt] = [*paths[state], nxt]
                queue.append(nxt)
    raise ValueError(f"the life cycle never goes from {start} to {target}")


def as_json() -> dict:
    """The life cycle as the site reads it."""
    return {
        "states": [{"id": s, "label": label} for s, label in STATES.items()],
        "transitions": {s: list(t) for s, t in TRANSITIONS.items()},
        "program_types": [{"id": t, "label": label} for t, label in PROGRAM_TYPES.items()],
    }
