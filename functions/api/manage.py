"""Admin API for running programs: programs and questionnaires, cohorts,
participants (edit, withdraw; the matches' CSV); the import and export of
participants are ``manage_import``, reports ``manage_reports``, admins and
the audit log ``manage_admins``. Every state
change is recorded in the audit log (``admin_common.record``)."""
from __future__ import annotations

from datetime import date, datetime

from flask import current_app, jsonify

from functions.api import admin_blueprint, documented, json_body, parsed_body
from functions.api.admin_common import csv_response, record
from functions.db import participants as db_participants, program_admin, roster as db_roster
from functions.domain import questionnaire as qn, reports, roster_columns
from functions.vocab.lifecycle import DRAFT, ENROLLING, MATCHING, PUBLISHED
from functions.errors import Invalid

bp = admin_blueprint("manage")
#: A cohort takes CSV imports until its proposal is made, and again once
#: published: people imported then join its waiting list.
IMPORTABLE = (DRAFT, ENROLLING, MATCHING, PUBLISHED)


def _skills(labels: list) -> list[str]:
    from functions.domain.validation import check_skill_list  # pydantic: loaded when used
    return check_skill_list(labels)


# -- programs and questionnaires ------------------------------------------------------

@bp.post("/programs")
@documented(body="manage_schemas.ProgramIn", ok=201, creates="program_id")
def create_program():
    body = parsed_body()
    questionnaire = (qn.validate(body.questionnaire) if body.questionnaire is not None
                     else qn.default_questionnaire())
    criteria = qn.default_criteria(questionnaire["questions"], body.type)
    program_id = program_admin.create_program(
        name=body.name, type=body.type, description=body.description,
        matching_mode=body.matching_mode, questionnaire=questionnaire, criteria=criteria,
        skills=_skills(body.skills) if body.skills is not None else None,
        stable_choices=body.stable_choices, self_id_goals=body.self_id_goals or None)
    record("program.create", "program", program_id, {"name": body.name, "type": body.type})
    return jsonify(id=program_id), 201


@bp.get("/programs/<program_id>")
def get_program(program_id: str):
    return jsonify(program_admin.get_program(program_id))


@bp.put("/programs/<program_id>")
@documented(body="manage_schemas.ProgramEdit", errors=(409,))
def edit_program(program_id: str):
    body = parsed_body()
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    if any(v is None for v in changes.values()):
        bad = next(k for k, v in changes.items() if v is None)
        raise Invalid(f"{bad}: leave it out to keep it, null is not a value", field=bad)
    if "questionnaire" in changes:
        new = qn.validate(changes["questionnaire"])
        old = program_admin.get_program(program_id)["questionnaire"].get("questions", [])
        qn.orphans(old, new["questions"], program_admin.answered_values(program_id))
        changes["questionnaire"] = new
    if changes.get("self_id_goals") is False:
        from functions.domain.goals import check_self_id_off
        check_self_id_off(program_id)
    if "skills" in changes:
        changes["skills"] = _skills(changes["skills"])
        from functions.domain.self_assessment import check_skill_change
        check_skill_change(program_id, changes["skills"])
    view = program_admin.update_program(program_id, body.version, changes)
    record("program.update", "program", program_id, {"fields": sorted(changes)})
    return jsonify(view)


@bp.post("/questionnaires/check")
@documented(body_schema={"type": "object", "properties": {"questionnaire": {"type": "object"}}},
            errors=(422,))
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
@documented(body="manage_schemas.CohortIn", ok=201, creates="cohort_id")
def create_cohort(program_id: str):
    body = parsed_body()
    _check_dates(body.enrolment_opens, body.enrolment_closes, body.matching_at)
    cohort_id = program_admin.create_cohort(
        program_id, name=body.name, enrollment_opens=body.enrolment_opens,
        enrollment_closes=body.enrolment_closes, matching_at=body.matching_at,
        min_score=body.min_score or 0)
    record("cohort.create", "cohort", cohort_id, {"program": program_id, "name": body.name})
    return jsonify(id=cohort_id, status=DRAFT), 201


@bp.put("/cohorts/<cohort_id>/details")
@documented(body="manage_schemas.CohortEdit", errors=(409,))
def edit_cohort(cohort_id: str):
    body = parsed_body()
    current = _cohort(cohort_id)
    sent = body.model_dump(exclude_unset=True)
    if "name" in sent and sent["name"] is None:
        # null clears a date, but a cohort without a name broke every list
        # sorted by name (the program and its report: a 500, found by fuzzing).
        raise Invalid("name: leave it out to keep it, null is not a name", field="name")
    merged = {k: sent.get(k, current.get(k.replace("enrolment", "enrollment")))
              for k in ("enrolment_opens", "enrolment_closes", "matching_at")}
    _check_dates(*merged.values())
    changes = {k.replace("enrolment", "enrollment"): v for k, v in sent.items()}
    program_admin.update_cohort_details(cohort_id, changes)
    record("cohort.update", "cohort", cohort_id, {"fields": sorted(changes)})
    return jsonify(_cohort(cohort_id))


def _cohort(cohort_id: str) -> dict:
    from functions.db import programs
    view = programs.get_cohort(cohort_id)
    base = current_app.config["TANDEM"].public_url or ""
    view["public_link"] = f"{base.rstrip('/')}/enrol.html?cohort={cohort_id}"
    return view


@bp.get("/cohorts/<cohort_id>/overview")
def cohort_overview(cohort_id: str):
    """The cohort with its dates, public link, counts by role and seats,
    ``choice``: whether it was published in choice mode, and ``waiting``:
    once published (not by choice), its active mentees with no match yet;
    ``notifications``: its e-mails sent and failed (``domain.mail``)."""
    view = _cohort(cohort_id)
    # Read once, only what the counts need: a cohort may hold thousands.
    everyone = db_participants.tally_rows(cohort_id)
    people = [p for p in everyone if p["status"] == "active"]
    view["counts"] = {r: sum(1 for p in people if p["role"] == r) for r in qn.ROLES}
    view["seats"] = sum(p["capacity"] or 0 for p in people if p["role"] == "mentor")
    from functions.domain import choice_admin  # as functions.api.choices: loaded when used
    view["choice"] = choice_admin.in_choice_mode(cohort_id)
    view["waiting"] = None
    if view["status"] == PUBLISHED and not view["choice"]:
        from functions.domain import matching_runs
        view["waiting"] = matching_runs.waiting_count(cohort_id, everyone)
    from functions.db import programs
    view["notifications"] = programs.mail_counts(cohort_id)
    return jsonify(view)


# -- participants: CSV ---------------------------------------------------------------

@bp.get("/cohorts/<cohort_id>/matches.csv")
@documented(answers="text/csv")
def export_matches(cohort_id: str):
    matches, _ = reports.published_matches(cohort_id)
    people = {p["id"]: p for p in db_roster.everyone(cohort_id)}
    rows = []
    for m in sorted(matches, key=lambda m: (m["mentee"], m["mentor"])):
        mentee, mentor = people.get(m["mentee"], {}), people.get(m["mentor"], {})
        rows.append([mentee.get("name"), mentee.get("email"), mentor.get("name"),
                     mentor.get("email"), m.get("score"),
                     "; ".join(_reason(r) for r in m.get("reasons", []))])
    return csv_response(roster_columns.write_rows(["mentee_name", "mentee_email", "mentor_name",
                                       "mentor_email", "score", "reasons"], rows),
                f"matches-{cohort_id}.csv")


def _reason(r) -> str:
    # The engine writes {criterion, detail, ...}; a reason kept as plain text
    # (as the match pages show it) goes out as it is, not as a 500.
    return f"{r.get('criterion')}: {r.get('detail')}" if isinstance(r, dict) else str(r)


# -- participants: one at a time -----------------------------------------------------

@bp.get("/cohorts/<cohort_id>/participants/<participant_id>")
def participant(cohort_id: str, participant_id: str):
    return jsonify(db_roster.get(cohort_id, participant_id))


@bp.put("/cohorts/<cohort_id>/participants/<participant_id>")
@documented(body="manage_schemas.ParticipantEdit", errors=(409,))
def edit_participant(cohort_id: str, participant_id: str):
    from functions.api import schemas
    body = parsed_body()
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
    record("participant.update", "participant", participant_id,
           {"cohort": cohort_id, "fields": sorted(changes)})
    return jsonify(view)


@bp.post("/cohorts/<cohort_id>/participants/<participant_id>/withdraw")
@documented(body_schema={"type": "object"}, errors=(409,))
def withdraw_participant(cohort_id: str, participant_id: str):
    view = db_roster.withdraw(cohort_id, participant_id)
    record("participant.withdraw", "participant", participant_id, {"cohort": cohort_id})
    return jsonify(view)

