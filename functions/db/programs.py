"""Programs and cohorts: their tables and the operations on them."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute, JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute,
    UTCDateTimeAttribute, VersionAttribute,
)
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from functions.db.base import Base, connection, new_id, now, raise_if_condition
from functions.vocab.lifecycle import DRAFT, ENROLLING, STATES, can_move, refusal
from functions.vocab.skills import skills_of
from functions.errors import Conflict, NotFound


class ProgramsByKind(GlobalSecondaryIndex):
    """Every program under one key, sorted by name: the admin list is a Query."""

    class Meta:
        index_name = "by-kind"
        projection = AllProjection()

    kind = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(range_key=True)


class Program(Base):
    class Meta(Base.Meta):
        base_name = "programs"

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="program")
    name = UnicodeAttribute()
    type = UnicodeAttribute(default="one_to_one")  # one_to_one | group | reverse
    description = UnicodeAttribute(default="")
    questionnaire = JSONAttribute(default=lambda: {"questions": []})
    criteria = JSONAttribute(default=list)
    matching_mode = UnicodeAttribute(null=True)  # admin | choice | stable (None: admin)
    #: Stable mode: how many suggestions a mentee ranks (None: vocab's STABLE_CHOICES).
    stable_choices = NumberAttribute(null=True)
    #: Goals may be set on self-identification groups (and enrolment's consent
    #: wording then says so); None: they may not.
    self_id_goals = BooleanAttribute(null=True)
    #: The program's own e-mail templates, {kind: {subject, body}}
    #: (functions.domain.program_emails); None: the defaults.
    emails = JSONAttribute(null=True)
    #: The colour heading its e-mails (``functions.domain.email_colour``); None: Tandem's.
    colour = UnicodeAttribute(null=True)
    #: The skills participants rate themselves on (None: vocab.skills.DEFAULT_SKILLS).
    skills = JSONAttribute(null=True)
    #: The program's goals (``functions.db.goals``) and their own save count.
    goals = JSONAttribute(null=True)
    goals_version = NumberAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_kind = ProgramsByKind()


class CohortsByStatus(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class CohortsByProgram(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-program"
        projection = AllProjection()

    program_id = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class Cohort(Base):
    class Meta(Base.Meta):
        base_name = "cohorts"

    id = UnicodeAttribute(hash_key=True)
    program_id = UnicodeAttribute()
    name = UnicodeAttribute()
    status = UnicodeAttribute(default=DRAFT)  # one of functions.lifecycle.STATES
    enrollment_opens = UnicodeAttribute(null=True)  # ISO date
    enrollment_closes = UnicodeAttribute(null=True)  # ISO date
    matching_at = UnicodeAttribute(null=True)  # ISO date
    min_score = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    #: The proposal run under way, the latest complete proposal, the published one
    #: (``functions.db.runs`` keeps them; publishing is setting the last).
    active_run = UnicodeAttribute(null=True)
    proposal_run = UnicodeAttribute(null=True)
    published_run = UnicodeAttribute(null=True)
    #: When the admin published (check-ins and nudges count from it); None on
    #: cohorts published before it was kept, which fall back to the run's finish.
    published_at = UTCDateTimeAttribute(null=True)
    #: Waiting-list runs published after ``published_run``, in order: their
    #: pairs join the published ones (``functions.db.publication.publish``).
    waiting_runs = ListAttribute(of=UnicodeAttribute, null=True)
    #: Goes up with every lock, forbid or undo (and every waiting-list
    #: publication): a proposal made at a lower number is stale.
    inputs_version = NumberAttribute(default=0)
    #: E-mails to its people that went, and that did not after every try
    #: (``count_mail``); None on cohorts from before they were counted.
    mail_sent = NumberAttribute(null=True)
    mail_failed = NumberAttribute(null=True)
    version = VersionAttribute()

    by_status = CohortsByStatus()
    by_program = CohortsByProgram()


OPEN = ENROLLING


def program_view(p: Program) -> dict:
    return {"id": p.id, "name": p.name, "type": p.type, "description": p.description}


def cohort_view(c: Cohort, program: Program | None) -> dict:
    return {"id": c.id, "name": c.name, "status": c.status,
            "enrollment_opens": c.enrollment_opens, "enrollment_closes": c.enrollment_closes, "matching_at": c.matching_at,
            "program": program_view(program) if program else None}


def create_program(name: str, *, type: str = "one_to_one", description: str = "",
                   questionnaire: dict | None = None, criteria: list | None = None,
                   id: str | None = None) -> str:
    p = Program(id=id or new_id(), name=name, type=type, description=description,
                questionnaire=questionnaire or {"questions": []},
                criteria=criteria or [], created_at=now())
    try:
        p.save(condition=Program.id.does_not_exist())
    except PutError as exc:
        raise_if_condition(exc, Conflict(f"program {p.id} exists", field="id"))
    return p.id


def _programs(ids: set[str]) -> dict[str, Program]:
    return {p.id: p for p in Program.batch_get(list(ids))} if ids else {}


def list_open_cohorts() -> list[dict]:
    cohorts = list(Cohort.by_status.query(OPEN))
    programs = _programs({c.program_id for c in cohorts})
    views = [cohort_view(c, programs.get(c.program_id)) for c in cohorts]
    return sorted(views, key=lambda v: (v["enrollment_closes"] or "9999", v["name"]))


def load_cohort(cohort_id: str) -> Cohort:
    try:
        return Cohort.get(cohort_id)
    except Cohort.DoesNotExist:
        raise NotFound(f"no cohort {cohort_id}", field="cohort") from None


def get_cohort(cohort_id: str, *, public: bool = False) -> dict:
    """A cohort with its program and the program's questionnaire.

    ``public``: as anyone may see it. A draft is not published yet, so it is
    not found, with the same answer as a cohort that does not exist; later
    states stay visible so an old enrolment link can say enrolment is over.
    """
    c = load_cohort(cohort_id)
    if public and c.status == DRAFT:
        raise NotFound(f"no cohort {cohort_id}", field="cohort")
    try:
        program = Program.get(c.program_id)
    except Program.DoesNotExist:
        raise NotFound(f"cohort {cohort_id} has no program", field="cohort") from None
    view = cohort_view(c, program)
    view["questionnaire"] = program.questionnaire
    view["skills"] = skills_of(program.skills)
    view["self_id_goals"] = bool(program.self_id_goals)  # the consent wording to show
    return view


def any_program() -> bool:
    return any(True for _ in Program.by_kind.query("program", limit=1))


def get_program_or_none(program_id: str) -> dict | None:
    try:
        return program_view(Program.get(program_id))
    except Program.DoesNotExist:
        return None


def list_programs() -> list[tuple[dict, list[dict]]]:
    """Every program (by name) with its cohorts (by name), as views."""
    out = []
    for p in Program.by_kind.query("program"):
        cohorts = [cohort_view(c, None) for c in Cohort.by_program.query(p.id)]
        for view in cohorts:
            del view["program"]
        out.append((program_view(p), sorted(cohorts, key=lambda v: v["name"])))
    return out


def program_policy_base(program_id: str) -> dict:
    """A program's type, questionnaire and built-in criteria (its policy's version 0)."""
    try:
        p = Program.get(program_id)
    except Program.DoesNotExist:
        raise NotFound(f"no program {program_id}", field="program") from None
    return {**program_view(p), "questionnaire": p.questionnaire, "criteria": p.criteria,
            "matching_mode": p.matching_mode, "self_id_goals": bool(p.self_id_goals)}


def set_matching_mode(program_id: str, mode: str) -> None:
    """Set the program's matching mode, the one place the mode is kept."""
    try:
        Program(id=program_id, version=0).update(
            actions=[Program.matching_mode.set(mode)], condition=Program.id.exists(),
            add_version_condition=False)
    except UpdateError as exc:
        raise_if_condition(exc, NotFound(f"no program {program_id}", field="program"))


def load_cohort_view(cohort_id: str) -> dict:
    """A cohort's own fields, its runs and inputs version (no program read)."""
    c = load_cohort(cohort_id)
    return {"id": c.id, "name": c.name, "status": c.status, "program_id": c.program_id,
            "proposal_run": c.proposal_run, "published_run": c.published_run,
            "waiting_runs": list(c.waiting_runs or []),
            "inputs_version": int(c.inputs_version or 0)}


def count_mail(cohort_id: str, sent: int, failed: int) -> None:
    """Add to the cohort's e-mail counts: one atomic ADD, which leaves the
    cohort's version alone, so counting never makes an edit of the cohort
    look stale."""
    if sent or failed:
        connection().client.update_item(
            TableName=Cohort.Meta.table_name, Key={"id": {"S": cohort_id}},
            UpdateExpression="ADD mail_sent :sent, mail_failed :failed",
            ConditionExpression="attribute_exists(id)",
            ExpressionAttributeValues={":sent": {"N": str(sent)}, ":failed": {"N": str(failed)}})


def mail_counts(cohort_id: str) -> dict:
    """``{"sent", "failed"}``: the cohort's e-mails so far."""
    c = load_cohort(cohort_id)
    return {"sent": int(c.mail_sent or 0), "failed": int(c.mail_failed or 0)}


def run_pointers(cohort_id: str) -> dict:
    """The cohort's active, proposed and published runs (ids or None)."""
    c = load_cohort(cohort_id)
    return {"active": c.active_run, "proposal": c.proposal_run, "published": c.published_run,
            "waiting": list(c.waiting_runs or [])}


def status_change(c: Cohort, target: str, wanted: str | None = None) -> list:
    """The update action that moves cohort ``c`` to ``target``: the one place
    a cohort's status is written (an admin's move, a run settling into review,
    publishing). 409 naming the cohort and the next step when the life cycle
    does not allow it from where ``c`` is; the caller writes it on a condition
    that ``c`` has not moved since it was read."""
    if not can_move(c.status, target):
        raise Conflict(refusal(c.name, c.status,
                               wanted or f"move to “{STATES.get(target, target)}”"),
                       field="status")
    return [Cohort.status.set(target)]


def move_status(cohort_id: str, target: str) -> None:
    """Move a cohort along its life cycle; 409 if the life cycle does not allow
    it from where the cohort is, or if the cohort moved meanwhile."""
    c = load_cohort(cohort_id)
    actions = status_change(c, target)
    try:
        c.update(actions=actions, condition=Cohort.status == c.status)
    except UpdateError as exc:
        raise_if_condition(exc, Conflict("the cohort changed meanwhile; reload it",
                                         field="status"))
