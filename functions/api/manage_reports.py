"""Admin API, continued: the report dashboards' numbers, as JSON and per chart as CSV."""
from __future__ import annotations

from flask import jsonify

from functions.api import admin_blueprint, documented
from functions.api.admin_common import csv_response
from functions.db import participants, program_admin, programs, roster as db_roster
from functions.domain import reports, resource_report, roster_columns, suppression
from functions.errors import Invalid
from functions.vocab import readiness

#: Documented as part of ``manage`` (its routes were added to that blueprint).
bp = admin_blueprint("manage_reports", tag="manage")


def _cohort_numbers(cohort_id: str) -> tuple[list, dict, list, list]:
    matches, unmatched = reports.published_matches(cohort_id)
    return (db_roster.everyone(cohort_id), db_roster.self_identification(cohort_id),
            matches, unmatched)


@bp.get("/cohorts/<cohort_id>/readiness")
def mentor_readiness(cohort_id: str):
    """How many of the cohort's mentors chose each answer of the readiness
    check: counts only, as nobody but the mentor sees her own answers."""
    programs.load_cohort(cohort_id)  # 404 for a cohort that is not there
    return jsonify({"cohort": cohort_id,
                    **readiness.counts(participants.readiness_answers(cohort_id),
                                       suppression.THRESHOLD)})


@bp.get("/programs/<program_id>/achievements")
def achievements(program_id: str):
    """Goals reached that their pairs chose to share with the program team."""
    from functions.domain import achievements as shared
    return jsonify({"program": program_id, "achievements": shared.shared_goals(program_id)})


@bp.get("/cohorts/<cohort_id>/report")
def cohort_report(cohort_id: str):
    return jsonify({"cohort": cohort_id,
                    **reports.cohort_report(*_cohort_numbers(cohort_id))})


@bp.get("/programs/<program_id>/report")
def program_report(program_id: str):
    # Computed over everyone, not added up from suppressed cohort tables.
    cohorts = program_admin.get_program(program_id)["cohorts"]
    parts = [_cohort_numbers(c["id"]) for c in cohorts]
    merged = ([p for part in parts for p in part[0]],
              {k: v for part in parts for k, v in part[1].items()},
              [m for part in parts for m in part[2]],
              [u for part in parts for u in part[3]])
    report = reports.cohort_report(*merged)
    done = resource_report.completion(program_id, [(c["id"], part[0])
                                                   for c, part in zip(cohorts, parts)])
    return jsonify({"program": program_id, "cohorts": [c["id"] for c in cohorts],
                    **report, "resources": done,
                    "charts": [*report["charts"], resource_report.chart(done)]})


@bp.get("/cohorts/<cohort_id>/report/<chart_id>.csv")
@documented(answers="text/csv", errors=(422,))
def cohort_chart_csv(cohort_id: str, chart_id: str):
    charts = reports.cohort_report(*_cohort_numbers(cohort_id))["charts"]
    chart = next((c for c in charts if c["id"] == chart_id), None)
    if chart is None:
        raise Invalid(f"chart: one of {', '.join(c['id'] for c in charts)}", field="chart")
    return csv_response(roster_columns.write_rows(chart["columns"], chart["rows"]),
                        f"{cohort_id}-{chart_id}.csv")
