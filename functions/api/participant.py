"""Participant API: sign-in by e-mailed link, "my mentoring", privacy.

Every route but the two sign-in ones needs a participant session
(``g.participant_email``). A participant reaches only her own records and her
own matches; any other id is 404, the same as one that does not exist.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from functions.api import PARTICIPANT, documented, parsed_body, signed_in
from functions.api.admin import _secure_cookie
from functions.auth import participant as auth

bp = Blueprint("participant", __name__)
OPEN = {"participant.sign_in", "participant.sign_in_token"}
signed_in(bp, PARTICIPANT, OPEN)


@bp.post("/sign-in")
@documented(body="participant_schemas.SignInIn", ok=202, errors=(429,))
def sign_in():
    body = parsed_body()
    auth.request_link(current_app.config["TANDEM"], body.email, request.remote_addr or "?")
    return jsonify(status="If this address is enrolled, a sign-in link is on its way."), 202


@bp.post("/sign-in/token")
@documented(body="participant_schemas.TokenIn", errors=(401, 429))
def sign_in_token():
    body = parsed_body()
    token, expires = auth.sign_in(body.token)
    resp = jsonify(status="signed in", idle_minutes=int(auth.IDLE.total_seconds() // 60),
                   expires=expires.isoformat(timespec="seconds"))
    resp.set_cookie(auth.COOKIE_NAME, token, expires=expires, httponly=True,
                    secure=_secure_cookie(), samesite="Strict", path="/api/")
    return resp


def _clear_cookie(resp):
    resp.delete_cookie(auth.COOKIE_NAME, path="/api/", httponly=True,
                       secure=_secure_cookie(), samesite="Strict")
    return resp


@bp.post("/sign-out")
@documented(body_schema={"type": "object"})
def sign_out():
    auth.sign_out(request.cookies.get(auth.COOKIE_NAME))
    return _clear_cookie(jsonify(status="signed out"))


@bp.get("/me")
def me():
    from functions.domain import resources, training
    recs, matches, kept = resources.my_matches(g.participant_email)
    newest = max(recs, key=lambda r: r["created_at"] or "", default=None)
    return jsonify(email=g.participant_email, name=newest["name"] if newest else None,
                   role=newest["role"] if newest else None,
                   enrolments=[{"cohort": r["cohort_id"], "role": r["role"],
                                "status": r["status"], "choice": r["choice"]} for r in recs],
                   matches=matches,
                   training=training.for_me(recs, {m["cohort"]["id"] for m in matches}, kept))


# -- one match: its page and its journal ------------------------------------

def _journal():
    from functions.domain import journal
    return journal


@bp.get("/matches/<match_id>")
def match(match_id: str):
    return jsonify(_journal().page(match_id, g.participant_email))


@bp.post("/matches/<match_id>/goals")
@documented(body="participant_schemas.GoalIn", ok=201, errors=(409,), creates="goal_id")
def add_goal(match_id: str):
    body = parsed_body()
    return jsonify(id=_journal().add_goal(match_id, g.participant_email, body)), 201


@bp.patch("/matches/<match_id>/goals/<goal_id>")
@documented(body="participant_schemas.GoalPatch", errors=(409,))
def edit_goal(match_id: str, goal_id: str):
    body = parsed_body()
    return jsonify(_journal().edit_goal(match_id, g.participant_email, goal_id, body))


@bp.post("/matches/<match_id>/goals/<goal_id>/comments")
@documented(body="participant_schemas.CommentIn", ok=201, errors=(409,))
def comment_goal(match_id: str, goal_id: str):
    """A member's comment on a goal: the mentor's feedback, the mentee's answer."""
    from functions.domain import goal_talk
    body = parsed_body()
    return jsonify(id=goal_talk.add_comment(match_id, g.participant_email, goal_id,
                                            body.text)), 201


@bp.put("/matches/<match_id>/goals/order")
@documented(body="participant_schemas.GoalOrderIn", errors=(403, 409))
def order_goals(match_id: str):
    """The mentee's order of priority for her goals."""
    from functions.domain import goal_talk
    body = parsed_body()
    return jsonify(goal_talk.order_goals(match_id, g.participant_email, body.order,
                                         body.version))


@bp.post("/matches/<match_id>/goals/<goal_id>/milestones")
@documented(body="participant_schemas.MilestoneIn", ok=201, errors=(409,),
            creates="ms_id")
def add_milestone(match_id: str, goal_id: str):
    body = parsed_body()
    new = _journal().add_milestone(match_id, g.participant_email, goal_id, body)
    return jsonify(id=new), 201


@bp.patch("/matches/<match_id>/goals/<goal_id>/milestones/<ms_id>")
@documented(body="participant_schemas.MilestonePatch", errors=(409,))
def edit_milestone(match_id: str, goal_id: str, ms_id: str):
    from functions.domain import celebrations  # the partner hears of a milestone done
    body = parsed_body()
    return jsonify(celebrations.tick(current_app.config["TANDEM"], match_id,
                                     g.participant_email, goal_id, ms_id, body))


def _meetings():
    from functions.domain import meetings
    return meetings


@bp.post("/matches/<match_id>/meetings")
@documented(body="participant_schemas.MeetingIn", ok=201, errors=(409,),
            creates="meeting_id")
def add_meeting(match_id: str):
    body = parsed_body()
    if body.planned:  # both people get a calendar invitation
        new, sent = _meetings().plan(current_app.config["TANDEM"], match_id,
                                     g.participant_email, body)
        return jsonify(id=new, invitations_sent=sent), 201
    return jsonify(id=_journal().add_meeting(match_id, g.participant_email, body)), 201


@bp.patch("/matches/<match_id>/meetings/<meeting_id>")
@documented(body="participant_schemas.MeetingPatch", errors=(409,))
def edit_meeting(match_id: str, meeting_id: str):
    body = parsed_body()
    return jsonify(_meetings().edit(current_app.config["TANDEM"], match_id,
                                    g.participant_email, meeting_id, body))


@bp.delete("/matches/<match_id>/meetings/<meeting_id>")
@documented(errors=(409,))
def cancel_meeting(match_id: str, meeting_id: str):
    return jsonify(_meetings().cancel(current_app.config["TANDEM"], match_id,
                                      g.participant_email, meeting_id))


@bp.get("/matches/<match_id>/check-in.ics")
@documented(answers="text/calendar", errors=(409,))
def check_in_calendar(match_id: str):
    text = _meetings().check_in_calendar(current_app.config["TANDEM"], match_id,
                                         g.participant_email)
    resp = current_app.response_class(text, mimetype="text/calendar")
    resp.headers["Content-Disposition"] = 'attachment; filename="tandem-check-in.ics"'
    return resp


@bp.post("/matches/<match_id>/feedback")
@documented(body="participant_schemas.FeedbackIn", ok=201, errors=(409,))
def add_feedback(match_id: str):
    body = parsed_body()
    return jsonify(id=_journal().add_feedback(match_id, g.participant_email, body)), 201


@bp.post("/matches/<match_id>/check-ins")
@documented(body="participant_schemas.CheckInIn", ok=201, errors=(409,))
def add_check_in(match_id: str):
    body = parsed_body()
    return jsonify(id=_journal().add_check_in(match_id, g.participant_email, body)), 201


@bp.post("/matches/<match_id>/closure")
@documented(body="participant_schemas.ClosureIn", ok=201, errors=(409,))
def close(match_id: str):
    body = parsed_body()
    return jsonify(id=_journal().close(match_id, g.participant_email, body)), 201


@bp.put("/me/resources/<resource_id>")
@documented(body="participant_schemas.ResourceDoneIn")
def mark_resource(resource_id: str):
    from functions.domain import training
    body = parsed_body()
    return jsonify(training.mark_done(g.participant_email, resource_id, body.done))


@bp.get("/matches/<match_id>/certificate")
@documented(answers="text/html", errors=(409,))
def certificate(match_id: str):
    from functions.domain import certificate
    return current_app.response_class(certificate.render(match_id, g.participant_email),
                                      mimetype="text/html")


# -- my self-assessment --------------------------------------------------------

@bp.get("/me/self-assessment")
def my_self_assessment():
    from functions.domain import self_assessment
    return jsonify(assessments=self_assessment.overview(g.participant_email))


@bp.put("/me/self-assessment")
@documented(body="participant_schemas.SelfAssessmentIn", errors=(404, 409))
def give_self_assessment():
    from functions.domain import self_assessment
    body = parsed_body()
    return jsonify(self_assessment.give(g.participant_email, body.cohort, body.stage,
                                        body.ratings))


# -- my data -----------------------------------------------------------------

@bp.get("/me/export")
def export():
    from functions.domain import privacy
    resp = jsonify(privacy.export(g.participant_email))
    resp.headers["Content-Disposition"] = 'attachment; filename="tandem-my-data.json"'
    return resp


@bp.delete("/me")
@documented(body_schema={"type": "object", "properties": {"confirm": {"type": "boolean"}}},
            errors=(422,))
def erase():
    from functions.domain import privacy
    body = g.get("json_body")
    confirm = body.get("confirm") if isinstance(body, dict) else None
    done = privacy.erase(g.participant_email, confirm)
    return _clear_cookie(jsonify(status="erased", erased=done))


@bp.delete("/me/self-identification")
def withdraw_self_identification():
    from functions.domain import privacy
    privacy.withdraw_self_identification(g.participant_email)
    return jsonify(status="withdrawn")
