"""Matching runs, their proposals, and the cohort's pointers to them.

A run is idempotent from end to end, because Lambda may deliver the same
asynchronous invocation twice and a worker may die half way:

- the cohort names its one active proposal run (``Cohort.active_run``), set by
  a conditional update, so two "match now" at once give one run;
- a worker takes a *lease* on the run (owner, expiry) by conditional update;
  a run whose lease ran out can be taken over;
- the proposal is written in chunks with deterministic keys (run, chunk n),
  so writing it again writes the same items;
- the run is marked complete last, and only complete runs are ever shown;
- publishing is one conditional update of the cohort (``published_run``), so
  it is all-or-nothing by construction (``functions.db.publication``).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from pynamodb.attributes import (
    BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute,
)
from pynamodb.exceptions import UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from functions.db.base import Base, iso, new_id, now, raise_if_condition
from functions.db.programs import Cohort, load_cohort, status_change
from functions.vocab.lifecycle import MATCHING, REVIEW
from functions.errors import BUSY, Conflict, NotFound, Unavailable, aws_outage

QUEUED, RUNNING, COMPLETE, FAILED = "queued", "running", "complete", "failed"
PROPOSAL, WHAT_IF = "proposal", "what_if"
#: Matches the waiting (unmatched or added since) of a published cohort
#: against the seats still free; publishing it adds its pairs to the published.
WAITING = "waiting"
#: Kinds that take the cohort's one active slot and become its proposal.
PROPOSING = (PROPOSAL, WAITING)
#: Counts the pairs a policy allows (the policy editor); no proposal, no slot.
COUNT = "count"
#: Matches per proposal item: well under DynamoDB's 400 KB item limit.
CHUNK = 200


class RunsByCohort(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-cohort"
        projection = AllProjection()

    cohort_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class Run(Base):
    class Meta(Base.Meta):
        base_name = "runs"

    id = UnicodeAttribute(hash_key=True)
    cohort_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    status = UnicodeAttribute(default=QUEUED)
    policy = JSONAttribute()
    policy_version = NumberAttribute(null=True)
    #: The cohort's ``inputs_version`` when the run was asked for.
    inputs_version = NumberAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()  # ISO, sortable: the index's range key
    lease_owner = UnicodeAttribute(null=True)
    lease_until = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
    chunks = NumberAttribute(default=0)
    stats = JSONAttribute(null=True)
    diff = JSONAttribute(null=True)
    error = UnicodeAttribute(null=True)
    #: Its matches' progress is kept from their start (``functions.db.progress``):
    #: every run made since; older ones lack it.
    keeps_progress = BooleanAttribute(null=True, default_for_new=True)

    by_cohort = RunsByCohort()


class ProposalChunk(Base):
    class Meta(Base.Meta):
        base_name = "proposals"

    run_id = UnicodeAttribute(hash_key=True)
    chunk = NumberAttribute(range_key=True)
    matches = JSONAttribute(default=list)
    unmatched = JSONAttribute(default=list)


def run_view(r: Run) -> dict:
    return {"run": r.id, "cohort": r.cohort_id, "kind": r.kind, "status": r.status,
            "policy_version": int(r.policy_version) if r.policy_version is not None else None,
            "inputs_version": int(r.inputs_version or 0),
            "created_by": r.created_by, "created_at": r.created_at,
            "finished_at": iso(r.finished_at), "stats": r.stats, "diff": r.diff,
            "error": r.error}


def _load(run_id: str) -> Run:
    try:
        return Run.get(run_id, consistent_read=True)
    except Run.DoesNotExist:
        raise NotFound(f"no run {run_id}", field="run") from None


def get_run(run_id: str) -> dict:
    return run_view(_load(run_id))


def policy_of(run_id: str) -> dict:
    return _load(run_id).policy


def _stale(r: Run, grace: timedelta) -> bool:
    """A run nobody is working on: queued for long, or its lease has run out."""
    if r.status == QUEUED:
        return now() - datetime.fromisoformat(r.created_at) > grace
    return r.status == RUNNING and (r.lease_until is None or r.lease_until < now())


def start_run(cohort_id: str, kind: str, policy: dict, policy_version: int | None,
              by: str, grace: timedelta = timedelta(minutes=2)) -> tuple[dict, bool]:
    """Create a run; returns (run, whether the caller should dispatch it).

    A proposal run takes the cohort's one active slot: while one is queued or
    running, asking again returns that run (dispatched again only if nobody is
    working on it). What-if and count runs do not take the slot.
    """
    cohort = load_cohort(cohort_id)
    run = Run(id=new_id(), cohort_id=cohort_id, kind=kind, policy=policy,
              policy_version=policy_version, inputs_version=int(cohort.inputs_version or 0),
              created_by=by, created_at=now().isoformat(timespec="microseconds"))
    if kind not in PROPOSING:
        run.save()
        return run_view(run), True
    current = cohort.active_run
    if current:
        try:
            active = Run.get(current, consistent_read=True)
            if active.status in (QUEUED, RUNNING):
                return run_view(active), _stale(active, grace)
        except Run.DoesNotExist:
            pass  # never happens: a run is written before it claims the slot
    # Written first, so whoever reads the slot finds the run behind it.
    run.save()
    condition = (Cohort.active_run.does_not_exist() if not current
                 else Cohort.active_run == current)
    try:
        cohort.update(actions=[Cohort.active_run.set(run.id)], condition=condition)
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            # Throttled, say: the run must not stay behind, "queued" with no
            # slot and nobody to do it. Once it is gone, nothing was saved.
            run.delete()
            if aws_outage(exc) == BUSY:
                raise Unavailable("the store is busy right now; the run was not started "
                                  "and nothing was saved: try again in a moment",
                                  retry_after=2) from exc
            raise
        run.delete()  # another request claimed the slot first: answer with its run
        winner = load_cohort(cohort_id).active_run
        if winner:
            return run_view(_load(winner)), False
        raise Conflict("another run was starting; try again", field="cohort") from None
    return run_view(run), True


def take_lease(run_id: str, owner: str, seconds: int) -> dict | None:
    """Claim a queued run, or one whose lease ran out; None if someone holds it."""
    run = _load(run_id)
    if run.status in (COMPLETE, FAILED):
        return run_view(run)
    moment = now()
    try:
        run.update(actions=[Run.status.set(RUNNING), Run.lease_owner.set(owner),
                            Run.lease_until.set(moment + timedelta(seconds=seconds))],
                   condition=(Run.status == QUEUED)
                   | ((Run.status == RUNNING) & (Run.lease_until < moment)))
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return None  # another worker holds a live lease
        raise
    return run_view(run)


def abandon(run_id: str, why: str) -> None:
    """Mark a run nobody will do (it could not be handed to the matcher)
    failed, and free the cohort's slot if it holds it: a run is never left
    "queued" for good. Only a run still queued: a worker that got it after
    all keeps it."""
    try:
        Run(id=run_id).update(actions=[Run.status.set(FAILED), Run.finished_at.set(now()),
                                       Run.error.set(why[:1000])],
                              condition=Run.status == QUEUED)
    except UpdateError as exc:
        raise_if_condition(exc, Conflict(f"run {run_id} is taken"))
    settle_cohort(run_id)


def release(run_id: str, owner: str) -> None:
    """Hand a run back (queued, no lease) after a fault that a later try may
    not meet, so the next invocation resumes it at once instead of waiting
    out the lease. Only by its lease holder, only while running."""
    try:
        Run(id=run_id).update(actions=[Run.status.set(QUEUED), Run.lease_owner.remove(),
                                       Run.lease_until.remove()],
                              condition=(Run.lease_owner == owner) & (Run.status == RUNNING))
    except UpdateError as exc:
        raise_if_condition(exc, Conflict(f"run {run_id} is no longer held by this worker"))


def write_proposal(run_id: str, matches: list, unmatched: list) -> int:
    """Write the proposal in chunks with deterministic keys; returns the count."""
    n = max(1, -(-max(len(matches), len(unmatched)) // CHUNK))
    with ProposalChunk.batch_write() as batch:
        for i in range(n):
            batch.save(ProposalChunk(run_id=run_id, chunk=i,
                                     matches=matches[i * CHUNK:(i + 1) * CHUNK],
                                     unmatched=unmatched[i * CHUNK:(i + 1) * CHUNK]))
    return n


@lru_cache(maxsize=16)
def complete_proposal(run_id: str) -> tuple[tuple, tuple]:
    """(matches, unmatched) of a *complete* run, kept per process: once
    complete a proposal never changes (its items have fixed keys, and a
    repeated delivery writes the same), so participants' pages and reports
    need not read every chunk again. Read-only: callers must not change it."""
    matches, unmatched = read_proposal(run_id)
    return tuple(matches), tuple(unmatched)


def read_proposal(run_id: str) -> tuple[list, list]:
    matches, unmatched = [], []
    for chunk in ProposalChunk.query(run_id, consistent_read=True):
        matches.extend(chunk.matches)
        unmatched.extend(chunk.unmatched)
    return matches, unmatched


def finish(run_id: str, owner: str, *, stats: dict | None = None, chunks: int = 0,
           diff: dict | None = None, error: str | None = None) -> None:
    """Mark the run complete (or failed) — last, and only by its lease holder."""
    actions = [Run.status.set(FAILED if error else COMPLETE), Run.finished_at.set(now()),
               Run.chunks.set(chunks)]
    if stats is not None:
        actions.append(Run.stats.set(stats))
    if diff is not None:
        actions.append(Run.diff.set(diff))
    if error:
        actions.append(Run.error.set(error[:1000]))
    try:
        Run(id=run_id).update(actions=actions, condition=(Run.lease_owner == owner)
                              & (Run.status == RUNNING))
    except UpdateError as exc:
        raise_if_condition(exc, Conflict(f"run {run_id} is no longer held by this worker"))


def settle_cohort(run_id: str, succeeded: bool | None = None) -> None:
    """Free the cohort's slot; a successful run becomes the cohort's proposal
    and a cohort in matching moves to review. ``succeeded`` is given by the
    worker, which settles a good run just *before* marking it complete, so a
    page that sees "complete" finds the cohort in review; None reads it from
    the finished run. Safe to repeat: a second delivery changes nothing."""
    run = _load(run_id)
    if succeeded is None:
        if run.status not in (COMPLETE, FAILED):
            return
        succeeded = run.status == COMPLETE
    if run.kind not in PROPOSING:
        return
    for _ in range(5):  # the cohort's version may move under us (an admin's edit)
        cohort = load_cohort(run.cohort_id)
        if cohort.active_run != run_id:
            return
        actions = [Cohort.active_run.remove()]
        if succeeded:
            actions.append(Cohort.proposal_run.set(run_id))
            if cohort.status == MATCHING and run.kind == PROPOSAL:
                actions += status_change(cohort, REVIEW)
        try:
            cohort.update(actions=actions, condition=Cohort.active_run == run_id)
            return
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise


def runs_of(cohort_id: str, limit: int = 20, *, counts: bool = False) -> list[dict]:
    """The cohort's newest runs. Count runs (one per slider move in the policy
    editor) are left out unless asked for, so they never push the proposal
    and what-if runs out of the list; PynamoDB keeps paging until ``limit``
    runs pass the filter."""
    condition = None if counts else Run.kind != COUNT
    return [run_view(r) for r in Run.by_cohort.query(cohort_id, scan_index_forward=False,
                                                      limit=limit,
                                                      filter_condition=condition)]
