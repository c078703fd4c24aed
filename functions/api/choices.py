"""Choice mode and the mentor pause, for a signed-in participant.

``GET /cohorts/<id>/choice`` shows a mentee her suggested mentors and her
request, a mentor the requests made to her; a mentee requests (and may take
a request back while it waits), a mentor accepts or declines; ``PUT
/me/pause`` stops new requests for a while. A cohort that is not hers, not
published or not in choice mode is 404.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify

from functions.api import PARTICIPANT, documented, parsed_body, signed_in

bp = Blueprint("choices", __name__)
signed_in(bp, PARTICIPANT)


def _choices():
    from functions.domain import choices
    return choices


@bp.get("/cohorts/<cohort_id>/choice")
def view(cohort_id: str):
    return jsonify(_choices().view(cohort_id, g.participant_email))


@bp.post("/cohorts/<cohort_id>/choice/requests")
@documented(body="choice_schemas.RequestIn", ok=201, errors=(409,))
def make_request(cohort_id: str):
    body = parsed_body()
    made = _choices().request(current_app.config["TANDEM"], cohort_id, g.participant_email,
                              body.mentor)
    return jsonify(made), 201


@bp.delete("/cohorts/<cohort_id>/choice/requests/mine")
@documented(errors=(403, 404, 409))
def cancel_request(cohort_id: str):
    """A mentee takes back her request while it waits for an answer."""
    return jsonify(_choices().cancel(current_app.config["TANDEM"], cohort_id,
                                     g.participant_email))


@bp.post("/cohorts/<cohort_id>/choice/requests/<mentee_id>")
@documented(body="choice_schemas.DecisionIn", errors=(409,))
def decide(cohort_id: str, mentee_id: str):
    body = parsed_body()
    return jsonify(_choices().decide(current_app.config["TANDEM"], cohort_id,
                                     g.participant_email, mentee_id, body.decision))


@bp.put("/me/pause")
@documented(body="choice_schemas.PauseIn", errors=(404, 409))
def pause():
    body = parsed_body()
    return jsonify(_choices().pause(body.cohort, g.participant_email, body.until))
