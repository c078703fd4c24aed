"""Admin API: a cohort's self-assessed growth, per skill, as means only
(``functions.domain.self_assessment.growth``); no names, no single ratings,
and no mean over fewer than ``suppression_threshold`` people."""
from __future__ import annotations

from flask import jsonify

from functions.api import admin_blueprint

bp = admin_blueprint("manage_growth")


@bp.get("/cohorts/<cohort_id>/self-assessment")
def cohort_growth(cohort_id: str):
    from functions.domain import self_assessment
    growth = self_assessment.growth(cohort_id)
    return jsonify(skills=growth["skills"],
                   suppression_threshold=growth["suppression_threshold"])
