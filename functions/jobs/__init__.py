"""Scheduled entry points of the matcher function (Zappa ``events``).

Zappa names them as ``functions.jobs.<name>`` in ``zappa_settings.json``.
"""
from functions.jobs.nudges import scheduled_nudges
from functions.jobs.schedule import (
    log_exception, notify_published, notify_waiting, run_matching, scheduled_match,
)

__all__ = ["log_exception", "notify_published", "notify_waiting", "run_matching",
           "scheduled_match", "scheduled_nudges"]
