"""Admin API: how a published cohort's matches are doing, from their
journals (``functions.domain.engagement``): counts and means only, answers
suppressed under 10; each table also as CSV."""
from __future__ import annotations

from flask import jsonify

from functions.api import admin_blueprint, documented
from functions.api.admin_common import csv_response
from functions.errors import Invalid

bp = admin_blueprint("manage_engagement")


def _engagement(cohort_id: str) -> dict:
    from functions.domain import engagement
    return engagement.cohort_engagement(cohort_id)


@bp.get("/cohorts/<cohort_id>/engagement")
def cohort_engagement(cohort_id: str):
    return jsonify({"cohort": cohort_id, **_engagement(cohort_id)})


@bp.get("/cohorts/<cohort_id>/engagement/<chart_id>.csv")
@documented(answers="text/csv", errors=(422,))
def cohort_engagement_csv(cohort_id: str, chart_id: str):
    from functions.domain import roster_columns
    charts = _engagement(cohort_id)["charts"]
    chart = next((c for c in charts if c["id"] == chart_id), None)
    if chart is None:
        raise Invalid(f"chart: one of {', '.join(c['id'] for c in charts)}", field="chart")
    return csv_response(roster_columns.write_rows(chart["columns"], chart["rows"]),
                        f"{cohort_id}-engagement-{chart_id}.csv")
