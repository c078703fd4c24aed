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
from functions.vocab import self_id


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
    private = programs.program_policy_base(program_id).get("self_id_goals", False)
    out = []
    for i, g in enumerate(goals):
        where = f"goals.{i}"
        kind = g["kind"]
        if kind in ("reach", "parity") and self_id.is_self_id(g.get("question")):
            out.append(_self_id_goal(g, where, private))
            continue

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


def _self_id_goal(g: dict, where: str, private: bool) -> dict:
    """A reach or parity goal on a self-identification group, in canonical form."""
    kind, qid = g["kind"], g["question"]
    label, options = self_id.QUESTIONS[qid]
    if not private:
        raise Invalid(f"{where}.question: “{label}” can be a goal only when the program uses "
                      "self-identification for its goals; turn that on on the program page "
                      "first (enrolment's consent then says so)", field=f"{where}.question")
    clean = {"kind": kind, "question": qid, "binding": bool(g.get("binding"))}
    if kind == "parity":
        if g.get("points") is None:
            raise Invalid(f"{where}.points: a parity goal needs a number of points from 0 to "
                          "100", field=f"{where}.points")
        return clean | {"points": g["points"]}
    if clean["binding"]:
        raise Invalid(f"{where}.binding: a reach goal is about who enrols, so it is tracked; "
                      "the matcher cannot keep it", field=f"{where}.binding")
    group = (g.get("group") or "").strip()
    if not group or (options and group not in options):
        said = f"one of {', '.join(options)}" if options else "the answer, in her own words"
        raise Invalid(f"{where}.group: the group of “{label}”: {said}", field=f"{where}.group")
    if g.get("share") is None:
        raise Invalid(f"{where}.share: a reach goal needs a share from 0 to 100",
                      field=f"{where}.share")
    return clean | {"group": group, "share": g["share"]}


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
    label = (self_id.QUESTIONS[goal["question"]][0] if self_id.is_self_id(goal.get("question"))
             else q.get("label") or goal.get("question"))
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


def with_goals(cohort: dict, people: list[dict], program_id: str, policy: dict,
               self_ids: dict[str, dict] | None = None) -> dict:
    """The engine's cohort with the program's goals and the answers they read.

    ``self_ids``: the self-identification given for goals (the matcher's own
    run, in memory only). Without it (a file the admin downloads, which
    must not list anyone's self-identification) goals on those groups are
    left out, so such a file reproduces the proposal only without them."""
    goals = engine_goals(program_id, policy)
    if self_ids is None:
        goals = [g for g in goals if not self_id.is_self_id(g.get("field"))]
    else:
        goals = [dict(g, group=self_id.group_of(g["field"], g["group"]))
                 if self_id.is_self_id(g.get("field")) and "group" in g else g for g in goals]
        for row in cohort["mentees"]:
            given = self_ids.get(row["id"], {})
            for qid in self_id.QUESTIONS:
                group = self_id.group_of(qid, given.get(qid.split(".", 1)[1]))
                if group is not None and any(g.get("field") == qid for g in goals):
                    row[qid] = group
    if not goals:
        return cohort
    fields = {"mentee": set(), "mentor": set()}
    for g in goals:
        if self_id.is_self_id(g.get("field")):
            continue        # filled in above, from the self-identification table
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


def withhold_small_groups(stats: dict, cohort: dict) -> dict:
    """A run's ``stats.goals`` as an admin may see them: a goal on
    self-identification groups keeps whether it is met, but its value is
    withheld (``suppressed``) when a group has fewer than 10 mentees, as in
    every report of those answers."""
    names = {g.get("name"): g["field"] for g in cohort.get("goals") or []
             if self_id.is_self_id(g.get("field"))}
    if not names or not stats.get("goals"):
        return stats
    shown = []
    for row in stats["goals"]:
        field = names.get(row.get("goal"))
        if field is not None:
            sizes: dict = {}
            for m in cohort["mentees"]:
                if m.get(field) is not None:
                    sizes[m[field]] = sizes.get(m[field], 0) + 1
            small = not sizes or min(sizes.values()) < THRESHOLD
            row = dict(row, value=None if small else row.get("value"), suppressed=small)
        shown.append(row)
    return dict(stats, goals=shown)


def check_self_id_off(program_id: str) -> None:
    """Self-identification stays on while a goal uses it (422 naming it)."""
    used = [g for g in stored.get(program_id)["goals"] if self_id.is_self_id(g.get("question"))]
    if used:
        raise Invalid("self_id_goals: goals on self-identified groups use these answers; "
                      "remove those goals first, then turn this off", field="self_id_goals")
