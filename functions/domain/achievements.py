"""Goals reached, for the program's own recognition: the program team sees
a goal only when its pair chose to share it (``shared`` on the goal, opt-in
per goal) and every one of its milestones is done. Nothing else of the
journal leaves the pair."""
from __future__ import annotations

from functions.db import journal, program_admin, roster


def shared_goals(program_id: str) -> list[dict]:
    """Across the program's cohorts, newest first: ``{cohort, goal, by,
    reached_at}`` of each shared goal whose milestones are all done."""
    found = []
    for cohort in program_admin.get_program(program_id)["cohorts"]:
        items = journal.cohort_items(cohort["id"], "goal#")
        goals = {(i["match"], i["key"]): i for i in items
                 if i["kind"] == "goal" and i["data"].get("shared")}
        if not goals:
            continue
        steps: dict[tuple[str, str], list[dict]] = {}
        for i in items:
            if i["kind"] == "milestone":
                steps.setdefault((i["match"], i["key"].split("#ms#")[0]), []).append(i)
        names = {p["id"]: p["name"] for p in roster.everyone(cohort["id"])}
        for key, goal in goals.items():
            done = steps.get(key, [])
            if not done or not all(s["data"].get("done") for s in done):
                continue
            found.append({"cohort": cohort["name"], "goal": goal["data"]["title"],
                          "by": names.get(goal["author"], "a former participant"),
                          "reached_at": max(s["updated_at"] or s["created_at"] for s in done)})
    return sorted(found, key=lambda f: f["reached_at"], reverse=True)
