"""Matching in the portal: runs, proposals, publishing (a program's policy:
``functions.domain.program_policy``).

The API records what an admin asks for and hands the work to the matcher
(``dispatch``: an asynchronous Lambda invoke in the cloud, a background
worker under ``tandem serve``); it never imports numpy or scipy itself.
"""
from __future__ import annotations

import logging
from typing import Callable

from functions.db import adjustments, participants, programs, publication, runs
from functions.domain import policy as rules
from functions.domain.program_policy import current_policy
from functions.vocab import lifecycle
from functions.errors import Conflict, Invalid, NotFound, Unavailable

log = logging.getLogger("tandem.jobs")

#: States in which a cohort may be matched (a proposal run moves matching -> review).
MATCHABLE = (lifecycle.MATCHING, lifecycle.REVIEW)


def _people_and_pairs(cohort_id: str) -> tuple[list, list, list]:
    """(participants, forbidden pairs, locked pairs) of a cohort."""
    people = participants.list_participants(cohort_id)
    pairs = adjustments.listed(cohort_id)
    locks = sorted((a["mentee"], a["mentor"]) for a in pairs if a["kind"] == "lock")
    forbids = sorted((a["mentee"], a["mentor"]) for a in pairs if a["kind"] == "forbid")
    return people, forbids, locks


def engine_input(cohort_id: str, policy: dict | None = None, *,
                 goals: bool | None = None, private: bool = False) -> tuple[dict, dict]:
    """(the cohort in ``tandem match`` JSON format, the policy it used);
    ``goals``: with the program's goals (``functions.domain.goals``), by
    default when the policy's mode is admin, as a proposal run has them, so
    that the exported file reproduces the proposal. ``private``: the
    matcher's own run, which may read self-identification given for goals
    (never a file or answer an admin gets)."""
    cohort = programs.get_cohort(cohort_id)
    used = policy or current_policy(cohort["program"]["id"])
    people, forbids, locks = _people_and_pairs(cohort_id)
    out = rules.engine_input(used, people, forbid=forbids, require=locks)
    if goals is None:
        goals = used.get("mode", "admin") == "admin"
    if goals:
        from functions.domain import goals as program_goals
        from functions.db.goals import goal_self_ids
        out = program_goals.with_goals(out, people, cohort["program"]["id"], used,
                                       goal_self_ids(cohort_id) if private else None)
    return out, used


def count_inputs(cohort_id: str, policy: dict) -> tuple[dict, dict | None, int]:
    """A count run's input: (the cohort under ``policy``, the cohort under the
    saved policy or None when it is the same, the saved version), from one
    read of the people, so the editor compares both on the same cohort."""
    cohort = programs.get_cohort(cohort_id)
    saved = current_policy(cohort["program"]["id"])
    saved_policy = {k: saved[k] for k in ("criteria", "min_score", "mode")}
    people, forbids, locks = _people_and_pairs(cohort_id)
    edited = rules.engine_input(policy, people, forbid=forbids, require=locks)
    if {k: policy.get(k) for k in ("criteria", "min_score")} == \
            {k: saved_policy[k] for k in ("criteria", "min_score")}:
        return edited, None, saved["version"]
    return (edited, rules.engine_input(saved_policy, people, forbid=forbids, require=locks),
            saved["version"])


def adjust(cohort_id: str, body: dict, by: str) -> list[dict]:
    """Lock or forbid a pair (``{"kind", "mentee", "mentor"}``, ``"remove": true``
    to undo); the next run keeps locks and forbids as the engine's require and
    forbid. Moving a mentee is locking her to the new mentor and running again."""
    kind, mentee, mentor = body.get("kind"), body.get("mentee"), body.get("mentor")
    if kind not in adjustments.KINDS:
        raise Invalid("kind: lock or forbid", field="kind")
    roles = {p["id"]: p["role"] for p in participants.list_participants(cohort_id)}
    if roles.get(mentee) != "mentee":
        raise Invalid(f"mentee: {mentee!r} is not a mentee of this cohort", field="mentee")
    if roles.get(mentor) != "mentor":
        raise Invalid(f"mentor: {mentor!r} is not a mentor of this cohort", field="mentor")
    if body.get("remove") is True:
        adjustments.remove(cohort_id, kind, mentee, mentor)
        return adjustments.listed(cohort_id)
    current = adjustments.listed(cohort_id)
    if any(a["mentee"] == mentee and a["mentor"] == mentor for a in current):
        raise Conflict("that pair is already locked or forbidden; remove that first",
                       field="mentor")
    if kind == "lock" and any(a["kind"] == "lock" and a["mentee"] == mentee for a in current):
        raise Conflict("that mentee is locked to another mentor; remove that lock first",
                       field="mentee")
    adjustments.add(cohort_id, kind, mentee, mentor, by)
    return adjustments.listed(cohort_id)


def start_run(cohort_id: str, what_if: dict | None, by: str,
              dispatch: Callable[[str], None], *, count: dict | None = None,
              waiting: bool = False) -> dict:
    """Queue a proposal run (one per cohort at a time), a what-if run, a
    count run (how many pairs ``count``'s policy allows; no matching, so it
    may run in any state: an admin can tune the policy while enrolment is
    open), or on a published cohort a waiting-list run."""
    cohort = programs.get_cohort(cohort_id)
    asked = [name for name, given in (("what_if", what_if is not None),
                                      ("count", count is not None), ("waiting", waiting)) if given]
    if len(asked) > 1:
        raise Invalid(f"{asked[-1]}: ask for one of what-if, count or waiting, not several",
                      field=asked[-1])
    if waiting:
        if cohort["status"] != lifecycle.PUBLISHED:
            raise Conflict(lifecycle.refusal(cohort["name"], cohort["status"],
                                             "match a waiting list before it is published"),
                           field="status")
        from functions.domain import choices
        if choices.is_choice_run(programs.run_pointers(cohort_id)["published"]):
            raise Conflict(f"{cohort['name']} is matched by choice: waiting mentees choose "
                           "a mentor with free seats on their own page", field="waiting")
    elif count is None and cohort["status"] not in MATCHABLE:
        raise Conflict(lifecycle.refusal(cohort["name"], cohort["status"], "be matched now"),
                       field="status")
    program_id = cohort["program"]["id"]
    if what_if is not None or count is not None:
        questions = programs.program_policy_base(program_id)["questionnaire"]
        used = rules.validate(what_if if count is None else count,
                              questions.get("questions", []))
        version, kind = None, runs.WHAT_IF if count is None else runs.COUNT
    else:
        current = current_policy(program_id)
        used = {k: current[k] for k in ("criteria", "min_score", "mode")}
        if used["mode"] == "stable" and not waiting:
            from functions.domain import ranking  # matched from the mentees' rankings
            ranking.check_can_match(cohort_id)
        version, kind = current["version"], runs.WAITING if waiting else runs.PROPOSAL
    run, should_dispatch = runs.start_run(cohort_id, kind, used, version, by)
    if should_dispatch:
        try:
            dispatch(run["run"])
        except Exception as exc:
            # The matcher Lambda would not take it (throttled, down): nobody
            # will do the run, so it must not wait "queued", holding the slot.
            # Failed, with the reason on it, and the admin may ask again.
            log.warning("run %s not started: %r", run["run"], exc)
            runs.abandon(run["run"], f"the matcher could not be started ({type(exc).__name__})")
            raise Unavailable("the matcher could not be started right now, so the run was "
                              "not started: try again in a moment", field="cohort",
                              retry_after=5) from exc
    return run


def waiting_input(cohort_id: str, policy: dict) -> dict:
    """A waiting-list run's input: the active mentees with no published match
    against the mentors' seats still free; every published pair stays as it is."""
    from functions.domain import participant_matches
    published, _ = participant_matches.published_pairs(cohort_id)
    people, forbids, locks = _people_and_pairs(cohort_id)
    matched = {m["mentee"] for m in published}
    load: dict[str, int] = {}
    for m in published:
        load[m["mentor"]] = load.get(m["mentor"], 0) + 1
    left = []
    for p in people:
        if p["role"] == "mentee" and p["id"] in matched:
            continue
        if p["role"] == "mentor":
            free = int(p.get("capacity") or 1) - load.get(p["id"], 0)
            if free <= 0:
                continue
            p = dict(p, capacity=free)
        left.append(p)
    ids = {p["id"] for p in left}
    keep = [pair for pair in forbids if set(pair) <= ids], \
        [pair for pair in locks if set(pair) <= ids]
    return rules.engine_input(policy, left, forbid=keep[0], require=keep[1])


def waiting_count(cohort_id: str, people: list[dict] | None = None) -> int:
    """Active mentees of a published cohort with no published match;
    ``people``: the cohort's participants when the caller has read them."""
    from functions.domain import participant_matches
    published, _ = participant_matches.published_pairs(cohort_id)
    matched = {m["mentee"] for m in published}
    if people is None:
        people = participants.list_participants(cohort_id)
    return sum(1 for p in people
               if p["role"] == "mentee" and p.get("status") != "withdrawn"
               and p["id"] not in matched)


def proposal(cohort_id: str, *, published: bool = False) -> dict:
    """The cohort's complete proposal (or the published one), as the API shows
    it: each match says whether it is locked (or forbidden, which only a
    stale proposal can hold), and the proposal whether it is stale."""
    return proposal_parts(cohort_id, published=published)[1]()


def proposal_parts(cohort_id: str, *, published: bool = False) -> tuple[tuple | None, Callable]:
    """``(identity, build)``: ``build()`` gives ``proposal``; ``identity``
    names everything it is made from, so equal identities build equal
    proposals. It is None when the pairs are not the run's own (waiting-list
    runs published on top: the published pairs, which withdrawals change).
    Reading it costs the small reads; building costs the pairs."""
    cohort = programs.load_cohort_view(cohort_id)
    run_id = cohort["published_run" if published else "proposal_run"]
    if not run_id:
        raise NotFound(f"{cohort['name']} has no "
                       f"{'published matches' if published else 'proposal yet'}",
                       field="proposal")
    run = runs.get_run(run_id)
    if run["status"] != runs.COMPLETE:
        raise NotFound("the proposal is still being written", field="proposal")
    is_published = run_id == cohort["published_run"] or run_id in cohort["waiting_runs"]
    pairs = adjustments.listed(cohort_id)
    marks = {kind: {(a["mentee"], a["mentor"]) for a in pairs if a["kind"] == kind}
             for kind in adjustments.KINDS}
    reason = None if is_published else publication.stale_reason(
        run, cohort["inputs_version"], current_policy(cohort["program_id"])["version"])
    own_pairs = not (is_published and cohort["waiting_runs"])
    identity = (run_id, is_published, reason, frozenset(marks["lock"]),
                frozenset(marks["forbid"])) if own_pairs else None

    def build() -> dict:
        matches, unmatched = runs.complete_proposal(run_id)
        stats = run["stats"]
        if not own_pairs:
            # Waiting-list runs were published on top: show every published pair
            # and who still waits, so the page's figures are the cohort's own.
            from functions.domain import participant_matches
            matches, unmatched = participant_matches.published_pairs(cohort_id)
            scores = [m["score"] for m in matches]
            stats = dict(stats or {}, matched=len(matches), unmatched=len(unmatched),
                         mean_score=round(sum(scores) / len(scores), 2) if scores else None)
        matches = [dict(m, locked=(m["mentee"], m["mentor"]) in marks["lock"],
                        forbidden=(m["mentee"], m["mentor"]) in marks["forbid"])
                   for m in matches]
        return {"run": run_id, "kind": run["kind"], "policy_version": run["policy_version"],
                "matches": matches, "unmatched": list(unmatched), "stats": stats,
                "published": is_published, "stale": reason is not None, "stale_reason": reason}
    return identity, build


#: Changed pairs a what-if lists one by one (``pairs_changed`` counts them all).
DIFF_PAIRS = 500


def diff(before: dict | None, after_matches: list, after_stats: dict) -> dict:
    """What a what-if changes against the current proposal: how many mentees
    have another mentor (or none, or one now), the first ``DIFF_PAIRS`` of
    them as ``pairs`` with their mentor and score before and after, and the
    matched count and mean score before and after."""
    def pair(m: dict | None) -> dict | None:
        return None if m is None else {"mentor": m["mentor"], "score": m["score"]}
    old = {m["mentee"]: m for m in (before or {}).get("matches", [])}
    new = {m["mentee"]: m for m in after_matches}
    changed = sorted(e for e in old.keys() | new.keys()
                     if (old.get(e) or {}).get("mentor") != (new.get(e) or {}).get("mentor"))
    before_stats = (before or {}).get("stats") or {}
    return {"pairs_changed": len(changed), "changed_mentees": changed[:200],
            "pairs": [{"mentee": e, "before": pair(old.get(e)), "after": pair(new.get(e))}
                      for e in changed[:DIFF_PAIRS]],
            "matched": [before_stats.get("matched"), after_stats.get("matched")],
            "mean_score": [before_stats.get("mean_score"), after_stats.get("mean_score")]}


def publish(cohort_id: str) -> tuple[str, bool]:
    """Publish the cohort's proposal (``publication.publish``): (run, whether this call did)."""
    program_id = programs.load_cohort_view(cohort_id)["program_id"]
    # The match cards the e-mail job writes carry the program's resources:
    # its starter set first, or the first page writing it would age every card.
    from functions.domain import resources
    resources.of_program(program_id)
    return publication.publish(cohort_id, current_policy(program_id)["version"])


def set_status(cohort_id: str, target: str) -> tuple[str, dict, bool]:
    """A life-cycle transition (one the life cycle does not allow is 409);
    returns the status the cohort left, the cohort as it is now, and whether
    this call published it (a repeated publish changes nothing)."""
    if target not in lifecycle.STATES:
        raise Invalid(f"status: one of {', '.join(lifecycle.STATES)}", field="status")
    before = programs.get_cohort(cohort_id)  # carries its program's questionnaire
    if target == lifecycle.ENROLLING:
        from functions.domain.questionnaire import check_can_open
        check_can_open(before["questionnaire"])
    fresh = False
    if target == lifecycle.PUBLISHED:
        _, fresh = publish(cohort_id)
    else:
        programs.move_status(cohort_id, target)
    return before["status"], programs.get_cohort(cohort_id), fresh
