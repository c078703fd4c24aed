"""Admin API: a program's goals (reach, parity, mix) and how each cohort
meets them (``functions.domain.goals``). Saving is audited."""
from __future__ import annotations

from flask import g, jsonify

from functions.api import admin_blueprint, documented
from functions.db import audit
from functions.domain import goal_report, goals

bp = admin_blueprint("goals")


@bp.get("/programs/<program_id>/goals")
def program_goals(program_id: str):
    """``{goals: [... with "goal": the goal in words], version}``."""
    return jsonify(goals.listed(program_id))


@bp.put("/programs/<program_id>/goals")
@documented(body="goal_schemas.GoalsIn", errors=(404, 409))
def save_goals(program_id: str):
    """The whole list of goals, as a JSON list or ``{goals, version}``."""
    from functions.api import goal_schemas, schemas
    body = g.get("json_body")
    wrapped = {"goals": body} if isinstance(body, list) else body
    parsed = schemas.parse(goal_schemas.GoalsIn, wrapped)
    saved = goals.save(program_id, [x.model_dump() for x in parsed.goals], parsed.version)
    audit.record(g.admin_email, "program.goals", "program", program_id,
                 {"goals": saved["goals"], "version": saved["version"]})
    return jsonify(goals.listed(program_id))


@bp.get("/cohorts/<cohort_id>/goals")
def cohort_goals(cohort_id: str):
    """``[{goal, kind, value, target, met, suppressed, binding}]``."""
    return jsonify(goal_report.cohort_goals(cohort_id))
