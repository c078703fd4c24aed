"""Admin API for matching in the portal: policy, runs, proposal, publishing.

Matching itself never runs in this process: a run is recorded and handed to
the matcher (``functions.jobs.dispatch``); the page polls the run.
"""
from __future__ import annotations

import json
from collections import OrderedDict

from flask import Response, current_app, g, jsonify

from functions.api import admin_blueprint, documented, json_body, parsed_body
from functions.db import audit, policies, runs
from functions.domain import matching_runs, program_policy, publishing
from functions.errors import Conflict, Invalid
from functions.vocab.lifecycle import MATCHING, PUBLISHED

bp = admin_blueprint("matching")


def dispatch(job: str, key: str):
    """The app's dispatcher, made on first use (a worker thread locally)."""
    app = current_app
    if "TANDEM_DISPATCH" not in app.config:
        from functions.jobs.dispatch import dispatcher
        app.config["TANDEM_DISPATCH"] = dispatcher(app.config["TANDEM"])
    return app.config["TANDEM_DISPATCH"](job, key)


@bp.get("/programs/<program_id>/policy")
def get_policy(program_id: str):
    """The current policy, its versions, and ``warnings``: what in it no longer
    fits the questionnaire (a question's type or scale changed under it)."""
    policy = program_policy.current_policy(program_id)
    return jsonify(dict(policy, history=policies.history(program_id),
                        warnings=program_policy.policy_warnings(program_id, policy)))


@bp.put("/programs/<program_id>/policy")
@documented(body_schema={"type": "object"}, errors=(409, 422))
def put_policy(program_id: str):
    body = json_body()
    version = program_policy.save_policy(program_id, body, g.admin_email)
    audit.record(g.admin_email, "policy.save", "program", program_id,
                 {"version": version, "restored_from": body.get("restore")})
    return jsonify(version=version)


@bp.get("/cohorts/<cohort_id>/engine-input")
def engine_input(cohort_id: str):
    cohort, _ = matching_runs.engine_input(cohort_id)
    body = json.dumps(cohort, ensure_ascii=False, indent=1) + "\n"
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{cohort_id}-engine-input.json"'})


@bp.patch("/cohorts/<cohort_id>")
@documented(errors=(409, 422), body_schema={
    "type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}})
def patch_cohort(cohort_id: str):
    body = json_body()
    if set(body) != {"status"} or not isinstance(body["status"], str):
        raise Invalid("send {\"status\": NEW_STATUS}", field="status")
    before, cohort, published = matching_runs.set_status(cohort_id, body["status"])
    audit.record(g.admin_email, "cohort.status", "cohort", cohort_id,
                 {"from": before, "to": cohort["status"]})
    if published:
        dispatch("notify", cohort_id)
    if cohort["status"] == MATCHING and before != MATCHING:
        from functions.domain import ranking  # stable mode: mentees rank from now on
        if ranking.is_stable(cohort["program"]["id"]):
            ranking.start_suggestions(cohort_id, g.admin_email,
                                      lambda run_id: dispatch("run", run_id))
    return jsonify(cohort)


@bp.post("/cohorts/<cohort_id>/runs")
@documented(ok=202, errors=(409, 422), body_schema={"type": "object", "properties": {
    "what_if": {"type": "object"}, "count": {"type": "object"}, "waiting": {"const": True},
    "suggest": {"const": True}}})
def start_run(cohort_id: str):
    body = json_body()
    if body == {"suggest": True}:  # stable mode: the suggestions mentees rank
        from functions.domain import ranking
        run = ranking.start_suggestions(cohort_id, g.admin_email,
                                        lambda run_id: dispatch("run", run_id))
        audit.record(g.admin_email, "run.start", "cohort", cohort_id,
                     {"run": run["run"], "kind": run["kind"]})
        return jsonify(run), 202
    unknown = set(body) - {"what_if", "count", "waiting"}
    if unknown:
        raise Invalid(f"{sorted(unknown)[0]}: not a field of a run request",
                      field=sorted(unknown)[0])
    if "count" in body and not isinstance(body["count"], dict):
        raise Invalid("count: the policy whose allowed pairs to count", field="count")
    if "waiting" in body and body["waiting"] is not True:
        raise Invalid("waiting: true to match the waiting list", field="waiting")
    run = matching_runs.start_run(cohort_id, body.get("what_if"), g.admin_email,
                                  dispatch=lambda run_id: dispatch("run", run_id),
                                  count=body.get("count"), waiting=bool(body.get("waiting")))
    if run["kind"] != runs.COUNT:  # a count changes nothing: the editor's sliders start them
        audit.record(g.admin_email, "run.start", "cohort", cohort_id,
                     {"run": run["run"], "kind": run["kind"]})
    return jsonify(run), 202


@bp.get("/cohorts/<cohort_id>/runs")
def list_runs(cohort_id: str):
    return jsonify(runs.runs_of(cohort_id))


@bp.get("/runs/<run_id>")
def get_run(run_id: str):
    return jsonify(runs.get_run(run_id))


@bp.get("/cohorts/<cohort_id>/adjustments")
def list_adjustments(cohort_id: str):
    from functions.db import adjustments
    return jsonify(adjustments.listed(cohort_id))


@bp.post("/cohorts/<cohort_id>/adjustments")
@documented(body="manage_schemas.AdjustmentIn", errors=(409,))
def adjust(cohort_id: str):
    body = parsed_body().model_dump()
    listed = matching_runs.adjust(cohort_id, body, g.admin_email)
    audit.record(g.admin_email, "pair.unadjust" if body["remove"] else f"pair.{body['kind']}",
                 "cohort", cohort_id, {"mentee": body["mentee"], "mentor": body["mentor"]})
    return jsonify(listed)


#: Proposals as sent, by what they are made from (``proposal_parts``): at
#: 10,000 pairs the JSON is 6 MB and encoding it held the interpreter 130 ms
#: on every look, while a proposal changes only with its locks and forbids.
_SENT: OrderedDict[tuple, str] = OrderedDict()
SENT_KEPT = 4


@bp.get("/cohorts/<cohort_id>/proposal")
def proposal(cohort_id: str):
    identity, build = matching_runs.proposal_parts(cohort_id)
    text = _SENT.get(identity) if identity else None
    if text is None:
        text = current_app.json.dumps(build(), separators=(",", ":"))  # as jsonify
        if identity:
            _SENT[identity] = text
            while len(_SENT) > SENT_KEPT:
                _SENT.popitem(last=False)
    return Response(text + "\n", mimetype="application/json")


@bp.get("/cohorts/<cohort_id>/equity")
@documented(errors=(422,), query={"by": {"type": "string"}})
def equity(cohort_id: str):
    """By self-identification, or with ``?by=QUESTION_ID`` by the answer to one
    single-choice question of the program."""
    from flask import request

    from functions.domain import equity as audit
    return jsonify(audit.audit(cohort_id, request.args.get("by")))


@bp.post("/cohorts/<cohort_id>/publish")
@documented(body_schema={"type": "object"}, errors=(409,))
def publish(cohort_id: str):
    """Idempotent: a repeat (double click, retry, two tabs) answers the same
    run and tells no one twice: it starts the e-mail job again only while
    some people were not told (the first call's job could not be started,
    or their messages failed), and the job sends to those only."""
    run_id, fresh = matching_runs.publish(cohort_id)
    waiting = runs.get_run(run_id)["kind"] == runs.WAITING
    if fresh:
        audit.record(g.admin_email, "cohort.publish_waiting" if waiting else "cohort.publish",
                     "cohort", cohort_id, {"run": run_id})
        if waiting:
            dispatch("notify_waiting", run_id)
        else:
            dispatch("notify", cohort_id)
    elif not waiting and publishing.untold(cohort_id):
        # Published before, but not everyone was told (the e-mail job could
        # not be started, or messages failed): the job again, for them only.
        dispatch("notify", cohort_id)
    return jsonify(run=run_id, status=PUBLISHED)


@bp.post("/cohorts/<cohort_id>/notifications/retry")
@documented(body_schema={"type": "object"}, ok=202, errors=(409,))
def retry_notifications(cohort_id: str):
    """E-mail the people of a published cohort who were not told yet (their
    message failed every try, or the job never started); each person gets
    one message however often this is called. ``{"untold": N, "dispatched"}``."""
    from functions.db import programs
    if programs.get_cohort(cohort_id)["status"] != PUBLISHED:
        raise Conflict("only a published cohort's e-mails can be sent again",
                       field="cohort")
    untold = publishing.untold(cohort_id)
    if untold:
        audit.record(g.admin_email, "cohort.notify_retry", "cohort", cohort_id,
                     {"untold": untold})
        dispatch("notify", cohort_id)
    return jsonify(cohort=cohort_id, untold=untold, dispatched=bool(untold)), 202
