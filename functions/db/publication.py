"""Publishing a cohort's proposal run: one conditional update of the cohort,
all or nothing, refused when the proposal is stale (made before the newest
lock, forbid or policy save)."""
from __future__ import annotations

from pynamodb.exceptions import UpdateError

from functions.db.base import now
from functions.db.programs import Cohort, load_cohort, status_change
from functions.db.runs import COMPLETE, WAITING, Run, _load
from functions.errors import Conflict
from functions.vocab.lifecycle import MATCHING, PUBLISHED, REVIEW, refusal


def _published_already(cohort: Cohort, run_id: str) -> bool:
    return cohort.status == PUBLISHED and (
        run_id == cohort.published_run or run_id in (cohort.waiting_runs or []))


def publish(cohort_id: str, policy_version: int) -> tuple[str, bool]:
    """Publish the cohort's proposal: one conditional update, all or nothing.

    Returns (the run, whether this call published it). Asking again for a
    proposal already published (a double click, a retry, two tabs) answers
    the same run with ``False``, so only the first asker tells anyone. A
    proposal made before the newest lock, forbid or policy save
    (``policy_version`` is the saved policy's now) is stale: refused.
    A waiting-list proposal adds its pairs to the published ones.
    """
    for _ in range(5):  # the cohort's version may move under us (a run settling)
        cohort = load_cohort(cohort_id)
        run_id = cohort.proposal_run
        if run_id and _published_already(cohort, run_id):
            return run_id, False
        if not run_id or cohort.status not in (REVIEW, PUBLISHED):
            raise Conflict(refusal(cohort.name, cohort.status, "be published")
                           if cohort.status != MATCHING else
                           f"{cohort.name} has no proposal yet; press “Match now” first",
                           field="status")
        run = _load(run_id)
        waiting = run.kind == WAITING
        if waiting != (cohort.status == PUBLISHED):
            raise Conflict(f"{cohort.name} has no proposal to publish; press “Match now”",
                           field="status")
        if run.status != COMPLETE:  # settled, not yet marked complete: a moment more
            raise Conflict("the proposal is still being written; try again in a moment",
                           field="status")
        reason = stale_reason(run, int(cohort.inputs_version or 0), policy_version)
        if reason:
            raise Conflict(f"this proposal is out of date ({reason}), so nothing was "
                           "published; press “Match again” and publish the new proposal",
                           field="proposal")
        actions = ([Cohort.waiting_runs.set((cohort.waiting_runs or []) + [run_id]),
                    Cohort.inputs_version.add(1)] if waiting else
                   [*status_change(cohort, PUBLISHED, "be published"),
                    Cohort.published_run.set(run_id), Cohort.published_at.set(now())])
        try:  # the version condition: nothing moved since it was read
            cohort.update(actions=actions, condition=Cohort.proposal_run == run_id)
            return run_id, True
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
    cohort = load_cohort(cohort_id)
    if cohort.proposal_run and _published_already(cohort, cohort.proposal_run):
        return cohort.proposal_run, False
    raise Conflict("the cohort changed while publishing; nothing was published; reload "
                   "the page", field="status")


def stale_reason(run: Run | dict, inputs_version: int, policy_version: int) -> str | None:
    """Why a proposal run no longer matches what the admin asked, or None."""
    get = run.get if isinstance(run, dict) else (lambda k: getattr(run, k))
    if int(get("inputs_version") or 0) != inputs_version:
        return "pairs were locked, forbidden or freed after it was made"
    made_with = get("policy_version")
    if made_with is not None and int(made_with) != policy_version:
        return (f"it used policy version {int(made_with)} and version {policy_version} "
                "has been saved since")
    return None
