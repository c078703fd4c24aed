"""Goals on self-identification groups: only when the program has turned
that on (and enrolment's consent then says so), only on answers given with
that consent, figures withheld under 10, and no admin answer that lists
anyone's self-identification."""
from __future__ import annotations

import io
import re
import zipfile

from functions.db import participants, programs
from functions.db.goals import goal_self_ids
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import publish
from tests.api.run_helpers import POLICY, match_now, put_policy
from tests.conftest import post

HEADERS = {"X-Requested-With": "tandem"}
GENDER_PARITY = {"kind": "parity", "question": "self_id.gender", "points": 10}


def put_goals(client, goals, program="p1"):
    return client.put(f"/api/admin/programs/{program}/goals", json=goals, headers=HEADERS)


def turn_on(client, on=True, program="p1"):
    resp = client.put(f"/api/admin/programs/{program}", json={"self_id_goals": on},
                      headers=HEADERS)
    return resp


def enrol(i: int, role: str, self_id: dict | None, for_goals: bool = True, **answers) -> str:
    return participants.enroll(
        "c1", role=role, name=f"{role.title()} {i}", email=f"{role}{i}@example.org",
        capacity=1 if role == "mentor" else None, self_id=self_id, self_id_goals=for_goals,
        answers={"wants": ["python"], "offers": ["python"], "department": "Data",
                 "level": 3, **answers})


def test_a_goal_on_self_identified_groups_needs_the_setting(admin_client):
    make_cohort()
    refused = put_goals(admin_client, [GENDER_PARITY])
    assert refused.status_code == 422 and refused.get_json()["field"] == "goals.0.question"
    assert "turn that on" in refused.get_json()["message"]
    assert turn_on(admin_client).status_code == 200
    assert admin_client.get("/api/admin/programs/p1").get_json()["self_id_goals"] is True
    saved = put_goals(admin_client, [GENDER_PARITY, {"kind": "reach", "question":
                                                     "self_id.age_range", "group": "55+",
                                                     "share": 20}])
    assert saved.status_code == 200, saved.get_json()
    assert [g["goal"] for g in saved.get_json()["goals"]] == [
        "Every group by “Gender (self-identified)” matched within 10 points of the whole cohort",
        "At least 20% of mentees answer “Age range (self-identified)” with “55+”"]
    bad_group = put_goals(admin_client, [{"kind": "reach", "question": "self_id.age_range",
                                          "group": "sixty", "share": 20}])
    assert bad_group.status_code == 422 and bad_group.get_json()["field"] == "goals.0.group"
    # Off again only once no goal uses the answers.
    stays = turn_on(admin_client, False)
    assert stays.status_code == 422 and stays.get_json()["field"] == "self_id_goals"
    assert put_goals(admin_client, []).status_code == 200
    assert turn_on(admin_client, False).status_code == 200


def test_enrolment_says_so_and_only_answers_given_to_that_wording_count(admin_client, client):
    make_cohort()
    assert client.get("/api/cohorts/c1").get_json()["self_id_goals"] is False
    turn_on(admin_client)
    assert client.get("/api/cohorts/c1").get_json()["self_id_goals"] is True

    def enrol_by_page(email, self_id):
        body = {"role": "mentee", "name": "Maya Mentee", "email": email, "consent": True,
                "answers": {"wants": ["python"], "department": "Sales"}, "self_id": self_id}
        resp = post(client, "/api/cohorts/c1/enrollments", body)
        assert resp.status_code == 202, resp.get_json()
        return next(p["id"] for p in participants.list_participants("c1") if p["email"] == email)
    told = enrol_by_page("a@example.org", {"consent": True, "gender": "woman", "for_goals": True})
    # A page loaded before the setting was on showed the old wording: not for goals.
    old = enrol_by_page("b@example.org", {"consent": True, "gender": "woman"})
    assert set(goal_self_ids("c1")) == {told} and old not in goal_self_ids("c1")


def test_goal_figures_come_from_consenting_answers_and_are_withheld_under_ten(admin_client):
    make_cohort()
    turn_on(admin_client)
    assert put_goals(admin_client, [GENDER_PARITY]).status_code == 200
    mentors = [enrol(i, "mentor", None) for i in range(12)]
    women = [enrol(i, "mentee", {"gender": [" Woman", "woman", "WOMAN "][i % 3]})
             for i in range(10)]
    men = [enrol(10 + i, "mentee", {"gender": "man"}) for i in range(9)]
    # Someone who did not consent to goals use is in no group.
    enrol(30, "mentee", {"gender": "man"}, for_goals=False)
    pairs = list(zip(women[:8] + men[:4], mentors))
    publish("c1", pairs)
    [goal] = admin_client.get("/api/admin/cohorts/c1/goals").get_json()
    assert goal["suppressed"] is True and goal["value"] is None  # 9 men: withheld
    programs.Cohort(id="c1").update(actions=[programs.Cohort.status.set("enrolling")],
                                    add_version_condition=False)
    men.append(enrol(19, "mentee", {"gender": "Man"}))
    [goal] = admin_client.get("/api/admin/cohorts/c1/goals").get_json()
    # Cohort rate 12/21; women 8/10, men 4/10: the largest gap is 80 - 57.1.
    assert goal["suppressed"] is False and goal["value"] == round(100 * (0.8 - 12 / 21), 1)
    assert goal["met"] is False


def test_a_binding_goal_on_age_ranges_is_kept_by_the_matcher(admin_client):
    make_cohort()
    turn_on(admin_client)
    for i in range(10):
        enrol(i, "mentor", None, level=5)
    # The policy favours a two-level gap: the young (level 3) would take every seat.
    for i in range(10):
        enrol(i, "mentee", {"age_range": "under 25"}, level=3)
        enrol(10 + i, "mentee", {"age_range": "55+"}, level=5)
    programs.move_status("c1", "matching")
    assert put_policy(admin_client, POLICY).status_code == 200
    free = match_now(admin_client)
    assert put_goals(admin_client, [{"kind": "parity", "question": "self_id.age_range",
                                     "points": 10, "binding": True}]).status_code == 200
    kept = match_now(admin_client)
    assert kept["status"] == "complete", kept
    [goal] = kept["stats"]["goals"]
    assert goal["met"] is True and goal["value"] <= 10 and goal["suppressed"] is False
    assert kept["stats"]["price"]["total_score"] > 0
    assert kept["stats"]["matched"] == free["stats"]["matched"] == 10


def self_id_texts(cohort="c1") -> set[str]:
    from functions.db.participants import SelfIdentification
    return {v for s in SelfIdentification.query(cohort) for v in s.data.values()}


def readable(data: bytes) -> str:
    """A response as text; a spreadsheet (a zip of XML parts) as all its parts."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return data.decode("utf-8", "replace")


def test_no_admin_answer_lists_anyones_self_identification(admin_client, app):
    make_cohort()
    turn_on(admin_client)
    ids = [enrol(i, "mentor", None) for i in range(3)]
    ids += [enrol(i, "mentee", {"gender": f"Gender-{i}-zq", "ethnicity": f"Origin-{i}-zq"})
            for i in range(6)]
    programs.move_status("c1", "matching")
    assert put_policy(admin_client, POLICY).status_code == 200
    assert put_goals(admin_client, [dict(GENDER_PARITY, points=100, binding=True),
                                    {"kind": "reach", "question": "self_id.ethnicity",
                                     "group": "Origin-1-zq", "share": 10}]).status_code == 200
    run = match_now(admin_client)
    assert run["status"] == "complete", run
    assert all(g["value"] is None and g["suppressed"] for g in run["stats"]["goals"])
    secrets = self_id_texts() - {"Origin-1-zq"}  # the goal's own words, typed by the admin
    values = {"cohort_id": "c1", "program_id": "p1", "participant_id": ids[4],
              "run_id": run["run"], "id": "c1"}
    answered = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/admin/") or "GET" not in rule.methods:
            continue
        if any(a not in values for a in rule.arguments):
            continue
        resp = admin_client.get(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)],
                                       rule.rule))
        text = readable(resp.get_data())
        if resp.status_code == 200:
            answered += 1
        for secret in secrets:
            assert secret.lower() not in text.lower(), (rule.rule, secret)
    assert answered > 20   # the sweep did read the cohort's pages, the reports by group included
