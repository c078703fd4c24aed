"""A participant's matches: resolved from the published runs, ids stable."""
from __future__ import annotations

from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401


def test_me_lists_my_matches_across_cohorts_with_partner_contact_and_why(mail_app):
    ids = world()
    me = sign_in(mail_app, "maya@example.org").get("/api/me").get_json()
    assert me["email"] == "maya@example.org" and me["role"] == "mentee"
    assert sorted(m["id"] for m in me["matches"]) == sorted(
        [f"c1.{ids['maya']}", f"c2.{ids['maya2']}"])
    c1 = next(m for m in me["matches"] if m["cohort"]["id"] == "c1")
    [omar] = c1["partners"]
    assert omar["name"] == "Omar Mentor" and omar["email"] == "omar@example.org"
    assert omar["role"] == "mentor" and omar["why"] == [{"score": 70.0,
                                                         "reasons": ["shares python"]}]
    # Nothing about the other mentee of the same mentor.
    assert "mina" not in str(me).lower()


def test_a_mentor_of_two_has_two_one_to_one_matches_and_one_group_match_in_a_group(mail_app):
    ids = world()
    mine = sign_in(mail_app, "omar@example.org").get("/api/me").get_json()["matches"]
    assert sorted(m["id"] for m in mine) == sorted([f"c1.{ids['maya']}", f"c1.{ids['mina']}"])
    assert all(len(m["partners"]) == 1 for m in mine)
    assert sign_in(mail_app, "sam@example.org").get("/api/me").get_json()["matches"] == []


def test_a_group_program_has_one_match_per_mentor_with_all_its_mentees(mail_app):
    ids = world(program_type="group")
    [group] = sign_in(mail_app, "omar@example.org").get("/api/me").get_json()["matches"]
    assert group["id"] == f"c1.{ids['omar']}"
    assert sorted(p["name"] for p in group["partners"]) == ["Maya Mentee", "Mina Mentee"]
    maya = sign_in(mail_app, "mina@example.org").get("/api/me").get_json()["matches"]
    assert [m["id"] for m in maya] == [f"c1.{ids['omar']}"]
    page = sign_in(mail_app, "mina@example.org").get(f"/api/matches/c1.{ids['omar']}")
    assert page.status_code == 200
    assert sorted(p["name"] for p in page.get_json()["partners"]) == ["Maya Mentee",
                                                                      "Omar Mentor"]


def test_a_match_page_is_only_for_its_members(mail_app):
    ids = world()
    mina = sign_in(mail_app, "mina@example.org")
    assert mina.get(f"/api/matches/c1.{ids['mina']}").status_code == 200
    for other in (f"c1.{ids['maya']}", f"c2.{ids['maya2']}", "c1.nobody", "nonsense", "c9.x"):
        resp = mina.get(f"/api/matches/{other}")
        assert resp.status_code == 404 and resp.get_json()["field"] == "match", other


def test_matches_come_from_a_real_published_run(mail_app):
    """Through the worker and the publish endpoint, not a hand-made proposal."""
    from tests.api.run_helpers import POLICY, match_now, populate, put_policy
    from tests.conftest import AuthActions, post
    admin = mail_app.test_client()
    AuthActions(admin).create()
    assert AuthActions(admin).login().status_code == 200
    populate()
    put_policy(admin, POLICY)
    match_now(admin)
    assert post(admin, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    pair = admin.get("/api/admin/cohorts/c1/proposal").get_json()["matches"][0]
    people = {p["id"]: p for p in admin.get("/api/admin/cohorts/c1/participants").get_json()}
    mentee, mentor = people[pair["mentee"]], people[pair["mentor"]]
    [match] = sign_in(mail_app, mentee["email"]).get("/api/me").get_json()["matches"]
    assert match["id"] == f"c1.{mentee['id']}"
    assert match["partners"] == [{"id": mentor["id"], "name": mentor["name"],
                                  "email": mentor["email"], "role": "mentor",
                                  # no profile given, no question shown to partners
                                  "job_title": None, "bio": None, "answers": [],
                                  "why": [{"score": pair["score"],
                                           "reasons": pair["reasons"]}]}]
    theirs = sign_in(mail_app, mentor["email"]).get("/api/me").get_json()["matches"]
    assert match["id"] in [m["id"] for m in theirs]
