"""Admin API: a published cohort's follow-up — quiet pairs, and the closure
and rematch requests an admin acts on. Every action is audited."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import g, jsonify

from functions.api import admin_blueprint, documented, parsed_body
from functions.db import audit
from functions.domain import followup

bp = admin_blueprint("followup")


@bp.get("/cohorts/<cohort_id>/follow-up")
def overview(cohort_id: str):
    """``{cohort, quiet_days, quiet: [...], requests: [...], targets: [...]}``:
    ``targets`` are the cohorts a rematch may enrol into."""
    view = followup.overview(cohort_id, datetime.now(timezone.utc))
    return jsonify(view | {"targets": followup.rematch_targets(cohort_id)})


@bp.post("/cohorts/<cohort_id>/follow-up/<match_id>")
@documented(body="followup_schemas.FollowUpAction", errors=(409,))
def act(cohort_id: str, match_id: str):
    body = parsed_body()
    done = followup.act(cohort_id, match_id, body.action, body.note,
                        body.cohort if body.action == "rematch" else None, g.admin_email)
    detail = {"cohort": cohort_id, "note": body.note}
    if body.action == "rematch":
        detail |= {"into": done["cohort"], "participant": done["participant"]}
    audit.record(g.admin_email, f"follow-up.{body.action}", "match", match_id, detail)
    return jsonify({"match": match_id, "status": "handled", "handled": done})
