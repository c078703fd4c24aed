"""Runs a matching run: the matcher function's work (and ``tandem serve``'s worker).

``execute(settings, run_id)`` is safe to call twice for the same run, at the
same time or after a crash: the lease lets one worker at a time work on it,
the proposal's items have deterministic keys, the run is marked complete
last, and a run that is complete already only settles its cohort again.
"""
from __future__ import annotations

import logging
import os
import socket
import time

from functions import db
from functions.db import runs
from functions.db.rankings import SUGGEST
from functions.domain import matching_runs
from functions.errors import aws_outage
from functions.settings import Settings

log = logging.getLogger("tandem.jobs")
#: How long a worker may hold a run before another may take it over.
LEASE_SECONDS = 900
#: Suggestions per mentee in a choice-mode run.
SUGGESTIONS = 5


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def execute(settings: Settings, run_id: str, *, owner: str | None = None) -> dict:
    """Do run ``run_id``; returns the run as stored afterwards."""
    from functions.errors import CohortError, NotFound
    from functions.matching import match_cohort  # numpy/scipy: the matcher function only

    db.configure(settings)
    owner = owner or worker_name()
    run = runs.take_lease(run_id, owner, LEASE_SECONDS)
    if run is None:
        log.info("run %s is held by another worker", run_id)
        return runs.get_run(run_id)
    if run["status"] in (runs.COMPLETE, runs.FAILED):
        runs.settle_cohort(run_id)
        return run
    if run["kind"] == runs.COUNT:
        return _count(run, owner)
    if run["kind"] == SUGGEST:
        return _suggest(settings, run, owner)
    began = time.monotonic()
    try:
        policy = runs.policy_of(run_id)
        if run["kind"] == runs.WAITING:  # the waiting against the seats still free
            cohort = matching_runs.waiting_input(run["cohort"], policy)
        else:
            # A proposal or what-if keeps the program's binding goals (the
            # waiting list is matched around published pairs: no goals).
            cohort, _ = matching_runs.engine_input(
                run["cohort"], policy, goals=policy.get("mode", "admin") == "admin",
                private=True)
        loaded = time.monotonic() - began
        if policy.get("mode") == "stable" and run["kind"] == runs.PROPOSAL:
            from functions.domain import stable_runs  # deferred acceptance on the rankings
            result = stable_runs.propose(run_id, run["cohort"], policy)
        else:
            result = match_cohort(cohort).to_dict(timing=False)
        matched = time.monotonic() - began - loaded
        chunks = runs.write_proposal(run_id, result["matches"], result["unmatched"])
        if policy.get("mode") == "choice" and run["kind"] == runs.PROPOSAL:
            _write_suggestions(run_id, cohort)
        from functions.domain.goals import withhold_small_groups
        stats = dict(withhold_small_groups(result["stats"], cohort),
                     seconds=round(time.monotonic() - began, 3),
                     load_seconds=round(loaded, 3), match_seconds=round(matched, 3))
        diff = None
        if run["kind"] == runs.WHAT_IF:
            stats.update(_spread(cohort))
            try:
                before = matching_runs.proposal(run["cohort"])
            except NotFound:  # no proposal yet: every pair is new
                before = None
            diff = matching_runs.diff(before, result["matches"], stats)
        # The cohort first, the run's "complete" last: whoever sees it complete
        # finds the cohort in review with this proposal.
        runs.settle_cohort(run_id, succeeded=True)
        runs.finish(run_id, owner, stats=stats, chunks=chunks, diff=diff)
    # A failed run frees the cohort before it is marked failed, as a good one
    # settles before "complete": whoever sees it failed finds the cohort as it was.
    except CohortError as exc:
        runs.settle_cohort(run_id, succeeded=False)
        runs.finish(run_id, owner, error=f"the cohort cannot be matched: {exc}")
    except Exception as exc:
        if aws_outage(exc):
            _hand_back(run_id, owner)
            raise
        log.exception("run %s failed", run_id)
        runs.settle_cohort(run_id, succeeded=False)
        runs.finish(run_id, owner, error=f"{type(exc).__name__}: {exc}")
    runs.settle_cohort(run_id)
    return runs.get_run(run_id)


def _hand_back(run_id: str, owner: str) -> None:
    """AWS was busy or failing part way: the run is not failed (the same
    inputs will match the same once the store answers). It is handed back,
    queued, and the error raised, so Lambda invokes the job again (twice, as
    it does for an asynchronous invocation that raised) and that invocation
    resumes it; every write it repeats writes the same. If even handing it
    back fails, its lease runs out and "Match now" hands it on."""
    log.warning("run %s interrupted by AWS; handed back for the next try", run_id,
                exc_info=True)
    try:
        runs.release(run_id, owner)
    except Exception:
        log.exception("run %s not handed back; it waits for its lease to run out", run_id)


def _count(run: dict, owner: str) -> dict:
    """A count run: the pairs its policy allows, and those the saved policy
    allows, in the run's stats; nothing else is written."""
    from functions.errors import CohortError
    from functions.matching import count_allowed
    began = time.monotonic()
    try:
        edited, saved, version = matching_runs.count_inputs(run["cohort"],
                                                            runs.policy_of(run["run"]))
        stats = count_allowed(edited, spread=True)
        try:
            before = count_allowed(saved) if saved else stats
        except CohortError as exc:  # the saved policy may be unusable (no criteria yet)
            before = {"error": str(exc)}
        stats["saved"] = dict(before, version=version)
        stats["seconds"] = round(time.monotonic() - began, 3)
        runs.finish(run["run"], owner, stats=stats)
    except CohortError as exc:
        runs.finish(run["run"], owner, error=f"the pairs cannot be counted: {exc}")
    except Exception as exc:
        log.exception("count run %s failed", run["run"])
        runs.finish(run["run"], owner, error=f"{type(exc).__name__}: {exc}")
    return runs.get_run(run["run"])


def _suggest(settings: Settings, run: dict, owner: str) -> dict:
    """Stable mode: the suggestions every mentee ranks (no proposal, no slot),
    then an e-mail to each person of the cohort that ranking is open."""
    from functions.domain import ranking, stable_runs
    from functions.errors import CohortError
    began = time.monotonic()
    try:
        stats = stable_runs.write_suggestions(run["run"], run["cohort"],
                                              runs.policy_of(run["run"]))
        runs.finish(run["run"], owner,
                    stats=dict(stats, seconds=round(time.monotonic() - began, 3)))
    except CohortError as exc:
        runs.finish(run["run"], owner, error=f"no suggestions could be made: {exc}")
    except Exception as exc:
        log.exception("suggestions run %s failed", run["run"])
        runs.finish(run["run"], owner, error=f"{type(exc).__name__}: {exc}")
    done = runs.get_run(run["run"])
    if done["status"] == runs.COMPLETE:
        try:    # the suggestions stand whether or not the e-mails go
            ranking.tell_ranking_open(settings, run["cohort"], run["run"])
        except Exception:
            log.exception("suggestions run %s: ranking e-mails not sent", run["run"])
    return done


def _spread(cohort: dict) -> dict:
    """How the policy's allowed pairs spread (``criteria``, ``best_score``),
    as a count run reports them, for a what-if to show beside its result."""
    from functions.matching import count_allowed
    counted = count_allowed(cohort, spread=True)
    return {k: counted[k] for k in ("criteria", "best_score")}


def _write_suggestions(run_id: str, cohort: dict) -> None:
    """Choice mode: every mentee's top suggestions, stored with the run for
    the API to read (it never runs the engine itself)."""
    from functions.db import suggestions
    from functions.matching import suggest_all
    suggestions.write_suggestions(run_id, suggest_all(cohort, SUGGESTIONS))
