"""Follow-up after publishing: what the nudges job sent, and how admins
handled closure and rematch requests. One table keyed by (match id, key).

Keys, and why they make each message go out once:

- ``checkin#PPPP#PERSON``: the reminder of check-in period PPPP to one
  member. A period has one key per person, so however often the job runs,
  and however many runs overlap, one put succeeds and only its run sends.
- ``quiet#LAST#N#PERSON``: the N-th 30-day stretch without a meeting since
  LAST (the last meeting's date, or the publishing date when none was
  logged), for one member. The key follows from the journal, not from the
  clock, so two runs on either side of midnight claim the same key; a new
  meeting starts a new LAST. The job also skips a person nudged in the last
  30 days (``last_quiet``), which covers a meeting logged with a past date.
- ``handled``: the admin's answer to the match's closure request
  (acknowledged, or the asker enrolled again elsewhere), at most one.

And one cohort-wide kind, under the key ``told#COHORT`` instead of a match
id: ``RUN#PERSON``, the e-mail that told one person her cohort's run RUN
was published (``functions.domain.publishing.notify_published``). Its kind
is ``told`` once claimed, ``failed`` when every try to send it failed; a
later job claims a ``failed`` one again (one conditional put wins), so a
job run again, or two at once, tells only those not told yet, once each.

A marker is claimed (conditional put) *before* the message goes out and
given back if sending fails, so a later run tries again: a crash between
the two loses one reminder rather than sending two.
"""
from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError, UpdateError

from functions.db.base import Base, iso, new_id, now, raise_if_condition, transact
from functions.db.journal import CLOSURE, JournalItem
from functions.db.participants import Participant
from functions.db.programs import Cohort
from functions.vocab.lifecycle import PUBLISHED
from functions.errors import Conflict

HANDLED = "handled"


class FollowUp(Base):
    class Meta(Base.Meta):
        base_name = "follow-up"

    match_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    cohort_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # check-in | quiet | handled | told | failed
    person = UnicodeAttribute(null=True)  # whom a reminder went to
    at = UTCDateTimeAttribute()
    data = JSONAttribute(default=dict)


def published_cohorts() -> list[str]:
    """Ids of cohorts in status ``published`` (a Query on the small cohorts
    table's status index; a closed cohort is no longer followed up)."""
    return sorted(c.id for c in Cohort.by_status.query(PUBLISHED))


def claim(match_id: str, key: str, cohort_id: str, kind: str, person: str) -> bool:
    """Record that ``key`` is being sent; False if it was (or is being) already."""
    item = FollowUp(match_id=match_id, sk=key, cohort_id=cohort_id, kind=kind,
                    person=person, at=now())
    try:
        item.save(condition=FollowUp.sk.does_not_exist())
    except PutError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def release(match_id: str, key: str) -> None:
    """Give a claim back (its message could not be sent), so a later run retries."""
    FollowUp(match_id=match_id, sk=key).delete()


TOLD, NOT_TOLD = "told", "failed"


def told_key(cohort_id: str) -> str:
    return f"told#{cohort_id}"


def _condition_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def claim_telling(cohort_id: str, run_id: str, person: str) -> str | None:
    """Claim telling ``person`` that run ``run_id`` was published: ``"new"``,
    ``"again"`` (an earlier try failed and was counted so), or None if she
    was told already or another job is telling her."""
    def item() -> FollowUp:
        return FollowUp(match_id=told_key(cohort_id), sk=f"{run_id}#{person}",
                        cohort_id=cohort_id, kind=TOLD, person=person, at=now())
    for answer, condition in (("new", FollowUp.sk.does_not_exist()),
                              ("again", FollowUp.kind == NOT_TOLD)):
        try:
            item().save(condition=condition)
            return answer
        except PutError as exc:
            if not _condition_failed(exc):
                raise
    return None


def not_told(cohort_id: str, run_id: str, person: str) -> None:
    """Her message never went: a later job may claim it again."""
    try:
        FollowUp(match_id=told_key(cohort_id), sk=f"{run_id}#{person}").update(
            actions=[FollowUp.kind.set(NOT_TOLD)], condition=FollowUp.kind == TOLD)
    except UpdateError as exc:
        if not _condition_failed(exc):
            raise


def telling(cohort_id: str, run_id: str) -> dict[str, str]:
    """Person id -> ``told`` or ``failed``, for run ``run_id`` of the cohort."""
    return {i.person: i.kind for i in FollowUp.query(
        told_key(cohort_id), FollowUp.sk.startswith(f"{run_id}#"), consistent_read=True)}


def last_quiet(match_id: str) -> dict[str, datetime]:
    """When each member of the match was last nudged for a quiet pair."""
    last: dict[str, datetime] = {}
    for item in FollowUp.query(match_id, FollowUp.sk.startswith("quiet#"),
                               consistent_read=True):
        if item.person and (item.person not in last or item.at > last[item.person]):
            last[item.person] = item.at
    return last


def of_matches(match_ids: list[str]) -> list[dict]:
    """Every follow-up item of these matches (one consistent Query each):
    ``{match, key, kind, person, at, data}``."""
    return [{"match": i.match_id, "key": i.sk, "kind": i.kind, "person": i.person,
             "at": iso(i.at), "data": i.data}
            for m in match_ids for i in FollowUp.query(m, consistent_read=True)]


#: What a handled record holds about the person who asked (her new
#: enrolment's id, the admin's note about her): gone when she is erased.
ABOUT_THE_ASKER = ("participant", "note")


def forget(match_ids: list[str], people: set[str], asked: set[str]) -> int:
    """Erasure, in these matches: delete the reminders that went to one of
    ``people``, and from the handled record of each match in ``asked`` (the
    requests she made) drop what is about her, keeping that, when, how and
    by whom it was handled. Returns how many items changed; running it
    again changes nothing more."""
    changed = 0
    for m in match_ids:
        for item in FollowUp.query(m, consistent_read=True):
            if item.sk != HANDLED and item.person in people:
                item.delete()
                changed += 1
            elif item.sk == HANDLED and m in asked and any(
                    k in item.data for k in ABOUT_THE_ASKER):
                kept = {k: v for k, v in item.data.items() if k not in ABOUT_THE_ASKER}
                item.update(actions=[FollowUp.data.set(kept)])
                changed += 1
    return changed


def _handled_view(item: FollowUp) -> dict:
    return {"by": item.data.get("by"), "at": iso(item.at), "action": item.data.get("action"),
            "note": item.data.get("note"), "cohort": item.data.get("cohort"),
            "participant": item.data.get("participant")}


def handled(match_ids: list[str]) -> dict[str, dict]:
    """How each of these matches' requests was handled, for those that were."""
    keys = [(m, HANDLED) for m in match_ids]
    if not keys:
        return {}
    return {i.match_id: _handled_view(i)
            for i in FollowUp.batch_get(keys, consistent_read=True)}


def _handled_item(match_id: str, cohort_id: str, data: dict) -> FollowUp:
    return FollowUp(match_id=match_id, sk=HANDLED, cohort_id=cohort_id, kind=HANDLED,
                    at=now(), data=data)


def _already() -> Conflict:
    return Conflict("this request was handled already; reload the page", field="match")


def acknowledge(match_id: str, cohort_id: str, data: dict) -> dict:
    """Mark the match's request handled: one conditional put, 409 if it was."""
    item = _handled_item(match_id, cohort_id, {**data, "action": "acknowledge"})
    try:
        item.save(condition=FollowUp.sk.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, _already())
    return _handled_view(item)


def rematch(match_id: str, cohort_id: str, data: dict, person: dict, target: str,
            statuses: tuple[str, ...]) -> dict:
    """Enrol ``person`` (a participant view) in cohort ``target`` with her
    answers and mark the request handled, all in one transaction: the target
    must still be in one of ``statuses`` (409 on ``cohort``), her address new
    there (409 on ``cohort`` too), the request still hers (not erased meanwhile)
    and not handled yet (409 on ``match``)."""
    new = Participant(cohort_id=target, email=person["email"], id=new_id(),
                      role=person["role"], name=person["name"],
                      capacity=person["capacity"] if person["role"] == "mentor" else None,
                      answers=person["answers"], consent=True, created_at=now())
    item = _handled_item(match_id, cohort_id, {**data, "action": "rematch", "cohort": target,
                                               "participant": new.id})

    def write(tx) -> None:
        tx.condition_check(Cohort, target, condition=Cohort.status.is_in(*statuses))
        # Her erasure signs the closure "erased" before it deletes her
        # records: from then on no rematch may enrol her again.
        tx.condition_check(JournalItem, match_id, CLOSURE,
                           condition=JournalItem.author == person["id"])
        tx.save(new, condition=Participant.email.does_not_exist())
        tx.save(item, condition=FollowUp.sk.does_not_exist())

    # Condition checks go first, then the puts in order: [cohort, closure, person, handled].
    reasons = transact(write)
    failed = [r == "ConditionalCheckFailed" for r in reasons]
    if failed and failed[0]:
        raise Conflict(f"cohort {target} no longer takes people; nothing was changed",
                       field="cohort")
    if len(failed) > 1 and failed[1]:
        raise Conflict("the person who asked has erased her data meanwhile; nothing was "
                       "changed", field="match")
    if len(failed) > 2 and failed[2]:
        raise Conflict(f"{person['email']} is already in cohort {target}; nothing was changed",
                       field="cohort")
    if reasons:
        raise _already()
    return _handled_view(item)
