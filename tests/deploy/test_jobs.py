"""The scheduled entry point of the matcher function, in process on DynamoDB Local."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timezone

import pytest

from functions import db
from functions.jobs import schedule as jobs

TODAY = date(2026, 11, 25)


def cohort(cohort_id, status="matching", matching_at="2026-11-25"):
    db.Cohort(id=cohort_id, program_id="p1", name=cohort_id, status=status,
                  matching_at=matching_at, created_at=datetime.now(timezone.utc)).save()


def test_no_cohort_due(tables, settings):
    cohort("c-enrolling", status="enrolling")
    summary = jobs.run_scheduled_match(settings, today=TODAY)
    assert summary == {"stage": "test", "today": "2026-11-25", "cohorts_due": 0,
                       "cohort_ids": [], "proposals": 0,
                       "message": "no cohort due for matching"}


def test_counts_cohorts_in_matching_whose_date_has_come(tables, settings):
    cohort("c-today")
    cohort("c-late", matching_at="2026-11-01")
    cohort("c-next-week", matching_at="2026-12-02")
    cohort("c-undated", matching_at=None)
    cohort("c-published", status="published")
    summary = jobs.run_scheduled_match(settings, today=TODAY)
    assert summary["cohorts_due"] == 2
    assert summary["cohort_ids"] == ["c-late", "c-today"]
    assert summary["message"] == "2 cohorts due for matching: c-late, c-today"


def test_entry_point_reads_settings_from_the_environment(tables, settings, monkeypatch):
    monkeypatch.setenv("TANDEM_STAGE", "test")
    monkeypatch.setenv("TANDEM_TABLE_PREFIX", settings.table_prefix)
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", settings.dynamodb_endpoint)
    monkeypatch.setenv("TANDEM_STORE_KEY", settings.store_key)
    cohort("c1", matching_at=datetime.now(timezone.utc).date().isoformat())
    event = {"detail-type": "Scheduled Event", "resources": ["arn:aws:events:::rule/x"]}
    summary = jobs.scheduled_match(event, None)
    assert (summary["stage"], summary["cohorts_due"]) == ("test", 1)


def test_type_error_inside_becomes_runtime_error(monkeypatch):
    # Zappa retries a TypeError with fewer arguments and blames the signature.
    from functions.jobs import nudges

    def broken(settings):
        raise TypeError("unsupported operand")
    monkeypatch.setattr(jobs, "run_scheduled_match", broken)
    monkeypatch.setattr(nudges, "run_nudges", broken)
    with pytest.raises(RuntimeError, match="scheduled_match failed.*unsupported operand"):
        jobs.scheduled_match({}, None)
    with pytest.raises(RuntimeError, match="scheduled_nudges failed.*unsupported operand"):
        nudges.scheduled_nudges({}, None)


def test_exception_handler_logs_and_lets_lambda_see_the_failure(caplog):
    try:
        raise ValueError("boom")
    except ValueError as exc:
        handled = jobs.log_exception(exc, {"detail-type": "Scheduled Event"}, None)
    assert handled is False
    assert "unhandled schedule error" in caplog.text and "boom" in caplog.text


def test_the_api_can_import_the_jobs_module_without_numpy_or_scipy():
    # The API imports functions.jobs for its exception handler, so the module
    # (not a matching run, which needs numpy) must load the matcher lazily.
    code = ("import sys, functions.jobs, functions.app; functions.app.app; "
            "print(sorted(m for m in ('numpy', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
