"""Goals refined together: a pair's comments on a goal (the mentor's
feedback, the mentee's answer), and the order of priority the mentee gives
her goals. Both live in the match's journal: a comment is ``goal#G#c#ID``
(kind ``comment``), the order the match's one ``order#goals`` item."""
from __future__ import annotations

from functions.db import journal as store
from functions.domain import participant_matches
from functions.errors import Forbidden, Invalid

ORDER = "order#goals"


def add_comment(match_id: str, email: str, goal_id: str, text: str) -> str:
    """A member's comment on one of the match's goals; 422 on ``goal`` for a
    goal that is not the match's."""
    me = participant_matches.load(match_id, email)["me"]["id"]
    if "#" in goal_id:
        raise Invalid("goal: not a goal of this match", field="goal")
    return store.add(match_id, f"goal#{goal_id}#c", "comment", me, {"text": text},
                     parent=f"goal#{goal_id}")


def order_goals(match_id: str, email: str, order: list[str], version: int | None) -> dict:
    """The mentee sets her goals' order of priority: every goal of the match
    once (422 on ``order`` otherwise); ``version`` as the page read it (None
    before any order was saved), 409 if someone saved first."""
    m = participant_matches.load(match_id, email)
    if m["me"]["role"] != "mentee":
        raise Forbidden("the mentee orders her goals; a mentor comments on them",
                        field="order")
    goals = {i["key"].split("#", 1)[1] for i in store.items(match_id) if i["kind"] == "goal"}
    if len(order) != len(set(order)) or set(order) != goals:
        raise Invalid("order: every goal of this match once, most important first",
                      field="order")
    me = m["me"]["id"]
    if store.get(match_id, ORDER) is None and version is None:
        store.put_first(match_id, ORDER, "goal-order", me, {"order": order})
    else:
        store.edit(match_id, ORDER, me, {"order": order}, version)
    return {"order": order, "version": store.get(match_id, ORDER)["version"]}


def arrange(goals: dict[str, dict], comments: list[tuple[str, dict]],
            order_item: dict | None, names: dict[str, str]) -> tuple[list[dict], int | None]:
    """The page's goals in the mentee's order (goals she has not placed yet
    after, oldest first), each with its ``priority`` and its comments (with
    their author's name), and the order's version."""
    for goal_key, c in sorted(comments, key=lambda x: x[1]["created_at"]):
        if goal_key in goals:
            goals[goal_key].setdefault("comments", []).append(
                {**c, "by": names.get(c["author"], "a former participant")})
    placed = {gid: i for i, gid in enumerate((order_item or {}).get("data", {}).get("order", []))}
    ordered = sorted(goals.values(), key=lambda g: (placed.get(g["id"], len(placed)),
                                                    g["created_at"]))
    for i, g in enumerate(ordered, start=1):
        g["priority"] = i
        g.setdefault("comments", [])
    return ordered, order_item["version"] if order_item else None
