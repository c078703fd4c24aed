"""Stable mode for a signed-in participant: ``GET /me/choices`` gives her a
section per cohort where she ranks (a mentee her suggested mentors, a
mentor the mentees who ranked her) and, once published, why she got whom;
``PUT /me/choices`` saves her whole ranking while rankings are open."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from functions.api import PARTICIPANT, documented, parsed_body, signed_in

bp = Blueprint("rankings", __name__)
signed_in(bp, PARTICIPANT)


def _ranking():
    from functions.domain import ranking
    return ranking


@bp.get("/me/choices")
def mine():
    return jsonify(cohorts=_ranking().my_rankings(g.participant_email))


@bp.put("/me/choices")
@documented(body="choice_schemas.RankingIn", errors=(403, 404, 409))
def rank():
    body = parsed_body()
    return jsonify(_ranking().set_ranking(body.cohort, g.participant_email, body.ranked))
