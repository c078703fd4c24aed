"""Handing work to the matcher function: the API's only way to start a job.

Three jobs: ``run`` (a matching run, by run id), ``notify`` (tell everyone
in a published cohort, by cohort id) and ``notify_waiting`` (tell the people
of a published waiting-list run's new pairs, by run id). In the cloud (``Settings.matcher_function``
set) a job is an asynchronous invoke of the matcher Lambda whose payload
carries only the id (Lambda caps such payloads at 256 KB; the data is in
DynamoDB). Under ``tandem serve`` and in tests, one worker thread in the same
process does them in order. Neither path imports numpy into the API: the
worker imports the matcher when it first runs.
"""
from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Callable

from functions.settings import Settings

log = logging.getLogger("tandem.jobs")
#: Job -> (the matcher Lambda's entry point for Zappa's "command", the payload key).
COMMANDS = {"run": ("functions.jobs.run_matching", "run"),
            "notify": ("functions.jobs.notify_published", "cohort"),
            "notify_waiting": ("functions.jobs.notify_waiting", "run")}


def _do(settings: Settings, job: str, key: str):
    if job == "run":
        from functions.jobs.matching import execute
        return execute(settings, key)
    from functions.domain import publishing
    if job == "notify_waiting":
        return publishing.notify_waiting(settings, key)
    return publishing.notify_published(settings, key)


class LocalWorker:
    """One background thread that does queued jobs in order."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tandem-matcher")
        self._lock = threading.Lock()
        self._pending: set[Future] = set()

    def submit(self, job: str, key: str) -> Future:
        future = self._pool.submit(_do, self._settings, job, key)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._finished)
        future.add_done_callback(lambda f: not f.cancelled() and f.exception() and log.error(
            "%s %s failed: %s", job, key, f.exception()))
        return future

    def _finished(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def idle(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the jobs taken so far to end."""
        with self._lock:
            pending = set(self._pending)
        wait(pending, timeout=timeout)

    def stop(self, timeout: float) -> None:
        """Take no more jobs, drop the queued ones, and wait up to ``timeout``
        seconds for the one running (before the store it needs stops)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.idle(timeout)


def dispatcher(settings: Settings) -> Callable[[str, str], object]:
    """``dispatch(job, key)`` for these settings."""
    if settings.matcher_function:
        import boto3
        client = boto3.client("lambda", region_name=settings.region)

        def invoke(job: str, key: str) -> None:
            command, field = COMMANDS[job]
            client.invoke(FunctionName=settings.matcher_function, InvocationType="Event",
                          Payload=json.dumps({"command": command, field: key}).encode())
        return invoke
    return LocalWorker(settings).submit
