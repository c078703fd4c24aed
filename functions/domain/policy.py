"""A program's matching policy: checked against its questionnaire, compared
between versions, and turned with a cohort's people into the engine's input.

Pure: no storage, no numpy. The engine checks its input again when it runs
(``functions.matching``); this module catches what an admin can get wrong in
the editor, with a 422 that names the field.
"""
from __future__ import annotations

from numbers import Real

from functions.errors import Invalid
from functions.vocab.dates import utc_today
from functions.vocab.matching import CRITERION_TYPES as TYPES



def _number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _answered_by(questions: list[dict]) -> dict[str, set[str]]:
    return {q["id"]: set(q.get("roles") or ("mentor", "mentee")) for q in questions}


def validate(policy: object, questions: list[dict]) -> dict:
    """The policy in canonical form, or ``Invalid`` naming the first bad field
    (the models: ``functions.domain.policy_schema``, loaded here, when asked)."""
    if not isinstance(policy, dict):
        raise Invalid("the policy must be an object", field="policy")
    from functions.domain.policy_schema import KEPT, check
    model = check(policy, _answered_by(questions))
    # As sent (a weight of 2 stays 2, not 2.0), without what a criterion does not keep.
    valid = {"criteria": [{k: v for k, v in c.items() if k in KEPT}
                          for c in policy["criteria"]],
             "min_score": policy.get("min_score", 0), "mode": model.mode}
    if model.confirmed:
        valid["confirmed"] = sorted(set(model.confirmed))
    return valid


def changes(before: dict | None, after: dict) -> list[str]:
    """What a save changed, in words, for the version history."""
    if before is None:
        return ["first saved version"]
    said = []
    old = {c["name"]: c for c in before["criteria"]}
    new = {c["name"]: c for c in after["criteria"]}
    for name in new.keys() - old.keys():
        said.append(f"added {name}")
    for name in old.keys() - new.keys():
        said.append(f"removed {name}")
    for name in sorted(new.keys() & old.keys()):
        a, b = old[name], new[name]
        if a.get("weight", 1) != b.get("weight", 1):
            said.append(f"{name} weight {a.get('weight', 1):g} → {b.get('weight', 1):g}")
        if bool(a.get("required")) != bool(b.get("required")):
            said.append(f"{name} {'required' if b.get('required') else 'no longer required'}")
        rest = {k for k in a.keys() | b.keys() if k not in ("weight", "required")}
        if any(a.get(k) != b.get(k) for k in rest):
            said.append(f"{name} settings changed")
    for key in ("min_score", "mode"):
        if before.get(key) != after.get(key):
            said.append(f"{key} {before.get(key)} → {after.get(key)}")
    kept = set(after.get("confirmed", [])) - set(before.get("confirmed", []))
    if kept:
        said.append(f"kept as it is: {len(kept)} flag{'s' if len(kept) > 1 else ''}")
    return sorted(said) or ["no change"]


def fields_used(criteria: list[dict]) -> dict[str, set[str]]:
    used = {"mentee": set(), "mentor": set()}
    for c in criteria:
        used["mentee"].add(c.get("mentee_field", c.get("field")))
        if TYPES.get(c["type"]) == "both":
            used["mentor"].add(c.get("mentor_field", c.get("field")))
    return used


def engine_input(policy: dict, people: list[dict], *, forbid=(), require=(),
                 today: str | None = None) -> dict:
    """The cohort as the engine sees it: the ``tandem match`` JSON format.

    ``people`` are participant views (``id``, ``role``, ``capacity``,
    ``answers``); only the answers the criteria read are passed on, in id
    order, so the same cohort always gives the same file. Mentors paused on
    ``today`` (ISO date, default today in UTC) are left out, with any locked
    or forbidden pair naming them.
    """
    today = today or utc_today().isoformat()
    paused = {p["id"] for p in people
              if p["role"] == "mentor" and (p.get("paused_until") or "") >= today}
    used = fields_used(policy["criteria"])
    out = {"criteria": policy["criteria"], "min_score": policy.get("min_score", 0),
           "mentors": [], "mentees": [],
           "forbid": [list(p) for p in forbid if p[1] not in paused],
           "require": [list(p) for p in require if p[1] not in paused]}
    for person in sorted(people, key=lambda p: p["id"]):
        if person.get("status") == "withdrawn":
            continue  # withdrawn people keep their record but are not matched
        if person["id"] in paused:
            continue  # a paused mentor takes no new mentees (ISO dates compare as text)
        role = person["role"]
        row = {"id": person["id"]}
        if role == "mentor":
            row["capacity"] = int(person.get("capacity") or 1)
        answers = person.get("answers") or {}
        row.update({f: answers[f] for f in sorted(used[role]) if f in answers})
        out[f"{role}s"].append(row)
    return out


#: Question types each way of comparing can read.
READS = {"overlap": ("choice", "multi_choice"), "share": ("choice", "multi_choice"),
         "same": ("choice", "text", "number", "scale"),
         "differ": ("choice", "text", "number", "scale"),
         "gap": ("number", "scale"), "near": ("number", "scale"),
         "rank": ("multi_choice", "text")}
#: A gap target under this share of its question's range gives nearly every
#: more senior mentor full points, so the criterion stops telling pairs apart.
GAP_SHARE = 0.1


def warnings(policy: dict, questions: list[dict]) -> list[dict]:
    """What in a policy no longer fits its questionnaire, in words:
    ``[{criterion, question, message, key}]``. A question whose type changed
    under a criterion, or whose scale outgrew a gap's target (a 1–6 level
    turned into 0–45 years keeps target 1: every senior mentor scores full
    points), is flagged until the policy is changed to fit, or the manager
    keeps it as it is: a saved policy's ``confirmed`` holds the flags' keys,
    which name the criterion and question as they are now, so a later change
    to either flags it again."""
    by_id = {q["id"]: q for q in questions}
    out = []
    for c in policy.get("criteria", []):
        for qid in dict.fromkeys([c.get("mentee_field", c.get("field")),
                                  c.get("mentor_field", c.get("field"))]):
            q = by_id.get(qid)
            if q is None:
                continue
            label = q.get("label") or qid
            key = "|".join(str(v) for v in (c["name"], c["type"], c.get("target"), qid,
                                            q.get("type"), q.get("min"), q.get("max")))
            if q.get("type") not in READS.get(c["type"], ()):
                out.append({"criterion": c["name"], "question": qid, "key": key, "message":
                            f"{c['name']} compares “{label}” by {c['type']}, but it is now "
                            f"a {q.get('type', 'other').replace('_', ' ')} question: "
                            "choose another way to compare it, or another question"})
            elif c["type"] == "gap" and _number(q.get("min")) and _number(q.get("max")):
                span = q["max"] - q["min"]
                if abs(c.get("target", 1)) < GAP_SHARE * span:
                    better = max(1, round(span / 5))
                    out.append({"criterion": c["name"], "question": qid, "key": key, "message":
                                f"{c['name']} gives full points to a mentor "
                                f"{abs(c.get('target', 1)):g} or more above on “{label}”, "
                                f"which runs {q['min']:g}–{q['max']:g}: nearly every "
                                f"pair ties; raise its target (to about {better}), or keep it "
                                "as it is if that is what you want"})
    kept = set(policy.get("confirmed", []))
    return [w for w in out if w["key"] not in kept]
