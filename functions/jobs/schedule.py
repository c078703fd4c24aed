"""Scheduled entry points of the matcher function (Zappa ``events``).

Zappa calls ``scheduled_match(event, context)`` on the schedule in
``zappa_settings.json``. The job reads its configuration once
(``Settings.from_env()``), finds the cohorts whose matching date has come, and
returns a run summary that lands in the function's log.

Two Zappa habits shape this module:

- Zappa retries a job that raises ``TypeError`` with fewer arguments and then
  reports "Function signature is invalid", hiding the real error; so every
  entry point turns a ``TypeError`` from inside into a ``RuntimeError``.
- numpy and scipy are heavy to import; the API function imports this module
  for ``log_exception``, so anything that needs them imports them lazily.
"""
from __future__ import annotations

import json
import logging
from datetime import date

from functions import db
from functions.vocab.dates import utc_today
from functions.vocab.lifecycle import MATCHING
from functions.settings import Settings, resolve_secret_keys

log = logging.getLogger("tandem.jobs")


def scheduled_match(event=None, context=None) -> dict:
    """Zappa entry point: look for cohorts due for matching and summarise.

    Returns a JSON-able summary, e.g.
    ``{"stage": "dev", "today": "2026-11-25", "cohorts_due": 0,
    "cohort_ids": [], "proposals": 0, "message": "no cohort due for matching"}``.
    """
    return run_entry_point("scheduled_match", run_scheduled_match)


def job_settings() -> Settings:
    """The environment's settings, with the signing keys from SSM in the cloud
    (fetched once per container: ``resolve_secret_keys``)."""
    return resolve_secret_keys(Settings.from_env())


def run_entry_point(name: str, job) -> dict:
    """Run ``job(settings)`` for a Zappa event and log its summary.

    A ``TypeError`` from inside becomes a ``RuntimeError``: Zappa would
    otherwise retry the entry point with fewer arguments and blame its
    signature, hiding the real error.
    """
    try:
        summary = job(job_settings())
    except TypeError as exc:
        raise RuntimeError(f"{name} failed: {exc!r}") from exc
    log.info("%s %s", name, json.dumps(summary, sort_keys=True))
    return summary


def run_scheduled_match(settings: Settings, today: date | None = None) -> dict:
    """One scheduled run for ``settings.stage``; ``today`` defaults to the UTC date."""
    db.configure(settings)
    today = today or utc_today()
    due = cohorts_due(today)
    proposals = sum(_propose(settings, cohort_id) for cohort_id in due)
    if due:
        message = (f"{len(due)} cohort{'s' if len(due) != 1 else ''} due for matching: "
                   + ", ".join(due))
    else:
        message = "no cohort due for matching"
    return {
        "stage": settings.stage,
        "today": today.isoformat(),
        "cohorts_due": len(due),
        "cohort_ids": due,
        "proposals": proposals,
        "message": message,
    }


def _propose(settings: Settings, cohort_id: str) -> bool:
    """Match a due cohort that has no proposal yet, here and now; True if done.

    A cohort that already has a proposal is left to its admins (they re-run
    by hand); one that cannot be matched is logged and skipped, so one bad
    cohort never stops the others.
    """
    from functions.db import programs
    from functions.domain import matching_runs
    from functions.errors import TandemError
    from functions.jobs.matching import execute
    pointers = programs.run_pointers(cohort_id)
    if pointers["proposal"] or pointers["published"]:
        return False
    finished = {}
    try:
        matching_runs.start_run(cohort_id, None, "schedule", dispatch=lambda run_id:
                                finished.update(execute(settings, run_id)))
    except TandemError as exc:
        log.warning("cohort %s not matched: %s", cohort_id, exc)
        return False
    return finished.get("status") == "complete"


def run_matching(event=None, context=None) -> dict:
    """Zappa entry point for one run, invoked asynchronously by the API with
    ``{"command": "functions.jobs.run_matching", "run": RUN_ID}``."""
    from functions.jobs.matching import execute
    try:
        run = execute(job_settings(), (event or {})["run"])
    except TypeError as exc:
        raise RuntimeError(f"run_matching failed: {exc!r}") from exc
    log.info("run_matching %s", json.dumps({k: run.get(k) for k in ("run", "status")}))
    return run


def _notify(name: str, field: str, event) -> dict:
    """One notify entry point's work: ``publishing.<name>(settings, event[field])``.
    Zappa retries a job that raised TypeError with fewer arguments, so a
    TypeError is re-raised as something else."""
    from functions.domain import publishing
    settings = job_settings()
    db.configure(settings)
    try:
        sent = getattr(publishing, name)(settings, (event or {})[field])
    except TypeError as exc:
        raise RuntimeError(f"{name} failed: {exc!r}") from exc
    return {field: event[field], "sent": sent}


def notify_published(event=None, context=None) -> dict:
    """Zappa entry point: tell everyone in a just-published cohort
    (``{"command": "functions.jobs.notify_published", "cohort": ID}``)."""
    return _notify("notify_published", "cohort", event)


def notify_waiting(event=None, context=None) -> dict:
    """Zappa entry point: tell the people of a just-published waiting-list
    run's new pairs (``{"command": "functions.jobs.notify_waiting", "run": ID}``)."""
    return _notify("notify_waiting", "run", event)


def cohorts_due(today: date) -> list[str]:
    """Ids of cohorts in status ``matching`` whose ``matching_at`` is today or earlier."""
    Cohort = db.Cohort
    query = Cohort.by_status.query(
        MATCHING, filter_condition=Cohort.matching_at <= today.isoformat())
    return sorted(c.id for c in query)


def log_exception(exception, event, context) -> bool:
    """Zappa ``exception_handler``: one structured log line per unhandled error.

    Returns False so Zappa re-raises: Lambda then records the failure and, for
    scheduled (asynchronous) invocations, retries; a repeated run is harmless.
    """
    kind = "request" if isinstance(event, dict) and "httpMethod" in event else "event"
    if isinstance(event, dict) and event.get("detail-type") == "Scheduled Event":
        kind = "schedule"
    request_id = getattr(context, "aws_request_id", None)
    log.error("unhandled %s error %s: %r", kind, request_id or "-", exception,
              exc_info=(type(exception), exception, exception.__traceback__))
    return False
