"""Public API: open cohorts and enrolment."""
from __future__ import annotations

from flask import Blueprint, jsonify

from functions.db import programs
from functions.api import documented, json_body
from functions.errors import Conflict, Invalid

bp = Blueprint("public", __name__)


@bp.get("/health")
def health():
    return jsonify(status="ok")


@bp.get("/lifecycle")
def lifecycle():
    from functions.vocab import lifecycle as lc
    return jsonify(lc.as_json())


@bp.get("/cohorts")
def open_cohorts():
    return jsonify(programs.list_open_cohorts())


@bp.get("/cohorts/<cohort_id>")
def cohort(cohort_id: str):
    from functions.vocab import readiness
    # The readiness check comes with the form so its guidance shows without a round trip.
    return jsonify({**programs.get_cohort(cohort_id, public=True),
                    "readiness": readiness.QUESTIONS})


@bp.post("/cohorts/<cohort_id>/enrollments")
@documented(body="schemas.EnrollmentIn", ok=202, errors=(409,))
def enroll(cohort_id: str):
    # pydantic loads with the first write, so cold starts that only read
    # (the landing page, health checks) do not pay ~0.1 s for it.
    from functions.api import schemas
    body = schemas.parse(schemas.EnrollmentIn, json_body())
    cohort = programs.get_cohort(cohort_id, public=True)
    if cohort["status"] != programs.OPEN:
        # Said early for a clear answer; the enrolment transaction checks it again.
        raise Conflict(f"cohort {cohort_id} is not open for enrolment", field="cohort")
    if not body.consent:
        raise Invalid("consent: you must agree to take part to enrol", field="consent")
    if body.role == "mentor" and body.capacity is None:
        raise Invalid("capacity: mentors say how many mentees they can take (1–10)",
                      field="capacity")
    if body.role == "mentee" and body.capacity is not None:
        raise Invalid("capacity: only mentors have a capacity", field="capacity")
    answers = schemas.validate_answers(cohort["questionnaire"].get("questions", []),
                                       body.role, body.answers)
    self_id = None
    if body.self_id is not None:
        if not body.self_id.consent:
            raise Invalid("self_id.consent: self-identification is stored only with its "
                          "own consent; leave the section empty or tick its box",
                          field="self_id.consent")
        self_id = body.self_id.model_dump(exclude={"consent", "for_goals"}, exclude_none=True)
    ready = None
    if body.readiness:
        if body.role != "mentor":
            raise Invalid("readiness: only mentors take the readiness check",
                          field="readiness")
        from functions.vocab import readiness
        ready = readiness.check(body.readiness)
    ratings = None
    if body.self_assessment:
        from functions.domain.validation import check_ratings
        ratings = check_ratings(cohort["skills"], body.self_assessment)
    from flask import current_app, request

    from functions.domain import enrolment
    reply = enrolment.enrol(current_app.config["TANDEM"], cohort, request.remote_addr or "?",
                            role=body.role, name=body.name, email=str(body.email),
                            answers=answers, capacity=body.capacity, self_id=self_id,
                            self_assessment=ratings, job_title=body.job_title, bio=body.bio,
                            readiness=ready,
                            # Used for goals only if the wording she agreed to said so.
                            self_id_goals=bool(self_id and body.self_id.for_goals
                                               and cohort.get("self_id_goals")))
    # 202 whether the address was new or already enrolled: only its owner,
    # by e-mail, learns which (functions.domain.enrolment).
    return jsonify(reply), 202


@bp.post("/my-match")
@documented(body_schema={"type": "object", "properties": {"token": {"type": "string"}}},
            errors=(401, 404, 422))
def my_match():
    """A participant's own published match, from the signed link in her e-mail.
    The token comes in the body (the page reads it from the URL's fragment),
    never in a URL a log or a Referer could keep."""
    from flask import current_app

    from functions.domain import publishing
    token = json_body().get("token")
    if not isinstance(token, str) or not token:
        raise Invalid("token: the link's token is missing", field="token")
    return jsonify(publishing.my_match(current_app.config["TANDEM"], token))
