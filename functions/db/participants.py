"""Participants and their optional self-identification: tables and operations.

Participant-facing reads are key lookups or index queries, never scans.
"""
from __future__ import annotations

import json

from pynamodb.attributes import (
    BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.transactions import TransactWrite

from functions.db import people_stamp
from functions.db.base import Base, connection, iso, new_id, now, transact
from functions.db.programs import OPEN, Cohort, load_cohort
from functions.errors import AlreadyEnrolled, Conflict


class ParticipantsByEmail(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)
    cohort_id = UnicodeAttribute(range_key=True)


class ParticipantsById(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-id"
        projection = KeysOnlyProjection()

    id = UnicodeAttribute(hash_key=True)


class Participant(Base):
    """One person in one cohort. The key (cohort, email) makes a second
    enrolment with the same address fail its condition, race-free."""

    class Meta(Base.Meta):
        base_name = "participants"

    cohort_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)  # normalised: lower case
    id = UnicodeAttribute()
    role = UnicodeAttribute()  # mentor | mentee
    name = UnicodeAttribute()
    capacity = NumberAttribute(null=True)
    answers = JSONAttribute(default=dict)
    consent = BooleanAttribute(default=False)
    #: Her profile (functions.domain.profiles), each optional: None when not given.
    job_title = UnicodeAttribute(null=True)
    bio = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute(null=True)  # None: active; "withdrawn"
    #: The CSV import that wrote this person (None: enrolled on the form).
    import_id = UnicodeAttribute(null=True)
    #: A mentor taking no new mentees until this ISO date (inclusive); None: taking them.
    paused_until = UnicodeAttribute(null=True)
    #: Her self-assessment ``{"ratings": {skill: 1..5}, "at": ISO time}`` when
    #: she enrolled and when her match closed (functions.db.self_assessment).
    assessment_before = JSONAttribute(null=True)
    assessment_after = JSONAttribute(null=True)
    #: A mentor's readiness check answers (functions.vocab.readiness): hers alone.
    readiness = JSONAttribute(null=True)
    version = VersionAttribute()

    by_email = ParticipantsByEmail()
    by_id = ParticipantsById()


class SelfIdentification(Base):
    """Optional demographic answers, kept apart from profiles and reported
    only in aggregate. Stored only with its own explicit consent."""

    class Meta(Base.Meta):
        base_name = "self-id"

    cohort_id = UnicodeAttribute(hash_key=True)
    participant_id = UnicodeAttribute(range_key=True)
    data = JSONAttribute(default=dict)
    consented_at = UTCDateTimeAttribute()
    #: Consent given to wording that said the program's diversity goals use
    #: these answers (the program had turned that on); None: aggregate reports only.
    for_goals = BooleanAttribute(null=True)


def enroll(cohort_id: str, *, role: str, name: str, email: str, answers: dict,
           capacity: int | None, self_id: dict | None,
           self_assessment: dict | None = None, job_title: str | None = None,
           bio: str | None = None, readiness: dict | None = None,
           self_id_goals: bool = False) -> str:
    """Enrol one person, all-or-nothing.

    One transaction checks that the cohort is still open, writes the
    participant only if that (cohort, e-mail) is new, and writes the optional
    self-identification record beside it. The open-cohort condition is the
    only check: callers need not (and should not) read the cohort first.
    ``self_id_goals``: her consent was to wording saying the program's goals
    use the answers (kept with them, so only those answers ever are).
    """
    moment = now()
    person = Participant(cohort_id=cohort_id, email=email.strip().lower(), id=new_id(),
                         role=role, name=name, capacity=capacity if role == "mentor" else None,
                         answers=answers, consent=True, created_at=moment,
                         job_title=job_title, bio=bio, readiness=readiness or None,
                         assessment_before={"ratings": self_assessment, "at": iso(moment)}
                         if self_assessment else None)

    def write(tx: TransactWrite) -> None:
        tx.condition_check(Cohort, cohort_id, condition=Cohort.status == OPEN)
        tx.save(person, condition=Participant.email.does_not_exist())
        if self_id:
            tx.save(SelfIdentification(cohort_id=cohort_id, participant_id=person.id,
                                       data=self_id, consented_at=moment,
                                       for_goals=True if self_id_goals else None))

    reasons = transact(write)
    if reasons and reasons[0] == "ConditionalCheckFailed":
        raise Conflict(f"cohort {cohort_id} is not open for enrolment", field="cohort")
    if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
        raise AlreadyEnrolled("this e-mail address is already enrolled in this cohort",
                              field="email")
    return person.id


def role_of(cohort_id: str, email: str) -> str | None:
    """The role ``email`` is enrolled with in the cohort, None if not there."""
    try:
        return Participant.get(cohort_id, email.strip().lower(), attributes_to_get=["role"]).role
    except Participant.DoesNotExist:
        return None


def participant_view(p: Participant) -> dict:
    return {"id": p.id, "role": p.role, "name": p.name, "email": p.email,
            "capacity": int(p.capacity) if p.capacity is not None else None,
            "answers": p.answers, "job_title": p.job_title, "bio": p.bio,
            "created_at": iso(p.created_at),
            "status": p.status or "active", "paused_until": p.paused_until}


#: What ``participant_view`` reads.
VIEW = ("id", "role", "name", "email", "capacity", "answers", "job_title", "bio",
        "created_at", "status", "paused_until")
_CREATED = Participant.created_at


def _text(item: dict, name: str) -> str | None:
    return item[name]["S"] if "S" in item.get(name, {}) else None


def _raw_view(item: dict) -> dict:
    """``participant_view`` of an item as DynamoDB gives it (a whole cohort's
    lists: see ``_projected``)."""
    answers, capacity = _text(item, "answers"), item.get("capacity", {}).get("N")
    return {"id": item["id"]["S"], "role": item["role"]["S"], "name": item["name"]["S"],
            "email": item["email"]["S"],
            "capacity": int(float(capacity)) if capacity is not None else None,
            "answers": json.loads(answers) if answers is not None else {},
            "job_title": _text(item, "job_title"), "bio": _text(item, "bio"),
            "created_at": iso(_CREATED.deserialize(item["created_at"]["S"])),
            "status": _text(item, "status") or "active",
            "paused_until": _text(item, "paused_until")}


def views(cohort_id: str, *, consistent_read: bool = False) -> list[dict]:
    """``participant_view`` of everyone of the cohort, without a model per person."""
    return [_raw_view(i) for i in _projected(cohort_id, VIEW, consistent_read=consistent_read)]


def list_participants(cohort_id: str) -> list[dict]:
    load_cohort(cohort_id)
    people = views(cohort_id)
    return sorted(people, key=lambda v: (v["role"], v["name"].lower(), v["id"]))


def readiness_answers(cohort_id: str) -> list[dict | None]:
    """Each active mentor's readiness answers (None: not taken), no names;
    kept under the cohort's people stamp (``tally_rows``)."""
    def read() -> list[dict | None]:
        return [p.readiness for p in Participant.query(
            cohort_id, attributes_to_get=["role", "readiness", "status"], consistent_read=True)
            if p.role == "mentor" and p.status != "withdrawn"]
    return people_stamp.kept(cohort_id, "readiness", read)


def _projected(cohort_id: str, names: tuple[str, ...], *, consistent_read: bool = False):
    """The cohort's people, only the attributes ``names``, as DynamoDB gives
    them. For the admin's counts over a whole cohort: at 14,500 people,
    building a model per person cost seconds of the server's one interpreter,
    which every other request waits for; these rows cost milliseconds."""
    client = connection().client
    kwargs = {"TableName": Participant.Meta.table_name,
              "KeyConditionExpression": "cohort_id = :c",
              "ExpressionAttributeValues": {":c": {"S": cohort_id}},
              "ProjectionExpression": ", ".join(f"#a{i}" for i in range(len(names))),
              "ExpressionAttributeNames": {f"#a{i}": n for i, n in enumerate(names)},
              "ConsistentRead": consistent_read, "ReturnConsumedCapacity": "TOTAL"}
    while True:
        page = client.query(**kwargs)
        yield from page.get("Items", [])
        if not page.get("LastEvaluatedKey"):
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def count_by_role(cohort_id: str) -> dict[str, int]:
    """Everyone of the cohort by role, withdrawn people included."""
    counts = {"mentor": 0, "mentee": 0}
    for row in tally_rows(cohort_id):
        counts[row["role"]] = counts.get(row["role"], 0) + 1
    return counts


def tally_rows(cohort_id: str) -> list[dict]:
    """``{id, role, status, capacity}`` of everyone of the cohort: what its
    counts, seats and waiting list are made from (kept under the cohort's
    people stamp: do not change the rows)."""
    return people_stamp.kept(cohort_id, "tally", lambda: [
        {"id": i["id"]["S"], "role": i["role"]["S"],
         "status": i.get("status", {}).get("S") or "active",
         "capacity": int(i["capacity"]["N"]) if "N" in i.get("capacity", {}) else None}
        for i in _projected(cohort_id, ("id", "role", "status", "capacity"), consistent_read=True)])
