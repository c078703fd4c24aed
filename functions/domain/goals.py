"""A program's goals: checked against its questionnaire and policy, saved
with a version, handed to the matcher, and measured on each cohort.

Pure Python (the API never imports numpy): a cohort's figures come from its
stored matches, a mix goal's from each match's stored reasons (a pair
satisfies it when the named criterion gives it full similarity, as the
engine decides in ``functions.matching.goals``).
"""
from __future__ import annotations

from functions.db import goals as stored
from functions.db import programs
from functions.domain.program_policy import current_policy
from functions.domain.suppression import THRESHOLD
from functions.errors import Conflict, Invalid


#: A mix goal may compare a question's answers directly: mentor and mentee
#: answer alike (same) or not (differ), both having answered.
COMPARISONS = ("same", "differ")


def questions_of(program_id: str) -> dict[str, dict]:
    base = programs.program_policy_base(program_id)
    return {q["id"]: q for q in base["questionnaire"].get("questions", [])}


def check(goals: list[dict], program_id: str) -> list[dict]:
    """The goals in canonical form, or ``Invalid`` naming ``goals.N.field``."""
    questions = questions_of(program_id)
    criteria = {c["name"] for c in current_policy(program_id)["criteria"]}
    out = []
    for i, g in enumerate(goals):
        where = f"goals.{i}"
        kind = g["kind"]

        def need(key, why):
            if g.get(key) is None:
                raise Invalid(f"{where}.{key}: a {kind} goal needs {why}", field=f"{where}.{key}")
            return g[key]
        clean = {"kind": kind, "binding": bool(g.get("binding"))}
        if kind in ("reach", "parity"):
            qid = need("question", "the single-choice question whose answers form the groups")
            q = questions.get(qid)
            if q is None:
                raise Invalid(f"{where}.question: the program asks no such question",
                              field=f"{where}.question")
            if q.get("type") != "choice" or "mentee" not in q.get("roles", ["mentee"]):
                raise Invalid(f"{where}.question: “{q.get('label', qid)}” is not a "
                              "single-choice question asked of mentees, so it forms no groups",
                              field=f"{where}.question")
            clean["question"] = qid
        if kind == "reach":
            group = need("group", "the group, one of the question's options")
            if group not in q.get("options", []):
                raise Invalid(f"{where}.group: “{group}” is not an option of "
                              f"“{q.get('label', qid)}”", field=f"{where}.group")
            if clean["binding"]:
                raise Invalid(f"{where}.binding: a reach goal is about who enrols, so it is "
                              "tracked; the matcher cannot keep it", field=f"{where}.binding")
            clean |= {"group": group, "share": need("share", "a share from 0 to 100")}
        elif kind == "parity":
            clean["points"] = need("points", "a number of points from 0 to 100")
        else:
            name = need("criterion", "the name of a criterion of the program's policy, or "
                                     "same or differ with a question")
            if name in COMPARISONS and name not in criteria:
                qid = need("question", f"the question whose answers “{name}” compares")
                q = questions.get(qid)
                if q is None or q.get("type") not in ("choice", "text", "number", "scale"):
                    raise Invalid(f"{where}.question: the program asks no single-answer "
                                  "question by that id", field=f"{where}.question")
                clean["question"] = qid
            elif name not in criteria:
                raise Invalid(f"{where}.criterion: the policy has no criterion “{name}”; "
                              "add it to the policy first, or compare a question by same "
                              "or differ", field=f"{where}.criterion")
            clean |= {"criterion": name, "share": need("share", "a share from 0 to 100")}
        out.append(clean)
    return out


def save(program_id: str, goals: list[dict], version: int | None) -> dict:
    """Check and store the goals; ``version``: the one the editor started from."""
    current = stored.get(program_id)
    if version is not None and version != current["version"]:
        raise Conflict(f"the goals were changed by someone else (now version "
                       f"{current['version']}); reload them and save again", field="version")
    clean = check(goals, program_id)
    return {"goals": clean, "version": stored.save(program_id, clean, current["version"])}


def describe(goal: dict, questions: dict[str, dict]) -> str:
    """A goal in words, naming the question by its text."""
    q = questions.get(goal.get("question"), {})
    label = q.get("label") or goal.get("question")
    if goal["kind"] == "reach":
        return f"At least {goal['share']:g}% of mentees answer “{label}” with “{goal['group']}”"
    if goal["kind"] == "parity":
        return (f"Every group by “{label}” matched within {goal['points']:g} points "
                "of the whole cohort")
    if goal.get("question"):
        how = "the same" if goal["criterion"] == "same" else "differently"
        return f"At least {goal['share']:g}% of pairs where mentor and mentee answer “{label}” {how}"
    return f"At least {goal['share']:g}% of pairs get full points on “{goal['criterion']}”"


def engine_goals(program_id: str, policy: dict) -> list[dict]:
    """The program's goals in the engine's form (``docs/matching.md`` §10)."""
    goals = stored.get(program_id)["goals"]
    questions = questions_of(program_id)
    by_name = {c["name"]: c for c in current_policy(program_id)["criteria"]}
    by_name.update({c["name"]: c for c in policy.get("criteria", [])})
    out = []
    for g in goals:
        row = {"kind": g["kind"], "binding": g["binding"], "name": describe(g, questions)}
        if g["kind"] == "mix":
            crit = {"type": g["criterion"], "field": g["question"]} if g.get("question") \
                else by_name.get(g["criterion"])
            if crit is None:
                continue        # the criterion left the policy: nothing to keep
            row |= {"criterion": {k: v for k, v in crit.items()
                                  if k not in ("name", "weight", "required")},
                    "share": g["share"]}
        else:
            row |= {"field": g["question"]}
            row |= {"group": g["group"], "share": g["share"]} if g["kind"] == "reach" \
                else {"points": g["points"]}
        out.append(row)
    return out


def with_goals(cohort: dict, people: list[dict], program_id: str, policy: dict) -> dict:
    """The engine's cohort with the program's goals and the answers they read."""
    goals = engine_goals(program_id, policy)
    if not goals:
        return cohort
    fields = {"mentee": set(), "mentor": set()}
    for g in goals:
        if "field" in g:
            fields["mentee"].add(g["field"])
        else:
            c = g["criterion"]
            fields["mentee"].add(c.get("mentee_field", c.get("field")))
            fields["mentor"].add(c.get("mentor_field", c.get("field")))
    answers = {p["id"]: p.get("answers") or {} for p in people}
    for role in ("mentee", "mentor"):
        for row in cohort[f"{role}s"]:
            mine = answers.get(row["id"], {})
            row.update({f: mine[f] for f in sorted(fields[role] - {None}) if f in mine})
    return dict(cohort, goals=goals)


def _full(goal: dict, match: dict, answers: dict) -> bool:
    """Whether a pair satisfies a mix goal (as the engine decides)."""
    if goal.get("question"):
        a = answers.get(match["mentee"], {}).get(goal["question"])
        b = answers.get(match["mentor"], {}).get(goal["question"])
        if a in (None, "", []) or b in (None, "", []):
            return False
        return (a == b) == (goal["criterion"] == "same")
    return any(r.get("criterion") == goal["criterion"] and (r.get("similarity") or 0) >= 1
               for r in match.get("reasons") or [])


def measure(goal: dict, mentees: list[dict], matches: list[dict] | None,
             answers: dict) -> dict:
    def shown(value, people, met):
        if people < THRESHOLD:
            return {"value": None, "met": None, "suppressed": True}
        return {"value": round(value, 1), "met": met, "suppressed": False}
    answer = {p["id"]: (p.get("answers") or {}).get(goal.get("question")) for p in mentees}
    if goal["kind"] == "reach":
        hits = sum(1 for v in answer.values() if v == goal["group"])
        if not mentees:
            return {"value": None, "met": None, "suppressed": False}
        value = 100 * hits / len(mentees)
        return shown(value, min(hits, len(mentees)), value >= goal["share"])
    if matches is None:
        return {"value": None, "met": None, "suppressed": False}
    if goal["kind"] == "mix":
        full = [m for m in matches if _full(goal, m, answers)]
        if not matches:
            return {"value": None, "met": None, "suppressed": False}
        value = 100 * len(full) / len(matches)
        return shown(value, len(matches), value >= goal["share"])
    matched = {m["mentee"] for m in matches}
    groups: dict[str, list[str]] = {}
    for pid, v in answer.items():
        if v not in (None, ""):
            groups.setdefault(str(v), []).append(pid)
    if not groups:
        return {"value": None, "met": None, "suppressed": False}
    rate = sum(1 for p in answer if p in matched) / len(answer)
    gap = max(abs(sum(1 for p in ids if p in matched) / len(ids) - rate)
              for ids in groups.values())
    return shown(100 * gap, min(len(ids) for ids in groups.values()),
                 100 * gap <= goal["points"] + 1e-7)


def listed(program_id: str) -> dict:
    """The saved goals, each with its words (``goal``), and their version."""
    saved = stored.get(program_id)
    questions = questions_of(program_id)
    return {"goals": [dict(x, goal=describe(x, questions)) for x in saved["goals"]],
            "version": saved["version"]}
