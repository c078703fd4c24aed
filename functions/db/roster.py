"""A cohort's participants as admins manage them: CSV imports, edits, withdrawals.

The model is ``functions.db.participants.Participant``, keyed by (cohort,
e-mail), so "this address is new in this cohort" is a condition on the put.
"""
from __future__ import annotations

from functions.db import choices, match_cards, participants, people_stamp
from functions.db.base import new_id, now, transact
from functions.db.participants import Participant, participant_view
from functions.db.programs import Cohort, load_cohort
from functions.errors import Conflict, NotFound

#: Items per transaction: DynamoDB takes 100, one is the cohort's status check.
CHUNK = 99
WITHDRAWN = "withdrawn"


def emails(cohort_id: str) -> set[str]:
    """Every e-mail address in the cohort (a Query on its partition)."""
    return {p.email for p in Participant.query(cohort_id, attributes_to_get=["email"])}


def by_email(cohort_id: str) -> dict[str, dict]:
    """Every participant of the cohort by e-mail address, each view with
    the ``version`` read, which an import's update is conditional on."""
    load_cohort(cohort_id)
    return {p.email: {**participant_view(p), "version": p.version}
            for p in Participant.query(cohort_id, consistent_read=True)}


#: What an import may change of someone already in the cohort.
UPDATABLE = ("name", "capacity", "answers", "job_title", "bio")


def import_people(cohort_id: str, people: list[dict], statuses: tuple[str, ...],
                  updates: list[dict] = ()) -> int:
    """Write every new person and every update, or none; the cohort must be
    in one of ``statuses``. ``updates``: ``{email, version, changes}``, the
    changes a subset of ``UPDATABLE`` (None removes a value).

    The caller has checked every e-mail against the cohort already, but an
    enrolment on the public form (or an admin's edit) may land between that
    check and these writes. Each transaction of 99 items therefore puts every
    new person only if that (cohort, e-mail) is still new, updates every
    other only if she is still at the version read, and checks the cohort's
    status beside them. If one refuses, what this import already wrote is
    undone (new rows carry this import's id; updated ones get their values
    back), and the caller answers 409 naming the address.
    """
    import_id, moment = new_id(), now()
    new = [Participant(cohort_id=cohort_id, email=p["email"], id=new_id(), role=p["role"],
                       name=p["name"], capacity=p["capacity"] if p["role"] == "mentor" else None,
                       answers=p["answers"], job_title=p.get("job_title"),
                       bio=p.get("bio"), consent=True, created_at=moment,
                       import_id=import_id) for p in people]
    changed = [(Participant(cohort_id=cohort_id, email=u["email"], version=u["version"]),
                u["changes"], u["before"]) for u in updates]
    written: list[Participant] = []
    updated: list[tuple] = []
    for start in range(0, len(new) + len(changed), CHUNK):
        puts = new[start:start + CHUNK]
        ups = changed[max(0, start - len(new)):max(0, start + CHUNK - len(new))]

        def write(tx, puts=puts, ups=ups) -> None:
            tx.condition_check(Cohort, cohort_id, condition=Cohort.status.is_in(*statuses))
            for item in puts:
                tx.save(item, condition=Participant.email.does_not_exist())
            for item, changes, _ in ups:
                tx.update(item, actions=_actions(changes),
                          condition=Participant.email.exists())

        try:
            reasons = transact(write)
        except Exception:
            _undo(written, updated)
            raise
        if reasons:
            _undo(written, updated)
            if reasons[0] == "ConditionalCheckFailed":
                raise Conflict("the cohort no longer takes imports (its status changed); "
                               "nothing was imported", field="cohort")
            emails = [i.email for i in puts] + [i.email for i, _, _ in ups]
            clash = next(emails[i - 1] for i, r in enumerate(reasons)
                         if i and r == "ConditionalCheckFailed")
            what = ("enrolled in" if clash in {i.email for i in puts}
                    else "was changed or left")
            raise Conflict(f"{clash} {what} this cohort while the file was imported; "
                           "nothing was imported, check the file again", field="email")
        written += puts
        updated += ups
    if updated:  # a profile changed: her partners' pages show it
        match_cards.touch_now([cohort_id])
    return len(written)


def _actions(changes: dict) -> list:
    return [getattr(Participant, k).set(v) if v is not None else getattr(Participant, k).remove()
            for k, v in changes.items()]


def _undo(written: list[Participant], updated: list[tuple] = ()) -> None:
    """Delete the rows this import wrote, each only if it still carries this
    import's id, so nobody else's row can go, and give the people it updated
    their values back, each only if nobody changed her since (``CHUNK`` items
    per transaction, with the cohort's people stamp the hundredth)."""
    for start in range(0, len(written), CHUNK):
        def write(tx, chunk=written[start:start + CHUNK]) -> None:
            for item in chunk:
                tx.delete(item, condition=Participant.import_id == item.import_id)
        transact(write)
    for start in range(0, len(updated), CHUNK):
        def restore(tx, chunk=updated[start:start + CHUNK]) -> None:
            for item, changes, before in chunk:
                tx.update(item, actions=_actions({k: before.get(k) for k in changes}))
        transact(restore)
    if updated:  # pages may have shown the values taken back meanwhile
        match_cards.touch_now([updated[0][0].cohort_id])


def everyone(cohort_id: str) -> list[dict]:
    """Every participant of the cohort as views (the cohort must exist); kept
    under the cohort's people stamp, so the views must not be changed."""
    load_cohort(cohort_id)
    return people_stamp.kept(cohort_id, "views",
                             lambda: participants.views(cohort_id, consistent_read=True))


def _find(cohort_id: str, participant_id: str) -> Participant:
    for key in Participant.by_id.query(participant_id):
        if key.cohort_id == cohort_id:
            try:
                return Participant.get(key.cohort_id, key.email, consistent_read=True)
            except Participant.DoesNotExist:
                break
    raise NotFound(f"no participant {participant_id} in cohort {cohort_id}", field="participant")


def get(cohort_id: str, participant_id: str) -> dict:
    return participant_view(_find(cohort_id, participant_id))


def update(cohort_id: str, participant_id: str, changes: dict) -> dict:
    """Change name, capacity, answers, job title or bio (None removes the
    last two); conditional on the version read."""
    p = _find(cohort_id, participant_id)
    actions = [getattr(Participant, k).set(v) if v is not None else getattr(Participant, k).remove()
               for k, v in changes.items()]

    def write(tx) -> None:
        tx.update(p, actions=actions)
        match_cards.touch(tx, cohort_id)  # her partners' pages show her profile

    if actions:
        if transact(write):
            raise Conflict("this participant changed meanwhile; reload", field="participant")
        for key, value in changes.items():
            setattr(p, key, value)
    return participant_view(p)


def withdraw(cohort_id: str, participant_id: str) -> dict:
    """Mark someone withdrawn: kept for the record, left out of matching.

    A mentee's choice-mode request ends in the same transaction, and a seat
    it held goes back to her mentor (``choices.leaving``): the versioned
    update lets only one of two withdrawals at once through, so the seat
    comes back once."""
    p = _find(cohort_id, participant_id)
    if p.status == WITHDRAWN:
        raise Conflict("this participant has withdrawn already", field="participant")
    leave = choices.leaving(cohort_id, p.id) if p.role == "mentee" else None

    def write(tx) -> None:
        tx.update(p, actions=[Participant.status.set(WITHDRAWN)])
        if leave:
            leave(tx)
        match_cards.touch(tx, cohort_id)  # an accepted choice ends on her mentor's page

    if transact(write):
        raise Conflict("this participant changed meanwhile; reload", field="participant")
    p.status = WITHDRAWN
    return participant_view(p)


def self_identification(cohort_id: str) -> dict[str, dict]:
    """Participant id -> self-identification answers, for aggregate reports only."""
    from functions.db.participants import SelfIdentification
    return {s.participant_id: s.data for s in SelfIdentification.query(cohort_id)}
