"""Admin API for running programs: programs and questionnaires, cohorts,
participants (CSV import and export, edit, withdraw), reports, admins and the
audit log. Every state change is recorded in the audit log (``_audit``)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from flask import Response, current_app, g, jsonify, request
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from functions.api import admin_blueprint, json_body
from functions.db import audit, program_admin, roster as db_roster
from functions.domain import questionnaire as qn, reports, roster, roster_csv
from functions.domain.lifecycle import DRAFT, ENROLLING, PROGRAM_TYPES
from functions.errors import Conflict, Invalid

bp = admin_blueprint("manage", open_endpoints=("manage.accept_invitation",))
#: A cohort takes CSV imports until matching starts.
IMPORTABLE = (DRAFT, ENROLLING)
MODES = ("admin", "choice")
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ProgramIn(_In):
    name: Text
    type: Literal[tuple(PROGRAM_TYPES)] = "one_to_one"  # type: ignore[valid-type]
    description: Long = ""
    matching_mode: Literal[MODES] = "admin"  # type: ignore[valid-type]
    questionnaire: Optional[dict[str, Any]] = None


class ProgramEdit(_In):
    name: Optional[Text] = None
    type: Optional[Literal[tuple(PROGRAM_TYPES)]] = None  # type: ignore[valid-type]
    description: Optional[Long] = None
    matching_mode: Optional[Literal[MODES]] = None  # type: ignore[valid-type]
    questionnaire: Optional[dict[str, Any]] = None
    version: Optional[int] = None


def _date_field(*names: str):
    return Field(default=None, validation_alias=AliasChoices(*names))


class CohortIn(_In):
    name: Text
    enrolment_opens: Optional[str] = _date_field("enrolment_opens", "enrollment_opens")
    enrolment_closes: Optional[str] = _date_field("enrolment_closes", "enrollment_closes")
    matching_at: Optional[str] = None
    min_score: Optional[float] = Field(default=None, ge=0, le=100)


class CohortEdit(CohortIn):
    name: Optional[Text] = None


class ParticipantEdit(_In):
    name: Optional[Text] = None
    capacity: Optional[int] = Field(default=None, ge=1, le=10)
    answers: Optional[dict[str, Any]] = None


class EmailIn(_In):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]


class AcceptIn(_In):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


def _parse(model, data=None):
    from functions.api import schemas
    return schemas.parse(model, json_body() if data is None else data)


def _audit(action: str, object_type: str, object_id: str, detail: dict | None = None,
           who: str | None = None) -> None:
    audit.record(who or g.admin_email, action, object_type, object_id, detail)


def _csv(text: str, filename: str) -> Response:
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


# -- programs and questionnaires ------------------------------------------------------

@bp.post("/programs")
def create_program():
    body = _parse(ProgramIn)
    questionnaire = (qn.validate(body.questionnaire) if body.questionnaire is not None
                     else qn.default_questionnaire())
    criteria = qn.default_criteria(questionnaire["questions"], body.type)
    program_id = program_admin.create_program(
        name=body.name, type=body.type, description=body.description,
        matching_mode=body.matching_mode, questionnaire=questionnaire, criteria=criteria)
    _audit("program.create", "program", program_id, {"name": body.name, "type": body.type})
    return jsonify(id=program_id), 201


@bp.get("/programs/<program_id>")
def get_program(program_id: str):
    return jsonify(program_admin.get_program(program_id))


@bp.put("/programs/<program_id>")
def edit_program(program_id: str):
    body = _parse(ProgramEdit)
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    if any(v is None for v in changes.values()):
        bad = next(k for k, v in changes.items() if v is None)
        raise Invalid(f"{bad}: leave it out to keep it, null is not a value", field=bad)
    if "questionnaire" in changes:
        new = qn.validate(changes["questionnaire"])
        old = program_admin.get_program(program_id)["questionnaire"].get("questions", [])
        qn.orphans(old, new["questions"], program_admin.answered_values(program_id))
        changes["questionnaire"] = new
    view = program_admin.update_program(program_id, body.version, changes)
    _audit("program.update", "program", program_id, {"fields": sorted(changes)})
    return jsonify(view)


@bp.post("/questionnaires/check")
def check_questionnaire():
    """Validate a questionnaire without saving it (the builder's live checks)."""
    return jsonify(qn.validate(json_body().get("questionnaire")))


# -- cohorts --------------------------------------------------------------------------

def _when(value: str | None, field: str):
    if value is None:
        return None
    try:
        return (date.fromisoformat(value) if len(value) == 10
                else datetime.fromisoformat(value).replace(tzinfo=None))
    except ValueError:
        raise Invalid(f"{field}: a date as YYYY-MM-DD (or a date and time in ISO 8601)",
                      field=field) from None


def _check_dates(opens: str | None, closes: str | None, matching: str | None) -> None:
    o, c, m = (_when(opens, "enrolment_opens"), _when(closes, "enrolment_closes"),
               _when(matching, "matching_at"))

    def day(x):
        return x if isinstance(x, date) and not isinstance(x, datetime) else x.date()

    if o and c and day(c) < day(o):
        raise Invalid("enrolment_closes: enrolment cannot close before it opens",
                      field="enrolment_closes")
    if m and (c or o) and day(m) < day(c or o):
        raise Invalid("matching_at: matching cannot come before enrolment closes",
                      field="matching_at")


@bp.post("/programs/<program_id>/cohorts")
def create_cohort(program_id: str):
    body = _parse(CohortIn)
    _check_dates(body.enrolment_opens, body.enrolment_closes, body.matching_at)
    cohort_id = program_admin.create_cohort(
        program_id, name=body.name, enrollment_opens=body.enrolment_opens,
        enrollment_closes=body.enrolment_closes, matching_at=body.matching_at,
        min_score=body.min_score or 0)
    _audit("cohort.create", "cohort", cohort_id, {"program": program_id, "name": body.name})
    return jsonify(id=cohort_id, status=DRAFT), 201


@bp.put("/cohorts/<cohort_id>/details")
def edit_cohort(cohort_id: str):
    body = _parse(CohortEdit)
    current = _cohort(cohort_id)
    sent = body.model_dump(exclude_unset=True)
    merged = {k: sent.get(k, current.get(k.replace("enrolment", "enrollment")))
              for k in ("enrolment_opens", "enrolment_closes", "matching_at")}
    _check_dates(*merged.values())
    changes = {k.replace("enrolment", "enrollment"): v for k, v in sent.items()}
    program_admin.update_cohort_details(cohort_id, changes)
    _audit("cohort.update", "cohort", cohort_id, {"fields": sorted(changes)})
    return jsonify(_cohort(cohort_id))


def _cohort(cohort_id: str) -> dict:
    from functions.db import programs
    view = programs.get_cohort(cohort_id)
    base = current_app.config["TANDEM"].public_url or ""
    view["public_link"] = f"{base.rstrip('/')}/enrol.html?cohort={cohort_id}"
    return view


@bp.get("/cohorts/<cohort_id>/overview")
def cohort_overview(cohort_id: str):
    """The cohort with its dates, public link, counts by role and seats."""
    view = _cohort(cohort_id)
    people = [p for p in db_roster.everyone(cohort_id) if p["status"] == "active"]
    view["counts"] = {r: sum(1 for p in people if p["role"] == r) for r in qn.ROLES}
    view["seats"] = sum(p["capacity"] or 0 for p in people if p["role"] == "mentor")
    return jsonify(view)


# -- participants: CSV ---------------------------------------------------------------

@bp.get("/cohorts/<cohort_id>/participants/template.csv")
def csv_template(cohort_id: str):
    questions = _cohort(cohort_id)["questionnaire"].get("questions", [])
    return _csv(roster_csv.template(questions), f"participants-template-{cohort_id}.csv")


@bp.post("/cohorts/<cohort_id>/participants/import")
def import_participants(cohort_id: str):
    cohort = _cohort(cohort_id)
    if cohort["status"] not in IMPORTABLE:
        raise Conflict(f"cohort {cohort_id} is {cohort['status']}: people can be imported "
                       "only before matching starts", field="cohort")
    questions = cohort["questionnaire"].get("questions", [])
    try:
        people = roster_csv.parse(request.get_data(cache=True), questions,
                                  db_roster.emails(cohort_id))
    except roster_csv.CsvRejected as exc:
        return jsonify(error="invalid_csv", field="file", errors=exc.errors,
                       message=f"{len(exc.errors)} problems in the file; nothing was "
                               "imported"), 422
    counts = {r: sum(1 for p in people if p["role"] == r) for r in qn.ROLES}
    if request.args.get("dry_run") in ("1", "true"):
        return jsonify(dry_run=True, imported=0, valid=len(people), counts=counts)
    imported = db_roster.import_people(cohort_id, people, IMPORTABLE)
    _audit("participants.import", "cohort", cohort_id, {"imported": imported, **counts})
    return jsonify(imported=imported, counts=counts)


@bp.get("/cohorts/<cohort_id>/participants.csv")
def export_participants(cohort_id: str):
    questions = _cohort(cohort_id)["questionnaire"].get("questions", [])
    people = roster.select(db_roster.everyone(cohort_id), {"status": "active"})
    return _csv(roster_csv.export(questions, people), f"participants-{cohort_id}.csv")


@bp.get("/cohorts/<cohort_id>/matches.csv")
def export_matches(cohort_id: str):
    matches, _ = reports.published_matches(db_roster.published_run(cohort_id))
    people = {p["id"]: p for p in db_roster.everyone(cohort_id)}
    rows = []
    for m in sorted(matches, key=lambda m: (m["mentee"], m["mentor"])):
        mentee, mentor = people.get(m["mentee"], {}), people.get(m["mentor"], {})
        rows.append([mentee.get("name"), mentee.get("email"), mentor.get("name"),
                     mentor.get("email"), m.get("score"),
                     "; ".join(f"{r.get('criterion')}: {r.get('detail')}"
                               for r in m.get("reasons", []))])
    return _csv(roster_csv.write_rows(["mentee_name", "mentee_email", "mentor_name",
                                       "mentor_email", "score", "reasons"], rows),
                f"matches-{cohort_id}.csv")


# -- participants: one at a time -----------------------------------------------------

@bp.get("/cohorts/<cohort_id>/participants/<participant_id>")
def participant(cohort_id: str, participant_id: str):
    return jsonify(db_roster.get(cohort_id, participant_id))


@bp.put("/cohorts/<cohort_id>/participants/<participant_id>")
def edit_participant(cohort_id: str, participant_id: str):
    from functions.api import schemas
    body = _parse(ParticipantEdit)
    person = db_roster.get(cohort_id, participant_id)
    changes = body.model_dump(exclude_unset=True)
    if "capacity" in changes and person["role"] != "mentor":
        raise Invalid("capacity: only mentors have a capacity", field="capacity")
    if changes.get("capacity", 1) is None or changes.get("name", "x") is None:
        raise Invalid("null is not a value; leave the field out to keep it",
                      field="capacity" if "capacity" in changes else "name")
    if changes.get("answers") is not None:
        questions = _cohort(cohort_id)["questionnaire"].get("questions", [])
        changes["answers"] = schemas.validate_answers(questions, person["role"],
                                                      changes["answers"])
    view = db_roster.update(cohort_id, participant_id, changes)
    _audit("participant.update", "participant", participant_id,
           {"cohort": cohort_id, "fields": sorted(changes)})
    return jsonify(view)


@bp.post("/cohorts/<cohort_id>/participants/<participant_id>/withdraw")
def withdraw_participant(cohort_id: str, participant_id: str):
    view = db_roster.withdraw(cohort_id, participant_id)
    _audit("participant.withdraw", "participant", participant_id, {"cohort": cohort_id})
    return jsonify(view)


# -- reports --------------------------------------------------------------------------

def _cohort_numbers(cohort_id: str) -> tuple[list, dict, list, list]:
    matches, unmatched = reports.published_matches(db_roster.published_run(cohort_id))
    return (db_roster.everyone(cohort_id), db_roster.self_identification(cohort_id),
            matches, unmatched)


@bp.get("/cohorts/<cohort_id>/report")
def cohort_report(cohort_id: str):
    return jsonify({"cohort": cohort_id, **reports.cohort_report(*_cohort_numbers(cohort_id))})


@bp.get("/programs/<program_id>/report")
def program_report(program_id: str):
    cohorts = program_admin.get_program(program_id)["cohorts"]
    parts = [_cohort_numbers(c["id"]) for c in cohorts]
    merged = ([p for part in parts for p in part[0]],
              {k: v for part in parts for k, v in part[1].items()},
              [m for part in parts for m in part[2]], [u for part in parts for u in part[3]])
    return jsonify({"program": program_id, "cohorts": [c["id"] for c in cohorts],
                    **reports.cohort_report(*merged)})


@bp.get("/cohorts/<cohort_id>/report/<chart_id>.csv")
def cohort_chart_csv(cohort_id: str, chart_id: str):
    charts = reports.cohort_report(*_cohort_numbers(cohort_id))["charts"]
    chart = next((c for c in charts if c["id"] == chart_id), None)
    if chart is None:
        raise Invalid(f"chart: one of {', '.join(c['id'] for c in charts)}", field="chart")
    return _csv(roster_csv.write_rows(chart["columns"], chart["rows"]),
                f"{cohort_id}-{chart_id}.csv")


from functions.api import manage_admins  # noqa: E402  (admins and audit log: same blueprint)

manage_admins.register(bp, _audit, _csv)
