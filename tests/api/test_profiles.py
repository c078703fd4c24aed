"""Profiles: a job title and a short bio per participant, and the questions a
program shows to the partner; what a partner sees and, above all, what not."""
from __future__ import annotations

import json

import pytest

from functions.db import participants, programs, roster as db_roster
from functions.domain import publishing
from tests.api.helpers import QUESTIONS, make_cohort, mentee, mentor
from tests.api.manage_helpers import csv_text, import_csv, new_cohort, new_program, person
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.conftest import post

URL = "/api/cohorts/c1/enrollments"
#: An answer to a question no program marks as shown: it must never reach a partner.
SECRET = "UNMARKED-ANSWER-7f3a"
#: QUESTIONS with wants, offers and level shown to the partner; bio and department not.
SHOWN = [dict(q, shown_to_partner=True) if q["id"] in ("wants", "offers", "level") else q
         for q in QUESTIONS]


def stored(email="maya@example.org", cohort="c1"):
    return next(p for p in participants.list_participants(cohort) if p["email"] == email)


# -- enrolment --------------------------------------------------------------------------

def test_enrolment_keeps_a_job_title_and_a_bio_stripped(client):
    make_cohort()
    bio = "  I build data pipelines.\r\nI like climbing & <b>bold</b> ideas.  "
    resp = post(client, URL, mentee(job_title="  Data engineer ", bio=bio))
    assert resp.status_code == 202, resp.get_json()
    maya = stored()
    assert maya["job_title"] == "Data engineer"
    assert maya["bio"] == "I build data pipelines.\nI like climbing & <b>bold</b> ideas."


def test_a_profile_is_optional_and_empty_means_not_given(client):
    make_cohort()
    assert post(client, URL, mentee()).status_code == 202
    assert post(client, URL, mentor(job_title="   ", bio="")).status_code == 202
    assert (stored()["job_title"], stored()["bio"]) == (None, None)
    assert (stored("omar@example.org")["job_title"], stored("omar@example.org")["bio"]) == (
        None, None)


@pytest.mark.parametrize("over, field", [
    ({"job_title": "x" * 101}, "job_title"),
    ({"job_title": "Lead\nengineer"}, "job_title"),
    ({"job_title": "Lead\tengineer"}, "job_title"),
    ({"job_title": "Lead\u2028engineer"}, "job_title"),
    ({"job_title": 7}, "job_title"),
    ({"bio": "x" * 601}, "bio"),
    ({"bio": "a bell \x07 rings"}, "bio"),
    ({"bio": "tab\tseparated"}, "bio"),
    ({"bio": ["a list"]}, "bio"),
])
def test_a_bad_profile_is_422_naming_the_field(client, over, field):
    make_cohort()
    resp = post(client, URL, mentee(**over))
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["field"] == field and body["message"].startswith(f"{field}: ")
    assert participants.list_participants("c1") == []


def test_the_limits_are_inclusive(client):
    make_cohort()
    resp = post(client, URL, mentee(job_title="t" * 100, bio=("b" * 299 + "\n") * 2))
    assert resp.status_code == 202, resp.get_json()
    assert len(stored()["bio"]) == 599


# -- the admin --------------------------------------------------------------------------

def test_the_admin_sees_edits_and_clears_a_profile(admin_client):
    make_cohort()
    assert post(admin_client, URL, mentee(job_title="Analyst")).status_code == 202
    pid = stored()["id"]
    url = f"/api/admin/cohorts/c1/participants/{pid}"
    assert admin_client.get(url).get_json()["job_title"] == "Analyst"
    put = lambda body: admin_client.put(url, json=body, headers={"X-Requested-With": "tandem"})  # noqa: E731
    resp = put({"job_title": " Senior analyst ", "bio": "Numbers\nand people"})
    assert resp.status_code == 200, resp.get_json()
    assert (resp.get_json()["job_title"], resp.get_json()["bio"]) == ("Senior analyst",
                                                                      "Numbers\nand people")
    bad = put({"job_title": "two\nlines"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "job_title"
    cleared = put({"job_title": None, "bio": ""}).get_json()
    assert (cleared["job_title"], cleared["bio"]) == (None, None)
    assert admin_client.get(url).get_json()["job_title"] is None


# -- CSV ----------------------------------------------------------------------------------

NO_BIO_QUESTION = [q for q in QUESTIONS if q["id"] != "bio"]
COLUMNS = ["role", "name", "email", "capacity", "job_title", "bio", "wants", "offers",
           "department", "level", "years"]


def test_csv_carries_job_title_and_bio_and_round_trips(admin_client):
    program = new_program(admin_client, questionnaire={"questions": NO_BIO_QUESTION})
    cohort = new_cohort(admin_client, program)
    rows = [person(1, "mentor", job_title="Head of data", bio="=cmd|' /C calc'!A0"),
            person(2, job_title="Junior analyst", bio="First line\nsecond, \"quoted\" line"),
            person(3)]
    resp = import_csv(admin_client, cohort, csv_text(rows, COLUMNS))
    assert resp.status_code == 200, resp.get_json()
    listed = {p["email"]: p for p in
              admin_client.get(f"/api/admin/cohorts/{cohort}/participants").get_json()}
    assert listed["p2@example.org"]["bio"] == "First line\nsecond, \"quoted\" line"
    assert listed["p1@example.org"]["job_title"] == "Head of data"
    assert listed["p3@example.org"]["job_title"] is None

    text = admin_client.get(f"/api/admin/cohorts/{cohort}/participants.csv").get_data().decode(
        "utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "'=cmd" in text  # a spreadsheet does not run it
    other = new_cohort(admin_client, program, name="Next")
    assert import_csv(admin_client, other, text).status_code == 200

    def same(cid):
        return sorted((p["email"], p["name"], p["role"], p["job_title"], p["bio"],
                       json.dumps(p["answers"], sort_keys=True))
                      for p in admin_client.get(f"/api/admin/cohorts/{cid}/participants")
                      .get_json())
    assert same(other) == same(cohort)
    assert admin_client.get(f"/api/admin/cohorts/{other}/participants.csv").get_data().decode(
        "utf-8-sig") == text


def test_csv_lists_every_bad_profile_cell(admin_client):
    program = new_program(admin_client, questionnaire={"questions": NO_BIO_QUESTION})
    cohort = new_cohort(admin_client, program)
    rows = [person(1, job_title="x" * 101), person(2, bio="y" * 601), person(3),
            person(4, bio="bell\x07")]
    resp = import_csv(admin_client, cohort, csv_text(rows, COLUMNS))
    assert resp.status_code == 422
    assert [(e["row"], e["field"]) for e in resp.get_json()["errors"]] == [
        (2, "job_title"), (3, "bio"), (5, "bio")]


def test_a_question_named_bio_keeps_its_column(admin_client):
    """Programs made before profiles may ask a question "bio": the column is its answers."""
    cohort = new_cohort(admin_client, new_program(admin_client))
    template = admin_client.get(f"/api/admin/cohorts/{cohort}/participants/template.csv")
    assert template.get_data().decode("utf-8-sig").strip().split(",") == [
        "role", "name", "email", "capacity", "job_title", *(q["id"] for q in QUESTIONS)]


# -- the questionnaire ----------------------------------------------------------------------

def test_a_program_marks_questions_shown_to_the_partner_and_may_toggle_answered_ones(
        admin_client):
    program = new_program(admin_client, questionnaire={"questions": SHOWN})
    served = admin_client.get(f"/api/admin/programs/{program}").get_json()
    marked = {q["id"] for q in served["questionnaire"]["questions"] if q.get("shown_to_partner")}
    assert marked == {"wants", "offers", "level"}
    cohort = new_cohort(admin_client, program)
    assert import_csv(admin_client, cohort, csv_text([person(1)])).status_code == 200
    toggled = [dict(q, shown_to_partner=q["id"] == "department") for q in QUESTIONS]
    resp = admin_client.put(f"/api/admin/programs/{program}",
                            json={"questionnaire": {"questions": toggled},
                                  "version": served["version"]},
                            headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200, resp.get_json()
    served = admin_client.get(f"/api/admin/programs/{program}").get_json()
    assert [q["id"] for q in served["questionnaire"]["questions"]
            if q.get("shown_to_partner")] == ["department"]


def test_shown_to_partner_must_be_a_boolean(admin_client):
    bad = [dict(QUESTIONS[0], shown_to_partner="yes"), *QUESTIONS[1:]]
    resp = post(admin_client, "/api/admin/programs",
                {"name": "P", "type": "one_to_one", "questionnaire": {"questions": bad}})
    assert resp.status_code == 422
    assert resp.get_json()["field"] == "questionnaire.questions[0].shown_to_partner"
    assert "must be true or false" in resp.get_json()["message"]


# -- what a partner sees ----------------------------------------------------------------------

def give_profiles(cohort="c1", program="p1"):
    """Mark wants/offers/level as shown; every person gets a job title, a bio
    and the secret answer to the unmarked question "bio"."""
    programs.Program(id=program).update(
        actions=[programs.Program.questionnaire.set({"questions": SHOWN})],
        add_version_condition=False)
    for p in participants.list_participants(cohort):
        db_roster.update(cohort, p["id"], {
            "job_title": f"{p['name']} title", "bio": f"About {p['name']}\n<script>x</script>",
            "answers": {**p["answers"], "bio": SECRET, "level": 4}})


def test_the_match_page_shows_the_partners_profile_and_only_marked_answers(mail_app):
    ids = world()
    give_profiles()
    settings = mail_app.config["TANDEM"]
    token = publishing.link_token(settings, "c1", ids["maya"])
    view = post(mail_app.test_client(), "/api/my-match", {"token": token}).get_json()
    [match] = view["matches"]
    omar = match["partner"]
    assert omar["job_title"] == "Omar Mentor title"
    assert omar["bio"] == "About Omar Mentor\n<script>x</script>"
    assert omar["answers"] == [{"label": "Help with", "answer": "python"},
                               {"label": "Level", "answer": "4"}]
    text = json.dumps(view)
    assert SECRET not in text and "Sales" not in text  # bio and department are unmarked
    # The mentor sees each mentee's, the mentee's marked question included.
    token = publishing.link_token(settings, "c1", ids["omar"])
    view = post(mail_app.test_client(), "/api/my-match", {"token": token}).get_json()
    assert {m["partner"]["name"]: m["partner"]["answers"] for m in view["matches"]} == {
        "Maya Mentee": [{"label": "Grow in", "answer": "python"}, {"label": "Level", "answer": "4"}],
        "Mina Mentee": [{"label": "Grow in", "answer": "python"}, {"label": "Level", "answer": "4"}]}
    assert SECRET not in json.dumps(view)


def test_my_mentoring_shows_the_partners_profile_and_only_marked_answers(mail_app):
    ids = world()
    give_profiles()
    maya = sign_in(mail_app, "maya@example.org")
    me = maya.get("/api/me").get_json()
    c1 = next(m for m in me["matches"] if m["cohort"]["id"] == "c1")
    [omar] = c1["partners"]
    assert (omar["job_title"], omar["answers"][0]) == (
        "Omar Mentor title", {"label": "Help with", "answer": "python"})
    page = maya.get(f"/api/matches/c1.{ids['maya']}").get_json()
    [omar] = page["partners"]
    assert omar["bio"] == "About Omar Mentor\n<script>x</script>"
    assert [a["label"] for a in omar["answers"]] == ["Help with", "Level"]
    for body in (me, page):
        assert SECRET not in json.dumps(body)
    # Her own unmarked answer is not echoed back to her either: the views carry partners only.
    assert "Maya Mentee title" not in json.dumps(page)


def test_choice_cards_show_profiles_and_only_marked_answers(mail_app):
    from tests.api.choice_helpers import ask, choice, published_choice
    w = published_choice(mail_app)
    give_profiles()
    mentee_client = sign_in(mail_app, "e0@example.org")
    view = choice(mentee_client).get_json()
    assert view["suggestions"]
    for s in view["suggestions"]:
        m = s["mentor"]
        assert m["job_title"] == f"{m['name']} title"
        assert m["bio"].startswith(f"About {m['name']}")
        assert [a["label"] for a in m["answers"]] == ["Help with", "Level"]
        assert "email" not in m  # contact details come with acceptance
    assert SECRET not in json.dumps(view)
    mentor_id = view["suggestions"][0]["mentor"]["id"]
    assert ask(mentee_client, mentor_id).status_code == 201
    email = next(p["email"] for p in w["people"].values() if p["id"] == mentor_id)
    requests = choice(sign_in(mail_app, email)).get_json()
    [req] = requests["requests"]
    assert req["mentee"]["job_title"] == "Mentee 0 title"
    assert req["mentee"]["answers"] == [{"label": "Grow in", "answer": "python"},
                                        {"label": "Level", "answer": "4"}]
    assert SECRET not in json.dumps(requests)


def test_her_export_carries_her_profile(mail_app):
    make_cohort()
    assert post(mail_app.test_client(), URL,
                mentee(job_title="Analyst", bio="Hello")).status_code == 202
    export = sign_in(mail_app, "maya@example.org").get("/api/me/export").get_json()
    [record] = export["enrolments"]
    assert (record["job_title"], record["bio"]) == ("Analyst", "Hello")
