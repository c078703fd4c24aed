"""Admin API: where a published choice-mode cohort stands — requests by
status, mentees who have not asked yet, and every mentor's seats — and
where a stable-mode cohort's ranking stands."""
from __future__ import annotations

from flask import jsonify

from functions.api import admin_blueprint
from functions.domain import choice_admin

bp = admin_blueprint("manage_choices")


@bp.get("/cohorts/<cohort_id>/choices")
def overview(cohort_id: str):
    """``{cohort, requested, accepted, declined, mentees_without_request,
    mentors: [{id, name, capacity, taken, paused_until, pending}]}``; 404
    unless the cohort was published in choice mode."""
    return jsonify(choice_admin.overview(cohort_id))


@bp.get("/cohorts/<cohort_id>/ranking")
def ranking(cohort_id: str):
    """Stable mode: ``{stable, open, deadline, n, suggestions, mentees,
    mentees_ranked, mentors_ranked}``: how many have ranked so far."""
    from functions.domain import ranking as stable  # as choice_admin: loaded when used
    return jsonify(stable.overview(cohort_id))
