"""Choice mode: mentees' requests and mentors' seats.

- the matcher's suggestions live in ``functions.db.suggestions``;
- ``choices``: per cohort, ``req#{mentee}`` (her one request: requested,
  accepted or declined) and ``seat#{mentor}`` (seats taken). Both carry
  ``mentor_ref`` = ``{cohort}#{mentor}``, so the ``by-mentor`` index gives a
  mentor her seat and the requests to her in one Query.

Races are closed by the store: a mentee's request is a conditional put (one
open request at a time), and accepting is one transaction that takes a seat
only while ``taken < capacity`` and moves the request only while it is
still ``requested`` — so concurrent acceptances never overfill a mentor.
A mentee who leaves (withdrawn or erased) ends her request and gives back a
seat it held in one transaction, conditional on the request as read.
"""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from functions.db import match_cards, people_stamp
from functions.db.base import Base, now, raise_if_condition, transact
from functions.db.participants import Participant
from functions.errors import Conflict, Invalid, NotFound

REQUESTED, ACCEPTED, DECLINED = "requested", "accepted", "declined"
#: A request whose mentee was withdrawn: it can no longer be accepted.
WITHDRAWN = "withdrawn"
#: A request its mentee took back before an answer: she may ask again.
CANCELLED = "cancelled"
#: Statuses after which the mentee may send a new request.
ASK_AGAIN = (DECLINED, CANCELLED)


class ChoicesByMentor(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-mentor"
        projection = AllProjection()

    mentor_ref = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)


class Choice(Base):
    class Meta(Base.Meta):
        base_name = "choices"

    cohort_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)  # req#{mentee} | seat#{mentor}
    mentor = UnicodeAttribute()
    mentor_ref = UnicodeAttribute()
    mentee = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    at = UnicodeAttribute(null=True)  # ISO time of the request
    decided_at = UnicodeAttribute(null=True)
    score = NumberAttribute(null=True)
    reasons = JSONAttribute(null=True)
    #: Mentors who declined this mentee: she may not ask them again.
    declined_by = JSONAttribute(null=True)
    capacity = NumberAttribute(null=True)  # seat: the capacity at the last acceptance
    taken = NumberAttribute(null=True)

    by_mentor = ChoicesByMentor()


def _ref(cohort_id: str, mentor_id: str) -> str:
    return f"{cohort_id}#{mentor_id}"


def _request_view(c: Choice) -> dict:
    return {"mentee": c.mentee, "mentor": c.mentor, "status": c.status, "at": c.at,
            "decided_at": c.decided_at,
            "score": float(c.score) if c.score is not None else None,
            "reasons": c.reasons or [], "declined_by": c.declined_by or []}


# -- requests and seats ---------------------------------------------------------

def get_request(cohort_id: str, mentee_id: str) -> dict | None:
    try:
        return _request_view(Choice.get(cohort_id, f"req#{mentee_id}", consistent_read=True))
    except Choice.DoesNotExist:
        return None


def request(cohort_id: str, mentee_id: str, mentor_id: str, score: float,
            reasons: list) -> dict:
    """Ask ``mentor_id``; 409 while the mentee has an open or accepted request.

    One item per mentee: the put succeeds only if she has none, or if the one
    she has is the declined request just read (so two requests sent at once
    cannot both replace it)."""
    old = get_request(cohort_id, mentee_id)
    if old and old["status"] not in ASK_AGAIN:
        raise Conflict(f"you already have a request that is {old['status']}", field="mentor")
    declined_by = (old["declined_by"] + ([old["mentor"]] if old["status"] == DECLINED else [])
                   if old else [])
    if mentor_id in declined_by:
        raise Invalid("this mentor has declined your request: choose another", field="mentor")
    item = Choice(cohort_id=cohort_id, key=f"req#{mentee_id}", mentee=mentee_id,
                  mentor=mentor_id, mentor_ref=_ref(cohort_id, mentor_id), status=REQUESTED,
                  at=now().isoformat(timespec="seconds"), score=score, reasons=reasons,
                  declined_by=declined_by or None)
    condition = (Choice.key.does_not_exist() if old is None
                 else (Choice.status == old["status"]) & (Choice.at == old["at"]))
    try:
        item.save(condition=condition)
    except PutError as exc:
        raise_if_condition(exc, Conflict("you already have an open request", field="mentor"))
    return _request_view(item)


def requests_to(cohort_id: str, mentor_id: str) -> tuple[int, list[dict]]:
    """(seats taken, the requests naming her now), one index Query."""
    taken, found = 0, []
    for c in Choice.by_mentor.query(_ref(cohort_id, mentor_id)):
        if c.key.startswith("seat#"):
            taken = int(c.taken or 0)
        else:
            found.append(_request_view(c))
    return taken, sorted(found, key=lambda r: (r["at"] or "", r["mentee"]))


def accepted_in(cohort_id: str) -> list[dict]:
    """Every accepted request of a cohort (a Query on its partition)."""
    return [_request_view(c) for c in
            Choice.query(cohort_id, Choice.key.startswith("req#"),
                         filter_condition=Choice.status == ACCEPTED)]


def in_cohort(cohort_id: str) -> tuple[list[dict], dict[str, int]]:
    """(every request of a cohort, seats taken by mentor id), one Query on
    its partition: the admin's view of a choice cohort."""
    found, seats = [], {}
    for c in Choice.query(cohort_id):
        if c.key.startswith("seat#"):
            seats[c.mentor] = int(c.taken or 0)
        else:
            found.append(_request_view(c))
    return found, seats


def seats_taken(cohort_id: str, mentor_ids) -> dict[str, int]:
    keys = [(cohort_id, f"seat#{m}") for m in set(mentor_ids)]
    found = {m: 0 for m in mentor_ids}
    for c in Choice.batch_get(keys) if keys else []:
        found[c.mentor] = int(c.taken or 0)
    return found


def accept(cohort_id: str, mentee_id: str, mentor_id: str, capacity: int) -> dict:
    """Take one of the mentor's seats and accept the request, in one
    transaction; 409 if her seats are full or the request is not pending.

    The seat item is made on first use; its condition reads the counter as
    the store holds it, so however many acceptances run at once, at most
    ``capacity`` succeed."""
    moment = now().isoformat(timespec="seconds")
    ref = _ref(cohort_id, mentor_id)
    seat = Choice(cohort_id=cohort_id, key=f"seat#{mentor_id}")
    req = Choice(cohort_id=cohort_id, key=f"req#{mentee_id}")

    def write(tx) -> None:
        tx.update(seat, actions=[Choice.taken.set((Choice.taken | 0) + 1),
                                 Choice.capacity.set(capacity), Choice.mentor.set(mentor_id),
                                 Choice.mentor_ref.set(ref)],
                  condition=Choice.taken.does_not_exist() | (Choice.taken < capacity))
        tx.update(req, actions=[Choice.status.set(ACCEPTED), Choice.decided_at.set(moment)],
                  condition=(Choice.status == REQUESTED) & (Choice.mentor == mentor_id))
        match_cards.touch(tx, cohort_id)  # a new match on both people's pages

    reasons = transact(write)
    if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
        raise Conflict("this request is no longer pending", field="request")
    if reasons:
        raise Conflict("all your seats are taken", field="seats")
    return get_request(cohort_id, mentee_id)


def decline(cohort_id: str, mentee_id: str, mentor_id: str) -> dict:
    req = Choice(cohort_id=cohort_id, key=f"req#{mentee_id}")
    try:
        req.update(actions=[Choice.status.set(DECLINED),
                            Choice.decided_at.set(now().isoformat(timespec="seconds"))],
                   condition=(Choice.status == REQUESTED) & (Choice.mentor == mentor_id))
    except UpdateError as exc:
        raise_if_condition(exc, Conflict("this request is no longer pending", field="request"))
    return _request_view(req)


def leaving(cohort_id: str, mentee_id: str, *, erase: bool = False):
    """What one transaction must write when a mentee leaves the cohort, as
    ``write(tx)``, or None when she has no request to end.

    Her request as read now is deleted (erasure) or marked withdrawn (so it
    can no longer be accepted); an accepted one gives her mentor's seat back
    beside it. Every write is conditional on the request being still what
    was read, so a repeat, or an acceptance at the same moment, cancels the
    transaction instead of giving a seat back twice: the caller reads again."""
    try:
        req = Choice.get(cohort_id, f"req#{mentee_id}", consistent_read=True)
    except Choice.DoesNotExist:
        return None
    if req.status == WITHDRAWN and not erase:
        return None
    same = (Choice.status == req.status) & (Choice.at == req.at)
    seat = Choice(cohort_id=cohort_id, key=f"seat#{req.mentor}")

    def write(tx) -> None:
        if erase:
            tx.delete(req, condition=same)
        elif req.status == DECLINED:  # nothing to end; a new request must not slip in
            tx.condition_check(Choice, cohort_id, req.key, condition=same)
        else:
            tx.update(req, actions=[Choice.status.set(WITHDRAWN),
                                    Choice.decided_at.set(now().isoformat(timespec="seconds"))],
                      condition=same)
        if req.status == ACCEPTED:
            tx.update(seat, actions=[Choice.taken.set(Choice.taken - 1)],
                      condition=Choice.taken > 0)

    return write


def cancel(cohort_id: str, mentee_id: str) -> dict | None:
    """Her request, taken back while it waits for an answer: None when she has
    none waiting. Conditional on it still waiting, so a mentor who accepts at
    the same moment wins and the mentee is told (409), never half-matched."""
    req = get_request(cohort_id, mentee_id)
    if req is None or req["status"] != REQUESTED:
        return None
    item = Choice(cohort_id=cohort_id, key=f"req#{mentee_id}")
    try:
        item.update(actions=[Choice.status.set(CANCELLED),
                             Choice.decided_at.set(now().isoformat(timespec="seconds"))],
                    condition=(Choice.status == REQUESTED) & (Choice.at == req["at"]))
    except UpdateError as exc:
        raise_if_condition(exc, Conflict("your mentor answered your request at the same "
                                         "moment; reload the page to see the answer",
                                         field="request"))
    return {**req, "status": CANCELLED}


def forget_mentee(cohort_id: str, mentee_id: str) -> None:
    """Erasure: her request goes, and a seat it held comes back with it."""
    for _ in range(3):
        write = leaving(cohort_id, mentee_id, erase=True)
        if write is None or not transact(write):
            return
    raise Conflict("your mentor request changed at the same moment; try again",
                   field="request")


# -- mentors' records: capacity and pause -----------------------------------

def mentors(cohort_id: str, ids) -> dict[str, dict]:
    """Mentors of one cohort by id with capacity, pause, contact, answers and
    profile; an erased or unknown id is absent."""
    keys = set()
    for ref in set(ids):
        for k in Participant.by_id.query(ref):
            if k.cohort_id == cohort_id:
                keys.add((k.cohort_id, k.email))
    return {p.id: {"id": p.id, "name": p.name, "email": p.email, "role": p.role,
                   "capacity": int(p.capacity or 1), "paused_until": p.paused_until,
                   "status": p.status or "active", "answers": p.answers,
                   "job_title": p.job_title, "bio": p.bio}
            for p in Participant.batch_get(list(keys))} if keys else {}


def set_pause(cohort_id: str, email: str, until: str | None) -> str | None:
    """Set (or clear, with None) a mentor's ``paused_until``; 404 without an
    enrolment there, 422 if she is not a mentor. Versioned: an admin's edit
    made at the same moment is not overwritten (409 instead)."""
    try:
        p = Participant.get(cohort_id, email, consistent_read=True)
    except Participant.DoesNotExist:
        raise NotFound(f"no enrolment in cohort {cohort_id}", field="cohort") from None
    if p.role != "mentor" or p.status == "withdrawn":
        raise Invalid("only an active mentor can pause taking mentees", field="cohort")
    action = Participant.paused_until.set(until) if until else Participant.paused_until.remove()
    try:
        p.update(actions=[action])
    except UpdateError as exc:
        raise_if_condition(exc, Conflict("your record changed at the same moment; try again",
                                         field="cohort"))
    people_stamp.bump_now([cohort_id])
    return until
